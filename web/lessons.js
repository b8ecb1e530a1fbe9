// lessons.js — the lessons gallery and the open lesson's card. The lessons are data (examples/lessons/,
// listed by its index.json; the format is web/lesson-schema.js): a click opens a lesson's experiment (an
// example file) the way an imported file is opened, and each "try this" step applies its changes through
// the page's edit path (document.js), so the form, the link and the charts follow as after any edit.
// Texts come from the lesson files ({en: …}) and strings.js.

import { issueLines } from './document.js';
import { validateLesson } from './lesson-schema.js';
import { countText, formatGrouped, localized, onLanguage, text } from './strings.js';

const $ = (id) => document.getElementById(id);
/** Where the lessons and their experiments are, relative to the page. */
const LESSONS_URL = './examples/lessons/';
const EXAMPLES_URL = './examples/';

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
  return response.json();
}

export class LessonsPanel {
  /**
   * @param {{open: (doc: object) => object, apply: (step: object) => object}} hooks
   *   open: validates and shows an experiment (returns the state; invalid: the page is unchanged);
   *   apply: applies a step's changes as edits (returns the new state)
   */
  constructor(hooks) {
    this.hooks = hooks;
    this.lessons = []; // validated lessons, in gallery order
    this.current = null; // {lesson, index, applied: Set<number>}
    // on a phone the gallery starts folded (its summary line stays): the toolbar and the charts come first
    if (matchMedia('(max-width: 599px)').matches) $('lessons-details').open = false;
    this.loaded = this.load();
    $('lesson-close').addEventListener('click', () => this.close());
    $('lesson-restart').addEventListener('click', () => { if (this.current) this.open(this.current.lesson.id).catch(() => {}); });
    $('lesson-all').addEventListener('click', () => this.showGallery());
    $('lesson-next').addEventListener('click', () => {
      const next = this.lessons[this.current?.index + 1];
      if (next) this.open(next.id).catch(() => {});
    });
    this.said = null; // () => the gallery's note in the current language, or null
    onLanguage(() => this.retell());
  }

  /** The language changed: the gallery, its note and the open lesson again (the applied steps stay). */
  retell() {
    this.renderGallery();
    if (this.said) $('lessons-note').textContent = this.said();
    if (this.current) this.renderLesson();
  }

  /** The gallery's note: `say` gives it in the current language (null: none). */
  note(say, isError = false) {
    this.said = say;
    const note = $('lessons-note');
    note.textContent = say?.() ?? '';
    note.classList.toggle('error-text', isError);
  }

  /** Reads the index and every lesson; a lesson that cannot be read is reported in the gallery. */
  async load() {
    this.note(() => text('lessons.loading'));
    try {
      const index = await fetchJson(`${LESSONS_URL}index.json`);
      const files = Array.isArray(index?.lessons) ? index.lessons : [];
      const read = await Promise.allSettled(files.map(async (file) => validateLesson(await fetchJson(`${LESSONS_URL}${file}`), { file })));
      this.lessons = read.filter((r) => r.status === 'fulfilled').map((r) => r.value);
      const failed = read.filter((r) => r.status === 'rejected').map((r) => r.reason.message);
      this.note(failed.length ? () => text('lessons.failed', { reason: failed.join('; ') }) : null, failed.length > 0);
    } catch (error) {
      this.note(() => text('lessons.failed', { reason: error.message }), true);
    }
    this.renderGallery();
    return this.lessons;
  }

  /** The list for scripts: [{id, title}]. */
  async list() {
    await this.loaded;
    return this.lessons.map((l) => ({ id: l.id, title: localized(l.title) }));
  }

