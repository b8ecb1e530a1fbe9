// tune-charts.js — the tuning panel's three charts (Chart.js 4), drawn from a tune result (tune.js's
// runTune) or, while a search runs, from the trials finished so far.
//
//   scatter  search: validation loss against the learning rate (log-log), one point per trial; the
//            best trial stands out, failed trials (diverged, invalid) are crosses along the top
//   trials   search: every trial's validation loss against samples processed, faded, the best on top
//   curve    range test: loss (and smoothed loss) against the learning rate, the suggestion marked;
//            refinement: the training objective after each kept try
//
// Values pass through `finite` (charts.js): NaN and ±Infinity never reach Chart.js. On a log axis,
// values <= 0 are left out too.

import {
  Chart, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement,
  ScatterController, Tooltip,
} from 'chart.js';

import { PALETTE, background as whiteBackground, finite, thinLogTicks } from './chart-kit.js';
import { formatGrouped, formatNumber, hasText, text } from './strings.js';

Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale,
  LogarithmicScale, Legend, Tooltip);

const BLUE = PALETTE[0];
const ORANGE = PALETTE[1];
const FAILED = '#b00020';
const FADED = 'rgba(0, 114, 178, 0.22)';

/** A trial's status as a short phrase. */
export function trialStatus(t) {
  if (t.status === 'diverged' && t.divergedAt !== null && t.divergedAt !== undefined) return text('tune.status.divergedAt', { iteration: formatGrouped(t.divergedAt) });
  return hasText(`tune.status.${t.status}`) ? text(`tune.status.${t.status}`) : String(t.status).replace('_', ' ');
}

/** A usable trial: trained without diverging and scored with a finite validation loss (tune.js's rule). */
export const usableTrial = (t) => t.status !== 'invalid' && t.status !== 'diverged' && Number.isFinite(t.validationLoss);


/** A log axis's tick label: 0.05, 20, 1e-6. */
const logTicks = (value) => formatNumber(value, { digits: 3, large: 1e5 });
/** A linear axis's tick label (Chart.js passes the index and ticks too: only the value counts). */
const linearTicks = (value) => formatNumber(value);

/**
 * {min, max} of an axis a little beyond `values` (unset when there are none). A log axis spans at
 * least a factor of 2.5, so that nearly equal values (trials that all converged) do not fill the
 * chart's height with differences in the fourth digit.
 */
function padded(values, log) {
  if (!values.length) return { min: undefined, max: undefined };
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (log) {
    const f = Math.max((hi / lo) ** 0.06, Math.sqrt(2.5 / (hi / lo)));
    return { min: lo / f, max: hi * f };
  }
  const pad = hi > lo ? (hi - lo) * 0.06 : Math.abs(lo) * 0.1 || 1;
  return { min: lo - pad, max: hi + pad };
}

const positive = (v) => (typeof v === 'number' && v > 0 && Number.isFinite(v) ? v : null);

function options({ x, y, logX = false, logY = false }) {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    interaction: { mode: 'nearest', intersect: false },
    plugins: {
      legend: { labels: { boxWidth: 18, boxHeight: 8, usePointStyle: true, filter: (item, data) => data.datasets[item.datasetIndex]?.legend !== false } },
      tooltip: { callbacks: { title: () => '', label: (item) => item.raw?.text ?? text('chart.tip.value', { label: item.dataset.label, value: formatNumber(item.parsed.y) }) } },
    },
    scales: {
      x: { type: logX ? 'logarithmic' : 'linear', title: { display: true, text: x }, afterBuildTicks: thinLogTicks, ticks: { maxRotation: 0, autoSkipPadding: 8, callback: logX ? logTicks : linearTicks } },
      y: { type: logY ? 'logarithmic' : 'linear', title: { display: true, text: y }, afterBuildTicks: thinLogTicks, ticks: { callback: logY ? logTicks : linearTicks } },
    },
  };
}

