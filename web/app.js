// app.js — the playground page: one experiment document, its form, a training worker and the charts.
//
//   edit a control ──▶ validateExperiment ──▶ messages next to the controls (nothing runs until fixed)
//        │                      │ valid
//        ▼                      ▼
//   address bar (#e1.… link)   worker "create" ──▶ charts reset; Run / Step stream progress ──▶ charts
//
// The document being edited (`doc`) is kept in the share link's minimal form: only what differs
// from the defaults, so that defaults which depend on other fields (weights on d, a run's init on the
// experiment's init, lr on the optimizer) follow those fields. The form shows `view`: the normalized
// experiment while it is valid, else what was typed over the last valid one.
//
// The tuning panel (tune-panel.js) edits the document's `tune` section through the same edit(); its
// validation messages come back to it, and its results never enter the document (they are recomputed).
//
// window.descent = {getExperiment, setExperiment, run, tune, link} drives the page from scripts and tests.

import { ExperimentError, SCHEMA, defaultExperiment, featureCount, splitSizes, validateExperiment } from './lib/experiment.js';
import { LinkError, decodeExperiment, experimentUrl, minimize } from './lib/link.js';
import { toCSV, toJSON } from './lib/report.js';
import { PALETTE, TrainingCharts, formatNumber } from './charts.js';
import { fieldApplies, locateIssue, renderControls, showIssues } from './controls.js';
import { CsvError, csvToData, download, fileStem, parseCsv } from './files.js';
import { TunePanel } from './tune-panel.js';

const MAX_RUNS = SCHEMA.experiment.fields.runs.maxLength;
/** Inline data larger than this (values) is not written into the address bar on every edit. */
const MAX_LIVE_LINK_VALUES = 20000;
const CONTOUR_SIZE = 64;

// ---- The worker, behind promises ------------------------------------------------------------------

/** Talks to worker.js: request(type, args, onProgress) → promise of the reply (STYLE.md 13). */
class WorkerClient {
  constructor(url) {
    this.worker = new Worker(url, { type: 'module' });
    this.nextId = 1;
    this.pending = new Map();
    this.worker.addEventListener('message', ({ data }) => {
      const entry = this.pending.get(data.id);
      if (!entry) return;
      if (data.progress) {
        entry.onProgress?.(data.progress);
        return;
      }
      this.pending.delete(data.id);
      if (data.error) entry.reject(Object.assign(new Error(data.error.message), data.error));
      else entry.resolve(data);
    });
    this.worker.addEventListener('error', (event) => {
      event.preventDefault?.();
      const error = new Error(`the training worker failed to start: ${event.message || 'see the browser console'}`);
      for (const entry of this.pending.values()) entry.reject(error);
      this.pending.clear();
      this.failed = error;
    });
  }

  /**
   * @param {string} type
   * @param {object} [args]
   * @param {(progress: object) => void} [onProgress]
   * @returns {Promise<object>}
   */
  request(type, args = {}, onProgress) {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ id, type, ...args });
    });
  }
}

// ---- Small helpers ----------------------------------------------------------------------------------

const $ = (id) => document.getElementById(id);
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Sets path (['runs', 0, 'optimizer', 'lr']) in obj; `undefined` deletes the key. */
function setIn(obj, path, value) {
  let node = obj;
  for (let i = 0; i < path.length - 1; i += 1) node = node[path[i]];
  const key = path.at(-1);
  if (value === undefined) {
    if (Array.isArray(node)) node[key] = undefined;
    else delete node[key];
  } else {
    node[key] = value;
  }
}

function getIn(obj, path) {
  return path.reduce((node, key) => (node === undefined || node === null ? undefined : node[key]), obj);
}

/** `over` laid on `base`: objects merge key by key, everything else (arrays too) replaces. */
function overlay(base, over) {
  if (!isObject(base) || !isObject(over)) return over === undefined ? base : over;
  const out = { ...base };
  for (const key of Object.keys(over)) out[key] = overlay(base[key], over[key]);
  return out;
}

function inlineValues(doc) {
  const X = doc?.data?.X;
  return doc?.data?.kind === 'inline' && Array.isArray(X) ? X.length * (Array.isArray(X[0]) ? X[0].length + 1 : 1) : 0;
}

function describeError(error) {
  if (Array.isArray(error?.issues)) return error.issues.map((i) => `${i.path || 'experiment'}: ${i.message}`);
  return [error?.message ?? String(error)];
}

// ---- The page -----------------------------------------------------------------------------------------

class Playground {
  constructor() {
    this.client = new WorkerClient(new URL('./worker.js', import.meta.url));
    this.charts = new TrainingCharts({ loss: $('loss-chart'), lr: $('lr-chart'), data: $('data-chart'), contour: $('contour-chart') });
    this.doc = null; // the document being edited (minimal form when valid)
    this.view = null; // what the form shows
    this.valid = null; // normalized experiment, or null while the form has errors
    this.lastValid = null;
    this.session = null; // {info, ended, result} of the worker's current session
    this.sessionFor = null; // the normalized experiment that session was made from
    this.current = null; // {token, promise} of the run in progress
    this.nextToken = 1;
    this.queue = Promise.resolve(); // worker operations, one at a time
    this.createTimer = 0;
    this.linkTimer = 0;
    this.contourBusy = false;
    this.csvTable = null;
    this.tune = new TunePanel({
      valid: () => this.valid,
      view: () => this.view,
      edit: (path, value, structural) => this.edit(path, value, structural),
      addRun: (run) => this.addRun(run),
      maxRuns: MAX_RUNS,
    });
    this.bindStatic();
  }

