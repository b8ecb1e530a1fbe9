// surface-chart.js — the loss surface over (w, b) for models of exactly two parameters, and a test
// function's landscape f(x, y): filled contours of the objective (a grid the worker evaluates), each
// run's path up to the playback cursor with a dot where it stands, the previous settings' paths faded,
// and the closed-form optimum (a function: its known minima, landscapes.js) drawn above everything.
// A click on a landscape asks for a new start point (hooks.start).

import { baseOptions, drawImageInBox, fade, finite, makeChart } from './chart-kit.js';
import { bandOf, levelsOf, minimaOf, roundedPoint, viewBox } from './landscapes.js';
import { indexAt } from './playback.js';
import { formatNumber } from './lib/text.js';

/** The models whose loss surface is drawn over (w, b): one feature and the bias. */
const LINEAR_MODELS = ['linear', 'logistic'];
/** Bands of the filled contours. */
const BANDS = 14;
/** How a marked point of a landscape is drawn and named (landscapes.js kinds). */
const MARKS = {
  global: { label: 'global minimum', labels: 'global minima', style: 'star', radius: 10 },
  local: { label: 'local minimum', labels: 'local minima', style: 'triangle', radius: 6 },
  saddle: { label: 'saddle point (no minimum)', labels: 'saddle points', style: 'crossRot', radius: 8 },
};
/** A pointer that moves more than this (px) between press and release dragged (zoom), not clicked. */
const CLICK_SLOP = 5;

/**
 * The colour of band `band` of BANDS: low light yellow → high light blue-violet (dark theme: the same
 * hues, dimmed); `edge` darkens the line between bands.
 * @returns {[number, number, number]}
 */
export function bandColor(band, dark, edge = false) {
  const t = band / (BANDS - 1);
  const shade = (edge ? 0.8 : 1) * (dark ? 0.42 : 1);
  return [(255 - 110 * t) * shade, (247 - 90 * t) * shade, (200 + 45 * t) * shade];
}

/** Draws the contour image (set by setContours) under the datasets. */
const contourFill = {
  id: 'descentContour',
  beforeDatasetsDraw(chart) {
    const contour = chart.$descentContour;
    if (!contour) return;
    drawImageInBox(chart, contour.image, { x: contour.bounds.w, y: contour.bounds.b });
  },
};

/**
 * Renders a size×size grid of objective values (row 0 = lowest b) as banded, filled contours:
 * bilinear interpolation to `res` pixels, BANDS bands with a darker line between bands. `thresholds`
 * (a test function: logLevels) set the bands; without them the bands are log1p-spaced over the
 * grid's range (the loss surfaces of linear models).
 * @returns {HTMLCanvasElement}
 */
