// csv.js — the page's CSV data reader, DOM-free (Node tests and the JS fuzzer run it; the page runs it
// in web/csv-worker.js): a header row of column names, then numeric rows.
//
// It reads as it goes and stops at the first problem: the limits (bytes, rows, columns, values: those
// of inline data in experiment.js) are checked while the text streams in, not after, so a 50 MB file
// of two-column rows is refused at row 1,000,001 without holding the rest. Fields follow RFC 4180
// (quoted fields, "" inside quotes, CRLF or LF); the delimiter is ',' or, when the header has none,
// ';' or a tab. Numbers are decimal only (no 0x10, 0b11, Infinity, 1_000), and a value that float32
// (what the core stores) would turn into 0 or ±Infinity is refused, naming its line and column.

import { INLINE } from './lib/experiment.js';
import { formatGrouped } from './lib/text.js';
import { STRINGS } from './strings.js';

/** Values of a CsvError written with thousands separators (the others, line numbers and names, as they are). */
export const CSV_GROUPED = new Set(['limit', 'size']);

/**
 * A CSV file that cannot be used as data: `code` and `vars` (the page writes them in its language from
 * strings/files.js, key csv.error.<code>); the message, in English, names the row and the column.
 */
export class CsvError extends Error {
  /** @param {string} code @param {Record<string, string|number>} [vars] */
  constructor(code, vars = {}) {
    const key = `csv.error.${code}`;
    const plural = vars.count === undefined ? key : `${key}.${new Intl.PluralRules('en').select(vars.count)}`;
    const template = STRINGS.en[plural] ?? STRINGS.en[`${key}.other`] ?? STRINGS.en[key];
    super(template.replace(/\{(\w+)\}/g, (m, name) => (CSV_GROUPED.has(name) ? formatGrouped(vars[name]) : String(vars[name]))));
    this.name = 'CsvError';
    this.code = code;
    this.vars = vars;
  }
}

/** What the page reads: bytes of the file, data rows, columns (features and the target), feature values. */
export const CSV_LIMITS = Object.freeze({
  bytes: 50 * 1024 * 1024,
  rows: INLINE.rows,
  columns: INLINE.cols + 1,
  values: INLINE.values,
});

/** The largest float32: the core stores data as float32. */
const FLT_MAX = 3.4028234663852886e38;
/** A decimal number: digits with an optional point and exponent (what a spreadsheet writes). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Text from the file as a message quotes it: at most 40 characters (a header or cell may be huge). */
const clip = (text) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);

/**
 * Splits streamed text into rows of fields. push() text in pieces of any size, then end(); onRow(fields,
 * line) gets each non-blank row with the line it starts on. `maxFields` (settable) refuses a row with
 * more fields as soon as the field after the last allowed one begins.
 */
class Tokenizer {
  constructor(onRow, maxFields) {
    this.onRow = onRow;
    this.maxFields = maxFields;
    this.tooMany = { code: 'tooManyFields', vars: {} }; // the error for a row with more fields than maxFields
    this.delimiter = null; // known once the first line is in
    this.pending = ''; // text held back until the first line is complete
    this.field = '';
    this.row = [];
    this.state = 'start'; // start | plain | quoted | quote (a " inside quotes) | closed (after the closing ")
    this.line = 1;
    this.rowLine = 1;
    this.skipLF = false; // the previous character was a CR
  }

  push(text) {
    if (this.delimiter === null) {
      this.pending += text;
      const nl = this.pending.search(/[\r\n]/);
      if (nl < 0) return;
      this.detect(this.pending.slice(0, nl));
      text = this.pending;
      this.pending = '';
    }
    this.scan(text);
  }

  end() {
    if (this.delimiter === null) {
      this.detect(this.pending);
      this.scan(this.pending);
    }
    if (this.state === 'quoted') throw new CsvError('unclosedQuote', { line: this.rowLine });
    if (this.state !== 'start' || this.field !== '' || this.row.length) this.endRow();
  }

  detect(firstLine) {
    this.delimiter = firstLine.includes(',') ? ',' : firstLine.includes(';') ? ';' : firstLine.includes('\t') ? '\t' : ',';
  }

  endField() {
    this.row.push(this.field);
    this.field = '';
    this.state = 'start';
    if (this.row.length >= this.maxFields) throw new CsvError(this.tooMany.code, { line: this.rowLine, fields: this.maxFields, ...this.tooMany.vars });
  }

