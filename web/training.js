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
import { WorkerClient } from './worker-client.js';

const $ = (id) => document.getElementById(id);
/** Side of the grid of objective values the loss-surface chart asks for (a test function's landscape: LANDSCAPE_SIZE). */
const CONTOUR_SIZE = 64;
const LANDSCAPE_SIZE = 160;
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
        setStatus(`Computing the closed-form optimum… ${Math.floor(fraction * 100)}%`);
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
    const sizes = reply.info.experiment.model.kind === 'function' ? `f = ${reply.info.experiment.model.function.replace(/_/g, ' ')}, no data`
      : `${plural(reply.info.data.nTrain, 'training row')}, ${plural(reply.info.data.nTest, 'test row')}`;
    this.changed();
    this.refreshContours(true);
    if (auto && this.autoRun(reply.info)) {
      setStatus(`Training by itself: ${sizes}…`);
      this.session.auto = true;
      const reply2 = await this.runOn(this.session, null);
      if (reply2?.result) setStatus(`Finished by itself: ${sizes} (a small experiment re-runs on every change). Space plays it back.`);
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
    const fn = model.kind === 'function';
    $('optimum-note').textContent = opt?.params.weights
      ? `Closed-form optimum: train ${formatNumber(opt.trainLoss)}, test ${formatNumber(opt.testLoss)} (w = ${opt.params.weights.slice(0, 4).map((w) => formatNumber(w)).join(', ')}${opt.params.weights.length > 4 ? ', …' : ''}; b = ${formatNumber(opt.params.bias)}).`
      : opt ? `Global minimum: f = ${formatNumber(opt.trainLoss)} at (${opt.params.flat.map((v) => formatNumber(v)).join(', ')}).`
        : `No ${fn ? 'minimum' : 'closed-form optimum'}: ${info.optimumNote ?? 'not available'}.`;
    const dataNote = $('data-note');
    dataNote.hidden = Boolean(this.charts.dataMode);
    dataNote.textContent = this.charts.dataMode ? '' : fn ? 'A test function has no data: its landscape is drawn below.'
      : model.kind === 'mlp' ? `A network's fit is drawn for one input and its decision regions for two input features; this one has ${info.data.d}.`
        : `Nothing to plot for ${info.data.d} features${model.kind === 'linear' && info.data.d === 2 ? ' (regression)' : ''}: the data chart shows 1-D inputs, or two features with a logistic model.`;
    $('data-card').classList.toggle('empty', !this.charts.dataMode);
    $('data-card').hidden = fn; // nothing to show for a function: the landscape takes its place
    $('charts').classList.toggle('landscape', fn);
    $('data-heading').textContent = this.charts.dataMode === 'boundary' ? 'Data and decision regions' : 'Data and fits';
    if (!info.data.nTest) $('optimum-note').textContent = $('optimum-note').textContent.replace(/, test [^ ]+ \(/, ' (');
    const contourNote = $('contour-note');
    contourNote.hidden = this.charts.hasContours;
    const params = info.runs[0]?.params.length ?? info.data.d + 1;
    contourNote.textContent = this.charts.hasContours ? '' : model.kind === 'mlp'
      ? `A network's loss surface has ${params} dimensions: it is not drawn (the loss chart shows how training goes).`
      : `The loss surface is drawn for models with exactly two parameters (one feature and the bias); this one has ${params}.`;
    $('contour-card').classList.toggle('empty', !this.charts.hasContours);
    $('contour-heading').textContent = fn ? `Landscape of ${model.function.replace(/_/g, ' ')}: f(x, y)` : model.kind === 'mlp' ? 'Loss surface' : 'Loss surface over (w, b)';
    $('contour-chart').setAttribute('aria-label', fn
      ? 'Filled contours of the test function over (x, y) with log-spaced levels, its known minima marked, and each run\'s path; a click sets the start point'
      : 'Contours of the training objective over weight and bias, with each run\'s path');
    $('landscape-hint').hidden = !fn;
    $('contour-key').hidden = true; // until the grid arrives (showColorBar)
    this.refreshPngButtons();
  }

  /** The colour bar under a landscape: each band's colour, the levels at its ends and middle. */
  showColorBar() {
    const levels = this.charts.surface.levels;
    const key = $('contour-key');
    key.hidden = !levels;
    if (!levels) return;
    const { lo, hi, thresholds, colors, log } = levels;
    key.querySelector('.colorbar-title').textContent = `f, ${log ? 'log-spaced' : 'evenly spaced'} levels`;
    const bar = key.querySelector('.bar');
    bar.replaceChildren(...colors.map((rgb, k) => {
      const span = document.createElement('span');
      span.style.background = `rgb(${rgb.map(Math.round).join(', ')})`;
      const from = k === 0 ? lo : thresholds[k - 1];
      const to = k === colors.length - 1 ? hi : thresholds[k];
      span.title = `f from ${formatNumber(from, { digits: 3 })} to ${formatNumber(to, { digits: 3 })}`;
      return span;
    }));
    const mid = thresholds[Math.floor(thresholds.length / 2)];
    key.querySelector('.lo').textContent = formatNumber(lo, { digits: 2 });
    key.querySelector('.mid').textContent = formatNumber(mid, { digits: 2 });
    key.querySelector('.hi').textContent = formatNumber(hi, { digits: 2 });
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
      classify: isClassifier(this.session?.info.experiment.model),
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
      const reply = await this.client.request('contours', { bounds, size: this.charts.surface.isFunction ? LANDSCAPE_SIZE : CONTOUR_SIZE });
      if (session === this.session && !reply.stale) {
        this.charts.setContours(reply);
        this.showColorBar();
      }
    } catch (error) {
      $('contour-note').hidden = false;
      $('contour-note').textContent = `Could not draw the loss surface: ${error.message}`;
    } finally {
      this.contourBusy = false;
    }
  }
}

/** Whether the runs table shows accuracy: logistic models and networks with BCE (a logit output). */
export function isClassifier(model) {
  return model?.kind === 'logistic' || (model?.kind === 'mlp' && model.loss === 'bce');
}

/** The status line after a run request ended. */
function summary(reply, updates) {
  const diverged = reply.state.runs.filter((r) => r.status === 'diverged').length;
  if (reply.result) return `Finished${diverged ? ` (${diverged} diverged)` : ''}. Space (or the ▶ under it) plays it again; or change a setting.`;
  if (reply.cancelled) return 'Paused. Run continues, Step steps, Reset goes back to the start.';
  const made = Array.isArray(updates) ? 'one epoch' : plural(updates ?? 1, 'update');
  return `Stepped ${made}. Run continues to the end.`;
}