  // ---- Start-up ------------------------------------------------------------------------------------

  async start() {
    const fromLink = await this.readLink(location.hash);
    // A rejected link leaves the address bar: it is replaced by the link of what the page shows.
    const rejected = !fromLink && location.hash.length > 1;
    this.setDoc(fromLink ?? minimize(defaultExperiment()), { render: true, link: rejected });
    window.addEventListener('hashchange', async () => {
      const exp = await this.readLink(location.hash);
      if (exp) this.setDoc(minimize(exp), { render: true, link: false });
      else if (location.hash.length > 1) this.updateAddress();
    });
  }

  /** Reads a share link; on failure shows why and returns null (nothing from it runs). */
  async readLink(hash) {
    if (!hash || hash === '#') return null;
    try {
      const exp = await decodeExperiment(hash);
      this.banner(null);
      return exp;
    } catch (error) {
      if (!(error instanceof LinkError || error instanceof ExperimentError)) throw error;
      this.banner(error instanceof ExperimentError ? 'This link holds an experiment that is not valid; nothing from it was run:' : 'This link could not be opened; nothing from it was run:',
        describeError(error), 'link');
      return null;
    }
  }

  /**
   * Shows (or, with null, hides) the banner above the page. Text only, never HTML.
   * @param {string|null} title
   * @param {string[]} [lines]
   * @param {'link'|'run'} [kind] a 'run' banner goes once a session is made; a 'link' one stays
   */
  banner(title, lines = [], kind = 'run') {
    const box = $('banner');
    if (!title) {
      box.hidden = true;
      box.replaceChildren();
      box.dataset.kind = '';
      return;
    }
    box.dataset.kind = kind;
    const list = document.createElement('ul');
    for (const line of lines.slice(0, 12)) {
      const li = document.createElement('li');
      li.textContent = line;
      list.append(li);
    }
    const head = document.createElement('strong');
    head.textContent = title;
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'secondary small';
    close.textContent = 'Dismiss';
    close.addEventListener('click', () => this.banner(null));
    box.replaceChildren(head, list, close);
    box.hidden = false;
  }

  bindStatic() {
    const toolbar = document.querySelector('.toolbar');
    const toolbarHeight = () => document.documentElement.style.setProperty('--toolbar-height', `${toolbar.offsetHeight}px`);
    toolbarHeight();
    new ResizeObserver(toolbarHeight).observe(toolbar); // style.css: scroll-padding-top
    $('controls').addEventListener('submit', (event) => event.preventDefault());
    $('run').addEventListener('click', () => (this.current ? this.pause() : this.train(null)));
    $('step').addEventListener('click', () => this.train(1));
    $('reset').addEventListener('click', () => this.enqueue(() => this.createSession()));
    $('x-unit').addEventListener('change', (e) => this.charts.setUnit(e.target.value));
    $('log-y').addEventListener('change', (e) => this.charts.setLogY(e.target.checked));
    $('lr-log-y').addEventListener('change', (e) => this.charts.setLogY(e.target.checked, 'lr'));
    for (const button of document.querySelectorAll('[data-png]')) {
      button.addEventListener('click', () => {
        const name = button.dataset.png;
        download(this.charts.toPNG(name), `${fileStem(this.valid?.name ?? this.view?.name)}-${name}.png`);
      });
    }
    $('copy-link').addEventListener('click', () => this.copyLink());
    $('export-json').addEventListener('click', () => this.exportExperiment());
    $('export-csv').addEventListener('click', () => this.exportCsv());
    $('export-result').addEventListener('click', () => {
      if (this.session?.result) download(new Blob([toJSON(this.session.result)], { type: 'application/json' }), `${fileStem(this.valid?.name)}-result.json`);
    });
    $('import-json').addEventListener('change', (e) => this.importExperiment(e.target));
    $('import-csv').addEventListener('change', (e) => this.importCsv(e.target));
    $('csv-use').addEventListener('click', () => this.useCsv());
  }

  // ---- The document ----------------------------------------------------------------------------------

