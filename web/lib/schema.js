// schema.js — the generic reader behind descent's schema tables: it walks any JSON value against a
// table of field specs, fills defaults, and reports every problem with a path and a message that names
// the value and the allowed range. The tables themselves live in experiment.js (the experiment) and
// tune-schema.js (the tune section). Spec keys:
//   type       'int' | 'number' | 'boolean' | 'enum' | 'string' | 'numbers' | 'rows' | 'array' | 'object'
//              | 'dimension' (a search dimension of tune.space: a list of `item`s, or a `range` object)
//   min, max   inclusive bounds (arrays: minLength/maxLength, length); gt, lt: exclusive bounds;
//              limit: an inclusive sanity cap stated after the main condition ('> 0 and <= 1000000').
//              A bound may be a function (self, ctx) of the object being built and the context.
//   float32    the value is stored as float32 by the core: |v| <= FLT_MAX (array items of 'numbers'
//              and 'rows' are float32 unless their `item` says otherwise).
//   maxRows, maxCols, maxValues   'rows': limits of a row-major table; maxItems: 'dimension' lists.
//   values     allowed values of an 'enum'; literals: extra allowed literals ("full", "auto", "zeros").
//   nullable   null is allowed (and kept); nullText: what null means, for the page's empty box.
//   required   no default, the field must be given.
//   length     'numbers': the exact length (a bound function may return undefined: no length rule);
//              lengthNote: why, in the message (text or a function like a bound).
//   default    value, raw input to normalize (objects, arrays), or function (self, ctx) → value.
//   byKind     {kind: {...overrides}}: per-kind defaults/values, keyed by the object's `kind`.
//   appliesTo  {field: [values]}: the field exists only when the sibling field has one of the values
//              (`kind` for data/optimizer/schedule, `loss` for model.delta); otherwise it is unknown.
//   note       a phrase (issue-text.js) added to the message in parentheses; doc: one line for the README
//              and the page. lengthNote and note may be functions like a bound (no note: '' or undefined).
// A table's optional check(out, report, ctx, input) adds rules across its fields after they are read:
// report(relativePath, code, vars) with a code of issue-text.js.
// Every issue is {path, message, code, vars}: the message is the English of code and vars
// (issue-text.js), which the page renders in its own language.
// ctx.source is the raw document being read (untrusted): a default may look at a field the walker has
// not reached yet (data comes before model, yet no data is the default of a function model).
// Values are read only from own properties, and outputs are built only from the tables' keys, so
// `__proto__`/`constructor` keys in untrusted input (share links) are reported as unknown fields.

import { ExperimentError } from './errors.js';
import { ISSUE_TEXT, phrase, renderIssueText } from './issue-text.js';
import { isObject } from './text.js';

const MAX_ISSUES = 100; // issues kept in one ExperimentError; the rest are counted
const INVALID = Symbol('invalid');
/** The largest float32 (FLT_MAX): the core stores data and parameters as float32. */
export const FLT_MAX = 3.4028234663852886e38;
const ITEM = Object.freeze({ type: 'number', float32: true }); // an array element: a finite float32 value
/** C0 controls, DEL and C1 controls: text that a terminal may act on (ESC [ 2 J clears it). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Characters that change how text around them looks without showing themselves: the bidirectional
 *  controls (U+202E turns "exe.txt" around) and zero-width characters ("a" and "a\u200b" look alike). */
export const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'g');

/**
 * Reads `input` against `table` and returns the normalized value, or throws ExperimentError listing
 * every problem as {path, message, code, vars} in document order.
 * @param {object} table a schema table {fields, check?}
 * @param {unknown} input any JSON value (untrusted)
 * @param {{root?: object, into?: object, prefix?: (string|number)[], [key: string]: unknown}} [context] what the
 *   tables' bound functions and checks see as ctx: root is the whole document (default: the value
 *   being built), into the object to build (default: a new one), prefix is prepended to every
 *   reported path; other keys are passed as they are
 * @returns {object}
 */
