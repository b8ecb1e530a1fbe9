// The exported Python against descent: for every example in examples/ (and a few experiments that
// reach what the examples do not: polynomial features, standardisation, penalties, the Huber loss,
// every optimizer option, data in a .npz file, successive halving with invalid configurations),
// export the PyTorch script, the NumPy script and the notebook, run them with Debian's Python, and
// compare every run's history with descent's (compare.js states the rules and the tolerance). The
// tuning examples are exported with --distributed dask and run on a local cluster of two workers;
// every trial's validation loss must equal descent tune's. The Optuna study runs a few trials on a
// SQLite storage. A script with one hyperparameter changed must fail the comparison.
//
// Needs /usr/bin/python3 with python3-torch, -numpy, -matplotlib, -distributed, -optuna,
// jupyter-nbconvert and python3-ipykernel (`npm test` installs them: scripts/setup.mjs --python).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadEngine, tune } from '../../web/lib/index.js';
import { exportExperiment } from '../../web/lib/export.js';
import { compareRangeTest, compareRuns, compareSearch, hessianMax } from './compare.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PYTHON = '/usr/bin/python3'; // Debian's, with Debian's packages (never another python3 on the PATH)
const MODULES = ['torch', 'numpy', 'matplotlib', 'nbconvert', 'ipykernel', 'distributed', 'optuna'];
const dir = mkdtempSync(join(tmpdir(), 'descent-export-'));
const engine = await loadEngine();
const started = Date.now();
const timings = [];

before(() => {
  const check = spawnSync(PYTHON, ['-c', `import ${MODULES.join(', ')}`], { encoding: 'utf8' });
  assert.equal(check.status, 0, `${PYTHON} lacks a module the exports need (${check.stderr?.trim().split('\n').at(-1)}); run \`node scripts/setup.mjs --python\` as root, or apt-get install -y python3-torch python3-numpy python3-matplotlib jupyter-nbconvert python3-ipykernel python3-distributed python3-optuna`);
});

after(() => {
  console.log(`# Python part: ${((Date.now() - started) / 1000).toFixed(1)} s in all; ${timings.join('; ')}`);
  rmSync(dir, { recursive: true, force: true });
});

// ---- Running Python ----------------------------------------------------------------------------------

let running = 0;
const waiting = [];
const SLOTS = 2; // processes at a time (2 cores, shared)

/** Runs Debian's python3 with args in `dir`; resolves to stdout, rejects with the end of stderr. */
async function python(args, env = {}) {
  if (running >= SLOTS) await new Promise((resolve) => { waiting.push(resolve); });
  running += 1;
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(PYTHON, args, { cwd: dir, env: { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: '1', ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => { stdout += chunk; });
      child.stderr.on('data', (chunk) => { stderr += chunk; });
      child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`python3 ${args.join(' ')} exited ${code}:\n${stderr.slice(-3000)}`))));
    });
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

/** Writes the export of `experiment` to `dir`; returns the main file's name and every file's name. */
function exportFiles(experiment, to, stem, distributed = null) {
  const { files } = exportExperiment(engine, experiment, { to, stem, distributed });
  for (const f of files) writeFileSync(join(dir, f.name), f.text ?? f.bytes);
  return files.map((f) => f.name);
}

/** The message with which the export refuses `experiment` (null when it exports). */
function refusalOf(experiment) {
  try {
    exportExperiment(engine, experiment, { to: 'pytorch', stem: 'probe' });
    return null;
  } catch (error) {
    if (error?.name !== 'DescentError' && error?.name !== 'ExperimentError') throw error;
    return error.message;
  }
}

/** Runs one exported form; resolves to its JSON (a notebook's has runs and the tune results). */
async function runForm(stem, to, command = null, distributed = null) {
  const out = `${stem}-${command ?? 'run'}.json`;
  if (to === 'notebook') {
    await python(['-m', 'nbconvert', '--to', 'notebook', '--execute', `${stem}.ipynb`, '--output', `${stem}.out.ipynb`,
      '--ExecutePreprocessor.timeout=1200'], { DESCENT_JSON_OUT: join(dir, out) });
  } else {
    await python([`${stem}.py`, ...(command ? [command] : []), '--json', out, ...(command && distributed ? ['--workers', '2'] : [])]);
  }
  return JSON.parse(readFileSync(join(dir, out), 'utf8'));
}