  /**
   * Replaces the document, validates it, refreshes the form and (when valid) the session and link.
   * @param {object} doc
   * @param {{render?: boolean, link?: boolean}} [options] render: rebuild the form (structure
   *   changed); link: update the address bar
   */
  setDoc(doc, { render = false, link = true } = {}) {
    this.doc = doc;
    let issues = [];
    try {
      this.valid = validateExperiment(doc);
      this.lastValid = this.valid;
      if (inlineValues(doc) <= MAX_LIVE_LINK_VALUES) this.doc = minimize(this.valid);
      this.view = this.valid;
    } catch (error) {
      if (!(error instanceof ExperimentError)) throw error;
      this.valid = null;
      issues = error.issues.map((issue) => emptyBox(doc, issue));
      this.view = overlay(this.lastValid ?? {}, doc);
    }
    if (render || !$('controls').firstChild) this.renderForm();
    const unplaced = this.tune.showIssues(showIssues($('controls'), issues));
    this.formIssues(unplaced);
    this.refreshButtons();
    if (this.valid) {
      if (link) this.scheduleLink();
      else this.updateAddress({ replace: false });
      this.scheduleCreate();
    } else {
      this.cancelCreate();
      this.stopRun(); // the settings on screen are no longer the ones training
      this.markStale();
      this.setProblemStatus(issues);
    }
  }

  renderForm() {
    this.tune.render(this.view);
    renderControls($('controls'), this.view, {
      onEdit: (path, value, structural) => this.edit(path, value, structural),
      onRuns: (action, index) => this.editRuns(action, index),
      onNewSeed: () => this.edit(['seed'], (crypto.getRandomValues(new Uint32Array(1))[0]), false, true),
      colors: PALETTE,
      maxRuns: MAX_RUNS,
    });
  }

  /** Issues that belong to no control (e.g. the whole document) go to the top of the form. */
  formIssues(issues) {
    let box = $('form-issues');
    if (!box) {
      box = document.createElement('div');
      box.id = 'form-issues';
      box.className = 'error';
      box.tabIndex = -1; // the status line's problem button may focus it
      box.setAttribute('role', 'alert');
      $('controls').prepend(box);
    }
    box.textContent = issues.map((i) => `${i.path || 'experiment'}: ${i.message}`).join('\n');
    box.hidden = issues.length === 0;
  }

  /** A working copy of the document in which `path`'s parents exist (copied from the view). */
  editable(path) {
    const doc = structuredClone(this.doc);
    let node = doc;
    let view = this.view;
    for (let i = 0; i < path.length - 1; i += 1) {
      const key = path[i];
      view = view?.[key];
      if (node[key] === undefined || node[key] === null || typeof node[key] !== 'object') {
        node[key] = structuredClone(view ?? (typeof path[i + 1] === 'number' ? [] : {}));
      }
      node = node[key];
    }
    return doc;
  }

  /**
   * One control changed. An enum change drops the sibling fields that no longer apply and those
   * whose default depends on the kind; a new optimizer kind starts from torch's defaults for it.
   */
  edit(path, value, structural = false, render = structural) {
    const doc = this.editable(path);
    this.pinRuns(doc);
    const key = path.at(-1);
    const parentPath = path.slice(0, -1);
    const parent = getIn(doc, parentPath);
    const table = tableAt(parentPath);
    if (table && isObject(parent) && table.fields[key]?.type === 'enum' && parent[key] !== value) {
      // The document is in minimal form (a default kind is absent): judge on the whole object.
      const shown = getIn(this.view, parentPath);
      const old = { ...(isObject(shown) ? shown : {}), ...parent };
      const now = { ...old, [key]: value };
      setIn(doc, path, value);
      for (const name of Object.keys(parent)) {
        const spec = table.fields[name];
        if (name === key || !spec) continue;
        const perKind = key === 'kind' && spec.byKind && (Object.hasOwn(spec.byKind, old.kind) || Object.hasOwn(spec.byKind, value));
        const fresh = key === 'kind' && table === SCHEMA.optimizer; // a new optimizer starts from torch's defaults
        if (fresh || perKind || !fieldApplies(spec, now)) delete parent[name];
      }
      if (path.length === 2 && path[0] === 'data' && key === 'kind') this.dataKindChanged(doc, old.kind, value);
    } else {
      setIn(doc, path, value);
    }
    if (path.length === 2 && path[0] === 'data' && (key === 'd' || key === 'degree')) this.resizePerFeature(doc);
    this.setDoc(doc, { render: render || key === 'name' || key === 'd' || key === 'degree' });
  }

  /**
   * Writes the runs the form shows into `doc` when it has none of its own. The default runs depend on
   * the number of training rows (mini-batch 16 only when 16 rows fit), so without this an edit of
   * n, testFraction or the data would silently drop a run the user can see; pinned, that run keeps
   * its batch size and the schema's message says why it no longer fits.
   */
  pinRuns(doc) {
    const shown = this.lastValid;
    if (doc.runs !== undefined || !shown) return;
    const { nTrain } = splitSizes(shown.data);
    doc.runs = structuredClone(SCHEMA.experiment.fields.runs.default(shown, { root: shown, nTrain: () => nTrain }));
  }

