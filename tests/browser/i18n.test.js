// The page in English and Simplified Chinese, in real Chromium: the English / 中文 switch translates the
// page without a reload (the experiment and its runs stay), aria-pressed and <html lang> follow, the
// choice is remembered, a first visit follows the browser's language, window.descent.setLanguage refuses
// anything but 'en' and 'zh'; numbers are grouped by Intl.NumberFormat('zh-CN'); a classroom link's
// language is applied without replacing the reader's own choice; and, walking the page through its
// states in Chinese (seed page, folded parts open, a finished run, the files card's messages, the
// explanation cards, a tuning, the classroom panel, a landscape and a network preset, every lesson and
// its first step, the question before a long run, a form with an error, the phone layout, a broken
// link's banner), every visible string — text, title / aria-label / placeholder / alt, the options of
// the selects and the Chart.js titles, axes, ticks and legends — is Chinese: each state's failure lists
// the strings still in English that no earlier state listed, with where they were found (set
// I18N_REPORT=file to get the whole list in one file). tests/i18n-allowlist.js says which names and
// symbols may stay in Latin letters; the test's own sanity check shows the checker finds the English of
// the English page and passes regions already translated.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';

import { defaultExperiment, validateExperiment } from '../../web/lib/experiment.js';
import { classroomUrl, minimize } from '../../web/lib/link.js';
import { STRINGS } from '../../web/strings.js';
import { englishWords } from '../i18n-allowlist.js';
import { setUp, waitReady } from './helpers.js';

const presets = JSON.parse(readFileSync(new URL('../../examples/presets.json', import.meta.url), 'utf8')).presets;
const lessonsDir = new URL('../../examples/lessons/', import.meta.url);
const lessonFiles = JSON.parse(readFileSync(new URL('index.json', lessonsDir), 'utf8')).lessons
  .map((f) => JSON.parse(readFileSync(new URL(f, lessonsDir), 'utf8')));
const LR = '[data-path="runs[0].optimizer.lr"]';

/**
 * Where the page shows the user's own words (data, not interface), never checked: elements marked
 * data-user-text (status.js marks the run names of the runs table), the runs table's name cells, the
 * teacher's note of a classroom link, the selects that list the runs by name. Form fields' values are
 * never read (the experiment's name, run names, links: data), except the labels of input buttons.
 * Besides, the current experiment's name and run names are cut out of every string before it is
 * checked, where they stand as whole words inside a longer string: a sentence may quote them
 * ("batch GD 在第 12 次迭代发散"). Chart legend items of datasets that belong to a run are run names.
 */
const USER_DATA = ['[data-user-text]', '#run-table tbody th', '#classroom-text', '#regions-run', '#plane-centre'];

/** What is not text of the interface at all: code, formulas (KaTeX), key caps. */
const NOT_TEXT = ['script', 'style', 'noscript', 'template', '.katex', '.katex-display', 'kbd', 'code'];

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

/** A named copy of the default experiment, minimal (what a link holds). */
const named = (name) => minimize(validateExperiment({ ...defaultExperiment(), name }));

