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
//   note       text added to the message in parentheses; doc: one line for the README and the page.
// A table's optional check(out, report, ctx, input) adds rules across its fields after they are read.
// ctx.source is the raw document being read (untrusted): a default may look at a field the walker has
// not reached yet (data comes before model, yet no data is the default of a function model).
// Values are read only from own properties, and outputs are built only from the tables' keys, so
// `__proto__`/`constructor` keys in untrusted input (share links) are reported as unknown fields.

import { ExperimentError } from './errors.js';
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
 * every problem as {path, message} in document order.
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
    issue(segs, message) {
      if (found.length < MAX_ISSUES) found.push({ segs, message });
      else more += 1;
    },
  };
  if (isObject(input)) walkObject(table, input, [], ctx, out);
  else ctx.issue([], `must be an object, got ${show(input)}`);
  if (found.length === 0) return out;
  const keyed = found.map((f) => ({ key: docOrder(input, f.segs), f }));
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  const issues = keyed.map(({ f }) => ({ path: formatPath([...prefix, ...f.segs]), message: f.message }));
  if (more > 0) issues.push({ path: '', message: `${more} more problems not listed` });
  throw new ExperimentError(issues);
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
    if (spec === undefined || applies(spec, out) === false) ctx.issue([...segs, key], unknownField(table, spec, out));
  }
  table.check?.(out, (rel, message) => ctx.issue([...segs, ...rel], message), ctx, input);
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
  const what = on ? ` for ${on === 'kind' ? table.label : on} ${show(out[on])}` : '';
  return `unknown field${what} (allowed: ${allowed.length ? allowed.join(', ') : 'no other field'})`;
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
    if (spec.required) return fail(ctx, segs, `missing; must be ${describe(spec, self, ctx)}`);
    v = rawDefault(spec, self, ctx);
    if (v === undefined) return INVALID; // depends on a field that is itself invalid (reported)
  }
  if (v === null && spec.nullable) return null;
  if (spec.literals?.includes(v)) return v;
  const bad = () => fail(ctx, segs, `must be ${describe(spec, self, ctx)}, got ${show(v)}`);
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
      if (at >= 0) return fail(ctx, segs, `must not contain control characters (U+${v.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0')} at index ${at}), got ${show(v)}`);
      const hidden = v.search(INVISIBLE); // two names that look the same must be the same name
      if (hidden >= 0) return fail(ctx, segs, `must not contain invisible or text-direction characters (U+${v.charCodeAt(hidden).toString(16).toUpperCase().padStart(4, '0')} at index ${hidden}), got ${show(v)}`);
      return v;
    }
    case 'object': return isObject(v) ? walkObject(spec.table, v, segs, ctx) : bad();
    case 'numbers': return Array.isArray(v) ? walkNumbers(spec, v, segs, ctx, self) : bad();
    case 'rows': return Array.isArray(v) ? walkRows(spec, v, segs, ctx) : bad();
    case 'dimension': { // a search dimension: a list of items, or a range object (numeric items)
      if (spec.range && isObject(v)) return walkObject(spec.range, v, segs, ctx);
      if (!Array.isArray(v)) return bad();
      if (v.length < 1 || v.length > spec.maxItems) return fail(ctx, segs, `must have 1..${spec.maxItems} values, got ${v.length}`);
      const items = v.map((item, i) => walkValue(spec.item, item, [...segs, i], ctx, self));
      return items.includes(INVALID) ? INVALID : items;
    }
    case 'array': {
      if (!Array.isArray(v)) return bad();
      if (v.length < spec.minLength || v.length > spec.maxLength) return fail(ctx, segs, `must have ${spec.minLength}..${spec.maxLength} ${spec.noun}, got ${v.length}`);
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
    ctx.issue(segs, `must have ${n} value${n === 1 ? '' : 's'}${note ? ` (${note})` : ''}, got ${v.length}`);
  } else if (v.length < (spec.minLength ?? 0) || v.length > (spec.maxLength ?? Infinity)) {
    return fail(ctx, segs, `must have ${spec.minLength}..${spec.maxLength} values, got ${v.length}`);
  }
  const item = spec.item ?? ITEM;
  const out = new Array(v.length);
  for (let i = 0; i < v.length; i += 1) {
    const x = v[i];
    // ITEM is checked inline: inline data may hold 10,000,000 values. |NaN| <= FLT_MAX is false.
    const number = item.type === 'int' ? Number.isInteger(x) : Number.isFinite(x);
    if (typeof x === 'number' && (item === ITEM ? Math.abs(x) <= FLT_MAX : number && inRange(item, x, self, ctx))) out[i] = x + 0;
    else ctx.issue([...segs, i], `must be ${describe(item, self, ctx)}, got ${show(x)}`);
  }
  return out;
}

