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
import { optionLabel, showIssues } from './controls.js';
import { countText, formatGrouped, formatNumber, onLanguage, text } from './strings.js';
import { diagnosticsText, noteText, optimumNoteText } from './run-notes.js';
import { MIN_ROWS } from './lib/threads.js';
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
    // ?threads=N in the page's address asks the worker for N threads (worker.js loadEngine)
    const workerUrl = new URL('./worker.js', import.meta.url);
    const threads = new URLSearchParams(location.search).get('threads');
    if (threads !== null) workerUrl.searchParams.set('threads', threads);
    this.client = new WorkerClient(workerUrl);
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
    this.planeMode = null; // the plane directions the learner chose (null: the model's default)
    for (const id of ['plane-mode', 'plane-i', 'plane-j', 'plane-centre']) {
      $(id).addEventListener('change', () => {
        if (id === 'plane-mode') this.planeMode = $(id).value;
        this.showPlaneControls();
        this.charts.surface.setPlane(null);
        this.charts.scheduleUpdate();
        this.refreshContours(true);
      });
    }
    onLanguage(() => this.retell());
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
    setStatus('training.updating');
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

  /**
   * Stops the worker's "create" in progress (making large data, a long closed-form solve) at its next
   * chunk; the progress it posted meanwhile is no longer shown.
   */
  stopCreating() {
    if (this.creating === null) return;
    this.client.request('cancel', { token: this.creating }).catch(() => {});
    this.creating = null;
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
    setStatus('training.preparing');
    const token = this.nextToken++;
    this.creating = token;
    let reply;
    try {
      reply = await this.client.request('create', { experiment, token }, ({ data, solve }) => {
        if (this.creating !== token) return; // stopped: an edit's "Updating…" stays
        const [done, total] = data ? [data.values, data.maxValues] : [solve.ops, solve.maxOps];
        const fraction = total ? done / total : 0;
        $('progress').value = fraction;
        const percent = formatGrouped(Math.floor(fraction * 100));
        if (data) setStatus('training.makingData', { percent });
        else if (solve.what) setStatus('training.computing', { what: solve.what, percent });
        else setStatus('training.computingOptimum', { percent });
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
    const sizes = () => sessionSizes(reply.info); // written in the language of the moment
    this.changed();
    this.refreshContours(true);
    if (auto && this.autoRun(reply.info)) {
      setStatus('training.auto', { sizes });
      this.session.auto = true;
      const reply2 = await this.runOn(this.session, null);
      if (reply2?.result) setStatus(badRuns(reply2.state.runs) ? 'training.finishedAutoBad' : 'training.finishedAuto', { sizes, bad: badRuns(reply2.state.runs) });
      return;
    }
    setStatus('training.ready', { sizes });
  }

  /** After a change of language: every note, heading and table this module wrote, again. */
  retell() {
    const session = this.session;
    if (session) {
      this.describeSession(session.info);
      if (session.result) {
        const { result } = session;
        showDiagnostics(result.diagnostics, result.diagnosticsNote, result.experiment.model, result.notes);
        showRunNotes(result.runs);
      }
      const plane = this.charts.surface.plane;
      if (plane) $('contour-note').textContent = this.planeNote(plane, plane.centre.length);
      this.showColorBar();
    }
    this.showState();
  }

  /** Shows an error from the core or the worker (ExperimentError issues go next to the controls). */
  showRunError(error) {
    if (Array.isArray(error.issues)) {
      showIssues($('controls'), error.issues);
      setProblemStatus(error.issues);
    } else {
      banner(text('training.cannotRun'), [error.message]);
      setStatus('training.error', { message: error.message });
    }
  }

  /** The notes under the runs table and the charts: the optimum, and why a chart is empty. */
  describeSession(info) {
    const opt = info.optimum;
    const { model } = info.experiment;
    const fn = model.kind === 'function';
    const weights = opt?.params.weights;
    const values = weights && {
      train: formatNumber(opt.trainLoss),
      test: formatNumber(opt.testLoss),
      w: `${weights.slice(0, 4).map((w) => formatNumber(w)).join(', ')}${weights.length > 4 ? ', …' : ''}`,
      b: formatNumber(opt.params.bias),
    };
    $('optimum-note').textContent = weights ? text(info.data.nTest ? 'training.optimum' : 'training.optimumNoTest', values)
      : opt ? text('training.minimum', { f: formatNumber(opt.trainLoss), at: opt.params.flat.map((v) => formatNumber(v)).join(', ') })
        : text(fn ? 'training.noMinimum' : 'training.noOptimum', { why: optimumNoteText(info.optimumNote) ?? text('training.notAvailable') });
    const dataNote = $('data-note');
    dataNote.hidden = Boolean(this.charts.dataMode);
    const d = formatGrouped(info.data.d);
    dataNote.textContent = this.charts.dataMode ? '' : fn ? text('training.dataFunction')
      : model.kind === 'mlp' ? text('training.dataNetwork', { d })
        : text(model.kind === 'linear' && info.data.d === 2 ? 'training.dataNothingRegression' : 'training.dataNothing', { d });
    $('data-card').classList.toggle('empty', !this.charts.dataMode);
    $('data-card').hidden = fn; // nothing to show for a function: the landscape takes its place
    $('charts').classList.toggle('landscape', fn);
    $('data-heading').textContent = text(this.charts.dataMode === 'boundary' ? 'training.dataRegions' : 'training.dataFits');
    const contourNote = $('contour-note');
    const plane = this.charts.surface.mode === 'plane';
    contourNote.hidden = this.charts.hasContours && !plane;
    contourNote.textContent = this.charts.hasContours ? '' : text('training.nothingToDraw');
    $('contour-card').classList.toggle('empty', !this.charts.hasContours);
    const surface = fn ? 'Function' : plane ? 'Plane' : 'Wb';
    $('contour-heading').textContent = text(`training.surface${surface}`, { f: fn ? functionName(model.function) : '' });
    $('contour-chart').setAttribute('aria-label', text(`training.surface${surface}Label`));
    $('landscape-hint').hidden = !fn;
    $('contour-key').hidden = true; // until the grid arrives (showColorBar)
    this.fillPlaneControls(info);
    showDiagnostics(info.diagnostics, info.diagnosticsNote, model);
    showRunNotes(null);
    this.threads = info.threads;
    this.showThreads();
    this.refreshPngButtons();
  }

  /** The colour bar under a landscape: each band's colour, the levels at its ends and middle. */
  showColorBar() {
    const levels = this.charts.surface.levels;
    const key = $('contour-key');
    key.hidden = !levels;
    if (!levels) return;
    const { lo, hi, thresholds, colors, log } = levels;
    if (!thresholds.length) {
      key.hidden = true;
      return;
    }
    key.querySelector('.colorbar-title').textContent = text(log ? 'training.levelsLog' : 'training.levelsEven', { what: levels.what });
    const bar = key.querySelector('.bar');
    bar.replaceChildren(...colors.map((rgb, k) => {
      const span = document.createElement('span');
      span.style.background = `rgb(${rgb.map(Math.round).join(', ')})`;
      const from = k === 0 ? lo : thresholds[k - 1];
      const to = k === colors.length - 1 ? hi : thresholds[k];
      span.title = text('training.band', { what: levels.what, from: formatNumber(from, { digits: 3 }), to: formatNumber(to, { digits: 3 }) });
      return span;
    }));
    const mid = thresholds[Math.floor(thresholds.length / 2)];
    key.querySelector('.lo').textContent = formatNumber(lo, { digits: 2 });
    key.querySelector('.mid').textContent = formatNumber(mid, { digits: 2 });
    key.querySelector('.hi').textContent = formatNumber(hi, { digits: 2 });
  }

  /** The note on threads under the runs table, in the page's language (again after a switch). */
  showThreads() {
    const box = $('threads-note');
    const { count = 1, reason = null } = this.threads ?? {};
    box.textContent = reason?.code === 'failed' ? countText('threads.failed', reason.vars.workers, { reason: reason.vars.reason })
      : reason ? text('threads.notIsolated')
      : count > 1 ? text('threads.split', { rows: formatGrouped(MIN_ROWS), count: formatGrouped(count) }) : '';
    box.hidden = !box.textContent;
    box.classList.toggle('warning', Boolean(reason));
  }

  /** A chart's PNG button works only while that chart is drawn and something was trained. */
  refreshPngButtons() {
    const on = Boolean(this.session) && this.charts.trained;
    const drawn = { loss: on, lr: on, data: on && Boolean(this.charts.dataMode), contour: on && this.charts.hasContours };
    for (const button of document.querySelectorAll('[data-png]')) {
      button.disabled = !drawn[button.dataset.png];
      button.title = button.disabled ? text('training.pngNothing') : '';
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
        const go = await askToStart({ ops, seconds: ops / BUDGET.opsPerSecond, parts: runs }, { key: 'ask.training', start: text('training.askStart') });
        if (session !== this.session || session.stale) return null; // edited while asked
        if (!go) {
          setStatus('training.notStarted');
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
    setStatus(updates ? 'training.stepping' : 'training.training');
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
    setStatus(...summary(reply, updates));
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

  /** The plane controls for a new session: the centres it offers, the parameters, the default mode. */
  fillPlaneControls(info) {
    const on = this.charts.surface.mode === 'plane';
    $('plane-controls').hidden = !on;
    if (!on) return;
    const np = info.runs[0]?.params.length ?? 0;
    const { model } = info.experiment;
    const name = (k) => (model.kind === 'mlp' ? `θ${k}` : k < np - 1 ? `w${k + 1}` : 'b');
    const fill = (select, options, keep) => {
      const previous = select.value;
      select.replaceChildren(...options.map(([value, text]) => Object.assign(document.createElement('option'), { value, textContent: text })));
      select.value = options.some(([v]) => v === previous) ? previous : keep;
    };
    const params = Array.from({ length: np }, (_, k) => [String(k), name(k)]);
    fill($('plane-i'), params, '0');
    fill($('plane-j'), params, String(np - 1));
    const centres = [
      ...(info.optimum ? [['optimum', text('training.centreOptimum')]] : []),
      ...info.runs.map((r, i) => [`run:${i}`, text('training.centreRun', { name: r.name })]),
    ];
    fill($('plane-centre'), centres, centres[0][0]);
    // networks: random directions by default (Li et al.); linear and logistic models: curvature
    $('plane-mode').value = this.planeMode ?? (model.kind === 'mlp' ? 'random' : 'curvature');
    this.showPlaneControls();
  }

  showPlaneControls() {
    $('plane-params').hidden = $('plane-mode').value !== 'params';
  }

  /**
   * The worker's "directions" request for the chosen plane, or {wait: text} when its centre is a run
   * that is still training.
   */
  planeRequest() {
    const mode = $('plane-mode').value;
    const params = [Number($('plane-i').value), Number($('plane-j').value)];
    const centre = $('plane-centre').value;
    if (centre === 'optimum') return { mode, params, centre: { optimum: true }, label: ['training.labelOptimum', {}] };
    const run = Number(centre.slice(4));
    const state = this.charts.runs[run];
    if (!state) return { wait: text('training.planeNoRun') };
    if (this.current || (state.status === 'running' && !this.charts.trained)) {
      return { wait: text('training.planeWait', { name: state.name }) };
    }
    return { mode, params, centre: { run }, label: ['training.labelRun', { name: state.name, iteration: formatGrouped(state.iteration) }] };
  }

  /** The note under a plane: what its axes are and what the paths mean. */
  planeNote(plane, np) {
    const { mode } = plane.spec;
    const [l1, l2] = plane.lambdas ?? [];
    const vars = { np: formatGrouped(np), a: this.charts.surface.axisName(0), b: this.charts.surface.axisName(1), l1: formatNumber(l1), l2: formatNumber(l2), ratio: formatNumber(Math.abs(l1 / l2)) };
    const key = mode !== 'curvature' ? mode : !plane.lambdas ? 'curvatureUnknown' : l2 !== 0 ? 'curvatureRatio' : 'curvature';
    return text(`training.plane.${key}`, vars);
  }

  /** Recomputes the contour grid when the paths have moved outside it (or on request). */
  async refreshContours(force = false) {
    if (!this.charts.hasContours || this.contourBusy) return;
    const surface = this.charts.surface;
    const session = this.session;
    if (surface.mode === 'plane' && !surface.plane) {
      const request = this.planeRequest();
      const note = $('contour-note');
      if (request.wait) {
        note.hidden = false;
        note.textContent = request.wait;
        return;
      }
      this.contourBusy = true;
      try {
        const { label: [labelKey, labelVars], ...spec } = request;
        note.hidden = false;
        note.textContent = text('training.findingPlane');
        const reply = await this.client.request('directions', spec);
        if (session !== this.session || reply.stale) return;
        surface.setPlane({ ...reply, spec, centreLabel: text(labelKey, labelVars), centreText: [labelKey, labelVars] });
        note.textContent = this.planeNote(surface.plane, reply.centre.length);
        this.charts.scheduleUpdate();
      } catch (error) {
        note.hidden = false;
        note.textContent = text('training.surfaceFailed', { message: error.message });
        return;
      } finally {
        this.contourBusy = false;
      }
      force = true;
    }
    if (!force && !this.charts.contoursStale()) return;
    const bounds = this.charts.contourBounds();
    if (!bounds) return;
    this.contourBusy = true;
    try {
      const plane = surface.plane;
      const reply = plane
        ? await this.client.request('slice', { centre: plane.centre, u: plane.u, v: plane.v, a: bounds.w, b: bounds.b, size: CONTOUR_SIZE })
        : await this.client.request('contours', { bounds, size: surface.isFunction ? LANDSCAPE_SIZE : CONTOUR_SIZE });
      if (session !== this.session || reply.stale || plane !== surface.plane) return;
      this.charts.setContours(plane ? { grid: reply.grid, size: reply.size, bounds: { w: reply.a, b: reply.b } } : reply);
      this.showColorBar();
    } catch (error) {
      $('contour-note').hidden = false;
      $('contour-note').textContent = text('training.surfaceFailed', { message: error.message });
    } finally {
      this.contourBusy = false;
    }
  }
}

/** Whether the runs table shows accuracy: logistic models and networks with BCE (a logit output). */
export function isClassifier(model) {
  return model?.kind === 'logistic' || (model?.kind === 'mlp' && model.loss === 'bce');
}

/**
 * The Hessian line beside the data (λmax, κ, the stability bound; or why there is none) and the
 * experiment's notes (standardising would condition it better).
 */
function showDiagnostics(diagnostics, note, model, notes = []) {
  const box = $('diagnostics-note');
  const kinds = model.kind === 'linear' || model.kind === 'logistic';
  const line = diagnosticsText(diagnostics ?? null, kinds ? note : null, model);
  box.textContent = [line, ...notes.map((n) => text('training.note', { note: noteText(n) }))].filter(Boolean).join(' ');
  box.hidden = !box.textContent;
}

/** The notes on each run under the runs table (null: none yet). */
function showRunNotes(runs) {
  const list = $('run-notes');
  const items = (runs ?? []).flatMap((r) => (r.notes ?? []).map((n) => {
    const li = document.createElement('li');
    li.textContent = text('training.runNote', { name: r.name, note: noteText(n) });
    li.dataset.code = n.code;
    if (n.code !== 'noise_floor') li.className = 'warn';
    return li;
  }));
  list.replaceChildren(...items);
  list.hidden = items.length === 0;
}

/** "1 diverged, 1 diverging: loss above its start and still rising", or '' when every run is fine. */
function badRuns(runs) {
  const count = (status) => runs.filter((r) => r.status === status).length;
  const bad = [['diverged', count('diverged')], ['diverging', count('diverging')]].filter(([, n]) => n > 0);
  return bad.map(([status, n]) => text(`training.bad.${status}`, { count: formatGrouped(n) })).join(text('training.listSeparator'));
}

/** The status line after a run request ended: [string key, vars] for setStatus. */
function summary(reply, updates) {
  if (reply.result) {
    const bad = badRuns(reply.state.runs);
    return [bad ? 'training.finishedBad' : 'training.finished', { bad }];
  }
  if (reply.cancelled) return ['training.paused'];
  if (Array.isArray(updates)) return ['training.steppedEpoch'];
  return ['training.stepped', { made: countText('training.updates', updates ?? 1) }];
}

/** What a new session holds, for the status line: its rows, or the test function. */
function sessionSizes(info) {
  if (info.experiment.model.kind === 'function') return text('training.sizesFunction', { f: functionName(info.experiment.model.function) });
  return text('training.sizes', { train: countText('training.trainRows', info.data.nTrain), test: countText('training.testRows', info.data.nTest) });
}

/** A test function's name as the page's menu writes it, in the page's language. */
const functionName = (name) => optionLabel('model', 'function', name);
