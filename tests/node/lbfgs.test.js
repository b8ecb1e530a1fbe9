// lbfgs.test.js — torch.optim.LBFGS through the engine, against torch 1.13 itself (golden.json's
// "lbfgs" part, written by tests/torch/golden.py): one descent iteration is one step(), the history's
// samples count every evaluation, schedules scale the lr step() reads; and the rules around it
// (full batch only, iterations not epochs, no Python export yet, tuning).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { run, validateExperiment, loadEngine } from '../../web/lib/index.js';
import { exportExperiment } from '../../web/lib/export.js';
import { assertAllClose, runNamed } from './helpers.js';

const golden = JSON.parse(readFileSync(new URL('../torch/golden.json', import.meta.url), 'utf8')).lbfgs;
const STEPS = golden.steps;
const gold = (name) => golden.runs.find((r) => r.name === name);
const leastSquares = (runs) => ({
  seed: 1,
  data: { kind: 'inline', X: golden.X, y: golden.y, testFraction: 0, standardize: false },
  model: { kind: 'linear', loss: 'mse' },
  init: 'zeros',
  runs,
});
const rosenbrock = (runs) => ({ model: { kind: 'function', function: 'rosenbrock' }, init: { params: golden.rosenbrockInit }, runs });
const lbfgsRun = (name, optimizer, extra = {}) => ({ name, optimizer, iterations: STEPS, record: { every: 1 }, ...extra });
/** Evaluations per step, from the samples column (n rows each). */
const evalsOf = (r, n) => Array.from(r.history.samples).slice(1).map((s, k) => (s - r.history.samples[k]) / n);

test('the golden file has torch 1.13\'s L-BFGS runs, with and without strong_wolfe, on least squares and Rosenbrock', () => {
  const names = golden.runs.map((r) => r.name);
  for (const n of ['ls', 'ls-wolfe', 'rosenbrock', 'rosenbrock-wolfe']) assert.ok(names.includes(n), n);
  assert.ok(golden.condition > 5e3 && golden.condition < 2e4, `condition number ${golden.condition}`);
});

test('Rosenbrock (double throughout): the engine follows torch\'s parameters, losses and evaluations step by step', async () => {
  const names = golden.runs.filter((r) => r.problem === 'rosenbrock').map((r) => r.name);
  const result = await run(rosenbrock(names.map((n) => lbfgsRun(n, gold(n).optimizer, gold(n).schedule ? { schedule: gold(n).schedule } : {}))));
  for (const name of names) {
    const g = gold(name);
    const r = runNamed(result, name);
    assert.equal(r.status, 'completed', name);
    assert.deepEqual(evalsOf(r, 1), g.evals, `${name}: evaluations per step`);
    // the loss step() returned is the objective of the state before it
    assertAllClose(Array.from(r.history.trainLoss).slice(0, STEPS), g.loss, 1e-7, 1e-6, `${name} loss`);
    const xs = Array.from(r.history.param0).slice(1);
    const ys = Array.from(r.history.param1).slice(1);
    // the fixed-step run amplifies last-bit gradient differences to ~1e-9 (test_lbfgs.c)
    assertAllClose(xs, g.params.map((p) => p[0]), 1e-7, 1, `${name} x`);
    assertAllClose(ys, g.params.map((p) => p[1]), 1e-7, 1, `${name} y`);
  }
});

test('a schedule scales the lr each step() reads, as torch\'s scheduler writes param_groups', async () => {
  for (const name of ['rosenbrock-wolfe-step', 'rosenbrock-step']) {
    const g = gold(name);
    const result = await run(rosenbrock([lbfgsRun(name, g.optimizer, { schedule: g.schedule })]));
    const r = result.runs[0];
    const lr0 = g.optimizer.lr ?? 1;
    const want = Array.from({ length: STEPS + 1 }, (_, t) => (g.schedule.kind === 'step' ? lr0 * 0.5 ** Math.floor(t / 2) : lr0 * 0.7 ** t));
    assertAllClose(Array.from(r.history.lr), want, 1e-12, 1, `${name} lr`);
    // without the schedule the trajectory differs: the schedule is what torch's golden saw
    const plain = (await run(rosenbrock([lbfgsRun(name, g.optimizer)]))).runs[0];
    assert.ok(Math.abs(plain.history.param0[STEPS] - g.params[STEPS - 1][0]) > 1e-3, `${name}: the schedule changes the path`);
  }
});