/** The three charts of the tuning panel; every method is safe before any result exists. */
export class TuneCharts {
  /** @param {{scatter: HTMLCanvasElement, trials: HTMLCanvasElement, curve: HTMLCanvasElement}} canvases */
  constructor(canvases) {
    this.scatter = new Chart(canvases.scatter, { type: 'scatter', data: { datasets: [] }, options: options({ x: text('chart.y.lr'), y: text('tune.chart.validationLoss'), logX: true, logY: true }), plugins: [whiteBackground] });
    this.scatter.options.interaction = { mode: 'nearest', intersect: true };
    this.trials = new Chart(canvases.trials, { type: 'line', data: { datasets: [] }, options: options({ x: text('chart.x.samples'), y: text('tune.chart.validationLoss'), logY: true }), plugins: [whiteBackground] });
    this.trials.options.interaction = { mode: 'nearest', intersect: false, axis: 'xy' };
    this.curve = new Chart(canvases.curve, { type: 'line', data: { datasets: [] }, options: options({ x: text('chart.y.lr'), y: text('chart.trainingLoss'), logX: true }), plugins: [whiteBackground] });
  }

  /** The axis titles of the empty charts in the current language (drawn charts take theirs from show*()). */
  retitle() {
    const titles = { scatter: ['chart.y.lr', 'tune.chart.validationLoss'], trials: ['chart.x.samples', 'tune.chart.validationLoss'], curve: ['chart.y.lr', 'chart.trainingLoss'] };
    for (const [name, [x, y]] of Object.entries(titles)) {
      const chart = this.all[name];
      if (chart.data.datasets.length) continue;
      chart.options.scales.x.title.text = text(x);
      chart.options.scales.y.title.text = text(y);
      chart.update('none');
    }
  }

  /** Every chart by name. */
  get all() {
    return { scatter: this.scatter, trials: this.trials, curve: this.curve };
  }

  /** Empties every chart. */
  clear() {
    for (const chart of Object.values(this.all)) {
      chart.data.datasets = [];
      chart.update('none');
    }
  }

