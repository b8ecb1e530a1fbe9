// app.js — the playground page: puts together the experiment document (document.js), its form
// (controls.js), the training (training.js: worker session, charts, runs table), the share link
// (share.js), the files card (files.js), the preset menu (presets.js) and the tuning panel (tune-panel.js).
//
//   edit a control ──▶ document edit ──▶ settle: validateExperiment once ──▶ messages next to the controls
//        │                                   │ valid                          (nothing runs until fixed)
//        ▼                                   ▼
//   address bar (#e1.… link, minimal form)   worker "create" ──▶ charts reset; Run / Step stream progress
//
// The tuning panel edits the document's `tune` section through the same edit(); its validation
// messages come back to it, and its results never enter the document (they are recomputed).
//
// Playback (playback.js, held by the charts) replays the recorded history under one cursor; the
// primary button runs, pauses or replays; layout.js adds the phone tabs and the keyboard shortcuts.
//
// window.descent = {getExperiment, setExperiment, run, tune, threads, link, view, play, pause, seek, lessons,
// openLesson, lessonStep} drives the page from scripts and tests. The lessons gallery (lessons.js) opens
// lesson files from examples/lessons/; the "?" beside the optimizer and schedule selects opens their
// explanation cards (explain.js). A classroom link's view options (classroom.js) hide or lock controls,
// choose the charts, show a lesson card or a note, and may embed the page.

import { PALETTE, TrainingCharts } from './charts.js';
import { answersAtOnce, estimateMs } from './cost.js';
import { setUpLayout } from './layout.js';
import { SPEEDS, stepUpdates } from './playback.js';
import { applyLanguage, setUpLanguage } from './language.js';
import { formatGrouped, formatNumber, onLanguage, text } from './strings.js';
import { renderControls, showIssues } from './controls.js';
import {
  MAX_RUNS, addRun, adopt, editRuns, editValue, emptyBox, errorText, issueLines, optimizerChange, settle, withData,
} from './document.js';
import { Classroom } from './classroom.js';
import { ExplainCard } from './explain.js';
import { FilesPanel, download, fileStem } from './files.js';
import { applyStep } from './lesson-schema.js';
import { LessonsPanel } from './lessons.js';
import { ExperimentError } from './lib/errors.js';
import { LinkError, decodeLink } from './lib/link.js';
import { ViewError } from './lib/view-options.js';
import { setUpPresets } from './presets.js';
import { ShareLink } from './share.js';
import { banner, describeIssue, setFormIssues, setProblemStatus, setStatusPlaying } from './status.js';
import { Trainer } from './training.js';
import { TunePanel } from './tune-panel.js';

const $ = (id) => document.getElementById(id);

/** While a lesson is open, experiments estimated under this (ms, cost.js) train by themselves. */
const LESSON_AUTO_RUN_MS = 5000;

/** Edits after which the form is rebuilt: names show in legends and lists, d and degree resize lists. */
const RENDERS = new Set(['name', 'd', 'degree']);

