// numerics.test.js — issue 11's "numerics after convergence": RMSprop leaves the optimum of a logistic
// problem after it has reached it. These tests show that the drift is RMSprop's own (the float64
// reference implementation drifts the same way to the same distance) and that descent's float32
// kernels add only what float32 parameters can resolve (about 4e-8 relative, with a decaying rate).
// tests/torch/rmsprop_drift.mjs adds torch's float32 and float64 runs to the same table.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { CHECKPOINTS, runCase } from './rmsprop-case.js';

const result = await runCase();
const at = (k) => CHECKPOINTS.indexOf(k);

test('the case: Newton\'s float64 optimum has a zero gradient, every run reaches it by iteration 200', () => {
  for (const g of result.gradientAtOptimum) assert.ok(Math.abs(g) < 1e-15, `gradient ${g}`);
  for (const run of result.runs) {
    assert.ok(run.descent[at(200)] < 1e-6, `${run.name}: ${run.descent[at(200)]} from the optimum at 200`);
    // before convergence descent and the float64 reference take the same path (6 digits)
    assert.ok(Math.abs(run.descent[at(80)] - run.reference[at(80)]) < 1e-2 * run.reference[at(80)], run.name);
  }
});

test('with a constant rate RMSprop drifts away from the optimum in float64 too, to the same distance', () => {
  for (const run of result.runs.slice(0, 2)) {
    const [mine, exact] = [run.descent[at(1000)], run.reference[at(1000)]];
    // the exact arithmetic (float64 everywhere, no float32 data path) drifts: the method does it
    assert.ok(exact > 1e-2, `${run.name}: the float64 reference ends ${exact} from the optimum`);
    assert.ok(Math.abs(mine - exact) < 0.2 * exact, `${run.name}: descent ${mine}, float64 ${exact}`);
    assert.ok(run.descentGap > 0 && run.descentGap < 2 * run.referenceGap, `${run.name}: gaps ${run.descentGap} / ${run.referenceGap}`);
  }
});

test('with a decaying rate RMSprop stays at the optimum, within float32\'s resolution of the parameters', () => {
  const run = result.runs[2];
  for (const k of [300, 500, 1000]) {
    assert.ok(run.reference[at(k)] < 1e-12, `float64 reference at ${k}: ${run.reference[at(k)]}`);
    // float32 resolves a parameter to 6e-8 relative: descent settles where its rounded parameters'
    // gradient vanishes, and stays there
    assert.ok(run.descent[at(k)] < 1e-7, `descent at ${k}: ${run.descent[at(k)]}`);
  }
  assert.ok(Math.abs(run.descentGap) < 1e-7, `objective gap ${run.descentGap}`);
});
