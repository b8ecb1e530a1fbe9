// report.js — turns a result into what people and programs read: a table, JSON and CSV.
// No DOM and no Node built-ins: the page's exports use the same functions as the CLI.

import { HISTORY_COLUMNS } from './abi.js';
import { formatNumber, formatPercent, plural } from './text.js';
import { describeDiagnostics } from './diagnostics.js';

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

/** Why there are no diagnostics, when the model could have them (not for functions and networks). */
const diagnosticsNoteShown = (result) => (['linear', 'logistic'].includes(result.experiment.model.kind) ? result.diagnosticsNote ?? null : null);

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
      r.status === 'diverged' || r.status === 'failed' ? `${r.status} at ${r.divergedAt}` : r.status,
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
    rows.push([result.experiment.model.kind === 'function' ? 'global minimum' : 'closed-form optimum', '', '', '', fmt(optimum),
      result.data.nTest ? fmt(result.optimum.testLoss) : '-', ...(accuracy ? ['', ''] : []), '', '']);
  }
  const lines = layoutTable(header, rows, 2);
  const hessian = describeDiagnostics(result.diagnostics ?? null, result.diagnostics ? null : diagnosticsNoteShown(result));
  lines.unshift(`${result.experiment.name}: ${describeSetup(result)}, seed ${result.experiment.seed}`,
    ...(hessian ? [hessian] : []), ...(result.notes ?? []).map((n) => `Note: ${n.text}`));
  if (!result.optimum && result.optimumNote) lines.push(`(no ${result.experiment.model.kind === 'function' ? 'minimum' : 'closed-form optimum'}: ${result.optimumNote})`);
  for (const r of result.runs) for (const n of r.notes ?? []) lines.push(`${r.name}: ${n.text}`);
  return lines.join('\n');
}

/** JSON-safe copy of a result: typed arrays become arrays, non-finite numbers become null. For results
 *  too large for one string (Node's limit is about 512 MB), write jsonChunks instead. */
export function toJSON(result) {
  return [...jsonChunks(result)].join('');
}

/** Characters gathered before a chunk is handed out. */
const CHUNK_CHARS = 1 << 20;

/**
 * The text of toJSON(result) in pieces of about 1 MB, so that a result of any size can be written to
 * a file (or a Blob) without one string holding it all: the same text as
 * JSON.stringify(result, replacer, 2) with toJSON's replacer (typed arrays as arrays, non-finite
 * numbers as null). Plain data only (objects, arrays, typed arrays, numbers, strings, booleans, null).
 * @param {unknown} value
 * @returns {Generator<string>}
 */
export function* jsonChunks(value) {
  let buffer = '';
  for (const piece of jsonPieces(value, '')) {
    buffer += piece;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

const jsonNumber = (v) => (Number.isFinite(v) ? JSON.stringify(v) : 'null');
/** Values JSON.stringify leaves out of objects (and writes as null in arrays). */
const skipped = (v) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

function* jsonPieces(value, indent) {
  if (value === null) { yield 'null'; return; }
  if (typeof value === 'number') { yield jsonNumber(value); return; }
  if (typeof value !== 'object') { yield JSON.stringify(value); return; }
  const inner = `${indent}  `;
  if (ArrayBuffer.isView(value)) {
    if (value.length === 0) { yield '[]'; return; }
    yield '[\n';
    for (let i = 0; i < value.length; i += 4096) { // many numbers to a piece
      let text = '';
      for (let j = i; j < Math.min(value.length, i + 4096); j += 1) text += `${j ? ',\n' : ''}${inner}${jsonNumber(value[j])}`;
      yield text;
    }
    yield `\n${indent}]`;
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) { yield '[]'; return; }
    yield '[\n';
    for (let i = 0; i < value.length; i += 1) {
      yield `${i ? ',\n' : ''}${inner}`;
      if (skipped(value[i])) yield 'null';
      else yield* jsonPieces(value[i], inner);
    }
    yield `\n${indent}]`;
    return;
  }
  const keys = Object.keys(value).filter((k) => !skipped(value[k]));
  if (keys.length === 0) { yield '{}'; return; }
  yield '{\n';
  for (let i = 0; i < keys.length; i += 1) {
    yield `${i ? ',\n' : ''}${inner}${JSON.stringify(keys[i])}: `;
    yield* jsonPieces(value[keys[i]], inner);
  }
  yield `\n${indent}}`;
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

/** CSV: one row per recorded point per run (csvChunks in one string). */
export function toCSV(result) {
  return [...csvChunks(result)].join('');
}

/**
 * toCSV's text in pieces of about 1 MB (a history of millions of points never needs one string).
 * @param {object} result @returns {Generator<string>}
 */
export function* csvChunks(result) {
  // every history column some run has (param0/param1 exist for models of <= 2 parameters only)
  const columns = HISTORY_COLUMNS.filter((c) => result.runs.some((r) => r.history[c]));
  let buffer = `${['run', ...columns].join(',')}\n`;
  for (const r of result.runs) {
    const name = csvCell(r.name);
    for (let i = 0; i < r.history.iteration.length; i++) {
      buffer += `${[name, ...columns.map((c) => csvCell(r.history[c] ? r.history[c][i] : NaN))].join(',')}\n`;
      if (buffer.length >= CHUNK_CHARS) {
        yield buffer;
        buffer = '';
      }
    }
  }
  if (buffer) yield buffer;
}
