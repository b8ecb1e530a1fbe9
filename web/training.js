// training.js — the training of the experiment on screen: one worker session at a time, made from
// the valid experiment, trained by Run / Step, paused, and drawn as it goes.
//
//   valid experiment ──(150 ms after the last edit)──▶ worker "create" (data, then the closed form in
//                                                       chunks, with progress) ──▶ charts reset, "Ready"
//        └─ small enough to answer at once (cost.js) ──▶ trains by itself ──▶ "Finished"
//   Run / Step ──▶ worker "run" ──▶ {progress} states ──▶ charts, runs table, progress bar ──▶ result
//
// Worker operations run one after another (a queue); an edit makes the session on screen stale and
// stops the run (or the closed-form solve) in progress, since the settings on screen are no longer
// the ones training. Run asks first (ask.js) when the training is estimated above BUDGET.ask.

import { askToStart } from './ask.js';
import { PALETTE } from './charts.js';
import { BUDGET, estimateRun } from './lib/budget.js';
import { banner, bannerKind, setProblemStatus, setProgress, setStatus, showRuns } from './status.js';
import { showIssues } from './controls.js';
import { formatNumber, plural } from './lib/text.js';
import { describeDiagnostics } from './lib/diagnostics.js';
import { WorkerClient } from './worker-client.js';

const $ = (id) => document.getElementById(id);
/** Side of the grid of objective values the loss-surface chart asks for. */
const CONTOUR_SIZE = 64;
/** How long after the last edit the new session is made (ms). */
const CREATE_DELAY_MS = 150;

export class Trainer {
  /**
   * @param {{charts: import('./charts.js').TrainingCharts, valid: () => object|null, changed: () => void,
   *   autoRun?: (info: object) => boolean}} hooks
   *   valid: the normalized experiment on screen (null while it has problems); changed: what can be
   *   pressed may have changed; autoRun: whether a session made after an edit trains by itself
   */
  constructor({ charts, valid, changed, autoRun = () => false }) {
    this.autoRun = autoRun;
    this.client = new WorkerClient(new URL('./worker.js', import.meta.url));
    this.charts = charts;
    this.valid = valid;
    this.changed = changed;
    this.session = null; // {info, ended, result, stale} of the worker's current session
    this.sessionFor = null; // the normalized experiment that session was made from
    this.current = null; // {token, promise, updates} of the run in progress
    this.creating = null; // the token of the worker "create" in progress
    this.nextToken = 1;
    this.queue = Promise.resolve(); // worker operations, one at a time
    this.createTimer = 0;
    this.contourBusy = false;
  }

  /** The worker could not start: nothing can train. */
  get failed() {
    return this.client.failed;
  }

  /** Runs worker operations one after another; the promise rejects with the task's error. */
  enqueue(task) {
    const next = this.queue.then(task);
    this.queue = next.catch(() => {});
    return next;
  }

  /**
   * The experiment changed and is valid: stop, mark stale, and make a new session shortly.
   * @param {{auto?: boolean}} [options] auto: an edit (a small experiment then trains by itself);
   *   false when the page opens, so that the first Run is the learner's
   */
  schedule({ auto = true } = {}) {
    this.cancelCreate();
    this.stopCreating();
    this.stopRun();
    this.markStale();
    setStatus('Updating…');
    this.createTimer = setTimeout(() => {
      this.createTimer = 0;
      this.enqueue(() => this.createSession({ auto })).catch(() => {});
    }, CREATE_DELAY_MS);
  }

  /** The experiment changed and is invalid: nothing trains until it is fixed. */
  invalidate() {
    this.cancelCreate();
    this.stopCreating();
    this.stopRun();
    this.markStale();
  }

  cancelCreate() {
    clearTimeout(this.createTimer);
    this.createTimer = 0;
  }

  /** Stops the worker's "create" in progress (a long closed-form solve) at its next chunk. */
  stopCreating() {
    if (this.creating !== null) this.client.request('cancel', { token: this.creating }).catch(() => {});
  }

