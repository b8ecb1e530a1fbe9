// The `descent` CLI as a user runs it: a child process, its exit status, its output files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'web/lib/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'descent-cli-'));

const descent = (...args) => spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });

test('descent run examples/seed.json prints one row per run and writes JSON and CSV', () => {
  const json = join(dir, 'out.json');
  const csv = join(dir, 'out.csv');
  const r = descent('run', 'examples/seed.json', '--json', json, '--csv', csv);
  assert.equal(r.status, 0, r.stderr);
  for (const name of ['batch GD', 'SGD', 'mini-batch 16', 'closed-form optimum']) assert.match(r.stdout, new RegExp(name));
  assert.match(r.stdout, /80 training rows, 20 test rows/);

  const out = JSON.parse(readFileSync(json, 'utf8'));
  assert.deepEqual(Object.keys(out).sort(), ['data', 'diagnostics', 'diagnosticsNote', 'experiment', 'notes', 'optimum', 'optimumNote', 'runs', 'threads']);
  assert.equal(out.runs.length, 3);
  for (const run of out.runs) {
    assert.equal(run.status, 'completed');
    assert.equal(run.divergedAt, null);
    for (const key of ['iteration', 'epoch', 'samples', 'lr', 'trainLoss', 'testLoss']) {
      assert.ok(Array.isArray(run.history[key]), key);
      assert.equal(run.history[key].length, run.history.iteration.length);
    }
    assert.equal(run.history.iteration[0], 0);
    assert.equal(run.history.iteration.at(-1), 1000);
    assert.equal(run.params.weights.length, 1);
  }
  // The optimum of y = 3x + U(0,1): w ≈ 3, b ≈ 0.5.
  assert.ok(Math.abs(out.optimum.params.weights[0] - 3) < 0.5);
  assert.ok(Math.abs(out.optimum.params.bias - 0.5) < 0.3);

  const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
  assert.equal(lines[0], 'run,iteration,epoch,samples,lr,trainLoss,testLoss,param0,param1');
  const points = out.runs.reduce((s, run) => s + run.history.iteration.length, 0);
  assert.equal(lines.length, 1 + points);
  assert.match(lines[1], /^batch GD,0,0,0,0\.1,/);
});

test('an invalid experiment exits 2 with the validation message and no stack trace', () => {
  const file = join(dir, 'bad.json');
  writeFileSync(file, JSON.stringify({ runs: [{ optimizer: { kind: 'sgd', lr: -0.1 } }] }));
  const r = descent('run', file);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /runs\[0\]\.optimizer\.lr: must be a number > 0/);
  assert.match(r.stderr, /-0\.1/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);

  // budgets the core would refuse are schema errors that name the experiment's fields, not the core's
  writeFileSync(file, JSON.stringify({ data: { n: 10000 }, runs: [{ batchSize: 1, epochs: 1e6 }, { iterations: 1e9, record: { every: 1 } }] }));
  const budget = descent('run', file);
  assert.equal(budget.status, 2);
  assert.match(budget.stderr, /^ {2}runs\[0\]\.epochs: 1000000 epochs need 8e9 updates/m);
  assert.match(budget.stderr, /^ {2}runs\[1\]\.record\.every: 1 gives 1000000001 history points/m);
  assert.doesNotMatch(budget.stderr, /max_epochs|record_every|descent:/);
});