export function readDocument(table, input, { root = null, into = {}, prefix = [], ...extra } = {}) {
  const found = [];
  let more = 0;
  const out = into;
  const ctx = {
    index: 0,
    source: input, // the raw document (a default may depend on a field read later: data on model.kind)
    ...extra,
    root: root ?? out,
    issue(segs, code, vars = {}) {
      if (!Object.hasOwn(ISSUE_TEXT, code)) throw new Error(`schema.js: no issue code ${code}`); // a bug of a table
      if (found.length < MAX_ISSUES) found.push({ segs, code, vars });
      else more += 1;
    },
  };
  if (isObject(input)) walkObject(table, input, [], ctx, out);
  else ctx.issue([], 'invalid', { expected: phrase('expect.object'), got: show(input) });
  if (found.length === 0) return out;
  const keyed = found.map((f) => ({ key: docOrder(input, f.segs), f }));
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  const issues = keyed.map(({ f }) => issueOf(formatPath([...prefix, ...f.segs]), f.code, f.vars));
  if (more > 0) issues.push(issueOf('', 'moreProblems', { count: more }));
  throw new ExperimentError(issues);
}

/** An issue: its path, its English message, and the code and vars the page renders in its language. */
function issueOf(path, code, vars) {
  return { path, message: renderIssueText(code, vars, 'en'), code, vars };
}

export { show, orList, deepFreeze, formatPath };

// ---- The walker ----------------------------------------------------------------------------------
function walkObject(table, input, segs, ctx, out = {}) {
  const { fields } = table;
  for (const name of Object.keys(fields)) {
    if (applies(fields[name], out) !== true) continue;
    const raw = Object.hasOwn(input, name) ? input[name] : undefined;
    const value = walkValue(fields[name], raw, [...segs, name], ctx, out);
    if (value !== INVALID) out[name] = value;
  }
  for (const key of Object.keys(input)) {
    const spec = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (spec === undefined || applies(spec, out) === false) ctx.issue([...segs, key], ...unknownField(table, spec, out));
  }
  table.check?.(out, (rel, code, vars) => ctx.issue([...segs, ...rel], code, vars), ctx, input);
  return out;
}

/** true, false, or undefined when the field it depends on is itself invalid. */
function applies(spec, out) {
  for (const [key, values] of Object.entries(spec.appliesTo ?? {})) {
    if (out[key] === undefined) return undefined;
    if (!values.includes(out[key])) return false;
  }
  return true;
}

function unknownField(table, spec, out) {
  const on = Object.keys(spec?.appliesTo ?? {}).find((k) => !spec.appliesTo[k].includes(out[k]))
    ?? (table.label && out.kind !== undefined ? 'kind' : undefined);
  const allowed = Object.keys(table.fields)
    .filter((k) => applies(table.fields[k], out) === true && !(on === 'kind' && table.label && k === 'kind'));
  const list = allowed.length ? allowed : phrase('noOtherField');
  return on ? ['unknownFieldFor', { what: on === 'kind' ? table.label : on, value: show(out[on]), allowed: list }] : ['unknownField', { allowed: list }];
}

/**
 * A spec with its per-kind overrides (byKind) for the object it belongs to, as read so far.
 * @param {object} spec @param {object|null|undefined} self @returns {object}
 */
export function specFor(spec, self) {
  const over = spec.byKind && self && Object.hasOwn(spec.byKind, self.kind) ? spec.byKind[self.kind] : null;
  return over ? { ...spec, ...over } : spec;
}

/**
 * The raw value the reader fills in for an absent field (objects: {} when the spec has no default),
 * before it is read; undefined when the default depends on a field that is itself invalid.
 * @param {object} spec (with its per-kind overrides) @param {object} self @param {object} ctx
 */
export function rawDefault(spec, self, ctx) {
  const d = spec.default === undefined && spec.type === 'object' ? {} : spec.default;
  return typeof d === 'function' ? d(self, ctx) : d;
}

