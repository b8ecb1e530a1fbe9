// charts.js — the playground's four charts, fed by the worker's progress states, and the playback
// cursor they share.
//
//   loss, lr  loss-chart.js    training and test loss / learning rate against iterations, epochs,
//                              samples or wall time
//   data      fit-chart.js     the data and each run's model (fit, or decision regions)
//   contour   surface-chart.js the loss surface over (w, b) and each run's path (two parameters), or
//                              a test function's landscape f(x, y) with its minima
//
// This file holds what they draw: every run's recorded columns, its parameter snapshots (models of
// more than two parameters: the worker takes them on the history's cadence), the previous settings'
// result (drawn faded, for before/after), the runs hidden from the legend, the axes' settings and the
// playback (playback.js). Values pass through `finite` before Chart.js sees them: NaN and ±Infinity
// (a diverged run) become gaps.

import { PALETTE, applyTheme, background, finite, onThemeChange, theme } from './chart-kit.js';
import { FitChart } from './fit-chart.js';
import { LOG_X_UNITS, LossChart, LrChart, X_UNITS, xTitle } from './loss-chart.js';
import { HISTORY_COLUMNS } from './lib/engine.js';
import { Playback, indexAt } from './playback.js';
import { SurfaceChart } from './surface-chart.js';
import { onLanguage, text } from './strings.js';

export { PALETTE, finite, X_UNITS, LOG_X_UNITS };
/** The canvas background plugin (tune-charts.js draws on it too). */
export const whiteBackground = background;

/** Redraws while training are at least this far apart (ms); playback draws every frame. */
const MIN_REDRAW_MS = 100;

/** The running estimate's series (worker.js adds timeMs as for the history). */
const ESTIMATE_SERIES = ['iteration', 'epoch', 'samples', 'timeMs', 'batchLoss'];

/** The series a run may have: the engine's history columns, then timeMs (added by worker.js). */
const SERIES = [...HISTORY_COLUMNS, 'timeMs'];

/** One chart per canvas; every method is safe to call before a session exists. */
export class TrainingCharts {
  /**
   * @param {{loss: HTMLCanvasElement, lr: HTMLCanvasElement, data: HTMLCanvasElement,
   *          contour: HTMLCanvasElement}} canvases
   * @param {{notes?: (lines: string[]) => void, zoomed?: (name: string, on: boolean) => void,
   *   cursor?: () => void, start?: (point: [number, number]) => void,
   *   regions?: (request: {params: number[][], grid: object}) => Promise<{grids: Float64Array[], size: number}>,
   *   outputs?: (request: {params: number[][], X: Float64Array}) => Promise<{values: Float64Array[]}>}} [hooks]
   *   notes: lines for under the loss chart; zoomed: a chart was zoomed or panned (on) or reset;
   *   cursor: the playback position moved (the runs table follows); start: a click on a landscape
   *   chose a start point; regions: a network's outputs over a grid of its inputs, outputs: for rows
   *   of its features (the worker's)
   */
  constructor(canvases, hooks = {}) {
    this.hooks = hooks;
    this.unit = 'iteration';
    this.logY = 'auto'; // true | false | 'auto' (on when the losses span more than 100×)
    this.logX = false;
    this.lrLogY = false;
    this.runs = [];
    this.ghost = null; // the previous settings' {info, runs}, drawn faded
    this.hidden = new Set(); // runs hidden from the legend
    this.info = null;
    this.frame = 0;
    this.waiting = 0;
    this.drawnAt = 0;
    this.dark = theme().dark;
    this.ink = this.dark ? '#eeeeee' : '#222222';
    this.playback = new Playback({
      changed: ({ redraw = true } = {}) => {
        if (redraw) this.scheduleUpdate();
        this.hooks.cursor?.();
      },
    });
    this.lossChart = new LossChart(canvases.loss, this);
    this.lrChart = new LrChart(canvases.lr, this);
    this.fitChart = new FitChart(canvases.data, this);
    this.surface = new SurfaceChart(canvases.contour, this);
    onThemeChange(() => this.retheme());
    onLanguage(() => this.relabel());
  }

