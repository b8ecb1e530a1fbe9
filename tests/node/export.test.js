// The Python exporter without Python (tests/python/ runs the exported code): float32 literals that
// round-trip, the data embedded exactly as the core holds them, the .npz format, refusals that name
// the field, every kind either exported or refused, and `descent export` on the command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadEngine, DescentError } from '../../web/lib/index.js';
import { LOSS, OPTIMIZER, SCHEDULE } from '../../web/lib/abi.js';
import { EXPORT_TARGETS, exportExperiment } from '../../web/lib/export.js';
import { LOSSES, OPTIMIZERS, SCHEDULES } from '../../web/lib/export-kinds.js';
import { npzFile } from '../../web/lib/export-npz.js';
import { float32Literal } from '../../web/lib/export-python.js';
import { mulberry32 } from './reference.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const engine = await loadEngine();
const seed = JSON.parse(readFileSync(join(root, 'examples/seed.json'), 'utf8'));
const script = (experiment, to = 'pytorch', options = {}) => exportExperiment(engine, experiment, { to, stem: 'x', ...options }).files[0].text;

test('float32 literals are the shortest decimals that give back the same float32 through float64', () => {
  const rng = mulberry32(3);
  const bits = new Uint32Array(1);
  const view = new Float32Array(bits.buffer);
  const values = [0, -0, 1, -1, 0.1, 3.4028234663852886e38, 1.401298464324817e-45, 1.1754943508222875e-38, 16777217, 1e-30];
  for (let i = 0; i < 20000; i += 1) {
    bits[0] = Math.floor(rng.uniform() * 2 ** 32);
    if (Number.isFinite(view[0])) values.push(view[0]);
  }
  for (const v of values.map(Math.fround)) {
    const s = float32Literal(v);
    assert.ok(Object.is(Math.fround(Number(s)), v), `${v} → ${s}`);
    assert.match(s, /^-?[\d.]+(e[+-]\d+)?$/, s);
    assert.ok(!/^-?\d{16,}$/.test(s), `${s}: a float literal, not an integer beyond int64`);
    const digits = s.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
    if (digits > 1) assert.ok(!Object.is(Math.fround(Number(Number(s).toPrecision(digits - 1))), v), `${s} is not the shortest`);
  }
  assert.equal(float32Literal(Math.fround(0.1)), '0.1');
  assert.equal(float32Literal(-0), '-0.0');
});

test('the script embeds the data exactly as the core holds them, and the initial parameters of every run', () => {
  const experiment = { ...seed, init: 'uniform' };
  const text = script(experiment);
  const session = engine.createSession(experiment, { runs: false });
  try {
    for (const split of ['train', 'test']) {
      const { X, y } = session.split(split);
      const literal = (name) => text.match(new RegExp(`^${name} = np\\.array\\(\\[([^]*?)\\], dtype=np\\.float32\\)`, 'm'))[1]
        .replace(/[[\]\s]/g, '').split(',').filter(Boolean).map(Number).map(Math.fround);
      assert.deepEqual(literal(`X_${split}`), Array.from(X), `X_${split}`);
      assert.deepEqual(literal(`y_${split}`), Array.from(y), `y_${split}`);
    }
    const init = Array.from(session.initialParams('uniform'));
    assert.ok(text.includes(`"init": [${init.join(', ')}],`), 'the drawn initial parameters, as float64 literals');
  } finally {
    session.free();
  }
  assert.equal(script(experiment), text, 'the same experiment gives the same script');
});