  /**
   * After data.d (or degree) changed: per-feature lists written in the document follow the new count,
   * padded with their defaults (true weight 3, scale 1, initial weight 0) or truncated. Lists left at
   * their defaults are absent from the document and follow by themselves.
   */
  resizePerFeature(doc) {
    const data = doc.data;
    const count = featureCount({ ...this.view?.data, ...data });
    if (!Number.isInteger(count) || count < 1 || count > SCHEMA.data.fields.d.max) return;
    const resize = (list, pad) => (Array.isArray(list) && list.length !== count
      ? Array.from({ length: count }, (_, j) => (j < list.length ? list[j] : pad))
      : list);
    if (Array.isArray(data.weights)) data.weights = resize(data.weights, 3);
    if (Array.isArray(data.scales)) data.scales = resize(data.scales, 1);
    const inits = [doc.init, ...(Array.isArray(doc.runs) ? doc.runs.map((r) => r?.init) : [])];
    for (const init of inits) if (isObject(init) && Array.isArray(init.weights)) init.weights = resize(init.weights, 0);
  }

  /** Generated blobs are classified, every other generator regressed; keep the model in step. */
  dataKindChanged(doc, from, to) {
    if (to === 'inline') {
      const prev = this.view?.data;
      if (prev?.kind === 'inline') Object.assign(doc.data, { X: prev.X, y: prev.y });
      return;
    }
    const want = to === 'blobs' ? 'logistic' : 'linear';
    if ((doc.model?.kind ?? this.view?.model?.kind) !== want) doc.model = { kind: want };
    if (isObject(doc.init)) doc.init = 'zeros';
  }

  editRuns(action, index) {
    const doc = this.editable(['runs', 0]);
    const runs = doc.runs;
    const unique = uniqueName(runs);
    // tune.run names a run by index: it follows its run when runs before it come or go.
    const shiftTune = (by) => {
      if (isObject(doc.tune) && Number.isInteger(doc.tune.run) && doc.tune.run > index) doc.tune.run += by;
    };
    if (action === 'add' && runs.length < MAX_RUNS) {
      runs.push({ name: unique(`run ${runs.length + 1}`), optimizer: { kind: 'sgd', lr: 0.1 } });
    } else if (action === 'duplicate' && runs.length < MAX_RUNS) {
      const copy = structuredClone(runs[index]);
      copy.name = unique(`${String(copy.name ?? `run ${index + 1}`).slice(0, 52)} copy`);
      runs.splice(index + 1, 0, copy);
      shiftTune(1);
    } else if (action === 'remove' && runs.length > 1) {
      runs.splice(index, 1);
      shiftTune(-1);
    }
    this.setDoc(doc, { render: true });
    const focus = action === 'remove' ? $('add-run') : document.querySelector(`[data-path="runs[${action === 'add' ? runs.length - 1 : index + 1}].name"] input`);
    focus?.focus();
  }

  /**
   * Appends a run (the tuning panel's "Use best"), its name made unique among the runs.
   * @param {object} run
   * @returns {string} the name it got
   */
  addRun(run) {
    const doc = this.editable(['runs', 0]);
    if (doc.runs.length >= MAX_RUNS) throw new Error(`the experiment already has ${MAX_RUNS} runs (the most): remove one first`);
    const name = uniqueName(doc.runs)(String(run.name ?? `run ${doc.runs.length + 1}`).slice(0, 60));
    doc.runs.push({ ...run, name });
    this.setDoc(doc, { render: true });
    return name;
  }

  // ---- Sessions and training ---------------------------------------------------------------------

  /** Runs worker operations one after another; errors are shown, never thrown at the caller. */
  enqueue(task) {
    const next = this.queue.then(task);
    this.queue = next.catch(() => {});
    return next;
  }

  scheduleCreate() {
    this.cancelCreate();
    this.stopRun();
    this.markStale();
    this.setStatus('Updating…');
    this.createTimer = setTimeout(() => {
      this.createTimer = 0;
      this.enqueue(() => this.createSession()).catch(() => {});
    }, 150);
  }

  cancelCreate() {
    clearTimeout(this.createTimer);
    this.createTimer = 0;
  }

  /** The settings changed: the session on screen no longer matches them. */
  markStale() {
    if (this.session) this.session.stale = true;
    this.refreshButtons();
  }

  /** (Re)creates the worker session for the current valid experiment. */
  async createSession() {
    await this.stopRun();
    const experiment = this.valid;
    if (!experiment) return;
    this.setStatus('Preparing the data…');
    let reply;
    try {
      reply = await this.client.request('create', { experiment });
    } catch (error) {
      this.session = null;
      this.sessionFor = null;
      this.refreshButtons();
      this.refreshPngButtons();
      this.showRunError(error);
      throw error;
    }
    if (experiment !== this.valid) return; // edited meanwhile: a newer create is queued
    this.session = { info: reply.info, ended: false, result: null, stale: false };
    this.sessionFor = experiment;
    if ($('banner').dataset.kind === 'run') this.banner(null);
    this.charts.reset(reply.info);
    this.describeSession(reply.info);
    this.updateTable(reply.info.runs);
    this.setProgress(reply.info.runs);
    this.setStatus(`Ready: ${plural(reply.info.data.nTrain, 'training row')}, ${plural(reply.info.data.nTest, 'test row')}. Press Run.`);
    this.refreshButtons();
    this.refreshContours(true);
  }