const fmt = (v) => v.toExponential(1);

/** Asserts the runs agree; returns the worst relative difference with its notes. */
function assertRuns(t, label, descent, python) {
  const { failures, runs } = compareRuns(descent, python);
  assert.deepEqual(failures, [], `${label}: ${failures.join('\n')}`);
  const worst = Math.max(...runs.map((r) => r.maxRel));
  t.diagnostic(`${label}: max relative difference ${fmt(worst)} (${runs.map((r) => `${r.name} ${fmt(r.maxRel)}`).join(', ')})`);
  for (const r of runs.filter((x) => x.note)) t.diagnostic(`${label}: ${r.name}: ${r.note}`);
  return worst;
}

/** Exports all three forms of an experiment, runs them, and compares them (and the tune section). */
async function checkExperiment(t, stem, experiment, { forms = ['pytorch', 'numpy', 'notebook'], distributed = null } = {}) {
  const t0 = Date.now();
  const descent = await engine.run(experiment);
  const tuning = experiment.tune ?? null;
  const descentTune = tuning ? await tune(experiment, { workers: 0 }) : null;
  const jobs = forms.map(async (to) => {
    const name = `${stem}-${to}`;
    exportFiles(experiment, to, name, distributed);
    const runs = runForm(name, to);
    const tuned = tuning && to !== 'notebook' ? runForm(name, to, 'tune', distributed) : null;
    return { to, result: await runs, tuned: to === 'notebook' ? await runs : await tuned };
  });
  if (tuning && distributed) {
    // the same tune section in order, in one process: equal bit for bit to the Dask run's result
    exportFiles(experiment, 'numpy', `${stem}-numpy-in-order`);
    jobs.push(runForm(`${stem}-numpy-in-order`, 'numpy', 'tune').then((tuned) => ({ to: 'numpy in order', tuned })));
  }
  const done = await Promise.all(jobs);
  const withoutTimes = (value) => JSON.parse(JSON.stringify(value, (k, v) => (k === 'timeMs' ? undefined : v)));
  const inOrder = done.find((j) => j.to === 'numpy in order');
  if (inOrder) {
    const onDask = done.find((j) => j.to === 'numpy').tuned;
    assert.deepEqual(withoutTimes(onDask), withoutTimes(inOrder.tuned), 'the Dask run equals the run in order');
    t.diagnostic('numpy tune: the result on Dask equals the result in order, bit for bit (times aside)');
  }
  for (const { to, result, tuned } of done.filter((j) => j !== inOrder)) {
    assertRuns(t, to, descent, result);
    if (tuning?.kind === 'search') {
      const { failures, maxRel } = compareSearch(descentTune, tuned);
      assert.deepEqual(failures, [], `${to} tune: ${failures.join('\n')}`);
      t.diagnostic(`${to} tune${distributed ? ' (Dask, 2 workers)' : ''}: ${tuned.trials.length} trials, max relative difference of validation losses ${fmt(maxRel)}`);
    } else if (tuning?.kind === 'range_test') {
      const split = engine.createSession(experiment, { runs: false, optimum: false });
      const lambda = hessianMax(split.split('train').X, split.d);
      split.free();
      const c = compareRangeTest(descentTune, tuned.rangeTest, lambda);
      assert.deepEqual(c.failures, [], `${to} range test: ${c.failures.join('\n')}`);
      t.diagnostic(`${to} range test${distributed ? ' (Dask)' : ''}: max relative difference ${fmt(c.maxRel)} over the ${c.compared} of ${c.updates} updates below lr 2/λmax = ${c.limit.toPrecision(3)}; the same suggested lr`);
    }
  }
  timings.push(`${stem} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

// ---- Every example ------------------------------------------------------------------------------------

const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.json') && f !== 'presets.json').sort(); // presets.json lists the page's presets

for (const file of examples) {
  test(`examples/${file}: the PyTorch script, the NumPy script and the notebook reproduce descent's numbers`, async (t) => {
    const experiment = JSON.parse(readFileSync(join(root, 'examples', file), 'utf8'));
    // an example of a kind the export does not cover yet must be refused by name, never exported wrong
    const refused = refusalOf(experiment);
    if (refused) {
      assert.match(refused, /^[\w.[\]]+: "\w+" has no Python export yet/);
      t.diagnostic(`refused: ${refused}`);
      return;
    }
    await checkExperiment(t, file.replace(/\.json$/, ''), experiment, { distributed: experiment.tune ? 'dask' : null });
  });
}