test('unreadable files, bad JSON and bad usage exit 2', () => {
  const missing = descent('run', join(dir, 'nope.json'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read \(ENOENT\)/);

  const file = join(dir, 'broken.json');
  writeFileSync(file, '{"seed": 1,');
  const broken = descent('run', file);
  assert.equal(broken.status, 2);
  assert.match(broken.stderr, /not valid JSON/);

  assert.equal(descent().status, 2);
  assert.equal(descent('fly').status, 2);
  assert.equal(descent('run', 'a', 'b').status, 2);
  assert.equal(descent('run', 'examples/seed.json', '--bogus').status, 2);
  const help = descent('--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /usage: descent run FILE/);
});

test('unwritable --json and --csv paths exit 2 before anything runs, for run and for tune', () => {
  const missingDir = join(dir, 'no-such-dir');
  const kept = join(dir, 'kept.json');
  writeFileSync(kept, 'old contents');
  const cases = [
    [['run', 'examples/seed.json', '--json', join(missingDir, 'out.json')], `--json: cannot write ${join(missingDir, 'out.json')} (ENOENT)`],
    [['run', 'examples/seed.json', '--json', kept, '--csv', join(missingDir, 'out.csv')], `--csv: cannot write ${join(missingDir, 'out.csv')} (ENOENT)`],
    [['run', 'examples/seed.json', '--csv', dir], `--csv: cannot write ${dir} (EISDIR)`],
    [['tune', 'examples/seed.json', '--workers', '0', '--csv', join(missingDir, 'tune.csv')], `--csv: cannot write ${join(missingDir, 'tune.csv')} (ENOENT)`],
    [['tune', 'examples/seed.json', '--workers', '0', '--json', join(kept, 'x')], `--json: cannot write ${join(kept, 'x')} (ENOTDIR)`],
  ];
  for (const [args, message] of cases) {
    const r = descent(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim(), message);
    assert.equal(r.stdout, '', 'nothing ran');
    assert.doesNotMatch(r.stderr, /internal error/);
  }
  assert.equal(readFileSync(kept, 'utf8'), 'old contents', 'a run that did not happen leaves old outputs alone');
});

test('a link whose names hold terminal control sequences is refused, and the message escapes them', async () => {
  const { deflateRawSync } = await import('node:zlib');
  const json = JSON.stringify({ version: 1, name: 'x\u001b[2J\u001b]0;pwned\u0007', runs: [{ name: 'csi\u009b2J' }] });
  const url = `http://127.0.0.1:8080/#e1.${deflateRawSync(Buffer.from(json)).toString('base64url')}`;
  const r = descent('run', '--link', url);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^ {2}name: must not contain control characters \(U\+001B at index 1\)/m);
  assert.match(r.stderr, /^ {2}runs\[0\]\.name: must not contain control characters \(U\+009B at index 3\), got "csi\\u009b2J"$/m);
  assert.doesNotMatch(r.stderr + r.stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, 'no control character but newlines reaches the terminal');

  // a file that is not JSON: the parser's message quotes it, escapes and all
  const file = join(dir, 'escape.json');
  writeFileSync(file, '{"name": \u001b[2J\u009b2J}');
  const broken = descent('run', file);
  assert.equal(broken.status, 2);
  assert.match(broken.stderr, /not valid JSON .*\\u001b\[2J/);
  assert.doesNotMatch(broken.stderr, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
});

test('--quiet prints nothing on success', () => {
  const r = descent('run', 'examples/seed.json', '--quiet');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '');
});

test('descent run --link runs the experiment in a share link; a damaged link exits 2', async () => {
  const { experimentUrl } = await import('../../web/lib/link.js');
  const url = await experimentUrl({
    name: 'from a link',
    runs: [{ name: 'Adam', optimizer: { kind: 'adam', lr: 0.05 }, batchSize: 8, iterations: 50 }],
  }, 'http://127.0.0.1:8080/');
  const json = join(dir, 'link.json');
  const r = descent('run', '--link', url, '--json', json);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /from a link/);
  const out = JSON.parse(readFileSync(json, 'utf8'));
  assert.equal(out.runs[0].name, 'Adam');
  assert.equal(out.runs[0].iterations, 50);

  const damaged = descent('run', '--link', 'http://127.0.0.1:8080/#e1.zzzz');
  assert.equal(damaged.status, 2);
  assert.match(damaged.stderr, /--link: the link is damaged/);
  assert.equal(descent('run', 'examples/seed.json', '--link', url).status, 2);
});

test('descent tune runs a search: progress-free table sorted by validation loss, JSON and CSV of every trial', () => {
  const json = join(dir, 'tune.json');
  const csv = join(dir, 'tune.csv');
  const r = descent('tune', 'examples/tune-learning-rate.json', '--workers', '2', '--json', json, '--csv', csv);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /random search, 27 trials on 2 workers/);
  assert.match(r.stdout, /64 rows to fit and 16 validation rows \(from 80 training rows\), 20 test rows/);
  assert.match(r.stdout, /^best: trial \d+ \(lr [\d.]+\): validation loss [\d.]+, test loss [\d.]+$/m);
  const rows = r.stdout.split('\n').filter((l) => /^\s+\d+\s+\d+\s/.test(l));
  assert.equal(rows.length, 27);
  const losses = rows.map((l) => Number(l.trim().split(/\s+/)[4]));
  assert.deepEqual(losses, [...losses].sort((a, b) => a - b));

  const out = JSON.parse(readFileSync(json, 'utf8'));
  assert.equal(out.kind, 'search');
  assert.equal(out.trials.length, 27);
  assert.equal(out.best.validationLoss, Math.min(...out.trials.map((t) => t.validationLoss)));
  assert.equal(typeof out.best.testLoss, 'number');
  assert.equal(out.budget.samples, out.trials.reduce((s, t) => s + t.samples, 0));
  const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
  assert.equal(lines[0], 'trial,rung,config,lr,status,divergedAt,validationLoss,trainLoss,samples,epochs,iterations,timeMs');
  assert.equal(lines.length, 28);

  // the same numbers with one worker
  const json1 = join(dir, 'tune1.json');
  assert.equal(descent('tune', 'examples/tune-learning-rate.json', '--workers', '1', '--json', json1, '--quiet').status, 0);
  const one = JSON.parse(readFileSync(json1, 'utf8'));
  const strip = (o) => o.trials.map(({ timeMs, ...t }) => t);
  assert.deepEqual(strip(one), strip(out));
  assert.deepEqual(one.best, out.best);
});

