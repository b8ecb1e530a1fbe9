// classroom.js — classroom links in the page: applying a link's view options (controls hidden or
// locked, the charts shown, a lesson card, the teacher's note, embed mode, the language) and the
// teacher's panel that builds such a link. The options' schema and the link format are in
// lib/view-options.js and lib/link.js; this module only reads validated options and writes the DOM.
//
// A locked control is disabled where it stands (its "?" card still opens); a hidden one, a hidden
// chart and the page's frame in embed mode get the class `view-hidden`. The form is rebuilt after
// edits, so the page calls applyForm after every build. The note is set with textContent only.

import { showTab } from './layout.js';
import { applyLanguage } from './language.js';
import { classroomUrl, lessonUrl, minimize } from './lib/link.js';
import { CHART_IDS, MAX_TEXT, SECTIONS, controlOf, validateViewOptions } from './lib/view-options.js';
import { copyText } from './share.js';
import { text } from './strings.js';
import { errorText } from './document.js';

const $ = (id) => document.getElementById(id);
const baseUrl = () => location.href.split('#')[0];
/** The form's sections as the form builds them (the experiment's fieldset has no data-path). */
const SECTION_NODES = { experiment: '.group-experiment', data: '.group-data', model: '.group-model', runs: 'section.runs' };
/** A control's three states in the panel. */
const MODES = ['shown', 'locked', 'hidden'];
/** What a locked control keeps usable: its explanation card's "?" button. */
const STILL_USABLE = '.info-button';

/** A new element with text and attributes (never HTML). */
function el(tag, attributes = {}, content = '') {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (content) node.textContent = content;
  return node;
}

export class Classroom {
  /**
   * @param {{state: () => object, lessons: import('./lessons.js').LessonsPanel, render: () => void}} hooks
   *   state: the page's document state; lessons: the lessons panel (ids, cards); render: rebuilds
   *   the form (which then calls applyForm)
   */
  constructor(hooks) {
    this.hooks = hooks;
    this.options = null; // the applied view options (normalized), null: none
    $('classroom-open').addEventListener('click', () => this.openPanel());
    $('classroom-close').addEventListener('click', () => $('classroom-dialog').close());
    $('classroom-copy').addEventListener('click', () => copyText($('classroom-url'), (line) => { $('classroom-message').textContent = line; }));
    $('lesson-close').addEventListener('click', () => { $('lesson-link-box').hidden = true; });
    $('classroom-form').addEventListener('change', () => this.refreshUrl());
    $('classroom-form').addEventListener('input', () => this.refreshUrl());
    $('lesson-link').addEventListener('click', () => this.copyLessonLink());
    this.translate();
  }

  /** The lesson ids that exist (once the lessons are loaded). */
  async lessonIds() {
    return (await this.hooks.lessons.list()).map((l) => l.id);
  }

  /** Fills this module's fixed texts (index.html's `data-text="classroom.…"`) in the current language. */
  translate() {
    for (const node of document.querySelectorAll('[data-text^="classroom."]')) node.textContent = text(node.dataset.text);
  }

  // ---- Applying a link's view options -----------------------------------------------------------------

  /**
   * Applies validated view options to the page (null: none, the page as usual). A lesson's card is
   * shown by the caller, which knows whether the lesson's own experiment opens.
   * @param {object|null} options as validateViewOptions returns them
   */
  apply(options) {
    this.options = options;
    if (options?.lang) {
      applyLanguage(options.lang, { remember: false });
      this.translate();
    }
    const embed = Boolean(options?.embed);
    document.body.classList.toggle('embed', embed);
    if (embed) showTab('charts');
    const charts = new Set(options?.charts ?? CHART_IDS);
    for (const card of document.querySelectorAll('[data-chart]')) card.classList.toggle('view-hidden', !charts.has(card.dataset.chart));
    $('classroom-text').textContent = options?.text ?? '';
    $('classroom-note').hidden = !options?.text;
    this.hooks.render();
  }