// ---- What the examples do not reach -----------------------------------------------------------------

test('polynomial features, standardisation, penalties, Huber, every optimizer option, a bold driver per update', async (t) => {
  await checkExperiment(t, 'features', {
    name: 'polynomial features, standardised, Huber, penalties',
    seed: 5,
    data: { kind: 'polynomial', n: 300, degree: 4, standardize: true, noiseLevel: 0.2 },
    model: { kind: 'linear', loss: 'huber', delta: 0.5, penalty: { l1: 0.001, l2: 0.01 } },
    init: 'uniform',
    runs: [
      { name: 'Nesterov, linear warm-up', optimizer: { kind: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 0.001 }, batchSize: 8, epochs: 5, schedule: { kind: 'linear', per: 'iteration', total_iters: 50 } },
      { name: 'RMSprop centered, in order', optimizer: { kind: 'rmsprop', lr: 0.01, centered: true, momentum: 0.5, weight_decay: 0.001 }, batchSize: 32, shuffle: false, epochs: 10 },
      { name: 'Adagrad lr_decay', optimizer: { kind: 'adagrad', lr: 0.3, lr_decay: 0.01, initial_accumulator_value: 0.1 }, batchSize: 'full', iterations: 200 },
      { name: 'AdamW amsgrad, step', optimizer: { kind: 'adamw', lr: 0.02, amsgrad: true }, batchSize: 16, epochs: 8, schedule: { kind: 'step', step_size: 2, gamma: 0.5 } },
      { name: 'momentum with dampening, cosine', optimizer: { kind: 'sgd', lr: 0.1, momentum: 0.8, dampening: 0.3 }, batchSize: 50, epochs: 12, schedule: { kind: 'cosine', T_max: 6, eta_min: 0.01 } },
      { name: 'bold driver per update', optimizer: { kind: 'sgd', lr: 0.5 }, batchSize: 'full', iterations: 100, schedule: { kind: 'bold_driver', per: 'iteration' } },
    ],
  });
});

test('the newer kinds beyond examples/newer-kinds.json: cycled RMSprop momentum, Adamax betas[0], defaults resolved by the script', async (t) => {
  await checkExperiment(t, 'newer', {
    name: 'newer kinds, defaults resolved', seed: 12,
    data: { kind: 'polynomial', n: 240, degree: 3, standardize: true, noiseLevel: 0.2 },
    model: { kind: 'linear', loss: 'huber', delta: 1, penalty: { l2: 0.001 } },
    init: 'uniform',
    runs: [
      { name: 'RMSprop, cyclic exp_range with momentum', optimizer: { kind: 'rmsprop', lr: 0.002, momentum: 0.5 }, batchSize: 16, epochs: 5, schedule: { kind: 'cyclic', per: 'iteration', max_lr: 0.02, step_size_up: 25, mode: 'exp_range', gamma: 0.995, cycle_momentum: true } },
      { name: 'SGD, cyclic from the optimizer\'s lr', optimizer: { kind: 'sgd', lr: 0.01 }, batchSize: 32, epochs: 6, schedule: { kind: 'cyclic', per: 'iteration', max_lr: 0.1, step_size_up: 12 } },
      { name: 'Adamax, one cycle of beta1, max_lr and total_steps null', optimizer: { kind: 'adamax', lr: 0.05 }, batchSize: 'full', iterations: 80, schedule: { kind: 'one_cycle', per: 'iteration', cycle_momentum: true, base_momentum: 0.8, max_momentum: 0.9 } },
      { name: 'NAdam defaults, cosine T_max null per epoch', optimizer: { kind: 'nadam', lr: 0.02, momentum_decay: 0.01 }, batchSize: 20, epochs: 7.5, schedule: { kind: 'cosine', eta_min: 0.001 } },
      { name: 'RAdam, the default sequential per epoch', optimizer: { kind: 'radam', lr: 0.05 }, batchSize: 16, epochs: 12, schedule: { kind: 'sequential' } },
      { name: 'Adadelta, sequential of step, exponential, linear', optimizer: { kind: 'adadelta', weight_decay: 0.001 }, batchSize: 8, epochs: 3, schedule: { kind: 'sequential', per: 'iteration', schedulers: [{ kind: 'step', step_size: 10, gamma: 0.7 }, { kind: 'exponential', gamma: 0.99 }, { kind: 'linear', start_factor: 0.5, end_factor: 0.1, total_iters: 20 }], milestones: [30, 60] } },
      { name: 'Rprop, polynomial (read once)', optimizer: { kind: 'rprop', lr: 0.05 }, batchSize: 'full', iterations: 60, schedule: { kind: 'polynomial', per: 'iteration', total_iters: 30 } },
    ],
  });
});