  /** Every chart by name (for PNG export and tests). */
  get all() {
    return { loss: this.lossChart.chart, lr: this.lrChart.chart, data: this.fitChart.chart, contour: this.surface.chart };
  }

  get loss() { return this.lossChart.chart; }

  /** 'fit', 'boundary' or null: what the data chart draws. */
  get dataMode() { return this.fitChart.mode; }

  /** True when the loss surface is drawn (models of exactly two parameters). */
  get hasContours() { return this.surface.drawn; }

  /** True when any run has made an update (there is something to export or compare). */
  get trained() {
    return this.runs.some((r) => (r.cols.iteration.at(-1) ?? 0) > 0 || r.iteration > 0);
  }

  /**
   * Starts over for a new session. A run keeps the series its first state carries (param0 and param1
   * only for a model of two parameters). The result on screen becomes the faded "before" when the
   * experiment changed; a fresh session of the same experiment keeps the "before" it had.
   * @param {object} info the worker's `create` reply: {experiment, data, optimum, runs: [state]}
   */
  reset(info) {
    if (this.info && this.trained && JSON.stringify(this.info.experiment) !== JSON.stringify(info.experiment)) {
      this.ghost = { info: this.info, runs: this.runs };
    }
    this.info = info;
    this.hidden.clear();
    this.runs = info.runs.map((r, i) => ({
      name: r.name,
      color: PALETTE[i % PALETTE.length],
      cols: Object.fromEntries(SERIES.filter((c) => r.history?.[c]).map((c) => [c, []])),
      // the running mean of mini-batch losses (a mini-batch run whose exact history is sparse), or null
      est: r.estimate ? Object.fromEntries(ESTIMATE_SERIES.map((c) => [c, []])) : null,
      estimateEvery: r.estimateEvery ?? null,
      snaps: { iteration: [], params: [] },
      status: r.status,
      divergedAt: r.divergedAt,
      params: r.params,
      iteration: r.iteration,
      recordEvery: r.recordEvery,
    }));
    for (const chart of Object.values(this.all)) chart.resetZoom?.('none');
    this.surface.plane = null; // a new session: its plane is asked for again (training.js)
    this.append({ runs: info.runs }, false);
    this.lossChart.build();
    this.lrChart.build();
    this.fitChart.build();
    this.surface.build();
    this.playback.clear();
    this.scheduleUpdate();
  }

  /** Drops the faded "before" result. */
  clearGhost() {
    if (!this.ghost) return;
    this.ghost = null;
    if (this.info) {
      this.lossChart.build();
      this.fitChart.build();
      this.surface.build();
      this.scheduleUpdate();
    }
  }

  /**
   * Adds a progress state's new history points, parameter snapshots and current parameters.
   * @param {{runs: object[]}} state
   */
  append(state, update = true) {
    let length = 0;
    state.runs.forEach((r, i) => {
      const run = this.runs[i];
      if (!run) return;
      for (const [c, col] of Object.entries(run.cols)) {
        const values = r.history?.[c];
        if (values) for (let k = 0; k < values.length; k += 1) col.push(values[k]);
      }
      if (run.est && r.estimate) {
        for (const [c, col] of Object.entries(run.est)) {
          const values = r.estimate[c];
          if (values) for (let k = 0; k < values.length; k += 1) col.push(values[k]);
        }
      }
      const snaps = r.snapshots;
      if (snaps) {
        const np = run.params.length;
        snaps.iteration.forEach((it, k) => {
          run.snaps.iteration.push(it);
          run.snaps.params.push(snaps.params.slice(k * np, (k + 1) * np));
        });
      }
      Object.assign(run, { status: r.status, divergedAt: r.divergedAt, params: r.params, iteration: r.iteration });
      if (r.metrics) run.metrics = r.metrics;
      length = Math.max(length, run.cols.iteration.at(-1) ?? 0);
    });
    this.playback.setLength(length, { quiet: true });
    if (update) this.scheduleUpdate(true);
  }