  /** The settings changed: the session on screen no longer matches them. */
  markStale() {
    if (this.session) this.session.stale = true;
    this.changed();
  }

  /** Reset: a fresh session (iteration 0) for the experiment on screen. */
  reset() {
    return this.enqueue(() => this.createSession());
  }

  /**
   * (Re)creates the worker session for the current valid experiment.
   * @param {{auto?: boolean}} [options] auto: after an edit; a small experiment then trains by itself
   */
  async createSession({ auto = false } = {}) {
    await this.stopRun();
    const experiment = this.valid();
    if (!experiment) return;
    setStatus('Preparing the data…');
    const token = this.nextToken++;
    this.creating = token;
    let reply;
    try {
      reply = await this.client.request('create', { experiment, token }, ({ solve }) => {
        const fraction = solve.maxOps ? solve.ops / solve.maxOps : 0;
        $('progress').value = fraction;
        setStatus(`Computing ${solve.what ?? 'the closed-form optimum'}… ${Math.floor(fraction * 100)}%`);
      });
    } catch (error) {
      this.session = null;
      this.sessionFor = null;
      this.changed();
      this.refreshPngButtons();
      this.showRunError(error);
      throw error;
    } finally {
      if (this.creating === token) this.creating = null;
    }
    if (reply.cancelled) {
      this.session = null;
      this.sessionFor = null;
      this.changed();
      return;
    }
    if (experiment !== this.valid()) return; // edited meanwhile: a newer create is queued
    this.session = { info: reply.info, ended: false, result: null, stale: false };
    this.sessionFor = experiment;
    if (bannerKind() === 'run') banner(null);
    this.charts.reset(reply.info);
    this.describeSession(reply.info);
    this.showState(reply.info.runs);
    const sizes = `${plural(reply.info.data.nTrain, 'training row')}, ${plural(reply.info.data.nTest, 'test row')}`;
    this.changed();
    this.refreshContours(true);
    if (auto && this.autoRun(reply.info)) {
      setStatus(`Training by itself: ${sizes}…`);
      this.session.auto = true;
      const reply2 = await this.runOn(this.session, null);
      if (reply2?.result) setStatus(`Finished by itself${badRuns(reply2.state.runs)}: ${sizes} (a small experiment re-runs on every change). Space plays it back.`);
      return;
    }
    setStatus(`Ready: ${sizes}. Press Run.`);
  }

  /** Shows an error from the core or the worker (ExperimentError issues go next to the controls). */
  showRunError(error) {
    if (Array.isArray(error.issues)) {
      showIssues($('controls'), error.issues);
      setProblemStatus(error.issues);
    } else {
      banner('descent could not run this experiment:', [error.message]);
      setStatus(`Error: ${error.message}`);
    }
  }