test('polynomial features and standardisation are redone in Python from the raw values (checked against the core)', () => {
  const text = script({ seed: 2, data: { kind: 'sine', n: 50, degree: 3, standardize: true }, runs: [{ iterations: 5 }] });
  assert.match(text, /^x_train = np\.array/m);
  assert.match(text, /^X_train = np\.cumprod\(/m);
  assert.match(text, /^FEATURE_MEAN = np\.array\(\[/m);
  assert.match(text, /^X_train = \(\(X_train\.astype\(np\.float64\) - FEATURE_MEAN\) \/ FEATURE_STD\)\.astype\(np\.float32\)$/m);
});

test('a .npz file holds float32 arrays as numpy.lib.format and zip write them', () => {
  const bytes = npzFile([{ name: 'a', values: Float32Array.from([1, 2, 3, 4, 5, 6]), shape: [3, 2] }]);
  const view = new DataView(bytes.buffer);
  assert.equal(view.getUint32(0, true), 0x04034b50, 'a zip local header');
  const text = new TextDecoder('latin1').decode(bytes);
  const npy = text.indexOf('\x93NUMPY');
  assert.ok(npy > 0);
  const headerLength = view.getUint16(npy + 8, true);
  assert.equal((10 + headerLength) % 64, 0, 'the header is padded to 64 bytes');
  assert.match(text.slice(npy + 10, npy + 10 + headerLength), /^\{'descr': '<f4', 'fortran_order': False, 'shape': \(3, 2\), \} *\n$/);
  assert.equal(view.getFloat32(npy + 10 + headerLength + 20, true), 6);
  assert.equal(view.getUint32(bytes.length - 22, true), 0x06054b50, 'the end record');
});

/** The message of the DescentError an export throws. */
function refusal(experiment, options) {
  try {
    exportExperiment(engine, experiment, { stem: 'x', ...options });
  } catch (error) {
    assert.ok(error instanceof DescentError, String(error));
    return error.message;
  }
  return assert.fail('exported');
}

test('what cannot be exported is refused with a message that names the field', () => {
  assert.match(refusal({ runs: [{ iterations: 10 }], tune: { kind: 'refine' } }, { to: 'pytorch' }), /^tune\.kind: "refine" cannot be exported: .*float32/);
  assert.match(refusal({ tune: { kind: 'range_test' } }, { to: 'optuna' }), /^tune\.kind: --to optuna needs a search, got "range_test"/);
  assert.match(refusal(seed, { to: 'pytorch', distributed: 'dask' }), /^distributed: the experiment has no "tune" section/);
  assert.match(refusal({ tune: {} }, { to: 'optuna', distributed: 'dask' }), /^distributed: an Optuna study is distributed through its storage/);
  assert.match(refusal(seed, { to: 'julia' }), /^to: must be one of pytorch, numpy, notebook, optuna, got "julia"/);
  assert.match(refusal(seed, { to: 'numpy', stem: '../x' }), /^stem: must be a file name/);
  // without a tune section, the Optuna study explores descent tune's default search
  assert.match(script(seed, 'optuna'), /^SPACE = \{\n {4}"lr": \{"min": 0\.0001, "max": 1, "scale": "log", "points": 5\},$/m);
});

test('every loss, optimizer and schedule kind of the core is exported, or refused by name', () => {
  // the arguments torch requires and descent does not default (SCHEDULE_NEEDS), and sequential's children
  const NEEDED = {
    cyclic: { max_lr: 0.1 }, one_cycle: { max_lr: 0.1 }, cosine_warm_restarts: { T_0: 2 }, multistep: { milestones: [2] },
    sequential: { schedulers: [{ kind: 'linear', start_factor: 0.5, total_iters: 2 }, { kind: 'cosine' }], milestones: [2] },
  };
  const cases = [
    ...Object.keys(LOSS).filter((k) => k !== 'bce').map((loss) => [LOSSES, loss, { model: { kind: 'linear', loss } }, 'model.loss']),
    ...Object.keys(OPTIMIZER).map((kind) => [OPTIMIZERS, kind, { runs: [{ optimizer: { kind }, iterations: 5 }] }, 'runs[0].optimizer.kind']),
    ...Object.keys(SCHEDULE).map((kind) => [SCHEDULES, kind, { runs: [{ schedule: { kind, ...NEEDED[kind] }, iterations: 5 }] }, 'runs[0].schedule.kind']),
  ];
  for (const [table, kind, experiment, field] of cases) {
    if (Object.hasOwn(table, kind)) assert.match(script(experiment, 'numpy'), /^def train\(/m, kind);
    else assert.match(refusal(experiment, { to: 'numpy' }), new RegExp(`^${field.replace(/[[\].]/g, '\\$&')}: "${kind}" has no Python export yet`));
  }
  // every first-order optimizer and every schedule kind has an entry; the second-order ones (lbfgs: a
  // closure-driven step; newton: not in torch) and the function and network models stay refused by name
  for (const kind of Object.keys(OPTIMIZER)) assert.equal(Object.hasOwn(OPTIMIZERS, kind), !['lbfgs', 'newton'].includes(kind), `optimizer ${kind}`);
  for (const kind of Object.keys(SCHEDULE)) assert.ok(Object.hasOwn(SCHEDULES, kind), `schedule ${kind}`);
  assert.match(refusal({ model: { kind: 'function' }, runs: [{ iterations: 5 }] }, { to: 'pytorch' }), /^model\.kind: "function" has no Python export yet/);
  assert.match(script({ data: { kind: 'blobs' } }), /F\.binary_cross_entropy_with_logits\(z, y\)/);
  for (const to of Object.keys(EXPORT_TARGETS)) assert.ok(script({ tune: {} }, to).length > 1000, to);
});

test('the newer optimizers and schedules: torch classes, the NAdam of torch < 2.0, closed forms in NumPy, defaults resolved in the loop', () => {
  const experiment = JSON.parse(readFileSync(join(root, 'examples/newer-kinds.json'), 'utf8'));
  const torch = script(experiment);
  for (const [kind, cls] of [['radam', 'RAdam'], ['adadelta', 'Adadelta'], ['adamax', 'Adamax'], ['rprop', 'Rprop']]) {
    assert.match(torch, new RegExp(`^ {4}"${kind}": torch\\.optim\\.${cls},$`, 'm'), kind);
  }
  // NAdam: the stock class from torch 2.0 on, the script's own before (pytorch#92699)
  assert.match(torch, /^ {4}"nadam": NAdam,$/m);
  assert.match(torch, /^TORCH_VERSION = tuple\(int\(part\) for part in torch\.__version__\.split\("\."\)\[:2\]\)$/m);
  assert.match(torch, /^if TORCH_VERSION >= \(2, 0\):\n {4}NAdam = torch\.optim\.NAdam/m);
  assert.match(torch, /^ {4}class NAdam\(torch\.optim\.Optimizer\):$/m);
  assert.match(torch, /value=-lr \* mu_next \/ \(1\.0 - state\["mu_product"\] \* mu_next\)\)$/m, 'Π·μ_{t+1}, μ_t once');
  for (const cls of ['OneCycleLR', 'CyclicLR', 'CosineAnnealingWarmRestarts', 'MultiStepLR', 'PolynomialLR', 'SequentialLR']) {
    assert.match(torch, new RegExp(`: torch\\.optim\\.lr_scheduler\\.${cls},$`, 'm'), cls);
  }
  assert.match(torch, /make_scheduler\(optimizer, part\) or torch\.optim\.lr_scheduler\.LambdaLR\(optimizer, lambda step: 1\.0\)/);
  assert.match(torch, /^import warnings$/m);
  assert.match(torch, /"etas", "step_sizes"/);
  // the defaults torch has no value for (T_max, total_steps, max_lr, base_lr) are resolved by the loop
  assert.match(torch, /^ {4}schedule = resolved_schedule\(run\["schedule"\], run\["optimizer"\]\["lr"\], length\)$/m);
  assert.match(torch, /^ {8}"schedule": \{"kind": "one_cycle", "per": "iteration", "max_lr": 0\.05, "total_steps": None,/m);

  const numpy = script(experiment, 'numpy');
  for (const kind of ['nadam', 'radam', 'adadelta', 'adamax', 'rprop']) assert.match(numpy, new RegExp(`^def ${kind}\\(theta, grad, state, lr, `, 'm'), kind);
  for (const f of ['cosine_warm_restarts(base, s, t)', 'cyclic_height(s, t)', 'one_cycle(s, t)', 'anneal(strategy, start, end, pct)', 'sequential(base, s, t)']) {
    assert.ok(numpy.includes(`\ndef ${f}:`), f);
  }
  assert.match(numpy, /^ {4}"multistep": lambda base, s, t: base \* s\["gamma"\] \*\* sum\(m <= t for m in s\["milestones"\]\),$/m);
  assert.match(numpy, /^ {4}"polynomial": lambda base, s, t: base \* \(1 - min\(t, s\["total_iters"\]\) \/ s\["total_iters"\]\) \*\* s\["power"\],$/m);
  assert.match(numpy, /^ {4}"constant": lambda base, s, t: base,$/m, 'a sequential\'s constant part has its rate');
  assert.match(numpy, /^MOMENTA = \{/m);
  assert.match(numpy, /theta = optimizer\.step\(theta, grad, scheduler\.lr, scheduler\.momentum\)/);
  assert.doesNotMatch(numpy, /import torch/);

  // without the newer kinds the scripts stay as they were: no momentum plumbing, no NAdam class
  const plain = script(seed, 'numpy');
  assert.doesNotMatch(plain, /MOMENTA|momentum=None|def sequential/);
  assert.doesNotMatch(script(seed), /TORCH_VERSION|import warnings/);

  // cosine's T_max null exports (the loop gives it the run's length), alone and in a sequential
  const warm = JSON.parse(readFileSync(join(root, 'examples/warmup-cosine.json'), 'utf8'));
  for (const to of ['pytorch', 'numpy', 'notebook']) {
    const text = to === 'notebook' ? JSON.parse(script(warm, to)).cells.map((c) => [].concat(c.source).join('')).join('\n') : script(warm, to);
    assert.ok(text.includes('"T_max": None') && text.includes('resolved_schedule('), to);
  }
  assert.match(script({ runs: [{ schedule: { kind: 'cosine', T_max: null }, iterations: 5 }] }), /CosineAnnealingLR\(T_max=5\) every epoch/);
});

test('the comment above each run is its torch call with the values the loop resolves, which are the core\'s', async () => {
  const warm = JSON.parse(readFileSync(join(root, 'examples/warmup-cosine.json'), 'utf8'));
  const text = script(warm);
  assert.match(text, /^ {4}# torch\.optim\.SGD\(params, lr=0\.02, momentum=0\.9\), batches of 32, shuffled every epoch; CosineAnnealingLR\(T_max=500\) every iteration$/m);
  assert.match(text, /; SequentialLR\(\[LinearLR\(start_factor=0\.01, total_iters=50\), CosineAnnealingLR\(T_max=450\)\], milestones=\[50\]\) every iteration$/m);
  // the core's rates follow those T_max: the cosine at update t of 500, the sequential's at t − 50 of 450
  const result = await engine.run(warm);
  const cosine = (t, T) => 0.02 * (1 + Math.cos((Math.PI * t) / T)) / 2;
  for (const [name, rate] of [['SGD cosine', (t) => cosine(t, 500)], ['SGD warm-up + cosine', (t) => (t < 50 ? null : cosine(t - 50, 450))]]) {
    const { iteration, lr } = result.runs.find((r) => r.name === name).history;
    iteration.forEach((t, i) => { if (rate(t) !== null) assert.ok(Math.abs(lr[i] - rate(t)) <= 1e-15, `${name} at ${t}: ${lr[i]} vs ${rate(t)}`); });
  }
  // torch's defaults differ from descent's for cycle_momentum (True): the call always says it; a null
  // max_lr / base_lr is the optimizer's lr, a null total_steps the run's length (here per epoch: 12)
  const newer = script(JSON.parse(readFileSync(join(root, 'examples/newer-kinds.json'), 'utf8')));
  assert.match(newer, /; OneCycleLR\(max_lr=0\.1, total_steps=12, pct_start=0\.25, anneal_strategy="linear", three_phase=True, cycle_momentum=False\) every epoch$/m);
  assert.match(newer, /; CyclicLR\(mode="triangular2", max_lr=0\.05, base_lr=0\.005, step_size_up=20, step_size_down=30, cycle_momentum=True\) every iteration$/m);
  assert.match(newer, /SequentialLR\(\[LambdaLR\(lambda step: 1\.0\), MultiStepLR\(gamma=0\.5, milestones=\[20\]\), CosineAnnealingWarmRestarts\(T_0=30\), CosineAnnealingLR\(T_max=30\)\], milestones=\[20, 60, 120\]\)/);
});

test('descent export prints the script, writes -o OUT (and the .npz beside it), and refuses bad options', () => {
  const dir = mkdtempSync(join(tmpdir(), 'descent-export-cli-'));
  const cli = (...args) => spawnSync(process.execPath, [join(root, 'web/lib/cli.js'), ...args], { cwd: root, encoding: 'utf8' });
  const printed = cli('export', 'examples/seed.json', '--to', 'numpy');
  assert.equal(printed.status, 0, printed.stderr);
  assert.match(printed.stdout, /^#!\/usr\/bin\/env python3\n"""seed experiment: y = 3x \+ noise — descent's experiment in NumPy\./);
  assert.doesNotMatch(printed.stdout, /import torch/);

  const out = join(dir, 'seed.ipynb');
  assert.equal(cli('export', 'examples/seed.json', '--to', 'notebook', '-o', out).status, 0);
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).nbformat, 4);

  const big = join(dir, 'big.json');
  writeFileSync(big, JSON.stringify({ data: { n: 60000 }, runs: [{ iterations: 3 }] }));
  const refused = cli('export', big, '--to', 'pytorch');
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /^descent export: the data go to seed-experiment\.npz beside the script; give -o OUT to write both/);
  assert.equal(cli('export', big, '--to', 'pytorch', '-o', join(dir, 'big.py')).status, 0);
  assert.ok(existsSync(join(dir, 'big.npz')));

  assert.match(cli('export', 'examples/seed.json').stderr, /^--to: must be one of pytorch, numpy, notebook, optuna, got nothing/);
  assert.match(cli('export', 'examples/seed.json', '--to', 'numpy', '-o', join(dir, 'x.ipynb')).stderr, /^-o: must end with \.py for --to numpy/);
  assert.match(cli('export', 'examples/seed.json', '--to', 'numpy', '--json', 'x.json').stderr, /^descent export: --json applies to run and tune/);
  assert.match(cli('run', 'examples/seed.json', '--to', 'numpy').stderr, /^descent run: --to applies to descent export only/);
  const kind = cli('export', 'examples/seed.json', '--to', 'numpy', '--distributed', 'dask');
  assert.equal(kind.status, 2);
  assert.match(kind.stderr, /^descent: distributed: the experiment has no "tune" section/);
});