  /** Shows an error from the core or the worker (ExperimentError issues go next to controls). */
  showRunError(error) {
    if (Array.isArray(error.issues)) {
      showIssues($('controls'), error.issues);
      this.setProblemStatus(error.issues);
    } else {
      this.banner('descent could not run this experiment:', [error.message]);
      this.setStatus(`Error: ${error.message}`);
    }
  }

  describeSession(info) {
    const opt = info.optimum;
    $('optimum-note').textContent = opt
      ? `Closed-form optimum: train ${formatNumber(opt.trainLoss)}, test ${formatNumber(opt.testLoss)} (w = ${opt.params.weights.slice(0, 4).map(formatNumber).join(', ')}${opt.params.weights.length > 4 ? ', …' : ''}; b = ${formatNumber(opt.params.bias)}).`
      : `No closed-form optimum: ${info.optimumNote ?? 'not available'}.`;
    const dataNote = $('data-note');
    dataNote.hidden = Boolean(this.charts.dataMode);
    dataNote.textContent = this.charts.dataMode ? '' : `Nothing to plot for ${info.data.d} features${info.experiment.model.kind === 'linear' && info.data.d === 2 ? ' (regression)' : ''}: the data chart shows 1-D inputs, or two features with a logistic model.`;
    $('data-card').classList.toggle('empty', !this.charts.dataMode);
    const contourNote = $('contour-note');
    contourNote.hidden = this.charts.hasContours;
    contourNote.textContent = this.charts.hasContours ? '' : `The loss surface is drawn for models with exactly two parameters (one feature and the bias); this one has ${info.data.d + 1}.`;
    $('contour-card').classList.toggle('empty', !this.charts.hasContours);
    this.refreshPngButtons();
  }

  /** A chart's PNG button works only while that chart is drawn. */
  refreshPngButtons() {
    const drawn = { loss: Boolean(this.session), lr: Boolean(this.session), data: Boolean(this.session && this.charts.dataMode), contour: Boolean(this.session && this.charts.hasContours) };
    for (const button of document.querySelectorAll('[data-png]')) {
      button.disabled = !drawn[button.dataset.png];
      button.title = button.disabled ? 'Nothing is drawn in this chart' : '';
    }
  }

  /**
   * Trains: to the end (updates null) or `updates` updates per run (Step). Starts a new session
   * first when there is none, it is stale, or every run has ended.
   * @returns {Promise<object|null>} the run's final reply
   */
  train(updates) {
    if (!this.valid || this.current) return Promise.resolve(null);
    this.cancelCreate();
    return this.enqueue(async () => {
      if (!this.session || this.session.stale || this.session.ended || this.sessionFor !== this.valid) await this.createSession();
      if (!this.session) return null;
      const token = this.nextToken++;
      const session = this.session;
      this.setStatus(updates ? 'Stepping…' : 'Training…');
      const promise = this.client.request('run', { token, updates }, (state) => this.onProgress(session, state));
      this.current = { token, promise, updates };
      this.refreshButtons();
      let reply;
      try {
        reply = await promise;
      } catch (error) {
        this.showRunError(error);
        throw error;
      } finally {
        this.current = null;
        this.refreshButtons();
      }
      if (session !== this.session || !reply.state) return reply;
      this.onProgress(session, reply.state);
      if (reply.result) {
        session.ended = true;
        session.result = reply.result;
      }
      this.charts.updateNow();
      this.setStatus(this.summary(reply));
      this.refreshButtons();
      this.refreshContours();
      return reply;
    });
  }

  onProgress(session, state) {
    if (session !== this.session) return;
    this.charts.append(state);
    this.updateTable(state.runs);
    this.setProgress(state.runs);
    if (this.charts.hasContours && this.charts.contoursStale()) this.refreshContours();
  }

  summary(reply) {
    const runs = reply.state.runs;
    const diverged = runs.filter((r) => r.status === 'diverged').length;
    if (reply.result) return `Finished${diverged ? ` (${diverged} diverged)` : ''}. Run again to start over, or change a setting.`;
    if (reply.cancelled) return 'Paused. Run continues, Step makes one update, Reset starts over.';
    return 'Stepped one update. Run continues to the end.';
  }

  /** Asks the worker to stop the run in progress; resolves once it has. */
  async stopRun() {
    const current = this.current;
    if (!current) return;
    this.client.request('cancel', { token: current.token }).catch(() => {});
    try {
      await current.promise;
    } catch {
      // reported by train()
    }
  }

  pause() {
    this.stopRun();
  }

  /** Recomputes the contour grid when the paths have moved outside it (or on request). */
  async refreshContours(force = false) {
    if (!this.charts.hasContours || this.contourBusy) return;
    if (!force && !this.charts.contoursStale()) return;
    const bounds = this.charts.contourBounds();
    if (!bounds) return;
    const session = this.session;
    this.contourBusy = true;
    try {
      const reply = await this.client.request('contours', { bounds, size: CONTOUR_SIZE });
      if (session === this.session) this.charts.setContours(reply);
    } catch (error) {
      $('contour-note').hidden = false;
      $('contour-note').textContent = `Could not draw the loss surface: ${error.message}`;
    } finally {
      this.contourBusy = false;
    }
  }

