// loss-chart.js — the loss and learning-rate charts, drawn from the runs TrainingCharts holds.
//
// loss  one legend entry per run: the training objective (solid) and the test loss (dashed, keyed in
//       the card); the closed-form optimum as a dotted line; the previous settings' curves faded.
//       Log y switches on by itself when the losses span more than 100× (the checkbox overrides);
//       a diverged run is clipped to the range of the others with a cross where it left; runs whose
//       curves coincide are drawn as nested bands (the earlier run narrower, on top); runs with few recorded
//       points show them as dots, and the note says how few; a mini-batch run whose exact points are
//       sparse also has a thin line: the running mean of its mini-batch losses (the core's estimate).
// lr    the learning rate each run used.
// Both follow the playback cursor: each curve ends at the cursor with a dot; on the iterations axis
// a vertical line marks it.

import { fade, finite, makeChart, baseOptions, positive } from './chart-kit.js';
import { SPARSE_POINTS, coincidence, lossRange } from './scales.js';
import { indexAt } from './playback.js';
import { countText, formatNumber, text } from './strings.js';

/** x-axis units of the loss and learning-rate charts: history column → the key of its axis title. */
export const X_UNITS = Object.freeze({
  iteration: 'chart.x.iteration', epoch: 'chart.x.epoch', samples: 'chart.x.samples', timeMs: 'chart.x.timeMs',
});

/** The x-axis title of `unit` in the current language. */
export const xTitle = (unit) => text(X_UNITS[unit]);
/** Units whose axis may be logarithmic. */
export const LOG_X_UNITS = new Set(['samples', 'timeMs']);
/** Below this much compute in all (ms), the wall-time axis measures overheads more than the work. */
const OVERHEAD_MS = 50;

/** Draws a vertical line at chart.$cursorX (the playback position on an iterations axis). */
const cursorLine = {
  id: 'descentCursor',
  afterDatasetsDraw(chart) {
    const x = chart.$cursorX;
    if (x === null || x === undefined) return;
    const px = chart.scales.x.getPixelForValue(x);
    const { top, bottom, left, right } = chart.chartArea;
    if (!(px >= left && px <= right)) return;
    const { ctx } = chart;
    ctx.save();
    ctx.strokeStyle = 'rgba(128, 128, 128, 0.8)';
    ctx.setLineDash([4, 3]);
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(px, top);
    ctx.lineTo(px, bottom);
    ctx.stroke();
    ctx.restore();
  },
};

/** Weight of the past in the smoothed running estimate (about the last 10 points). */
const SMOOTHING = 0.9;

/**
 * A debiased exponential moving average of points' y (TensorBoard's smoothing): s_k = β·s_(k−1) +
 * (1 − β)·y_k, shown as s_k / (1 − β^k) so that the first points are not pulled towards 0. Non-finite
 * values are skipped (kept as gaps).
 * @param {{x: number, y: number|null}[]} points @returns {{x: number, y: number|null}[]}
 */
export function smoothed(points, beta = SMOOTHING) {
  let s = 0;
  let weight = 0;
  return points.map(({ x, y }) => {
    if (y === null || !Number.isFinite(y)) return { x, y: null };
    s = beta * s + (1 - beta) * y;
    weight = beta * weight + (1 - beta);
    return { x, y: s / weight };
  });
}

/** The loss chart. */
export class LossChart {
  /** @param {HTMLCanvasElement} canvas @param {import('./charts.js').TrainingCharts} owner */
  constructor(canvas, owner) {
    this.owner = owner;
    const options = baseOptions({ xTitle: () => xTitle(owner.unit), yTitle: () => text('chart.y.loss'), zoom: () => owner.zoomed('loss') });
    options.interaction = { mode: 'runsAtX', intersect: false };
    options.plugins.decimation = { enabled: true, algorithm: 'lttb', samples: 500 };
    const labels = { testLoss: 'chart.test', batchLoss: 'chart.batchMeanEstimate' };
    options.plugins.tooltip.callbacks.label = (item) => {
      const { name } = owner.runs[item.dataset.run];
      const label = labels[item.dataset.column] ? text(labels[item.dataset.column], { name }) : name;
      return text('chart.tip.value', { label, value: formatNumber(item.parsed.y) });
    };
    options.plugins.legend.onClick = (event, item, legend) => {
      const run = legend.chart.data.datasets[item.datasetIndex]?.run;
      if (run === undefined) return;
      owner.toggleRun(run);
    };
    this.chart = makeChart(canvas, { type: 'line', data: { datasets: [] }, options, plugins: [cursorLine] });
    this.range = null;
  }

