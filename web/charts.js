// charts.js — the playground's four charts (Chart.js 4), fed by the worker's progress states.
//
//   loss     training objective (solid) and test loss (dashed) per run against iterations, epochs,
//            samples processed or wall time (ms of that run's compute, a column the worker adds);
//            optional log y; the closed-form optimum as a horizontal line
//   lr       the learning rate each run used
//   data     1-D inputs: the data and each run's current fit; 2 features + logistic: the two classes
//            and each run's decision boundary
//   contour  exactly two parameters (w, b): the training objective over (w, b) and each run's path
//
// Long series go through Chart.js's decimation plugin (LTTB keeps the first and the last point).
// Every value passes through `finite` first: NaN and ±Infinity (a diverged run) become null, which
// Chart.js draws as a gap instead of breaking the scale.

import {
  Chart, Decimation, Legend, LinearScale, LineController, LineElement, LogarithmicScale,
  PointElement, ScatterController, Tooltip,
} from 'chart.js';

import { HISTORY_COLUMNS } from './lib/engine.js';
import { formatNumber } from './lib/text.js';

/** The models the data and loss-surface charts draw (networks and test functions: not yet). */
const LINEAR_MODELS = ['linear', 'logistic'];

Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale,
  LogarithmicScale, Legend, Tooltip, Decimation);

/**
 * Run colours, one per run slot (at most 8 runs): Okabe–Ito (colour-blind safe), with a dark purple in
 * place of its black, which the closed-form optimum's marks use.
 */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#6A3D9A', '#8C8C00'];

/** x-axis units of the loss and learning-rate charts: history column → axis title. */
export const X_UNITS = Object.freeze({
  iteration: 'iterations', epoch: 'epochs', samples: 'samples processed', timeMs: 'wall time (ms of compute)',
});

/** The series a run may have: the engine's history columns, then timeMs (added by worker.js). */
const SERIES = [...HISTORY_COLUMNS, 'timeMs'];
const FIT_POINTS = 120;
const GREY = 'rgba(90, 90, 90, 0.55)';

/** A finite number, or null (Chart.js leaves a gap). */
export const finite = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A tick label (Chart.js passes the index and ticks too: only the value counts). */
const tick = (value) => formatNumber(value);

const sigmoid = (z) => 1 / (1 + Math.exp(-z));

