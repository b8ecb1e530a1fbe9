// "Export as Python" and "Export as notebook" in headless Chromium: the files card downloads the
// same script and notebook as `descent export` writes in Node (byte for byte: one exporter, run in
// the page's training worker), and a refused export names the field in the card.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { loadEngine, validateExperiment } from '../../web/lib/index.js';
import { exportExperiment } from '../../web/lib/export.js';
import { fileStem } from '../../web/lib/text.js';
import { openPage, setUp, waitReady } from './helpers.js';

let env;

before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

/** Clicks a button and returns the downloaded file's name and text. */
async function downloadFrom(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
}

test('Export as Python and Export as notebook download what descent export writes', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  const experiment = await page.evaluate(() => window.descent.getExperiment());
  const engine = await loadEngine();
  const stem = fileStem(experiment.name);

  const script = await downloadFrom(page, '#export-python');
  assert.equal(script.name, `${stem}.py`);
  const [expected] = exportExperiment(engine, experiment, { to: 'pytorch', stem }).files;
  assert.equal(script.text, expected.text, 'the page downloads the script the CLI writes');
  assert.match(script.text, /^#!\/usr\/bin\/env python3\n"""seed experiment/);
  assert.match(script.text, /import torch\n/);
  for (const run of validateExperiment(experiment).runs) assert.ok(script.text.includes(`"name": ${JSON.stringify(run.name)}`), run.name);
  await page.waitForFunction(() => /^Saved /.test(document.getElementById('files-message').textContent));
  assert.match(await page.textContent('#files-message'), new RegExp(`^Saved ${stem}\\.py: run it with python3 ${stem}\\.py`));

  const notebook = await downloadFrom(page, '#export-notebook');
  assert.equal(notebook.name, `${stem}.ipynb`);
  const nb = JSON.parse(notebook.text);
  assert.equal(nb.nbformat, 4);
  assert.ok(nb.cells.some((c) => c.cell_type === 'markdown' && c.source.join('').startsWith('## The training loop')));
  assert.ok(nb.cells.some((c) => c.cell_type === 'code' && c.source.join('').includes('import matplotlib.pyplot as plt')));
  assert.equal(notebook.text, exportExperiment(engine, experiment, { to: 'notebook', stem }).files[0].text);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('an experiment the export cannot reproduce is refused in the card, naming the field', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await page.evaluate(() => window.descent.setExperiment({ runs: [{ name: 'GD', iterations: 20 }], tune: { kind: 'refine', tries: 10 } }));
  await page.click('#export-python');
  await page.waitForFunction(() => document.getElementById('files-message').classList.contains('error-text'));
  assert.match(await page.textContent('#files-message'), /^Cannot export: tune\.kind: "refine" cannot be exported/);
  assert.deepEqual(errors, []);
  await page.context().close();
});
