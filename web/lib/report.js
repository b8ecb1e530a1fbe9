// report.js — turns a result into what people and programs read: a table, JSON and CSV.
// No DOM and no Node built-ins: the page's exports use the same functions as the CLI.

import { formatNumber, plural } from './text.js';

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

/** What was trained, for the table's first line: the data and features, or the function; a network's size. */
function describeSetup(result) {
  const { model } = result.experiment;
  if (model.kind === 'function') {
    const params = { rosenbrock: ['a', 'b'], quadratic: ['condition', 'angle'] }[model.function] ?? [];
    const args = [...params.map((k) => `${k} = ${model[k]}`), ...(model.noise > 0 ? [`gradient noise σ = ${model.noise}`] : [])];
    return `${model.function}${args.length ? ` (${args.join(', ')})` : ''}, 2 parameters (x, y), no data`;
  }
  const { nTrain, nTest, d } = result.data;
  const net = model.kind === 'mlp' ? `, network ${[d, ...model.hidden, 1].join('-')} (${model.activation}, ${plural(result.runs[0]?.params.flat.length ?? 0, 'parameter')})` : '';
  return `${plural(nTrain, 'training row')}, ${plural(nTest, 'test row')}, ${plural(d, 'feature')}${net}`;
}

/** The result table: one row per run. */
export function formatTable(result) {
  const optimum = result.optimum?.trainLoss;
  const header = ['run', 'status', 'iterations', 'epochs', 'train loss', 'test loss', 'above optimum', 'time'];
  const rows = result.runs.map((r) => {
    const train = last(r.history.trainLoss);
    return [
      r.name,
      r.status === 'diverged' ? `diverged at ${r.divergedAt}` : r.status,
      String(r.iterations),
      fmtEpochs(r.epochs),
      fmt(train),
      result.data.nTest ? fmt(last(r.history.testLoss)) : '-',
      optimum === undefined ? '-' : gap(train, optimum),
      `${r.timeMs.toFixed(1)} ms`,
    ];
  });
  if (result.optimum) {
    rows.push([result.experiment.model.kind === 'function' ? 'global minimum' : 'closed-form optimum', '', '', '', fmt(optimum),
      result.data.nTest ? fmt(result.optimum.testLoss) : '-', '', '']);
  }
  const lines = layoutTable(header, rows, 2);
  lines.unshift(`${result.experiment.name}: ${describeSetup(result)}, seed ${result.experiment.seed}`);
  if (!result.optimum && result.optimumNote) lines.push(`(no ${result.experiment.model.kind === 'function' ? 'minimum' : 'closed-form optimum'}: ${result.optimumNote})`);
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
  const columns = ['iteration', 'epoch', 'samples', 'lr', 'trainLoss', 'testLoss'];
  const withParams = result.runs.some((r) => r.history.param0);
  if (withParams) columns.push('param0', 'param1');
  const lines = [['run', ...columns].join(',')];
  for (const r of result.runs) {
    for (let i = 0; i < r.history.iteration.length; i++) {
      lines.push([r.name, ...columns.map((c) => (r.history[c] ? r.history[c][i] : NaN))].map(csvCell).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