function walkRows(spec, X, segs, ctx) {
  const { maxRows, maxCols, maxValues } = spec;
  if (X.length < 2 || X.length > maxRows) return fail(ctx, segs, `must have 2..${maxRows} rows, got ${X.length}`);
  const first = X.findIndex(Array.isArray);
  const cols = first < 0 ? 0 : X[first].length;
  if (first >= 0 && (cols < 1 || cols > maxCols)) return fail(ctx, [...segs, first], `must have 1..${maxCols} values, got ${cols}`);
  if (X.length * cols > maxValues) return fail(ctx, segs, `must have at most ${maxValues} values in total, got ${X.length} rows × ${cols}`);
  const out = new Array(X.length);
  for (let i = 0; i < X.length; i += 1) {
    const row = X[i];
    if (!Array.isArray(row)) ctx.issue([...segs, i], `must be an array of ${cols || `1..${maxCols}`} numbers, got ${show(row)}`);
    else if (row.length !== cols) ctx.issue([...segs, i], `must have ${cols} value${cols === 1 ? '' : 's'} (like row ${first}), got ${row.length}`);
    else out[i] = walkNumbers(ITEM, row, [...segs, i], ctx, null);
  }
  return out;
}

function fail(ctx, segs, message) {
  ctx.issue(segs, message);
  return INVALID;
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

function orList(items) {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** What a spec accepts, as the message says it: 'an integer in 1..80 (the training-set size)'. */
function describe(spec, self, ctx) {
  const b = (k) => bound(spec[k], self, ctx);
  let s;
  switch (spec.type) {
    case 'int': s = b('max') === undefined ? `an integer >= ${b('min')}` : `an integer in ${b('min')}..${b('max')}`; break;
    case 'number': {
      const lo = b('gt') ?? b('min');
      const hi = b('lt') ?? b('max');
      const [l, r] = [b('gt') !== undefined ? '(' : '[', b('lt') !== undefined ? ')' : ']'];
      if (lo === undefined && hi === undefined) s = 'a finite number';
      else if (hi === undefined) s = `a number ${l === '(' ? '>' : '>='} ${lo}`;
      else if (lo === undefined) s = `a number ${r === ')' ? '<' : '<='} ${hi}`;
      else s = `a number in ${l}${lo}, ${hi}${r}`;
      if (b('limit') !== undefined) s += ` and <= ${b('limit')}`;
      if (spec.float32) s += ' within float32 range (|v| <= 3.4028234663852886e38)';
      break;
    }
    case 'boolean': s = 'true or false'; break;
    case 'enum': s = orList(b('values').map(show)); break;
    case 'string': s = `a string of ${spec.minLength}..${spec.maxLength} characters`; break;
    case 'numbers': s = `an array of ${b('length') ?? `${spec.minLength ?? 0}..${spec.maxLength ?? 'any'}`} numbers`; break;
    case 'rows': s = `an array of 2..${spec.maxRows} rows, each an array of 1..${spec.maxCols} numbers`; break;
    case 'array': s = `an array of ${spec.minLength}..${spec.maxLength} ${spec.noun}`; break;
    case 'object': s = `an object${spec.table.shape ? ` ${spec.table.shape}` : ''}`; break;
    case 'dimension': s = spec.range
      ? `a list of 1..${spec.maxItems} values or a range ${spec.range.shape}`
      : `a list of 1..${spec.maxItems} values from ${orList(bound(spec.item.values, self, ctx).map(show))}`; break;
    default: s = spec.type;
  }
  if (spec.literals) s = orList([...spec.literals.map(show), s]);
  if (spec.nullable) s += ' or null';
  const note = bound(spec.note, self, ctx);
  return note ? `${s} (${note})` : s;
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