  build() {
    const { owner } = this;
    const hasTest = owner.info.data.nTest > 0;
    const datasets = [];
    const base = { pointRadius: 0, pointHoverRadius: 3, data: [] };
    owner.ghost?.runs.forEach((run, i) => {
      datasets.push({ ...base, label: text('chart.before'), order: 1, ghost: true, ghostRun: i, column: 'trainLoss', noLegend: i > 0, borderColor: fade(run.color, 0.3), backgroundColor: fade(run.color, 0.3), borderWidth: 1.5, pointHoverRadius: 0 });
    });
    owner.runs.forEach((run, i) => {
      datasets.push({ ...base, label: run.name, run: i, column: 'trainLoss', borderColor: run.color, backgroundColor: run.color, borderWidth: 2 });
      // below the exact curve (Chart.js draws the first dataset on top): the running mini-batch mean
      // and the same smoothed (an exponential moving average, as TensorBoard smooths its curves)
      if (run.est) {
        datasets.push({ ...base, label: text('chart.batchMeanSmoothed', { name: run.name }), run: i, column: 'batchLoss', estimate: true, smooth: true, noLegend: true, borderColor: fade(run.color, 0.8), backgroundColor: run.color, borderWidth: 1.5 });
        datasets.push({ ...base, label: text('chart.batchMean', { name: run.name }), run: i, column: 'batchLoss', estimate: true, noLegend: true, borderColor: fade(run.color, 0.25), backgroundColor: run.color, borderWidth: 1 });
      }
      if (hasTest) datasets.push({ ...base, label: text('chart.test', { name: run.name }), run: i, column: 'testLoss', noLegend: true, borderColor: run.color, backgroundColor: run.color, borderWidth: 1.5, borderDash: [6, 4] });
    });
    if (owner.info.optimum) datasets.push({ ...base, label: text('chart.optimum'), optimum: 'trainLoss', noLegend: true, borderColor: '#777', borderWidth: 1, borderDash: [2, 3], pointHoverRadius: 0 });
    datasets.push({ label: text('chart.diverged'), marker: true, noLegend: true, type: 'scatter', clip: false, pointStyle: 'crossRot', pointRadius: 9, pointBorderWidth: 3, borderColor: [], backgroundColor: [], data: [] });
    this.chart.data.datasets = datasets;
  }