  endRow() {
    this.row.push(this.field);
    const row = this.row;
    this.row = [];
    this.field = '';
    this.state = 'start';
    if (!(row.length === 1 && row[0].trim() === '')) this.onRow(row, this.rowLine);
  }

  scan(text) {
    const d = this.delimiter;
    for (let i = 0; i < text.length; i += 1) {
      const c = text[i];
      if (this.skipLF) {
        this.skipLF = false;
        if (c === '\n') continue;
      }
      switch (this.state) {
        case 'quoted':
          if (c === '"') this.state = 'quote';
          else {
            if (c === '\n') this.line += 1;
            this.field += c;
          }
          continue;
        case 'quote': // "" is a quote; anything else closes the field
          if (c === '"') {
            this.field += '"';
            this.state = 'quoted';
            continue;
          }
          this.state = 'closed';
          break;
        default:
      }
      if (c === d) this.endField();
      else if (c === '\n' || c === '\r') {
        if (c === '\r') this.skipLF = true;
        this.endRow();
        this.line += 1;
        this.rowLine = this.line;
      } else if (this.state === 'closed') {
        if (c !== ' ' && c !== '\t') throw new CsvError('textAfterQuote', { line: this.line, text: clip(`${this.field}"${c}`) });
      } else if (c === '"') {
        if (this.field.trim() !== '') throw new CsvError('quoteInField', { line: this.line, text: clip(`${this.field}"`) });
        this.field = '';
        this.state = 'quoted';
      } else {
        this.field += c;
        this.state = 'plain';
      }
    }
  }
}

/**
 * Reads CSV text pushed in pieces: the header, then each data row checked and stored as numbers, with
 * every limit checked as rows arrive.
 */
export class CsvReader {
  /** @param {typeof CSV_LIMITS} [limits] */
  constructor(limits = CSV_LIMITS) {
    this.limits = limits;
    this.columns = null;
    this.rows = 0;
    this.data = new Float64Array(1024);
    this.tokens = new Tokenizer((fields, line) => this.row(fields, line), limits.columns + 1);
    this.tokens.tooMany = { code: 'tooManyFieldsLimit', vars: { columns: limits.columns, features: limits.columns - 1 } };
    this.firstBOM = true;
  }

  /** Adds the next piece of text. @param {string} text */
  push(text) {
    if (this.firstBOM) {
      this.firstBOM = false;
      text = text.replace(/^\uFEFF/, '');
    }
    this.tokens.push(text);
  }

  /**
   * Ends the text and returns the table.
   * @returns {{columns: string[], rows: number, cols: number, data: Float64Array}} data: rows × cols, row-major
   */
  end() {
    this.tokens.end();
    if (this.columns === null) throw new CsvError('empty');
    if (this.rows < 2) throw new CsvError('tooFewRows', { count: this.rows });
    const cols = this.columns.length;
    return { columns: this.columns, rows: this.rows, cols, data: this.data.slice(0, this.rows * cols) };
  }

