// fit-chart.js — the data and each run's model at the playback cursor.
//
// fit       1-D inputs: the data (train filled, test hollow) and each run's fitted curve
// boundary  two features and a logistic model or a network: P(y = 1) of one run as a heat map under
//           the points, every run's decision boundary (P = 0.5), the two classes as grey circles and
//           brown triangles (colours no run uses), on a square chart with equal spans on both axes.
//           A logistic model's boundary is its line, computed here; a network's outputs come from the
//           worker (hooks.regions: Session.outputGrid over a grid) and its boundary is traced by
//           marching squares (regions.js)
// The previous settings' fits are faded (not a network's regions).

import { baseOptions, drawImageInBox, fade, finite, labelled, makeChart, nestedWidths, relabel } from './chart-kit.js';
import { levelSegments, pixelGrid } from './regions.js';
import { formatNumber, text } from './strings.js';

const FIT_POINTS = 120;
const GREY = 'rgba(110, 110, 110, 0.6)';
/** The two classes: colours and marks no run uses. */
export const CLASSES = Object.freeze([
  { color: '#6b6b6b', style: 'circle', tint: [120, 120, 120] },
  { color: '#8c510a', style: 'triangle', tint: [176, 110, 30] },
]);
const HEAT_SIDE = 96;

const sigmoid = (z) => 1 / (1 + Math.exp(-z));

/** Draws chart.$heat (an image over a box of the two features) under the datasets. */
const heatFill = {
  id: 'descentHeat',
  beforeDatasetsDraw(chart) {
    const heat = chart.$heat;
    if (!heat) return;
    drawImageInBox(chart, heat.image, heat.box);
  },
};

/**
 * A square box around points: the larger span on both axes, padded, so that one unit is as long
 * across as up (a 2-D dataset keeps its shape).
 */
export function squareBox(xs, ys, pad = 0.08) {
  const range = (vs) => {
    const f = vs.filter(Number.isFinite);
    return f.length ? [Math.min(...f), Math.max(...f)] : [0, 1];
  };
  const [x0, x1] = range(xs);
  const [y0, y1] = range(ys);
  const half = (Math.max(x1 - x0, y1 - y0, 1e-6) / 2) * (1 + 2 * pad);
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  return { x: [cx - half, cx + half], y: [cy - half, cy + half] };
}

/** The segment of w0·x + w1·y + b = 0 inside a box, as two points (or none). */
export function boundaryLine(p, { x: [x0, x1], y: [y0, y1] }) {
  const [w0, w1, b] = p;
  const points = [];
  if (Math.abs(w1) > 1e-12) for (const x of [x0, x1]) points.push({ x, y: -(w0 * x + b) / w1 });
  if (Math.abs(w0) > 1e-12) for (const y of [y0, y1]) points.push({ x: -(w1 * y + b) / w0, y });
  const eps = 1e-9 * (x1 - x0 + y1 - y0);
  const inside = points.filter((q) => q.x >= x0 - eps && q.x <= x1 + eps && q.y >= y0 - eps && q.y <= y1 + eps);
  inside.sort((a, c) => a.x - c.x || a.y - c.y);
  return inside.length >= 2 ? [inside[0], inside.at(-1)] : [];
}

export class FitChart {
  constructor(canvas, owner) {
    this.owner = owner;
    const options = baseOptions({ xTitle: () => 'x', yTitle: () => 'y', zoom: () => owner.zoomed('data') });
    options.interaction = { mode: 'nearest', intersect: true };
    options.plugins.tooltip.callbacks.title = () => '';
    options.plugins.tooltip.callbacks.label = (item) => text('chart.tip.point', { label: item.dataset.label, x: formatNumber(item.parsed.x), y: formatNumber(item.parsed.y) });
    this.chart = makeChart(canvas, { type: 'scatter', data: { datasets: [] }, options, plugins: [heatFill] });
    this.heatRun = 0; // whose probabilities the heat map shows
    this.heatKey = '';
  }

  /** 'fit' (1-D inputs), 'boundary' (2 features, logistic or a network) or null (nothing to draw:
   *  test functions, a network on other than two features). */
  get mode() {
    const info = this.owner.info;
    const data = info?.data;
    const kind = info?.experiment.model.kind;
    if (!data || !data.train) return null;
    if (kind === 'mlp') return data.d === 2 && data.space !== 'raw' ? 'boundary' : data.space === 'raw' || data.d === 1 ? 'fit' : null;
    if (!['linear', 'logistic'].includes(kind)) return null;
    if (data.space === 'raw' || data.d === 1) return 'fit';
    if (data.d === 2 && kind === 'logistic') return 'boundary';
    return null;
  }

