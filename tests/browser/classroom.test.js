// Classroom links in real Chromium: a link's view options hide and lock controls, choose the charts,
// show the teacher's note as text and embed the page; a hostile or invalid view refuses the whole link
// visibly with nothing injected; window.descent.link validates view options; the teacher's panel makes
// a link that reproduces its view; #lesson=ID opens the lesson's card.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';

import { defaultExperiment, validateExperiment } from '../../web/lib/experiment.js';
import { classroomUrl, experimentUrl, minimize } from '../../web/lib/link.js';
import { CHART_IDS, validateViewOptions } from '../../web/lib/view-options.js';
import { openPage, setUp, waitReady } from './helpers.js';

const lessonsDir = new URL('../../examples/lessons/', import.meta.url);
const learningRate = JSON.parse(readFileSync(new URL('02-learning-rate.json', lessonsDir), 'utf8'));
const LR = '[data-path="runs[0].optimizer.lr"]';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

/** A named copy of the default experiment, minimal (what a link holds). */
const named = (name) => minimize(validateExperiment({ ...defaultExperiment(), name }));

/** Which result cards are visible, by data-chart id. */
const visibleCharts = async (page) => {
  const shown = [];
  for (const id of CHART_IDS) if (await page.locator(`[data-chart="${id}"]`).isVisible()) shown.push(id);
  return shown;
};

test('a classroom link hides and locks controls, shows one chart and the note as text, and embeds', async () => {
  const options = { lock: ['optimizer.lr'], hide: ['data'], charts: ['loss'], text: 'Watch the loss' };
  // not embedded first: the form shows, the hidden section does not, the locked control is disabled
  const { page, errors } = await openPage(env.browser, await classroomUrl(named('classroom test'), options, env.url));
  await waitReady(page);
  assert.equal(await page.evaluate(() => window.descent.getExperiment().name), 'classroom test');
  assert.deepEqual(await page.evaluate(() => window.descent.view().classroom), validateViewOptions(options));
  assert.equal(await page.locator('#controls').isVisible(), true);
  assert.equal(await page.locator('#controls .group-data').isHidden(), true);
  assert.equal(await page.locator('#controls .group-model').isVisible(), true);
  assert.equal(await page.locator(`${LR} input`).first().isVisible(), true);
  assert.equal(await page.locator(`${LR} input`).first().isDisabled(), true);
  assert.equal(await page.locator('[data-path="runs[0].batchSize"] input').first().isDisabled(), false);
  assert.deepEqual(await visibleCharts(page), ['loss']);
  assert.equal(await page.locator('#classroom-note').isVisible(), true);
  assert.equal(await page.locator('#classroom-text').textContent(), 'Watch the loss');
  assert.equal(await page.locator('#classroom-text').evaluate((n) => n.children.length), 0);
  // a locked control stays locked after the form is rebuilt by another edit
  await page.locator('[data-path="runs[0].batchSize"] input').first().fill('8');
  await page.locator('[data-path="runs[0].batchSize"] input').first().press('Tab');
  await page.waitForFunction(() => window.descent.getExperiment().runs[0].batchSize === 8);
  assert.equal(await page.locator(`${LR} input`).first().isDisabled(), true);
  assert.deepEqual(errors, []);
  await page.context().close();

  // embedded: the form is gone, the chart and Run remain
  const embedded = await openPage(env.browser, await classroomUrl(named('classroom test'), { ...options, embed: true }, env.url));
  await waitReady(embedded.page);
  assert.equal(await embedded.page.locator('#controls').isHidden(), true);
  assert.equal(await embedded.page.locator('#controls .group-data').evaluate((n) => n.classList.contains('view-hidden')), true);
  assert.equal(await embedded.page.locator(`${LR} input`).first().isDisabled(), true);
  assert.deepEqual(await visibleCharts(embedded.page), ['loss']);
  assert.equal(await embedded.page.locator('#run').isVisible(), true);
  assert.equal(await embedded.page.locator('#classroom-text').textContent(), 'Watch the loss');
  assert.deepEqual(embedded.errors, []);
  await embedded.page.context().close();
});