test('NAdam: torch 1.13\'s own class (pytorch#92699) disagrees where the script\'s NAdam agrees', async (t) => {
  const experiment = {
    name: 'NAdam, first steps', seed: 2,
    data: { kind: 'linear', n: 100, d: 2, weights: [3, -1] },
    runs: [{ name: 'NAdam', optimizer: { kind: 'nadam', lr: 0.5 }, batchSize: 'full', iterations: 6, record: { every: 1 } }],
  };
  const descent = await engine.run(experiment);
  exportFiles(experiment, 'pytorch', 'nadam');
  assert.deepEqual(compareRuns(descent, await runForm('nadam', 'pytorch')).failures, []);
  const version = (await python(['-c', 'import torch; print(torch.__version__)'])).trim();
  if (!/^1\./.test(version)) {
    t.diagnostic(`torch ${version}: the script uses torch.optim.NAdam itself`);
    return;
  }
  const script = readFileSync(join(dir, 'nadam.py'), 'utf8');
  const stock = script.replace('if TORCH_VERSION >= (2, 0):', 'if True:');
  assert.notEqual(stock, script);
  writeFileSync(join(dir, 'nadam-stock.py'), stock);
  const { failures } = compareRuns(descent, await runForm('nadam-stock', 'pytorch'));
  assert.ok(failures.some((f) => /^NAdam: (trainLoss|testLoss) at iteration /.test(f)), `torch ${version}'s NAdam should disagree: ${failures.join('; ')}`);
  t.diagnostic(`torch ${version}'s own NAdam: ${failures[0]}`);
});

test('a search over the newer kinds with successive halving: defaults resolved at every rung\'s budget', async (t) => {
  await checkExperiment(t, 'halving-newer', {
    name: 'halving over the newer kinds', seed: 6,
    data: { kind: 'linear', n: 200, d: 2, weights: [2, -1] },
    runs: [{ name: 'base', optimizer: { kind: 'nadam', lr: 0.05 }, batchSize: 16, epochs: 9, schedule: { kind: 'cosine', per: 'iteration' } }],
    tune: { kind: 'search', strategy: 'halving', trials: 9, eta: 3, space: { lr: { min: 0.01, max: 0.1 }, optimizer: ['nadam', 'radam', 'adamax'], schedule: ['cosine', 'one_cycle', 'sequential'] } },
  }, { forms: ['pytorch', 'numpy'] });
});