  row(fields, line) {
    if (this.columns === null) {
      this.header(fields, line);
      return;
    }
    const { columns, limits } = this;
    const cols = columns.length;
    const r = this.rows + 1; // 1-based data row
    if (fields.length !== cols) throw new CsvError('fieldCount', { line, row: r, fields: fields.length, header: cols });
    if (r > limits.rows) throw new CsvError('tooManyRows', { line, limit: limits.rows });
    if (r * (cols - 1) > limits.values) throw new CsvError('tooManyValues', { line, limit: limits.values, rows: r, features: cols - 1 });
    if (this.data.length < r * cols) {
      const grown = new Float64Array(Math.max(r * cols, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    const at = this.rows * cols;
    for (let c = 0; c < cols; c += 1) this.data[at + c] = cellValue(fields[c], line, r, columns[c]);
    this.rows = r;
  }

  header(fields, line) {
    const columns = fields.map((name, c) => name.trim() || `column ${c + 1}`); // a name in the data (English, as the exports write it)
    if (columns.length < 2) throw new CsvError('headerTooFew', { line, count: columns.length });
    if (columns.length > this.limits.columns) throw new CsvError('headerTooMany', { line, count: columns.length, columns: this.limits.columns, features: this.limits.columns - 1 });
    const seen = new Set();
    columns.forEach((name, c) => {
      if (seen.has(name)) throw new CsvError('duplicateColumn', { line, column: c + 1, name: clip(name) });
      seen.add(name);
    });
    this.columns = columns;
    this.tokens.maxFields = columns.length + 1; // a longer row is refused at its first extra field
    this.tokens.tooMany = { code: 'tooManyFields', vars: { header: columns.length } };
  }
}

/** One cell as a number, or a CsvError naming where it is and why it cannot be data. */
function cellValue(cell, line, r, column) {
  const t = cell.trim();
  const where = { line, row: r, column: clip(column) };
  if (t === '') throw new CsvError('cellEmpty', where);
  if (!DECIMAL.test(t)) throw new CsvError('cellNotNumber', { ...where, value: clip(t) });
  const v = Number(t);
  if (!(Math.abs(v) <= FLT_MAX)) throw new CsvError('cellRange', { ...where, value: clip(t), max: FLT_MAX });
  if (v !== 0 && Math.fround(v) === 0) throw new CsvError('cellSmall', { ...where, value: clip(t) });
  return v + 0; // −0 reads as 0
}

/**
 * Splits CSV text into rows of fields (blank lines dropped). No limits: for small texts and tests.
 * @param {string} text
 * @returns {{rows: string[][], lines: number[]}} rows and their 1-based line numbers
 */
export function splitCsv(text) {
  const rows = [];
  const lines = [];
  const t = new Tokenizer((row, line) => { rows.push(row); lines.push(line); }, Infinity);
  t.push(text);
  t.end();
  return { rows, lines };
}

/**
 * Parses a whole CSV text (see CsvReader).
 * @param {string} text
 * @param {typeof CSV_LIMITS} [limits]
 * @returns {{columns: string[], values: number[][]}} values[row][column]
 * @throws {CsvError} naming the line and column of the first problem
 */
export function parseCsv(text, limits = CSV_LIMITS) {
  if (text.length > limits.bytes) throw new CsvError('tooLargeText', { size: text.length, limit: limits.bytes });
  const reader = new CsvReader(limits);
  reader.push(text);
  const { columns, rows, cols, data } = reader.end();
  return { columns, values: Array.from({ length: rows }, (_, r) => Array.from(data.subarray(r * cols, (r + 1) * cols))) };
}

/**
 * Reads a CSV file (a File or Blob) piece by piece, as it streams in.
 * @param {Blob} file
 * @param {{limits?: typeof CSV_LIMITS, onProgress?: (bytesRead: number, bytes: number) => void}} [options]
 * @returns {Promise<{columns: string[], rows: number, cols: number, data: Float64Array}>}
 */
export async function readCsvFile(file, { limits = CSV_LIMITS, onProgress } = {}) {
  if (file.size > limits.bytes) throw new CsvError('tooLargeFile', { size: file.size, limit: limits.bytes });
  const reader = new CsvReader(limits);
  const decoder = new TextDecoder('utf-8');
  const stream = file.stream().getReader();
  let read = 0;
  try {
    for (;;) {
      const { done, value } = await stream.read();
      if (done) break;
      read += value.byteLength;
      reader.push(decoder.decode(value, { stream: true }));
      onProgress?.(read, file.size);
    }
  } finally {
    stream.releaseLock();
  }
  reader.push(decoder.decode());
  return reader.end();
}

/**
 * The inline `data` object for a parsed CSV with column `target` as y and the others as X.
 * @param {{columns: string[], values?: number[][], rows?: number, cols?: number, data?: Float64Array}} table
 *   parseCsv's values, or readCsvFile's flat data
 * @param {number} target column index of y
 * @param {{testFraction?: number, standardize?: boolean}} [options] the split and standardisation to
 *   keep; those not given are left to the schema's defaults
 */
export function csvToData(table, target, { testFraction, standardize } = {}) {
  if (!Number.isInteger(target) || target < 0 || target >= table.columns.length) {
    throw new CsvError('noTarget', { column: target + 1 });
  }
  const rows = table.data
    ? Array.from({ length: table.rows }, (_, r) => table.data.subarray(r * table.cols, (r + 1) * table.cols))
    : table.values;
  const data = {
    kind: 'inline',
    X: rows.map((row) => Array.prototype.filter.call(row, (_, c) => c !== target)),
    y: rows.map((row) => row[target]),
  };
  if (testFraction !== undefined) data.testFraction = testFraction;
  if (standardize !== undefined) data.standardize = standardize;
  return data;
}