function walkValue(spec0, raw, segs, ctx, self) {
  const spec = specFor(spec0, self);
  let v = raw;
  if (v === undefined) {
    if (spec.required) return fail(ctx, segs, 'missing', { expected: describe(spec, self, ctx) });
    v = rawDefault(spec, self, ctx);
    if (v === undefined) return INVALID; // depends on a field that is itself invalid (reported)
  }
  if (v === null && spec.nullable) return null;
  if (spec.literals?.includes(v)) return v;
  const bad = () => fail(ctx, segs, 'invalid', { expected: describe(spec, self, ctx), got: show(v) });
  switch (spec.type) {
    case 'int': case 'number': {
      const ok = typeof v === 'number' && (spec.type === 'int' ? Number.isInteger(v) : Number.isFinite(v));
      return ok && inRange(spec, v, self, ctx) ? v + 0 : bad(); // + 0 turns −0 into 0
    }
    case 'boolean': return typeof v === 'boolean' ? v : bad();
    case 'enum': return bound(spec.values, self, ctx).includes(v) ? v : bad();
    case 'string': {
      if (!(typeof v === 'string' && v.length >= spec.minLength && v.length <= spec.maxLength)) return bad();
      const at = v.search(CONTROL); // names reach terminals (descent run --link) and file names
      if (at >= 0) return fail(ctx, segs, 'controlChar', { char: codePoint(v, at), index: at, got: show(v) });
      const hidden = v.search(INVISIBLE); // two names that look the same must be the same name
      if (hidden >= 0) return fail(ctx, segs, 'invisibleChar', { char: codePoint(v, hidden), index: hidden, got: show(v) });
      return v;
    }
    case 'object': return isObject(v) ? walkObject(spec.table, v, segs, ctx) : bad();
    case 'numbers': return Array.isArray(v) ? walkNumbers(spec, v, segs, ctx, self) : bad();
    case 'rows': return Array.isArray(v) ? walkRows(spec, v, segs, ctx) : bad();
    case 'dimension': { // a search dimension: a list of items, or a range object (numeric items)
      if (spec.range && isObject(v)) return walkObject(spec.range, v, segs, ctx);
      if (!Array.isArray(v)) return bad();
      if (v.length < 1 || v.length > spec.maxItems) return fail(ctx, segs, 'valueCount', { min: 1, max: spec.maxItems, got: v.length });
      const items = v.map((item, i) => walkValue(spec.item, item, [...segs, i], ctx, self));
      return items.includes(INVALID) ? INVALID : items;
    }
    case 'array': {
      if (!Array.isArray(v)) return bad();
      if (v.length < spec.minLength || v.length > spec.maxLength) return fail(ctx, segs, 'itemCount', { min: spec.minLength, max: spec.maxLength, noun: nounOf(spec), got: v.length });
      const outer = ctx.index; // an array inside an array item (a run's schedulers) keeps the run's index
      const items = v.map((item, i) => {
        ctx.index = i;
        const value = walkValue(spec.item, item, [...segs, i], ctx, self);
        return value === INVALID ? undefined : value;
      });
      ctx.index = outer;
      return items;
    }
    default: throw new Error(`experiment.js: unknown spec type ${spec.type}`);
  }
}

function walkNumbers(spec, v, segs, ctx, self) {
  const n = bound(spec.length, self, ctx);
  if (n !== undefined && v.length !== n) {
    const note = bound(spec.lengthNote, self, ctx);
    if (note) ctx.issue(segs, n === 1 ? 'lengthOneNote' : 'lengthNote', n === 1 ? { note, got: v.length } : { n, note, got: v.length });
    else ctx.issue(segs, n === 1 ? 'lengthOne' : 'length', n === 1 ? { got: v.length } : { n, got: v.length });
  } else if (v.length < (spec.minLength ?? 0) || v.length > (spec.maxLength ?? Infinity)) {
    return fail(ctx, segs, 'valueCount', { min: spec.minLength, max: spec.maxLength, got: v.length });
  }
  const item = spec.item ?? ITEM;
  const out = new Array(v.length);
  for (let i = 0; i < v.length; i += 1) {
    const x = v[i];
    // ITEM is checked inline: inline data may hold 10,000,000 values. |NaN| <= FLT_MAX is false.
    const number = item.type === 'int' ? Number.isInteger(x) : Number.isFinite(x);
    if (typeof x === 'number' && (item === ITEM ? Math.abs(x) <= FLT_MAX : number && inRange(item, x, self, ctx))) out[i] = x + 0;
    else ctx.issue([...segs, i], 'invalid', { expected: describe(item, self, ctx), got: show(x) });
  }
  return out;
}

