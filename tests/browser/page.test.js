// The playground as a person (and a script) uses it, in headless Chromium: it loads cleanly, trains
// the seed experiment to the same numbers as the Node engine, shares and restores links, marks
// divergence, exports every recorded point, refuses hostile links and shows invalid values.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { defaultExperiment, loadEngine, run as runInNode } from '../../web/lib/index.js';
import { toCSV } from '../../web/lib/report.js';
import { fragmentFor, lossSeries, openPage, runToEnd, setUp, waitReady } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let env;

before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

/** Asserts that the page drew, for every run, the final train and test loss Node computes. */
async function assertSameFinalLosses(page, nodeResult) {
  const series = await lossSeries(page);
  assert.equal(series.filter((s) => s.column === 'trainLoss').length, nodeResult.runs.length);
  for (const s of series) {
    const expected = nodeResult.runs[s.run].history[s.column].at(-1);
    assert.ok(Number.isFinite(expected), `${s.label}: Node's final ${s.column} is finite`);
    assert.ok(Object.is(s.last, expected), `${s.label} ${s.column}: page ${s.last} !== node ${expected}`);
  }
}

/** Waits until the loss chart has drawn its y axis with a scale of `type` (as built, not as asked). */
async function waitForYScale(page, type) {
  await page.waitForFunction(async (t) => {
    const { Chart } = await import('chart.js');
    return Chart.getChart(document.getElementById('loss-chart')).scales.y.type === t;
  }, type);
}

test('the page loads with no console errors and opens on the seed experiment, ready to run', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  const experiment = await page.evaluate(() => window.descent.getExperiment());
  assert.deepEqual(experiment, defaultExperiment());
  assert.deepEqual(await page.$$eval('#run-table tbody th', (ths) => ths.map((th) => th.textContent)), ['batch GD', 'SGD', 'mini-batch 16']);
  assert.equal(await page.isEnabled('#run'), true);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the seed run draws three loss curves whose final values equal the Node engine\'s, bit for bit', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await runToEnd(page);
  const nodeResult = await runInNode(defaultExperiment());
  await assertSameFinalLosses(page, nodeResult);

  // The x-axis switches units; log y keeps the same values.
  for (const unit of ['epoch', 'samples', 'iteration']) {
    await page.selectOption('#x-unit', unit);
    const lastX = await page.evaluate(async () => {
      const { Chart } = await import('chart.js');
      await new Promise((resolve) => { requestAnimationFrame(() => requestAnimationFrame(resolve)); }); // redraw
      return Chart.getChart(document.getElementById('loss-chart')).data.datasets.filter((ds) => ds.column).map((ds) => ds.data.at(-1).x);
    });
    const expected = nodeResult.runs.flatMap((r) => [r.history[unit].at(-1), r.history[unit].at(-1)]);
    assert.deepEqual(lastX, expected, unit);
  }
  await page.check('#log-y');
  await waitForYScale(page, 'logarithmic');
  await assertSameFinalLosses(page, nodeResult);
  await page.uncheck('#log-y');
  await waitForYScale(page, 'linear');

  // window.descent.run() resolves to the same result object engine.run returns (timing aside).
  const pageResult = await page.evaluate(async () => {
    const r = await window.descent.run();
    return { ...r, runs: r.runs.map((run) => ({ ...run, timeMs: 0, history: Object.fromEntries(Object.entries(run.history).map(([k, v]) => [k, Array.from(v)])) })) };
  });
  const expected = { ...nodeResult, runs: nodeResult.runs.map((run) => ({ ...run, timeMs: 0, history: Object.fromEntries(Object.entries(run.history).map(([k, v]) => [k, Array.from(v)])) })) };
  assert.deepEqual(pageResult, expected);

  // The screenshot the README shows: the first screen of a wide window after the run.
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction(async () => { // charts resize on a later frame: wait until each fills its box
    const { Chart } = await import('chart.js');
    return Object.values(Chart.instances).every((chart) => {
      const box = chart.canvas.parentNode;
      const style = getComputedStyle(box);
      const width = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const height = box.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
      return Math.abs(chart.width - width) < 1 && Math.abs(chart.height - height) < 1;
    });
  });
  mkdirSync(`${root}/test-results`, { recursive: true });
  await page.screenshot({ path: `${root}/test-results/playground.png` });
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a share link opened in a fresh page restores the controls and reproduces the numbers', async () => {
  const first = await openPage(env.browser, env.url);
  const { page } = first;
  await waitReady(page);
  // Edit through the controls, as a person would.
  await page.fill('#f-runs-1-optimizer-lr', '0.05');
  await page.press('#f-runs-1-optimizer-lr', 'Tab');
  await page.selectOption('#f-runs-2-optimizer-kind', 'adam');
  await page.fill('#f-seed', '7');
  await page.press('#f-seed', 'Tab');
  await waitReady(page);
  const link = await page.evaluate(() => window.descent.link());
  assert.match(link, /#e1\./);
  await page.waitForFunction((l) => location.href === l, link); // the address bar follows edits
  const experiment = await page.evaluate(() => window.descent.getExperiment());
  assert.equal(experiment.seed, 7);
  assert.equal(experiment.runs[1].optimizer.lr, 0.05);
  assert.equal(experiment.runs[2].optimizer.kind, 'adam');
  assert.equal(experiment.runs[2].optimizer.lr, 0.001); // torch's Adam default, not SGD's 0.1
  await page.context().close();

  const second = await openPage(env.browser, link);
  await waitReady(second.page);
  assert.equal(await second.page.inputValue('#f-seed'), '7');
  assert.equal(await second.page.inputValue('#f-runs-1-optimizer-lr'), '0.05');
  assert.equal(await second.page.inputValue('#f-runs-2-optimizer-kind'), 'adam');
  assert.deepEqual(await second.page.evaluate(() => window.descent.getExperiment()), experiment);
  await runToEnd(second.page);
  await assertSameFinalLosses(second.page, await runInNode(experiment));
  assert.deepEqual(second.errors, []);
  await second.page.context().close();
});