  /**
   * Draws a search: `trials` (all of them, or those finished so far) and the index of the best.
   * @param {{trials: object[], best: number|null, axis: {name: string, label: string, log: boolean,
   *   value: (t: object) => number|null}}} view
   */
  showSearch({ trials, best, axis }) {
    // ---- validation loss against the learning rate (or the first numeric dimension) ----
    const xOf = (t) => {
      const v = finite(axis.value(t));
      return axis.log ? positive(v) : v;
    };
    const yOf = (v) => positive(v);
    const ok = [];
    const failed = [];
    const bestTrial = trials.find((t) => t.index === best);
    // Successive halving trains a configuration once per rung it reaches: the scatter shows each
    // configuration at the last rung it reached (the curves chart shows every rung).
    const furthest = new Map();
    for (const t of trials) if (!(furthest.get(t.config)?.rung >= t.rung)) furthest.set(t.config, t);
    const rungs = furthest.size < trials.length;
    const trialName = (t) => (rungs ? text('tune.chart.trialRung', { index: t.index, rung: t.rung, epochs: formatNumber(t.budgetEpochs) }) : text('tune.chart.trial', { index: t.index }));
    for (const t of furthest.values()) {
      const x = xOf(t);
      if (x === null) continue;
      const y = usableTrial(t) ? yOf(t.validationLoss) : null;
      if (y !== null) {
        if (t.index !== best) ok.push({ x, y, text: text('tune.chart.point', { trial: trialName(t), name: axis.name, x: formatNumber(x), loss: formatNumber(y) }) });
      } else {
        failed.push({ x, t });
      }
    }
    // The y-axis spans the scored trials; failures sit on its top edge, drawn over it (clip: false).
    const scored = [...ok.map((p) => p.y), ...(bestTrial && usableTrial(bestTrial) ? [positive(bestTrial.validationLoss)] : [])].filter((v) => v !== null);
    const yLimits = padded(scored.length ? scored : [1], true);
    const failY = yLimits.max;
    const datasets = [
      { label: text('tune.chart.trials'), data: ok, pointRadius: 4, pointHoverRadius: 6, backgroundColor: 'rgba(0, 114, 178, 0.55)', borderColor: BLUE },
    ];
    if (bestTrial && xOf(bestTrial) !== null && yOf(bestTrial.validationLoss) !== null) {
      datasets.unshift({
        label: text('tune.chart.best', { index: bestTrial.index }), data: [{ x: xOf(bestTrial), y: yOf(bestTrial.validationLoss), text: text('tune.chart.bestPoint', { index: bestTrial.index, name: axis.name, x: formatNumber(xOf(bestTrial)), loss: formatNumber(bestTrial.validationLoss) }) }],
        pointStyle: 'star', pointRadius: 11, pointHoverRadius: 12, borderWidth: 2.5, borderColor: ORANGE, backgroundColor: ORANGE,
      });
    }
    datasets.push({
      label: text('tune.chart.failed', { count: formatGrouped(failed.length) }), legend: failed.length > 0,
      data: failed.map(({ x, t }) => ({ x, y: failY, text: text('tune.chart.failedPoint', { trial: trialName(t), name: axis.name, x: formatNumber(x), status: trialStatus(t) }) })),
      pointStyle: 'crossRot', pointRadius: 7, pointHoverRadius: 8, borderWidth: 2.5, borderColor: FAILED, backgroundColor: FAILED, clip: false,
    });
    this.scatter.data.datasets = datasets;
    const sx = this.scatter.options.scales.x;
    // Limits a little outside the points, so that no mark is cut in half by the chart's edge.
    const xs = datasets.flatMap((ds) => ds.data.map((p) => p.x));
    Object.assign(sx, padded(xs, axis.log));
    Object.assign(this.scatter.options.scales.y, yLimits);
    sx.type = axis.log ? 'logarithmic' : 'linear';
    sx.title.text = axis.label;
    sx.ticks.callback = axis.log ? logTicks : linearTicks;
    this.scatter.update('none');

    // ---- every trial's validation curve, the best on top ----
    const logY = trials.every((t) => !t.curve || Array.from(t.curve.validationLoss).every((v) => !Number.isFinite(v) || v > 0));
    const yCurve = logY ? positive : finite;
    const curveOf = (t) => {
      const { samples, validationLoss } = t.curve;
      const points = new Array(samples.length);
      for (let k = 0; k < samples.length; k += 1) points[k] = { x: finite(samples[k]) ?? 0, y: yCurve(validationLoss[k]) };
      return points;
    };
    const lines = [];
    let first = true;
    for (const t of trials) {
      if (!t.curve || t.index === best) continue;
      lines.push({
        label: first ? text('tune.chart.others') : text('tune.chart.trial', { index: t.index }), legend: first, trial: t.index, data: curveOf(t),
        borderColor: FADED, backgroundColor: FADED, borderWidth: 1, pointRadius: 0, pointHoverRadius: 2,
      });
      first = false;
    }
    // Chart.js draws the first dataset last (on top): the best goes first.
    if (bestTrial?.curve) {
      lines.unshift({
        label: text('tune.chart.best', { index: bestTrial.index }), trial: bestTrial.index, data: curveOf(bestTrial),
        borderColor: ORANGE, backgroundColor: ORANGE, borderWidth: 2.5, pointRadius: 0, pointHoverRadius: 3,
      });
    }
    this.trials.data.datasets = lines;
    this.trials.options.scales.x.title.text = text('chart.x.samples');
    this.trials.options.scales.y.title.text = text('tune.chart.validationLoss');
    this.scatter.options.scales.y.title.text = text('tune.chart.validationLoss');
    this.trials.options.scales.y.type = logY ? 'logarithmic' : 'linear';
    this.trials.options.scales.y.ticks.callback = logY ? logTicks : linearTicks;
    // Diverging trials would stretch the axis over many decades: it ends a little above the highest
    // point of any usable trial, and diverging curves leave through the top.
    let ceiling = -Infinity;
    for (const t of trials) {
      if (!t.curve || !usableTrial(t)) continue;
      for (const v of t.curve.validationLoss) if (Number.isFinite(v)) ceiling = Math.max(ceiling, v);
    }
    this.trials.options.scales.y.max = Number.isFinite(ceiling) && ceiling > 0 ? ceiling * (logY ? 1.5 : 1.05) : undefined;
    this.trials.options.plugins.tooltip.callbacks.label = (item) => text('tune.chart.curvePoint', { index: item.dataset.trial, loss: formatNumber(item.parsed.y), samples: formatNumber(item.parsed.x) });
    this.trials.update('none');
  }