class Playground {
  constructor() {
    this.state = null; // the document state (document.js): {doc, view, valid, lastValid, issues, minimal}
    this.charts = new TrainingCharts({ loss: $('loss-chart'), lr: $('lr-chart'), data: $('data-chart'), contour: $('contour-chart') }, {
      notes: (lines) => this.showNotes(lines),
      zoomed: (name, on) => { document.querySelector(`[data-reset-zoom="${name}"]`).hidden = !on; },
      cursor: () => this.cursorMoved(),
      start: (point) => this.setStart(point),
      regions: (request) => this.trainer.client.request('regions', request),
      outputs: (request) => this.trainer.client.request('outputs', request),
    });
    this.playback = this.charts.playback;
    this.explain = new ExplainCard(); // the optimizer and schedule cards (the "?" beside their selects)
    this.trainer = new Trainer({
      charts: this.charts,
      valid: () => this.state?.valid ?? null,
      changed: () => this.refreshButtons(),
      // a small experiment re-runs by itself after an edit; in a lesson, any that takes seconds, not minutes
      // (a lesson's click should show what its text talks about)
      autoRun: (info) => answersAtOnce(info) || Boolean(this.lessons?.current && estimateMs(info) <= LESSON_AUTO_RUN_MS),
    });
    this.files = new FilesPanel({
      state: () => this.state,
      session: () => this.trainer.session,
      history: () => this.charts.runs.map((r) => ({ name: r.name, history: r.cols })),
      trained: () => this.charts.trained,
      open: (doc) => this.open(doc),
      useData: (data) => {
        const { doc, binary, kind } = withData(this.state, data);
        return { state: this.setDoc(doc, { render: true }), binary, kind };
      },
      describeIssue,
      exportPython: (experiment, to, stem) => this.trainer.client.request('export', { experiment, to, stem }),
    });
    this.share = new ShareLink({ state: () => this.state, message: (line, isError) => this.files.message(line, isError), view: () => this.classroom.options });
    this.tune = new TunePanel({
      valid: () => this.state?.valid ?? null,
      view: () => this.state?.view,
      edit: (path, value, structural) => this.edit(path, value, structural),
      addRun: (run) => {
        const { doc, name } = addRun(this.state, run);
        this.setDoc(doc, { render: true });
        return name;
      },
      maxRuns: MAX_RUNS,
    });
    this.lessons = new LessonsPanel({
      open: (doc) => this.open(doc),
      apply: (step) => this.show(applyStep(this.state, step), { render: true }),
    });
    this.classroom = new Classroom({ state: () => this.state, lessons: this.lessons, render: () => { if (this.state) this.renderForm(); } });
    this.bindStatic();
    onLanguage(() => this.retell());
  }

  /** After a change of language: the form, the buttons, the speeds and the start hint, again. */
  retell() {
    const speed = $('speed').value;
    this.fillSpeeds();
    $('speed').value = speed;
    if (this.startText) $('landscape-start').textContent = text(...this.startText);
    if (!this.state) return; // a link's language, applied before its experiment is shown
    this.renderForm();
    setFormIssues(this.tune.showIssues(showIssues($('controls'), this.state.issues.map((issue) => emptyBox(this.state.doc, issue)))));
    this.refreshButtons();
  }

  // ---- Start-up ------------------------------------------------------------------------------------

  async start() {
    const fromLink = await this.readLink(location.hash);
    // A rejected link leaves the address bar: it is replaced by the link of what the page shows.
    const rejected = !fromLink && location.hash.length > 1;
    if (fromLink) await this.openLink(fromLink, { auto: false });
    else this.setDoc({}, { render: true, link: rejected, auto: false });
    window.addEventListener('hashchange', async () => {
      const opened = await this.readLink(location.hash);
      if (opened) await this.openLink(opened, { auto: false });
      else if (location.hash.length > 1) this.share.update();
    });
  }

  /**
   * Reads a link (validated by link.js: the experiment, a lesson link, view options); on failure shows
   * why and returns null (nothing from it runs or applies).
   * @returns {Promise<{experiment: object|null, lesson: string|null, view: object|null}|null>}
   */
  async readLink(hash) {
    if (!hash || hash === '#') return null;
    try {
      const opened = await decodeLink(hash, { lessons: await this.classroom.lessonIds() });
      banner(null);
      return opened;
    } catch (error) {
      if (!(error instanceof LinkError || error instanceof ExperimentError)) throw error;
      const title = text(error instanceof ViewError ? 'classroom.refused' : error instanceof ExperimentError ? 'app.linkInvalid' : 'app.linkFailed');
      banner(title, error instanceof ExperimentError ? issueLines(error.issues) : [errorText(error)], 'link');
      return null;
    }
  }

  /** Opens what a link holds (its experiment, or its lesson with the lesson's), its view options applied. */
  async openLink({ experiment, lesson, view }, { auto }) {
    this.classroom.apply(view);
    if (lesson) await this.lessons.open(lesson);
    else this.show(adopt(experiment), { render: true, link: false, auto });
    if (view?.lesson && !lesson) await this.lessons.showCard(view.lesson);
  }