test('a diverging learning rate shows the divergence mark', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  const experiment = JSON.parse(readFileSync(`${root}/examples/divergence.json`, 'utf8'));
  await page.evaluate((exp) => window.descent.setExperiment(exp), experiment);
  await waitReady(page);
  await runToEnd(page);
  const nodeResult = await runInNode(experiment);
  const diverged = nodeResult.runs.find((r) => r.status === 'diverged');
  assert.ok(diverged, 'the example diverges in Node');
  const mark = `diverged at iteration ${diverged.divergedAt}`;
  const cells = await page.$$eval('#run-table tbody td.status', (tds) => tds.map((td) => td.textContent));
  assert.ok(cells.includes(mark), `status cells ${JSON.stringify(cells)} include "${mark}"`);
  const labels = (await lossSeries(page)).map((s) => s.label);
  assert.ok(labels.some((l) => l.includes(mark)), `loss legend ${JSON.stringify(labels)} marks it`);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the history CSV contains every recorded point, as the CLI writes it', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  // Before anything was trained there is nothing to export.
  assert.equal(await page.isDisabled('#export-csv'), true);
  assert.equal(await page.isDisabled('[data-png="loss"]'), true);

  // Stopped early (Step: one update per run, from the start), the CSV holds every point recorded so
  // far: the same points a Node session holds after the same updates.
  await page.click('#step');
  await page.waitForFunction(() => /^Stepped/.test(document.getElementById('status').textContent));
  const [partial] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const engine = await loadEngine();
  const session = engine.createSession(defaultExperiment());
  try {
    const runs = session.experiment.runs.map((r, i) => {
      session.advance(i, 1);
      return { name: r.name, history: session.history(i) };
    });
    assert.equal(readFileSync(await partial.path(), 'utf8'), toCSV({ runs }));
  } finally {
    session.free();
  }
  // Step by an epoch: each run makes its own epoch of updates (80 rows: full 1, SGD 80, batches of 16: 5).
  await page.selectOption('#step-size', 'epoch');
  await page.click('#step');
  await page.waitForFunction(() => /^Stepped one epoch/.test(document.getElementById('status').textContent));
  const iterations = await page.$$eval('#run-table tbody tr', (trs) => trs.map((tr) => Number(tr.cells[2].textContent.split(' / ')[0])));
  assert.deepEqual(iterations, [2, 81, 6]);

  await runToEnd(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const csv = readFileSync(await download.path(), 'utf8');
  const nodeResult = await runInNode(defaultExperiment());
  const points = nodeResult.runs.reduce((s, r) => s + r.history.iteration.length, 0);
  assert.equal(csv.trimEnd().split('\n').length, 1 + points);
  assert.equal(csv, toCSV(nodeResult));
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('hostile links show an error, run nothing and execute no script', async () => {
  const script = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const cases = [
    { name: 'script in a run name (valid: shown as text)', hash: fragmentFor(JSON.stringify({ version: 1, runs: [{ name: script.slice(0, 60) }] })), error: false },
    { name: 'huge sizes', hash: fragmentFor(JSON.stringify({ version: 1, data: { n: 1e12, d: 1e6 }, runs: [{ iterations: 1e15 }] })), error: /data\.n/ },
    { name: 'generated data too large for this version', hash: fragmentFor(JSON.stringify({ version: 1, data: { n: 10000000, d: 1024 } })), error: /data\.n: 10000000 rows × 1024 features = 1\.024e10 values, more than the 5e7/ },
    { name: 'an epoch budget beyond 1e9 updates', hash: fragmentFor(JSON.stringify({ version: 1, data: { n: 1000000 }, runs: [{ batchSize: 1, epochs: 1e6 }] })), error: /runs\[0\]\.epochs: 1000000 epochs need 8e11 updates/ },
    { name: 'a terminal escape in a name', hash: fragmentFor(JSON.stringify({ version: 1, name: 'x\u001b[2J' })), error: /name: must not contain control characters/ },
    { name: '__proto__ keys', hash: fragmentFor('{"version":1,"__proto__":{"polluted":1},"runs":[{"__proto__":{"polluted":1}}]}'), error: /__proto__/ },
    { name: 'garbage payload', hash: '#e1.%%%garbage%%%', error: /damaged|not base64url/ },
    { name: 'not a descent link', hash: '#<script>alert(1)</script>', error: /not a descent link/ },
    { name: 'a zip bomb', hash: fragmentFor(`{"name":"${'a'.repeat(3e6)}"}`), error: /refused|inflates/ },
    { name: 'an over-long link', hash: `#e1.${'A'.repeat(70000)}`, error: /refused/ },
  ];
  for (const c of cases) {
    const { page, errors } = await openPage(env.browser, `${env.url}${c.hash}`);
    await waitReady(page); // the seed experiment, not the link's
    const state = await page.evaluate(() => ({
      pwned: window.__pwned,
      polluted: Object.prototype.polluted ?? {}.polluted,
      banner: document.getElementById('banner').hidden ? null : document.getElementById('banner').textContent,
      progress: document.getElementById('progress').value,
      status: document.getElementById('status').textContent,
      images: document.querySelectorAll('img, script:not([type="module"]):not([type="importmap"])').length,
      legends: [...document.querySelectorAll('.run legend')].map((l) => l.textContent),
    }));
    assert.equal(state.pwned, undefined, c.name);
    assert.equal(state.polluted, undefined, c.name);
    assert.equal(state.images, 0, `${c.name}: no element was made from the link`);
    assert.equal(state.progress, 0, `${c.name}: nothing trained`);
    assert.doesNotMatch(state.status, /Training|Finished/, c.name);
    if (c.error) {
      assert.ok(state.banner, `${c.name}: an error is shown`);
      assert.match(state.banner, c.error, c.name);
    } else {
      assert.equal(state.banner, null, c.name);
      assert.ok(state.legends.some((l) => l.includes('<img src=x')), `${c.name}: the name appears as text`);
    }
    assert.deepEqual(errors, [], c.name);
    await page.context().close();
  }
});

test('invalid control values show their message next to the control, and nothing runs until fixed', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await page.fill('#f-runs-0-optimizer-lr', '-1');
  await page.press('#f-runs-0-optimizer-lr', 'Tab');
  const lrError = '#f-runs-0-optimizer-lr-error';
  await page.waitForSelector(lrError, { state: 'visible' });
  assert.match(await page.textContent(lrError), /must be a number > 0.*got -1/);
  assert.equal(await page.getAttribute('#f-runs-0-optimizer-lr', 'aria-invalid'), 'true');
  assert.equal(await page.isDisabled('#run'), true);
  assert.equal(await page.isDisabled('#step'), true);

  await page.fill('#f-runs-2-batchSize', 'lots');
  await page.press('#f-runs-2-batchSize', 'Tab');
  await page.waitForSelector('#f-runs-2-batchSize-error', { state: 'visible' });
  assert.match(await page.textContent('#f-runs-2-batchSize-error'), /"full" or an integer in 1\.\.80/);

  await page.fill('#f-data-weights', '1, 2');
  await page.press('#f-data-weights', 'Tab');
  await page.waitForSelector('#f-data-weights-error', { state: 'visible' });
  assert.match(await page.textContent('#f-data-weights-error'), /must have 1 value \(one per feature/);
  await expectRejects(page, () => window.descent.run());

  // Fixing every value clears the messages and enables Run again.
  await page.fill('#f-runs-0-optimizer-lr', '0.2');
  await page.press('#f-runs-0-optimizer-lr', 'Tab');
  await page.fill('#f-runs-2-batchSize', '8');
  await page.press('#f-runs-2-batchSize', 'Tab');
  await page.fill('#f-data-weights', '2');
  await page.press('#f-data-weights', 'Tab');
  await waitReady(page);
  assert.equal(await page.isVisible(lrError), false);
  assert.equal(await page.isEnabled('#run'), true);
  const experiment = await page.evaluate(() => window.descent.getExperiment());
  assert.equal(experiment.runs[0].optimizer.lr, 0.2);
  assert.equal(experiment.runs[2].batchSize, 8);
  assert.deepEqual(experiment.data.weights, [2]);
  assert.deepEqual(errors, []);
  await page.context().close();
});

async function expectRejects(page, fn) {
  const outcome = await page.evaluate(async (source) => {
    try {
      await (0, eval)(`(${source})`)();
      return 'resolved';
    } catch (error) {
      return error.name;
    }
  }, fn.toString());
  assert.equal(outcome, 'ExperimentError');
}
