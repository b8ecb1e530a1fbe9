#!/usr/bin/env node
// bench.mjs — `npm run bench`: descent against its peers, all measured in one run.
//
//   npm run bench                      the full run (about 2–4 minutes on 2 cores)
//   npm run bench -- --quick           smoke run (small sizes, 2 repetitions): every implementation
//                                      must agree on loss and gradient; no timing thresholds
//   npm run bench -- --json FILE       also write the results as JSON
//   npm run bench -- --markdown        also print the summary table for README.md ("Performance")
//   npm run bench -- --mlp-only        only the network cases (with --quick: their smoke run)
//
// Workload: one epoch of gradient descent for linear regression with MSE (residuals, loss, gradient,
// update) at the sizes of bench/cases.mjs, plus the seed experiment end to end. Implementations, one
// process each, run one after another (never two at once): descent-simd and descent-scalar (the .wasm
// with and without SIMD, through the engine), plain-js, tfjs-wasm and tfjs-cpu (bench/child.mjs), and
// native (the C core at -O3 -march=native, bench/native_bench.c). Each checks its loss and gradient
// against a float64 reference before it is timed; times are medians of `reps` repetitions after a
// warm-up. A single-thread read-bandwidth probe (bench/bandwidth.c, 512 MiB) turns the large cases into
// a fraction of the time one read of X and y takes. Networks (bench/mlp.mjs, one process for all of
// them so that repetitions interleave): 2-8-8-1 and 2-32-32-1 tanh on 10,000 moons rows, full batch and
// mini-batch 32, descent against plain-js and tfjs-wasm, after checking that one epoch from the same
// init gives every implementation the same loss. Exit status 1 when an implementation disagrees,
// fails or crashes.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { Engine } from '../web/lib/engine.js';
import { benchCases, ceilingCases, DESCENT_RTOL_LOSS, disagreement, reference, relError, RTOL, startPoint, updatesPerEpoch } from './cases.mjs';
import { generateData } from './data.mjs';
import { tuneSpeedup } from './tune-speedup.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
if (argv.includes('--help')) {
  console.log('usage: node bench/bench.mjs [--quick] [--json FILE] [--markdown] [--mlp-only]');
  process.exit(0);
}
const quick = argv.includes('--quick');
const jsonPath = argv.includes('--json') ? argv[argv.indexOf('--json') + 1] : null;
const markdown = argv.includes('--markdown');
const mlpOnly = argv.includes('--mlp-only');
if (argv.includes('--json') && !jsonPath) throw new Error('--json needs a file name');

/** descent's lossgrad kernel against the plain 4-row kernel, interleaved (arith-probe.mjs kernelSweep):
    X and y of ~51 MB (memory-bound, as the large cases) and of ~0.5 MB (in L2: the instruction count). */
const SWEEP_DS = [1, 2, 3, 4, 5, 8, 16, 32, 64, 128, 256, 1024];
const KERNEL_SWEEPS = [
  { name: 'memory-bound (X and y ≈ 51 MB)', ds: SWEEP_DS, bytes: 51.2e6, reps: 15 },
  { name: 'in cache (X and y ≈ 0.5 MB)', ds: SWEEP_DS, bytes: 0.5e6, reps: 15 },
];
const IMPLS = ['descent-simd', 'descent-scalar', 'plain-js', 'tfjs-wasm', 'tfjs-cpu', 'native'];
const MLP_IMPLS = ['descent-simd', 'descent-scalar', 'plain-js', 'tfjs-wasm'];
const settings = quick
  ? { reps: 2, targetMs: 5, maxUnits: 20, tfjsMaxUnit: 20, bandwidthMiB: 0, mlpReps: 2, mlpTargetMs: 0 }
  : { reps: 15, targetMs: 150, maxUnits: 100000, tfjsMaxUnit: 500, bandwidthMiB: 512, mlpReps: 7, mlpTargetMs: 150 };