test('data beyond 100,000 values go to a .npz file beside the script', async (t) => {
  const experiment = {
    name: 'large data', seed: 9,
    data: { kind: 'linear', n: 30000, d: 3, weights: [1, -2, 0.5], noise: 'gaussian', noiseLevel: 0.3, testFraction: 0.1 },
    runs: [{ name: 'Adam on plateau', optimizer: { kind: 'adam', lr: 0.05 }, batchSize: 256, iterations: 60, schedule: { kind: 'reduce_on_plateau', per: 'iteration', patience: 3, factor: 0.5 } }],
  };
  assert.deepEqual(exportFiles(experiment, 'numpy', 'large-probe'), ['large-probe.py', 'large-probe.npz']);
  assert.doesNotMatch(readFileSync(join(dir, 'large-probe.py'), 'utf8'), /np\.array\(\[\n/);
  await checkExperiment(t, 'large', experiment, { forms: ['pytorch', 'numpy'] });
});

test('successive halving over optimizers, with invalid configurations, sequentially', async (t) => {
  await checkExperiment(t, 'halving', {
    name: 'halving over optimizers', seed: 4,
    data: { kind: 'linear', n: 200, d: 2, weights: [2, -1] },
    runs: [{ name: 'base', optimizer: { kind: 'sgd', lr: 0.05, momentum: 0.5, nesterov: true }, batchSize: 16, epochs: 9 }],
    tune: { kind: 'search', strategy: 'halving', trials: 9, eta: 3, space: { lr: { min: 0.01, max: 0.3 }, optimizer: ['sgd', 'adam'], momentum: [0, 0.9] } },
  }, { forms: ['pytorch', 'numpy'] });
});

// ---- Optuna, and a comparison that must fail ---------------------------------------------------------

test('the Optuna study runs trials on a SQLite storage; descent\'s own configurations score as in descent tune', async (t) => {
  const experiment = JSON.parse(readFileSync(join(root, 'examples/tune-learning-rate.json'), 'utf8'));
  const descentTune = await tune(experiment, { workers: 0 });
  exportFiles(experiment, 'optuna', 'study');
  const storage = `sqlite:///${join(dir, 'study.db')}`;
  await python(['study.py', '--storage', storage, '--n-trials', '3', '--enqueue-descent', '2', '--seed', '1', '--json', 'study-1.json']);
  await python(['study.py', '--storage', storage, '--n-trials', '1', '--seed', '2', '--json', 'study-2.json']);
  const study = JSON.parse(readFileSync(join(dir, 'study-2.json'), 'utf8'));
  assert.equal(study.trials.length, 4, 'the second process continued the study in the shared storage');
  for (const trial of study.trials) {
    assert.equal(trial.state, 'complete');
    assert.ok(trial.values.lr >= 1e-4 && trial.values.lr <= 1 && Number.isFinite(trial.validationLoss));
  }
  for (const k of [0, 1]) {
    const r = Math.abs(study.trials[k].validationLoss - descentTune.trials[k].validationLoss) / descentTune.trials[k].validationLoss;
    assert.deepEqual(study.trials[k].values, descentTune.trials[k].values);
    assert.ok(r <= 1e-4, `enqueued trial ${k}: ${study.trials[k].validationLoss} vs descent ${descentTune.trials[k].validationLoss}`);
  }
  assert.equal(study.best.validationLoss, Math.min(...study.trials.map((x) => x.validationLoss)));
});

test('the comparison can fail: an exported script with one learning rate changed disagrees with descent', async () => {
  const experiment = JSON.parse(readFileSync(join(root, 'examples/seed.json'), 'utf8'));
  const descent = await engine.run(experiment);
  exportFiles(experiment, 'numpy', 'changed');
  const script = readFileSync(join(dir, 'changed.py'), 'utf8');
  const edited = script.replace('"optimizer": {"kind": "sgd", "lr": 0.1,', '"optimizer": {"kind": "sgd", "lr": 0.11,');
  assert.notEqual(edited, script);
  writeFileSync(join(dir, 'changed.py'), edited);
  const { failures } = compareRuns(descent, await runForm('changed', 'numpy'));
  assert.ok(failures.some((f) => f.startsWith('batch GD: trainLoss') || f.startsWith('batch GD: testLoss')), failures.join('\n'));
  assert.ok(!failures.some((f) => f.startsWith('SGD')), 'the runs left alone still agree');
});