  /**
   * Hides and locks the form's controls as the applied options say (after every build of the form).
   * @param {HTMLElement} root the form
   */
  applyForm(root) {
    if (!this.options) return;
    const hide = new Set(this.options.hide);
    const lock = new Set(this.options.lock);
    if (hide.size === 0 && lock.size === 0) return;
    const named = [...root.querySelectorAll('[data-path]')].map((node) => [controlOf(node.dataset.path), node]);
    for (const section of SECTIONS) {
      const node = root.querySelector(SECTION_NODES[section]);
      if (node) named.push([section, node]);
    }
    const seed = $('new-seed'); // "New seed" edits experiment.seed
    if (seed) named.push(['experiment.seed', seed]);
    for (const [name, node] of named) {
      if (hide.has(name)) node.classList.add('view-hidden');
      else if (lock.has(name)) this.lockNode(node);
    }
  }

  /** Disables every control inside `node` (or `node` itself) and says why, once. */
  lockNode(node) {
    node.classList.add('view-locked');
    const controls = node.matches('input, select, textarea, button') ? [node] : node.querySelectorAll('input, select, textarea, button');
    for (const control of controls) if (!control.matches(STILL_USABLE)) control.disabled = true;
    if (node.matches('button') || node.querySelector(':scope > .locked-note')) return;
    const note = el('small', { class: 'locked-note' }, text('classroom.locked'));
    const legend = node.querySelector(':scope > legend');
    if (legend) legend.after(note);
    else node.querySelector(':scope > label')?.after(note) ?? node.prepend(note);
  }

  // ---- Building a link ------------------------------------------------------------------------------

  /**
   * The classroom link of the current experiment with `options`.
   * @param {object} options view options (validated here, with the lessons the page has)
   * @returns {Promise<string|null>} null while the experiment is invalid
   * @throws {import('./lib/view-options.js').ViewError} the options are invalid
   */
  async url(options) {
    const context = { lessons: await this.lessonIds() };
    validateViewOptions(options, context); // before the experiment's state: bad options always throw
    const { valid, minimal } = this.hooks.state();
    if (!valid) return null;
    return classroomUrl(minimal ?? minimize(valid), options, baseUrl(), context);
  }

  /** Opens the teacher's panel, its choices starting from the options applied now. */
  async openPanel() {
    const form = $('classroom-form');
    const lessons = await this.hooks.lessons.list();
    form.replaceChildren(this.chartChoices(), this.controlChoices(), this.otherChoices(lessons));
    $('classroom-message').textContent = '';
    $('classroom-dialog').showModal();
    await this.refreshUrl();
  }

  chartChoices() {
    const shown = new Set(this.options?.charts ?? CHART_IDS);
    const box = el('fieldset', { class: 'classroom-charts' });
    box.append(el('legend', {}, text('classroom.charts')));
    for (const id of CHART_IDS) {
      const input = el('input', { type: 'checkbox', id: `classroom-chart-${id}`, name: 'chart', value: id });
      input.checked = shown.has(id);
      const check = el('span', { class: 'check' });
      check.append(input, el('label', { for: input.id }, text(`classroom.chart.${id}`)));
      box.append(check);
    }
    return box;
  }

  /** A select (shown, locked, hidden) for each section and for each control the form shows now. */
  controlChoices() {
    const wrap = el('div', { class: 'classroom-controls' });
    const sections = el('fieldset');
    sections.append(el('legend', {}, text('classroom.sections')), ...SECTIONS.map((s) => this.modeRow(s, text(`classroom.section.${s}`))));
    const single = el('details');
    single.append(el('summary', {}, text('classroom.single')));
    const seen = new Set();
    for (const node of $('controls').querySelectorAll('[data-path]')) {
      const name = controlOf(node.dataset.path);
      if (!name || SECTIONS.includes(name) || seen.has(name)) continue;
      seen.add(name);
      const label = node.querySelector(':scope > label, :scope > legend')?.textContent ?? '';
      single.append(this.modeRow(name, label.replace(/\s+/g, ' ').trim(), true));
    }
    wrap.append(sections, single);
    return wrap;
  }

