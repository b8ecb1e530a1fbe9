// app.js — the playground page: puts together the experiment document (document.js), its form
// (controls.js), the training (training.js: worker session, charts, runs table), the share link
// (share.js), the files card (files.js) and the tuning panel (tune-panel.js).
//
//   edit a control ──▶ document edit ──▶ settle: validateExperiment once ──▶ messages next to the controls
//        │                                   │ valid                          (nothing runs until fixed)
//        ▼                                   ▼
//   address bar (#e1.… link, minimal form)   worker "create" ──▶ charts reset; Run / Step stream progress
//
// The tuning panel edits the document's `tune` section through the same edit(); its validation
// messages come back to it, and its results never enter the document (they are recomputed).
//
// window.descent = {getExperiment, setExperiment, run, tune, link} drives the page from scripts and tests.

import { PALETTE, TrainingCharts } from './charts.js';
import { renderControls, showIssues } from './controls.js';
import {
  MAX_RUNS, addRun, adopt, editRuns, editValue, emptyBox, issueLines, settle, withData,
} from './document.js';
import { FilesPanel, download, fileStem } from './files.js';
import { ExperimentError } from './lib/errors.js';
import { LinkError, decodeExperiment } from './lib/link.js';
import { ShareLink } from './share.js';
import { banner, describeIssue, setFormIssues, setProblemStatus } from './status.js';
import { Trainer } from './training.js';
import { TunePanel } from './tune-panel.js';

const $ = (id) => document.getElementById(id);

/** Edits after which the form is rebuilt: names show in legends and lists, d and degree resize lists. */
const RENDERS = new Set(['name', 'd', 'degree']);

class Playground {
  constructor() {
    this.state = null; // the document state (document.js): {doc, view, valid, lastValid, issues, minimal}
    this.charts = new TrainingCharts({ loss: $('loss-chart'), lr: $('lr-chart'), data: $('data-chart'), contour: $('contour-chart') });
    this.trainer = new Trainer({ charts: this.charts, valid: () => this.state?.valid ?? null, changed: () => this.refreshButtons() });
    this.files = new FilesPanel({
      state: () => this.state,
      session: () => this.trainer.session,
      history: () => this.charts.runs.map((r) => ({ name: r.name, history: r.cols })),
      open: (document) => this.open(document),
      useData: (data) => {
        const { doc, binary, kind } = withData(this.state, data);
        return { state: this.setDoc(doc, { render: true }), binary, kind };
      },
      describeIssue,
    });
    this.share = new ShareLink({ state: () => this.state, message: (text, isError) => this.files.message(text, isError) });
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
    this.bindStatic();
  }

  // ---- Start-up ------------------------------------------------------------------------------------

  async start() {
    const fromLink = await this.readLink(location.hash);
    // A rejected link leaves the address bar: it is replaced by the link of what the page shows.
    const rejected = !fromLink && location.hash.length > 1;
    if (fromLink) this.show(adopt(fromLink), { render: true, link: false });
    else this.setDoc({}, { render: true, link: rejected });
    window.addEventListener('hashchange', async () => {
      const exp = await this.readLink(location.hash);
      if (exp) this.show(adopt(exp), { render: true, link: false });
      else if (location.hash.length > 1) this.share.update();
    });
  }

  /** Reads a share link (validated by link.js); on failure shows why and returns null (nothing from it runs). */
  async readLink(hash) {
    if (!hash || hash === '#') return null;
    try {
      const exp = await decodeExperiment(hash);
      banner(null);
      return exp;
    } catch (error) {
      if (!(error instanceof LinkError || error instanceof ExperimentError)) throw error;
      banner(error instanceof ExperimentError ? 'This link holds an experiment that is not valid; nothing from it was run:' : 'This link could not be opened; nothing from it was run:',
        error instanceof ExperimentError ? issueLines(error.issues) : [error.message], 'link');
      return null;
    }
  }

  bindStatic() {
    const toolbar = document.querySelector('.toolbar');
    const toolbarHeight = () => document.documentElement.style.setProperty('--toolbar-height', `${toolbar.offsetHeight}px`);
    toolbarHeight();
    new ResizeObserver(toolbarHeight).observe(toolbar); // style.css: scroll-padding-top
    $('controls').addEventListener('submit', (event) => event.preventDefault());
    $('run').addEventListener('click', () => (this.trainer.current ? this.trainer.stopRun() : this.trainer.train(null).catch(() => {}))); // errors are shown
    $('step').addEventListener('click', () => this.trainer.train(1).catch(() => {}));
    $('reset').addEventListener('click', () => this.trainer.reset().catch(() => {}));
    $('x-unit').addEventListener('change', (e) => this.charts.setUnit(e.target.value));
    $('log-y').addEventListener('change', (e) => this.charts.setLogY(e.target.checked));
    $('lr-log-y').addEventListener('change', (e) => this.charts.setLogY(e.target.checked, 'lr'));
    for (const button of document.querySelectorAll('[data-png]')) {
      button.addEventListener('click', () => {
        const name = button.dataset.png;
        download(this.charts.toPNG(name), `${fileStem(this.state?.valid?.name ?? this.state?.view?.name)}-${name}.png`);
      });
    }
    $('copy-link').addEventListener('click', () => this.share.copy());
  }

  // ---- The document ----------------------------------------------------------------------------------

  /**
   * Replaces the document and validates it once; refreshes the form and (when valid) the session and link.
   * @param {unknown} doc
   * @param {{render?: boolean, link?: boolean}} [options] render: rebuild the form (its structure
   *   changed); link: the address bar follows (false: it holds this experiment already)
   * @returns {object} the new state
   */
  setDoc(doc, options) {
    return this.show(settle(doc, this.state), options);
  }

  /** Shows a document state: the form, its messages, the buttons, then the session and the link. */
  show(state, { render = false, link = true } = {}) {
    // a document that becomes valid again is drawn again: the form then shows every default it fills
    const recovered = Boolean(state.valid && this.state && !this.state.valid);
    this.state = state;
    const issues = state.issues.map((issue) => emptyBox(state.doc, issue));
    if (render || recovered || !$('controls').firstChild) this.renderForm();
    setFormIssues(this.tune.showIssues(showIssues($('controls'), issues)));
    this.refreshButtons();
    if (state.valid) {
      if (link) this.share.schedule();
      else this.share.update({ replace: false });
      this.trainer.schedule();
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
  open(document) {
    const next = settle(document, this.state);
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
    });
  }

  /** One control changed. */
  edit(path, value, structural = false, render = structural) {
    this.setDoc(editValue(this.state, path, value), { render: render || RENDERS.has(path.at(-1)) });
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
    $('run').textContent = running ? 'Pause' : 'Run';
    $('run').setAttribute('aria-pressed', String(running));
    $('step').disabled = !canRun || running;
    $('reset').disabled = !canRun || running;
    $('copy-link').disabled = !valid;
    this.files.refresh();
    this.tune.refresh();
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
      /** The share link of the current experiment. */
      link: () => this.share.url(),
    });
  }
}

const playground = new Playground();
window.descent = playground.api();
playground.start().catch((error) => {
  banner('The playground failed to start:', [error.message]);
  console.error(error);
});
