// descent against PyTorch: trajectories recorded by tests/fixtures/make_torch_goldens.py (torch 1.13;
// the script and its output, tests/fixtures/torch-goldens.json, are committed together).
//   - test functions: torch float64 (a tensor of 2 parameters, autograd, torch.optim and
//     torch.optim.lr_scheduler with the same kwargs) — descent must agree to rounding;
//   - networks: torch float32 (nn.Sequential of nn.Linear and activations, full-batch MSELoss or
//     BCEWithLogitsLoss) from torch's own initialisation — descent (float32 data and forward pass,
//     float64 parameters and optimizer state) must agree to float32 tolerance over 200 steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { run } from '../../web/lib/index.js';
import { assertAllClose } from './helpers.js';

const goldens = JSON.parse(readFileSync(new URL('../fixtures/torch-goldens.json', import.meta.url), 'utf8'));
const OPTIMIZER = { SGD: 'sgd', Adagrad: 'adagrad', RMSprop: 'rmsprop', Adam: 'adam', AdamW: 'adamw' };
const SCHEDULE = { StepLR: 'step', CosineAnnealingLR: 'cosine' };

test('the fixture holds what the tests below expect', () => {
  assert.equal(goldens.generator, 'tests/fixtures/make_torch_goldens.py');
  assert.ok(goldens.functions.length >= 60 && goldens.networks.length >= 12);
  assert.deepEqual(new Set(goldens.functions.map((c) => c.function)),
    new Set(['rosenbrock', 'himmelblau', 'beale', 'quadratic', 'saddle', 'six_hump_camel', 'rastrigin']));
  assert.deepEqual(new Set(goldens.networks.map((c) => c.optimizer)), new Set(['SGD', 'Adam']));
});

test('test functions: every torch float64 trajectory (8 optimizers, 3 schedules) equals descent\'s to rounding', async () => {
  let compared = 0;
  for (const g of goldens.functions) {
    const schedule = g.schedule ? { kind: SCHEDULE[g.schedule], ...g.scheduleKwargs } : { kind: 'constant' };
    const steps = (g.f.length - 1) * g.every;
    const result = await run({
      model: { kind: 'function', function: g.function, ...g.params },
      init: { params: g.init },
      runs: [{ optimizer: { kind: OPTIMIZER[g.optimizer], ...g.kwargs }, schedule, iterations: steps, record: { every: 1 }, divergeFactor: 1e300 }],
    });
    const h = result.runs[0].history;
    const at = (col) => g.f.map((_, k) => h[col][k * g.every]);
    const what = `${g.function} ${g.optimizer} ${JSON.stringify(g.kwargs)} ${g.schedule ?? ''}`;
    // torch's autograd and descent's closed-form derivatives round differently in the last bits
    // (measured: within 1e-11 relative; the fixture avoids chaotic settings, where any rounding
    // difference grows ~1000× per 20 steps whatever the implementation)
    assertAllClose(at('param0'), g.x, 1e-9, 1e-3, `${what} x`);
    assertAllClose(at('param1'), g.y, 1e-9, 1e-3, `${what} y`);
    assertAllClose(at('trainLoss'), g.f, 1e-9, 1e-3, `${what} f`);
    compared += g.f.length;
  }
  assert.ok(compared > 3000, `compared ${compared} states`);
});

test('networks: torch float32 full-batch trajectories (SGD, momentum, Adam; 200 steps) equal descent\'s to float32 tolerance', async () => {
  for (const g of goldens.networks) {
    const result = await run({
      data: { kind: 'inline', X: g.X, y: g.y, testFraction: 0, standardize: false },
      model: { kind: 'mlp', hidden: g.hidden, activation: g.activation, loss: g.loss },
      init: { params: g.init },
      runs: [{ optimizer: { kind: OPTIMIZER[g.optimizer], ...g.kwargs }, iterations: g.losses.length - 1, record: { every: 1 } }],
    });
    const r = result.runs[0];
    const what = `${g.data} ${g.activation} ${JSON.stringify(g.hidden)} ${g.optimizer} ${JSON.stringify(g.kwargs)}`;
    assert.equal(r.status, 'completed', what);
    assert.equal(r.params.flat.length, g.init.length, `${what}: parameter count`);
    // float32 tolerance: torch keeps float32 parameters and state, descent float64 ones over float32
    // passes. Measured: losses within 4e-6 relative over the 200 steps; final parameters within 5e-4
    // of max(|θ|, 0.1) (ReLU with momentum: units near their kink amplify float32 differences)
    assertAllClose(r.history.trainLoss, g.losses, 2e-5, 1e-3, `${what} loss`);
    assertAllClose(r.params.flat, g.final, 2e-3, 0.1, `${what} final parameters`);
    assert.ok(g.losses.at(-1) < 0.8 * g.losses[0], `${what}: the run learns something`);
  }
});
