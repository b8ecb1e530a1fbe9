// surface-chart.js — the loss surface over (w, b) for models of exactly two parameters: filled
// contours of the training objective (a grid the worker evaluates), each run's path up to the playback
// cursor with a dot where it stands, the previous settings' paths faded, and the closed-form optimum
// as a star drawn above everything.

import { baseOptions, drawImageInBox, fade, finite, makeChart } from './chart-kit.js';
import { indexAt } from './playback.js';
import { formatNumber } from './lib/text.js';

/** The models drawn here (a test function's landscape and a network's surface: not yet). */
const LINEAR_MODELS = ['linear', 'logistic'];

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
 * bilinear interpolation to `res` pixels, log scale, 14 bands with a darker line between bands.
 * @returns {HTMLCanvasElement}
 */
function contourImage(grid, size, dark, res = 240) {
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
    // low objective light yellow → high light blue-violet (dark theme: the same hues, dimmed)
    const shade = (edge ? 0.8 : 1) * (dark ? 0.42 : 1);
    image.data[i * 4] = (255 - 110 * t) * shade;
    image.data[i * 4 + 1] = (247 - 90 * t) * shade;
    image.data[i * 4 + 2] = (200 + 45 * t) * shade;
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
    const options = baseOptions({ xTitle: () => 'w (weight)', yTitle: 'b (bias)', zoom: () => owner.zoomed('contour') });
    options.interaction = { mode: 'nearest', intersect: true };
    options.plugins.tooltip.callbacks.title = () => '';
    options.plugins.tooltip.callbacks.label = (item) => `${item.dataset.label}: w ${formatNumber(item.parsed.x)}, b ${formatNumber(item.parsed.y)}`;
    this.chart = makeChart(canvas, { type: 'scatter', data: { datasets: [] }, options, plugins: [contourFill] });
    this.grid = null; // the last {grid, size, bounds} from the worker (redrawn when the theme changes)
  }

  /** True when the model is linear or logistic with exactly two parameters (one weight and the bias);
   *  test functions and networks are not drawn here yet. */
  get drawn() {
    const info = this.owner.info;
    return Boolean(info) && info.data.d === 1 && LINEAR_MODELS.includes(info.experiment.model.kind);
  }

  build() {
    this.chart.$descentContour = null;
    this.grid = null;
    if (!this.drawn) {
      this.chart.data.datasets = [];
      return;
    }
    const { owner } = this;
    const datasets = [];
    (owner.ghost?.info.data.d === 1 ? owner.ghost.runs : []).forEach((run, i) => datasets.push({
      label: i === 0 ? 'before the last change' : run.name, order: 1, ghost: true, ghostRun: i, showLine: true, borderColor: fade(run.color, 0.3), backgroundColor: fade(run.color, 0.3), borderWidth: 1.5, pointRadius: 0, pointHoverRadius: 0, noLegend: i > 0, data: [],
    }));
    owner.runs.forEach((run, i) => datasets.push({
      label: run.name, path: i, showLine: true, borderColor: run.color, backgroundColor: run.color, borderWidth: 1.5, pointRadius: 0, pointHoverRadius: 3, data: [],
    }));
    const opt = owner.info.optimum?.params;
    // order −1: drawn after (above) every run's path and marker
    if (opt) datasets.push({ label: 'closed-form optimum', order: -1, data: [{ x: opt.weights[0], y: opt.bias }], pointStyle: 'star', pointRadius: 10, borderColor: this.owner.ink, backgroundColor: this.owner.ink, borderWidth: 2.5 });
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
   * runs that did not diverge, with a margin. Null when there are no contours.
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
    this.chart.$descentContour = { image: contourImage(grid.grid, grid.size, this.owner.dark), bounds: grid.bounds };
  }

  /** Redraws the contour image in the current theme. */
  retheme() {
    if (this.grid) this.setContours(this.grid);
    const star = this.chart.data.datasets.find((ds) => ds.pointStyle === 'star');
    if (star) Object.assign(star, { borderColor: this.owner.ink, backgroundColor: this.owner.ink });
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
