// Watching it learn, in Chromium: playback moves one cursor across every chart, small experiments
// re-run by themselves and keep the previous result faded, the charts choose honest scales, a
// classifier shows its regions and accuracy, and the page works on a phone and from the keyboard.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { defaultExperiment, loadEngine } from '../../web/lib/index.js';
import { openPage, runToEnd, setUp, waitReady } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

/** What each chart shows at the cursor, read through the page's own Chart.js. */
function charts(page) {
  return page.evaluate(async () => {
    const { Chart } = await import('chart.js');
    await new Promise((resolve) => { requestAnimationFrame(() => requestAnimationFrame(resolve)); });
    const get = (id) => Chart.getChart(document.getElementById(id));
    const loss = get('loss-chart');
    return {
      cursorX: loss.$cursorX,
      y: loss.scales.y.type,
      yMax: loss.scales.y.max,
      loss: loss.data.datasets.filter((ds) => ds.column && ds.run !== undefined).map((ds) => ({ run: ds.run, column: ds.column, last: ds.data.at(-1) ?? null, n: ds.data.length })),
      ghosts: loss.data.datasets.filter((ds) => ds.ghost).map((ds) => ({ n: ds.data.length, last: ds.data.at(-1)?.y, color: ds.borderColor })),
      markers: loss.data.datasets.find((ds) => ds.marker).data,
      lr: get('lr-chart').data.datasets.map((ds) => ds.data.at(-1) ?? null),
      fits: get('data-chart').data.datasets.filter((ds) => ds.fit !== undefined).map((ds) => ds.data),
      paths: get('contour-chart').data.datasets.filter((ds) => ds.path !== undefined).map((ds) => ds.data.at(-1) ?? null),
    };
  });
}

