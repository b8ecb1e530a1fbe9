// chart-kit.js — what every chart of the page shares: Chart.js's registration (with chartjs-plugin-zoom),
// the theme (colours from style.css's custom properties, light or dark as the system is), the canvas
// background, tick labels that read like "1e9", "0.001", "5e-4" and never crowd, the tooltip mode that
// lists every run at the pointer's x, and zoom and pan with a reset.

import {
  Chart, Decimation, Interaction, Legend, LinearScale, LineController, LineElement, LogarithmicScale,
  PointElement, ScatterController, Tooltip,
} from 'chart.js';
import { getRelativePosition } from 'chart.js/helpers';
import zoomPlugin from 'chartjs-plugin-zoom';

import { thinLogTicks } from './scales.js';
import { formatTick } from './lib/text.js';
import { formatNumber, text } from './strings.js';

export { nestedWidths, thinLogTicks } from './scales.js';

Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale,
  LogarithmicScale, Legend, Tooltip, Decimation, zoomPlugin);

/**
 * Run colours, one per run slot (at most 8 runs): Okabe–Ito (colour-blind safe), with a dark purple in
 * place of its black, which the closed-form optimum's marks use.
 */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#6A3D9A', '#8C8C00'];

/** A finite number, or null (Chart.js leaves a gap). */
export const finite = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** A positive finite number, or null (a log axis cannot show the rest). */
export const positive = (v) => (typeof v === 'number' && v > 0 && Number.isFinite(v) ? v : null);