  // ---- Status ----------------------------------------------------------------------------------------

  setStatus(text) {
    $('status').textContent = text;
  }

  /**
   * The status line while the settings are invalid: how many problems, and the first one as a button
   * that takes the focus to its control (scrolled into view, its section opened).
   * @param {{path: string, message: string}[]} issues
   */
  setProblemStatus(issues) {
    const box = $('status');
    const first = issues[0];
    if (!first) return;
    const button = document.createElement('button');
    button.type = 'button';
    button.id = 'status-problem';
    button.className = 'link';
    button.textContent = this.describeIssue(first);
    button.title = 'Go to this setting';
    button.addEventListener('click', () => this.focusIssue(first));
    const more = issues.length > 1 ? ` (and ${plural(issues.length - 1, 'more problem')})` : '';
    box.replaceChildren(`${plural(issues.length, 'problem')} in the settings, fix to run: `, button, more);
  }

  /** Where an issue is shown, in the page's words ("Run 3: mini-batch 16 › Batch size: must be …"). */
  describeIssue(issue) {
    const found = locateIssue([$('controls'), $('tune-form')], issue.path);
    if (!found) return `${issue.path || 'experiment'}: ${issue.message}`;
    const rest = found.path === issue.path ? '' : ` ${issue.path.slice(found.path.length).replace(/^\./, '')}`;
    return `${found.where}${rest}: ${issue.message}`;
  }