  bindStatic() {
    const toolbar = document.querySelector('.toolbar');
    const toolbarHeight = () => document.documentElement.style.setProperty('--toolbar-height', `${toolbar.offsetHeight}px`);
    toolbarHeight();
    new ResizeObserver(toolbarHeight).observe(toolbar); // style.css: scroll-padding-top
    $('controls').addEventListener('submit', (event) => event.preventDefault());
    $('run').addEventListener('click', () => this.primary());
    $('step').addEventListener('click', () => this.step());
    $('reset').addEventListener('click', () => this.reset());
    setUpLayout({ primary: () => { if (!$('run').disabled) this.primary(); }, step: () => { if (!$('step').disabled) this.step(); }, reset: () => { if (!$('reset').disabled) this.reset(); } });
    $('play').addEventListener('click', () => (this.playback.playing ? this.playback.pause() : this.playback.play()));
    $('seek').addEventListener('input', (e) => {
      this.playback.pause();
      const v = Number(e.target.value);
      this.playback.seek(v >= this.playback.length ? null : v);
    });
    $('speed').addEventListener('change', (e) => { this.playback.speed = e.target.value === 'auto' ? null : Number(e.target.value); this.cursorMoved(); });
    this.fillSpeeds();
    $('x-unit').addEventListener('change', (e) => {
      this.charts.setUnit(e.target.value);
      $('log-x-box').hidden = !['samples', 'timeMs'].includes(e.target.value);
    });
    $('log-x').addEventListener('change', (e) => this.charts.setLogX(e.target.checked));
    $('log-y').addEventListener('change', (e) => this.charts.setLogY(e.target.checked));
    $('lr-log-y').addEventListener('change', (e) => this.charts.setLogY(e.target.checked, 'lr'));
    $('regions-run').addEventListener('change', (e) => { this.charts.fitChart.heatRun = Number(e.target.value); this.charts.fitChart.heatKey = ''; this.charts.scheduleUpdate(); });
    for (const button of document.querySelectorAll('[data-reset-zoom]')) button.addEventListener('click', () => this.charts.resetZoom(button.dataset.resetZoom));
    for (const button of document.querySelectorAll('[data-png]')) {
      button.addEventListener('click', () => {
        const name = button.dataset.png;
        download(this.charts.toPNG(name), `${fileStem(this.state?.valid?.name ?? this.state?.view?.name)}-${name}.png`);
      });
    }
    $('copy-link').addEventListener('click', () => this.share.copy());
    $('landscape-undo').addEventListener('click', () => this.undoStart());
  }

  // ---- A landscape's start point ---------------------------------------------------------------------

  /**
   * A click on a landscape: every run starts at `point` (the experiment's init.params; runs that set
   * their own init keep it). The document before is kept for Undo.
   * @param {[number, number]} point
   */
  setStart(point) {
    if (!this.state?.valid) return;
    const before = this.state.doc;
    this.edit(['init'], { params: point }, true);
    this.startBefore = { doc: before, after: this.state.doc };
    const own = Array.isArray(this.state.doc.runs) ? this.state.doc.runs.filter((r) => r?.init !== undefined).length : 0;
    const where = point.map((v) => formatNumber(v)).join(', ');
    this.startText = own ? ['app.startMovedOwn', { point: where, own: formatGrouped(own) }] : ['app.startMoved', { point: where }];
    $('landscape-start').textContent = text(...this.startText);
    $('landscape-undo').hidden = false;
  }

  /** Undo of the last click on a landscape: the document before it (offered until another edit). */
  undoStart() {
    const kept = this.startBefore;
    this.forgetStart();
    if (kept && this.state.doc === kept.after) this.setDoc(kept.doc, { render: true });
  }

  forgetStart() {
    this.startBefore = null;
    $('landscape-undo').hidden = true;
    this.startText = ['app.startHint'];
    $('landscape-start').textContent = text(...this.startText);
  }

  // ---- The document ----------------------------------------------------------------------------------

  /**
   * Replaces the document and validates it once; refreshes the form and (when valid) the session and link.
   * @param {unknown} doc
   * @param {{render?: boolean, link?: boolean, auto?: boolean}} [options] render: rebuild the form (its
   *   structure changed); link: the address bar follows (false: it holds this experiment already);
   *   auto: a small experiment trains by itself (false when the page opens)
   * @returns {object} the new state
   */
  setDoc(doc, options) {
    return this.show(settle(doc, this.state), options);
  }

