// files.js — what the page reads from and writes to files: CSV data import, downloads.
// No charts and no form here; the CSV parser is DOM-free (tests/browser can run it under Node).

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
  if (rows.length < 3) throw new CsvError(`the file has ${rows.length - 1} data row${rows.length === 2 ? '' : 's'}; at least 2 are needed`);
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
 * @param {{testFraction?: number, standardize?: boolean}} [options]
 */
export function csvToData(table, target, { testFraction = 0.2, standardize = false } = {}) {
  if (!Number.isInteger(target) || target < 0 || target >= table.columns.length) {
    throw new CsvError(`no column ${target + 1} to use as the target`);
  }
  return {
    kind: 'inline',
    X: table.values.map((row) => row.filter((_, c) => c !== target)),
    y: table.values.map((row) => row[target]),
    testFraction,
    standardize,
  };
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
