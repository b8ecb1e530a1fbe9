// Test functions and networks in the playground: a function's landscape (filled contours, the known
// minima, each run's path to the playback cursor; a click sets the start point, and Undo puts it
// back), a network's decision regions on 2-D data (worker grids at the cursor, every run's 0.5
// boundary, accuracy in the runs table), and the numbers equal to Node's.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { loadEngine, run as runInNode } from '../../web/lib/index.js';
import { fragmentFor, lossSeries, openPage, runToEnd, setUp, waitReady } from './helpers.js';

let env;

before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

const ROSENBROCK = { model: { kind: 'function', function: 'rosenbrock' }, init: { params: [-1.5, 2] }, runs: [{ name: 'Adam', optimizer: { kind: 'adam', lr: 0.05 }, iterations: 400 }, { name: 'GD', optimizer: { kind: 'sgd', lr: 0.001 }, iterations: 400 }] };
const MOONS = { data: { kind: 'moons', n: 120 }, model: { hidden: [6] }, runs: [{ name: 'Adam', optimizer: { kind: 'adam', lr: 0.02 }, iterations: 150 }, { name: 'GD', optimizer: { kind: 'sgd', lr: 0.5 }, iterations: 150 }] };

/** What the landscape (contour) and data charts show, read through the page's own Chart.js. */
function charts(page) {
  return page.evaluate(async () => {
    const { Chart } = await import('chart.js');
    await new Promise((resolve) => { requestAnimationFrame(() => requestAnimationFrame(resolve)); });
    const contour = Chart.getChart(document.getElementById('contour-chart'));
    const data = Chart.getChart(document.getElementById('data-chart'));
    return {
      contour: Boolean(contour.$descentContour),
      paths: contour.data.datasets.filter((ds) => ds.path !== undefined).map((ds) => ds.data),
      marks: contour.data.datasets.filter((ds) => ds.mark).map((ds) => ({ label: ds.label, data: ds.data })),
      axes: [contour.options.scales.x.title.text, contour.options.scales.y.title.text],
      heat: Boolean(data.$heat),
      boundaries: data.data.datasets.filter((ds) => ds.fit !== undefined).map((ds) => ds.data.filter((p) => p.y !== null)),
      classes: data.data.datasets.filter((ds) => /class/.test(ds.label)).reduce((n, ds) => n + ds.data.length, 0),
    };
  });
}

async function sameAsNode(page, experiment) {
  const node = await runInNode(experiment);
  for (const s of (await lossSeries(page)).filter((x) => x.column === 'trainLoss')) {
    assert.ok(Object.is(s.last, node.runs[s.run].history.trainLoss.at(-1)), `${s.label}: page ${s.last}, node ${node.runs[s.run].history.trainLoss.at(-1)}`);
  }
  return node;
}

