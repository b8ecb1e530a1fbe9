// files.js — what the page reads from and writes to files: the "Share and files" card's imports and
// exports (experiment JSON in and out, CSV data in, the history CSV and the result JSON out), the CSV
// reader and downloads. The CSV reader is DOM-free (tests/browser/csv.test.js runs it under Node);
// FilesPanel touches the DOM only when used.

import { issueLines } from './document.js';
import { toCSV, toJSON } from './lib/report.js';
import { plural } from './lib/text.js';

/** A CSV file that cannot be used as data; the message names the row and the column. */
export class CsvError extends Error {
  constructor(message) {
    super(message);
    this.name = 'CsvError';
  }
}

/** Largest CSV the page reads (characters); inline data beyond this belongs in the CLI. */
export const MAX_CSV_CHARS = 50 * 1024 * 1024;

/** The largest float32: the core stores data as float32. */
const FLT_MAX = 3.4028234663852886e38;

/** Text from the file as a message quotes it: at most 40 characters (a header or cell may be huge). */
const clip = (text) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);

/**
 * Splits CSV text into rows of fields (RFC 4180: quoted fields, "" inside quotes, CRLF or LF).
 * Blank lines are dropped. The delimiter is ',' or, when the header has none, ';' or a tab.
 * @param {string} text
 * @returns {{rows: string[][], lines: number[]}} rows and their 1-based line numbers
 */
export function splitCsv(text) {
  if (text.length > MAX_CSV_CHARS) throw new CsvError(`the file is too large (${text.length} characters; at most ${MAX_CSV_CHARS})`);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = firstLine.includes(',') ? ',' : firstLine.includes(';') ? ';' : firstLine.includes('\t') ? '\t' : ',';
  const rows = [];
  const lines = [];
  let field = '';
  let row = [];
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    row.push(field);
    if (!(row.length === 1 && row[0].trim() === '')) {
      rows.push(row);
      lines.push(rowLine);
    }
    row = [];
    field = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; }
      else if (c === '"') quoted = false;
      else {
        if (c === '\n') line += 1;
        field += c;
      }
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      endRow();
      line += 1;
      rowLine = line;
    } else {
      field += c;
    }
  }
  if (quoted) throw new CsvError(`line ${rowLine}: a quoted field is not closed`);
  if (field !== '' || row.length) endRow();
  return { rows, lines };
}

/**
 * Parses a CSV data file: a header row of column names, then numeric rows.
 * @param {string} text
 * @returns {{columns: string[], values: number[][]}} values[row][column]
 * @throws {CsvError} naming the line and column of the first problem
 */
export function parseCsv(text) {
  const { rows, lines } = splitCsv(text.replace(/^\uFEFF/, ''));
  if (rows.length === 0) throw new CsvError('the file is empty');
  const columns = rows[0].map((name, c) => name.trim() || `column ${c + 1}`);
  if (columns.length < 2) throw new CsvError(`line ${lines[0]}: the header has ${columns.length} column; data needs at least one feature and one target`);
  const seen = new Set();
  columns.forEach((name, c) => {
    if (seen.has(name)) throw new CsvError(`line ${lines[0]}, column ${c + 1}: the column name "${clip(name)}" appears twice`);
    seen.add(name);
  });
  if (rows.length < 3) throw new CsvError(`the file has ${plural(rows.length - 1, 'data row')}; at least 2 are needed`);
  const values = [];
  for (let r = 1; r < rows.length; r += 1) {
    const row = rows[r];
    if (row.length !== columns.length) {
      throw new CsvError(`line ${lines[r]} (data row ${r}): ${row.length} fields, but the header has ${columns.length}`);
    }
    values.push(row.map((cell, c) => {
      const t = cell.trim();
      const v = t === '' ? NaN : Number(t);
      if (!Number.isFinite(v)) {
        throw new CsvError(`line ${lines[r]} (data row ${r}), column "${clip(columns[c])}": ${t === '' ? 'empty' : `"${clip(t)}" is not a finite number`}`);
      }
      if (Math.abs(v) > FLT_MAX) { // the core stores float32
        throw new CsvError(`line ${lines[r]} (data row ${r}), column "${clip(columns[c])}": "${clip(t)}" is outside the float32 range (|v| <= ${FLT_MAX})`);
      }
      return v;
    }));
  }
  return { columns, values };
}

/**
 * The inline `data` object for a parsed CSV with column `target` as y and the others as X.
 * @param {{columns: string[], values: number[][]}} table
 * @param {number} target column index of y
 * @param {{testFraction?: number, standardize?: boolean}} [options] the split and standardisation to
 *   keep; those not given are left to the schema's defaults
 */
export function csvToData(table, target, { testFraction, standardize } = {}) {
  if (!Number.isInteger(target) || target < 0 || target >= table.columns.length) {
    throw new CsvError(`no column ${target + 1} to use as the target`);
  }
  const data = {
    kind: 'inline',
    X: table.values.map((row) => row.filter((_, c) => c !== target)),
    y: table.values.map((row) => row[target]),
  };
  if (testFraction !== undefined) data.testFraction = testFraction;
  if (standardize !== undefined) data.standardize = standardize;
  return data;
}

/**
 * Offers a Blob (or a data: URL) as a download named `filename`.
 * @param {Blob|string} content
 * @param {string} filename
 */