const paths = {
  simd: join(root, 'web/lib/descent.wasm'),
  scalar: join(root, 'build/descent-scalar/descent-scalar.wasm'),
  arith: quick ? null : join(root, 'build/bench-wasm/bench_arith.wasm'),
  nativeDir: join(root, 'build/bench-native'),
  seed: join(root, 'examples/seed.json'),
};
const log = (message) => console.error(`[bench] ${message}`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  return result;
}
function runOrThrow(command, args, options = {}) {
  const result = run(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with status ${result.status}`);
}

// ---- Builds ----------------------------------------------------------------------------------------

function build() {
  log('building descent.wasm, descent-scalar.wasm and the native benchmark (-O3 -march=native)');
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'] };
  runOrThrow('node', ['scripts/setup.mjs', '--wasm-only', '--bench', ...(quick ? ['--quick'] : [])], quiet);
  runOrThrow('cmake', ['-S', root, '-B', paths.nativeDir, '-DCMAKE_BUILD_TYPE=Release', '-DDSC_NATIVE_ARCH=ON', '-DDSC_BENCH=ON'], quiet);
  runOrThrow('cmake', ['--build', paths.nativeDir, '-j2', '--target', 'native_bench', 'bandwidth'], quiet);
}

// ---- Measurements ----------------------------------------------------------------------------------

function bandwidth() {
  if (!settings.bandwidthMiB) return null;
  log(`bandwidth probe: one thread summing ${settings.bandwidthMiB} MiB`);
  const result = run(join(paths.nativeDir, 'bandwidth'), [String(settings.bandwidthMiB), '7']);
  if (result.status !== 0) throw new Error(`bandwidth probe failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

const key = (c) => `${c.n},${c.d}`;

/** float64 loss and gradient at the start point for every dataset, from descent's generator. */
async function references(cases) {
  const engine = await Engine.load(readFileSync(paths.simd));
  const out = {};
  for (const c of cases) {
    if (out[key(c)]) continue;
    const { X, y } = generateData(engine, c.n, c.d);
    out[key(c)] = reference(X, y, c.n, c.d, startPoint(c.d));
  }
  return out;
}

/** Runs one JavaScript implementation in its own process. */
function runChild(impl, config, dir) {
  const file = join(dir, `${impl}.json`);
  writeFileSync(file, JSON.stringify(config));
  log(`${impl}…`);
  const result = run('node', [join(root, 'bench/child.mjs'), impl, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = result.stdout.trim().split('\n').at(-1);
  try {
    return JSON.parse(line);
  } catch {
    return { impl, fatal: `exited with status ${result.status} and no result${result.stderr ? `: ${result.stderr}` : ''}` };
  }
}

/** Runs the network cases (bench/mlp.mjs: every implementation in one process, interleaved). */
function runMlp(dir) {
  const file = join(dir, 'mlp.json');
  writeFileSync(file, JSON.stringify({ quick, reps: settings.mlpReps, targetMs: settings.mlpTargetMs, wasm: { simd: paths.simd, scalar: paths.scalar } }));
  log('networks (descent, plain-js, tfjs-wasm interleaved)…');
  const result = run('node', [join(root, 'bench/mlp.mjs'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    return JSON.parse(result.stdout.trim().split('\n').at(-1));
  } catch {
    return { fatal: `bench/mlp.mjs exited with status ${result.status} and no result` };
  }
}

/** Runs the native driver with the same cases and, per case, descent-simd's updates per repetition. */
function runNative(cases, refs, simd, dir) {
  const refFile = join(dir, 'reference.txt');
  const lines = [`${RTOL.loss} ${RTOL.grad}`];
  for (const [k, r] of Object.entries(refs)) lines.push(`${k.replace(',', ' ')} ${r.loss} ${r.grad.join(' ')}`);
  writeFileSync(refFile, `${lines.join('\n')}\n`);
  const args = cases.map((c) => {
    const updates = simd.results.find((r) => r.name === c.name)?.updatesPerRep ?? (c.unit ?? updatesPerEpoch(c));
    return `${c.name.replace(/[: ]/g, '_')}:${c.n}:${c.d}:${c.batch}:${updates}:${settings.reps}:none`;
  });
  log('native…');
  const result = run(join(paths.nativeDir, 'native_bench'), [refFile, ...args]);
  const parsed = result.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const results = cases.map((c, i) => {
    const r = parsed[i] ?? { error: `native_bench exited with status ${result.status}: ${result.stderr}` };
    if (r.check) r.check.lossRelError = relError(r.check.loss, refs[key(c)].loss);
    return { ...r, name: c.name, impl: 'native', updatesPerRep: r.updates };
  });
  return { impl: 'native', info: { flags: '-O3 -march=native' }, results, extras: {} };
}

// ---- Report ----------------------------------------------------------------------------------------

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.round(q * (xs.length - 1)))];
/** The spread of repeated timings: interquartile range over the median, in percent. */
const iqrPct = (xs) => (100 * (quantile(xs, 0.75) - quantile(xs, 0.25))) / median(xs);
const fmtMs = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms >= 0.01 ? ms.toFixed(3) : ms.toExponential(2));
const fmtRate = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(0));
const pad = (s, w, right = false) => (right ? String(s).padEnd(w) : String(s).padStart(w));

function summarize(c, r) {
  const upe = updatesPerEpoch(c);
  const perEpoch = r.timesMs.map((t) => (t / r.updatesPerRep) * upe);
  const entry = {
    name: c.name, n: c.n, d: c.d, batch: c.batch, impl: r.impl,
    medianMs: median(perEpoch), minMs: Math.min(...perEpoch), maxMs: Math.max(...perEpoch), reps: perEpoch.length,
    iqrPct: iqrPct(perEpoch),
    updatesPerRep: r.updatesPerRep, epochsPerRep: r.updatesPerRep / upe,
  };
  if (c.batch !== 0) entry.updatesPerSec = (r.updatesPerRep / median(r.timesMs)) * 1e3;
  if (r.updatesPerRep < upe) entry.extrapolated = `timed ${r.updatesPerRep} of ${upe} updates per epoch`;
  if (r.check) entry.lossRelError = r.check.lossRelError;
  return entry;
}

/** --mlp-only: the network cases alone (descent.wasm and descent-scalar.wasm built first). */
function mainMlpOnly() {
  const started = Date.now();
  log('building descent.wasm and descent-scalar.wasm');
  runOrThrow('node', ['scripts/setup.mjs', '--wasm-only', '--bench', '--quick'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const dir = mkdtempSync(join(tmpdir(), 'descent-bench-'));
  const output = { quick, date: new Date().toISOString(), cases: [] };
  const failures = [];
  try {
    const mlp = runMlp(dir);
    if (mlp.fatal) failures.push(`networks: ${mlp.fatal.split('\n')[0]}`);
    for (const r of mlp.results ?? []) if (r.error) failures.push(`${r.impl} on ${r.name}: ${r.error.split('\n')[0]}`);
    mlpReport(mlp, output);
    if (markdown) printMlpMarkdown(output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (jsonPath) writeFileSync(jsonPath, `${JSON.stringify(output, null, 2)}\n`);
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (failures.length) {
    console.error(`\n${failures.length} implementation check(s) FAILED:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  }
}

async function main() {
  if (mlpOnly) return mainMlpOnly();
  const started = Date.now();
  build();
  const bw = bandwidth();
  const cases = benchCases({ quick });
  const dir = mkdtempSync(join(tmpdir(), 'descent-bench-'));
  const failures = [];
  const output = { quick, date: new Date().toISOString(), bandwidthGBs: bw?.bestGBs ?? null, cases: [] };
  try {
    const ceiling = ceilingCases({ quick });
    const refs = await references([...cases, ...ceiling]);
    const config = {
      cases, ceilingCases: ceiling, references: refs, reps: settings.reps, targetMs: settings.targetMs, maxUnits: settings.maxUnits,
      tfjsMaxUnit: settings.tfjsMaxUnit, wasm: { simd: paths.simd, scalar: paths.scalar, arith: paths.arith },
      seedExperiment: paths.seed,
      recordCase: { ...cases[0], name: `record: ${cases[0].name}`, updates: quick ? 20 : 60 },
      sgdCase: cases.find((c) => c.batch === 1),
      kernelSweep: quick ? null : KERNEL_SWEEPS,
    };
    const byImpl = {};
    for (const impl of IMPLS.filter((i) => i !== 'native')) byImpl[impl] = runChild(impl, config, dir);
    byImpl.native = runNative(cases, refs, byImpl['descent-simd'], dir);
    const mlp = runMlp(dir);

    // Correctness: every implementation on every case (each also refused to time a disagreeing case).
    for (const impl of IMPLS) {
      const out = byImpl[impl];
      if (out.fatal) {
        failures.push(`${impl}: ${out.fatal.split('\n')[0]}`);
        continue;
      }
      for (const r of [...out.results, ...(out.extras?.ceiling ?? [])]) {
        const bad = r.error ?? (r.check ? disagreement(r.check, refs[key(r)]) : 'no check');
        if (bad) failures.push(`${impl} on ${r.name}: ${bad.split('\n')[0]}`);
      }
    }

    if (mlp.fatal) failures.push(`networks: ${mlp.fatal.split('\n')[0]}`);
    for (const r of mlp.results ?? []) if (r.error) failures.push(`${r.impl} on ${r.name}: ${r.error.split('\n')[0]}`);

    report(cases, byImpl, bw, output);
    mlpReport(mlp, output);
    await tuneReport(output, failures);
    output.wasm = wasmSizes();
    printWasm(output.wasm);
    if (markdown) printMarkdown(cases, output);
    if (markdown) printMlpMarkdown(output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (jsonPath) {
    writeFileSync(jsonPath, `${JSON.stringify(output, null, 2)}\n`);
    log(`wrote ${jsonPath}`);
  }
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (failures.length) {
    console.error(`\n${failures.length} implementation check(s) FAILED:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  }
}

function report(cases, byImpl, bw, output) {
  const simdOf = (name) => byImpl['descent-simd'].results?.find((r) => r.name === name);
  console.log(`\ndescent benchmark${quick ? ' (--quick: small sizes, correctness smoke run)' : ''} — median ms per epoch of ${settings.reps} repetitions after warm-up; IQR: interquartile range / median`);
  if (bw) console.log(`single-thread read bandwidth: ${bw.bestGBs.toFixed(1)} GB/s (best of 7 sums over ${settings.bandwidthMiB} MiB; median ${bw.medianGBs.toFixed(1)})`);
  for (const impl of IMPLS) {
    const info = byImpl[impl]?.info;
    if (info && Object.keys(info).length) console.log(`  ${impl}: ${JSON.stringify(info)}`);
  }
  const targets = [];
  for (const c of cases) {
    const bytes = c.n * c.d * 4 + c.n * 4;
    const floorMs = bw ? (bytes / (bw.bestGBs * 1e9)) * 1e3 : null;
    let head = `\n${c.name}`;
    if (c.batch !== 0) head += ` (epoch = ${updatesPerEpoch(c)} updates)`;
    if (c.large) head += ` — X and y ${(bytes / 1e6).toFixed(1)} MB${floorMs ? `, bandwidth floor ${fmtMs(floorMs)} ms` : ''}`;
    console.log(head);
    console.log(`  ${pad('implementation', 16, true)}${pad('ms/epoch', 11)}${pad('min–max', 21)}${pad('IQR', 7)}${pad('× simd', 9)}${c.large && floorMs ? pad('of floor', 10) : ''}${c.batch !== 0 ? pad('updates/s', 12) : ''}`);
    const simd = simdOf(c.name);
    const simdEntry = simd?.timesMs ? summarize(c, simd) : null;
    for (const impl of IMPLS) {
      const r = byImpl[impl]?.results?.find((x) => x.name === c.name);
      if (!r?.timesMs) {
        const why = byImpl[impl]?.fatal ? byImpl[impl].fatal.split('\n')[0] : (r?.error ?? 'no result').split('\n')[0];
        console.log(`  ${pad(impl, 16, true)}  —  ${why.slice(0, 110)}`);
        continue;
      }
      const e = summarize(c, { ...r, impl });
      const ratio = simdEntry ? e.medianMs / simdEntry.medianMs : NaN;
      e.ratioToSimd = ratio;
      if (floorMs && c.large) { e.floorMs = floorMs; e.bandwidthFraction = floorMs / e.medianMs; e.bandwidthFractionBest = floorMs / e.minMs; }
      output.cases.push(e);
      let line = `  ${pad(impl, 16, true)}${pad(fmtMs(e.medianMs), 11)}${pad(`${fmtMs(e.minMs)}–${fmtMs(e.maxMs)}`, 21)}${pad(`${e.iqrPct.toFixed(0)}%`, 7)}${pad(`${ratio.toFixed(2)}×`, 9)}`;
      if (c.large && floorMs) line += pad(`${(100 * e.bandwidthFraction).toFixed(0)}%`, 10);
      if (c.batch !== 0) line += pad(fmtRate(e.updatesPerSec), 12);
      if (e.extrapolated) line += `  (${e.extrapolated})`;
      console.log(line);
    }
    const get = (impl) => output.cases.find((e) => e.name === c.name && e.impl === impl);
    const s = get('descent-simd');
    if (!s) continue;
    if (c.large && floorMs) {
      targets.push([`${c.name}: descent-simd ≥ 80% of the bandwidth floor`, s.bandwidthFraction >= 0.8, `${(100 * s.bandwidthFraction).toFixed(0)}% (median; best repetition ${(100 * s.bandwidthFractionBest).toFixed(0)}%)`]);
      const pj = get('plain-js');
      const tw = get('tfjs-wasm');
      if (pj) targets.push([`${c.name}: ≥ 12× plain-js`, pj.ratioToSimd >= 12, `${pj.ratioToSimd.toFixed(1)}×`]);
      if (tw) targets.push([`${c.name}: ≥ 5× tfjs-wasm`, tw.ratioToSimd >= 5, `${tw.ratioToSimd.toFixed(1)}×`]);
    }
    if (c.unit) {
      const nat = get('native');
      if (nat) targets.push([`${c.name}: per epoch ≤ 2× native (${c.unit} iterations per WASM call)`, s.medianMs <= 2 * nat.medianMs, `${(s.medianMs / nat.medianMs).toFixed(2)}× native`]);
    }
  }
  extras(cases, byImpl, output, targets);
  if (!quick) {
    console.log('\ntargets (measured in this run; informational, the exit status only reflects correctness)');
    for (const [what, ok, value] of targets) console.log(`  ${ok ? 'met   ' : 'MISSED'}  ${what}: ${value}`);
  }
  output.targets = targets.map(([what, met, value]) => ({ what, met, value }));
}

/** The network cases: ms per epoch (median, min–max of the interleaved repetitions) and ratios. */
function mlpReport(mlp, output) {
  if (!mlp.results) return;
  console.log(`\nnetworks — ms per epoch, ${settings.mlpReps} interleaved repetitions after a one-epoch warm-up: wall time (median, min–max) and the process's CPU time (median); ×: time / descent-simd's`);
  const targets = [];
  const cases = [...new Set(mlp.results.map((r) => r.name))];
  for (const name of cases) {
    const rows = mlp.results.filter((r) => r.name === name);
    const simd = rows.find((r) => r.impl === 'descent-simd');
    console.log(`\n${name} (epoch = ${rows[0].batch === 0 ? 1 : Math.ceil(rows[0].n / rows[0].batch)} updates; BCE after the check epoch: ${simd?.check?.lossAfter?.toFixed(7) ?? '—'})`);
    console.log(`  ${pad('implementation', 16, true)}${pad('ms/epoch', 11)}${pad('min–max', 21)}${pad('× (median)', 12)}${pad('× (min)', 9)}${pad('CPU ms', 12)}${pad('× (CPU)', 9)}${pad('epochs/rep', 12)}`);
    const entries = {};
    for (const impl of MLP_IMPLS) {
      const r = rows.find((x) => x.impl === impl);
      if (!r) continue;
      if (!r.timesMs?.length) {
        console.log(`  ${pad(impl, 16, true)}  —  ${(r.error ?? 'no result').split('\n')[0].slice(0, 110)}`);
        continue;
      }
      const e = {
        name, n: r.n, d: 2, hidden: r.hidden, batch: r.batch, impl, medianMs: median(r.timesMs), minMs: Math.min(...r.timesMs),
        maxMs: Math.max(...r.timesMs), reps: r.timesMs.length, epochsPerRep: r.epochsPerRep, check: r.check,
        cpuMedianMs: median(r.cpuMs), cpuMinMs: Math.min(...r.cpuMs), cpuMaxMs: Math.max(...r.cpuMs),
      };
      entries[impl] = e;
      output.cases.push(e);
    }
    const s = entries['descent-simd'];
    for (const e of Object.values(entries)) {
      if (s) {
        e.ratioToSimd = e.medianMs / s.medianMs;
        e.minRatioToSimd = e.minMs / s.minMs;
        e.cpuRatioToSimd = e.cpuMedianMs / s.cpuMedianMs;
      }
      const x = (v) => (e.impl === 'descent-simd' || !s ? '' : `${v.toFixed(2)}×`);
      console.log(`  ${pad(e.impl, 16, true)}${pad(fmtMs(e.medianMs), 11)}${pad(`${fmtMs(e.minMs)}–${fmtMs(e.maxMs)}`, 21)}${pad(x(e.ratioToSimd), 12)}${pad(x(e.minRatioToSimd), 9)}${pad(fmtMs(e.cpuMedianMs), 12)}${pad(x(e.cpuRatioToSimd), 9)}${pad(e.epochsPerRep, 12)}`);
    }
    const vs = (e) => `${e.ratioToSimd.toFixed(1)}× (min ${e.minRatioToSimd.toFixed(1)}×, CPU ${e.cpuRatioToSimd.toFixed(1)}×)`;
    if (s && entries['plain-js']) targets.push([`${name}: ≥ 5× plain-js`, entries['plain-js'].ratioToSimd >= 5, vs(entries['plain-js'])]);
    if (s && entries['tfjs-wasm']) targets.push([`${name}: ≥ 3× tfjs-wasm`, entries['tfjs-wasm'].ratioToSimd >= 3, vs(entries['tfjs-wasm'])]);
  }
  const load = loadavg();
  console.log(`\nload average after the networks: ${load.map((x) => x.toFixed(2)).join(', ')} (${cpus().length} cores)`);
  output.mlpLoadAverage = load;
  if (!quick) {
    console.log('\nnetwork targets (measured in this run; informational)');
    for (const [what, ok, value] of targets) console.log(`  ${ok ? 'met   ' : 'MISSED'}  ${what}: ${value}`);
  }
  output.mlpTargets = targets.map(([what, met, value]) => ({ what, met, value }));
}

function extras(cases, byImpl, output, targets) {
  const simd = byImpl['descent-simd'];
  if (!simd?.extras) return;
  const { record, seed, sgdArith, ceiling, kernelSweep } = simd.extras;
  output.extras = { record, seed, sgdArith, ceiling, kernelSweep };
  sweepReport(kernelSweep, targets);
  if (ceiling?.length) {
    const parts = ceiling.map((c) => (c.GBs ? `d=${c.d} ${c.GBs.toFixed(1)} GB/s` : `d=${c.d}: ${(c.error ?? 'no result').split('\n')[0]}`));
    console.log(`\ndescent-simd compute ceiling (the same epochs on L2-resident data, n·d·4 ≈ 0.5 MB): ${parts.join(', ')}`);
  }
  if (seed?.timesMs) {
    console.log(`\nseed experiment (examples/seed.json: ${seed.runs.map((r) => `${r.name} ${r.iterations} it, ${r.points} points`).join('; ')}), end to end through engine.run`);
    for (const impl of ['descent-simd', 'descent-scalar']) {
      const s = byImpl[impl]?.extras?.seed;
      if (!s?.timesMs) continue;
      const m = median(s.timesMs);
      console.log(`  ${pad(impl, 16, true)}${pad(fmtMs(m), 9)} ms per experiment (${fmtMs(Math.min(...s.timesMs))}–${fmtMs(Math.max(...s.timesMs))}); without history recording ${fmtMs(median(s.noRecordTimesMs))} ms`);
      output.cases.push({ name: 'seed experiment (3 runs, end to end)', n: 100, d: 1, batch: null, impl, medianMs: m, minMs: Math.min(...s.timesMs), maxMs: Math.max(...s.timesMs), reps: s.timesMs.length, noRecordMedianMs: median(s.noRecordTimesMs) });
    }
  } else if (seed?.error) console.log(`\nseed experiment: ${seed.error.split('\n')[0]}`);
  if (record?.autoMs) {
    const auto = median(record.autoMs);
    const none = median(record.noneMs);
    const overhead = auto / none - 1;
    console.log(`\nhistory recording, ${record.name.replace('record: ', '')}, runs of ${record.updates} updates: default cadence (every ${record.recordEvery}) ${fmtMs(auto)} ms, ends only ${fmtMs(none)} ms → ${(100 * overhead).toFixed(1)}% overhead`);
    targets.push([`recording at the default cadence costs ≤ 10% (${record.name.replace('record: ', '')})`, overhead <= 0.1, `${(100 * overhead).toFixed(1)}%`]);
  }
  const sgdCase = cases.find((c) => c.batch === 1);
  const sgd = output.cases.find((e) => e.name === sgdCase?.name && e.impl === 'descent-simd');
  if (sgdArith?.timesMs && sgd) {
    const total = 1e9 / sgd.updatesPerSec; // ns per update
    const arith = sgdArith.medianNsPerUpdate;
    const ratio = (total - arith) / arith;
    console.log(`\nSGD batch 1 at d=${sgdCase.d}: ${fmtRate(sgd.updatesPerSec)} updates/s = ${total.toFixed(0)} ns per update; the update arithmetic alone (kernel on one row + optimizer step, rows in order) ${arith.toFixed(0)} ns → overhead ${(total - arith).toFixed(0)} ns = ${ratio.toFixed(2)}× the arithmetic`);
    targets.push([`SGD batch 1: overhead ≤ 3× the update arithmetic (d=${sgdCase.d})`, ratio <= 3, `${ratio.toFixed(2)}×`]);
    output.extras.sgdOverheadRatio = ratio;
  }
  const big = output.cases.find((e) => e.impl === 'descent-simd' && e.name === cases[0].name);
  if (big?.lossRelError !== undefined) {
    console.log(`\naccuracy: descent's full-data MSE over n=${cases[0].n} rows vs float64: relative error ${big.lossRelError.toExponential(2)} (target ≤ ${DESCENT_RTOL_LOSS}; checked on every case)`);
    targets.push([`MSE over n=${cases[0].n} within ${DESCENT_RTOL_LOSS} of float64`, big.lossRelError <= DESCENT_RTOL_LOSS, big.lossRelError.toExponential(2)]);
  }
}

/** descent's kernel against the plain 4-row kernel (bench/f32-lossgrad-plain4.c) at each d. */
function sweepReport(sweeps, targets) {
  if (!sweeps) return;
  if (sweeps.error) {
    console.log(`\nkernel sweep: ${sweeps.error.split('\n')[0]}`);
    targets.push(['descent\'s kernel never slower than the plain 4-row kernel', false, 'the sweep failed']);
    return;
  }
  for (const sweep of sweeps) {
    console.log(`\nkernels alone, full-batch MSE pass, ${sweep.name}: descent's kernel ÷ the plain 4-row WASM SIMD kernel, ${sweep.reps} interleaved rounds (ratio < 1: descent faster)`);
    console.log(`  ${pad('d', 6)}${pad('n', 9)}${pad('descent ms (min/med)', 22)}${pad('plain4 ms (min/med)', 22)}${pad('ratio of mins', 15)}${pad('median ratio', 14)}${pad('ratios IQR', 12)}`);
    let worst = null;
    for (const r of sweep.results) {
      const mm = (xs) => `${fmtMs(Math.min(...xs))}/${fmtMs(median(xs))}`;
      console.log(`  ${pad(r.d, 6)}${pad(r.n, 9)}${pad(mm(r.descentMs), 22)}${pad(mm(r.plain4Ms), 22)}${pad(r.minRatio.toFixed(2), 15)}${pad(r.medianRatio.toFixed(2), 14)}${pad(`${iqrPct(r.ratios).toFixed(0)}%`, 12)}`);
      if (!worst || r.medianRatio > worst.medianRatio) worst = r;
    }
    targets.push([`${sweep.name}: descent's kernel never slower than the plain 4-row kernel (median per-round ratio ≤ 1 at every d)`, worst.medianRatio <= 1, `worst d=${worst.d}: ${worst.medianRatio.toFixed(2)} (ratio of mins ${worst.minRatio.toFixed(2)})`]);
  }
}

/**
 * Tuning: a 32-trial random search with 2 worker threads against 1 (bench/tune-speedup.mjs checks that
 * both give identical trials and winner). --quick runs 4 trials once, for the identity check only.
 */
async function tuneReport(output, failures) {
  try {
    const r = await tuneSpeedup(quick ? { trials: 4, reps: 1 } : {});
    const [one, two] = Object.values(r.timesMs);
    console.log(`\ntuning: ${r.trials}-trial random search (tune(), worker_threads), identical results with 1 and 2 workers: 1 worker ${fmtMs(one)} ms, 2 workers ${fmtMs(two)} ms → speed-up ${r.speedup.toFixed(2)}× on ${r.cores} cores`);
    output.tune = r;
  } catch (error) {
    failures.push(`tune speed-up: ${error.message.split('\n')[0]}`);
  }
}

function wasmSizes() {
  const sizes = {};
  for (const [name, path] of [['descent.wasm (SIMD)', paths.simd], ['descent-scalar.wasm', paths.scalar]]) {
    try {
      const bytes = readFileSync(path);
      sizes[name] = { path: relative(root, path), bytes: statSync(path).size, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    } catch { /* not built */ }
  }
  return sizes;
}

function printWasm(sizes) {
  console.log('\n.wasm size (target < 100 KB raw)');
  for (const [name, s] of Object.entries(sizes)) console.log(`  ${pad(name, 22, true)}${pad((s.bytes / 1024).toFixed(1), 7)} KB raw, ${(s.gzipBytes / 1024).toFixed(1)} KB gzip`);
}

/** The network table of README.md's "Performance" section. */
function printMlpMarkdown(output) {
  const rows = output.cases.filter((e) => e.hidden);
  if (!rows.length) return;
  const cell = (e) => {
    if (!e) return '—';
    const spread = `${fmtMs(e.minMs)}–${fmtMs(e.maxMs)}`;
    return e.impl === 'descent-simd' ? `${fmtMs(e.medianMs)} ms (${spread})` : `${fmtMs(e.medianMs)} ms (${spread}; ${e.ratioToSimd.toFixed(1)}×, min ${e.minRatioToSimd.toFixed(1)}×)`;
  };
  console.log(`\n| ms per epoch: median (min–max; × descent-simd) | ${MLP_IMPLS.join(' | ')} |`);
  console.log(`|---|${MLP_IMPLS.map(() => '---').join('|')}|`);
  for (const name of [...new Set(rows.map((e) => e.name))]) {
    console.log(`| ${name} | ${MLP_IMPLS.map((impl) => cell(rows.find((e) => e.name === name && e.impl === impl))).join(' | ')} |`);
  }
}

/** The summary table of README.md's "Performance" section. */
function printMarkdown(cases, output) {
  const cell = (e) => {
    if (!e) return '—';
    const ms = (x) => (x >= 0.1 ? `${fmtMs(x)} ms` : `${(x * 1e3).toPrecision(3)} µs`);
    const t = `${ms(e.medianMs)} (min ${ms(e.minMs)}, IQR ${e.iqrPct.toFixed(0)}%)`;
    const notes = [];
    if (e.impl !== 'descent-simd') notes.push(`${e.ratioToSimd >= 10 ? e.ratioToSimd.toFixed(0) : e.ratioToSimd.toFixed(1)}×`);
    if (e.bandwidthFraction !== undefined && e.impl === 'descent-simd') notes.push(`${(100 * e.bandwidthFraction).toFixed(0)}% of floor`);
    if (e.updatesPerSec && e.impl === 'descent-simd') notes.push(`${fmtRate(e.updatesPerSec)} updates/s`);
    if (e.extrapolated) notes.push('partial epoch');
    return notes.length ? `${t} (${notes.join(', ')})` : t;
  };
  console.log(`\n| per epoch: median (min, IQR = interquartile range / median) | ${IMPLS.join(' | ')} |`);
  console.log(`|---|${IMPLS.map(() => '---').join('|')}|`);
  for (const c of cases) {
    const row = IMPLS.map((impl) => cell(output.cases.find((e) => e.name === c.name && e.impl === impl)));
    console.log(`| ${c.name} | ${row.join(' | ')} |`);
  }
  const seed = output.cases.filter((e) => e.name.startsWith('seed experiment'));
  if (seed.length) {
    const row = IMPLS.map((impl) => {
      const e = seed.find((x) => x.impl === impl);
      return e ? `${fmtMs(e.medianMs)} ms` : '—';
    });
    console.log(`| seed experiment, end to end | ${row.join(' | ')} |`);
  }
}

await main();