test('a test function: its landscape with the minima and each run\'s path to the cursor; a click sets the start, Undo puts it back', async () => {
  const { page, errors } = await openPage(env.browser, `${env.url}${fragmentFor(JSON.stringify(ROSENBROCK))}`);
  try {
    await waitReady(page);
    await runToEnd(page);
    const node = await sameAsNode(page, ROSENBROCK);
    await page.waitForFunction(() => !document.getElementById('contour-key').hidden);
    const view = await page.evaluate(() => window.descent.view());
    assert.equal(view.surface.mode, 'landscape');
    assert.deepEqual(view.surface.axes.map((a) => a.name), ['x', 'y']);
    assert.equal(view.data, null);
    const shown = await charts(page);
    assert.ok(shown.contour, 'the filled contours are drawn');
    assert.deepEqual(shown.axes, ['x', 'y']);
    assert.deepEqual(shown.marks, [{ label: 'global minimum', data: [{ x: 1, y: 1 }] }]);
    shown.paths.forEach((path, i) => {
      assert.deepEqual(path[0], { x: -1.5, y: 2 }, 'every path starts at the start point');
      assert.deepEqual(path.at(-1), { x: node.runs[i].params.flat[0], y: node.runs[i].params.flat[1] }, 'and ends where Node ends');
    });
    assert.equal(await page.isHidden('#data-card'), true, 'no data chart for a function');
    assert.match(await page.textContent('#contour-heading'), /Landscape of rosenbrock/);
    assert.match(await page.textContent('#landscape-hint'), /Click \(or tap\) the landscape/);

    // the cursor: each path ends at the run's point at iteration 100
    await page.evaluate(() => window.descent.seek(100));
    const at100 = await charts(page);
    at100.paths.forEach((path, i) => {
      assert.equal(path.length, 101, 'the path up to iteration 100 (recorded every update)');
      const k = node.runs[i].history.iteration.indexOf(100);
      assert.deepEqual(path.at(-1), { x: node.runs[i].history.param0[k], y: node.runs[i].history.param1[k] });
    });

    // a click sets init.params (rounded to the box), the runs start there; Undo puts the start back
    const target = await page.evaluate(async () => {
      const { Chart } = await import('chart.js');
      const chart = Chart.getChart(document.getElementById('contour-chart'));
      chart.canvas.scrollIntoView({ block: 'center' });
      const box = chart.canvas.getBoundingClientRect();
      return { x: box.left + chart.scales.x.getPixelForValue(0.5), y: box.top + chart.scales.y.getPixelForValue(-0.5) };
    });
    await page.mouse.click(target.x, target.y);
    await page.waitForFunction(() => /^Finished by itself/.test(document.getElementById('status').textContent));
    const [x, y] = (await page.evaluate(() => window.descent.getExperiment())).init.params;
    assert.ok(Math.abs(x - 0.5) < 0.02 && Math.abs(y + 0.5) < 0.02, `start (${x}, ${y}) near the click at (0.5, −0.5)`);
    assert.equal(await page.inputValue('#f-init'), 'custom', 'the form shows the custom start');
    assert.match(await page.textContent('#landscape-start'), /Every run now starts at/);
    await page.evaluate(() => window.descent.seek(null));
    const moved = await charts(page);
    for (const path of moved.paths) assert.deepEqual(path[0], { x, y });
    await page.click('#landscape-undo');
    assert.deepEqual((await page.evaluate(() => window.descent.getExperiment())).init, { params: [-1.5, 2] });
    assert.equal(await page.isHidden('#landscape-undo'), true);

    // a drag zooms and sets nothing
    const before = JSON.stringify((await page.evaluate(() => window.descent.getExperiment())).init);
    await page.mouse.move(target.x, target.y);
    await page.mouse.down();
    await page.mouse.move(target.x + 60, target.y + 60, { steps: 5 });
    await page.mouse.up();
    await page.waitForTimeout(300);
    assert.equal(JSON.stringify((await page.evaluate(() => window.descent.getExperiment())).init), before);
    assert.deepEqual(errors, []);
  } finally {
    await page.context().close();
  }
});

test('the six-hump camel marks its global and local minima; the saddle its saddle point', async () => {
  const camel = { model: { kind: 'function', function: 'six_hump_camel' }, init: { params: [1, 1] }, runs: [{ optimizer: { kind: 'sgd', lr: 0.01 }, iterations: 50 }] };
  const { page, errors } = await openPage(env.browser, `${env.url}${fragmentFor(JSON.stringify(camel))}`);
  try {
    await waitReady(page);
    await runToEnd(page);
    const marks = (await charts(page)).marks;
    assert.deepEqual(marks.map((m) => [m.label, m.data.length]), [['global minima', 2], ['local minima', 4]]);
    await page.evaluate(() => window.descent.setExperiment({ model: { kind: 'function', function: 'saddle' }, init: { params: [1, 0.01] }, runs: [{ optimizer: { kind: 'sgd', lr: 0.05 }, iterations: 100 }] }));
    await page.waitForFunction(() => /^Finished by itself/.test(document.getElementById('status').textContent));
    assert.deepEqual((await charts(page)).marks.map((m) => m.label), ['saddle point (no minimum)']);
    assert.match(await page.textContent('#optimum-note'), /unbounded below/);
    assert.deepEqual(errors, []);
  } finally {
    await page.context().close();
  }
});