  /** True when the data chart draws a network's regions (from the worker's grids). */
  get network() {
    return this.owner.info?.experiment.model.kind === 'mlp';
  }

  build() {
    const { owner } = this;
    const { data } = owner.info;
    const mode = this.mode;
    const datasets = [];
    const scales = this.chart.options.scales;
    const all = [data.train, data.test].filter(Boolean);
    const ghosts = owner.ghost && sameShape(owner.ghost.info, owner.info) && !this.network ? owner.ghost.runs : [];
    this.chart.$heat = null;
    this.heatKey = '';
    this.regions = null; // a network's last grids from the worker: {key, grids, size, grid}
    this.wanted = null; // the request the charts want answered next: {key, params}
    if (mode === 'fit') {
      const pts = (split) => Array.from(split.x, (x, k) => ({ x: finite(x), y: finite(split.y[k]) }));
      datasets.push({ ...labelled('chart.train'), data: pts(data.train), pointRadius: 2.5, backgroundColor: GREY, borderColor: GREY });
      if (data.test) datasets.push({ ...labelled('chart.testSet'), data: pts(data.test), pointRadius: 3, backgroundColor: 'transparent', borderColor: GREY });
      this.box = dataBox(all.flatMap((s) => Array.from(s.x)), all.flatMap((s) => Array.from(s.y)));
    } else if (mode === 'boundary') {
      const cls = (split, key, hollow) => CLASSES.map(({ color, style }, c) => {
        const points = [];
        for (let k = 0; k < split.y.length; k += 1) if (split.y[k] === c) points.push({ x: finite(split.x[2 * k]), y: finite(split.x[2 * k + 1]) });
        return { ...labelled(key, { class: c }), noLegend: true, data: points, pointStyle: style, pointRadius: hollow ? 3.5 : 3, backgroundColor: hollow ? 'transparent' : fade(color, 0.75), borderColor: color, borderWidth: 1 };
      });
      datasets.push(...cls(data.train, 'chart.trainClass', false));
      if (data.test) datasets.push(...cls(data.test, 'chart.testClass', true));
      const xs = all.flatMap((s) => Array.from(s.x).filter((_, k) => k % 2 === 0));
      const ys = all.flatMap((s) => Array.from(s.x).filter((_, k) => k % 2 === 1));
      this.box = squareBox(xs, ys);
    } else {
      this.box = null;
    }
    if (mode) {
      ghosts.forEach((run, i) => datasets.push({ ...(i === 0 ? labelled('chart.before') : { label: run.name }), order: 1, ghost: true, ghostRun: i, noLegend: i > 0, type: 'line', showLine: true, borderColor: fade(run.color, 0.3), borderWidth: 1.5, pointRadius: 0, data: [] }));
      owner.runs.forEach((run, i) => datasets.push({ label: run.name, fit: i, type: 'line', showLine: true, spanGaps: false, normalized: false, borderColor: run.color, backgroundColor: run.color, borderWidth: 2, pointRadius: 0, data: [] }));
      Object.assign(scales.x, { min: this.box.x[0], max: this.box.x[1] });
      Object.assign(scales.y, { min: this.box.y[0], max: this.box.y[1] });
    }
    this.chart.data.datasets = datasets;
    this.retitle();
  }

  /** The axis titles in the current language. */
  retitle() {
    const { scales } = this.chart.options;
    const { experiment } = this.owner.info;
    if (this.mode === 'fit') {
      scales.x.title.text = this.owner.info.data.space !== 'raw' && experiment.data.standardize ? text('chart.xStandardised') : 'x';
      scales.y.title.text = experiment.model.kind === 'logistic' ? 'y, P(y = 1)' : 'y';
    } else if (this.mode === 'boundary') {
      scales.x.title.text = text('chart.feature', { k: 1 });
      scales.y.title.text = text('chart.feature', { k: 2 });
    }
  }

  /** The language changed: the labels and titles again (the runs' labels follow in fill()). */
  relabel() {
    if (!this.owner.info) return;
    relabel(this.chart);
    this.retitle();
  }

