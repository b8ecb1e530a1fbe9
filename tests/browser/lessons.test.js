// The lessons gallery and the explanation cards in real Chromium: every lesson opens from the gallery
// (and from window.descent.openLesson) and each of its "try this" steps changes the experiment as it
// says; every optimizer's and schedule's card renders its formulas with KaTeX (no error nodes); a card
// opens by tap, by click, by keyboard and by hover.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { getIn } from '../../web/document.js';
import { parsePath } from '../../web/lesson-schema.js';
import { SCHEMA } from '../../web/lib/experiment.js';
import { localized } from '../../web/strings.js';
import { openPage, setUp, waitReady } from './helpers.js';

const lessonsDir = new URL('../../examples/lessons/', import.meta.url);
const files = JSON.parse(readFileSync(new URL('index.json', lessonsDir), 'utf8')).lessons;
const lessons = files.map((f) => JSON.parse(readFileSync(new URL(f, lessonsDir), 'utf8')));

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

test('the gallery lists every lesson; each opens with one click and its steps apply as they say', async () => {
  const { page, errors } = await openPage(env.browser, env.url, { width: 1440, height: 900 });
  await waitReady(page);
  const listed = await page.evaluate(() => window.descent.lessons());
  assert.deepEqual(listed, lessons.map((l) => ({ id: l.id, title: l.title.en })));
  assert.equal(await page.locator('.lesson-tile').count(), lessons.length);
  for (const lesson of lessons) {
    // one click on the gallery's tile (the gallery folds when a lesson opens: unfold it first)
    await page.evaluate(() => { document.getElementById('lessons-details').open = true; });
    await page.click(`.lesson-tile[data-lesson="${lesson.id}"]`);
    await page.waitForFunction((title) => document.getElementById('lesson-title').textContent === title && !document.getElementById('lesson-card').hidden, lesson.title.en);
    const example = JSON.parse(readFileSync(new URL(`../${lesson.experiment}`, lessonsDir), 'utf8'));
    let experiment = await page.evaluate(() => window.descent.getExperiment());
    assert.equal(experiment.name, example.name, `${lesson.id}: the example's experiment`);
    assert.equal(await page.locator('#lesson-steps > li').count(), lesson.steps.length);
    for (const [i, step] of lesson.steps.entries()) {
      await page.click(`#lesson-steps > li[data-step="${i}"] button`);
      experiment = await page.evaluate(() => window.descent.getExperiment());
      for (const [path, value] of Object.entries(step.set)) {
        assert.deepEqual(getIn(experiment, parsePath(path)), value, `${lesson.id} step ${i + 1}: ${path}`);
      }
      assert.equal(await page.locator(`#lesson-steps > li[data-step="${i}"] .lesson-then`).isVisible(), true);
      assert.equal(await page.locator(`#lesson-steps > li[data-step="${i}"] button`).getAttribute('aria-pressed'), 'true');
      // the form shows the change (the edit went through the form's path): a value box or select with it
      const [firstPath, firstValue] = Object.entries(step.set)[0];
      if (typeof firstValue === 'number' || typeof firstValue === 'string') {
        const shown = await page.evaluate((p) => document.querySelector(`[data-path="${p}"] input, [data-path="${p}"] select`)?.value ?? null, firstPath);
        if (shown !== null) assert.equal(shown, String(firstValue), `${lesson.id} step ${i + 1}: the form shows ${firstPath}`);
      }
    }
  }
  // openLesson from a script: the same lesson, and "Start the lesson over" reopens its preset
  const opened = await page.evaluate(() => window.descent.openLesson('learning-rate'));
  assert.equal(opened.id, 'learning-rate');
  assert.equal(opened.experiment.runs[2].optimizer.lr, 0.9);
  await page.evaluate(() => window.descent.lessonStep(0));
  assert.equal(await page.evaluate(() => window.descent.getExperiment().runs[2].optimizer.lr), 0.79);
  assert.match(await page.evaluate(() => location.hash), /^#e1\./); // the link follows the step
  await page.click('#lesson-restart');
  await page.waitForFunction(() => window.descent.getExperiment().runs[2].optimizer.lr === 0.9);
  await assert.rejects(page.evaluate(() => window.descent.openLesson('no-such-lesson')), /no lesson "no-such-lesson"/);
  await page.click('#lesson-close');
  assert.equal(await page.locator('#lesson-card').isHidden(), true);
  assert.deepEqual(errors, []);
  await page.context().close();
});

/** Opens the card of `kind` from the select at `selector`'s "?" and returns what it shows. */
async function cardOf(page, table, kind) {
  return page.evaluate(async ({ table, kind }) => {
    const button = document.querySelector(`[data-explain="${table}"]`);
    const select = button.parentElement.querySelector('select');
    select.value = kind; // the "?" reads the select's value when pressed
    if (document.getElementById('explain-card') && !document.getElementById('explain-card').hidden) document.querySelector('.explain-close').click();
    button.click();
    const card = document.getElementById('explain-card');
    const deadline = performance.now() + 10000;
    while ((card.dataset.kind !== kind || card.dataset.table !== table || !card.querySelector('.formula .katex')) && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    return {
      kind: card.dataset.kind,
      visible: !card.hidden,
      title: card.querySelector('h2')?.textContent,
      formulas: card.querySelectorAll('.formula .katex-display').length,
      mathml: card.querySelectorAll('.formula math').length,
      errors: card.querySelectorAll('.katex-error').length,
      expanded: button.getAttribute('aria-expanded'),
    };
  }, { table, kind });
}

test('every optimizer and schedule card renders its formulas with KaTeX, with no error node', async () => {
  const { page, errors } = await openPage(env.browser, env.url, { width: 1440, height: 900 });
  await waitReady(page);
  const { OPTIMIZER_CARDS, SCHEDULE_CARDS } = await import('../../web/cards.js');
  for (const [table, cards] of [['optimizer', OPTIMIZER_CARDS], ['schedule', SCHEDULE_CARDS]]) {
    assert.deepEqual(Object.keys(cards).sort(), [...SCHEMA[table].fields.kind.values].sort());
    for (const [kind, card] of Object.entries(cards)) {
      const shown = await cardOf(page, table, kind);
      assert.equal(shown.kind, kind);
      assert.equal(shown.visible, true, `${table} ${kind}`);
      assert.equal(shown.title, localized(card.title)); // English: the page's language in this test
      assert.equal(shown.formulas, card.tex.length, `${table} ${kind}: every formula typeset`);
      assert.equal(shown.mathml, card.tex.length, `${table} ${kind}: MathML for screen readers`);
      assert.equal(shown.errors, 0, `${table} ${kind}: no KaTeX error`);
      assert.equal(shown.expanded, 'true');
    }
  }
  // KaTeX's fonts load from the page's own server (no CDN)
  const fonts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /KaTeX_.*\.woff2$/.test(n)));
  assert.ok(fonts.length > 0, 'KaTeX fonts loaded');
  for (const url of fonts) assert.ok(url.startsWith(env.url), url);
  // the card follows a real change of the select (the form is redrawn)
  await page.evaluate(() => { document.getElementById('explain-card').hidden || document.querySelector('.explain-close').click(); });
  await page.click('[data-explain="optimizer"]');
  await page.selectOption('[data-path="runs[0].optimizer.kind"] select', 'adam');
  await page.waitForFunction(() => document.getElementById('explain-card').dataset.kind === 'adam' && !document.getElementById('explain-card').hidden);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a card opens by tap on a touch screen, by keyboard, and by hover; Escape closes it', async () => {
  const context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(env.url);
  await waitReady(page);
  await page.tap('#tab-settings');
  await page.tap('[data-explain="schedule"]');
  await page.waitForFunction(() => document.querySelector('#explain-card .formula .katex') && !document.getElementById('explain-card').hidden);
  assert.equal(await page.evaluate(() => document.getElementById('explain-card').dataset.kind), 'constant');
  assert.equal(await page.evaluate(() => document.getElementById('explain-card').classList.contains('sheet')), true); // a sheet on a phone
  await page.tap('.explain-close');
  assert.equal(await page.locator('#explain-card').isHidden(), true);
  await context.close();

  const { page: desk, errors: deskErrors } = await openPage(env.browser, env.url, { width: 1440, height: 900 });
  await waitReady(desk);
  await desk.focus('[data-explain="optimizer"]');
  await desk.keyboard.press('Enter');
  await desk.waitForFunction(() => document.querySelector('#explain-card .formula .katex') && !document.getElementById('explain-card').hidden);
  await desk.keyboard.press('Escape');
  assert.equal(await desk.locator('#explain-card').isHidden(), true);
  assert.equal(await desk.evaluate(() => document.activeElement?.dataset.explain), 'optimizer'); // the focus stays on its button
  await desk.hover('[data-explain="optimizer"]');
  await desk.waitForFunction(() => !document.getElementById('explain-card').hidden, null, { timeout: 3000 });
  await desk.mouse.move(5, 5);
  await desk.waitForFunction(() => document.getElementById('explain-card').hidden, null, { timeout: 3000 });
  assert.deepEqual([...errors, ...deskErrors], []);
  await desk.context().close();
});