test('descent tune runs a range test and states the rule beside the suggestion', () => {
  const csv = join(dir, 'range.csv');
  const r = descent('tune', 'examples/lr-range-test.json', '--csv', csv);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /range test of "batch GD", lr 1\.000e-6 → 10 over 100 updates/);
  assert.match(r.stdout, /^suggested lr: [\d.]+ — rule "min\/10": the rate at the lowest loss \(.*\) divided by 10$/m);
  const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
  assert.equal(lines[0], 'update,lr,loss,smoothed');
  assert.ok(lines.length > 90);
});

test('descent tune: a refinement, the default search, bad tune specs and bad --workers', () => {
  const file = join(dir, 'refine.json');
  writeFileSync(file, JSON.stringify({ tune: { kind: 'refine', tries: 200 } }));
  const refine = descent('tune', file, '--workers', '0');
  assert.equal(refine.status, 0, refine.stderr);
  assert.match(refine.stdout, /refinement of "batch GD" \(completed\), 200 tries with step 0\.01000/);
  assert.match(refine.stdout, /training objective {2}[\d.]+ → [\d.]+ {2}\(gain/);

  const plain = descent('tune', 'examples/seed.json', '--workers', '1');
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(plain.stderr, /no "tune" section: running the default search/);
  assert.match(plain.stdout, /random search, 20 trials/);

  const bad = join(dir, 'badtune.json');
  writeFileSync(bad, JSON.stringify({ tune: { space: {}, trials: 0, bogus: 1 } }));
  const r = descent('tune', bad);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /tune\.space: must have at least one dimension/);
  assert.match(r.stderr, /tune\.trials: must be an integer in 1\.\.1000, got 0/);
  assert.match(r.stderr, /tune\.bogus: unknown field/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);

  for (const w of ['x', '-1', '65', '1.5']) {
    const u = descent('tune', 'examples/seed.json', `--workers=${w}`);
    assert.equal(u.status, 2, w);
    assert.match(u.stderr, /--workers: must be an integer in 0\.\.64/);
  }
  assert.equal(descent('run', 'examples/seed.json', '--workers', '2').status, 2);
  assert.match(descent('--help').stdout, /descent tune FILE \[--workers N\]/);
});

test('an experiment estimated over the work budget exits 2 naming the fields, unless --no-budget', () => {
  const file = join(dir, 'forever.json');
  writeFileSync(file, JSON.stringify({ data: { kind: 'linear', n: 10000000, d: 5 }, runs: [{ name: 'forever', batchSize: 'full', iterations: 1000000000 }] }));
  const out = join(dir, 'forever-out.json');
  const r = descent('run', file, '--json', out);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^descent run: this experiment is estimated at 5\.3e16 operations \(about 611 days at 1e9 per second\), more than the budget of 1e12/);
  assert.match(r.stderr, /^ {2}runs\[0\]\.iterations: 5\.3e16 operations — 1e9 updates × 8,000,000 rows × 6 parameters \(run "forever"\)$/m);
  assert.match(r.stderr, /pass --no-budget to run it anyway/);
  assert.equal(r.stdout, '');
  // --no-budget goes past the budget (here to the next check, the output path)
  const over = descent('run', file, '--no-budget', '--json', join(dir, 'no-such-dir', 'x.json'));
  assert.equal(over.status, 2);
  assert.match(over.stderr, /^--json: cannot write .*no-such-dir.* \(ENOENT\)$/m);
  // tuning counts rows × features × updates, as runs do
  writeFileSync(file, JSON.stringify({ data: { n: 12500, d: 1024 }, runs: [{ iterations: 1 }], tune: { strategy: 'grid', space: { lr: { min: 1e-4, max: 1, points: 100 }, momentum: { min: 0, max: 0.9, points: 10 } }, epochs: 800 } }));
  const grid = descent('tune', file);
  assert.equal(grid.status, 2, grid.stderr);
  assert.match(grid.stderr, /^descent tune: this tuning is estimated at 7\.2e12 operations \(about 2 h at 1e9 per second\)/);
  assert.match(grid.stderr, /^ {2}tune\.space: 7\.2e12 operations — 1000 trials, 8e5 updates in all, on 8,000 rows × 1025 parameters$/m);
});