  /** The model's output at input x (raw 1-D x, or the two features) for parameters p. */
  predict(p, x, x2) {
    const { data, experiment } = this.owner.info;
    let z = p[data.d];
    if (x2 !== undefined) {
      z += p[0] * x + p[1] * x2;
    } else if (data.space === 'raw') {
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

  /** Each run's model at the cursor; the heat map of the chosen run. */
  fill() {
    const mode = this.mode;
    if (!mode) return;
    const { owner } = this;
    const at = owner.playback.position;
    if (this.network) {
      this.fillRegions(at);
      return;
    }
    const widths = nestedWidths(owner.runs.map((_, i) => owner.paramsAt(i, at)), 2);
    for (const ds of this.chart.data.datasets) {
      const ghost = ds.ghost === true;
      if (!ghost && ds.fit === undefined) continue;
      const run = ghost ? owner.ghost.runs[ds.ghostRun] : owner.runs[ds.fit];
      const p = ghost ? run.params : owner.paramsAt(ds.fit, at);
      if (!ghost) {
        ds.label = owner.runLabel(run, mode === 'boundary' ? 'chart.boundary' : null);
        ds.hidden = owner.hidden.has(ds.fit);
        ds.borderWidth = widths[ds.fit];
      }
      ds.data = p && Array.from(p).every(Number.isFinite) ? this.curve(p, mode) : [];
    }
    if (mode === 'boundary') this.heat(owner.paramsAt(Math.min(this.heatRun, owner.runs.length - 1), at));
  }

  /**
   * A network's regions at the cursor: every run's boundary and the chosen run's heat map, from the
   * worker's grids for the parameters at the cursor (1-D inputs: every run's fitted curve, from the
   * worker's outputs along x). When those differ from the ones on screen, new ones are asked for (one
   * request at a time; the latest parameters win) and the old stay meanwhile.
   */
  fillRegions(at) {
    const { owner } = this;
    const params = owner.runs.map((_, i) => owner.paramsAt(i, at));
    const usable = params.map((p) => Boolean(p) && Array.from(p).every(Number.isFinite));
    const key = params.map((p, i) => (usable[i] ? Array.from(p).join(',') : '-')).join(';');
    if (this.regions?.key !== key) this.ask({ key, params, usable });
    const regions = this.regions;
    const widths = nestedWidths(params, 2);
    const fit = this.mode === 'fit';
    for (const ds of this.chart.data.datasets) {
      if (ds.fit === undefined) continue;
      const run = owner.runs[ds.fit];
      ds.label = owner.runLabel(run, fit ? null : 'chart.boundary');
      ds.hidden = owner.hidden.has(ds.fit);
      ds.borderWidth = widths[ds.fit];
      ds.data = (fit ? regions?.curves?.[ds.fit] : regions?.segments?.[ds.fit]) ?? [];
    }
    if (fit) return;
    const chosen = Math.min(this.heatRun, owner.runs.length - 1);
    const heatKey = regions ? `${regions.key}|${chosen}|${owner.dark ? 'd' : 'l'}` : '';
    if (heatKey === this.heatKey) return;
    this.heatKey = heatKey;
    const values = regions?.grids[chosen];
    this.chart.$heat = values ? { image: this.heatImage(regions.size, (r, c) => values[(regions.size - 1 - r) * regions.size + c]), box: this.box } : null;
  }

  /**
   * The model's features of raw inputs xs (1-D data: x, or its powers standardised as the data were),
   * row-major, as the worker's `outputs` takes them.
   */
  features(xs) {
    const { data } = this.owner.info;
    if (data.space !== 'raw') return Float64Array.from(xs);
    const X = new Float64Array(xs.length * data.d);
    xs.forEach((x, r) => {
      let power = 1;
      for (let k = 0; k < data.d; k += 1) {
        power *= x;
        X[r * data.d + k] = (power - data.mean[k]) / data.scale[k];
      }
    });
    return X;
  }

  /** Asks the worker for the grids (curves) of `wanted`, or keeps it for when the request in flight returns. */
  ask(wanted) {
    this.wanted = wanted;
    const fit = this.mode === 'fit';
    const hook = fit ? this.owner.hooks.outputs : this.owner.hooks.regions;
    if (this.asking || !hook) return;
    const info = this.owner.info;
    const { key, params, usable } = wanted;
    this.wanted = null;
    this.asking = true;
    const grid = pixelGrid(this.box, HEAT_SIDE);
    const [x0, x1] = this.box.x;
    const xs = Array.from({ length: FIT_POINTS }, (_, k) => x0 + ((x1 - x0) * k) / (FIT_POINTS - 1));
    const send = params.map((p, i) => (usable[i] ? Array.from(p) : null));
    hook(fit ? { params: send.filter(Boolean), X: this.features(xs) } : { params: send.filter(Boolean), grid })
      .then((reply) => {
        if (info !== this.owner.info) return; // a new session meanwhile
        let k = 0;
        if (fit) {
          const curves = send.map((p) => (p ? Array.from(reply.values[k++], (y, j) => ({ x: xs[j], y: finite(y) })) : []));
          this.regions = { key, curves };
        } else {
          const grids = send.map((p) => (p ? reply.grids[k++] : null));
          const segments = grids.map((g) => (g ? levelSegments(g, reply.size, grid) : []));
          this.regions = { key, grids, size: reply.size, segments };
        }
        this.owner.scheduleUpdate();
      })
      .catch(() => {}) // a session replaced meanwhile (another model): its own charts follow
      .finally(() => {
        this.asking = false;
        const next = this.wanted;
        if (next && info === this.owner.info && next.key !== this.regions?.key) this.ask(next);
      });
  }

  curve(p, mode) {
    if (mode === 'boundary') return boundaryLine(p, this.box);
    const [x0, x1] = this.box.x;
    return Array.from({ length: FIT_POINTS }, (_, k) => {
      const x = x0 + ((x1 - x0) * k) / (FIT_POINTS - 1);
      return { x, y: finite(this.predict(p, x)) };
    });
  }

  /** P(y = 1) of parameters p over the box, as an image (recomputed only when p changes). */
  heat(p) {
    const key = p ? Array.from(p).join(',') + (this.owner.dark ? 'd' : 'l') : '';
    if (key === this.heatKey) return;
    this.heatKey = key;
    if (!p || !Array.from(p).every(Number.isFinite)) {
      this.chart.$heat = null;
      return;
    }
    const [[x0, x1], [y0, y1]] = [this.box.x, this.box.y];
    const image = this.heatImage(HEAT_SIDE, (r, c) => this.predict(p, x0 + ((x1 - x0) * (c + 0.5)) / HEAT_SIDE, y1 - ((y1 - y0) * (r + 0.5)) / HEAT_SIDE));
    this.chart.$heat = { image, box: this.box };
  }

  /**
   * A side×side image of P(y = 1): prob(r, c) at pixel row r (0 the top) and column c; each pixel
   * tinted towards its class's colour, the more the surer.
   */
  heatImage(side, prob) {
    const canvas = document.createElement('canvas');
    canvas.width = side;
    canvas.height = side;
    const ctx = canvas.getContext('2d');
    const image = ctx.createImageData(side, side);
    const base = this.owner.dark ? [30, 32, 36] : [255, 255, 255];
    for (let r = 0; r < side; r += 1) {
      for (let c = 0; c < side; c += 1) {
        const q = prob(r, c);
        const tint = CLASSES[q >= 0.5 ? 1 : 0].tint;
        const t = Number.isFinite(q) ? Math.min(1, Math.abs(q - 0.5) * 2) * 0.45 : 0;
        const i = (r * side + c) * 4;
        for (let k = 0; k < 3; k += 1) image.data[i + k] = base[k] + (tint[k] - base[k]) * t;
        image.data[i + 3] = 255;
      }
    }
    ctx.putImageData(image, 0, 0);
    return canvas;
  }
}

/** Whether two sessions' data charts are comparable (same mode and inputs): the previous fits show. */
function sameShape(a, b) {
  return a.data.d === b.data.d && a.data.space === b.data.space && a.experiment.model.kind === b.experiment.model.kind
    && a.experiment.data.kind === b.experiment.data.kind;
}

/** The bounding box of points, padded by 8% of the span on each side. */
function dataBox(xs, ys) {
  const range = (vs) => {
    const f = vs.filter(Number.isFinite);
    let lo = f.length ? Math.min(...f) : 0;
    let hi = f.length ? Math.max(...f) : 1;
    if (hi - lo < 1e-6) [lo, hi] = [lo - 5e-7, hi + 5e-7];
    const m = (hi - lo) * 0.08;
    return [lo - m, hi + m];
  };
  return { x: range(xs), y: range(ys) };
}
