// The charts' rules (web/scales.js, DOM-free): the loss chart's y range and its automatic log scale,
// clipping of diverged runs, coinciding curves, log tick thinning; and the number formats of ticks,
// epochs, percentages and short durations (web/lib/text.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { AUTO_LOG_SPAN, coincidence, lossRange, nestedWidths, thinLogTicks } from '../../web/scales.js';
import { formatDuration, formatEpochs, formatPercent, formatTick } from '../../web/lib/text.js';

test('log y switches on by itself when the losses span more than 100×, and the toggle overrides it', () => {
  const flat = [{ values: [1, 0.5, 0.2], diverged: false }];
  assert.equal(lossRange(flat, 'auto').log, false);
  const spike = [{ values: [1, 300, 0.5, 0.1], diverged: false }]; // a first-step spike
  assert.equal(lossRange(spike, 'auto').log, true);
  assert.ok(lossRange(spike, 'auto').span > AUTO_LOG_SPAN);
  assert.equal(lossRange(spike, false).log, false);
  assert.equal(lossRange(flat, true).log, true);
  const linear = lossRange(flat, false);
  assert.ok(linear.min >= 0 && linear.min < 0.2 && linear.max > 1);
});

test('a diverged run turns log y on, and is clipped 1000× above the others (linear: at its first value)', () => {
  const series = [
    { values: [5, 1, 0.1, 0.08], diverged: false },
    { values: [5, 80, 9e5, 8e9, Infinity], diverged: true },
  ];
  const r = lossRange(series, 'auto');
  assert.equal(r.log, true, 'the blow-up is in view: the losses span more than 100×');
  assert.ok(r.max > 5000 && r.max < 1e4, `max ${r.max}: 8e9 is clipped at 1000 × 5`);
  const linear = lossRange(series, false);
  assert.equal(linear.log, false);
  assert.ok(linear.max < 10, `linear max ${linear.max}: clipped to the others' range`);
  const all = lossRange([{ values: [2, 1e3, 1e9], diverged: true }], 'auto');
  assert.ok(all.max >= 1e9 && all.log, 'every run diverged: their values are the range');
});

test('runs with the same curve form groups; their lines nest (the first narrowest, drawn on top)', () => {
  const run = (losses, its = losses.map((_, k) => k)) => ({ cols: { iteration: its, trainLoss: losses } });
  const a = run([1, 0.5, 0.25]);
  const b = run([1, 0.5, 0.25]);
  const c = run([1, 0.6, 0.3]);
  const d = run([1, 0.50001, 0.25]);
  assert.deepEqual(coincidence([a, b, c, d]), [
    { rank: 0, size: 3, group: 0 }, { rank: 1, size: 3, group: 0 }, { rank: 0, size: 1, group: 2 }, { rank: 2, size: 3, group: 0 },
  ]);
  assert.deepEqual(nestedWidths([[1, 2], [1, 2], [3, 4], null], 2), [2, 4.5, 2, 2]);
});

test('log ticks: powers of ten over wide ranges, thinned so that labels never crowd', () => {
  const scale = (min, max, height) => ({
    type: 'logarithmic', min, max, height, isHorizontal: () => false,
    ticks: (() => {
      const out = [];
      for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e += 1) for (let m = 1; m < 10; m += 1) out.push({ value: m * 10 ** e });
      return out.filter((t) => t.value >= min && t.value <= max);
    })(),
  });
  const wide = scale(1e-4, 1e10, 200);
  thinLogTicks(wide);
  assert.ok(wide.ticks.length <= 200 / 24, `${wide.ticks.length} labels in 200 px`);
  assert.ok(wide.ticks.every((t) => Number.isInteger(Math.log10(t.value))), 'powers of ten only');
  const narrow = scale(0.05, 2, 300);
  thinLogTicks(narrow);
  assert.deepEqual(narrow.ticks.map((t) => formatTick(t.value)), ['0.05', '0.1', '0.2', '0.5', '1', '2']);
});

test('ticks read like 1e9, 0.001, 5e-4; epochs are rounded; durations under a millisecond show', () => {
  assert.deepEqual([9e9, 1e9, 0.001, 5e-4, 250, 1e5, 123456, 0.1 + 0.2, -2e-7].map(formatTick),
    ['9e9', '1e9', '0.001', '5e-4', '250', '1e5', '1.23e5', '0.3', '-2e-7']);
  assert.deepEqual([2.82486, 43.4972, 12.5, 200, 0.125].map(formatEpochs), ['2.82', '43.5', '12.5', '200', '0.125']);
  assert.deepEqual([0.9125, 1, null].map(formatPercent), ['91.3%', '100.0%', '–']);
  assert.deepEqual([0, 0.004, 0.42, 3.14159, 850, 12345].map((ms) => formatDuration(ms)), ['0 ms', '< 0.01 ms', '0.42 ms', '3.1 ms', '850 ms', '12.3 s']);
});

test('lossRange: auto log stays off when a value is negative (a test function\'s f: the saddle heads to −∞)', () => {
  const r = lossRange([{ values: [1, 1e-6, -200], diverged: false }, { values: [1, -5, -2.6e6], diverged: true }], 'auto');
  assert.equal(r.log, false);
  assert.ok(r.min < -200 && r.max > 1, `${r.min}..${r.max}`);
});