test('a hostile view part refuses the whole link visibly: nothing injected, the experiment not applied', async () => {
  const plain = await experimentUrl(named('hostile experiment'), env.url);
  const view = JSON.stringify({ charts: ['loss', 'nope'], text: '<img src=x onerror=window.__pwned=1>' });
  const { page, errors } = await openPage(env.browser, `${plain}~v1.${deflateRawSync(Buffer.from(view)).toString('base64url')}`);
  await waitReady(page);
  await page.waitForSelector('#banner:not([hidden])');
  const bannerText = await page.locator('#banner').textContent();
  assert.match(bannerText, /classroom link/);
  assert.match(bannerText, /view\.charts\[1\]: must be "runs", "loss", "lr", "data", "surface" or "tune", got "nope"/);
  assert.match(bannerText, /view\.text: must be plain text, not HTML/);
  assert.equal(await page.evaluate(() => document.querySelectorAll('img[onerror], img[src="x"]').length), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.notEqual(await page.evaluate(() => window.descent.getExperiment().name), 'hostile experiment');
  assert.equal(await page.evaluate(() => window.descent.view().classroom), null);
  assert.equal(await page.evaluate(() => document.querySelectorAll('[data-chart].view-hidden, #controls .view-hidden, #controls :disabled.view-locked').length), 0);
  assert.equal(await page.evaluate(() => document.body.classList.contains('embed')), false);
  assert.equal(await page.locator('#classroom-note').isHidden(), true);
  assert.doesNotMatch(await page.evaluate(() => location.hash), /~v1\./); // the refused link left the address bar
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('window.descent.link validates view options and names the field', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await assert.rejects(page.evaluate(() => window.descent.link({ charts: ['nope'] })), /view\.charts\[0\]: must be "runs", "loss", "lr", "data", "surface" or "tune", got "nope"/);
  await assert.rejects(page.evaluate(() => window.descent.link({ lesson: 'no-such' })), /view\.lesson: no lesson "no-such"/);
  const url = await page.evaluate(() => window.descent.link({ charts: ['loss'], lesson: 'learning-rate' }));
  assert.match(url, /#e1\.[A-Za-z0-9_-]+~v1\.[A-Za-z0-9_-]+$/);
  assert.equal(await page.evaluate(() => window.descent.link({})), await page.evaluate(() => window.descent.link()));
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the teacher\'s panel builds a link that reproduces its view in a new page', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await page.click('#classroom-open');
  await page.waitForSelector('#classroom-dialog[open]');
  await page.uncheck('#classroom-chart-surface');
  await page.uncheck('#classroom-chart-tune');
  await page.selectOption('#classroom-c-data', 'hidden');
  await page.evaluate(() => {
    const select = document.getElementById('classroom-c-optimizer-lr');
    select.value = 'locked';
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await page.fill('#classroom-note-text', 'Try lr 0.8, then 0.1.');
  await page.selectOption('#classroom-lesson', 'learning-rate');
  await page.waitForFunction(() => /~v1\./.test(document.getElementById('classroom-url').value)
    && document.getElementById('classroom-message').textContent === '');
  const url = await page.inputValue('#classroom-url');
  assert.ok(url.startsWith(env.url));
  const expected = validateViewOptions({ hide: ['data'], lock: ['optimizer.lr'], charts: ['runs', 'loss', 'lr', 'data'], lesson: 'learning-rate', text: 'Try lr 0.8, then 0.1.' });
  const made = await page.evaluate(() => window.descent.getExperiment());

  // a choice the schema refuses shows its message in the panel instead of a link
  await page.fill('#classroom-note-text', 'see <b>this</b>');
  await page.waitForFunction(() => document.getElementById('classroom-url').value === '');
  assert.match(await page.locator('#classroom-message').textContent(), /view\.text: must be plain text, not HTML/);
  assert.equal(await page.locator('#classroom-copy').isDisabled(), true);
  assert.deepEqual(errors, []);
  await page.context().close();

  const opened = await openPage(env.browser, url);
  await waitReady(opened.page);
  assert.deepEqual(await opened.page.evaluate(() => window.descent.view().classroom), expected);
  assert.deepEqual(await opened.page.evaluate(() => window.descent.getExperiment()), made);
  assert.deepEqual(await visibleCharts(opened.page), ['runs', 'loss', 'lr', 'data']);
  assert.equal(await opened.page.locator('#controls .group-data').isHidden(), true);
  assert.equal(await opened.page.locator(`${LR} input`).first().isDisabled(), true);
  assert.equal(await opened.page.locator('#classroom-text').textContent(), 'Try lr 0.8, then 0.1.');
  await opened.page.waitForFunction((title) => document.getElementById('lesson-title').textContent === title && !document.getElementById('lesson-card').hidden, learningRate.title.en);
  assert.deepEqual(opened.errors, []);
  await opened.page.context().close();
});

test('#lesson=ID opens the lesson and its card; an unknown lesson is refused by name', async () => {
  const { page, errors } = await openPage(env.browser, `${env.url}#lesson=learning-rate`);
  await page.waitForFunction((title) => document.getElementById('lesson-title').textContent === title && !document.getElementById('lesson-card').hidden, learningRate.title.en, { timeout: 15000 });
  const example = JSON.parse(readFileSync(new URL(`../${learningRate.experiment}`, lessonsDir), 'utf8'));
  await page.waitForFunction((name) => window.descent.getExperiment().name === name, example.name);
  assert.deepEqual(errors, []);
  await page.context().close();

  const bad = await openPage(env.browser, `${env.url}#lesson=no-such-lesson`);
  await waitReady(bad.page);
  await bad.page.waitForSelector('#banner:not([hidden])');
  assert.match(await bad.page.locator('#banner').textContent(), /no lesson "no-such-lesson"/);
  assert.equal(await bad.page.locator('#lesson-card').isHidden(), true);
  await bad.page.context().close();
});

test('lang: a classroom link in Chinese labels its classroom texts in Chinese', async () => {
  const { page, errors } = await openPage(env.browser, await classroomUrl(named('zh'), { lang: 'zh', text: '注意损失' }, env.url));
  await waitReady(page);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hans');
  assert.equal(await page.locator('#classroom-note strong').textContent(), '说明');
  assert.equal(await page.locator('#classroom-open').textContent(), '课堂链接…');
  assert.equal(await page.locator('#classroom-text').textContent(), '注意损失');
  assert.deepEqual(errors, []);
  await page.context().close();
});