function contourImage(grid, size, dark, thresholds = null, res = 240) {
  const values = Array.from(grid).filter(Number.isFinite);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const level = (v) => (Number.isFinite(v) ? Math.log1p((v - lo) / ((hi - lo) || 1) * 1000) / Math.log1p(1000) : 1);
  const band = thresholds ? (v) => bandOf(v, thresholds) : (v) => Math.min(BANDS - 1, Math.floor(level(v) * BANDS));
  const canvas = document.createElement('canvas');
  canvas.width = res;
  canvas.height = res;
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(res, res);
  const at = (r, c) => grid[Math.min(size - 1, r) * size + Math.min(size - 1, c)];
  const bandOfPixel = new Int32Array(res * res);
  for (let py = 0; py < res; py += 1) {
    const gy = ((res - 1 - py) / (res - 1)) * (size - 1); // image row 0 is the top (highest b)
    const r = Math.floor(gy);
    const fy = gy - r;
    for (let px = 0; px < res; px += 1) {
      const gx = (px / (res - 1)) * (size - 1);
      const c = Math.floor(gx);
      const fx = gx - c;
      const v = (1 - fy) * ((1 - fx) * at(r, c) + fx * at(r, c + 1)) + fy * ((1 - fx) * at(r + 1, c) + fx * at(r + 1, c + 1));
      bandOfPixel[py * res + px] = band(v);
    }
  }
  for (let i = 0; i < res * res; i += 1) {
    const b = bandOfPixel[i];
    const edge = (i % res > 0 && bandOfPixel[i - 1] !== b) || (i >= res && bandOfPixel[i - res] !== b);
    const [red, green, blue] = bandColor(b, dark, edge);
    image.data[i * 4] = red;
    image.data[i * 4 + 1] = green;
    image.data[i * 4 + 2] = blue;
    image.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
  return canvas;
}

/** The bounding box of points, padded by `pad` of the span on each side (at least minSpan wide). */
export function box(xs, ys, pad = 0.08, minSpan = 1e-6) {
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

export class SurfaceChart {
  constructor(canvas, owner) {
    this.owner = owner;
    const names = () => (this.isFunction ? ['x', 'y'] : ['w', 'b']);
    const options = baseOptions({ xTitle: () => 'w (weight)', yTitle: 'b (bias)', zoom: () => owner.zoomed('contour') });
    options.interaction = { mode: 'nearest', intersect: true };
    options.plugins.tooltip.callbacks.title = () => '';
    options.plugins.tooltip.callbacks.label = (item) => {
      const [x, y] = names();
      return `${item.dataset.label}: ${x} ${formatNumber(item.parsed.x)}, ${y} ${formatNumber(item.parsed.y)}`;
    };
    options.onClick = (event) => this.click(event);
    this.chart = makeChart(canvas, { type: 'scatter', data: { datasets: [] }, options, plugins: [contourFill] });
    this.grid = null; // the last {grid, size, bounds} from the worker (redrawn when the theme changes)
    this.levels = null; // a landscape's contour thresholds (logLevels), for the colour bar
    this.pressed = null; // where the pointer went down: a drag (zoom, pan) is no click
    canvas.addEventListener('pointerdown', (e) => { this.pressed = { x: e.clientX, y: e.clientY }; });
  }

  /** True for a test function's landscape (f over (x, y)), false for a loss surface over (w, b). */
  get isFunction() {
    return this.owner.info?.experiment.model.kind === 'function';
  }

  /** True when the model is a test function, or linear or logistic with exactly two parameters (one
   *  weight and the bias); a network's loss surface is not drawn. */
  get drawn() {
    const info = this.owner.info;
    if (!info) return false;
    return this.isFunction || (info.data.d === 1 && LINEAR_MODELS.includes(info.experiment.model.kind));
  }

  build() {
    this.chart.$descentContour = null;
    this.grid = null;
    this.levels = null;
    if (!this.drawn) {
      this.chart.data.datasets = [];
      return;
    }
    const { owner } = this;
    const fn = this.isFunction;
    const scales = this.chart.options.scales;
    scales.x.title.text = fn ? 'x' : 'w (weight)';
    scales.y.title.text = fn ? 'y' : 'b (bias)';
    const datasets = [];
    const ghosts = owner.ghost && sameSurface(owner.ghost.info, owner.info) ? owner.ghost.runs : [];
    ghosts.forEach((run, i) => datasets.push({
      label: i === 0 ? 'before the last change' : run.name, order: 1, ghost: true, ghostRun: i, showLine: true, borderColor: fade(run.color, 0.3), backgroundColor: fade(run.color, 0.3), borderWidth: 1.5, pointRadius: 0, pointHoverRadius: 0, noLegend: i > 0, data: [],
    }));
    owner.runs.forEach((run, i) => datasets.push({
      label: run.name, path: i, showLine: true, borderColor: run.color, backgroundColor: run.color, borderWidth: 1.5, pointRadius: 0, pointHoverRadius: 3, data: [],
    }));
    // order −1: drawn after (above) every run's path and marker
    const ink = this.owner.ink;
    if (fn) {
      const minima = minimaOf(owner.info.experiment.model);
      for (const kind of Object.keys(MARKS)) {
        const points = minima.filter((m) => m.kind === kind).map((m) => ({ x: m.x, y: m.y }));
        const { label, labels, style, radius } = MARKS[kind];
        if (points.length) datasets.push({ label: points.length > 1 ? labels : label, mark: kind, order: -1, data: points, pointStyle: style, pointRadius: radius, pointHoverRadius: radius, borderColor: ink, backgroundColor: kind === 'local' ? 'transparent' : ink, borderWidth: kind === 'global' ? 2.5 : 2 });
      }
    } else {
      const opt = owner.info.optimum?.params;
      if (opt) datasets.push({ label: 'closed-form optimum', mark: 'global', order: -1, data: [{ x: opt.weights[0], y: opt.bias }], pointStyle: 'star', pointRadius: 10, borderColor: ink, backgroundColor: ink, borderWidth: 2.5 });
    }
    this.chart.data.datasets = datasets;
  }

  /** Each run's path up to the cursor (to where it is now when live). */
  fill() {
    if (!this.drawn) return;
    const { owner } = this;
    const at = owner.playback.position;
    for (const ds of this.chart.data.datasets) {
      if (ds.ghost) {
        ds.data = pathOf(owner.ghost.runs[ds.ghostRun], null);
        continue;
      }
      if (ds.path === undefined) continue;
      const run = owner.runs[ds.path];
      const points = pathOf(run, at);
      ds.data = points;
      ds.hidden = owner.hidden.has(ds.path);
      ds.label = `${run.name}${owner.divergenceNote(run)}`;
      ds.pointRadius = points.map((_, k) => (k === points.length - 1 ? 4.5 : 0));
    }
    const bounds = this.chart.$descentContour?.bounds ?? this.bounds();
    if (bounds && !(this.chart.isZoomedOrPanned?.() ?? false)) {
      const scales = this.chart.options.scales;
      Object.assign(scales.x, { min: bounds.w[0], max: bounds.w[1] });
      Object.assign(scales.y, { min: bounds.b[0], max: bounds.b[1] });
    }
  }

  /**
   * The (w, b) box the contours should cover: the initial point, the optimum and the paths of the
   * runs that did not diverge, with a margin (a test function: its view box, widened to hold them).
   * Null when there are no contours.
   * @returns {{w: [number, number], b: [number, number]} | null}
   */
  bounds() {
    if (!this.drawn) return null;
    const ws = [];
    const bs = [];
    for (const run of this.owner.runs) {
      const { param0, param1 } = run.cols;
      if (!param0) continue;
      const n = run.status === 'diverged' ? Math.min(1, param0.length) : param0.length;
      for (let k = 0; k < n; k += 1) {
        if (Number.isFinite(param0[k]) && Number.isFinite(param1[k])) {
          ws.push(param0[k]);
          bs.push(param1[k]);
        }
      }
    }
    if (this.isFunction) {
      const view = viewBox(this.owner.info.experiment.model);
      if (!ws.length) return { w: view.x, b: view.y };
      // widened to hold the paths, by at most the view box's span on each side: a path that runs far
      // away (the saddle's escape) leaves the chart rather than shrink the landscape to a speck
      const paths = box(ws, bs, 0.1, 1e-3);
      const grow = (v, p) => {
        const span = v[1] - v[0];
        return [Math.max(v[0] - span, Math.min(v[0], p[0])), Math.min(v[1] + span, Math.max(v[1], p[1]))];
      };
      return { w: grow(view.x, paths.x), b: grow(view.y, paths.y) };
    }
    const opt = this.owner.info.optimum?.params;
    if (opt) {
      ws.push(opt.weights[0]);
      bs.push(opt.bias);
    }
    if (!ws.length) return null;
    const b = box(ws, bs, 0.25, 0.5);
    return { w: b.x, b: b.y };
  }

  /** Shows a contour grid from the worker: {grid, size, bounds}. */
  setContours(grid) {
    this.grid = grid;
    let thresholds = null;
    if (this.isFunction) {
      const values = Array.from(grid.grid).filter(Number.isFinite);
      const lo = Math.min(...values);
      const hi = Math.max(...values);
      const levels = levelsOf(this.owner.info.experiment.model, lo, hi, { bands: BANDS });
      thresholds = levels.thresholds;
      this.levels = { lo, hi, thresholds, log: levels.log, colors: Array.from({ length: BANDS }, (_, k) => bandColor(k, this.owner.dark)) };
    }
    this.chart.$descentContour = { image: contourImage(grid.grid, grid.size, this.owner.dark, thresholds), bounds: grid.bounds };
  }

  /** Redraws the contour image in the current theme. */
  retheme() {
    if (this.grid) this.setContours(this.grid);
    for (const ds of this.chart.data.datasets) {
      if (ds.mark) Object.assign(ds, { borderColor: this.owner.ink, backgroundColor: ds.mark === 'local' ? 'transparent' : this.owner.ink });
    }
  }

  /** A click (not the end of a drag) on a landscape: the point under it becomes the start point. */
  click(event) {
    if (!this.isFunction || !this.owner.hooks.start) return;
    const native = event.native;
    if (this.pressed && native && Math.hypot(native.clientX - this.pressed.x, native.clientY - this.pressed.y) > CLICK_SLOP) return;
    const { chartArea, scales: { x, y } } = this.chart;
    if (event.x < chartArea.left || event.x > chartArea.right || event.y < chartArea.top || event.y > chartArea.bottom) return;
    const shown = { x: [x.min, x.max], y: [y.min, y.max] };
    this.owner.hooks.start(roundedPoint(x.getValueForPixel(event.x), y.getValueForPixel(event.y), shown));
  }

  /** True when the paths have left the box the current contours cover (time to ask for new ones). */
  stale() {
    const want = this.bounds();
    const have = this.chart.$descentContour?.bounds;
    if (!want) return false;
    if (!have) return true;
    const inside = (v, [lo, hi]) => v >= lo && v <= hi;
    const span = (r) => r[1] - r[0];
    return !(inside(want.w[0], have.w) && inside(want.w[1], have.w) && inside(want.b[0], have.b) && inside(want.b[1], have.b))
      || span(want.w) < span(have.w) / 4 || span(want.b) < span(have.b) / 4;
  }
}

/** Whether the previous settings' paths belong on this chart: the same axes (both (w, b), or the same function). */
function sameSurface(a, b) {
  const fa = a.experiment.model.kind === 'function';
  const fb = b.experiment.model.kind === 'function';
  if (fa || fb) return fa && fb && a.experiment.model.function === b.experiment.model.function;
  return a.data.d === 1;
}

/**
 * A run's path over (w, b) up to iteration `at` (null: all of it, ending where the run is now, which
 * may lie past its last recorded point after a Step or a pause).
 */
function pathOf(run, at) {
  const { param0, param1, iteration } = run.cols;
  if (!param0) return [];
  const n = at === null ? param0.length : indexAt(iteration, at) + 1;
  const points = [];
  for (let k = 0; k < n; k += 1) {
    const x = finite(param0[k]);
    const y = finite(param1[k]);
    if (x !== null && y !== null) points.push({ x, y });
  }
  if (at === null) {
    const [w, b] = run.params ?? [];
    const tail = points.at(-1);
    if (Number.isFinite(w) && Number.isFinite(b) && tail && (tail.x !== w || tail.y !== b)) points.push({ x: w, y: b });
  }
  return points;
}