  /** One control's row: its label, its name in code and a select of MODES. */
  modeRow(name, label, code = false) {
    const id = `classroom-c-${name.replace(/\./g, '-')}`;
    const row = el('div', { class: 'classroom-row' });
    const caption = el('label', { for: id }, label);
    if (code) caption.append(' ', el('code', {}, name));
    const select = el('select', { id, 'data-control': name });
    for (const mode of MODES) select.append(el('option', { value: mode }, text(`classroom.mode.${mode}`)));
    select.value = this.options?.hide.includes(name) ? 'hidden' : this.options?.lock.includes(name) ? 'locked' : 'shown';
    row.append(caption, select);
    return row;
  }

  otherChoices(lessons) {
    const box = el('fieldset', { class: 'classroom-other' });
    const lesson = el('select', { id: 'classroom-lesson' });
    lesson.append(el('option', { value: '' }, text('classroom.noLesson')), ...lessons.map((l) => el('option', { value: l.id }, l.title)));
    lesson.value = this.options?.lesson ?? '';
    const note = el('textarea', { id: 'classroom-note-text', rows: '3', maxlength: String(MAX_TEXT) });
    note.value = this.options?.text ?? '';
    const embed = el('input', { type: 'checkbox', id: 'classroom-embed' });
    embed.checked = Boolean(this.options?.embed);
    const lang = el('select', { id: 'classroom-lang' });
    lang.append(el('option', { value: '' }, text('classroom.langAsIs')), el('option', { value: 'en' }, text('classroom.lang.en')), el('option', { value: 'zh' }, text('classroom.lang.zh')));
    lang.value = this.options?.lang ?? '';
    const check = el('span', { class: 'check' });
    check.append(embed, el('label', { for: embed.id }, text('classroom.embed')));
    box.append(
      el('label', { for: lesson.id }, text('classroom.lesson')), lesson,
      el('label', { for: note.id }, text('classroom.text', { max: MAX_TEXT })), note,
      check,
      el('label', { for: lang.id }, text('classroom.lang')), lang,
    );
    return box;
  }

  /** The view options the panel's choices say (only those not at their defaults). */
  panelOptions() {
    const form = $('classroom-form');
    const options = {};
    const modes = [...form.querySelectorAll('select[data-control]')];
    const hide = modes.filter((s) => s.value === 'hidden').map((s) => s.dataset.control);
    const lock = modes.filter((s) => s.value === 'locked').map((s) => s.dataset.control);
    const charts = [...form.querySelectorAll('input[name="chart"]:checked')].map((c) => c.value);
    if (hide.length) options.hide = hide;
    if (lock.length) options.lock = lock;
    if (charts.length !== CHART_IDS.length) options.charts = charts;
    if ($('classroom-lesson').value) options.lesson = $('classroom-lesson').value;
    if ($('classroom-note-text').value.trim()) options.text = $('classroom-note-text').value.trim();
    if ($('classroom-embed').checked) options.embed = true;
    if ($('classroom-lang').value) options.lang = $('classroom-lang').value;
    return options;
  }

  /** The panel's link follows its choices; a choice the schema refuses shows its message instead. */
  async refreshUrl() {
    const output = $('classroom-url');
    const message = $('classroom-message');
    const options = this.panelOptions();
    try {
      const url = await this.url(options);
      if (JSON.stringify(options) !== JSON.stringify(this.panelOptions())) return; // changed meanwhile
      output.value = url ?? '';
      message.textContent = url ? '' : text('classroom.invalid');
      $('classroom-copy').disabled = !url;
    } catch (error) {
      output.value = '';
      message.textContent = errorText(error);
      $('classroom-copy').disabled = true;
    }
  }

  /** The lesson card's "Copy lesson link": `#lesson=ID` of the open lesson. */
  async copyLessonLink() {
    const open = this.hooks.lessons.state();
    if (!open) return;
    $('lesson-link-url').value = await lessonUrl(open.id, baseUrl());
    $('lesson-link-box').hidden = false;
    await copyText($('lesson-link-url'), (line, copied) => {
      $('lesson-link-note').textContent = copied ? text('classroom.lessonCopied') : line;
    });
  }
}