  /** Shows a document state: the form, its messages, the buttons, then the session and the link. */
  show(state, { render = false, link = true, auto = true } = {}) {
    // a document that becomes valid again is drawn again: the form then shows every default it fills
    const recovered = Boolean(state.valid && this.state && !this.state.valid);
    this.state = state;
    if (this.startBefore && state.doc !== this.startBefore.after) this.forgetStart(); // another edit: no undo of the click
    const issues = state.issues.map((issue) => emptyBox(state.doc, issue));
    if (render || recovered || !$('controls').firstChild) this.renderForm();
    setFormIssues(this.tune.showIssues(showIssues($('controls'), issues)));
    this.refreshButtons();
    if (state.valid) {
      if (link) this.share.schedule();
      else this.share.update({ replace: false });
      this.trainer.schedule({ auto });
    } else {
      this.trainer.invalidate(); // the settings on screen are no longer the ones training
      setProblemStatus(issues);
    }
    return state;
  }

  /**
   * Validates and adopts a whole document (an imported file, setExperiment); an invalid one leaves
   * the page as it is.
   * @returns {object} the state it validated to (its issues when invalid)
   */
  open(doc) {
    const next = settle(doc, this.state);
    return next.valid ? this.show(next, { render: true }) : next;
  }

  renderForm() {
    this.tune.render(this.state.view);
    renderControls($('controls'), this.state.view, {
      onEdit: (path, value, structural) => this.edit(path, value, structural),
      onRuns: (action, index) => this.editRuns(action, index),
      onNewSeed: () => this.edit(['seed'], crypto.getRandomValues(new Uint32Array(1))[0], false, true),
      colors: PALETTE,
      maxRuns: MAX_RUNS,
      dataImport: $('csv-import'),
      explain: (table, kind, path) => this.explain.button(table, kind, path),
    });
    this.explain.refresh($('controls'));
    this.classroom.applyForm($('controls'));
  }

  /** One control changed. */
  edit(path, value, structural = false, render = structural) {
    const change = optimizerChange(this.state, path, value);
    const renamed = Boolean(change?.rename);
    this.setDoc(editValue(this.state, path, value), { render: render || renamed || RENDERS.has(path.at(-1)) });
    for (const note of document.querySelectorAll('.edit-note')) note.remove();
    if (change) { // say what else the switch changed, under the optimizer's control
      const note = document.createElement('p');
      note.className = 'note edit-note';
      note.setAttribute('role', 'status');
      note.textContent = change.text;
      document.querySelector(`[data-path="runs[${change.run}].optimizer.kind"]`)?.after(note);
    }
  }

  /** Add, Duplicate, Remove: then the focus goes to the new run's name (or to Add run). */
  editRuns(action, index) {
    const state = this.setDoc(editRuns(this.state, action, index), { render: true });
    const count = state.view.runs.length;
    const focus = action === 'remove' ? $('add-run') : document.querySelector(`[data-path="runs[${action === 'add' ? count - 1 : index + 1}].name"] input`);
    focus?.focus();
  }

  refreshButtons() {
    const valid = Boolean(this.state?.valid);
    const running = Boolean(this.trainer.current);
    const canRun = valid && !this.trainer.failed;
    $('run').disabled = !canRun;
    $('run').textContent = this.primaryLabel();
    $('run').setAttribute('aria-pressed', String(running || this.playback.playing));
    $('step').disabled = !canRun;
    $('reset').disabled = !canRun || !this.charts.trained;
    $('copy-link').disabled = !valid;
    this.files.refresh();
    this.tune.refresh();
    this.refreshPlaybackBar();
  }

  // ---- Run, playback, Step, Reset -------------------------------------------------------------------

  /** The session on screen has ended every run, for the settings on screen. */
  get finished() {
    const s = this.trainer.session;
    return Boolean(s?.ended && !s.stale && this.trainer.sessionFor === this.state?.valid);
  }

  primaryLabel() {
    if (this.trainer.current || this.playback.playing) return text('app.pause');
    if (this.finished) return text(this.playback.position === null ? 'app.replay' : 'app.play');
    return text('app.run');
  }

  /** Run, Pause (training or playback), Play or Replay: the button's (and Space's) one action. */
  primary() {
    if (this.trainer.current) return this.trainer.stopRun();
    if (this.playback.playing) return this.playback.pause();
    if (this.finished) return this.playback.play();
    const fresh = !this.charts.trained || this.trainer.session?.stale || this.trainer.sessionFor !== this.state?.valid;
    const t0 = performance.now();
    this.playback.seek(null);
    return this.trainer.train(null).then((reply) => {
      // Over before one could watch: play it back (a few seconds at the default speed).
      if (reply?.result && fresh && performance.now() - t0 < 1000) this.playback.play();
    }).catch(() => {}); // errors are shown
  }

