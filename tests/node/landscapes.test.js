// The page's landscape table (web/landscapes.js) against the core: each listed minimum is where the
// core's functionGrid is lowest around it and has the stated value, the first global minimum is the
// core's dsc_fn_minimum (Session.optimum), every minimum lies inside the first view box, and the
// contour levels and the click rounding behave.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { loadEngine } from '../../web/lib/index.js';
import { FUNCTION } from '../../web/lib/abi.js';
import { bandOf, logLevels, minimaOf, roundedPoint, viewBox } from '../../web/landscapes.js';

const engine = await loadEngine();

const MODELS = [
  ...Object.keys(FUNCTION).map((name) => ({ function: name })),
  { function: 'rosenbrock', a: 2, b: 50 },
  { function: 'quadratic', condition: 100, angle: -20 },
];

for (const model of MODELS) {
  test(`${JSON.stringify(model)}: the minima and the view box agree with the core`, () => {
    const session = engine.createSession({ model: { kind: 'function', ...model }, init: { params: [0.5, 0.5] }, runs: [{ iterations: 1 }] });
    try {
      const minima = minimaOf(model);
      assert.ok(minima.length > 0, 'every function has a marked point');
      const box = viewBox(model);
      const h = 1e-3;
      for (const m of minima) {
        assert.ok(m.x > box.x[0] && m.x < box.x[1] && m.y > box.y[0] && m.y < box.y[1], `${m.kind} (${m.x}, ${m.y}) inside the view box`);
        const { values } = session.functionGrid({ x: [m.x - h, m.x + h, 3], y: [m.y - h, m.y + h, 3] });
        const centre = values[4];
        assert.ok(Math.abs(centre - m.f) < 1e-6 * Math.max(1, Math.abs(m.f)), `f(${m.x}, ${m.y}) = ${centre}, listed ${m.f}`);
        const around = [...values].filter((_, k) => k !== 4);
        if (m.kind === 'saddle') {
          assert.ok(around.some((v) => v < centre) && around.some((v) => v > centre), 'a saddle: lower and higher around it');
        } else {
          assert.ok(around.every((v) => v >= centre), `(${m.x}, ${m.y}) is the lowest point of its neighbourhood`);
        }
      }
      const opt = session.optimum;
      if (model.function === 'saddle') assert.equal(opt, null);
      else {
        const first = minima.find((m) => m.kind === 'global');
        assert.ok(Math.abs(opt.params.flat[0] - first.x) < 1e-6 && Math.abs(opt.params.flat[1] - first.y) < 1e-6, `core minimum ${opt.params.flat}, listed (${first.x}, ${first.y})`);
        assert.ok(Math.abs(opt.trainLoss - first.f) < 1e-6);
        for (const m of minima.filter((p) => p.kind === 'global')) assert.ok(Math.abs(m.f - opt.trainLoss) < 1e-6, 'every global minimum has the same value');
      }
    } finally {
      session.free();
    }
  });
}

test('logLevels: log-spaced thresholds over the span; bandOf finds a value\'s band', () => {
  const t = logLevels(0, 1000, { bands: 5, decades: 4 });
  assert.equal(t.length, 4);
  const ratios = t.slice(1).map((v, k) => v / t[k]);
  for (const r of ratios) assert.ok(Math.abs(r - ratios[0]) < 1e-9, 'equal ratios between thresholds');
  assert.ok(t[0] > 0 && t.at(-1) < 1000);
  assert.equal(bandOf(-1, t), 0);
  assert.equal(bandOf(t[0], t), 1);
  assert.equal(bandOf(999, t), 4);
  assert.equal(bandOf(NaN, t), 4);
  assert.deepEqual(logLevels(3, 3), []);
  const shifted = logLevels(-4, 4, { bands: 3, decades: 1 });
  assert.ok(shifted.every((v) => v > -4 && v < 4), 'a landscape below zero (the saddle) is shifted, not logged');
});

test('roundedPoint: a click becomes a start point with about three digits across the box', () => {
  assert.deepEqual(roundedPoint(-1.2487301, 2.0051234, { x: [-2, 2], y: [-1, 3] }), [-1.249, 2.005]);
  assert.deepEqual(roundedPoint(123.456, -0.0004, { x: [0, 1000], y: [0, 1000] }), [123, 0]);
});

test('levelsOf: log-spaced for a function with a minimum, evenly spaced for the saddle (unbounded below)', async () => {
  const { levelsOf } = await import('../../web/landscapes.js');
  const rosen = levelsOf({ function: 'rosenbrock' }, 0, 2500, { bands: 4 });
  assert.equal(rosen.log, true);
  const saddle = levelsOf({ function: 'saddle' }, -4, 4, { bands: 4 });
  assert.deepEqual(saddle, { thresholds: [-2, 0, 2], log: false });
});