test('least squares (float32 data): losses and evaluation counts follow torch\'s float64 run, and strong_wolfe reaches the closed-form optimum', async () => {
  const names = golden.runs.filter((r) => r.problem === 'ls').map((r) => r.name);
  const engine = await loadEngine();
  const session = engine.createSession(leastSquares(names.map((n) => lbfgsRun(n, gold(n).optimizer))));
  try {
    for (let i = 0; i < names.length; i++) if (session.status(i) === 'running') session.advance(i);
    const { nTrain } = session;
    const result = session.result();
    const optimumLoss = session.optimum.trainLoss;
    assert.ok(Math.abs(optimumLoss - golden.optimumLoss) <= 1e-6 * golden.optimumLoss, `closed form ${optimumLoss} vs numpy ${golden.optimumLoss}`);
    for (const name of names) {
      const g = gold(name);
      const r = runNamed(result, name);
      // float32 evaluations differ from torch's float64 ones by ~1e-7 relative. On the runs that
      // converge the line search's decisions (the evaluations per step) come out the same; the run
      // with a 2-pair history and 7 evaluations a step wanders, and from step 6 on its decisions
      // differ as torch's own float32 run's do from its float64 one (compared up to there)
      const k = name === 'ls-wolfe-options' ? 5 : STEPS;
      assert.deepEqual(evalsOf(r, nTrain).slice(0, k), g.evals.slice(0, k), `${name}: evaluations per step`);
      // (that run's losses: within 1e-2, where torch's float32 run is 5e-3 from its float64 one at step 3)
      assertAllClose(Array.from(r.history.trainLoss).slice(0, k), g.loss.slice(0, k), k < STEPS ? 1e-2 : 1e-4, 1e-2, `${name} loss`);
    }
    const wolfe = runNamed(result, 'ls-wolfe');
    // two steps (26 evaluations): at the optimum to 1e-6 relative; float32 evaluation noise is the floor
    assert.ok(Math.abs(wolfe.history.trainLoss[2] - optimumLoss) <= 1e-6 * optimumLoss, `after 2 steps ${wolfe.history.trainLoss[2]} vs ${optimumLoss}`);
    assert.ok(Math.abs(wolfe.history.trainLoss[STEPS] - optimumLoss) <= 1e-6 * optimumLoss);
    // torch in float32 lands as close: both stall within float32 noise of the optimum
    const torch32 = g32('ls-wolfe');
    assert.ok(Math.abs(torch32.final - golden.optimumLoss) <= 1e-6 * golden.optimumLoss, `torch float32 ${torch32.final}`);
    assert.deepEqual(torch32.evals, gold('ls-wolfe').evals);
  } finally {
    session.free();
  }
});
const g32 = (name) => gold(name).float32;

test('the issue\'s example: on ill-conditioned least squares L-BFGS with strong Wolfe is at the optimum after 2 steps, where 200 GD steps are far', async () => {
  const result = await run(leastSquares([
    lbfgsRun('L-BFGS', { kind: 'lbfgs', line_search_fn: 'strong_wolfe' }, { iterations: 5 }),
    { name: 'GD', optimizer: { kind: 'sgd', lr: 0.001 }, iterations: 200 },
  ]));
  const lb = runNamed(result, 'L-BFGS');
  const gd = runNamed(result, 'GD');
  const opt = result.optimum.trainLoss;
  assert.ok(lb.history.trainLoss.at(-1) <= opt * (1 + 1e-6));
  assert.ok(gd.history.trainLoss.at(-1) > 10 * opt, `GD after 200 steps: ${gd.history.trainLoss.at(-1)}`);
  // on the samples axis L-BFGS used 5 steps' worth of evaluations: 26 to reach the optimum
  assert.equal(lb.samples, lb.history.samples.at(-1));
  assert.equal(lb.history.samples[2], 26 * 100);
});

test('lbfgs is full batch only and counts its budget in iterations; the progress counts every evaluation', async () => {
  const bad = (runs, path) => {
    assert.throws(() => validateExperiment(leastSquares(runs)), (e) => e.message.includes(path), path);
  };
  bad([{ optimizer: { kind: 'lbfgs' }, batchSize: 10 }], 'runs[0].batchSize: must be "full" for optimizer "lbfgs"');
  bad([{ optimizer: { kind: 'lbfgs' }, epochs: 3 }], 'runs[0].epochs: must be null for optimizer "lbfgs"');
  bad([{ optimizer: { kind: 'lbfgs', history_size: 0 } }], 'runs[0].optimizer.history_size');
  bad([{ optimizer: { kind: 'lbfgs', line_search_fn: 'armijo' } }], 'runs[0].optimizer.line_search_fn');
  bad([{ optimizer: { kind: 'lbfgs', weight_decay: 0.1 } }], 'runs[0].optimizer.weight_decay');
  const e = validateExperiment(leastSquares([{ optimizer: { kind: 'lbfgs' } }]));
  assert.deepEqual(e.runs[0].optimizer, { kind: 'lbfgs', lr: 1, max_iter: 20, max_eval: null, tolerance_grad: 1e-7, tolerance_change: 1e-9, history_size: 100, line_search_fn: null });
  const engine = await loadEngine();
  const session = engine.createSession(leastSquares([lbfgsRun('a', { kind: 'lbfgs', line_search_fn: 'strong_wolfe' }, { iterations: 3 })]));
  try {
    assert.equal(session.progress(0).maxSamples, 3 * 100 * (25 + 25)); // iterations × max evals × rows
    session.advance(0);
    assert.equal(session.progress(0).samples, 100 * (gold('ls-wolfe').evals.slice(0, 3).reduce((a, b) => a + b)));
  } finally {
    session.free();
  }
});

