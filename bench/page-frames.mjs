#!/usr/bin/env node
// page-frames.mjs — does the playground stay responsive while a large experiment trains and plays
// back? Headless Chromium (Debian's, as the browser tests use it) opens the page, sets a 1e6 × 16
// experiment (batch GD, SGD and mini-batch 16, 1,000 updates each), presses Run, and records the time
// between animation frames (requestAnimationFrame) on the page's main thread while the worker trains;
// then it plays the recorded history back at the default speed and records again. A frame over 50 ms
// is one a person notices.
//
//   node bench/page-frames.mjs [--repeats N] [--n ROWS] [--d FEATURES] [--json FILE]
//
// Prints, per phase, the frames' 50th and 95th percentiles and the longest, for every repeat, and
// the spread of the 95th percentile over the repeats. Not a test: timings depend on the machine.

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { openPage, setUp, waitReady } from '../tests/browser/helpers.js';

const { values: args } = parseArgs({
  options: { repeats: { type: 'string', default: '3' }, n: { type: 'string', default: '1000000' }, d: { type: 'string', default: '16' }, json: { type: 'string' } },
});
const repeats = Number(args.repeats);
const experiment = { data: { n: Number(args.n), d: Number(args.d) } };

/** Starts recording frame intervals in the page (window.__frames). */
const startFrames = (page) => page.evaluate(() => {
  window.__frames = [];
  window.__recording = true;
  let last = performance.now();
  const tick = (t) => {
    window.__frames.push(t - last);
    last = t;
    if (window.__recording) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});
const stopFrames = (page) => page.evaluate(() => {
  window.__recording = false;
  return window.__frames.slice(1); // the first interval includes the time before recording
});

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const summary = (frames) => ({ frames: frames.length, p50: quantile(frames, 0.5), p95: quantile(frames, 0.95), max: Math.max(...frames) });
const ms = (v) => `${v.toFixed(1)} ms`;

const env = await setUp();
const results = [];
try {
  for (let r = 0; r < repeats; r += 1) {
    const { page, errors } = await openPage(env.browser, env.url, { width: 1440, height: 900 });
    await waitReady(page);
    await page.evaluate((exp) => window.descent.setExperiment(exp), experiment);
    await page.waitForFunction(() => /^Ready/.test(document.getElementById('status').textContent), null, { timeout: 60000 });
    await startFrames(page);
    const t0 = Date.now();
    await page.click('#run');
    await page.waitForFunction(() => /^Finished/.test(document.getElementById('status').textContent), null, { timeout: 600000, polling: 200 });
    const trainMs = Date.now() - t0;
    const training = await stopFrames(page);
    await startFrames(page);
    const length = await page.evaluate(() => window.descent.play().length);
    await page.waitForFunction(() => window.descent.view().playback.live, null, { timeout: 120000, polling: 200 });
    const playback = await stopFrames(page);
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    const row = { repeat: r + 1, trainMs, length, training: summary(training), playback: summary(playback) };
    results.push(row);
    console.log(`repeat ${r + 1}: training ${ms(trainMs)}: frames p50 ${ms(row.training.p50)}, p95 ${ms(row.training.p95)}, max ${ms(row.training.max)} (${row.training.frames} frames); `
      + `playback of ${length} updates: p50 ${ms(row.playback.p50)}, p95 ${ms(row.playback.p95)}, max ${ms(row.playback.max)} (${row.playback.frames} frames)`);
    await page.context().close();
  }
} finally {
  await env.close();
}
const spread = (phase) => {
  const p95 = results.map((r) => r[phase].p95);
  return `${ms(Math.min(...p95))} – ${ms(Math.max(...p95))}`;
};
console.log(`n = ${experiment.data.n}, d = ${experiment.data.d}: p95 frame while training ${spread('training')}, while playing back ${spread('playback')} over ${repeats} repeats (budget: 50 ms)`);
if (args.json) writeFileSync(args.json, `${JSON.stringify({ experiment, results }, null, 2)}\n`);