test('a network on moons: the classes and each run\'s decision regions at the cursor, accuracy in the table; dark theme', async () => {
  const { page, errors } = await openPage(env.browser, `${env.url}${fragmentFor(JSON.stringify(MOONS))}`);
  try {
    await waitReady(page);
    await runToEnd(page);
    await sameAsNode(page, MOONS);
    assert.equal((await page.evaluate(() => window.descent.view())).data, 'boundary');
    await page.waitForFunction(async () => {
      const { Chart } = await import('chart.js');
      return Boolean(Chart.getChart(document.getElementById('data-chart')).$heat);
    });
    const end = await charts(page);
    assert.equal(end.classes, 120, 'every row drawn (train and test)');
    assert.ok(end.heat, 'the chosen run\'s P(y = 1) as a heat map');
    assert.ok(end.boundaries.every((b) => b.length > 10), 'every run\'s 0.5 boundary is traced');
    assert.match(await page.textContent('#data-heading'), /decision regions/);
    // its loss surface: a plane through a run's parameters (surface.test.js checks it in detail)
    await page.waitForFunction(() => /A slice through all \d+ parameters/.test(document.getElementById('contour-note').textContent), null, { timeout: 30000 });
    const heads = await page.$$eval('#run-table thead th', (ths) => ths.map((th) => th.textContent));
    assert.ok(heads.some((h) => /acc/.test(h)), `accuracy columns: ${heads}`);
    assert.ok(await page.$$eval('#run-table tbody td.acc', (tds) => tds.some((td) => /%/.test(td.textContent))), 'accuracy values shown');

    // at iteration 10 the boundaries are the ones of the snapshot there, not the end's
    await page.evaluate(() => window.descent.seek(10));
    await page.waitForFunction(async (last) => {
      const { Chart } = await import('chart.js');
      const ds = Chart.getChart(document.getElementById('data-chart')).data.datasets.find((d) => d.fit === 0);
      return JSON.stringify(ds.data.slice(0, 3)) !== last;
    }, JSON.stringify(end.boundaries[0].slice(0, 3)));

    // the system switching to dark redraws every chart without an error
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(300);
    await page.evaluate(() => window.descent.seek(null));
    assert.ok((await charts(page)).heat);
    assert.deepEqual(errors, []);
  } finally {
    await page.context().close();
  }
});

test('a network on sine data (1-D input, powers of x): trained to Node\'s numbers; its fitted curve is the core\'s predict', async () => {
  const experiment = { data: { kind: 'sine', degree: 3 }, model: { kind: 'mlp', hidden: [8], activation: 'relu' }, runs: [{ name: 'Adam', optimizer: { kind: 'adam', lr: 0.02 }, iterations: 150 }] };
  const { page, errors } = await openPage(env.browser, `${env.url}${fragmentFor(JSON.stringify(experiment))}`);
  try {
    await waitReady(page);
    await runToEnd(page);
    const node = await sameAsNode(page, experiment);
    assert.match(await page.textContent('#optimum-note'), /no closed form for a network/);
    assert.equal((await page.evaluate(() => window.descent.view())).data, 'fit');
    await page.waitForFunction(async () => {
      const { Chart } = await import('chart.js');
      return Chart.getChart(document.getElementById('data-chart')).data.datasets.find((ds) => ds.fit === 0).data.length > 0;
    });
    const curve = (await charts(page)).boundaries[0];
    // the page's curve at a few x against the Node session's predict on the same features
    const engine = await loadEngine();
    const session = engine.createSession(experiment);
    try {
      const { mean, scale } = session.featureStats();
      for (const k of [0, 40, 119]) {
        const { x, y } = curve[k];
        const X = [x, x * x, x * x * x].map((v, j) => (v - mean[j]) / scale[j]);
        const want = session.predict(node.runs[0].params.flat, X)[0];
        assert.ok(Math.abs(y - want) < 1e-9 * Math.max(1, Math.abs(want)), `x ${x}: page ${y}, node ${want}`);
      }
    } finally {
      session.free();
    }
    assert.deepEqual(errors, []);
  } finally {
    await page.context().close();
  }
});