test('export refuses lbfgs and newton by name; a search neither switches to lbfgs nor starts from it', async () => {
  const engine = await loadEngine();
  for (const kind of ['lbfgs', 'newton']) {
    const e = validateExperiment(leastSquares([{ optimizer: { kind } }]));
    assert.throws(() => exportExperiment(engine, e, { to: 'pytorch' }), new RegExp(`runs\\[0\\]\\.optimizer\\.kind: "${kind}" has no Python export yet`));
  }
  assert.throws(() => validateExperiment({ ...leastSquares([{ optimizer: { kind: 'sgd', lr: 0.01 } }]), tune: { kind: 'search', space: { optimizer: ['adam', 'lbfgs'] } } }),
    /tune\.space\.optimizer\[1\]: cannot be "lbfgs"/);
  assert.throws(() => validateExperiment({ ...leastSquares([{ optimizer: { kind: 'lbfgs' } }]), tune: { kind: 'search', space: { lr: { min: 0.1, max: 1 } } } }),
    /tune\.run: names a run with optimizer "lbfgs"/);
  // newton may be searched when every trial is full batch
  validateExperiment({ ...leastSquares([{ optimizer: { kind: 'sgd', lr: 0.01 } }]), tune: { kind: 'search', space: { optimizer: ['adam', 'newton'] } } });
});

test('the float64 reference\'s L-BFGS (torch\'s Python shapes, a second transcription beside lbfgs.c) reproduces torch step by step', async () => {
  const { createLbfgs, functionValueGrad } = await import('./reference.js');
  const model = { kind: 'function', function: 'rosenbrock', a: 1, b: 100 };
  for (const g of golden.runs.filter((r) => r.problem === 'rosenbrock')) {
    const opt = createLbfgs(g.optimizer);
    const p = golden.rosenbrockInit.slice();
    const lr0 = g.optimizer.lr ?? 1;
    for (let k = 0; k < STEPS; k++) {
      const lr = !g.schedule ? lr0 : g.schedule.kind === 'step' ? lr0 * 0.5 ** Math.floor(k / 2) : lr0 * 0.7 ** k;
      const { loss, evals } = opt.step(p, (q) => functionValueGrad(model, q), lr);
      assert.equal(evals, g.evals[k], `${g.name} step ${k}: evaluations`);
      assertAllClose([loss], [g.loss[k]], 1e-7, 1e-6, `${g.name} step ${k} loss`);
      assertAllClose(p, g.params[k], 1e-7, 1, `${g.name} step ${k} params`);
    }
  }
  // least squares in double over the float32 data: to 1e-9, the same evaluations
  const X = golden.X; const y = golden.y;
  const ls = (q) => {
    const n = X.length; const d = X[0].length; const grad = new Array(d + 1).fill(0);
    let value = 0;
    for (let i = 0; i < n; i++) {
      let r = q[d];
      for (let j = 0; j < d; j++) r += X[i][j] * q[j];
      r -= y[i];
      value += r * r;
      for (let j = 0; j < d; j++) grad[j] += (2 * r * X[i][j]) / n;
      grad[d] += (2 * r) / n;
    }
    return { value: value / n, grad };
  };
  for (const g of golden.runs.filter((r) => r.problem === 'ls')) {
    const opt = createLbfgs(g.optimizer);
    const p = new Array(X[0].length + 1).fill(0);
    for (let k = 0; k < STEPS; k++) {
      const { evals } = opt.step(p, ls, g.optimizer.lr ?? 1);
      assert.equal(evals, g.evals[k], `${g.name} step ${k}: evaluations`);
      const scale = Math.max(1, ...g.params[k].map(Math.abs));
      p.forEach((v, j) => assert.ok(Math.abs(v - g.params[k][j]) <= 1e-9 * scale, `${g.name} step ${k} θ${j}: ${v} vs ${g.params[k][j]}`));
    }
  }
});
