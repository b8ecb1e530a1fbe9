// training.js — the training of the experiment on screen: one worker session at a time, made from
// the valid experiment, trained by Run / Step, paused, and drawn as it goes.
//
//   valid experiment ──(150 ms after the last edit)──▶ worker "create" ──▶ charts reset, "Ready"
//   Run / Step ──▶ worker "run" ──▶ {progress} states ──▶ charts, runs table, progress bar ──▶ result
//
// Worker operations run one after another (a queue); an edit makes the session on screen stale and
// stops the run in progress, since the settings on screen are no longer the ones training.

import { PALETTE } from './charts.js';
import { banner, bannerKind, setProblemStatus, setProgress, setStatus, showRuns } from './status.js';
import { showIssues } from './controls.js';
import { formatNumber, plural } from './lib/text.js';
import { WorkerClient } from './worker-client.js';

const $ = (id) => document.getElementById(id);
/** Side of the grid of objective values the loss-surface chart asks for. */
const CONTOUR_SIZE = 64;
/** How long after the last edit the new session is made (ms). */
const CREATE_DELAY_MS = 150;

export class Trainer {
  /**
   * @param {{charts: import('./charts.js').TrainingCharts, valid: () => object|null, changed: () => void}} hooks
   *   valid: the normalized experiment on screen (null while it has problems); changed: what can be
   *   pressed may have changed
   */
  constructor({ charts, valid, changed }) {
    this.client = new WorkerClient(new URL('./worker.js', import.meta.url));
    this.charts = charts;
    this.valid = valid;
    this.changed = changed;
    this.session = null; // {info, ended, result, stale} of the worker's current session
    this.sessionFor = null; // the normalized experiment that session was made from
    this.current = null; // {token, promise, updates} of the run in progress
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

  /** The experiment changed and is valid: stop, mark stale, and make a new session shortly. */
  schedule() {
    this.cancelCreate();
    this.stopRun();
    this.markStale();
    setStatus('Updating…');
    this.createTimer = setTimeout(() => {
      this.createTimer = 0;
      this.enqueue(() => this.createSession()).catch(() => {});
    }, CREATE_DELAY_MS);
  }

  /** The experiment changed and is invalid: nothing trains until it is fixed. */
  invalidate() {
    this.cancelCreate();
    this.stopRun();
    this.markStale();
  }

  cancelCreate() {
    clearTimeout(this.createTimer);
    this.createTimer = 0;
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

  /** (Re)creates the worker session for the current valid experiment. */
  async createSession() {
    await this.stopRun();
    const experiment = this.valid();
    if (!experiment) return;
    setStatus('Preparing the data…');
    let reply;
    try {
      reply = await this.client.request('create', { experiment });
    } catch (error) {
      this.session = null;
      this.sessionFor = null;
      this.changed();
      this.refreshPngButtons();
      this.showRunError(error);
      throw error;
    }
    if (experiment !== this.valid()) return; // edited meanwhile: a newer create is queued
    this.session = { info: reply.info, ended: false, result: null, stale: false };
    this.sessionFor = experiment;
    if (bannerKind() === 'run') banner(null);
    this.charts.reset(reply.info);
    this.describeSession(reply.info);
    this.showState(reply.info.runs);
    setStatus(`Ready: ${plural(reply.info.data.nTrain, 'training row')}, ${plural(reply.info.data.nTest, 'test row')}. Press Run.`);
    this.changed();
    this.refreshContours(true);
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
    const contourNote = $('contour-note');
    contourNote.hidden = this.charts.hasContours;
    const params = info.runs[0]?.params.length ?? info.data.d + 1;
    contourNote.textContent = this.charts.hasContours ? '' : notYet ? `${notYet}.` : `The loss surface is drawn for models with exactly two parameters (one feature and the bias); this one has ${params}.`;
    $('contour-card').classList.toggle('empty', !this.charts.hasContours);
    this.refreshPngButtons();
  }

  /** A chart's PNG button works only while that chart is drawn. */
  refreshPngButtons() {
    const on = Boolean(this.session);
    const drawn = { loss: on, lr: on, data: on && Boolean(this.charts.dataMode), contour: on && this.charts.hasContours };
    for (const button of document.querySelectorAll('[data-png]')) {
      button.disabled = !drawn[button.dataset.png];
      button.title = button.disabled ? 'Nothing is drawn in this chart' : '';
    }
  }

  /**
   * Trains: to the end (updates null) or `updates` updates per run (Step). Starts a new session
   * first when there is none, it is stale, or every run has ended.
   * @param {number|null} updates
   * @returns {Promise<object|null>} the run's final reply
   */
  train(updates) {
    if (!this.valid() || this.current) return Promise.resolve(null);
    this.cancelCreate();
    return this.enqueue(async () => {
      if (!this.session || this.session.stale || this.session.ended || this.sessionFor !== this.valid()) await this.createSession();
      if (!this.session) return null;
      const token = this.nextToken++;
      const session = this.session;
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
      setStatus(summary(reply));
      this.changed();
      this.refreshContours();
      return reply;
    });
  }

  onProgress(session, state) {
    if (session !== this.session) return;
    this.charts.append(state);
    this.showState(state.runs);
    if (this.charts.hasContours && this.charts.contoursStale()) this.refreshContours();
  }

  /** The runs table and the progress bar for the worker's run states. */
  showState(runs) {
    const training = Boolean(this.current && !this.current.updates);
    showRuns(runs, {
      color: (i) => PALETTE[i % PALETTE.length],
      lastPoint: (i, column) => this.charts.runs[i]?.cols[column]?.at(-1),
      hasTest: Boolean(this.session?.info.data.nTest),
      training: Boolean(this.current),
    });
    setProgress(runs, training);
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
      if (session === this.session) this.charts.setContours(reply);
    } catch (error) {
      $('contour-note').hidden = false;
      $('contour-note').textContent = `Could not draw the loss surface: ${error.message}`;
    } finally {
      this.contourBusy = false;
    }
  }
}

/** The status line after a run request ended. */
function summary(reply) {
  const diverged = reply.state.runs.filter((r) => r.status === 'diverged').length;
  if (reply.result) return `Finished${diverged ? ` (${diverged} diverged)` : ''}. Run again to start over, or change a setting.`;
  if (reply.cancelled) return 'Paused. Run continues, Step makes one update, Reset starts over.';
  return 'Stepped one update. Run continues to the end.';
}
