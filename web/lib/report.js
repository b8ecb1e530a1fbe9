// report.js — turns a result into what people and programs read: a table, JSON and CSV.
// No DOM and no Node built-ins: the page's exports use the same functions as the CLI.

import { HISTORY_COLUMNS } from './abi.js';
import { formatNumber, formatPercent, plural } from './text.js';

/** A number in a text table: `digits` significant digits, trailing zeros kept so columns line up. */
export const fmt = (v, digits = 4) => formatNumber(v, { digits, large: 1e5, trim: false, missing: '-' });
const fmtEpochs = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1));
const last = (a) => (a.length ? a[a.length - 1] : NaN);
// Distance to the closed-form optimum; within float32 evaluation noise (1e-6 relative) it is ≈0.
const gap = (loss, optimum) => (Math.abs(loss - optimum) <= 1e-6 * Math.abs(optimum) ? '≈0' : fmt(loss - optimum, 2));

/**
 * Lays out rows of text cells under a header: the first `left` columns left-aligned, the rest
 * right-aligned, a rule under the header.
 * @param {string[]} header @param {string[][]} rows @param {number} [left]
 * @returns {string[]} lines
 */
export function layoutTable(header, rows, left = 1) {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells) => cells.map((cell, c) => (c < left ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/** The result table: one row per run (classifiers: with train and test accuracy). */
export function formatTable(result) {
  const optimum = result.optimum?.trainLoss;
  const accuracy = result.runs.some((r) => r.metrics?.train?.accuracy !== undefined);
  const header = ['run', 'status', 'iterations', 'epochs', 'train loss', 'test loss',
    ...(accuracy ? ['train acc', 'test acc'] : []), 'above optimum', 'time'];
  const acc = (m) => (m && Number.isFinite(m.accuracy) ? formatPercent(m.accuracy) : '-');
  const rows = result.runs.map((r) => {
    const train = last(r.history.trainLoss);
    return [
      r.name,
      r.status === 'diverged' ? `diverged at ${r.divergedAt}` : r.status,
      String(r.iterations),
      fmtEpochs(r.epochs),
      fmt(train),
      result.data.nTest ? fmt(last(r.history.testLoss)) : '-',
      ...(accuracy ? [acc(r.metrics?.train), result.data.nTest ? acc(r.metrics?.test) : '-'] : []),
      optimum === undefined ? '-' : gap(train, optimum),
      `${r.timeMs.toFixed(1)} ms`,
    ];
  });
  if (result.optimum) {
    rows.push(['closed-form optimum', '', '', '', fmt(optimum),
      result.data.nTest ? fmt(result.optimum.testLoss) : '-', ...(accuracy ? ['', ''] : []), '', '']);
  }
  const lines = layoutTable(header, rows, 2);
  const { nTrain, nTest, d } = result.data;
  lines.unshift(`${result.experiment.name}: ${plural(nTrain, 'training row')}, ${plural(nTest, 'test row')}, ${plural(d, 'feature')}, seed ${result.experiment.seed}`);
  if (!result.optimum && result.optimumNote) lines.push(`(no closed-form optimum: ${result.optimumNote})`);
  return lines.join('\n');
}

/** JSON-safe copy of a result: typed arrays become arrays, non-finite numbers become null. */
export function toJSON(result) {
  return JSON.stringify(result, (key, value) => {
    if (ArrayBuffer.isView(value)) return Array.from(value, (v) => (Number.isFinite(v) ? v : null));
    if (typeof value === 'number' && !Number.isFinite(value)) return null;
    return value;
  }, 2);
}

/**
 * One CSV field. Numbers are written as is (non-finite, null and undefined: empty). A text starting with = + - @, a tab
 * or a CR gets a leading ' so that a spreadsheet reads it as text, not a formula (OWASP "CSV
 * Injection"); a run name such as `=HYPERLINK(…)` is data. Quoted when it holds " , CR or LF.
 * @param {unknown} v @returns {string}
 */
export function csvCell(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** CSV: one row per recorded point per run. */
export function toCSV(result) {
  // every history column some run has (param0/param1 exist for models of <= 2 parameters only)
  const columns = HISTORY_COLUMNS.filter((c) => result.runs.some((r) => r.history[c]));
  const lines = [['run', ...columns].join(',')];
  for (const r of result.runs) {
    for (let i = 0; i < r.history.iteration.length; i++) {
      lines.push([r.name, ...columns.map((c) => (r.history[c] ? r.history[c][i] : NaN))].map(csvCell).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