  /**
   * Run i's parameters at iteration `at` (null: now): from its history (two parameters) or the
   * snapshot at or before `at`; null when none was taken.
   */
  paramsAt(i, at) {
    const run = this.runs[i];
    if (!run) return null;
    if (at === null || at >= (run.cols.iteration.at(-1) ?? 0)) return run.params;
    if (run.cols.param0) {
      const k = indexAt(run.cols.iteration, at);
      return k < 0 ? null : [run.cols.param0[k], run.cols.param1[k]];
    }
    const j = indexAt(run.snaps.iteration, at);
    return j < 0 ? null : run.snaps.params[j];
  }

  /**
   * Run i's recorded values at the cursor: {iteration, epoch, trainLoss, testLoss} of its last point
   * at or before it (null: live, nothing to show but the run's state).
   */
  pointAt(i) {
    const at = this.playback.position;
    const run = this.runs[i];
    if (at === null || !run) return null;
    const k = indexAt(run.cols.iteration, at);
    if (k < 0) return null;
    return { iteration: run.cols.iteration[k], epoch: run.cols.epoch[k], trainLoss: run.cols.trainLoss[k], testLoss: run.cols.testLoss?.[k] };
  }

  /** The record cadence of run i (updates between history points). */
  recordEvery(i) {
    const run = this.runs[i];
    return run.recordEvery ?? (run.cols.iteration[1] - run.cols.iteration[0]);
  }

  /** Shows or hides run i in every chart (its legend entry). */
  toggleRun(i) {
    if (this.hidden.has(i)) this.hidden.delete(i);
    else this.hidden.add(i);
    this.scheduleUpdate();
  }

  /** Switches the loss and learning-rate charts' x-axis: 'iteration' | 'epoch' | 'samples' | 'timeMs'. */
  setUnit(unit) {
    if (!Object.hasOwn(X_UNITS, unit)) throw new Error(`unknown x-axis unit ${unit}`);
    this.unit = unit;
    for (const chart of [this.lossChart.chart, this.lrChart.chart]) {
      chart.options.scales.x.title.text = xTitle(unit);
      chart.resetZoom?.('none');
    }
    this.scheduleUpdate();
  }

  /**
   * Log or linear y-axis for the loss chart (or 'auto'), or the learning-rate chart.
   * @param {boolean|'auto'} on
   * @param {'loss'|'lr'} [chart]
   */
  setLogY(on, chart = 'loss') {
    if (chart === 'lr') {
      this.lrLogY = Boolean(on);
      this.lrChart.chart.resetZoom?.('none');
    } else {
      this.logY = on === 'auto' ? 'auto' : Boolean(on);
      this.lossChart.chart.resetZoom?.('none');
    }
    this.scheduleUpdate();
  }

  /** Log x for the samples and wall-time axes (the others stay linear). */
  setLogX(on) {
    this.logX = Boolean(on);
    for (const chart of [this.lossChart.chart, this.lrChart.chart]) chart.resetZoom?.('none');
    this.scheduleUpdate();
  }

  /** Whether the loss chart's y-axis is logarithmic now (asked for, or switched on by itself). */
  get lossLogY() {
    return this.lossChart.range?.log ?? this.logY === true;
  }

  /** A chart was zoomed or panned (the plugin's callback). */
  zoomed(name) {
    this.hooks.zoomed?.(name, this.all[name].isZoomedOrPanned());
  }

  /** Back to the whole range of chart `name`. */
  resetZoom(name) {
    this.all[name].resetZoom('none');
    this.hooks.zoomed?.(name, false);
    this.scheduleUpdate();
  }

  /**
   * Redraws on the next animation frame (many progress messages → one redraw).
   * @param {boolean} [throttle] training progress: at most every MIN_REDRAW_MS (unless the playback
   *   plays), which keeps the page's frames short; anything a person did redraws at once
   */
  scheduleUpdate(throttle = false) {
    if (this.frame) return;
    if (this.waiting) {
      if (throttle) return;
      clearTimeout(this.waiting);
      this.waiting = 0;
    }
    const draw = () => {
      this.frame = 0;
      this.updateNow();
    };
    const frame = () => { this.frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(draw) : setTimeout(draw, 16); };
    const wait = !throttle || this.playback.playing ? 0 : MIN_REDRAW_MS - (performance.now() - this.drawnAt);
    if (wait <= 0) {
      frame();
      return;
    }
    this.waiting = setTimeout(() => {
      this.waiting = 0;
      frame();
    }, wait);
  }