test('presets: the menu lists examples/presets.json; a landscape and a network preset load, train and draw', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  try {
    await waitReady(page);
    await page.waitForFunction(() => !document.getElementById('preset').disabled);
    const titles = await page.$$eval('#preset option', (options) => options.map((o) => o.textContent));
    assert.ok(titles.some((t) => /Himmelblau/.test(t)) && titles.some((t) => /spiral/i.test(t)), titles.join(' | '));
    const himmelblau = await page.$eval('#preset', (select) => [...select.options].find((o) => /Himmelblau/.test(o.textContent)).value);
    await page.selectOption('#preset', himmelblau);
    await page.waitForFunction(() => /What to look at/.test(document.getElementById('preset-note').textContent));
    await page.waitForFunction(() => /^Finished by itself/.test(document.getElementById('status').textContent), null, { timeout: 30000 });
    assert.equal((await page.evaluate(() => window.descent.getExperiment())).model.function, 'himmelblau');
    await page.evaluate(() => window.descent.seek(null));
    const shown = await charts(page);
    assert.deepEqual(shown.marks.map((m) => [m.label, m.data.length]), [['global minima', 4]]);
    const ends = shown.paths.map((p) => `${p.at(-1).x.toFixed(2)},${p.at(-1).y.toFixed(2)}`);
    assert.equal(new Set(ends).size, 4, `four starts, four minima: ${ends}`);

    const spiral = await page.$eval('#preset', (select) => [...select.options].find((o) => /spiral/i.test(o.textContent)).value);
    await page.selectOption('#preset', spiral);
    await page.waitForFunction(() => window.descent.getExperiment().data.kind === 'spiral');
    // a small experiment trains by itself after the change (cost.js); a larger one waits for Run
    await page.waitForFunction(() => /^(Ready|Finished)/.test(document.getElementById('status').textContent), null, { timeout: 60000 });
    if (/^Ready/.test(await page.textContent('#status'))) await runToEnd(page);
    else await page.evaluate(() => window.descent.seek(null));
    await page.waitForFunction(async () => {
      const { Chart } = await import('chart.js');
      return Boolean(Chart.getChart(document.getElementById('data-chart')).$heat);
    });
    assert.equal((await page.evaluate(() => window.descent.view())).data, 'boundary');
    assert.deepEqual(errors, []);
  } finally {
    await page.context().close();
  }
});

test('the form: choosing "test function" removes the data, starts at the function\'s point and draws its landscape; back to a network', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  try {
    await waitReady(page);
    const labels = await page.$$eval('#f-model-kind option', (options) => options.map((o) => o.textContent));
    assert.deepEqual(labels, ['linear regression', 'logistic regression', 'test function', 'neural network']);
    await page.selectOption('#f-model-kind', 'function');
    await page.waitForFunction(() => /^Finished by itself/.test(document.getElementById('status').textContent), null, { timeout: 30000 });
    const e = await page.evaluate(() => window.descent.getExperiment());
    assert.equal(e.data.kind, 'none');
    assert.deepEqual(e.init, { params: [-1.5, 2] });
    assert.deepEqual(e.runs.map((r) => r.name), ['GD', 'momentum 0.9', 'Adam']);
    assert.match(await page.textContent('[data-path="data"]'), /None: a test function/);
    assert.equal(await page.$('#f-data-kind'), null, 'no data generator to choose');
    const inits = await page.$$eval('#f-init option', (options) => options.map((o) => o.value));
    assert.deepEqual(inits, ['zeros', 'custom'], 'no "uniform" start for a function');
    assert.equal(await page.inputValue('#f-init-params'), '-1.5, 2');
    await page.selectOption('#f-model-function', 'six_hump_camel');
    await page.waitForFunction(() => window.descent.getExperiment().model.function === 'six_hump_camel' && /^Finished by itself/.test(document.getElementById('status').textContent), null, { timeout: 30000 });
    assert.match(await page.textContent('#contour-heading'), /six-hump camel/);
    assert.equal((await page.evaluate(() => window.descent.view())).surface.mode, 'landscape');
    await page.selectOption('#f-model-kind', 'mlp');
    await page.waitForFunction(() => window.descent.getExperiment().data.kind === 'moons');
    await waitReady(page);
    assert.deepEqual(await page.$$eval('#f-init option', (options) => options.map((o) => o.value)), ['uniform', 'zeros', 'custom']);
    assert.equal(await page.isVisible('#data-card'), true);
    assert.deepEqual(errors, []);
  } finally {
    await page.context().close();
  }
});