  /**
   * Fills the datasets, the axes and the cursor.
   * @returns {string[]} notes for under the chart (sparse points, coinciding runs, overheads)
   */
  fill() {
    const { owner, chart } = this;
    const unit = owner.unit;
    const logX = owner.logX && LOG_X_UNITS.has(unit);
    const xOf = logX ? positive : finite;
    const at = owner.playback.position;
    const groups = coincidence(owner.runs);
    const series = [];
    const points = (cols, column, upTo) => {
      const xs = cols[unit] ?? [];
      const ys = cols[column] ?? [];
      const n = Math.min(upTo, xs.length);
      const out = new Array(n);
      for (let k = 0; k < n; k += 1) out[k] = { x: xOf(xs[k]), y: finite(ys[k]) };
      return out.filter((p) => p.x !== null);
    };
    let xMin = Infinity;
    let xMax = -Infinity;
    const notes = [];
    const sparse = [];
    const estimated = [];
    for (const ds of chart.data.datasets) {
      const run = ds.ghost ? owner.ghost.runs[ds.ghostRun] : owner.runs[ds.run];
      if (!run || !ds.column) continue;
      const cols = ds.estimate ? run.est : run.cols;
      const all = cols.iteration.length;
      const shown = at === null || ds.ghost ? all : indexAt(cols.iteration, at) + 1;
      const full = points(cols, ds.column, all);
      ds.data = shown === all ? full : points(cols, ds.column, shown);
      if (ds.estimate) {
        // an estimate: kept out of the y range (it is noisier than the curves it stands beside)
        if (ds.smooth) ds.data = smoothed(ds.data);
        ds.hidden = owner.hidden.has(ds.run);
        continue;
      }
      series.push({ values: full.map((p) => p.y), diverged: run.status === 'diverged' });
      for (const p of full) {
        xMin = Math.min(xMin, p.x);
        xMax = Math.max(xMax, p.x);
      }
      if (ds.ghost) continue;
      ds.hidden = owner.hidden.has(ds.run);
      const isSparse = all < SPARSE_POINTS && (run.cols.iteration.at(-1) ?? 0) >= all;
      const { rank, size } = groups[ds.run];
      // Chart.js draws the first dataset on top: the first run of a group narrowest, the later ones wider below.
      ds.borderWidth = (ds.column === 'trainLoss' ? 2 : 1.5) + 2.5 * rank;
      const cursorDot = at !== null && shown > 0;
      ds.pointRadius = isSparse || cursorDot ? ds.data.map((_, k) => (cursorDot && k === ds.data.length - 1 ? 4.5 : isSparse ? 3 : 0)) : 0;
      ds.borderColor = isSparse ? fade(run.color, 0.45) : run.color;
      // beside an estimate, sparse exact points are not joined: the estimate shows what lies between
      ds.showLine = !(isSparse && run.est);
      ds.pointBackgroundColor = run.color;
      ds.pointBorderColor = run.color;
      ds.label = ds.column === 'trainLoss' ? owner.runLabel(run) : text('chart.test', { name: run.name });
      if (isSparse && ds.column === 'trainLoss') (run.est ? estimated : sparse).push(countText('chart.note.sparseRun', all, { name: run.name, every: formatNumber(owner.recordEvery(ds.run)) }));
    }
    const separator = text('chart.note.separator');
    if (sparse.length) notes.push(text('chart.note.sparse', { runs: sparse.join(separator) }));
    document.getElementById('key-estimate')?.toggleAttribute('hidden', !owner.runs.some((r) => r.est));
    if (estimated.length) notes.push(text('chart.note.estimated', { runs: estimated.join(separator), every: formatNumber(Math.max(...owner.runs.map((r) => r.estimateEvery ?? 0))) }));
    for (const [first, g] of groups.entries()) {
      if (g.size < 2 || g.rank !== 0) continue;
      const names = owner.runs.filter((_, i) => groups[i].group === first).map((r) => r.name);
      notes.push(text('chart.note.same', { names: names.join(text('chart.note.nameSeparator')) }));
    }
    if (unit === 'timeMs') {
      const total = owner.runs.reduce((s, r) => s + (r.cols.timeMs?.at(-1) ?? 0), 0);
      if (total > 0 && total < OVERHEAD_MS) notes.push(text('chart.note.overhead', { ms: formatNumber(total, { digits: 2 }) }));
    }

    const range = lossRange(series, owner.logY);
    this.range = range;
    const zoomed = chart.isZoomedOrPanned?.() ?? false;
    const { x: sx, y: sy } = chart.options.scales;
    sx.title.text = xTitle(unit);
    sy.title.text = text('chart.y.loss');
    sx.type = logX ? 'logarithmic' : 'linear';
    sy.type = range.log ? 'logarithmic' : 'linear';
    if (!zoomed) {
      Object.assign(sx, Number.isFinite(xMin) ? { min: logX ? xMin : Math.min(0, xMin), max: xMax > xMin ? xMax : xMin + 1 } : { min: undefined, max: undefined });
      Object.assign(sy, { min: range.min, max: range.max });
    }
    const yTop = sy.max ?? Infinity;
    const markers = [];
    const colors = [];
    for (const ds of chart.data.datasets) {
      if (ds.optimum) {
        const v = range.log ? positive(owner.info.optimum[ds.optimum]) : finite(owner.info.optimum[ds.optimum]);
        ds.data = v === null || !Number.isFinite(xMin) ? [] : [{ x: xMin, y: v }, { x: xMax, y: v }];
      }
      if (ds.run !== undefined && ds.column === 'trainLoss' && owner.runs[ds.run].status === 'diverged') {
        const last = ds.data.findLast((p) => p.y !== null);
        const run = owner.runs[ds.run];
        if (last && (at === null || at >= run.cols.iteration.at(-1))) {
          markers.push({ x: ds.data.at(-1).x, y: Math.min(last.y, yTop) });
          colors.push(run.color);
        }
      }
    }
    const marker = chart.data.datasets.find((ds) => ds.marker);
    Object.assign(marker, { data: markers, borderColor: colors, backgroundColor: colors, hidden: markers.length === 0 });
    chart.$cursorX = at !== null && unit === 'iteration' ? at : null;
    return notes;
  }
}

