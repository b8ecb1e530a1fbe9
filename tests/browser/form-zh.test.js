// The experiment form and its error messages in Chinese, in headless Chromium: after a switch to 中文 the
// form's labels, help texts and options come from fields-zh.js and strings/controls.js, a value out
// of range is reported next to its control and in the status line in Chinese (rendered from the issue's
// code), and a switch back to English gives the schema's English message again, without a reload.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { validateExperiment } from '../../web/lib/experiment.js';
import { FIELDS, FIELD_OPTIONS } from '../../web/fields-zh.js';
import { openPage, setUp, waitReady } from './helpers.js';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

const CJK = /[\u4e00-\u9fff]/;

/** The English message the schema gives for an lr of 12e6 (what the page shows in English). */
function englishLrMessage() {
  try {
    validateExperiment({ runs: [{ optimizer: { kind: 'sgd', lr: 12e6 } }] });
  } catch (error) {
    return error.issues[0].message;
  }
  throw new Error('lr 12e6 was accepted');
}

test('the form and its messages switch to Chinese and back', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await page.evaluate(() => window.descent.setLanguage('zh'));

  const label = (id) => page.$eval(`label[for="${id}"]`, (l) => l.textContent);
  const help = (id) => page.$eval(`#${id}-help`, (h) => h.textContent);
  assert.equal(await label('f-data-n'), FIELDS['data.n'].label);
  assert.equal(await help('f-data-n'), FIELDS['data.n'].help);
  assert.equal(await label('f-runs-0-optimizer-lr'), 'lr'); // torch's names stay
  assert.equal(await help('f-runs-0-optimizer-lr'), FIELDS['optimizer.lr'].help);
  assert.equal(await page.$eval('#f-model-kind option[value="mlp"]', (o) => o.textContent), FIELD_OPTIONS['model.kind'].mlp);
  assert.equal(await page.textContent('#add-run'), '添加运行');
  const english = await page.$$eval('#controls small.help', (hs) => hs.map((h) => h.textContent).filter((t) => !/[\u4e00-\u9fff]/.test(t)));
  assert.deepEqual(english, [], 'every help text of the form is in Chinese');

  await page.fill('#f-runs-0-optimizer-lr', '12e6');
  await page.press('#f-runs-0-optimizer-lr', 'Tab');
  await page.waitForFunction(() => !document.getElementById('f-runs-0-optimizer-lr-error').hidden);
  const zh = await page.textContent('#f-runs-0-optimizer-lr-error');
  assert.equal(zh, '应为 > 0 的数，且 <= 1000000，实际为 12000000');
  const problem = await page.textContent('#status-problem');
  assert.ok(problem.startsWith('运行 1：') && problem.endsWith(zh), `the status line names the problem and its place in Chinese: ${problem}`);
  assert.equal(await page.getAttribute('#f-runs-0-optimizer-lr', 'aria-invalid'), 'true');

  await page.evaluate(() => window.descent.setLanguage('en'));
  assert.equal(await page.textContent('#f-runs-0-optimizer-lr-error'), englishLrMessage());
  const status = await page.textContent('#status-problem');
  assert.ok(!CJK.test(status), `the status line is English again: ${status}`);
  assert.equal(await label('f-data-n'), 'Rows (n)');
  assert.deepEqual(errors, []);
});