  renderGallery() {
    $('lessons-count').textContent = countText('lessons.count', this.lessons.length);
    const list = $('lesson-list');
    list.replaceChildren(...this.lessons.map((lesson, i) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'lesson-tile';
      button.dataset.lesson = lesson.id;
      button.setAttribute('aria-label', text('lessons.open', { index: formatGrouped(i + 1), title: localized(lesson.title) }));
      if (this.current?.lesson.id === lesson.id) button.setAttribute('aria-current', 'true');
      const number = document.createElement('span');
      number.className = 'lesson-number';
      number.textContent = formatGrouped(i + 1);
      const title = document.createElement('strong');
      title.textContent = localized(lesson.title);
      const summary = document.createElement('span');
      summary.className = 'lesson-summary';
      summary.textContent = localized(lesson.summary);
      button.append(number, title, summary);
      button.addEventListener('click', () => this.open(lesson.id).catch(() => {}));
      const item = document.createElement('li');
      item.append(button);
      return item;
    }));
  }

  /** Opens the gallery (and scrolls to it). */
  showGallery() {
    const details = $('lessons-details');
    details.open = true;
    details.scrollIntoView({ block: 'start' });
    details.querySelector('summary').focus({ preventScroll: true });
  }

  /**
   * Opens a lesson: its experiment replaces the page's, its card shows above the charts.
   * @param {string} id
   * @returns {Promise<{id: string, title: string, experiment: object}>}
   */
  async open(id) {
    await this.loaded;
    const index = this.lessons.findIndex((l) => l.id === id);
    if (index < 0) throw new Error(`no lesson "${id}" (lessons: ${this.lessons.map((l) => l.id).join(', ')})`);
    const lesson = this.lessons[index];
    let doc;
    try {
      doc = await fetchJson(`${EXAMPLES_URL}${lesson.experiment}`);
    } catch (error) {
      this.note(() => text('lessons.failed', { reason: error.message }), true);
      throw error;
    }
    const state = this.hooks.open(doc);
    if (!state.valid) {
      const reason = issueLines(state.issues).join('; ');
      this.note(() => text('lessons.failed', { reason }), true);
      throw new Error(reason);
    }
    this.present(index);
    const card = $('lesson-card');
    card.scrollIntoView({ block: 'start' });
    $('lesson-title').focus({ preventScroll: true });
    return { id, title: localized(lesson.title), experiment: structuredClone(state.valid) };
  }

  /**
   * Shows a lesson's card over the experiment the page has (a classroom link's: it may differ from the
   * lesson's preset); its steps apply to that experiment.
   * @param {string} id
   */
  async showCard(id) {
    await this.loaded;
    const index = this.lessons.findIndex((l) => l.id === id);
    if (index < 0) throw new Error(`no lesson "${id}" (lessons: ${this.lessons.map((l) => l.id).join(', ')})`);
    this.present(index);
  }

  /** Makes lesson `index` the open one and shows its card (the gallery folds). */
  present(index) {
    const lesson = this.lessons[index];
    this.current = { lesson, index, applied: new Set() };
    this.renderLesson();
    $('lessons-details').open = false;
    $('lesson-card').hidden = false;
    for (const tile of document.querySelectorAll('.lesson-tile')) tile.setAttribute('aria-current', String(tile.dataset.lesson === lesson.id));
  }

  /** Fills the lesson card from this.current. */
  renderLesson() {
    const { lesson, index } = this.current;
    $('lesson-label').textContent = text('lesson.label', { index: formatGrouped(index + 1), count: formatGrouped(this.lessons.length) });
    $('lesson-title').textContent = localized(lesson.title);
    $('lesson-look').textContent = localized(lesson.look);
    $('lesson-notice').textContent = localized(lesson.notice);
    const steps = $('lesson-steps');
    steps.replaceChildren(...lesson.steps.map((step, i) => this.stepItem(step, i)));
    const next = this.lessons[index + 1];
    $('lesson-next').hidden = !next;
    if (next) $('lesson-next').textContent = text('lesson.next', { title: localized(next.title) });
  }

  stepItem(step, i) {
    const item = document.createElement('li');
    item.className = 'lesson-step';
    item.dataset.step = String(i);
    const head = document.createElement('div');
    head.className = 'lesson-step-head';
    const label = document.createElement('span');
    label.className = 'lesson-step-label';
    label.textContent = localized(step.label);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'small';
    const applied = this.current.applied.has(i);
    button.textContent = applied ? text('lesson.applied') : text('lesson.apply');
    button.setAttribute('aria-pressed', String(applied));
    button.setAttribute('aria-label', text('lesson.applyStep', { step: localized(step.label) }));
    button.addEventListener('click', () => this.applyStep(i));
    head.append(label, button);
    const changes = document.createElement('code');
    changes.className = 'lesson-changes';
    changes.textContent = text('lesson.changes', {
      changes: Object.entries(step.set).map(([path, value]) => `${path} = ${JSON.stringify(value)}`).join(', '),
    });
    const then = document.createElement('p');
    then.className = 'lesson-then';
    then.textContent = localized(step.then);
    then.hidden = !applied;
    const error = document.createElement('p');
    error.className = 'error';
    error.hidden = true;
    error.setAttribute('role', 'alert');
    item.append(head, changes, then, error);
    return item;
  }

  /**
   * Applies step i of the open lesson (its changes, as edits of the form).
   * @returns {object} the experiment after it (normalized), or null when the change left it invalid
   */
  applyStep(i) {
    if (!this.current) throw new Error('no lesson is open');
    const step = this.current.lesson.steps[i];
    if (!step) throw new Error(`the lesson has no step ${i} (0..${this.current.lesson.steps.length - 1})`);
    const state = this.hooks.apply(step);
    const item = $('lesson-steps').children[i];
    const error = item.querySelector('.error');
    if (!state.valid) {
      error.textContent = text('lesson.stepFailed', { reason: issueLines(state.issues).join('; ') });
      error.hidden = false;
      return null;
    }
    error.hidden = true;
    this.current.applied.add(i);
    const button = item.querySelector('button');
    button.textContent = text('lesson.applied');
    button.setAttribute('aria-pressed', 'true');
    item.querySelector('.lesson-then').hidden = false;
    return structuredClone(state.valid);
  }

  /** Closes the lesson card (the experiment stays). */
  close() {
    this.current = null;
    $('lesson-card').hidden = true;
    for (const tile of document.querySelectorAll('.lesson-tile')) tile.removeAttribute('aria-current');
  }

  /** The open lesson for scripts: {id, applied: [step indexes]} or null. */
  state() {
    return this.current ? { id: this.current.lesson.id, applied: [...this.current.applied].sort() } : null;
  }
}
