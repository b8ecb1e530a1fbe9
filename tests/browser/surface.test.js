// surface.test.js — the loss surface for every model (issue 14): a 3-parameter linear model and
// logistic blobs are drawn on a plane of steepest curvature, a network on random directions, with
// contours computed by the worker, each run's path projected, and the plane controls.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { openPage, runToEnd, setUp, waitReady } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

/** Waits until the surface chart has a contour image; returns what it draws. */
async function surface(page) {
  await page.waitForFunction(() => window.descent.view().surface !== null, null, { timeout: 60000 });
  for (let k = 0; k < 240; k += 1) {
    const drawn = await page.evaluate(async () => {
      const { Chart } = await import('chart.js');
      const chart = Chart.getChart(document.getElementById('contour-chart'));
      if (!chart?.$descentContour) return null;
      return {
        paths: chart.data.datasets.filter((ds) => ds.path !== undefined).map((ds) => ds.data.length),
        star: chart.data.datasets.find((ds) => ds.pointStyle === 'star')?.label ?? null,
        x: chart.options.scales.x.title.text,
      };
    });
    if (drawn) return { ...drawn, view: await page.evaluate(() => window.descent.view().surface) };
    await page.waitForTimeout(250);
  }
  throw new Error('no contours after 60 s');
}

test('a 3-parameter linear model: a plane of steepest curvature through the optimum, paths projected', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await page.evaluate((e) => window.descent.setExperiment(e), JSON.parse(readFileSync(`${root}examples/optimizers.json`, 'utf8')));
  await waitReady(page);
  await runToEnd(page);
  const s = await surface(page);
  assert.equal(s.view.mode, 'plane');
  assert.equal(s.view.directions, 'curvature');
  assert.equal(s.star, 'centre: the closed-form optimum');
  const [l1, l2] = s.view.axes.map((a) => a.lambda);
  assert.ok(l1 / l2 > 50, `an ill-conditioned valley: curvatures ${l1} and ${l2}`);
  assert.match(s.x, /top-curvature direction 1 \(curvature λ = /);
  // equal scales: the narrow valley looks narrow
  const span = (r) => r[1] - r[0];
  assert.ok(Math.abs(span(s.view.axes[0].range) / span(s.view.axes[1].range) - 1) < 1e-9);
  assert.ok(s.paths.every((n) => n > 10), `every run has a path: ${s.paths}`);
  assert.match(await page.textContent('#contour-note'), /A slice through all 3 parameters/);
  // two chosen parameters instead: w1 and b
  await page.selectOption('#plane-mode', 'params');
  assert.equal(await page.isVisible('#plane-i'), true);
  await page.selectOption('#plane-j', '2');
  const p = await surface(page);
  assert.equal(p.view.directions, 'params');
  assert.deepEqual(p.view.axes.map((a) => a.name), ['θ0', 'θ2']);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('logistic blobs and a network: planes through a run\'s parameters after training', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await page.evaluate((e) => window.descent.setExperiment(e), JSON.parse(readFileSync(`${root}examples/logistic-blobs.json`, 'utf8')));
  await waitReady(page);
  await runToEnd(page);
  const logistic = await surface(page);
  assert.equal(logistic.view.directions, 'curvature');
  assert.match(logistic.star, /^centre: .*'s parameters \(iteration \d+\)$/);
  await page.evaluate((e) => window.descent.setExperiment(e), {
    seed: 2, data: { kind: 'moons', n: 200 }, model: { kind: 'mlp', hidden: [8] },
    runs: [{ name: 'GD', optimizer: { kind: 'sgd', lr: 0.5 }, iterations: 200 }, { name: 'Adam', optimizer: { kind: 'adam', lr: 0.02 }, iterations: 200 }],
  });
  await waitReady(page);
  await runToEnd(page);
  const net = await surface(page);
  assert.equal(net.view.directions, 'random');
  assert.match(net.x, /random direction 1 \(filter-normalised\)/);
  assert.ok(net.paths.every((n) => n > 10), `paths: ${net.paths}`);
  assert.match(await page.textContent('#contour-note'), /A slice through all 33 parameters: .*Li et al\., 2018/);
  assert.deepEqual(errors, []);
  await page.context().close();
});
