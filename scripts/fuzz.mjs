#!/usr/bin/env node
// fuzz.mjs — the fuzzers kept in the repository (tests/fuzz/), as npm test runs them and for longer
// campaigns:
//   libFuzzer over the C API (tests/fuzz/fuzz_core.c, clang -fsanitize=fuzzer,address,undefined),
//     built in build/fuzz, replaying tests/fuzz/corpus/ (the seed inputs and every past finding) and
//     then mutating with a fixed seed for a fixed number of runs;
//   the JS fuzzer (tests/fuzz/fuzz-js.mjs) over validateExperiment, the link decoder and the CSV reader.
//
//   node scripts/fuzz.mjs                      # npm run test:fuzz: seed 1, short (well under a minute)
//   node scripts/fuzz.mjs --seconds 600 --seed 7   # longer: each fuzzer for about that long
//
// New inputs libFuzzer keeps go to build/fuzz/work (not the repository). A crash stops with exit 1
// and leaves the input in build/fuzz/ (crash-…); minimise it (fuzz_core -minimize_crash=1 …), fix the
// bug, and add the input to tests/fuzz/corpus/ as a regression (and a JS finding to
// tests/fuzz/js-regressions.json).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = join(root, 'build', 'fuzz');
const { values } = parseArgs({ options: { seconds: { type: 'string' }, seed: { type: 'string', default: '1' }, runs: { type: 'string', default: '15000' }, iterations: { type: 'string', default: '300' } } });
const seed = String(Number(values.seed));
const log = (message) => console.error(`[fuzz] ${message}`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with status ${result.status}`);
}

try {
  if (!existsSync(join(build, 'CMakeCache.txt'))) {
    run('cmake', ['-S', root, '-B', build, '-DCMAKE_C_COMPILER=clang', '-DCMAKE_BUILD_TYPE=Debug', '-DDSC_FUZZ=ON'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  run('cmake', ['--build', build, '-j2', '--target', 'fuzz_core'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const work = join(build, 'work');
  rmSync(work, { recursive: true, force: true }); // a fixed start: the repository's corpus only
  mkdirSync(work, { recursive: true });
  const budget = values.seconds ? [`-max_total_time=${Number(values.seconds)}`] : [`-runs=${Number(values.runs)}`];
  log(`libFuzzer: tests/fuzz/corpus, then ${values.seconds ? `${values.seconds} s` : `${values.runs} runs`}, seed ${seed}`);
  const fuzz = spawnSync(join(build, 'fuzz_core'), [...budget, `-seed=${seed}`, '-max_len=4096', '-timeout=10', '-rss_limit_mb=2048',
    '-print_final_stats=1', `-artifact_prefix=${build}/`, work, join(root, 'tests', 'fuzz', 'corpus')],
  { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1', UBSAN_OPTIONS: 'print_stacktrace=1' } });
  if (fuzz.error) throw new Error(`fuzz_core: ${fuzz.error.message}`);
  if (fuzz.status !== 0) {
    process.stderr.write(fuzz.stderr); // the finding: sanitizer report, stack, the input's file name
    throw new Error(`fuzz_core found a problem (exit status ${fuzz.status}); the input is in build/fuzz/`);
  }
  const stat = (name) => /stat::(\S+):\s+(\d+)/g.exec(fuzz.stderr.split('\n').find((l) => l.startsWith(`stat::${name}:`)) ?? '')?.[2];
  log(`libFuzzer: ${stat('number_of_executed_units')} inputs (${stat('average_exec_per_sec')}/s), ${stat('new_units_added')} new, no finding`);
  const iterations = values.seconds ? String(Math.max(100, Number(values.seconds) * 100)) : values.iterations;
  log(`JS fuzzer: ${iterations} iterations per target, seed ${seed}`);
  run(process.execPath, [join(root, 'tests', 'fuzz', 'fuzz-js.mjs'), '--iterations', iterations, '--seed', seed]);
} catch (error) {
  console.error(`[fuzz] failed: ${error.message}`);
  process.exit(1);
}