  /** Focuses the control an issue is about (opening a closed "Stopping, recording, init"). */
  focusIssue(issue) {
    const found = locateIssue([$('controls'), $('tune-form')], issue.path);
    const target = found?.control ?? $('form-issues');
    if (!target) return;
    for (let node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === 'DETAILS') node.open = true;
    }
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: 'center' });
  }

  /**
   * Progress of a training: each run weighted by its work, samples processed (updates × batch rows),
   * so that a full-batch run on a million rows is not outweighed by a quick mini-batch run. While
   * Run trains, the status gives the percentage and, from each run's own compute rate, the time left.
   * @param {object[]} runs the worker's run states
   */
  setProgress(runs) {
    const info = this.session?.info;
    if (!info) return;
    const nTrain = info.data.nTrain;
    let done = 0;
    let total = 0;
    let leftMs = 0;
    let known = true;
    const samples = runs.map((r, i) => {
      const spec = info.experiment.runs[i];
      const B = spec.batchSize === 'full' ? nTrain : Math.min(spec.batchSize, nTrain);
      const perEpoch = Math.ceil(nTrain / B);
      const at = (k) => Math.floor(k / perEpoch) * nTrain + (k % perEpoch) * B; // the core's epoch rule
      return { now: at(r.iteration), end: r.status === 'running' ? at(r.maxIterations) : at(r.iteration), timeMs: r.timeMs ?? 0 };
    });
    const timed = samples.filter((s) => s.now > 0 && s.timeMs > 0);
    const overall = timed.reduce((a, s) => a + s.timeMs, 0) / Math.max(1, timed.reduce((a, s) => a + s.now, 0));
    for (const s of samples) {
      done += s.now;
      total += s.end;
      if (s.end > s.now) {
        const msPerSample = s.now > 0 && s.timeMs > 0 ? s.timeMs / s.now : overall;
        if (!(msPerSample > 0)) known = false;
        leftMs += (s.end - s.now) * msPerSample; // the worker trains one run at a time: times add up
      }
    }
    const fraction = total ? Math.min(1, done / total) : 0;
    $('progress').value = fraction;
    if (this.current && !this.current.updates) {
      const spent = timed.reduce((a, s) => a + s.timeMs, 0);
      const eta = known && spent >= 250 && leftMs >= 1000 ? ` · about ${duration(leftMs)} left` : '';
      this.setStatus(`Training… ${Math.floor(fraction * 100)}%${eta}`);
    }
  }

  updateTable(runs) {
    const body = $('run-table').tBodies[0];
    const rows = runs.map((r, i) => {
      const run = this.charts.runs[i];
      const last = (col) => (run ? run.cols[col].at(-1) : undefined);
      const tr = document.createElement('tr');
      const name = document.createElement('th');
      name.scope = 'row';
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = PALETTE[i % PALETTE.length];
      name.append(swatch, document.createTextNode(r.name));
      let status = r.status === 'diverged' ? `diverged at iteration ${r.divergedAt ?? r.iteration}` : r.status.replace('_', ' ');
      if (r.status === 'running' && !this.current) status = r.iteration === 0 ? 'ready' : 'paused'; // nothing trains now
      const loss = (col) => formatNumber(r.current ? r.current[col] : last(col));
      const cells = [status, `${r.iteration} / ${r.maxIterations}`, formatNumber(r.epoch), loss('trainLoss'), this.session?.info.data.nTest ? loss('testLoss') : '–'];
      tr.append(name, ...cells.map((text, k) => {
        const td = document.createElement('td');
        td.textContent = text;
        if (k === 0) td.className = `status status-${r.status}`;
        return td;
      }));
      return tr;
    });
    body.replaceChildren(...rows);
  }

  refreshButtons() {
    const running = Boolean(this.current);
    const canRun = Boolean(this.valid) && !this.client.failed;
    $('run').disabled = !canRun;
    $('run').textContent = running ? 'Pause' : 'Run';
    $('run').setAttribute('aria-pressed', String(running));
    $('step').disabled = !canRun || running;
    $('reset').disabled = !canRun || running;
    $('copy-link').disabled = !this.valid;
    $('export-json').disabled = !this.valid;
    $('export-csv').disabled = !this.session || this.session.stale;
    $('export-result').disabled = !this.session?.result || this.session.stale;
    this.tune.refresh();
  }

  // ---- Links and files ---------------------------------------------------------------------------------

  scheduleLink() {
    clearTimeout(this.linkTimer);
    this.linkTimer = setTimeout(() => this.updateAddress(), 250);
  }

  /** Writes the experiment into the address bar (history.replaceState: no new history entries). */
  async updateAddress({ replace = true } = {}) {
    const experiment = this.valid;
    if (!experiment) return;
    const base = location.href.split('#')[0];
    const values = inlineValues(experiment);
    if (values > MAX_LIVE_LINK_VALUES) {
      if (replace) history.replaceState(null, '', base);
      $('share-link').value = '';
      this.linkNote(`This experiment is not in the address bar: its data has ${values.toLocaleString('en-US')} values, more than the ${MAX_LIVE_LINK_VALUES.toLocaleString('en-US')} a link carries. Share it as a file (Experiment JSON).`);
      return;
    }
    try {
      const url = await experimentUrl(experiment, base);
      if (experiment !== this.valid) return;
      if (replace) history.replaceState(null, '', url);
      $('share-link').value = url;
      this.linkNote(null);
    } catch (error) {
      if (!(error instanceof LinkError)) throw error;
      if (experiment !== this.valid) return;
      if (replace) history.replaceState(null, '', base);
      $('share-link').value = '';
      this.linkNote(`This experiment is not in the address bar: ${error.message}. Share it as a file (Experiment JSON).`);
    }
  }

  /** The note under the share link saying why the address bar does not hold the experiment (null: it does). */
  linkNote(text) {
    $('link-note').textContent = text ?? '';
    $('link-note').hidden = !text;
  }

  /** The share link of the current experiment (null while it is invalid). */
  async link() {
    if (!this.valid) return null;
    return experimentUrl(this.valid, location.href.split('#')[0]);
  }

  async copyLink() {
    try {
      const url = await this.link();
      if (!url) return;
      $('share-link').value = url;
      try {
        await navigator.clipboard.writeText(url);
        this.fileMessage('Link copied to the clipboard.');
      } catch {
        $('share-link').select();
        this.fileMessage('Select the link above and copy it (the clipboard is not available here).');
      }
    } catch (error) {
      this.fileMessage(error.message, true);
    }
  }

  fileMessage(text, isError = false) {
    const p = $('files-message');
    p.textContent = text;
    p.classList.toggle('error-text', isError);
  }

  exportExperiment() {
    if (!this.valid) return;
    download(new Blob([`${JSON.stringify(this.valid, null, 2)}\n`], { type: 'application/json' }), `${fileStem(this.valid.name)}.json`);
  }

  /**
   * The history so far (the result once every run has ended) as CSV: one row per recorded point, the
   * engine's columns only (as the CLI writes it: the page's timeMs series is not exported).
   */
  historyCsv() {
    if (this.session?.result) return toCSV(this.session.result);
    const withParams = this.session?.info.data.d === 1;
    const columns = ['iteration', 'epoch', 'samples', 'lr', 'trainLoss', 'testLoss', ...(withParams ? ['param0', 'param1'] : [])];
    return toCSV({ runs: this.charts.runs.map((r) => ({ name: r.name, history: Object.fromEntries(columns.map((c) => [c, r.cols[c]])) })) });
  }

  exportCsv() {
    if (!this.session) return;
    download(new Blob([this.historyCsv()], { type: 'text/csv' }), `${fileStem(this.valid?.name)}-history.csv`);
  }

  async importExperiment(input) {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    let document;
    try {
      document = JSON.parse(await file.text());
    } catch (error) {
      this.fileMessage(`${file.name}: not valid JSON (${error.message})`, true);
      return;
    }
    try {
      const exp = validateExperiment(document);
      this.setDoc(inlineValues(exp) <= MAX_LIVE_LINK_VALUES ? minimize(exp) : exp, { render: true });
      this.fileMessage(`Loaded ${file.name}.`);
    } catch (error) {
      if (!(error instanceof ExperimentError)) throw error;
      this.fileMessage(`${file.name} is not a valid experiment:\n${describeError(error).slice(0, 12).join('\n')}`, true);
    }
  }

  async importCsv(input) {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      this.csvTable = parseCsv(await file.text());
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      this.csvTable = null;
      $('csv-target-row').hidden = true;
      this.fileMessage(`${file.name}: ${error.message}`, true);
      return;
    }
    const select = $('csv-target');
    select.replaceChildren(...this.csvTable.columns.map((name, c) => {
      const option = document.createElement('option');
      option.value = String(c);
      option.textContent = name;
      return option;
    }));
    select.value = String(this.csvTable.columns.length - 1);
    $('csv-target-row').hidden = false;
    this.fileMessage(`${file.name}: ${this.csvTable.values.length} rows, ${this.csvTable.columns.length} columns. Choose the target column, then "Use as data".`);
    select.focus();
  }

  useCsv() {
    if (!this.csvTable) return;
    const target = Number($('csv-target').value);
    const current = this.view?.data ?? {};
    const data = csvToData(this.csvTable, target, { testFraction: current.testFraction ?? 0.2, standardize: current.standardize ?? false });
    const doc = this.editable(['data', 'kind']);
    this.pinRuns(doc); // a run whose batch no longer fits is reported, not dropped
    doc.data = data;
    const binary = data.y.every((v) => v === 0 || v === 1);
    const kind = doc.model?.kind ?? this.view?.model?.kind;
    if (kind === 'logistic' && !binary) doc.model = { kind: 'linear' };
    if (isObject(doc.init)) doc.init = 'zeros';
    this.setDoc(doc, { render: true });
    $('csv-target-row').hidden = true;
    const used = `Using ${plural(data.y.length, 'row')} with target "${this.csvTable.columns[target]}" and ${plural(data.X[0].length, 'feature')}${binary && kind !== 'logistic' ? ' (the target is 0/1: choose the logistic model to classify)' : ''}.`;
    const issues = this.valid ? [] : validateIssues(this.doc);
    this.fileMessage(issues.length
      ? `${used}\nWith these rows the settings have ${plural(issues.length, 'problem')} to fix before running (shown next to the controls), first: ${this.describeIssue(issues[0])}`
      : used, issues.length > 0);
    this.csvTable = null;
  }

  // ---- window.descent --------------------------------------------------------------------------------

  /** The scripting interface (window.descent). */
  api() {
    return Object.freeze({
      /** The current experiment: normalized when valid, else what the form holds. */
      getExperiment: () => structuredClone(this.valid ?? this.doc),
      /** Replaces the experiment; throws ExperimentError (nothing changes) when it is invalid. */
      setExperiment: (exp) => {
        const normalized = validateExperiment(exp);
        this.setDoc(inlineValues(normalized) <= MAX_LIVE_LINK_VALUES ? minimize(normalized) : normalized, { render: true });
        return structuredClone(normalized);
      },
      /** Runs the current experiment from the start; resolves to the result engine.run gives. */
      run: async () => {
        if (!this.valid) throw new ExperimentError(validateIssues(this.doc));
        await this.stopRun();
        this.cancelCreate();
        if (this.session) this.session.stale = true;
        const reply = await this.train(null);
        if (!reply?.result) throw new Error('the run was stopped before it finished');
        return reply.result;
      },
      /**
       * Runs the experiment's tune section in the tuning panel (the default search when it has none,
       * which is then added to the experiment); resolves to runTune's result (see web/lib/tune.js).
       */
      tune: () => this.tune.start(),
      /** The share link of the current experiment. */
      link: () => this.link(),
    });
  }
}