test('outputs: checked before the run, written whole (temporary file, then rename) or not at all', () => {
  const kept = join(dir, 'keep.json');
  const input = join(dir, 'input.json');
  writeFileSync(input, JSON.stringify({ runs: [{ iterations: 10 }] }));
  const fifo = join(dir, 'fifo');
  spawnSync('mkfifo', [fifo]);
  const refused = [
    [['--json', kept, '--csv', '/dev/full'], '--csv: cannot write /dev/full (it is a character device: outputs are regular files, written whole)'],
    [['--json', input], `--json: cannot write ${input} (it is the input file)`],
    [['--json', kept, '--csv', kept], `--csv: cannot write ${kept} (--json writes the same file)`],
    [['--json', join(dir, 'new.out'), '--csv', join(dir, '.', 'new.out')], `--csv: cannot write ${join(dir, '.', 'new.out')} (--json writes the same file)`],
    [['--json', ''], '--json: needs a file name, got an empty string'],
    [['--csv', fifo], `--csv: cannot write ${fifo} (it is a named pipe: outputs are regular files, written whole)`],
  ];
  for (const [args, message] of refused) {
    writeFileSync(kept, 'old contents');
    const r = descent('run', input, ...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim(), message);
    assert.equal(r.stdout, '');
    assert.equal(readFileSync(kept, 'utf8'), 'old contents');
    assert.equal(JSON.parse(readFileSync(input, 'utf8')).runs[0].iterations, 10, 'the input is never overwritten');
  }
  // a write that fails (here: the file size limit, with SIGXFSZ ignored, so the write reports EFBIG)
  // exits 1 naming the path and the system's reason; the old outputs stay as they were, no temporary
  // file is left behind
  const big = join(dir, 'atomic');
  mkdirSync(big);
  writeFileSync(join(big, 'a.json'), 'old a');
  writeFileSync(join(big, 'b.csv'), 'old b');
  const limited = spawnSync('sh', ['-c', `trap '' XFSZ; ulimit -f 64; exec "$0" "$@"`, process.execPath, cli, 'run', 'examples/seed.json', '--json', join(big, 'a.json'), '--csv', join(big, 'b.csv')], { cwd: root, encoding: 'utf8' });
  assert.equal(limited.status, 1, limited.stderr);
  assert.match(limited.stderr, new RegExp(`^descent: --json: cannot write ${join(big, 'a.json')} \\(EFBIG: file too large`));
  assert.equal(readFileSync(join(big, 'a.json'), 'utf8'), 'old a');
  assert.equal(readFileSync(join(big, 'b.csv'), 'utf8'), 'old b');
  assert.deepEqual(readdirSync(big).sort(), ['a.json', 'b.csv']);
  // and when all goes well, both are replaced and nothing else is left
  const ok = descent('run', 'examples/seed.json', '--json', join(big, 'a.json'), '--csv', join(big, 'b.csv'), '--quiet');
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(JSON.parse(readFileSync(join(big, 'a.json'), 'utf8')).runs.length, 3);
  assert.match(readFileSync(join(big, 'b.csv'), 'utf8'), /^run,iteration,/);
  assert.deepEqual(readdirSync(big).sort(), ['a.json', 'b.csv']);
});

test('a JSON file that starts with a byte-order mark is read', () => {
  const file = join(dir, 'bom.json');
  writeFileSync(file, `\uFEFF${JSON.stringify({ name: 'with a BOM', runs: [{ iterations: 5 }] })}`);
  const r = descent('run', file);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^with a BOM:/);
});