  /** Redraws every chart now. */
  updateNow() {
    if (this.frame) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
    clearTimeout(this.waiting);
    this.waiting = 0;
    this.drawnAt = performance.now();
    if (!this.info) return;
    const notes = this.lossChart.fill();
    this.lrChart.fill();
    this.fitChart.fill();
    this.surface.fill();
    // The data and surface charts are hidden when they have nothing to draw: no update for them.
    const drawn = { loss: true, lr: true, data: Boolean(this.dataMode), contour: this.hasContours };
    for (const [name, chart] of Object.entries(this.all)) if (drawn[name]) chart.update('none');
    this.hooks.notes?.(notes);
  }

  /** The system switched between light and dark. */
  retheme() {
    this.dark = theme().dark;
    this.ink = this.dark ? '#eeeeee' : '#222222';
    for (const chart of Object.values(this.all)) applyTheme(chart);
    this.surface.retheme();
    this.fitChart.heatKey = '';
    this.scheduleUpdate();
  }

  /** The language changed: every label and title again (build() relabels the datasets, fill() the axes). */
  relabel() {
    if (!this.info) return;
    this.lossChart.build();
    this.lrChart.build();
    this.fitChart.relabel();
    this.surface.relabel();
    this.updateNow();
  }

  /**
   * A run's line label: its name, and how it ended when it diverged.
   * @param {object} run @param {string} [plain] key of the label when the run did not diverge
   *   ({name}); its `…DivergedAt` twin is used when it did
   */
  runLabel(run, plain = null) {
    if (run.status !== 'diverged') return plain ? text(plain, { name: run.name }) : run.name;
    const iteration = run.divergedAt ?? run.cols.iteration.at(-1);
    return text(plain ? `${plain}DivergedAt` : 'chart.divergedAt', { name: run.name, iteration });
  }

  // ---- The loss surface (training.js asks the worker for grids) ------------------------------------

  contourBounds() { return this.surface.bounds(); }

  contoursStale() { return this.surface.stale(); }

  /** Shows a contour grid from the worker: {grid, size, bounds}. */
  setContours(grid) {
    this.surface.setContours(grid);
    this.scheduleUpdate();
  }

  /**
   * What the charts show, for scripts (window.descent.view()).
   * @returns {{x: string, logX: boolean, y: 'log'|'linear', logYAuto: boolean, surface: object|null,
   *   data: string|null, playback: object}}
   */
  view() {
    const bounds = this.surface.chart.$descentContour?.bounds ?? this.surface.bounds();
    return {
      x: this.unit,
      logX: this.logX && LOG_X_UNITS.has(this.unit),
      y: this.lossLogY ? 'log' : 'linear',
      logYAuto: this.logY === 'auto',
      surface: this.hasContours && bounds ? (this.surface.plane ? {
        mode: 'plane',
        directions: this.surface.plane.spec.mode,
        centre: Array.from(this.surface.plane.centre),
        centreLabel: this.surface.plane.centreLabel,
        axes: [0, 1].map((k) => ({ name: this.surface.plane.axes[k], range: k ? bounds.b : bounds.w, lambda: this.surface.plane.lambdas?.[k] ?? null })),
      } : {
        mode: this.surface.isFunction ? 'landscape' : 'contour',
        centre: [(bounds.w[0] + bounds.w[1]) / 2, (bounds.b[0] + bounds.b[1]) / 2],
        axes: this.surface.isFunction
          ? [{ name: 'x', range: bounds.w }, { name: 'y', range: bounds.b }]
          : [{ name: 'w', range: bounds.w }, { name: 'b', range: bounds.b }],
      }) : null,
      data: this.dataMode,
      playback: this.playback.view(),
    };
  }

  /**
   * A chart as a PNG data URL.
   * @param {'loss'|'lr'|'data'|'contour'} name
   */
  toPNG(name) {
    this.updateNow();
    return this.all[name].toBase64Image('image/png', 1);
  }
}