/** Fills the canvas white before drawing, so exported PNGs and screenshots are not transparent. */
export const whiteBackground = {
  id: 'descentBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** Draws the contour image (set by TrainingCharts.setContours) under the datasets. */
const contourFill = {
  id: 'descentContour',
  beforeDatasetsDraw(chart) {
    const contour = chart.$descentContour;
    if (!contour) return;
    const { ctx, chartArea, scales: { x, y } } = chart;
    const [w0, w1] = contour.bounds.w;
    const [b0, b1] = contour.bounds.b;
    const left = x.getPixelForValue(w0);
    const right = x.getPixelForValue(w1);
    const top = y.getPixelForValue(b1);
    const bottom = y.getPixelForValue(b0);
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
    ctx.clip();
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(contour.image, left, top, right - left, bottom - top);
    ctx.restore();
  },
};

/**
 * Renders a size×size grid of objective values (row 0 = lowest b) as banded, filled contours:
 * bilinear interpolation to `res` pixels, log scale, 14 bands with a darker line between bands.
 * @returns {HTMLCanvasElement}
 */
function contourImage(grid, size, res = 240) {
  const values = Array.from(grid).filter(Number.isFinite);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const level = (v) => (Number.isFinite(v) ? Math.log1p((v - lo) / ((hi - lo) || 1) * 1000) / Math.log1p(1000) : 1);
  const canvas = document.createElement('canvas');
  canvas.width = res;
  canvas.height = res;
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(res, res);
  const bands = 14;
  const at = (r, c) => grid[Math.min(size - 1, r) * size + Math.min(size - 1, c)];
  const bandOf = new Int32Array(res * res);
  for (let py = 0; py < res; py += 1) {
    const gy = ((res - 1 - py) / (res - 1)) * (size - 1); // image row 0 is the top (highest b)
    const r = Math.floor(gy);
    const fy = gy - r;
    for (let px = 0; px < res; px += 1) {
      const gx = (px / (res - 1)) * (size - 1);
      const c = Math.floor(gx);
      const fx = gx - c;
      const v = (1 - fy) * ((1 - fx) * at(r, c) + fx * at(r, c + 1)) + fy * ((1 - fx) * at(r + 1, c) + fx * at(r + 1, c + 1));
      bandOf[py * res + px] = Math.min(bands - 1, Math.floor(level(v) * bands));
    }
  }
  for (let i = 0; i < res * res; i += 1) {
    const band = bandOf[i];
    const t = band / (bands - 1);
    const edge = (i % res > 0 && bandOf[i - 1] !== band) || (i >= res && bandOf[i - res] !== band);
    // light yellow (low objective) → light blue-violet (high)
    const shade = edge ? 0.8 : 1;
    image.data[i * 4] = (255 - 110 * t) * shade;
    image.data[i * 4 + 1] = (247 - 90 * t) * shade;
    image.data[i * 4 + 2] = (200 + 45 * t) * shade;
    image.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
  return canvas;
}

function baseOptions({ xTitle, yTitle }) {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    plugins: {
      legend: { labels: { boxWidth: 24, boxHeight: 2, filter: (item, data) => !data.datasets[item.datasetIndex]?.marker } },
      tooltip: {
        callbacks: {
          title: (items) => (items.length ? `${xTitle()} ${formatNumber(items[0].parsed.x)}` : ''),
          label: (item) => `${item.dataset.label}: ${formatNumber(item.parsed.y)}`,
        },
      },
    },
    scales: {
      x: { type: 'linear', title: { display: true, text: xTitle() }, ticks: { callback: tick, maxRotation: 0, includeBounds: false } },
      y: { type: 'linear', title: { display: true, text: yTitle }, ticks: { callback: tick, includeBounds: false } },
    },
  };
}

/** One chart per canvas; every method is safe to call before a session exists. */
export class TrainingCharts {
  /**
   * @param {{loss: HTMLCanvasElement, lr: HTMLCanvasElement, data: HTMLCanvasElement,
   *          contour: HTMLCanvasElement}} canvases
   */
  constructor(canvases) {
    this.unit = 'iteration';
    this.logY = false;
    this.lrLogY = false;
    this.runs = [];
    this.info = null;
    this.frame = 0;
    const xTitle = () => X_UNITS[this.unit];

    const loss = baseOptions({ xTitle, yTitle: 'loss' });
    loss.plugins.decimation = { enabled: true, algorithm: 'lttb', samples: 500 };
    this.loss = new Chart(canvases.loss, { type: 'line', data: { datasets: [] }, options: loss, plugins: [whiteBackground] });

    const lr = baseOptions({ xTitle, yTitle: 'learning rate' });
    lr.plugins.decimation = { enabled: true, algorithm: 'lttb', samples: 500 };
    lr.scales.y.beginAtZero = true;
    this.lr = new Chart(canvases.lr, { type: 'line', data: { datasets: [] }, options: lr, plugins: [whiteBackground] });

    const data = baseOptions({ xTitle: () => 'x', yTitle: 'y' });
    data.interaction = { mode: 'nearest', intersect: true };
    data.plugins.tooltip.callbacks.title = () => '';
    data.plugins.tooltip.callbacks.label = (item) => `${item.dataset.label}: (${formatNumber(item.parsed.x)}, ${formatNumber(item.parsed.y)})`;
    this.data = new Chart(canvases.data, { type: 'scatter', data: { datasets: [] }, options: data, plugins: [whiteBackground] });

    const contour = baseOptions({ xTitle: () => 'w (weight)', yTitle: 'b (bias)' });
    contour.interaction = { mode: 'nearest', intersect: true };
    contour.plugins.tooltip.callbacks.title = () => '';
    contour.plugins.tooltip.callbacks.label = (item) => `${item.dataset.label}: w ${formatNumber(item.parsed.x)}, b ${formatNumber(item.parsed.y)}`;
    this.contour = new Chart(canvases.contour, { type: 'scatter', data: { datasets: [] }, options: contour, plugins: [whiteBackground, contourFill] });
  }

  /** Every chart by name (for PNG export and tests). */
  get all() {
    return { loss: this.loss, lr: this.lr, data: this.data, contour: this.contour };
  }

  /**
   * Starts over for a new session. A run keeps the series its first state carries (param0 and param1
   * only for a model of two parameters).
   * @param {object} info the worker's `create` reply: {experiment, data, optimum, runs: [state]}
   */
  reset(info) {
    this.info = info;
    this.runs = info.runs.map((r, i) => ({
      name: r.name,
      color: PALETTE[i % PALETTE.length],
      cols: Object.fromEntries(SERIES.filter((c) => r.history?.[c]).map((c) => [c, []])),
      status: r.status,
      divergedAt: r.divergedAt,
      params: r.params,
    }));
    this.append({ runs: info.runs }, false);
    this.buildLoss();
    this.buildLr();
    this.buildData();
    this.buildContour();
    this.contour.$descentContour = null;
    this.scheduleUpdate();
  }

  /**
   * Adds a progress state's new history points and current parameters.
   * @param {{runs: object[]}} state
   */
  append(state, update = true) {
    state.runs.forEach((r, i) => {
      const run = this.runs[i];
      if (!run) return;
      for (const [c, col] of Object.entries(run.cols)) {
        const values = r.history?.[c];
        if (values) for (let k = 0; k < values.length; k += 1) col.push(values[k]);
      }
      run.status = r.status;
      run.divergedAt = r.divergedAt;
      run.params = r.params;
    });
    if (update) this.scheduleUpdate();
  }

  /** Switches the loss and learning-rate charts' x-axis: 'iteration' | 'epoch' | 'samples' | 'timeMs'. */
  setUnit(unit) {
    if (!Object.hasOwn(X_UNITS, unit)) throw new Error(`unknown x-axis unit ${unit}`);
    this.unit = unit;
    for (const chart of [this.loss, this.lr]) chart.options.scales.x.title.text = X_UNITS[unit];
    this.scheduleUpdate();
  }

  /**
   * Log or linear y-axis for the loss chart, or the learning-rate chart.
   * @param {boolean} on
   * @param {'loss'|'lr'} [chart]
   */
  setLogY(on, chart = 'loss') {
    if (chart === 'lr') {
      this.lrLogY = Boolean(on);
      this.lr.options.scales.y.type = this.lrLogY ? 'logarithmic' : 'linear';
      this.lr.options.scales.y.beginAtZero = !this.lrLogY;
    } else {
      this.logY = Boolean(on);
      this.loss.options.scales.y.type = this.logY ? 'logarithmic' : 'linear';
    }
    this.scheduleUpdate();
  }

  /** Redraws on the next animation frame (many progress messages → one redraw). */
  scheduleUpdate() {
    if (this.frame) return;
    const draw = () => {
      this.frame = 0;
      this.updateNow();
    };
    this.frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(draw) : setTimeout(draw, 16);
  }

  /** Redraws every chart now. */
  updateNow() {
    if (this.frame) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
    if (!this.info) return;
    this.fillLoss();
    this.fillLr();
    this.fillData();
    this.fillContour();
    for (const chart of Object.values(this.all)) chart.update('none');
  }

  /** A line label saying how the run ended when it diverged. */
  divergenceNote(run) {
    return run.status === 'diverged' ? ` — diverged at iteration ${run.divergedAt ?? run.cols.iteration.at(-1)}` : '';
  }

  // ---- loss ---------------------------------------------------------------------------------------

  buildLoss() {
    const hasTest = this.info.data.nTest > 0;
    const datasets = [];
    this.runs.forEach((run, i) => {
      datasets.push({ label: run.name, run: i, column: 'trainLoss', borderColor: run.color, backgroundColor: run.color, borderWidth: 2, pointRadius: 0, pointHoverRadius: 3, data: [] });
      if (hasTest) datasets.push({ label: `${run.name} (test)`, run: i, column: 'testLoss', borderColor: run.color, backgroundColor: run.color, borderWidth: 1.5, borderDash: [6, 4], pointRadius: 0, pointHoverRadius: 3, data: [] });
    });
    if (this.info.optimum) {
      datasets.push({ label: 'closed-form optimum (train)', optimum: 'trainLoss', borderColor: '#555', borderWidth: 1, borderDash: [2, 3], pointRadius: 0, data: [] });
    }
    datasets.push({ label: 'diverged', marker: true, type: 'scatter', pointStyle: 'crossRot', pointRadius: 9, pointBorderWidth: 3, borderColor: [], backgroundColor: [], data: [] });
    this.loss.data.datasets = datasets;
  }

  fillLoss() {
    const y = this.logY ? (v) => (v > 0 && Number.isFinite(v) ? v : null) : finite;
    let xMax = 0;
    const markers = [];
    const markerColors = [];
    for (const ds of this.loss.data.datasets) {
      if (ds.run === undefined) continue;
      const run = this.runs[ds.run];
      const xs = run.cols[this.unit];
      const ys = run.cols[ds.column];
      const points = new Array(xs.length);
      for (let k = 0; k < xs.length; k += 1) points[k] = { x: finite(xs[k]) ?? 0, y: y(ys[k]) };
      ds.data = points;
      ds.label = ds.column === 'trainLoss' ? `${run.name}${this.divergenceNote(run)}` : `${run.name} (test)`;
      xMax = Math.max(xMax, finite(xs.at(-1)) ?? 0);
      if (ds.column === 'trainLoss' && run.status === 'diverged') {
        const last = points.findLast((p) => p.y !== null);
        if (last) {
          markers.push({ x: points.at(-1).x, y: last.y });
          markerColors.push(run.color);
        }
      }
    }
    for (const ds of this.loss.data.datasets) {
      if (ds.optimum) {
        const v = y(this.info.optimum[ds.optimum]);
        ds.data = v === null ? [] : [{ x: 0, y: v }, { x: xMax || 1, y: v }];
      }
      if (ds.marker) {
        ds.data = markers;
        ds.borderColor = markerColors;
        ds.backgroundColor = markerColors;
        ds.hidden = markers.length === 0;
      }
    }
  }

  // ---- learning rate ------------------------------------------------------------------------------

  buildLr() {
    this.lr.data.datasets = this.runs.map((run, i) => ({
      label: run.name, run: i, borderColor: run.color, backgroundColor: run.color, borderWidth: 2, pointRadius: 0, pointHoverRadius: 3, stepped: false, data: [],
    }));
  }

  fillLr() {
    const y = this.lrLogY ? (v) => (v > 0 && Number.isFinite(v) ? v : null) : finite;
    for (const ds of this.lr.data.datasets) {
      const run = this.runs[ds.run];
      const xs = run.cols[this.unit];
      const ys = run.cols.lr;
      ds.data = Array.from(xs, (x, k) => ({ x: finite(x) ?? 0, y: y(ys[k]) }));
    }
  }

  // ---- data and fits ------------------------------------------------------------------------------

  /** 'fit' (1-D inputs), 'boundary' (2 features, logistic) or null (nothing to draw; networks and test
   *  functions are not drawn here yet). */
  get dataMode() {
    const data = this.info?.data;
    if (!data || !data.train || !LINEAR_MODELS.includes(this.info.experiment.model.kind)) return null;
    if (data.space === 'raw' || data.d === 1) return 'fit';
    if (data.d === 2 && this.info.experiment.model.kind === 'logistic') return 'boundary';
    return null;
  }

  buildData() {
    const { data } = this.info;
    const mode = this.dataMode;
    const datasets = [];
    const scales = this.data.options.scales;
    if (mode === 'fit') {
      const pts = (split) => Array.from(split.x, (x, k) => ({ x: finite(x), y: finite(split.y[k]) }));
      datasets.push({ label: 'train', data: pts(data.train), pointRadius: 2.5, backgroundColor: GREY, borderColor: GREY });
      if (data.test) datasets.push({ label: 'test', data: pts(data.test), pointRadius: 3, pointStyle: 'circle', backgroundColor: 'transparent', borderColor: GREY });
      this.runs.forEach((run, i) => datasets.push({ label: run.name, fit: i, type: 'line', showLine: true, borderColor: run.color, borderWidth: 2, pointRadius: 0, data: [] }));
      const all = [data.train, data.test].filter(Boolean);
      this.dataBox = box(all.flatMap((s) => Array.from(s.x)), all.flatMap((s) => Array.from(s.y)));
      scales.x.title.text = data.space !== 'raw' && this.info.experiment.data.standardize ? 'x (standardised)' : 'x';
      scales.y.title.text = this.info.experiment.model.kind === 'logistic' ? 'y, P(y = 1)' : 'y';
    } else if (mode === 'boundary') {
      const cls = (split, label, hollow) => [0, 1].map((c) => {
        const points = [];
        for (let k = 0; k < split.y.length; k += 1) if (split.y[k] === c) points.push({ x: finite(split.x[2 * k]), y: finite(split.x[2 * k + 1]) });
        const color = c ? '#9c4f96' : '#3a7d44';
        return { label: `${label} class ${c}`, data: points, pointRadius: hollow ? 3 : 2.5, backgroundColor: hollow ? 'transparent' : `${color}99`, borderColor: color };
      });
      datasets.push(...cls(data.train, 'train', false));
      if (data.test) datasets.push(...cls(data.test, 'test', true));
      this.runs.forEach((run, i) => datasets.push({ label: `${run.name} boundary`, fit: i, type: 'line', showLine: true, borderColor: run.color, borderWidth: 2, pointRadius: 0, data: [] }));
      const all = [data.train, data.test].filter(Boolean);
      const xs = all.flatMap((s) => Array.from(s.x).filter((_, k) => k % 2 === 0));
      const ys = all.flatMap((s) => Array.from(s.x).filter((_, k) => k % 2 === 1));
      this.dataBox = box(xs, ys);
      scales.x.title.text = 'feature 1';
      scales.y.title.text = 'feature 2';
    } else {
      this.dataBox = null;
    }
    if (this.dataBox) {
      Object.assign(scales.x, { min: this.dataBox.x[0], max: this.dataBox.x[1] });
      Object.assign(scales.y, { min: this.dataBox.y[0], max: this.dataBox.y[1] });
    }
    this.data.data.datasets = datasets;
  }

  /** The model's output at raw input x for parameters p (feature expansion + standardisation). */
  predict(p, x) {
    const { data, experiment } = this.info;
    let z = p[data.d];
    if (data.space === 'raw') {
      let power = 1;
      for (let k = 0; k < data.d; k += 1) {
        power *= x;
        z += p[k] * ((power - data.mean[k]) / data.scale[k]);
      }
    } else {
      z += p[0] * x;
    }
    return experiment.model.kind === 'logistic' ? sigmoid(z) : z;
  }

  fillData() {
    const mode = this.dataMode;
    if (!mode) return;
    const [x0, x1] = this.dataBox.x;
    for (const ds of this.data.data.datasets) {
      if (ds.fit === undefined) continue;
      const run = this.runs[ds.fit];
      const p = run.params;
      ds.label = `${run.name}${mode === 'boundary' ? ' boundary' : ''}${this.divergenceNote(run)}`;
      if (!p || !Array.from(p).every(Number.isFinite)) {
        ds.data = [];
      } else if (mode === 'fit') {
        ds.data = Array.from({ length: FIT_POINTS }, (_, k) => {
          const x = x0 + ((x1 - x0) * k) / (FIT_POINTS - 1);
          return { x, y: finite(this.predict(p, x)) };
        });
      } else {
        ds.data = boundaryLine(p, this.dataBox);
      }
    }
  }

  // ---- loss contours -------------------------------------------------------------------------------

  /** True when the model has exactly two parameters (one weight and the bias). */
  get hasContours() {
    return Boolean(this.info) && this.info.data.d === 1 && LINEAR_MODELS.includes(this.info.experiment.model.kind);
  }

  buildContour() {
    if (!this.hasContours) {
      this.contour.data.datasets = [];
      return;
    }
    const datasets = this.runs.map((run, i) => ({
      label: run.name, path: i, showLine: true, borderColor: run.color, backgroundColor: run.color, borderWidth: 1.5, pointRadius: 0, pointHoverRadius: 3, data: [],
    }));
    const opt = this.info.optimum?.params;
    if (opt) datasets.push({ label: 'closed-form optimum', data: [{ x: opt.weights[0], y: opt.bias }], pointStyle: 'star', pointRadius: 9, borderColor: '#222', borderWidth: 2 });
    this.contour.data.datasets = datasets;
  }

  fillContour() {
    if (!this.hasContours) return;
    for (const ds of this.contour.data.datasets) {
      if (ds.path === undefined) continue;
      const run = this.runs[ds.path];
      const { param0, param1 } = run.cols;
      const points = [];
      for (let k = 0; k < param0.length; k += 1) {
        const x = finite(param0[k]);
        const y = finite(param1[k]);
        if (x !== null && y !== null) points.push({ x, y });
      }
      // The path ends where the run is now, which may lie past its last recorded point (Step, Pause).
      const [w, b] = run.params ?? [];
      const tail = points.at(-1);
      if (Number.isFinite(w) && Number.isFinite(b) && tail && (tail.x !== w || tail.y !== b)) points.push({ x: w, y: b });
      ds.data = points;
      ds.label = `${run.name}${this.divergenceNote(run)}`;
      ds.pointRadius = points.map((_, k) => (k === points.length - 1 ? 4 : 0));
    }
    const bounds = this.contour.$descentContour?.bounds ?? this.contourBounds();
    if (bounds) {
      const scales = this.contour.options.scales;
      Object.assign(scales.x, { min: bounds.w[0], max: bounds.w[1] });
      Object.assign(scales.y, { min: bounds.b[0], max: bounds.b[1] });
    }
  }

  /**
   * The (w, b) box the contours should cover: the initial point, the optimum and the paths of the
   * runs that did not diverge, with a margin. Null when there are no contours.
   * @returns {{w: [number, number], b: [number, number]} | null}
   */
  contourBounds() {
    if (!this.hasContours) return null;
    const ws = [];
    const bs = [];
    for (const run of this.runs) {
      const { param0, param1 } = run.cols;
      const n = run.status === 'diverged' ? Math.min(1, param0.length) : param0.length;
      for (let k = 0; k < n; k += 1) {
        if (Number.isFinite(param0[k]) && Number.isFinite(param1[k])) {
          ws.push(param0[k]);
          bs.push(param1[k]);
        }
      }
    }
    const opt = this.info.optimum?.params;
    if (opt) {
      ws.push(opt.weights[0]);
      bs.push(opt.bias);
    }
    if (!ws.length) return null;
    const b = box(ws, bs, 0.25, 0.5);
    return { w: b.x, b: b.y };
  }

  /** Shows a contour grid from the worker: {grid, size, bounds}. */
  setContours({ grid, size, bounds }) {
    this.contour.$descentContour = { image: contourImage(grid, size), bounds };
    this.scheduleUpdate();
  }

  /** True when the paths have left the box the current contours cover (time to ask for new ones). */
  contoursStale() {
    const want = this.contourBounds();
    const have = this.contour.$descentContour?.bounds;
    if (!want) return false;
    if (!have) return true;
    const inside = (v, [lo, hi]) => v >= lo && v <= hi;
    const span = (r) => r[1] - r[0];
    return !(inside(want.w[0], have.w) && inside(want.w[1], have.w) && inside(want.b[0], have.b) && inside(want.b[1], have.b))
      || span(want.w) < span(have.w) / 4 || span(want.b) < span(have.b) / 4;
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

/** The bounding box of points, padded by `pad` of the span on each side (at least minSpan wide). */
function box(xs, ys, pad = 0.08, minSpan = 1e-6) {
  const range = (vs) => {
    const finiteVs = vs.filter(Number.isFinite);
    let lo = finiteVs.length ? Math.min(...finiteVs) : 0;
    let hi = finiteVs.length ? Math.max(...finiteVs) : 1;
    if (hi - lo < minSpan) {
      const mid = (lo + hi) / 2;
      lo = mid - minSpan / 2;
      hi = mid + minSpan / 2;
    }
    const m = (hi - lo) * pad;
    return [lo - m, hi + m];
  };
  return { x: range(xs), y: range(ys) };
}

/** The segment of w0·x + w1·y + b = 0 inside a box, as two points (or none). */
function boundaryLine(p, { x: [x0, x1], y: [y0, y1] }) {
  const [w0, w1, b] = p;
  const points = [];
  if (Math.abs(w1) > 1e-12) {
    for (const x of [x0, x1]) points.push({ x, y: -(w0 * x + b) / w1 });
  }
  if (Math.abs(w0) > 1e-12) {
    for (const y of [y0, y1]) points.push({ x: -(w1 * y + b) / w0, y });
  }
  const eps = 1e-9 * (x1 - x0 + y1 - y0);
  const inside = points.filter((q) => q.x >= x0 - eps && q.x <= x1 + eps && q.y >= y0 - eps && q.y <= y1 + eps);
  inside.sort((a, c) => a.x - c.x || a.y - c.y);
  return inside.length >= 2 ? [inside[0], inside.at(-1)] : [];
}