test('descent run examples/rosenbrock.json and examples/moons-mlp.json: the function and network families', () => {
  const json = join(dir, 'fn.json');
  const csv = join(dir, 'fn.csv');
  const r = descent('run', 'examples/rosenbrock.json', '--json', json, '--csv', csv);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /rosenbrock \(a = 1, b = 100\), 2 parameters \(x, y\), no data/);
  assert.match(r.stdout, /global minimum/);
  assert.match(r.stdout, /GD, lr 0\.003 +diverged at \d+/);
  const out = JSON.parse(readFileSync(json, 'utf8'));
  const adam = out.runs.find((x) => x.name === 'Adam');
  assert.ok(Math.abs(adam.params.flat[0] - 1) < 1e-6 && Math.abs(adam.params.flat[1] - 1) < 1e-6, 'Adam reaches (1, 1)');
  assert.deepEqual(Object.keys(adam.params), ['flat']);
  assert.ok(adam.history.testLoss.every((v) => v === null), 'no test loss: null in JSON');
  assert.deepEqual(out.optimum.params.flat, [1, 1]);
  const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
  assert.equal(lines[0], 'run,iteration,epoch,samples,lr,trainLoss,testLoss,param0,param1');
  assert.equal(lines[1], 'GD,0,0,0,0.001,12.5,,-1.5,2');

  const net = descent('run', 'examples/moons-mlp.json', '--json', json);
  assert.equal(net.status, 0, net.stderr);
  assert.match(net.stdout, /300 training rows, 100 test rows, 2 features, network 2-16-16-1 \(tanh, 337 parameters\)/);
  const res = JSON.parse(readFileSync(json, 'utf8'));
  for (const run of res.runs) assert.equal(run.params.flat.length, 337);
  assert.ok(res.runs[0].metrics.test.accuracy > 0.9, 'batch GD classifies the moons');
  assert.equal(res.runs[3].metrics.test.accuracy < 0.6, true, 'the zeros init never breaks its symmetry');
});

test('bad function and network experiments exit 2 with field-named messages', () => {
  const file = join(dir, 'bad-model.json');
  const cases = [
    [{ data: { kind: 'moons' }, model: { hidden: [0] } }, /model\.hidden\[0\]: must be an integer in 1\.\.64, got 0/],
    [{ data: { kind: 'moons' }, model: { hidden: [8, 65] } }, /model\.hidden\[1\]: must be an integer in 1\.\.64, got 65/],
    [{ model: { kind: 'function' }, init: { params: [1, 2, 3] } }, /init\.params: must have 2 values \(θ = \(x, y\)\), got 3/],
    [{ data: { kind: 'xor' }, init: { params: [1] } }, /init\.params: must have 105 values/],
    [{ model: { kind: 'function' }, data: { kind: 'sine' } }, /data: must be left out \(or \{"kind": "none"\}\) for model\.kind "function"/],
    [{ model: { kind: 'function', function: 'ackley' } }, /model\.function: must be "rosenbrock", .* got "ackley"/],
  ];
  for (const [experiment, message] of cases) {
    writeFileSync(file, JSON.stringify(experiment));
    const r = descent('run', file);
    assert.equal(r.status, 2, JSON.stringify(experiment));
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});

test('descent tune on a function scores trials by their final objective, the same with any number of workers', () => {
  const file = join(dir, 'tune-fn.json');
  writeFileSync(file, JSON.stringify({
    model: { kind: 'function', function: 'himmelblau' },
    init: { params: [-1, -1] },
    runs: [{ optimizer: { kind: 'sgd', lr: 0.01, momentum: 0.5 }, iterations: 200 }],
    tune: { space: { lr: { min: 1e-3, max: 0.05 }, momentum: [0, 0.9] }, trials: 6 },
  }));
  const a = descent('tune', file, '--workers', '0', '--json', join(dir, 'a.json'), '--csv', join(dir, 'a.csv'));
  const b = descent('tune', file, '--workers', '2', '--json', join(dir, 'b.json'));
  assert.equal(a.status, 0, a.stderr);
  assert.equal(b.status, 0, b.stderr);
  assert.match(a.stdout, /himmelblau: no data, trials scored by their final objective/);
  const ta = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'));
  const tb = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
  assert.deepEqual(ta.trials.map((t) => [t.validationLoss, t.params]), tb.trials.map((t) => [t.validationLoss, t.params]));
  for (const t of ta.trials) assert.equal(t.validationLoss, t.trainLoss);
  assert.equal(ta.best.testLoss, null);
  assert.equal(readFileSync(join(dir, 'a.csv'), 'utf8').trimEnd().split('\n').length, 7);
});
