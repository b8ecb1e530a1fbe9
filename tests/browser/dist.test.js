// scripts/build-dist.mjs: dist/ alone, served by a plain static server, is the whole playground.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { defaultExperiment, run as runInNode, tune } from '../../web/lib/index.js';
import { lossSeries, openPage, runToEnd, setUp, waitReady } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = join(root, 'build', 'dist-test');
let env;

before(async () => {
  const built = spawnSync(process.execPath, [join(root, 'scripts/build-dist.mjs'), out], { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  env = await setUp({ roots: [['/', out]] }); // only dist/: nothing from web/ or node_modules/
});
after(async () => { await env?.close(); });

test('dist/ holds the page, the browser modules, the wasm, Chart.js and the presets of examples/, and nothing Node-only', () => {
  for (const file of ['index.html', 'app.js', 'charts.js', 'worker.js', 'style.css', 'tune-panel.js', 'tune-charts.js',
    'lib/engine.js', 'lib/experiment.js', 'lib/link.js', 'lib/report.js', 'lib/tune.js', 'lib/tune-worker.js',
    'lib/tune-report.js', 'lib/descent.wasm', 'lib/descent-mt.wasm', 'lib/threads.js', 'lib/threads-worker.js', 'node_modules/chart.js/dist/chart.js',
    'node_modules/@kurkle/color/dist/color.esm.js', 'node_modules/katex/dist/katex.mjs', 'node_modules/katex/dist/katex.min.css',
    'node_modules/katex/dist/fonts/KaTeX_Main-Regular.woff2', 'lessons.js', 'explain.js', 'cards.js', 'examples/lessons/index.json',
    'examples/seed.json', 'presets.js', 'landscapes.js', 'regions.js',
    'examples/presets.json', 'examples/rosenbrock-race.json', 'examples/spiral-network.json']) {
    assert.ok(existsSync(join(out, file)), file);
  }
  for (const file of ['lib/cli.js', 'lib/index.js', 'lib/tune-node.js', 'lib/tune-worker-node.js', 'lib/threads-worker-node.js']) assert.ok(!existsSync(join(out, file)), file);
});

test('the page served from dist/ (under a sub-path too) trains the seed to the Node engine\'s numbers', async () => {
  await env.close();
  env = await setUp({ roots: [['/some/sub/path/', out]] });
  const { page, errors } = await openPage(env.browser, `${env.url}some/sub/path/`);
  await waitReady(page);
  await runToEnd(page);
  const node = await runInNode(defaultExperiment());
  for (const s of await lossSeries(page)) assert.ok(Object.is(s.last, node.runs[s.run].history[s.column].at(-1)), s.label);
  // the preset menu is filled from dist/examples/presets.json (relative to the page: the sub-path holds)
  await page.waitForFunction(() => document.getElementById('preset').options.length > 8);
  // The tuning panel's workers load from dist/ too: the default search, as Node runs it.
  const tuned = await page.evaluate(() => window.descent.tune().then((r) => ({ index: r.best.index, values: r.best.values, validationLoss: r.best.validationLoss })));
  const nodeTuned = await tune({ ...defaultExperiment(), tune: {} }, { workers: 1 });
  assert.deepEqual(tuned, { index: nodeTuned.best.index, values: nodeTuned.best.values, validationLoss: nodeTuned.best.validationLoss });
  // the lessons and the KaTeX cards work from dist/ too
  const lessons = await page.evaluate(() => window.descent.lessons());
  assert.ok(lessons.length >= 8);
  await page.evaluate((id) => window.descent.openLesson(id), lessons[1].id);
  await page.click('[data-explain="optimizer"]');
  await page.waitForFunction(() => document.querySelector('#explain-card .formula .katex'));
  assert.equal(await page.locator('#explain-card .katex-error').count(), 0);
  assert.deepEqual(errors, []);
  await page.context().close();
});
