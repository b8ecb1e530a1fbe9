// export-python.js — what every Python export shares: Python literals (numbers that round-trip exactly,
// strings, dicts), the data section (values embedded in the script, or a .npz file beside it for large
// data), and the assembly of a program's sections into a script. The targets (export-pytorch.js,
// export-numpy.js, export-notebook.js, export-optuna.js) build their sections; export.js chooses.
//
// A program is a list of sections {title, about, code}: a script writes each as a comment rule and its
// code; a notebook writes `about` as a markdown cell and `code` as a code cell. No DOM, no Node built-ins.

import { npzFile } from './export-npz.js';

/** Beyond this many data values the data go to a .npz file beside the script (np.load reads it). */
export const MAX_EMBEDDED_VALUES = 100000;

// ---- Python literals -----------------------------------------------------------------------------------

/**
 * A float64 as Python reads it back exactly: JavaScript's shortest round-trip form is valid Python
 * (1e-7, 1.5e+21); non-finite values use the math module.
 * @param {number} v
 */
export function pyFloat(v) {
  if (Number.isNaN(v)) return 'math.nan';
  if (v === Infinity) return 'math.inf';
  if (v === -Infinity) return '-math.inf';
  if (Object.is(v, -0)) return '-0.0';
  return noBigIntegers(String(v));
}

/** Python reads "213088430000000000000" as an int that numpy cannot hold: write it as 2.1308843e+20. */
const noBigIntegers = (s) => (/^-?\d{16,}$/.test(s) ? Number(s).toExponential() : s);

/**
 * The shortest decimal that a float32 value round-trips through: parsed as a float64 (Python's float,
 * numpy's array of floats) and rounded to float32 (dtype=np.float32, torch.float32), it gives `v` back.
 * @param {number} v a float32 value (Math.fround(v) === v)
 */
export function float32Literal(v) {
  if (Object.is(v, -0)) return '-0.0';
  for (let digits = 1; digits <= 9; digits += 1) {
    const s = noBigIntegers(String(Number(v.toPrecision(digits))));
    if (Math.fround(Number(s)) === v) return s;
  }
  return String(v); // unreachable for finite float32 values (9 digits always round-trip)
}

/** A Python value: numbers as pyFloat (integers as they are), strings, booleans, None, lists, dicts. */
export function pyValue(v) {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return pyFloat(v);
  if (typeof v === 'string') return JSON.stringify(v); // a JSON string is a valid Python str literal
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return `[${Array.from(v, pyValue).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${pyValue(x)}`).join(', ')}}`;
}

/**
 * A dict literal with one key per line (nested values inline), indented by `indent` spaces.
 * @param {object} entries @param {number} [indent]
 */
export function pyDict(entries, indent = 4) {
  const pad = ' '.repeat(indent);
  const lines = Object.entries(entries).map(([k, v]) => `${pad}    ${JSON.stringify(k)}: ${pyValue(v)},`);
  return `{\n${lines.join('\n')}\n${pad}}`;
}

/**
 * Numbers wrapped into lines of at most `width` characters (a long list stays readable).
 * @param {string[]} items @param {string} pad @param {number} [width]
 */
export function wrapItems(items, pad, width = 100) {
  const lines = [];
  let line = '';
  for (const item of items) {
    if (line && pad.length + line.length + item.length + 2 > width) {
      lines.push(`${pad}${line.trimEnd()}`);
      line = '';
    }
    line += `${item}, `;
  }
  if (line) lines.push(`${pad}${line.trimEnd()}`);
  return lines.join('\n');
}

/**
 * A float32 array literal: `np.array([...], dtype=np.float32)`, rows of `cols` values for a matrix.
 * @param {Float32Array} values @param {number} [cols] columns (1-D when undefined)
 */
export function float32Array(values, cols) {
  const items = Array.from(values, float32Literal);
  if (cols === undefined) return `np.array([\n${wrapItems(items, '    ')}\n], dtype=np.float32)`;
  const rows = [];
  for (let i = 0; i < items.length; i += cols) rows.push(`[${items.slice(i, i + cols).join(', ')}]`);
  const body = rows.length ? `\n${wrapItems(rows, '    ')}\n` : '';
  return `np.array([${body}], dtype=np.float32).reshape(${values.length / Math.max(cols, 1)}, ${cols})`;
}

// ---- The data section --------------------------------------------------------------------------------

/**
 * The data section of a program, and the .npz file it loads when the data are large.
 * @param {object} data from export.js collectData: {arrays: {name: {values, cols?}}, steps: string[],
 *   describe: string}
 * @param {{stem: string, notebook?: boolean}} options stem: the file name of the .npz without extension
 * @returns {{section: object, files: {name: string, bytes: Uint8Array}[]}}
 */
export function dataSection(data, { stem, notebook = false }) {
  const entries = Object.entries(data.arrays);
  const total = entries.reduce((s, [, a]) => s + a.values.length, 0);
  const lines = [];
  const files = [];
  if (total > MAX_EMBEDDED_VALUES) {
    const npz = `${stem}.npz`;
    files.push({ name: npz, bytes: npzFile(entries.map(([name, a]) => ({ name, values: a.values, shape: a.cols === undefined ? [a.values.length] : [a.values.length / a.cols, a.cols] }))) });
    const where = notebook ? JSON.stringify(npz) : `Path(__file__).with_name(${JSON.stringify(npz)})`;
    lines.push(`# ${total.toLocaleString('en-US')} float32 values, in ${npz} beside this ${notebook ? 'notebook' : 'script'} (written with it).`);
    lines.push(`with np.load(${where}) as arrays:`);
    for (const [name] of entries) lines.push(`    ${name} = arrays[${JSON.stringify(name)}]`);
  } else {
    lines.push('# float32 values written with enough digits to give back the exact float32 numbers descent used.');
    for (const [name, a] of entries) lines.push(`${name} = ${float32Array(a.values, a.cols)}`);
  }
  if (data.steps.length) lines.push('', ...data.steps);
  return { section: { title: 'The data', about: data.describe, code: lines.join('\n') }, files };
}

// ---- Assembly -----------------------------------------------------------------------------------------

/**
 * A script from a docstring and sections: each section under a `# ---- title ----` rule.
 * @param {string} docstring @param {{title: string, code: string}[]} sections
 */
export function renderScript(docstring, sections) {
  const parts = [`#!/usr/bin/env python3\n"""${docstring}\n"""`];
  for (const s of sections) {
    parts.push(`# ---- ${s.title} ${'-'.repeat(Math.max(4, 96 - s.title.length))}\n\n${s.code.trim()}`);
  }
  return `${parts.join('\n\n\n')}\n`;
}

/** Python comment lines for a text (wrapped at 100 columns). */
export function comment(text, pad = '') {
  const words = text.split(/\s+/).filter(Boolean);
  const lines = [];
  let line = `${pad}#`;
  for (const w of words) {
    if (line.length + w.length + 1 > 100 && line !== `${pad}#`) {
      lines.push(line);
      line = `${pad}#`;
    }
    line += ` ${w}`;
  }
  lines.push(line);
  return lines.join('\n');
}