/** The learning-rate chart. */
export class LrChart {
  constructor(canvas, owner) {
    this.owner = owner;
    const options = baseOptions({ xTitle: () => xTitle(owner.unit), yTitle: () => text('chart.y.lr'), zoom: () => owner.zoomed('lr') });
    options.interaction = { mode: 'runsAtX', intersect: false };
    options.plugins.decimation = { enabled: true, algorithm: 'lttb', samples: 500 };
    options.plugins.tooltip.callbacks.label = (item) => text('chart.tip.value', { label: owner.runs[item.dataset.run].name, value: formatNumber(item.parsed.y) });
    options.scales.y.beginAtZero = true;
    this.chart = makeChart(canvas, { type: 'line', data: { datasets: [] }, options, plugins: [cursorLine] });
  }

  build() {
    this.chart.data.datasets = this.owner.runs.map((run, i) => ({
      label: run.name, run: i, borderColor: run.color, backgroundColor: run.color, borderWidth: 2, pointRadius: 0, pointHoverRadius: 3, data: [],
    }));
  }

  fill() {
    const { owner, chart } = this;
    const unit = owner.unit;
    const logX = owner.logX && LOG_X_UNITS.has(unit);
    const xOf = logX ? positive : finite;
    const y = owner.lrLogY ? positive : finite;
    const at = owner.playback.position;
    const groups = coincidence(owner.runs, 'lr');
    for (const ds of chart.data.datasets) {
      const run = owner.runs[ds.run];
      const xs = run.cols[unit] ?? [];
      const n = at === null ? xs.length : indexAt(run.cols.iteration, at) + 1;
      const data = [];
      for (let k = 0; k < n; k += 1) {
        const x = xOf(xs[k]);
        if (x !== null) data.push({ x, y: y(run.cols.lr[k]) });
      }
      ds.data = data;
      ds.hidden = owner.hidden.has(ds.run);
      const { rank, size } = groups[ds.run];
      ds.borderWidth = 2 + 2.5 * rank;
      ds.pointRadius = at !== null && data.length ? data.map((_, k) => (k === data.length - 1 ? 4.5 : 0)) : 0;
    }
    const loss = owner.lossChart.chart.options.scales.x;
    const sx = chart.options.scales.x;
    sx.title.text = xTitle(unit);
    chart.options.scales.y.title.text = text('chart.y.lr');
    sx.type = logX ? 'logarithmic' : 'linear';
    if (!(chart.isZoomedOrPanned?.() ?? false)) Object.assign(sx, { min: loss.min, max: loss.max });
    chart.options.scales.y.type = owner.lrLogY ? 'logarithmic' : 'linear';
    chart.options.scales.y.beginAtZero = !owner.lrLogY;
    chart.$cursorX = at !== null && unit === 'iteration' ? at : null;
  }
}