  /** The chosen step size for run i, in updates. */
  stepSize(i) {
    const v = $('step-size').value;
    const info = this.trainer.session?.info ?? this.charts.info;
    const run = info?.experiment.runs[i];
    const nTrain = info?.data.nTrain ?? 1;
    return stepUpdates(v === 'epoch' ? 'epoch' : Number(v), { nTrain, batchRows: run?.batchSize === 'full' || !run ? nTrain : run.batchSize });
  }

  /** Step: the cursor moves on through what is recorded; at the end, the runs train that much more. */
  async step() {
    this.playback.pause();
    if (this.playback.position !== null && !this.trainer.session?.stale) {
      this.playback.stepBy(this.stepSize(0));
      return;
    }
    if (this.finished) { // at the end: start over, one step in
      this.playback.seek(this.stepSize(0));
      return;
    }
    if (this.trainer.current) await this.trainer.stopRun();
    const count = this.trainer.session?.info.runs.length ?? this.state?.valid?.runs.length ?? 1;
    const updates = $('step-size').value === 'epoch' ? Array.from({ length: count }, (_, i) => this.stepSize(i)) : this.stepSize(0);
    this.trainer.train(updates).catch(() => {});
  }

  /** Reset: the cursor back to iteration 0 (the recorded history replays from there). */
  async reset() {
    if (this.trainer.current) await this.trainer.stopRun();
    this.playback.pause();
    if (this.charts.trained) this.playback.seek(0);
  }

  fillSpeeds() {
    const select = $('speed');
    const auto = document.createElement('option');
    auto.value = 'auto';
    select.replaceChildren(auto, ...SPEEDS.map((v) => {
      const option = document.createElement('option');
      option.value = String(v);
      option.textContent = text('app.speed', { rate: formatNumber(v, { large: 1e7 }) });
      return option;
    }));
    select.value = 'auto';
  }

  /** The cursor moved (or the history grew): the bar, the runs table and the buttons follow (once a frame). */
  cursorMoved() {
    if (this.cursorFrame) return;
    this.cursorFrame = requestAnimationFrame(() => {
      this.cursorFrame = 0;
      this.showCursor();
    });
  }

  showCursor() {
    this.trainer.showState();
    $('run').textContent = this.primaryLabel();
    $('run').setAttribute('aria-pressed', String(Boolean(this.trainer.current) || this.playback.playing));
    $('reset').disabled = $('run').disabled || !this.charts.trained;
    this.refreshPlaybackBar();
  }

  refreshPlaybackBar() {
    const { length, playing } = this.playback;
    const at = this.playback.at;
    const seek = $('seek');
    seek.max = String(length);
    seek.value = String(at);
    seek.disabled = length <= 0;
    $('play').disabled = length <= 0;
    $('play').textContent = playing ? '❚❚' : '▶';
    $('play').setAttribute('aria-label', text(playing ? 'toolbar.pause' : 'toolbar.play'));
    const position = { at: formatGrouped(Math.floor(at)), length: formatGrouped(length) };
    const words = length > 0 ? text('app.position', position) : '–';
    $('position').textContent = length > 0 && innerWidth < 600 ? text('app.positionShort', position) : words;
    seek.setAttribute('aria-valuetext', words);
    this.playbackStatus(playing);
    $('speed').options[0].textContent = innerWidth < 600 ? text('app.speedAuto') : text('app.speedAutoRate', { rate: formatNumber(this.playback.rate, { large: 1e7 }) });
  }

  /** While the history plays back the status says so; when it stops, the status before it returns. */
  playbackStatus(playing) {
    if (!this.trainer.current) setStatusPlaying(playing); // training keeps its own status
  }