/** A fresh page in its own context, with a browser locale (the first-visit language comes from it). */
async function openIn(locale, url = env.url, viewport = { width: 1280, height: 900 }) {
  const context = await env.browser.newContext({ locale, viewport, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => { errors.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  await page.goto(url);
  return { page, errors };
}

/** The status line's string key (the same in every language). */
const statusKey = (page) => page.evaluate(() => document.getElementById('status').dataset.key ?? '');

/** Forgets the status line's key, so that waiting for a key waits for the page to say it anew. */
const forgetStatus = (page) => page.evaluate(() => { document.getElementById('status').dataset.key = ''; });

/** Waits for a session made anew after forgetStatus: "Ready" or "Finished by itself", by key (as waitReady, with room for a busy machine). */
const waitSettled = (page) => page.waitForFunction(() => /^training\.(ready|finishedAuto)/.test(document.getElementById('status')?.dataset.key ?? ''), null, { timeout: 60000 });

/**
 * Runs the experiment to its end, unless it trained by itself already, and puts the cursor at the end;
 * waits for the finished status by its key (any language).
 */
async function runToEnd(page) {
  if (!/^training\.finishedAuto/.test(await statusKey(page))) {
    await forgetStatus(page);
    await page.click('#run');
    await page.waitForFunction(() => /^training\.finished/.test(document.getElementById('status').dataset.key ?? ''), null, { timeout: 60000 });
  }
  await page.evaluate(() => window.descent.seek(null));
}

/** Waits until the page has set its first language (the switch shows it) and window.descent exists. */
async function switchReady(page) {
  await page.waitForSelector('#language-switch button[aria-pressed="true"]', { state: 'attached' });
  await page.waitForFunction(() => window.descent);
}

/** Clicks the switch's button for `lang` and waits for <html lang> to follow. */
async function switchTo(page, lang) {
  await page.click(`#language-switch button[data-lang="${lang}"]`);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang === 'zh' ? 'zh-Hans' : 'en');
}

/**
 * Every visible string of the page under `root` (a selector; default the whole document), as
 * [{text, where}]: text nodes, the attributes title / aria-label / placeholder / alt, input buttons'
 * labels, the options of visible selects, the document's title, and the Chart.js charts' titles, axis
 * titles, tick labels and legend items (Chart.getChart on each visible canvas). Hidden means not
 * rendered (display: none, visibility: hidden, a closed <details> or <dialog>); visually-hidden labels
 * for screen readers count as visible (they are read out). Run in the page.
 */
function collectStrings(page, root = null) {
  return page.evaluate(async ({ root: rootSelector, userData, notText }) => {
    const { Chart } = await import('chart.js');
    const base = rootSelector ? document.querySelector(rootSelector) : document.body;
    if (!base) throw new Error(`no element ${rootSelector}`);
    const skipped = [...userData, ...notText].join(', ');
    const visible = (el) => el.checkVisibility({ checkVisibilityCSS: true });
    /** A short selector path: up to the nearest element with an id or a data-path (at most three steps, then that element … ). */
    const where = (el) => {
      const steps = [];
      let at = el;
      for (; at && at !== document.body && steps.length < 3; at = at.parentElement) {
        if (at.id) return [`#${at.id}`, ...steps].join(' > ');
        if (at.dataset.path) return [`[data-path="${at.dataset.path}"]`, ...steps].join(' > ');
        const cls = [...at.classList].filter((c) => !/^(secondary|small|primary|visually-hidden|group|field)$/.test(c)).slice(0, 2);
        steps.unshift(`${at.localName}${cls.map((c) => `.${c}`).join('')}${at.dataset.chart ? `[data-chart="${at.dataset.chart}"]` : ''}`);
      }
      const anchor = at?.closest('[id], [data-path]');
      const name = !anchor || anchor === document.body ? '' : anchor.id ? `#${anchor.id} … ` : `[data-path="${anchor.dataset.path}"] … `;
      return `${name}${steps.join(' > ')}`;
    };
    const out = [];
    const add = (text, at) => { const t = String(text ?? '').replace(/\s+/g, ' ').trim(); if (t) out.push({ text: t, where: at }); };
    if (!rootSelector) add(document.title, 'document.title');
    // text nodes
    const walker = document.createTreeWalker(base, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || !node.data.trim() || el.closest(skipped)) continue;
      if (el.closest('option, optgroup, select')) continue; // below, with their select
      if (visible(el)) add(node.data, where(el));
    }
    // attributes and input buttons
    for (const el of base.querySelectorAll('[title], [aria-label], [placeholder], [alt], input[type="button"], input[type="submit"], input[type="reset"]')) {
      if (el.closest(skipped)) continue;
      const shown = el.closest('select') ? visible(el.closest('select')) : visible(el);
      if (!shown) continue;
      for (const name of ['title', 'aria-label', 'placeholder', 'alt']) if (el.hasAttribute(name)) add(el.getAttribute(name), `${where(el)} [${name}]`);
      if (el.localName === 'input' && ['button', 'submit', 'reset'].includes(el.type)) add(el.value, `${where(el)} [value]`);
    }
    // the options of visible selects (what the menu shows when opened)
    for (const select of base.querySelectorAll('select')) {
      if (select.closest(skipped) || !visible(select)) continue;
      for (const group of select.querySelectorAll('optgroup')) add(group.label, `${where(select)} optgroup`);
      for (const option of select.options) add(option.text, `${where(select)} option`);
    }
    // the charts: titles, axes, tick labels, legend items (not those naming a run: user data)
    for (const canvas of base.querySelectorAll('canvas')) {
      if (!visible(canvas)) continue;
      const chart = Chart.getChart(canvas);
      if (!chart) continue;
      const at = `${where(canvas)} (chart)`;
      const texts = (t) => (Array.isArray(t) ? t : [t]);
      const plugins = chart.options.plugins ?? {};
      for (const part of ['title', 'subtitle']) if (plugins[part]?.display) for (const t of texts(plugins[part].text)) add(t, `${at} ${part}`);
      for (const [id, scale] of Object.entries(chart.scales)) {
        if (scale.options.display === false) continue;
        if (scale.options.title?.display) for (const t of texts(scale.options.title.text)) add(t, `${at} axis ${id} title`);
        if (scale.options.ticks?.display !== false) for (const tick of scale.ticks ?? []) for (const t of texts(tick.label)) add(t, `${at} axis ${id} tick`);
      }
      if (plugins.legend?.display !== false) {
        for (const item of chart.legend?.legendItems ?? []) {
          const ds = chart.data.datasets[item.datasetIndex];
          if (ds && ['run', 'path', 'fit'].some((k) => typeof ds[k] === 'number')) continue; // a run's name
          add(item.text, `${at} legend`);
        }
      }
    }
    return out;
  }, { root, userData: USER_DATA, notText: NOT_TEXT });
}

/** The current experiment's own words (its name, its runs' names), longest first: cut out before checking. */
async function userWords(page) {
  const exp = await page.evaluate(() => window.descent.getExperiment());
  return [exp.name, ...(exp.runs ?? []).map((r) => r.name)].filter((s) => typeof s === 'string' && s.trim()).sort((a, b) => b.length - a.length);
}

/** A string's shape: its numbers as #, so that "loss from 0.1 to 0.2" and "loss from 0.2 to 0.4" are one entry. */
const shape = (text) => text.replace(/[-+−]?\d[\d,.]*(?:e[-+−]?\d+)?/gi, '#');
/** A place's shape: run i, not run 0, 1, 2 … */
const placeShape = (where) => where.replace(/\[\d+\]/g, '[i]').replace(/-\d+-/g, '-i-');
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/**
 * `text` without the user's words it quotes ("batch GD 在第 12 次迭代发散"): each cut out where it stands
 * as a whole (not inside a longer word). A string that is nothing but a user word is kept: shown alone,
 * it is either in a place listed in USER_DATA or an interface word that a run happens to share.
 */
function withoutUserWords(text, data, mark = ' ') {
  if (data.includes(text.trim())) return text;
  return data.reduce((rest, d) => rest.replace(new RegExp(`(?<![A-Za-z0-9_])${escape(d)}(?![A-Za-z0-9_])`, 'g'), mark), text);
}

/**
 * The strings of `collected` that still hold English words, one entry per shape of string and place
 * (numbers and quoted user words aside: "Remove run 1 (batch GD)" and "Remove run 2 (SGD)" are one):
 * [{ids, text, where, words, count}] (ids: the shape with and without the user's words; text and
 * where: the first seen; count: how many strings had that shape).
 * @param {Array<{text: string, where: string}>} collected @param {string[]} data the user's words
 */
function untranslated(collected, data = []) {
  const byShape = new Map();
  for (const { text, where } of collected) {
    const words = englishWords(withoutUserWords(text, data));
    if (!words.length) continue;
    const place = placeShape(where);
    const ids = [`${place}\u0000${shape(withoutUserWords(text, data, '…'))}`, `${place}\u0000${shape(text)}`];
    const entry = byShape.get(ids[0]);
    if (entry) entry.count += 1;
    else byShape.set(ids[0], { ids, text, where, words: [...new Set(words)], count: 1 });
  }
  return [...byShape.values()];
}

/** The offending strings as a to-do list: one line each, `where: "text" (×count) [the English words]`. */
const listing = (found) => found.map(({ where, text, count, words }) => `  ${where}: ${JSON.stringify(text.length > 160 ? `${text.slice(0, 157)}…` : text)}${count > 1 ? ` (×${count})` : ''} [${words.slice(0, 8).join(' ')}]`).join('\n');

test('the switch translates the page in place; aria-pressed, <html lang> and the remembered choice follow', async () => {
  const { page, errors } = await openIn('en-US');
  await waitReady(page);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await page.textContent('#tab-charts'), STRINGS.en['tabs.charts']);
  const pressed = () => page.$$eval('#language-switch button', (bs) => Object.fromEntries(bs.map((b) => [b.dataset.lang, b.getAttribute('aria-pressed')])));
  assert.deepEqual(await pressed(), { en: 'true', zh: 'false' });
  assert.deepEqual(await page.$$eval('#language-switch button', (bs) => bs.map((b) => b.textContent)), ['English', '中文']);
  await runToEnd(page);
  const before = {
    experiment: await page.evaluate(() => window.descent.getExperiment()),
    rows: await page.$$eval('#run-table tbody tr', (trs) => trs.map((tr) => [tr.querySelector('th').textContent, tr.querySelector('td.iter').textContent])),
    view: await page.evaluate(() => window.descent.view().playback),
    key: await statusKey(page),
  };
  await page.evaluate(() => { window.notReloaded = true; });

  await switchTo(page, 'zh');
  assert.equal(await page.evaluate(() => window.notReloaded), true, 'the switch does not reload the page');
  assert.deepEqual(await pressed(), { en: 'false', zh: 'true' });
  assert.equal(await page.textContent('#tab-charts'), STRINGS.zh['tabs.charts']);
  assert.equal(await page.evaluate(() => document.title), STRINGS.zh['page.title']);
  assert.equal(await page.evaluate(() => localStorage.getItem('descent.language')), 'zh');
  // the experiment and its runs stay: same experiment, same rows, same cursor, same status (now in Chinese)
  assert.deepEqual(await page.evaluate(() => window.descent.getExperiment()), before.experiment);
  assert.deepEqual(await page.$$eval('#run-table tbody tr', (trs) => trs.map((tr) => [tr.querySelector('th').textContent, tr.querySelector('td.iter').textContent])), before.rows);
  assert.deepEqual(await page.evaluate(() => window.descent.view().playback), before.view);
  assert.equal(await statusKey(page), before.key);
  assert.deepEqual(englishWords(await page.textContent('#status')), [], 'the status line is redone in Chinese');

  // remembered: a reload opens in Chinese (the browser's locale is English)
  await page.reload();
  await waitReady(page);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hans');
  assert.deepEqual(await pressed(), { en: 'false', zh: 'true' });
  assert.equal(await page.textContent('#tab-charts'), STRINGS.zh['tabs.charts']);

  // and back
  await switchTo(page, 'en');
  assert.deepEqual(await pressed(), { en: 'true', zh: 'false' });
  assert.equal(await page.textContent('#tab-charts'), STRINGS.en['tabs.charts']);
  assert.equal(await page.evaluate(() => localStorage.getItem('descent.language')), 'en');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a first visit follows the browser\'s language; setLanguage refuses anything but en and zh', async () => {
  {
    const { page, errors } = await openIn('zh-CN');
    await switchReady(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hans');
    assert.equal(await page.textContent('#tab-settings'), STRINGS.zh['tabs.settings']);
    assert.equal(await page.getAttribute('#language-switch button[data-lang="zh"]', 'aria-pressed'), 'true');
    assert.equal(await page.evaluate(() => localStorage.getItem('descent.language')), null, 'a first visit\'s language is not a choice');
    assert.deepEqual(errors, []);
    await page.context().close();
  }
  const { page, errors } = await openIn('en-US');
  await switchReady(page);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await page.textContent('#tab-settings'), STRINGS.en['tabs.settings']);
  assert.equal(await page.getAttribute('#language-switch button[data-lang="en"]', 'aria-pressed'), 'true');
  for (const bad of ['fr', 'ZH', '', null, 42]) {
    const message = await page.evaluate((lang) => {
      try {
        window.descent.setLanguage(lang);
        return null;
      } catch (error) {
        return error.message;
      }
    }, bad);
    assert.ok(message, `setLanguage(${JSON.stringify(bad)}) throws`);
    assert.match(message, /'en'/, message);
    assert.match(message, /'zh'/, message);
    assert.ok(message.includes(JSON.stringify(bad)), `${message}: names the value`);
  }
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', 'a refused language changes nothing');
  assert.equal(await page.evaluate(() => localStorage.getItem('descent.language')), null);
  await page.evaluate(() => window.descent.setLanguage('zh'));
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hans');
  assert.equal(await page.textContent('#tab-settings'), STRINGS.zh['tabs.settings']);
  assert.equal(await page.evaluate(() => localStorage.getItem('descent.language')), 'zh', 'setLanguage is the reader\'s choice: remembered');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('numbers in Chinese are grouped by Intl.NumberFormat(\'zh-CN\'): the runs table\'s iteration counts', async () => {
  const { page, errors } = await openIn('zh-CN');
  await waitReady(page);
  // 1500 full-batch iterations: a count with a group separator
  await page.evaluate(() => window.descent.setExperiment({ ...window.descent.getExperiment(), runs: [{ name: 'long', optimizer: { kind: 'sgd', lr: 0.01 }, batchSize: 'full', iterations: 1500 }] }));
  await waitReady(page);
  const result = await page.evaluate(() => window.descent.run());
  await page.waitForFunction(() => /^training\.finished/.test(document.getElementById('status').dataset.key ?? ''));
  const iterations = result.runs[0].iterations;
  assert.ok(iterations >= 1000, `a count with a separator: ${iterations}`);
  const zh = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });
  assert.equal(await page.textContent('#run-table tbody td.iter'), `${zh.format(iterations)} / ${zh.format(1500)}`);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a classroom link in Chinese opens in Chinese and leaves the reader\'s remembered choice as it was', async () => {
  const link = await classroomUrl(named('课堂 test'), { lang: 'zh' }, env.url);
  // a reader who chose English: the link shows Chinese, the choice stays English
  {
    const { page, errors } = await openIn('en-US');
    await switchReady(page);
    await page.evaluate(() => window.descent.setLanguage('en'));
    assert.equal(await page.evaluate(() => localStorage.getItem('descent.language')), 'en');
    await page.goto(link);
    await page.waitForFunction(() => document.documentElement.lang === 'zh-Hans');
    assert.equal(await page.textContent('#tab-charts'), STRINGS.zh['tabs.charts']);
    assert.equal(await page.evaluate(() => window.descent.view().classroom.lang), 'zh');
    assert.equal(await page.evaluate(() => localStorage.getItem('descent.language')), 'en', 'the link does not replace the reader\'s choice');
    await page.goto(env.url);
    await switchReady(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', 'the next plain page is in the reader\'s language');
    assert.deepEqual(errors, []);
    await page.context().close();
  }
  // a reader who never chose: nothing is remembered
  {
    const { page, errors } = await openIn('en-US', link);
    await page.waitForFunction(() => document.documentElement.lang === 'zh-Hans');
    assert.equal(await page.evaluate(() => localStorage.getItem('descent.language')), null);
    assert.deepEqual(errors, []);
    await page.context().close();
  }
});

test('the checker works: it finds the English of the English page, and passes regions that are translated', async () => {
  const { page, errors } = await openIn('en-US');
  await waitReady(page);
  const english = untranslated(await collectStrings(page), await userWords(page));
  assert.ok(english.length > 30, `the English page has many English strings, found ${english.length}`);
  for (const [where, text] of [['#lessons-heading', STRINGS.en['lessons.heading']], ['#runs-table-heading', STRINGS.en['runs.heading']], ['document.title', STRINGS.en['page.title']]]) {
    assert.ok(english.some((f) => f.where === where && f.text === text), `found ${where}: ${text}`);
  }
  // attributes and chart texts are read too
  assert.ok(english.some((f) => f.where.endsWith('[aria-label]')), 'an aria-label');
  assert.ok(english.some((f) => f.where.includes('(chart)')), 'a chart text');
  assert.ok(english.some((f) => f.where === '#x-unit option'), 'the options of a select');
  // what is not shown is not read: a closed dialog, a hidden block
  assert.deepEqual(await collectStrings(page, '#classroom-dialog'), [], 'the closed classroom dialog');
  assert.deepEqual(await collectStrings(page, '#tune-results'), [], 'the hidden tuning results');
  // user data is not: the runs' names in the table
  const names = (await page.evaluate(() => window.descent.getExperiment().runs.map((r) => r.name)));
  assert.ok(!english.some((f) => names.includes(f.text)), 'run names are data, not interface');

  await switchTo(page, 'zh');
  for (const region of ['header.site', '.toolbar .buttons', '#lessons-heading', '#runs-table-heading']) {
    const strings = await collectStrings(page, region);
    assert.ok(strings.length > 0, `${region}: something to read`);
    assert.deepEqual(untranslated(strings), [], region);
  }
  await page.click('#classroom-open');
  await page.waitForSelector('#classroom-dialog[open]');
  const classroomStrings = await collectStrings(page, '#classroom-dialog');
  assert.ok(classroomStrings.length > 20, `the classroom panel has text: ${classroomStrings.length} strings`);
  const classroom = untranslated(classroomStrings);
  assert.equal(classroom.length, 0, `the classroom panel is translated:\n${listing(classroom)}`);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('in Chinese, every visible string of the page is Chinese, in every state of the page', async (t) => {
  const { page, errors } = await openIn('en-US');
  await waitReady(page);
  await switchTo(page, 'zh');
  const reported = new Set();
  const all = [];
  let pending = [];
  /** Looks at the page as it is now: the strings still in English not reported for an earlier state. */
  const look = async (state) => {
    const found = untranslated(await collectStrings(page), await userWords(page));
    for (const f of found.filter((x) => !x.ids.some((id) => reported.has(id)))) {
      for (const id of f.ids) reported.add(id);
      all.push({ ...f, state });
      pending.push(f);
    }
  };
  /** One state: get there, look (fn may look on the way too), fail with the list of what is new in English. */
  const step = (name, fn) => t.test(name, async () => {
    pending = [];
    await fn();
    await look(name);
    assert.equal(pending.length, 0, `${name}: ${pending.length} strings still in English (those of earlier states not repeated):\n${listing(pending)}`);
  });

  await step('the seed page', async () => {});
  await step('every folded part of the form open', async () => {
    await page.evaluate(() => { for (const d of document.querySelectorAll('#controls details, #tune-form details')) d.open = true; });
  });
  await step('after Run, at the end', () => runToEnd(page));
  await step('the files card after Copy link and Export as Python', async () => {
    await page.click('#copy-link');
    await page.waitForFunction(() => document.getElementById('files-message').textContent.trim() !== '');
    await Promise.all([page.waitForEvent('download'), page.click('#export-python')]);
  });
  await step('an explanation card (the "?" beside Optimizer)', async () => {
    await page.click('[data-explain="optimizer"]');
    await page.waitForFunction(() => { const c = document.getElementById('explain-card'); return c && !c.hidden && c.querySelector('.katex'); });
  });
  await step('the schedule\'s explanation card', async () => {
    await page.click('[data-explain="schedule"]');
    await page.waitForFunction(() => { const c = document.getElementById('explain-card'); return c && !c.hidden && c.querySelector('.katex') && document.querySelector('[data-explain="schedule"]').getAttribute('aria-expanded') === 'true'; });
  });
  await page.keyboard.press('Escape');
  await step('the tuning panel after a search', async () => {
    await page.fill('#f-tune-trials', '4');
    await page.press('#f-tune-trials', 'Tab');
    await page.evaluate(() => window.descent.tune().then(() => null));
    await page.waitForSelector('#tune-results:not([hidden]) #tune-table tbody tr');
  });
  await step('the classroom panel', async () => {
    await page.click('#classroom-open');
    await page.waitForSelector('#classroom-dialog[open]');
  });
  await page.click('#classroom-close');
  await page.waitForSelector('#classroom-dialog:not([open])', { state: 'attached' });
  for (const [kind, file] of [['a landscape preset', 'rosenbrock-race.json'], ['a network preset', 'moons-learning-rates.json']]) {
    await step(`${kind} (${file}), run to the end`, async () => {
      const index = presets.findIndex((p) => p.file === file);
      assert.ok(index >= 0, `${file} is in presets.json`);
      await forgetStatus(page);
      await page.selectOption('#preset', String(index));
      await page.waitForFunction((f) => window.descent.getExperiment().name === f, JSON.parse(readFileSync(new URL(`../../examples/${file}`, import.meta.url), 'utf8')).name);
      await waitSettled(page);
      await runToEnd(page);
    });
  }
  const lessons = await page.evaluate(() => window.descent.lessons());
  assert.ok(lessons.length > 0);
  for (const { id } of lessons) {
    await step(`lesson ${id}, and its first "try this" step applied`, async () => {
      await forgetStatus(page);
      await page.evaluate((l) => window.descent.openLesson(l), id);
      await page.waitForSelector('#lesson-card:not([hidden])');
      await waitSettled(page);
      await look(`lesson ${id}`);
      // a step that edits only the tune section makes no new session: nothing to wait for but its text
      const retrains = Object.keys(lessonFiles.find((l) => l.id === id).steps[0].set).some((path) => !path.startsWith('tune.'));
      if (retrains) await forgetStatus(page);
      await page.click('#lesson-steps > li[data-step="0"] button');
      await page.waitForSelector('#lesson-steps > li[data-step="0"] .lesson-then', { state: 'visible' });
      if (retrains) await waitSettled(page);
    });
  }
  await page.click('#lesson-close');
  await step('the question before a long training', async () => {
    await forgetStatus(page);
    await page.evaluate(() => window.descent.setExperiment({
      name: 'a long experiment', data: { n: 100000, d: 8 }, runs: [{ name: 'long', iterations: 1000000 }],
    }));
    await waitSettled(page);
    await page.click('#run');
    await page.waitForSelector('#ask[open]');
  });
  await page.click('#ask-cancel');
  await page.waitForSelector('#ask:not([open])', { state: 'attached' });
  await step('a form with an invalid learning rate', async () => {
    await page.locator(`${LR} input`).first().fill('-1');
    await page.locator(`${LR} input`).first().press('Tab');
    await page.waitForSelector(`${LR} .error:not([hidden])`);
  });
  await step('the phone layout, charts tab', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.click('#tab-charts');
    await page.waitForFunction(() => document.getElementById('tab-charts').getAttribute('aria-selected') === 'true');
  });
  await step('the phone layout, settings tab', async () => {
    await page.click('#tab-settings');
    await page.waitForFunction(() => document.getElementById('tab-settings').getAttribute('aria-selected') === 'true');
  });
  await step('a broken link\'s error banner (the language remembered from the switch)', async () => {
    await page.goto('about:blank');
    await page.goto(`${env.url}#e1.notALink`);
    await page.waitForSelector('#banner:not([hidden])');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hans');
  });
  if (process.env.I18N_REPORT) {
    // the whole to-do list, by state, for whoever translates: I18N_REPORT=todo.txt node --test tests/browser/i18n.test.js
    const states = [...new Set(all.map((f) => f.state))];
    writeFileSync(process.env.I18N_REPORT, `${all.length} strings in English\n${states.map((s) => `\n## ${s}\n${listing(all.filter((f) => f.state === s))}`).join('\n')}\n`);
  }
  assert.deepEqual(errors, []);
  await page.context().close();
});