  /** The notes under the runs table and the charts: the optimum, and why a chart is empty. */
  describeSession(info) {
    const opt = info.optimum;
    const { model } = info.experiment;
    const notYet = { function: 'The landscape of a test function is not drawn yet', mlp: 'A network\'s fit and decision regions are not drawn yet' }[model.kind];
    $('optimum-note').textContent = opt?.params.weights
      ? `Closed-form optimum: train ${formatNumber(opt.trainLoss)}, test ${formatNumber(opt.testLoss)} (w = ${opt.params.weights.slice(0, 4).map((w) => formatNumber(w)).join(', ')}${opt.params.weights.length > 4 ? ', …' : ''}; b = ${formatNumber(opt.params.bias)}).`
      : opt ? `Global minimum: f = ${formatNumber(opt.trainLoss)} at (${opt.params.flat.map((v) => formatNumber(v)).join(', ')}).`
        : `No ${model.kind === 'function' ? 'minimum' : 'closed-form optimum'}: ${info.optimumNote ?? 'not available'}.`;
    const dataNote = $('data-note');
    dataNote.hidden = Boolean(this.charts.dataMode);
    dataNote.textContent = this.charts.dataMode ? '' : notYet ? `${notYet}.` : `Nothing to plot for ${info.data.d} features${model.kind === 'linear' && info.data.d === 2 ? ' (regression)' : ''}: the data chart shows 1-D inputs, or two features with a logistic model.`;
    $('data-card').classList.toggle('empty', !this.charts.dataMode);
    if (!info.data.nTest) $('optimum-note').textContent = $('optimum-note').textContent.replace(/, test [^ ]+ \(/, ' (');
    const contourNote = $('contour-note');
    contourNote.hidden = this.charts.hasContours;
    const params = info.runs[0]?.params.length ?? info.data.d + 1;
    contourNote.textContent = this.charts.hasContours ? '' : notYet ? `${notYet}.` : `The loss surface is drawn for models with exactly two parameters (one feature and the bias); this one has ${params}.`;
    $('contour-card').classList.toggle('empty', !this.charts.hasContours);
    showDiagnostics(info.diagnostics, info.diagnosticsNote, model);
    showRunNotes(null);
    this.refreshPngButtons();
  }

  /** A chart's PNG button works only while that chart is drawn and something was trained. */
  refreshPngButtons() {
    const on = Boolean(this.session) && this.charts.trained;
    const drawn = { loss: on, lr: on, data: on && Boolean(this.charts.dataMode), contour: on && this.charts.hasContours };
    for (const button of document.querySelectorAll('[data-png]')) {
      button.disabled = !drawn[button.dataset.png];
      button.title = button.disabled ? 'Nothing is drawn in this chart' : '';
    }
  }

  /**
   * Trains: to the end (updates null) or `updates` updates per run (Step: one number, or one per
   * run). Starts a new session first when there is none, it is stale, or every run has ended.
   * @param {number|number[]|null} updates
   * @returns {Promise<object|null>} the run's final reply
   */
  train(updates) {
    if (!this.valid() || this.current) return Promise.resolve(null);
    this.cancelCreate();
    return this.enqueue(async () => {
      if (!this.session || this.session.stale || this.session.ended || this.sessionFor !== this.valid()) await this.createSession();
      if (!this.session) return null;
      const session = this.session;
      if (!updates && !session.approved) {
        const { parts } = estimateRun(this.sessionFor);
        const runs = parts.filter((p) => p.path.startsWith('runs['));
        const ops = runs.reduce((sum, p) => sum + p.ops, 0);
        const go = await askToStart({ ops, seconds: ops / BUDGET.opsPerSecond, parts: runs }, { what: 'This training', start: 'Run anyway' });
        if (session !== this.session || session.stale) return null; // edited while asked
        if (!go) {
          setStatus('Not started: the training would take long. Make it smaller (fewer updates, rows or features), or press Run and confirm.');
          return null;
        }
        session.approved = true; // Pause and Run again do not ask again
      }
      return this.runOn(session, updates);
    });
  }

  /** Sends one `run` for `session` and follows it to its end. */
  async runOn(session, updates) {
    const token = this.nextToken++;
    setStatus(updates ? 'Stepping…' : 'Training…');
    const promise = this.client.request('run', { token, updates }, (state) => this.onProgress(session, state));
    this.current = { token, promise, updates };
    this.changed();
    let reply;
    try {
      reply = await promise;
    } catch (error) {
      this.showRunError(error);
      throw error;
    } finally {
      this.current = null;
      this.changed();
    }
    if (session !== this.session || !reply.state) return reply;
    this.onProgress(session, reply.state);
    if (reply.result) {
      session.ended = true;
      session.result = reply.result;
      showDiagnostics(reply.result.diagnostics, reply.result.diagnosticsNote, reply.result.experiment.model, reply.result.notes);
      showRunNotes(reply.result.runs);
    }
    this.charts.updateNow();
    this.flushState(); // the table and the status line say the same thing from here on
    setStatus(summary(reply, updates));
    this.changed();
    this.refreshPngButtons();
    this.refreshContours();
    return reply;
  }

  onProgress(session, state) {
    if (session !== this.session) return;
    this.charts.append(state);
    this.queueState(state.runs);
    if (this.charts.hasContours && this.charts.contoursStale()) this.refreshContours();
  }

  /** The runs table and the progress bar for the worker's run states (null: the last ones again). */
  showState(runs = this.lastRuns) {
    if (!runs) return;
    this.lastRuns = runs;
    const training = Boolean(this.current && !this.current.updates);
    showRuns(runs, {
      color: (i) => PALETTE[i % PALETTE.length],
      lastPoint: (i, column) => this.charts.runs[i]?.cols[column]?.at(-1),
      at: (i) => this.charts.pointAt(i),
      metrics: (i) => this.charts.runs[i]?.metrics ?? null,
      classify: this.session?.info.experiment.model.kind === 'logistic',
      hasTest: Boolean(this.session?.info.data.nTest),
      training: Boolean(this.current),
    });
    setProgress(runs, training);
  }

  /** showState at most every 100 ms (progress arrives every 40 ms; the table is rebuilt each time). */
  queueState(runs) {
    this.lastRuns = runs;
    if (this.stateTimer) return;
    this.stateTimer = setTimeout(() => {
      this.stateTimer = 0;
      this.showState();
    }, 100);
  }

  /** Draws the queued run states now instead of on the timer. */
  flushState() {
    clearTimeout(this.stateTimer);
    this.stateTimer = 0;
    this.showState();
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
      if (session === this.session && !reply.stale) this.charts.setContours(reply);
    } catch (error) {
      $('contour-note').hidden = false;
      $('contour-note').textContent = `Could not draw the loss surface: ${error.message}`;
    } finally {
      this.contourBusy = false;
    }
  }
}

