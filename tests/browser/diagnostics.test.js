// The page's diagnostics (issue 10): the Hessian line beside the data, the notes on each run under the
// runs table, the "diverging" status of the seed experiment at lr 0.8, and what switching the optimizer
// changes (the learning rate, and the name of a run named after its optimizer).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { openPage, setUp, waitReady } from './helpers.js';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

test('switching the optimizer says that the lr changed and renames a run named after the old optimizer', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  assert.equal(await page.inputValue('#f-runs-1-name'), 'SGD');
  await page.selectOption('#f-runs-1-optimizer-kind', 'adam');
  await page.waitForSelector('.edit-note');
  assert.equal(await page.textContent('.edit-note'), 'Lr changed from 0.1 to 0.001, Adam\'s default; the run "SGD" is now "Adam".');
  assert.equal(await page.inputValue('#f-runs-1-name'), 'Adam');
  assert.equal(Number(await page.inputValue('#f-runs-1-optimizer-lr')), 0.001);
  // a run with a name of its own keeps it; the note moves to that run's optimizer
  await page.selectOption('#f-runs-0-optimizer-kind', 'rmsprop');
  assert.equal(await page.$$eval('.edit-note', (n) => n.length), 1);
  assert.equal(await page.textContent('[data-path="runs[0].optimizer.kind"] + .edit-note'), 'Lr changed from 0.1 to 0.01, RMSprop\'s default.');
  assert.equal(await page.inputValue('#f-runs-0-name'), 'batch GD');
  // back to SGD: Adam is renamed SGD again
  await page.selectOption('#f-runs-1-optimizer-kind', 'sgd');
  assert.equal(await page.inputValue('#f-runs-1-name'), 'SGD');
  assert.deepEqual(errors, []);
});

test('the seed experiment at lr 0.8: the Hessian line, "diverging" in the runs table and the notes', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  assert.match(await page.textContent('#diagnostics-note'), /^Hessian: λmax 2\.52, λmin 0\.122, κ 20\.6; gradient descent is stable for lr < 0\.795/);
  await page.fill('#f-runs-0-optimizer-lr', '0.8');
  await page.press('#f-runs-0-optimizer-lr', 'Tab');
  await page.fill('#f-runs-0-iterations', '300');
  await page.press('#f-runs-0-iterations', 'Tab');
  await waitReady(page); // a small experiment: it trained by itself
  await page.waitForFunction(() => /^(Finished)/.test(document.getElementById('status').textContent), null, { timeout: 30000 });
  assert.match(await page.textContent('#status'), /^Finished by itself \(1 diverging: loss above its start and still rising\)/);
  const statuses = await page.$$eval('#run-table tbody td.status', (cells) => cells.map((c) => c.textContent));
  assert.equal(statuses[0], 'diverging');
  assert.ok(statuses.slice(1).every((s) => s === 'completed'), statuses.join());
  const notes = await page.$$eval('#run-notes li', (li) => li.map((x) => x.textContent));
  assert.ok(notes.includes('batch GD: lr 0.8 is above the stability bound 0.795 (2/λmax).'), notes.join('\n'));
  assert.ok(notes.some((n) => /^batch GD: the loss grew 3,4\d\d× and is still rising\.$/.test(n)), notes.join('\n'));
  assert.match(await page.textContent('#diagnostics-note'), /Note: standardising the features would make this 21× better conditioned/);
  assert.deepEqual(errors, []);
});