test('playback moves one cursor across every chart; play, pause, seek and Step from scripts and buttons', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await page.click('#run'); // the seed experiment finishes at once: it plays back by itself
  await page.waitForFunction(() => /^Finished/.test(document.getElementById('status').textContent));
  const playing = await page.evaluate(() => window.descent.view().playback);
  assert.equal(playing.playing, true, 'a run over before one could watch plays back');
  assert.equal(playing.length, 1000);
  assert.equal(playing.speed, 300, 'the seed experiment plays in about 3.3 s');
  await page.waitForFunction(() => window.descent.view().playback.position > 100);
  assert.equal(await page.textContent('#run'), 'Pause');
  await page.click('#run'); // pauses the playback
  const paused = await page.evaluate(() => window.descent.view().playback);
  assert.equal(paused.playing, false);
  assert.ok(paused.position > 100 && paused.position < 1000);

  // Seek: every chart shows each run at iteration 300.
  await page.evaluate(() => window.descent.seek(300));
  const at = await charts(page);
  assert.equal(at.cursorX, 300);
  const node = await loadEngine();
  const session = node.createSession(defaultExperiment());
  try {
    for (let i = 0; i < session.runCount; i += 1) {
      session.advance(i);
      const h = session.history(i);
      const k = h.iteration.findLastIndex((it) => it <= 300);
      const train = at.loss.find((s) => s.run === i && s.column === 'trainLoss');
      assert.deepEqual(train.last, { x: h.iteration[k], y: h.trainLoss[k] }, `run ${i}: the loss curve ends at the cursor`);
      assert.equal(at.lr[i].x, h.iteration[k]);
      assert.deepEqual(at.paths[i], { x: h.param0[k], y: h.param1[k] }, `run ${i}: the path ends at the cursor`);
      const fit = at.fits[i];
      assert.ok(Math.abs(fit[0].y - (h.param0[k] * fit[0].x + h.param1[k])) < 1e-12, `run ${i}: the fit is the model at the cursor`);
    }
  } finally {
    session.free();
  }
  const cells = await page.$$eval('#run-table tbody tr', (trs) => trs.map((tr) => tr.cells[2].textContent.split(' / ')[0]));
  assert.deepEqual(cells, ['300', '300', '300'], 'the runs table follows the cursor');
  assert.equal(await page.inputValue('#seek'), '300');

  // Step moves the cursor by the chosen amount; Reset goes back to 0; play({speed}) from a script.
  await page.selectOption('#step-size', '100');
  await page.click('#step');
  assert.equal((await page.evaluate(() => window.descent.view().playback)).position, 400);
  await page.selectOption('#step-size', 'epoch'); // batch GD: one epoch is one update
  await page.click('#step');
  assert.equal((await page.evaluate(() => window.descent.view().playback)).position, 401);
  await page.click('#reset');
  assert.equal((await page.evaluate(() => window.descent.view().playback)).position, 0);
  const fast = await page.evaluate(() => window.descent.play({ speed: 1e5 }));
  assert.equal(fast.playing, true);
  assert.equal(fast.speed, 1e5);
  await page.waitForFunction(() => window.descent.view().playback.live);
  const end = await charts(page);
  assert.equal(end.cursorX, null, 'at the end the cursor line goes: everything is shown');
  assert.ok(end.loss.every((s) => s.n > 400));
  assert.equal(await page.textContent('#run'), 'Replay');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the fit chart shows each run\'s model at the cursor from parameter snapshots (more than two parameters)', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  const experiment = { data: { kind: 'polynomial', degree: 3 }, runs: [{ name: 'adam', optimizer: { kind: 'adam', lr: 0.05 }, iterations: 300 }] };
  await page.evaluate((exp) => window.descent.setExperiment(exp), experiment);
  await waitReady(page);
  await page.evaluate(() => window.descent.seek(100));
  const fit = (await charts(page)).fits[0];
  // The same model at iteration 100 in Node (the page's snapshots stand where history points do).
  const node = await loadEngine();
  const session = node.createSession(experiment);
  try {
    session.advance(0, 100);
    const p = session.params(0);
    const { mean, scale } = session.featureStats();
    const predict = (x) => p[3] + [1, 2, 3].reduce((z, k) => z + p[k - 1] * ((x ** k - mean[k - 1]) / scale[k - 1]), 0);
    for (const q of [fit[0], fit[60], fit.at(-1)]) assert.ok(Math.abs(q.y - predict(q.x)) < 1e-9 * (1 + Math.abs(q.y)), `fit at x = ${q.x}`);
  } finally {
    session.free();
  }
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('an edit of a small experiment re-runs by itself and keeps the previous result, faded', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await runToEnd(page);
  const before = await charts(page);
  await page.fill('#f-runs-0-optimizer-lr', '0.01');
  await page.press('#f-runs-0-optimizer-lr', 'Tab');
  await page.waitForFunction(() => /^Finished by itself/.test(document.getElementById('status').textContent));
  const afterEdit = await charts(page);
  assert.equal(afterEdit.ghosts.length, 3, 'the three previous training curves stay');
  afterEdit.ghosts.forEach((g, i) => {
    const old = before.loss.find((s) => s.run === i && s.column === 'trainLoss');
    assert.equal(g.last, old.last.y, `previous run ${i} as it ended`);
    assert.match(g.color, /rgba\(.*, 0\.3\)/, 'faded');
  });
  const lossNow = afterEdit.loss.find((s) => s.run === 0 && s.column === 'trainLoss');
  assert.notEqual(lossNow.last.y, before.loss.find((s) => s.run === 0 && s.column === 'trainLoss').last.y, 'the new result is drawn');
  assert.ok(afterEdit.loss.every((s) => s.n > 400), 'trained to the end, nothing pressed');
  assert.equal(await page.textContent('#run'), 'Replay');
  const legend = await page.evaluate(async () => {
    const { Chart } = await import('chart.js');
    return Chart.getChart(document.getElementById('loss-chart')).legend.legendItems.map((i) => i.text);
  });
  assert.deepEqual(legend, ['batch GD', 'SGD', 'mini-batch 16', 'before the last change'], 'one entry per run');

  // A large experiment waits for Run; the previous result stays faded meanwhile.
  await page.evaluate(() => window.descent.setExperiment({ data: { n: 400000 } }));
  await page.waitForFunction(() => /^Ready/.test(document.getElementById('status').textContent));
  const waiting = await charts(page);
  assert.equal(waiting.ghosts.length, 3);
  assert.ok(waiting.loss.every((s) => s.n <= 1), `nothing trained yet: ${JSON.stringify(waiting.loss)}`);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('honest scales: log y turns on for a diverged run, which is clipped with its mark; ticks; log x; zoom and reset', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  const experiment = JSON.parse(readFileSync(`${root}/examples/divergence.json`, 'utf8'));
  await page.evaluate((exp) => window.descent.setExperiment(exp), experiment);
  await waitReady(page);
  const view = await page.evaluate(() => window.descent.view());
  assert.equal(view.y, 'log');
  assert.equal(view.logYAuto, true);
  assert.equal(await page.isChecked('#log-y'), true, 'the box shows what the chart does');
  const c = await charts(page);
  assert.equal(c.y, 'logarithmic');
  assert.equal(c.markers.length, 1);
  assert.ok(c.markers[0].y <= c.yMax, 'the diverged run\'s mark stays in the chart');
  const labels = await page.evaluate(async () => {
    const { Chart } = await import('chart.js');
    const chart = Chart.getChart(document.getElementById('loss-chart'));
    return chart.scales.y.ticks.map((t) => t.label).filter(Boolean);
  });
  assert.ok(labels.every((l) => /^(\d+(\.\d+)?|\d(\.\d+)?e-?\d+)$/.test(l)), `tick labels ${labels}`);
  assert.ok(!labels.some((l) => l.includes('+')));
  await page.uncheck('#log-y'); // the toggle still works
  assert.equal((await charts(page)).y, 'linear');

  // log x for samples; the wall-time note on small runs
  assert.equal(await page.isHidden('#log-x-box'), true);
  await page.selectOption('#x-unit', 'samples');
  await page.check('#log-x');
  assert.equal((await page.evaluate(() => window.descent.view())).logX, true);
  await page.selectOption('#x-unit', 'timeMs');
  await page.waitForFunction(() => /measure overheads/.test(document.getElementById('loss-note').textContent));

  // zoom (chartjs-plugin-zoom) and its reset button
  await page.evaluate(async () => {
    const { Chart } = await import('chart.js');
    Chart.getChart(document.getElementById('loss-chart')).zoom(2);
  });
  await page.evaluate(async () => {
    const { Chart } = await import('chart.js');
    const chart = Chart.getChart(document.getElementById('loss-chart'));
    chart.options.plugins.zoom.zoom.onZoomComplete({ chart });
  });
  await page.waitForSelector('[data-reset-zoom="loss"]', { state: 'visible' });
  await page.click('[data-reset-zoom="loss"]');
  assert.equal(await page.evaluate(async () => {
    const { Chart } = await import('chart.js');
    return Chart.getChart(document.getElementById('loss-chart')).isZoomedOrPanned();
  }), false);
  assert.equal(await page.isHidden('[data-reset-zoom="loss"]'), true);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('coinciding runs stay distinguishable; sparse points are marked and counted', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await page.evaluate(() => window.descent.setExperiment({
    runs: [{ name: 'a', batchSize: 'full' }, { name: 'b', batchSize: 'full' }, { name: 'c', batchSize: 'full', record: { every: 250 } }],
  }));
  await waitReady(page);
  const widths = await page.evaluate(async () => {
    const { Chart } = await import('chart.js');
    return Chart.getChart(document.getElementById('loss-chart')).data.datasets.filter((ds) => ds.column === 'trainLoss' && ds.run !== undefined).map((ds) => [ds.borderWidth, Array.isArray(ds.pointRadius) ? Math.max(...ds.pointRadius) : ds.pointRadius]);
  });
  assert.deepEqual(widths, [[2, 0], [4.5, 0], [2, 3]], 'a and b nest; c\'s 5 points are dots');
  const note = await page.textContent('#loss-note');
  assert.match(note, /c: 5 recorded points \(record every 250 updates\)/);
  assert.match(note, /a, b draw the same curve/);
  // Hovering lists every run at that x, the coinciding ones too; the optimum star is drawn on top.
  const hover = await page.evaluate(async () => {
    const { Chart } = await import('chart.js');
    const chart = Chart.getChart(document.getElementById('loss-chart'));
    const x = chart.scales.x.getPixelForValue(500);
    const event = { type: 'mousemove', native: null, x, y: chart.chartArea.top + 20 }; // a ChartEvent
    const items = chart.getElementsAtEventForMode(event, 'runsAtX', { intersect: false }, false);
    const star = Chart.getChart(document.getElementById('contour-chart')).data.datasets.find((ds) => ds.pointStyle === 'star');
    return { runs: items.map((i) => chart.data.datasets[i.datasetIndex].label), starOrder: star.order };
  });
  assert.deepEqual(hover.runs.filter((l) => !l.endsWith('(test)')), ['a', 'b', 'c']);
  assert.equal(hover.starOrder, -1);

  // With no test rows nothing reads "NaN".
  await page.evaluate(() => window.descent.setExperiment({ data: { testFraction: 0 } }));
  await waitReady(page);
  assert.doesNotMatch(await page.textContent('#optimum-note'), /NaN/);
  assert.doesNotMatch(await page.textContent('#run-table'), /NaN/);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('classification: accuracy in the runs table, P(y = 1) regions under the points, a square chart, class colours no run uses', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await page.evaluate(() => window.descent.setExperiment({ data: { kind: 'blobs' } }));
  await waitReady(page);
  const head = await page.$$eval('#run-table thead th', (ths) => ths.map((th) => th.textContent));
  assert.deepEqual(head.slice(-2), ['Train acc', 'Test acc']);
  const acc = await page.$$eval('#run-table tbody tr', (trs) => trs.map((tr) => tr.cells[7].textContent));
  assert.ok(acc.every((a) => /^\d+\.\d%$/.test(a)), `test accuracies ${acc}`);
  const data = await page.evaluate(async () => {
    const { Chart } = await import('chart.js');
    const { PALETTE } = await import('./charts.js');
    const chart = Chart.getChart(document.getElementById('data-chart'));
    return {
      heat: Boolean(chart.$heat),
      square: Math.abs(chart.chartArea.width - chart.chartArea.height) < 0.2 * chart.chartArea.width,
      spans: [chart.scales.x.max - chart.scales.x.min, chart.scales.y.max - chart.scales.y.min],
      classColours: chart.data.datasets.filter((ds) => /class/.test(ds.label)).map((ds) => ds.borderColor.toLowerCase()),
      palette: PALETTE.map((c) => c.toLowerCase()),
    };
  });
  assert.equal(data.heat, true);
  assert.equal(data.square, true);
  assert.ok(Math.abs(data.spans[0] - data.spans[1]) < 1e-9, 'equal spans on both axes');
  assert.ok(data.classColours.every((c) => !data.palette.includes(c)));
  assert.equal(await page.isVisible('#regions-run'), true);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('on a phone the charts come first, settings are a tab, the runs table fits and help opens on tap', async () => {
  const context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(env.url);
  await waitReady(page);
  const layout = await page.evaluate(() => ({
    chartsTop: document.getElementById('runs-table-heading').getBoundingClientRect().top,
    lossTop: document.getElementById('loss-chart').getBoundingClientRect().top,
    settingsShown: getComputedStyle(document.getElementById('controls')).display !== 'none',
  }));
  assert.ok(layout.chartsTop < 844, `the runs table starts at ${layout.chartsTop}px`);
  assert.ok(layout.lossTop < 2 * 844, `the loss chart starts at ${layout.lossTop}px`);
  assert.equal(layout.settingsShown, false);
  await page.tap('#tab-settings');
  assert.equal(await page.isVisible('#f-data-n'), true);
  assert.equal(await page.isHidden('#runs-table-heading'), true);
  assert.equal(await page.isVisible('#f-data-n-help'), false);
  await page.tap('#f-data-n');
  assert.equal(await page.isVisible('#f-data-n-help'), true, 'tapping a field opens its help');
  // A problem's status button switches to the settings tab that holds it.
  await page.tap('#tab-charts');
  await page.evaluate(() => window.descent.setExperiment({ runs: [{ name: 'x' }] }));
  await page.fill('#f-runs-0-optimizer-lr', '-1').catch(() => {}); // hidden on the charts tab
  await page.evaluate(() => {
    const input = document.getElementById('f-runs-0-optimizer-lr');
    input.value = '-1';
    input.dispatchEvent(new Event('change'));
  });
  await page.tap('#status-problem');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-runs-0-optimizer-lr');
  assert.equal(await page.isVisible('#f-runs-0-optimizer-lr'), true);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard: a skip link to the charts, Space runs and pauses, S steps, R resets; the dark theme follows the system', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement.id === 'charts');
  await page.keyboard.press('s'); // one update per run
  await page.waitForFunction(() => /^Stepped 1 update/.test(document.getElementById('status').textContent));
  await page.keyboard.press(' '); // Run to the end (it goes on from the step: no automatic playback)
  await page.waitForFunction(() => /^Finished/.test(document.getElementById('status').textContent));
  await page.keyboard.press('r');
  assert.equal((await page.evaluate(() => window.descent.view().playback)).position, 0);
  await page.keyboard.press(' '); // Play
  assert.equal((await page.evaluate(() => window.descent.view().playback)).playing, true);
  await page.keyboard.press(' '); // Pause
  assert.equal((await page.evaluate(() => window.descent.view().playback)).playing, false);
  // Keys typed into a box are the box's.
  await page.focus('#f-seed');
  await page.keyboard.press('r');
  assert.equal(await page.inputValue('#f-seed'), '42r');
  assert.deepEqual(errors, []);
  await page.context().close();

  const dark = await env.browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 900 } });
  const darkPage = await dark.newPage();
  await darkPage.goto(env.url);
  await waitReady(darkPage);
  const colours = await darkPage.evaluate(() => ({ body: getComputedStyle(document.body).backgroundColor, card: getComputedStyle(document.querySelector('.card')).backgroundColor }));
  assert.equal(colours.body, 'rgb(20, 22, 26)');
  assert.equal(colours.card, 'rgb(30, 32, 38)');
  await dark.close();
});

test('a 1e6-row SGD run: a dense running estimate beside its sparse exact points, each labelled', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await page.evaluate(() => window.descent.setExperiment({
    seed: 3,
    data: { kind: 'linear', n: 1000000, d: 16 },
    runs: [
      { name: 'SGD', optimizer: { kind: 'sgd', lr: 0.01 }, batchSize: 1, iterations: 1000 },
      { name: 'mini-batch 16', optimizer: { kind: 'sgd', lr: 0.05 }, batchSize: 16, iterations: 1000 },
    ],
  }));
  await waitReady(page);
  await runToEnd(page);
  const series = await page.evaluate(async () => {
    const { Chart } = await import('chart.js');
    const chart = Chart.getChart(document.getElementById('loss-chart'));
    return chart.data.datasets.filter((ds) => ds.run !== undefined && ds.column)
      .map((ds) => ({ run: ds.run, column: ds.column, points: ds.data.length, dots: Array.isArray(ds.pointRadius) ? Math.max(...ds.pointRadius) : ds.pointRadius, line: ds.showLine !== false, label: ds.label }));
  });
  for (const run of [0, 1]) {
    const exact = series.find((s) => s.run === run && s.column === 'trainLoss');
    const estimates = series.filter((s) => s.run === run && s.column === 'batchLoss');
    assert.ok(exact.points < 60 && exact.dots === 3 && !exact.line, `run ${run}: ${exact.points} exact points, drawn as dots, not joined`);
    assert.deepEqual(estimates.map((e) => e.label.replace(/^.* \(/, '(')), ['(mini-batch mean, smoothed)', '(mini-batch mean)']);
    for (const e of estimates) assert.ok(e.points >= 200, `run ${run}: ${e.points} estimate points`);
  }
  assert.match(await page.textContent('#loss-note'), /the faint line is the mean mini-batch loss/);
  assert.equal(await page.isVisible('#key-estimate'), true);
  // the seed experiment's runs keep no estimate: its exact histories are dense
  await page.evaluate(() => window.descent.setExperiment({}));
  await waitReady(page);
  await runToEnd(page);
  assert.equal(await page.evaluate(async () => {
    const { Chart } = await import('chart.js');
    return Chart.getChart(document.getElementById('loss-chart')).data.datasets.some((ds) => ds.column === 'batchLoss');
  }), false);
  assert.equal(await page.isVisible('#key-estimate'), false);
  assert.deepEqual(errors, []);
  await page.context().close();
});