/**
 * The Hessian line beside the data (λmax, κ, the stability bound; or why there is none) and the
 * experiment's notes (standardising would condition it better).
 */
function showDiagnostics(diagnostics, note, model, notes = []) {
  const box = $('diagnostics-note');
  const kinds = model.kind === 'linear' || model.kind === 'logistic';
  const line = describeDiagnostics(diagnostics ?? null, kinds ? note : null);
  box.textContent = [line, ...notes.map((n) => `Note: ${n.text}.`)].filter(Boolean).join(' ');
  box.hidden = !box.textContent;
}

/** The notes on each run under the runs table (null: none yet). */
function showRunNotes(runs) {
  const list = $('run-notes');
  const items = (runs ?? []).flatMap((r) => (r.notes ?? []).map((n) => {
    const li = document.createElement('li');
    li.textContent = `${r.name}: ${n.text}.`;
    li.dataset.code = n.code;
    if (n.code !== 'noise_floor') li.className = 'warn';
    return li;
  }));
  list.replaceChildren(...items);
  list.hidden = items.length === 0;
}

/** " (1 diverged, 1 diverging: loss above its start and still rising)", or '' when every run is fine. */
function badRuns(runs) {
  const count = (status) => runs.filter((r) => r.status === status).length;
  const bad = [[count('diverged'), 'diverged'], [count('diverging'), 'diverging: loss above its start and still rising']].filter(([n]) => n > 0);
  return bad.length ? ` (${bad.map(([n, what]) => `${n} ${what}`).join(', ')})` : '';
}

/** The status line after a run request ended. */
function summary(reply, updates) {
  if (reply.result) return `Finished${badRuns(reply.state.runs)}. Space (or the ▶ under it) plays it again; or change a setting.`;
  if (reply.cancelled) return 'Paused. Run continues, Step steps, Reset goes back to the start.';
  const made = Array.isArray(updates) ? 'one epoch' : plural(updates ?? 1, 'update');
  return `Stepped ${made}. Run continues to the end.`;
}