  /** Notes under the loss chart; the log-y box shows what the chart does (it may switch by itself). */
  showNotes(lines) {
    $('loss-note').textContent = lines.join(' ');
    $('loss-note').hidden = lines.length === 0;
    if (this.charts.logY === 'auto') $('log-y').checked = this.charts.lossLogY;
    const boundary = this.charts.dataMode === 'boundary';
    $('regions-box').hidden = !boundary;
    $('data-key').hidden = !boundary;
    $('data-box').classList.toggle('square', boundary);
    const select = $('regions-run');
    const names = this.charts.runs.map((r) => r.name);
    if (boundary && select.options.length !== names.length) {
      select.replaceChildren(...names.map((name, i) => Object.assign(document.createElement('option'), { value: String(i), textContent: name })));
      select.value = String(Math.min(this.charts.fitChart.heatRun, names.length - 1));
    }
  }

  // ---- window.descent --------------------------------------------------------------------------------

  /** The scripting interface (window.descent). */
  api() {
    return Object.freeze({
      /** The current experiment: normalized when valid, else what the form holds. */
      getExperiment: () => structuredClone(this.state.valid ?? this.state.doc),
      /** Replaces the experiment; throws ExperimentError (nothing changes) when it is invalid. */
      setExperiment: (exp) => {
        const state = this.open(exp);
        if (!state.valid) throw new ExperimentError(state.issues);
        return structuredClone(state.valid);
      },
      /** Runs the current experiment from the start; resolves to the result engine.run gives. */
      run: async () => {
        if (!this.state.valid) throw new ExperimentError(this.state.issues);
        await this.trainer.stopRun();
        this.trainer.cancelCreate();
        if (this.trainer.session) this.trainer.session.stale = true;
        const reply = await this.trainer.train(null);
        if (!reply?.result) throw new Error('the run was stopped before it finished');
        return reply.result;
      },
      /**
       * Runs the experiment's tune section in the tuning panel (the default search when it has none,
       * which is then added to the experiment); resolves to runTune's result (see web/lib/tune.js).
       */
      tune: () => this.tune.start(),
      /**
       * The threads the training worker splits full-batch passes over: resolves to {count, note,
       * sharedPasses} (count 1 and a note where the page is not cross-origin isolated; sharedPasses:
       * the passes split so far).
       */
      threads: () => this.trainer.client.request('threads', {}).then(({ count, note, sharedPasses }) => ({ count, note, sharedPasses })),
      /**
       * The share link of the current experiment; with view options, its classroom link (null while
       * the experiment is invalid). Throws ViewError (`.issues`) for invalid view options.
       */
      link: (viewOptions) => (viewOptions === undefined ? this.share.url() : this.classroom.url(viewOptions)),
      /**
       * What the charts show: {x, logX, y: 'log'|'linear', logYAuto, data: 'fit'|'boundary'|null,
       * surface: {mode, centre, axes}|null, playback: {position, length, playing, live, speed},
       * classroom: the classroom link's view options applied (normalized) or null}.
       */
      view: () => ({ ...this.charts.view(), classroom: structuredClone(this.classroom.options) }),
      /** Plays the recorded history from the cursor (from the start at the end); speed in updates/s. */
      play: ({ speed } = {}) => { this.playback.play({ speed }); return this.charts.view().playback; },
      /** Pauses the playback. */
      pause: () => { this.playback.pause(); return this.charts.view().playback; },
      /** Moves the cursor to an iteration (null or past the end: live, everything recorded). */
      seek: (position) => { this.playback.pause(); this.playback.seek(position); this.charts.updateNow(); return this.charts.view().playback; },
      /** The lessons: a promise of [{id, title}] in gallery order. */
      lessons: () => this.lessons.list(),
      /**
       * Opens a lesson (its experiment replaces the current one, its card shows above the charts);
       * resolves to {id, title, experiment}; rejects for an unknown id.
       */
      openLesson: (id) => this.lessons.open(id),
      /** Applies "try this" step `index` of the open lesson; returns the experiment after it (null: invalid). */
      lessonStep: (index) => this.lessons.applyStep(index),
      /** Switches the page's language ('en' or 'zh'; anything else throws, naming them); remembered. */
      setLanguage: (lang) => applyLanguage(lang),
    });
  }
}

setUpLanguage($('language-switch')); // before any module writes text
const playground = new Playground();
window.descent = playground.api();
setUpPresets({ open: (doc) => playground.open(doc) });
playground.start().catch((error) => {
  banner(text('app.failed'), [error.message]);
  console.error(error);
});