/** `color` (#rrggbb) at opacity `alpha`. */
export function fade(color, alpha) {
  const n = Number.parseInt(color.slice(1, 7), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

// ---- Theme -------------------------------------------------------------------------------------------

const dark = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;

let cachedTheme = null;
dark?.addEventListener('change', () => { cachedTheme = null; });

/** The page's colours as style.css sets them (light or dark); read once per theme. */
export function theme() {
  cachedTheme ??= readTheme();
  return cachedTheme;
}

function readTheme() {
  const css = typeof getComputedStyle === 'function' ? getComputedStyle(document.documentElement) : null;
  const v = (name, fallback) => css?.getPropertyValue(name).trim() || fallback;
  return {
    fg: v('--fg', '#1d1f23'), muted: v('--muted', '#5b6270'), grid: v('--grid', 'rgba(0, 0, 0, 0.1)'),
    card: v('--card', '#ffffff'), ink: v('--ink', '#222222'), dark: Boolean(dark?.matches),
  };
}

/** Calls `fn` when the system switches between light and dark. */
export function onThemeChange(fn) {
  dark?.addEventListener('change', fn);
}

/**
 * Sets a chart's text and grid colours from the theme (at creation and when the theme changes). It
 * writes the chart's own options (chart.config.options), not chart.options: once the chart has drawn,
 * that is Chart.js's resolver proxy, and spreading it hands Chart.js symbol keys ("name.startsWith is
 * not a function").
 */
export function applyTheme(chart) {
  const t = theme();
  const options = chart.config.options;
  options.color = t.muted;
  for (const scale of Object.values(options.scales ?? {})) {
    scale.grid = { ...scale.grid, color: t.grid };
    scale.ticks = { ...scale.ticks, color: t.muted };
    scale.title = { ...scale.title, color: t.muted };
    scale.border = { ...scale.border, color: t.grid };
  }
  const legend = options.plugins?.legend;
  if (legend) legend.labels = { ...legend.labels, color: t.fg };
}

/** Fills the canvas with the card's colour before drawing, so exported PNGs are not transparent. */
export const background = {
  id: 'descentBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = theme().card;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

// ---- Ticks ---------------------------------------------------------------------------------------------

/** A tick label (Chart.js passes the index and ticks too: only the value counts). */
export const tick = (value) => formatTick(value);

/** A scale's options: linear or log, titled, with the page's ticks. */
export function scaleOptions(title, log = false) {
  return {
    type: log ? 'logarithmic' : 'linear',
    title: { display: true, text: title },
    ticks: { callback: tick, maxRotation: 0, includeBounds: false, autoSkipPadding: 12 },
    afterBuildTicks: thinLogTicks,
  };
}

// ---- Tooltips -------------------------------------------------------------------------------------------

/**
 * Interaction mode 'runsAtX': in every visible dataset that belongs to a run (`run` set), the point
 * nearest the pointer's x, so that the tooltip lists every run there, lines that coincide included.
 */
Interaction.modes.runsAtX = function runsAtX(chart, event) {
  const { x } = getRelativePosition(event, chart);
  const { left, right } = chart.chartArea;
  if (x < left || x > right) return [];
  const items = [];
  for (const meta of chart.getSortedVisibleDatasetMetas()) {
    const ds = chart.data.datasets[meta.index];
    if (ds.run === undefined || ds.ghost || !meta.data.length) continue;
    let lo = 0;
    let hi = meta.data.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (meta.data[mid].x < x) lo = mid + 1;
      else hi = mid;
    }
    const k = lo > 0 && Math.abs(meta.data[lo - 1].x - x) < Math.abs(meta.data[lo].x - x) ? lo - 1 : lo;
    const element = meta.data[k];
    if (element && !element.skip && Math.abs(element.x - x) < 40) items.push({ element, datasetIndex: meta.index, index: k });
  }
  return items;
};

// ---- Zoom ------------------------------------------------------------------------------------------------

const finePointer = typeof matchMedia === 'function' && matchMedia('(hover: hover) and (pointer: fine)').matches;

/**
 * chartjs-plugin-zoom's options: drag a box to zoom (mouse), shift-drag to pan, pinch on touch
 * screens; `changed` is called after every zoom or pan (to show the reset button).
 */
export function zoomOptions(changed) {
  return {
    pan: { enabled: true, mode: 'xy', modifierKey: 'shift', onPanComplete: changed },
    zoom: {
      mode: 'xy',
      drag: { enabled: finePointer, threshold: 8, backgroundColor: 'rgba(11, 92, 173, 0.12)', borderColor: 'rgba(11, 92, 173, 0.6)', borderWidth: 1 },
      pinch: { enabled: true },
      wheel: { enabled: false },
      onZoomComplete: changed,
    },
  };
}

/**
 * Common options of the page's charts. `xTitle` and `yTitle` are functions: the axis titles in the
 * current language (the charts set them again when they redraw after a change of language).
 */
export function baseOptions({ xTitle, yTitle, zoom = null }) {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    plugins: {
      legend: { labels: { boxWidth: 24, boxHeight: 2, filter: (item, data) => !data.datasets[item.datasetIndex]?.noLegend } },
      tooltip: {
        callbacks: {
          title: (items) => (items.length ? text('chart.tip.title', { axis: xTitle(), value: formatNumber(items[0].parsed.x) }) : ''),
          label: (item) => text('chart.tip.value', { label: item.dataset.label, value: formatNumber(item.parsed.y) }),
        },
      },
      ...(zoom ? { zoom: zoomOptions(zoom) } : {}),
    },
    scales: { x: scaleOptions(xTitle()), y: scaleOptions(yTitle()) },
  };
}

/**
 * A dataset's label from the strings table, with what it takes to write it again in another language
 * (`relabel`): spread into the dataset, `{...labelled('chart.optimum'), data: …}`.
 */
export const labelled = (key, vars = {}) => ({ label: text(key, vars), textKey: key, textVars: vars });

/** Writes again the labels of `chart`'s datasets made with `labelled` (after a change of language). */
export function relabel(chart) {
  for (const ds of chart.data.datasets) if (ds.textKey) ds.label = text(ds.textKey, ds.textVars);
}

/** A new chart on `canvas` in the page's theme. */
export function makeChart(canvas, config) {
  const chart = new Chart(canvas, { ...config, plugins: [background, ...(config.plugins ?? [])] });
  applyTheme(chart);
  return chart;
}

/**
 * Draws an image under a chart's datasets over a box in data coordinates ({x: [x0, x1], y: [y0, y1]}),
 * clipped to the chart area: the decision-region heat map and the loss-surface contours.
 */
export function drawImageInBox(chart, image, box) {
  const { ctx, chartArea, scales: { x, y } } = chart;
  const left = x.getPixelForValue(box.x[0]);
  const right = x.getPixelForValue(box.x[1]);
  const top = y.getPixelForValue(box.y[1]);
  const bottom = y.getPixelForValue(box.y[0]);
  ctx.save();
  ctx.beginPath();
  ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
  ctx.clip();
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(image, left, top, right - left, bottom - top);
  ctx.restore();
}