  /**
   * Draws a range test: the loss against the learning rate up to where it was read (stoppedAt),
   * the smoothed loss when smoothing is on, and the suggested rate as a vertical line.
   * @param {object} result runTune's range_test result
   */
  showRangeTest(result) {
    const { lr, loss, smoothed, suggestion, stoppedAt } = result;
    const end = stoppedAt ? Math.min(lr.length, stoppedAt.index + 1) : lr.length;
    const smooth = result.experiment.tune.smoothing > 0;
    const raw = [];
    const sm = [];
    let lo = Infinity;
    let hi = -Infinity;
    const logY = Array.from(loss).slice(0, end).every((v) => !Number.isFinite(v) || v > 0);
    const y = logY ? positive : finite;
    for (let i = 0; i < end; i += 1) {
      const x = positive(lr[i]);
      if (x === null) continue;
      const a = y(loss[i]);
      const b = y(smoothed[i]);
      raw.push({ x, y: a, text: text('tune.chart.lrLoss', { lr: formatNumber(x), loss: formatNumber(loss[i]) }) });
      sm.push({ x, y: b, text: text('tune.chart.lrSmoothed', { lr: formatNumber(x), loss: formatNumber(smoothed[i]) }) });
      for (const v of [a, b]) if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    }
    const datasets = [];
    if (suggestion && Number.isFinite(lo)) {
      const mark = text('tune.chart.suggested', { lr: formatNumber(suggestion.lr), rule: suggestion.rule });
      datasets.push({
        label: mark, data: [{ x: suggestion.lr, y: lo, text: mark }, { x: suggestion.lr, y: hi, text: mark }],
        borderColor: ORANGE, backgroundColor: ORANGE, borderWidth: 2.5, borderDash: [7, 4], pointRadius: 0, pointHoverRadius: 4,
      });
    }
    if (suggestion && suggestion.index !== undefined && y(smoothed[suggestion.index]) !== null) {
      const at = suggestion.index;
      const what = text(suggestion.rule === 'min/10' ? 'tune.chart.lowest' : 'tune.chart.steepest');
      datasets.push({
        label: what, data: [{ x: lr[at], y: y(smoothed[at]), text: text('tune.chart.readPoint', { what, lr: formatNumber(lr[at]), loss: formatNumber(smoothed[at]) }) }],
        pointStyle: 'circle', pointRadius: 6, pointHoverRadius: 7, borderWidth: 2, borderColor: ORANGE, backgroundColor: '#ffffff', showLine: false,
      });
    }
    datasets.push({ label: text(smooth ? 'tune.chart.lossRaw' : 'chart.trainingLoss'), data: raw, borderColor: smooth ? 'rgba(90, 90, 90, 0.45)' : BLUE, backgroundColor: BLUE, borderWidth: smooth ? 1 : 2, pointRadius: 0, pointHoverRadius: 3 });
    if (smooth) datasets.push({ label: text('tune.chart.smoothed', { beta: formatNumber(result.experiment.tune.smoothing) }), data: sm, borderColor: BLUE, backgroundColor: BLUE, borderWidth: 2, pointRadius: 0, pointHoverRadius: 3 });
    this.curve.data.datasets = datasets;
    const { x: sx, y: sy } = this.curve.options.scales;
    Object.assign(sx, { type: 'logarithmic' });
    sx.title.text = text('chart.y.lr');
    sx.ticks.callback = logTicks;
    sy.type = logY ? 'logarithmic' : 'linear';
    sy.title.text = text('tune.chart.lossAfter');
    sy.ticks.callback = logY ? logTicks : linearTicks;
    this.curve.options.interaction = { mode: 'nearest', intersect: false, axis: 'x' };
    this.curve.update('none');
  }

  /**
   * Draws a refinement: the training objective from the trained start (try 0) through each kept try
   * to the last try.
   * @param {object} result runTune's refine result
   */
  showRefine(result) {
    const points = [{ x: 0, y: finite(result.start.trainLoss), text: text('tune.chart.start', { loss: formatNumber(result.start.trainLoss) }) }];
    for (const m of result.improvements) points.push({ x: m.try, y: finite(m.trainLoss), text: text('tune.chart.try', { try: formatGrouped(m.try), loss: formatNumber(m.trainLoss) }) });
    points.push({ x: result.tries, y: finite(result.best.trainLoss), text: text('tune.chart.after', { tries: formatGrouped(result.tries), loss: formatNumber(result.best.trainLoss) }) });
    this.curve.data.datasets = [{ label: text('tune.chart.objective'), data: points, stepped: 'before', borderColor: BLUE, backgroundColor: BLUE, borderWidth: 2, pointRadius: 2, pointHoverRadius: 4 }];
    const { x: sx, y: sy } = this.curve.options.scales;
    sx.type = 'linear';
    sx.title.text = text('tune.chart.tryAxis');
    sx.ticks.callback = linearTicks;
    sy.type = 'linear';
    sy.title.text = text('tune.chart.objective');
    sy.ticks.callback = linearTicks;
    this.curve.update('none');
  }
}