function walkRows(spec, X, segs, ctx) {
  const { maxRows, maxCols, maxValues } = spec;
  if (X.length < 2 || X.length > maxRows) return fail(ctx, segs, 'rowCount', { min: 2, max: maxRows, got: X.length });
  const first = X.findIndex(Array.isArray);
  const cols = first < 0 ? 0 : X[first].length;
  if (first >= 0 && (cols < 1 || cols > maxCols)) return fail(ctx, [...segs, first], 'valueCount', { min: 1, max: maxCols, got: cols });
  if (X.length * cols > maxValues) return fail(ctx, segs, 'valueTotal', { max: maxValues, rows: X.length, cols });
  const out = new Array(X.length);
  for (let i = 0; i < X.length; i += 1) {
    const row = X[i];
    if (!Array.isArray(row)) ctx.issue([...segs, i], 'invalid', { expected: phrase('expect.numbers', { count: cols || `1..${maxCols}` }), got: show(row) });
    else if (row.length !== cols) ctx.issue([...segs, i], cols === 1 ? 'rowLengthOne' : 'rowLength', cols === 1 ? { first, got: row.length } : { n: cols, first, got: row.length });
    else out[i] = walkNumbers(ITEM, row, [...segs, i], ctx, null);
  }
  return out;
}

function fail(ctx, segs, code, vars) {
  ctx.issue(segs, code, vars);
  return INVALID;
}

/** 'U+001B': the code unit at `at` of `v`. */
const codePoint = (v, at) => `U+${v.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0')}`;

/** The phrase of an array spec's noun ('runs' → noun.runs, 'control names' → noun.controlNames). */
function nounOf(spec) {
  const code = `noun.${spec.noun.replace(/ (\w)/g, (m, c) => c.toUpperCase())}`;
  if (!Object.hasOwn(ISSUE_TEXT, code)) throw new Error(`schema.js: no issue text ${code} for the noun ${spec.noun}`);
  return phrase(code);
}

// ---- Ranges and messages ---------------------------------------------------------------------------

function bound(b, self, ctx) {
  return typeof b === 'function' ? b(self, ctx) : b;
}

function inRange(spec, v, self, ctx) {
  if (spec.float32 && !(Math.abs(v) <= FLT_MAX)) return false;
  const b = (k) => bound(spec[k], self, ctx);
  return !(v < b('min') || v > b('max') || v <= b('gt') || v >= b('lt') || v > b('limit')); // false vs undefined
}

