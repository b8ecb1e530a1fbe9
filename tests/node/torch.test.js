// torch.test.js — the optimizers and schedules added after the first ones, against torch 1.13 itself:
// tests/torch/golden.json, written by tests/torch/golden.py (see there how; NAdam carries torch
// 2.0's fix of the momentum product, which is also the formula torch 1.13 documents).
//
// Three checks: (1) the float64 reference (reference.js) reproduces torch's parameters and rates to
// rounding (1e-12), so the reference the other tests compare the engine with is torch's rule; (2) the
// engine's history.lr reproduces torch's rates (LR_RTOL, as sched.test.js); (3) the engine's training
// trajectories (float32 data) reproduce torch's float64 ones to the tolerance optim.test.js uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { run } from '../../web/lib/index.js';
import { createOptimizer, scheduleLr, scheduleMomentum, train } from './reference.js';
import { inlineExperiment, fullBatchRun, f32, runNamed, assertAllClose, LOSS_FLOOR } from './helpers.js';

const golden = JSON.parse(readFileSync(new URL('../torch/golden.json', import.meta.url), 'utf8'));
const RTOL = 1e-6; // engine vs float64 (float32 data), as optim.test.js
const LR_RTOL = 1e-12; // schedules are double arithmetic

test('the golden file is torch 1.13\'s and covers every new optimizer and schedule kind', () => {
  assert.match(golden.torch, /^1\.13/);
  const optims = new Set(golden.optim.runs.map((r) => r.optimizer.kind));
  assert.deepEqual([...optims].sort(), ['adadelta', 'adamax', 'nadam', 'radam', 'rprop']);
  const scheds = new Set(golden.sched.runs.map((r) => r.schedule.kind));
  assert.deepEqual([...scheds].sort(), ['cosine_warm_restarts', 'cyclic', 'multistep', 'one_cycle', 'polynomial', 'sequential']);
});

test('reference optimizers reproduce torch step by step (fixed gradients, float64)', () => {
  const { p0, grads, runs } = golden.optim;
  const stepAll = (cfg) => {
    const opt = createOptimizer(cfg, 2);
    const p = p0.slice();
    return grads.map((g) => {
      opt.step(p, g.slice(), cfg.lr ?? { adadelta: 1, rprop: 1e-2, nadam: 2e-3, adamax: 2e-3 }[cfg.kind] ?? 1e-3);
      return p.slice();
    });
  };
  for (const r of runs) {
    const got = stepAll(r.optimizer).flat();
    const want = r.params.flat();
    if (r.name === 'nadam-113') {
      // torch 1.13's code (μ_t counted twice in the next product) is not the rule: it differs
      const gap = Math.max(...got.map((v, i) => Math.abs(v - want[i])));
      assert.ok(gap > 1e-3, `NAdam differs from torch 1.13's buggy product (gap ${gap})`);
      continue;
    }
    assertAllClose(got, want, 1e-12, 1, `${r.name} params`);
  }
});

test('reference schedules reproduce torch\'s rates and momentum at t = 0..N', () => {
  const { steps, runs } = golden.sched;
  for (const r of runs) {
    const ts = Array.from({ length: steps + 1 }, (_, t) => t);
    assertAllClose(ts.map((t) => scheduleLr(r.schedule, r.lr, t, steps)), r.rates, LR_RTOL, 1e-3, `${r.name} lr`);
    if (r.momentum) assertAllClose(ts.map((t) => scheduleMomentum(r.schedule, r.lr, t, steps)), r.momentum, LR_RTOL, 1, `${r.name} momentum`);
  }
});

test('engine history.lr reproduces torch\'s rates (per iteration, one run per schedule)', async () => {
  const { steps, lr, runs } = golden.sched;
  const optimizerOf = (r) => (r.optimizer === 'adam' ? { kind: 'adam', lr } : { kind: 'sgd', lr, momentum: r.optimizer === 'sgd' ? 0.9 : 0 });
  for (let k = 0; k < runs.length; k += 8) {
    const chunk = runs.slice(k, k + 8);
    const exp = inlineExperiment({
      X: [[0.1], [0.5], [0.9]], y: [0.2, 0.4, 0.5], init: [0, 0],
      runs: chunk.map((r) => fullBatchRun(r.name, optimizerOf(r), steps, { schedule: { ...r.schedule, per: 'iteration' } })),
    });
    const result = await run(exp);
    for (const r of chunk) {
      assertAllClose(Array.from(runNamed(result, r.name).history.lr), r.rates, LR_RTOL, 1e-3, `${r.name} history.lr`);
    }
  }
});

test('engine training trajectories reproduce torch (full batch, MSE, float32 data)', async () => {
  const { X, y, init, iterations, runs } = golden.train;
  const data = f32(X, y);
  const results = [];
  for (let k = 0; k < runs.length; k += 8) { // at most 8 runs an experiment
    results.push(await run(inlineExperiment({
      X, y, init,
      runs: runs.slice(k, k + 8).map((r) => fullBatchRun(r.name, r.optimizer, iterations, r.schedule ? { schedule: r.schedule } : {})),
    })));
  }
  for (const [i, r] of runs.entries()) {
    const result = results[Math.floor(i / 8)];
    const h = runNamed(result, r.name).history;
    assertAllClose(Array.from(h.param0), r.params.map((p) => p[0]), RTOL, 1, `${r.name} w`);
    assertAllClose(Array.from(h.param1), r.params.map((p) => p[1]), RTOL, 1, `${r.name} b`);
    assertAllClose(Array.from(h.trainLoss), r.objective, RTOL, LOSS_FLOOR, `${r.name} objective`);
    // and the reference, trained the same way, is torch's trajectory (float64 on both sides)
    const ref = train({ X: data.X, y: data.y, model: { loss: 'mse' }, optimizer: r.optimizer, schedule: r.schedule ?? { kind: 'constant' }, iterations, init });
    assertAllClose(ref.params.flat(), r.params.flat(), 1e-10, 1, `${r.name} reference params`);
  }
});