export function download(content, filename) {
  const url = typeof content === 'string' ? content : URL.createObjectURL(content);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  if (typeof content !== 'string') setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** A file name made from an experiment name: letters, digits, '-' only. */
export function fileStem(name) {
  const stem = String(name ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return stem || 'experiment';
}

// ---- The files card -----------------------------------------------------------------------------------

const $ = (id) => document.getElementById(id);

/**
 * The "Share and files" card's buttons and file inputs (ids export-*, import-*, csv-*, files-message in
 * index.html). Every problem is reported in the card, never thrown.
 */
export class FilesPanel {
  /**
   * @param {{state: () => object, session: () => object|null, history: () => {name: string, history: object}[],
   *   open: (doc: unknown) => object, useData: (data: object) => object, trained: () => boolean,
   *   describeIssue: (issue: object) => string}} hooks
   *   state: the document state (document.js); session: the training session on screen
   *   ({info, result, stale}); history: per run the history recorded so far (the charts' columns);
   *   trained: some run has made an update (before that the history holds only point 0);
   *   open: validates and adopts a document, returns the new state (the page is unchanged when it is
   *   invalid); useData: puts imported inline data in the document, returns the new state and
   *   {binary, kind} (see document.js withData); describeIssue: an issue in the page's words
   */
  constructor(hooks) {
    this.hooks = hooks;
    this.table = null; // the CSV file read, waiting for its target column
    $('export-json').addEventListener('click', () => this.exportExperiment());
    $('export-csv').addEventListener('click', () => this.exportHistory());
    $('export-result').addEventListener('click', () => this.exportResult());
    $('import-json').addEventListener('change', (e) => this.importExperiment(e.target));
    $('import-csv').addEventListener('change', (e) => this.importCsv(e.target));
    $('csv-use').addEventListener('click', () => this.useCsv());
  }

  /** What can be pressed now. */
  refresh() {
    const { valid } = this.hooks.state();
    const session = this.hooks.session();
    $('export-json').disabled = !valid;
    $('export-csv').disabled = !session || session.stale || !this.hooks.trained();
    $('export-result').disabled = !session?.result || session.stale;
  }

  /** A line under the buttons (an error in red). */
  message(text, isError = false) {
    const p = $('files-message');
    p.textContent = text;
    p.classList.toggle('error-text', isError);
  }

  /** A line under the CSV import (in the form's Data section). */
  csvMessage(text, isError = false) {
    const p = $('csv-message');
    p.textContent = text;
    p.classList.toggle('error-text', isError);
  }

  /** The stem of file names: the experiment's name. */
  stem() {
    const { valid, view } = this.hooks.state();
    return fileStem(valid?.name ?? view?.name);
  }

  exportExperiment() {
    const { valid } = this.hooks.state();
    if (!valid) return;
    download(new Blob([`${JSON.stringify(valid, null, 2)}\n`], { type: 'application/json' }), `${fileStem(valid.name)}.json`);
  }

  /**
   * The history so far (the result once every run has ended) as CSV, written by report.js's toCSV as
   * the CLI writes it: the engine's columns only (the page's timeMs series is not exported).
   */
  historyCsv() {
    const session = this.hooks.session();
    return toCSV(session?.result ?? { runs: this.hooks.history() });
  }

  exportHistory() {
    if (!this.hooks.session()) return;
    download(new Blob([this.historyCsv()], { type: 'text/csv' }), `${this.stem()}-history.csv`);
  }

  exportResult() {
    const result = this.hooks.session()?.result;
    if (result) download(new Blob([toJSON(result)], { type: 'application/json' }), `${this.stem()}-result.json`);
  }

  async importExperiment(input) {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    let doc;
    try {
      doc = JSON.parse(await file.text());
    } catch (error) {
      this.message(`${file.name}: not valid JSON (${error.message})`, true);
      return;
    }
    const state = this.hooks.open(doc);
    if (state.valid) this.message(`Loaded ${file.name}.`);
    else this.message(`${file.name} is not a valid experiment:\n${issueLines(state.issues).slice(0, 12).join('\n')}`, true);
  }

  async importCsv(input) {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      this.table = parseCsv(await file.text());
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      this.table = null;
      $('csv-target-row').hidden = true;
      this.csvMessage(`${file.name}: ${error.message}`, true);
      return;
    }
    const select = $('csv-target');
    select.replaceChildren(...this.table.columns.map((name, c) => {
      const option = document.createElement('option');
      option.value = String(c);
      option.textContent = name;
      return option;
    }));
    select.value = String(this.table.columns.length - 1);
    $('csv-target-row').hidden = false;
    this.csvMessage(`${file.name}: ${plural(this.table.values.length, 'row')}, ${plural(this.table.columns.length, 'column')}. Choose the target column, then "Use as data".`);
    select.focus();
  }

  /** "Use as data": the CSV file read becomes the experiment's inline data (split and standardisation kept). */
  useCsv() {
    const table = this.table;
    if (!table) return;
    const target = Number($('csv-target').value);
    const { testFraction, standardize } = this.hooks.state().view?.data ?? {};
    const data = csvToData(table, target, { testFraction, standardize });
    const { state, binary, kind } = this.hooks.useData(data);
    $('csv-target-row').hidden = true;
    const used = `Using ${plural(data.y.length, 'row')} with target "${table.columns[target]}" and ${plural(data.X[0].length, 'feature')}${binary && kind !== 'logistic' ? ' (the target is 0/1: choose the logistic model to classify)' : ''}.`;
    const { issues } = state;
    this.csvMessage(issues.length
      ? `${used}\nWith these rows the settings have ${plural(issues.length, 'problem')} to fix before running (shown next to the controls), first: ${this.hooks.describeIssue(issues[0])}`
      : used, issues.length > 0);
    this.table = null;
  }
}