/** "a, b or c" (English; the messages' lists are {or: [...]} vars, issue-text.js). */
function orList(items) {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** What a spec accepts, as a phrase of issue-text.js: 'an integer in 1..80 (the training-set size)'. */
function describe(spec, self, ctx) {
  const b = (k) => bound(spec[k], self, ctx);
  let s;
  switch (spec.type) {
    case 'int': s = b('max') === undefined ? phrase('expect.intMin', { min: b('min') }) : phrase('expect.intRange', { min: b('min'), max: b('max') }); break;
    case 'number': {
      const lo = b('gt') ?? b('min');
      const hi = b('lt') ?? b('max');
      const [l, r] = [b('gt') !== undefined ? '(' : '[', b('lt') !== undefined ? ')' : ']'];
      if (lo === undefined && hi === undefined) s = phrase('expect.finite');
      else if (hi === undefined) s = phrase('expect.numberBound', { op: l === '(' ? '>' : '>=', bound: lo });
      else if (lo === undefined) s = phrase('expect.numberBound', { op: r === ')' ? '<' : '<=', bound: hi });
      else s = phrase('expect.numberIn', { l, lo, hi, r });
      if (b('limit') !== undefined) s = phrase('expect.limit', { expected: s, limit: b('limit') });
      if (spec.float32) s = phrase('expect.float32', { expected: s, max: '3.4028234663852886e38' });
      break;
    }
    case 'boolean': s = phrase('expect.boolean'); break;
    case 'enum': s = { or: b('values').map(show) }; break;
    case 'string': s = phrase('expect.string', { min: spec.minLength, max: spec.maxLength }); break;
    case 'numbers': s = b('length') === undefined && spec.maxLength === undefined
      ? phrase('expect.numbersFrom', { min: spec.minLength ?? 0 })
      : phrase('expect.numbers', { count: b('length') ?? `${spec.minLength ?? 0}..${spec.maxLength}` }); break;
    case 'rows': s = phrase('expect.rows', { maxRows: spec.maxRows, maxCols: spec.maxCols }); break;
    case 'array': s = phrase('expect.array', { min: spec.minLength, max: spec.maxLength, noun: nounOf(spec) }); break;
    case 'object': s = spec.table.shape ? phrase('expect.objectShape', { shape: spec.table.shape }) : phrase('expect.object'); break;
    case 'dimension': s = spec.range
      ? phrase('expect.dimensionRange', { max: spec.maxItems, shape: spec.range.shape })
      : phrase('expect.dimensionList', { max: spec.maxItems, values: { or: bound(spec.item.values, self, ctx).map(show) } }); break;
    default: throw new Error(`schema.js: no description of spec type ${spec.type}`);
  }
  if (spec.literals) s = { or: [...spec.literals.map(show), s] };
  if (spec.nullable) s = phrase('expect.orNull', { expected: s });
  const note = bound(spec.note, self, ctx);
  return note ? phrase('expect.note', { expected: s, note }) : s;
}

/** A value as JSON-ish text, at most 40 characters (input is untrusted and may be huge). Control
 *  characters come out escaped: JSON escapes C0, and DEL and C1 are escaped here too. */
function show(v, depth = 0) {
  let s;
  if (typeof v === 'string') {
    s = JSON.stringify(v.slice(0, 41)).replace(/[\u007f-\u009f]/g, escapeChar).replace(INVISIBLE_ALL, escapeChar);
  }
  else if (typeof v === 'number') s = Object.is(v, -0) ? '-0' : String(v);
  else if (Array.isArray(v)) {
    s = depth > 1 ? '[…]' : `[${v.slice(0, 8).map((x) => show(x, depth + 1)).join(',')}${v.length > 8 ? ',…' : ''}]`;
  } else if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    s = depth > 1 ? '{…}' : `{${keys.slice(0, 4).map((k) => `${show(k, 2)}:${show(v[k], depth + 1)}`).join(',')}${keys.length > 4 ? ',…' : ''}}`;
  } else s = typeof v === 'function' ? 'function' : String(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

/** One character as \\uXXXX. */
function escapeChar(c) {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function formatPath(segs) {
  return segs.map((s, i) => {
    if (typeof s === 'number') return `[${s}]`;
    if (/^[A-Za-z_$][\w$]*$/.test(s)) return i === 0 ? s : `.${s}`;
    return `[${show(s)}]`;
  }).join('');
}

/** Where a path sits in the input: its key positions, Infinity for keys the input lacks. */
function docOrder(input, segs) {
  let node = input;
  return segs.map((s) => {
    let at = -1;
    if (Array.isArray(node)) at = typeof s === 'number' && s < node.length ? s : -1;
    else if (isObject(node) && Object.hasOwn(node, s)) at = Object.keys(node).indexOf(s);
    node = at < 0 ? undefined : node[s];
    return at < 0 ? Infinity : at;
  });
}

function compareKeys(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}


function deepFreeze(o) {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    Object.values(o).forEach(deepFreeze);
  }
  return o;
}