/** The schema table describing the object at `path` (['runs', 0, 'optimizer'] → SCHEMA.optimizer). */
function tableAt(path) {
  const names = path.filter((s) => typeof s === 'string');
  if (names.length === 0) return SCHEMA.experiment;
  const last = names.at(-1);
  if (last === 'runs') return SCHEMA.run;
  return Object.hasOwn(SCHEMA, last) && SCHEMA[last].fields ? SCHEMA[last] : null;
}

/** A function that makes names unique among `runs` ("name", "name 2", …; at most 60 characters). */
function uniqueName(runs) {
  const names = new Set(runs.map((r) => r?.name));
  return (base) => {
    let name = base.slice(0, 60);
    for (let k = 2; names.has(name); k += 1) name = `${base.slice(0, 60 - String(k).length - 1)} ${k}`;
    names.add(name);
    return name;
  };
}

/**
 * An issue about a box left empty (the form reads it as ''): "required: a number > 0 …" rather than
 * the schema's `must be a number > 0 …, got ""`.
 */
function emptyBox(doc, issue) {
  const segs = [...issue.path.matchAll(/[^.[\]]+/g)].map(([t]) => (/^\d+$/.test(t) ? Number(t) : t));
  if (segs.length === 0 || getIn(doc, segs) !== '') return issue;
  const m = /^must be (.*), got ""$/s.exec(issue.message);
  return { ...issue, message: m ? `required: ${m[1]}` : `required (the box is empty): ${issue.message}` };
}

/** "1 row", "2 rows". */
function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** A time left: "12 s", "3 min", "1 h 5 min". */
function duration(ms) {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}

function validateIssues(doc) {
  try {
    validateExperiment(doc);
    return [];
  } catch (error) {
    return error.issues ?? [{ path: '', message: error.message }];
  }
}

const playground = new Playground();
window.descent = playground.api();
playground.start().catch((error) => {
  playground.banner('The playground failed to start:', [error.message]);
  console.error(error);
});
