// surface-chart.js — the loss surface and a test function's landscape: filled contours of the
// objective (a grid the worker evaluates) with a colour bar, each run's path up to the playback cursor
// with a dot where it stands, and the optimum (a function: its known minima, landscapes.js) as marks
// drawn above everything. Three modes:
//   landscape  a test function: f over (x, y), log-spaced levels; a click asks for a new start point
//              (hooks.start);
//   wb         a linear or logistic model of exactly two parameters: the surface over (w, b) itself, the
//              paths from the history's param0/param1, the previous settings' paths faded;
//   plane      any other linear or logistic model, and networks: a 2-D slice θ(a, b) = centre + a·u + b·v
//              (web/lib/slice.js: the Hessian's leading eigenvectors, two random filter-normalised
//              directions, or two chosen parameters) through the optimum or a run's final parameters;
//              the paths are the runs' parameter snapshots projected onto the plane (least squares).

import { baseOptions, drawImageInBox, fade, finite, labelled, makeChart, relabel } from './chart-kit.js';
import { bandOf, levelsOf, logLevels, minimaOf, roundedPoint, viewBox } from './landscapes.js';
import { indexAt } from './playback.js';
import { project } from './lib/slice.js';
import { countText, formatNumber, text } from './strings.js';

/** The models whose surface is drawn over (w, b) when they have two parameters, else on a plane. */
const LINEAR_MODELS = ['linear', 'logistic'];
/** Bands of the filled contours. */
const BANDS = 14;
/** How a marked point of a landscape is drawn and named (landscapes.js kinds). */
const MARKS = {
  global: { key: 'chart.mark.global', style: 'star', radius: 10 },
  local: { key: 'chart.mark.local', style: 'triangle', radius: 6 },
  saddle: { key: 'chart.mark.saddle', style: 'crossRot', radius: 8 },
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
    const options = baseOptions({ xTitle: () => this.axisTitle(0), yTitle: () => this.axisTitle(1), zoom: () => owner.zoomed('contour') });
    options.interaction = { mode: 'nearest', intersect: true };
    options.plugins.tooltip.callbacks.title = () => '';
    options.plugins.tooltip.callbacks.label = (item) => {
      const key = this.plane ? 'chart.tip.plane' : this.isFunction ? 'chart.tip.xy' : 'chart.tip.wb';
      return text(key, { label: item.dataset.label, x: formatNumber(item.parsed.x), y: formatNumber(item.parsed.y) });
    };
    options.onClick = (event) => this.click(event);
    this.chart = makeChart(canvas, { type: 'scatter', data: { datasets: [] }, options, plugins: [contourFill] });
    this.grid = null; // the last {grid, size, bounds} from the worker (redrawn when the theme changes)
    this.levels = null; // the contour thresholds and colours, for the colour bar
    this.plane = null; // plane mode: {centre, u, v, axes, lambdas?, spec, centreLabel} from the worker
    this.pressed = null; // where the pointer went down: a drag (zoom, pan) is no click
    canvas.addEventListener('pointerdown', (e) => { this.pressed = { x: e.clientX, y: e.clientY }; });
  }

  /**
   * 'landscape' (a test function), 'wb' (a linear or logistic model of two parameters), 'plane' (any
   * other linear or logistic model, or a network) or null (no experiment).
   */
  get mode() {
    const info = this.owner.info;
    if (!info) return null;
    const { kind } = info.experiment.model;
    if (kind === 'function') return 'landscape';
    if (LINEAR_MODELS.includes(kind) && info.data.d === 1) return 'wb';
    if (LINEAR_MODELS.includes(kind) || kind === 'mlp') return 'plane';
    return null;
  }

  /** True for a test function's landscape (f over (x, y)). */
  get isFunction() { return this.mode === 'landscape'; }

  /** True when this chart draws the experiment's surface. */
  get drawn() { return this.mode !== null; }

  /** Plane mode: the name of direction k (0, 1) in the current language (θi for two parameters). */
  axisName(k) {
    const names = { curvature: 'chart.axis.curvature', random: 'chart.axis.random' };
    const key = names[this.plane?.spec?.mode];
    return key ? text(key, { k: k + 1 }) : this.plane?.axes[k];
  }

  /** The title of axis k (0: x, 1: y) in the current language. */
  axisTitle(k) {
    if (this.plane) {
      const lambda = this.plane.lambdas?.[k];
      const axis = this.axisName(k);
      return lambda === undefined ? axis : text('chart.axis.lambda', { axis, lambda: formatNumber(lambda) });
    }
    if (this.isFunction) return k === 0 ? 'x' : 'y';
    return text(k === 0 ? 'chart.axis.w' : 'chart.axis.b');
  }

  /** Sets the plane the surface is drawn on (plane mode), or null to ask for one again. */
  setPlane(plane) {
    this.plane = plane;
    this.chart.$descentContour = null;
    this.grid = null;
    this.projected = new Map(); // run → {n, points}: projections of its snapshots, kept as they grow
    this.build();
  }

  build() {
    this.chart.$descentContour = null;
    this.grid = null;
    this.levels = null;
    const { scales } = this.chart.options;
    scales.x.title.text = this.axisTitle(0);
    scales.y.title.text = this.axisTitle(1);
    if (!this.drawn || (this.mode === 'plane' && !this.plane)) {
      this.chart.data.datasets = [];
      return;
    }
    const { owner } = this;
    const fn = this.isFunction;
    const datasets = [];
    if (this.mode === 'plane') {
      owner.runs.forEach((run, i) => datasets.push({
        label: run.name, path: i, showLine: true, borderColor: run.color, backgroundColor: run.color, borderWidth: 1.5, pointRadius: 0, pointHoverRadius: 3, data: [],
      }));
      datasets.push({ label: this.plane.centreLabel, centre: true, order: -1, data: [{ x: 0, y: 0 }], pointStyle: 'star', pointRadius: 10, borderColor: this.owner.ink, backgroundColor: this.owner.ink, borderWidth: 2.5 });
      this.chart.data.datasets = datasets;
      return;
    }
    const ghosts = owner.ghost && sameSurface(owner.ghost.info, owner.info) ? owner.ghost.runs : [];
    ghosts.forEach((run, i) => datasets.push({
      ...(i === 0 ? labelled('chart.before') : { label: run.name }), order: 1, ghost: true, ghostRun: i, showLine: true, borderColor: fade(run.color, 0.3), backgroundColor: fade(run.color, 0.3), borderWidth: 1.5, pointRadius: 0, pointHoverRadius: 0, noLegend: i > 0, data: [],
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
        const { key, style, radius } = MARKS[kind];
        if (points.length) datasets.push({ label: countText(key, points.length), countKey: key, mark: kind, order: -1, data: points, pointStyle: style, pointRadius: radius, pointHoverRadius: radius, borderColor: ink, backgroundColor: kind === 'local' ? 'transparent' : ink, borderWidth: kind === 'global' ? 2.5 : 2 });
      }
    } else {
      const opt = owner.info.optimum?.params;
      if (opt) datasets.push({ ...labelled('chart.optimum'), mark: 'global', order: -1, data: [{ x: opt.weights[0], y: opt.bias }], pointStyle: 'star', pointRadius: 10, borderColor: ink, backgroundColor: ink, borderWidth: 2.5 });
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
      const points = this.plane ? this.planePath(ds.path, at) : pathOf(run, at);
      ds.data = points;
      ds.hidden = owner.hidden.has(ds.path);
      ds.label = owner.runLabel(run);
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
    if (this.mode === 'plane') return this.planeBounds();
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

  /**
   * Run i's path on the plane up to iteration `at` (null: all of it, ending where the run is now):
   * its parameter snapshots projected, computed once per snapshot.
   */
  planePath(i, at) {
    const run = this.owner.runs[i];
    const { centre, u, v } = this.plane;
    let cache = this.projected.get(i);
    if (!cache || cache.n > run.snaps.iteration.length) cache = { n: 0, points: [] };
    if (cache.n < run.snaps.iteration.length) {
      const fresh = project(run.snaps.params.slice(cache.n), centre, u, v);
      for (const { a, b } of fresh) cache.points.push({ x: finite(a), y: finite(b) });
      cache.n = run.snaps.iteration.length;
      this.projected.set(i, cache);
    }
    const n = at === null ? cache.points.length : indexAt(run.snaps.iteration, at) + 1;
    const points = cache.points.slice(0, n).filter((p) => p.x !== null && p.y !== null);
    if (at === null && run.params) {
      const [{ a, b }] = project([run.params], centre, u, v);
      const tail = points.at(-1);
      if (Number.isFinite(a) && Number.isFinite(b) && (!tail || tail.x !== a || tail.y !== b)) points.push({ x: a, y: b });
    }
    return points;
  }

  /** The plane's (a, b) box: the centre and the paths of the runs that did not diverge, with a margin. */
  planeBounds() {
    if (!this.plane) return null;
    const as = [0];
    const bs = [0];
    this.owner.runs.forEach((run, i) => {
      const points = this.planePath(i, null);
      const n = run.status === 'diverged' ? Math.min(1, points.length) : points.length;
      for (let k = 0; k < n; k += 1) {
        as.push(points[k].x);
        bs.push(points[k].y);
      }
    });
    // at least ±10% of the centre's length, so that a path ending on the centre still shows its basin
    const scale = Math.max(1e-3, 0.1 * Math.hypot(...this.plane.centre));
    const b = box(as, bs, 0.25, 2 * scale);
    // one unit is as long on both axes (the chart is square): a narrow valley looks narrow. Directions
    // of different lengths (random, filter-normalised ones) keep their own spans.
    const { u, v } = this.plane;
    const ratio = Math.hypot(...u) / Math.hypot(...v);
    if (Math.abs(ratio - 1) < 1e-9) {
      const span = Math.max(b.x[1] - b.x[0], b.y[1] - b.y[0]);
      const widen = ([lo, hi]) => [(lo + hi) / 2 - span / 2, (lo + hi) / 2 + span / 2];
      return { w: widen(b.x), b: widen(b.y) };
    }
    return { w: b.x, b: b.y };
  }

  /** Shows a contour grid from the worker: {grid, size, bounds}. */
  setContours(grid) {
    this.grid = grid;
    // a function's levels by landscapes.js (even ones for the saddle); a loss: log-spaced
    const values = Array.from(grid.grid).filter(Number.isFinite);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const levels = this.isFunction ? levelsOf(this.owner.info.experiment.model, lo, hi, { bands: BANDS })
      : { thresholds: logLevels(lo, hi, { bands: BANDS }), log: true };
    const thresholds = levels.thresholds;
    const fn = this.isFunction;
    this.levels = {
      lo, hi, thresholds, log: levels.log, colors: Array.from({ length: BANDS }, (_, k) => bandColor(k, this.owner.dark)),
      /** What the levels measure, in the language of the moment. */
      get what() { return fn ? 'f' : text('chart.trainingLoss'); },
    };
    this.chart.$descentContour = { image: contourImage(grid.grid, grid.size, this.owner.dark, thresholds), bounds: grid.bounds };
  }

  /** The language changed: the labels and titles again (the runs' labels follow in fill()). */
  relabel() {
    relabel(this.chart);
    for (const ds of this.chart.data.datasets) if (ds.countKey) ds.label = countText(ds.countKey, ds.data.length);
    if (this.plane?.centreText) {
      this.plane.centreLabel = text(...this.plane.centreText);
      for (const ds of this.chart.data.datasets) if (ds.centre) ds.label = this.plane.centreLabel;
    }
    const { scales } = this.chart.options;
    scales.x.title.text = this.axisTitle(0);
    scales.y.title.text = this.axisTitle(1);
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
