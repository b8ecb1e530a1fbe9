// link.js — share links: a whole experiment in a URL fragment, and back (no DOM, no Node built-ins:
// it runs in Node, in a page and in a Web Worker).
//
//   const url = await experimentUrl(experiment, location.href);   // "https://host/#e1.1VVNb9sw…"
//   const experiment = await decodeExperiment(location.hash);     // validated, normalized
//
// Link format, version e1:  `e1.` + base64url(deflate-raw(UTF-8 JSON)), no padding.
// The JSON is the experiment's *minimal form* (see minimize): its `version` (SCHEMA_VERSION) and only
// the fields whose values differ from what the defaults would fill in. Keys are sorted, so the same
// experiment always gives the same JSON whatever order its keys were written in. The deflate bytes come
// from the platform's zlib: one platform always writes the same link for the same experiment, another
// zlib build may write different (equally valid) bytes; every platform reads every link.
//
// Classroom links carry view options after the experiment: `#e1.<experiment>~v1.<view>`, the view part
// written like the experiment (base64url of deflate-raw of its JSON), holding view-options.js's minimal
// form (only the options not at their defaults). `#lesson=ID` opens a lesson (its own experiment and
// card) and may carry a view part too: `#lesson=ID~v1.…`. decodeExperiment reads only the experiment
// (view options change how the page looks, never what runs: `descent run --link` ignores them);
// decodeLink reads everything and refuses the whole link when its view part is invalid. Links without
// a view part are read exactly as before.
//
// Why the minimal form: links stay short, and fields added to the schema later are simply absent
// from old links, so they take their defaults and old links keep meaning what they meant. The price:
// a link omits every value equal to its default, so changing an existing default would silently
// change what old links mean. Defaults are therefore frozen per SCHEMA_VERSION: to change one, bump
// SCHEMA_VERSION and have experiment.js read older versions with the defaults they had.
//
// A link is untrusted input. decodeExperiment refuses fragments over MAX_LINK_CHARS before decoding,
// stops inflating as soon as more than MAX_JSON_BYTES come out (a zip bomb never allocates more than
// about that), parses with JSON.parse (an own "__proto__" key stays an ordinary, unknown field) and
// validates the result like any experiment. This module returns data only: inserting a run name into
// the page as text, never as HTML, is the page's job.

import { ExperimentError, SCHEMA, SCHEMA_VERSION, nTrainOf, validateExperiment } from './experiment.js';
import { rawDefault, readDocument, specFor } from './schema.js';
import { isObject } from './text.js';
import { LESSON_ID, minimizeView, validateViewOptions } from './view-options.js';

/** The link format this module writes and reads: the `e1` in `#e1.…`. */
export const LINK_FORMAT = 1;
/** The longest fragment decodeExperiment accepts (characters after `#`). */
export const MAX_LINK_CHARS = 64 * 1024;
/** The most JSON a link may inflate to (bytes); inflation stops as soon as more comes out. */
export const MAX_JSON_BYTES = 1024 * 1024;
/** The view-options format this module writes and reads: the `v1` in `~v1.…`. */
export const VIEW_FORMAT = 1;
/** The most JSON a link's view part may inflate to (bytes). */
export const MAX_VIEW_JSON_BYTES = 4096;
/** Between the experiment (or lesson) and the view options: not a base64url character. */
const VIEW_SEPARATOR = '~';
/** What a lesson link's fragment starts with: `#lesson=learning-rate`. */
const LESSON_PREFIX = 'lesson=';

/** Input is fed to the inflater in pieces this large, so one piece inflates to at most ~1 MiB (deflate's
 *  best ratio is about 1032:1) before the size limit is checked again. */
const INFLATE_CHUNK = 1024;

/**
 * Why a link cannot be read or written, by code, in English and Simplified Chinese: the error's message
 * is the English (the CLI's, the library's), the page shows linkMessage(error, lang). {what} and {body}
 * are phrases of this table (linkPart.*), rendered in the same language; {reason}, the browser's or
 * JSON.parse's own English words, is left out of the Chinese.
 */
export const LINK_TEXT = Object.freeze({
  notBase64: { en: 'the link is damaged: its payload is not base64url text (was it cut or edited?)', zh: '链接已损坏：其内容不是 base64url 文本（是否被截断或改动过？）' },
  notInflate: { en: 'the link is damaged: its payload does not inflate ({reason})', zh: '链接已损坏：其内容无法解压（数据不是有效的压缩数据）' },
  inflatesTooLarge: { en: 'the link is refused: its {what} inflates to more than {limit} bytes', zh: '链接被拒绝：其{what}解压后超过 {limit} 字节' },
  tooLargeJson: { en: 'this experiment is too large for a link: {bytes} bytes of JSON, the limit is {limit}; save it as a file instead', zh: '这个实验太大，无法放进链接：JSON 为 {bytes} 字节，上限为 {limit}；请改为保存成文件' },
  tooLargeJsonPart: { en: 'this experiment is too large for a link: {bytes} bytes of JSON ({part}), the limit is {limit}; save it as a file instead', zh: '这个实验太大，无法放进链接：JSON 为 {bytes} 字节（{part}），上限为 {limit}；请改为保存成文件' },
  tooLongLink: { en: 'this experiment is too large for a link: {chars} characters, the limit is {limit}; save it as a file instead', zh: '这个实验太大，无法放进链接：{chars} 个字符，上限为 {limit}；请改为保存成文件' },
  tooLongLinkPart: { en: 'this experiment is too large for a link: {chars} characters ({part}), the limit is {limit}; save it as a file instead', zh: '这个实验太大，无法放进链接：{chars} 个字符（{part}），上限为 {limit}；请改为保存成文件' },
  notString: { en: 'a link must be a string, not {type}', zh: '链接必须是字符串，而不是 {type}' },
  noExperiment: { en: 'this URL holds no experiment: it has no #e1.… part', zh: '这个网址中没有实验：它没有 #e1.… 部分' },
  tooLongFragment: { en: 'the link is refused: {chars} characters after #, the limit is {limit}', zh: '链接被拒绝：# 之后有 {chars} 个字符，上限为 {limit}' },
  lessonLink: { en: 'this is a lesson link (#{link}): it opens a lesson in the page and holds no experiment; open the lesson and use "Copy link"', zh: '这是一个课程链接（#{link}）：它在页面中打开一节课，不包含实验；请打开这节课，再使用“复制链接”' },
  notLessonId: { en: 'this lesson link names no lesson: {id} is not a lesson id (lowercase letters, digits and single hyphens)', zh: '这个课程链接没有指向任何课程：{id} 不是课程编号（小写字母、数字和单个连字符）' },
  noSuchLesson: { en: 'this lesson link names no lesson: no lesson {id} (lessons: {lessons})', zh: '这个课程链接没有指向任何课程：没有课程 {id}（现有课程：{lessons}）' },
  notDescent: { en: 'this is not a descent link: expected {expected}, found {found}', zh: '这不是 descent 链接：应为 {expected}，实际为 {found}' },
  newer: { en: 'this link was made by a newer descent (format {format}); this version reads {reads}', zh: '这个链接由更新版本的 descent 生成（格式 {format}）；此版本读取 {reads}' },
  newerView: { en: 'this link was made by a newer descent (view part format {format}); this version reads {reads}', zh: '这个链接由更新版本的 descent 生成（视图部分格式 {format}）；此版本读取 {reads}' },
  unknownFormat: { en: 'unknown link format {format}; this version reads {reads}', zh: '未知的链接格式 {format}；此版本读取 {reads}' },
  unknownViewFormat: { en: 'unknown view part format {format}; this version reads {reads}', zh: '未知的视图部分格式 {format}；此版本读取 {reads}' },
  notUtf8: { en: 'the link is damaged: its {body} is not UTF-8 text', zh: '链接已损坏：其{body}不是 UTF-8 文本' },
  notJson: { en: 'the link is damaged: its {body} is not JSON ({reason})', zh: '链接已损坏：其{body}不是有效的 JSON' },
  viewTooLarge: { en: 'these view options are too large for a link: {bytes} bytes of JSON, the limit is {limit}', zh: '这些视图选项太大，无法放进链接：JSON 为 {bytes} 字节，上限为 {limit}' },
  tooLongWithView: { en: 'this experiment is too large for a link with view options: {chars} characters, the limit is {limit}; save it as a file instead', zh: '这个实验加上视图选项太大，无法放进链接：{chars} 个字符，上限为 {limit}；请改为保存成文件' },
  notLessonIdPlain: { en: 'not a lesson id: {id}', zh: '不是课程编号：{id}' },
  noLesson: { en: 'no lesson {id} (lessons: {lessons})', zh: '没有课程 {id}（现有课程：{lessons}）' },
  'linkPart.experiment': { en: 'experiment', zh: '实验' },
  'linkPart.payload': { en: 'payload', zh: '内容' },
  'linkPart.view': { en: 'view part', zh: '视图部分' },
  'linkPart.expectExperiment': { en: `#e${LINK_FORMAT}.… after #`, zh: `# 之后为 #e${LINK_FORMAT}.…` },
  'linkPart.expectView': { en: `${VIEW_SEPARATOR}v${VIEW_FORMAT}.… after ${VIEW_SEPARATOR}`, zh: `${VIEW_SEPARATOR} 之后为 ${VIEW_SEPARATOR}v${VIEW_FORMAT}.…` },
});

/** The text of link code `code` in `lang` ('en' | 'zh'), {linkPart: …} vars rendered in the same language. */
function linkText(code, vars, lang) {
  return LINK_TEXT[code][lang].replace(/\{(\w+)\}/g, (m, name) => {
    const v = vars[name];
    return v && typeof v === 'object' && typeof v.linkPart === 'string' ? LINK_TEXT[`linkPart.${v.linkPart}`][lang] : String(v);
  });
}

/** A share link that cannot be read (or an experiment that cannot be written as one): `code` and `vars` (LINK_TEXT); message in English. */
export class LinkError extends Error {
  constructor(code, vars = {}, options) {
    super(linkText(code, vars, 'en'), options);
    this.name = 'LinkError';
    this.code = code;
    this.vars = vars;
  }
}

/** A LinkError's message in `lang` ('en' | 'zh'). */
export const linkMessage = (error, lang = 'en') => linkText(error.code, error.vars, lang === 'zh' ? 'zh' : 'en');

// ---- Minimal form --------------------------------------------------------------------------------

/** Deep equality of JSON-like values; numbers compare with Object.is (so 0 and -0 differ). */
function deepEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length
      && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
  }
  return false;
}

/** An object with `entries` as own properties in key order (Object.fromEntries: even a "__proto__"
 *  key stays data). */
const sorted = (entries) => Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * The minimal form of a normalized experiment: `version` and only the fields that the defaults would
 * not fill in with the same value. Built in one pass over the schema tables, the way
 * validateExperiment reads a document (schema.js): field by field in table order, each default taken
 * in the context the reader would see (the object read so far, the experiment read so far, the run's
 * index, the training-set size), so conditional defaults (an optimizer's hyperparameters depend on its
 * kind, a generator's parameters on the generator, a run's init on the experiment's) need no table of
 * their own here. A field goes when its value equals that default, or when a table's check restores it
 * (a run with neither iterations nor epochs gets the default budget); an object goes whole when it
 * equals its default object (`data`, a run's `optimizer`); array items are kept (a run is never
 * dropped) but their fields are minimized. Nothing is validated: the caller has the normalized
 * experiment. Guarantee: validateExperiment(minimize(n)) deep-equals n (tests/node/minimize.test.js).
 * @param {object} normalized an experiment as returned by validateExperiment
 * @returns {object} a new object with sorted keys; `normalized` is not modified
 */
export function minimize(normalized) {
  const root = {}; // the experiment as the reader builds it: ctx.root of the tables' functions
  const ctx = {
    root,
    source: normalized, // schema.js ctx.source: what the document says (data's default follows model.kind)
    index: 0,
    nTrain: nTrainOf(root), // experiment.js's ctx.nTrain
  };
  const minimal = minimalObject(SCHEMA.experiment, normalized, ctx, root);
  minimal.version = normalized.version ?? SCHEMA_VERSION; // always written: it says which defaults apply
  return sorted(Object.entries(minimal));
}

/** What the reader fills in for an absent field, normalized; undefined when there is nothing to fill. */
function defaultOf(spec, self, ctx) {
  if (spec.required) return undefined;
  const raw = rawDefault(spec, self, ctx);
  // Object defaults are raw input ({kind: 'sgd', lr: 0.1}, {}, the seed runs): read them as the reader would.
  const read = (table, input, index = ctx.index) => readDocument(table, input, { root: ctx.root, nTrain: ctx.nTrain, index, source: ctx.source });
  try {
    if (spec.type === 'object' && isObject(raw)) return read(spec.table, raw);
    if (spec.type === 'array' && spec.item.type === 'object' && Array.isArray(raw)) return raw.map((item, i) => read(spec.item.table, item, i));
  } catch (error) {
    if (error instanceof ExperimentError) return undefined; // a default that does not fit here: keep the field
    throw error;
  }
  return raw;
}

/**
 * The minimal form of `value`, an object of `table` (normalized). `self` receives the fields as the
 * reader would have them while it reads (the experiment's root object is its own `self`).
 */
function minimalObject(table, value, ctx, self = {}) {
  const out = [];
  let restored = null; // `value` with the fields dropped so far at their defaults, before table.check
  for (const name of Object.keys(table.fields)) {
    if (!Object.hasOwn(value, name)) continue; // the field does not apply to this kind
    const spec = specFor(table.fields[name], self);
    const v = value[name];
    const fill = table === SCHEMA.experiment && name === 'version' ? undefined : defaultOf(spec, self, ctx);
    if (fill !== undefined && deepEqual(fill, v)) {
      self[name] = v;
      continue;
    }
    if (fill !== undefined && table.check && !COMPOUND.has(spec.type) && restoredByCheck(table, value, restored ??= { ...value }, name, fill, ctx)) {
      self[name] = fill; // as the reader has it until the check runs
      continue;
    }
    out.push([name, minimalValue(spec, v, ctx)]);
    self[name] = v;
  }
  return sorted(out);
}

/** Field types whose values are minimized inside rather than restored by a table's check. */
const COMPOUND = new Set(['object', 'array', 'dimension', 'rows']);

/**
 * True when the reader, given `candidate` (the object with the fields dropped so far at their
 * defaults) with `name` also at its default `fill`, gets `value` back from the table's check (which may
 * set a field: a run's budget). On success `candidate` keeps `name` at `fill`.
 */
function restoredByCheck(table, value, candidate, name, fill, ctx) {
  const trial = { ...candidate, [name]: fill };
  let reported = false;
  table.check(trial, () => { reported = true; }, ctx, trial);
  if (reported || !deepEqual(trial, value)) return false;
  candidate[name] = fill;
  return true;
}

/** A kept field's value in minimal form: objects minimized by their table, arrays copied. */
function minimalValue(spec, v, ctx) {
  if (Array.isArray(v)) {
    if (spec.type === 'array' && spec.item.type === 'object') {
      const outer = ctx.index; // a run's schedulers keep the run's index for the fields after them
      const items = v.map((item, i) => {
        ctx.index = i;
        return isObject(item) ? minimalObject(spec.item.table, item, ctx) : item;
      });
      ctx.index = outer;
      return items;
    }
    return spec.type === 'rows' ? structuredClone(v) : v.slice(); // rows: a deep copy; lists of numbers or values
  }
  if (isObject(v)) {
    if (spec.type === 'object') return minimalObject(spec.table, v, ctx);
    if (spec.type === 'dimension' && spec.range) return minimalObject(spec.range, v, ctx);
  }
  return v;
}

// ---- base64url (RFC 4648 §5, no padding) ---------------------------------------------------------

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** @param {Uint8Array} bytes @returns {string} */
function toBase64url(bytes) {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += ALPHABET[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

/** @param {string} text base64url without padding @returns {Uint8Array} */
function fromBase64url(text) {
  if (!BASE64URL.test(text) || text.length % 4 === 1) {
    throw new LinkError('notBase64');
  }
  const bytes = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let acc = 0;
  let j = 0;
  for (const char of text) {
    acc = (acc << 6) | ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[j++] = (acc >> bits) & 255;
    }
  }
  return bytes;
}

// ---- deflate-raw through the platform's CompressionStream ----------------------------------------

/** @param {Uint8Array} bytes @returns {Promise<Uint8Array>} */
async function deflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Inflates deflate-raw bytes, refusing output over `limit` bytes. Input goes in INFLATE_CHUNK pieces
 * and the output is read as it comes, so stream backpressure keeps memory near `limit` however
 * much the input would inflate to.
 * @param {Uint8Array} bytes @param {number} limit @returns {Promise<Uint8Array>}
 */
async function inflate(bytes, limit, what = 'experiment') { // what: the part, for the message
  const inflater = new DecompressionStream('deflate-raw');
  const writer = inflater.writable.getWriter();
  const reader = inflater.readable.getReader();
  let stopped = false;
  const feeding = (async () => {
    for (let i = 0; i < bytes.length && !stopped; i += INFLATE_CHUNK) {
      await writer.ready;
      if (stopped) return;
      await writer.write(bytes.subarray(i, i + INFLATE_CHUNK));
    }
    if (!stopped) await writer.close();
  })();
  feeding.catch(() => {}); // its failures surface through reader.read() below

  const chunks = [];
  let total = 0;
  try {
    for (;;) {
      let result;
      try {
        result = await reader.read();
      } catch (error) {
        throw new LinkError('notInflate', { reason: error.message }, { cause: error });
      }
      if (result.done) break;
      total += result.value.byteLength;
      if (total > limit) {
        throw new LinkError('inflatesTooLarge', { what: { linkPart: what === 'experiment' ? 'experiment' : 'view' }, limit });
      }
      chunks.push(result.value);
    }
    await feeding;
  } catch (error) {
    stopped = true;
    reader.cancel().catch(() => {});
    writer.abort().catch(() => {});
    if (error instanceof LinkError) throw error;
    throw new LinkError('notInflate', { reason: error.message }, { cause: error });
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

// ---- Public API ------------------------------------------------------------------------------------

/** Text as a JSON string with every control character escaped (JSON leaves DEL and C1 as they are):
 *  messages reach terminals. */
const quote = (text) => JSON.stringify(text).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * Writes an experiment as a link fragment (without the `#`).
 * @param {object} experiment any experiment document; validated first
 * @returns {Promise<string>} `e1.<base64url>`
 * @throws {ExperimentError} the experiment is invalid (`.issues` names each field)
 * @throws {LinkError} the experiment is too large for a link
 */
export async function encodeExperiment(experiment) {
  const normalized = validateExperiment(experiment);
  // Inline rows are never dropped (they have no default), so their JSON is part of every link of this
  // experiment: measure it first and refuse large data before minimize copies it.
  await fitsInlineData(normalized);
  return fitsInLink(new TextEncoder().encode(JSON.stringify(minimize(normalized))));
}

/**
 * Writes an experiment already in minimal form (minimize's output) as a link fragment, without
 * validating or minimizing it again: for a caller that keeps the minimal form of what it shows.
 * @param {object} minimal minimize(validateExperiment(…))
 * @returns {Promise<string>} `e1.<base64url>`
 * @throws {LinkError} the experiment is too large for a link
 */
export async function encodeMinimal(minimal) {
  await fitsInlineData(minimal);
  return fitsInLink(new TextEncoder().encode(JSON.stringify(minimal)));
}

/** Refuses inline data that alone is too large for a link (a LinkError saying so), before the rest is written. */
async function fitsInlineData(experiment) {
  if (experiment.data?.kind === 'inline') {
    await fitsInLink(new TextEncoder().encode(JSON.stringify({ X: experiment.data.X, y: experiment.data.y })), 'its inline data alone');
  }
}

/**
 * The fragment for JSON bytes, or a LinkError when they are over MAX_JSON_BYTES (checked before
 * deflating) or give a fragment over MAX_LINK_CHARS.
 * @param {Uint8Array} json
 * @param {string} [part] what the bytes are when they are only part of the experiment
 * @returns {Promise<string>}
 */
async function fitsInLink(json, part) {
  if (json.byteLength > MAX_JSON_BYTES) {
    throw new LinkError(part ? 'tooLargeJsonPart' : 'tooLargeJson', { bytes: json.byteLength, limit: MAX_JSON_BYTES, ...(part ? { part } : {}) });
  }
  const fragment = `e${LINK_FORMAT}.${toBase64url(await deflate(json))}`;
  if (fragment.length > MAX_LINK_CHARS) {
    throw new LinkError(part ? 'tooLongLinkPart' : 'tooLongLink', { chars: fragment.length, limit: MAX_LINK_CHARS, ...(part ? { part } : {}) });
  }
  return fragment;
}

/** The part of a link after `#` (the whole text when it has no `#`), refused over MAX_LINK_CHARS. */
function fragmentOf(link) {
  if (typeof link !== 'string') throw new LinkError('notString', { type: link === null ? 'null' : typeof link });
  const text = link.trim();
  const hash = text.indexOf('#');
  let fragment;
  if (hash >= 0) {
    fragment = text.slice(hash + 1);
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    throw new LinkError('noExperiment');
  } else {
    fragment = text;
  }
  if (fragment.length > MAX_LINK_CHARS) {
    throw new LinkError('tooLongFragment', { chars: fragment.length, limit: MAX_LINK_CHARS });
  }
  return fragment;
}

/** A fragment's parts: what it opens (`e1.…` or `lesson=ID`) and its view options (`v1.…`, or null). */
function partsOf(fragment) {
  const at = fragment.indexOf(VIEW_SEPARATOR);
  return at < 0 ? { main: fragment, view: null } : { main: fragment.slice(0, at), view: fragment.slice(at + 1) };
}

/**
 * Reads a link back into a validated, normalized experiment. View options (`~v1.…`, see decodeLink)
 * are ignored, unread: the experiment is the same with or without them (the CLI runs it).
 * @param {string} link a full URL (`https://host/#e1.…`), a fragment (`#e1.…`) or a bare `e1.…`
 * @returns {Promise<object>} the normalized experiment, as validateExperiment returns it
 * @throws {LinkError} the link cannot be read (format, damage, size), or it is a lesson link
 * @throws {ExperimentError} the link reads, but the experiment in it is invalid (`.issues`)
 */
export async function decodeExperiment(link) {
  const { main } = partsOf(fragmentOf(link));
  if (main.startsWith(LESSON_PREFIX)) {
    throw new LinkError('lessonLink', { link: shorten(main) });
  }
  return validateExperiment(await readPayload(main, 'e', LINK_FORMAT, MAX_JSON_BYTES, 'experiment'));
}

/**
 * Reads a whole link as the page opens it: the experiment or the lesson it opens, and its view options.
 * @param {string} link as decodeExperiment takes it, or `#lesson=ID`, either followed by `~v1.…`
 * @param {{lessons?: string[]}} [context] lessons: the lesson ids that exist (checked when given)
 * @returns {Promise<{experiment: object|null, lesson: string|null, view: object|null}>} experiment:
 *   normalized (null for a lesson link); lesson: the id of a lesson link; view: normalized view options
 *   (null when the link has none)
 * @throws {LinkError} the link or its view part cannot be read, or names no lesson
 * @throws {ExperimentError} the experiment is invalid
 * @throws {ViewError} the view options are invalid (a ViewError is an ExperimentError too)
 */
export async function decodeLink(link, { lessons } = {}) {
  const fragment = fragmentOf(link);
  const parts = partsOf(fragment);
  let lesson = null;
  let experiment = null;
  if (parts.main.startsWith(LESSON_PREFIX)) {
    lesson = parts.main.slice(LESSON_PREFIX.length);
    if (!LESSON_ID.test(lesson)) throw new LinkError('notLessonId', { id: quote(shorten(lesson)) });
    if (lessons && !lessons.includes(lesson)) throw new LinkError('noSuchLesson', { id: quote(lesson), lessons: lessons.join(', ') });
  } else {
    experiment = await decodeExperiment(parts.main);
  }
  if (parts.view === null) return { experiment, lesson, view: null };
  const view = validateViewOptions(await readPayload(parts.view, 'v', VIEW_FORMAT, MAX_VIEW_JSON_BYTES, 'view part'), { lessons });
  return { experiment, lesson, view };
}

/** Text cut to 20 characters for a message. */
const shorten = (text) => (text.length > 20 ? `${text.slice(0, 20)}…` : text);

/**
 * The JSON value in one part of a fragment, `<letter><format>.<base64url(deflate-raw(JSON))>`.
 * @param {string} part @param {string} letter 'e' or 'v' @param {number} version the format this module reads
 * @param {number} limit largest JSON (bytes)
 * @param {string} what the part, for messages: 'experiment' or 'view part'
 * @returns {Promise<unknown>}
 */
async function readPayload(part, letter, version, limit, what) {
  const body = { linkPart: what === 'experiment' ? 'payload' : 'view' };
  const match = new RegExp(`^${letter}(\\d{1,9})\\.(.*)$`, 's').exec(part);
  if (!match) {
    const expected = { linkPart: letter === 'e' ? 'expectExperiment' : 'expectView' };
    throw new LinkError('notDescent', { expected, found: quote(shorten(part)) });
  }
  const format = Number(match[1]);
  const view = what !== 'experiment';
  if (format > version) {
    throw new LinkError(view ? 'newerView' : 'newer', { format: `${letter}${format}`, reads: `${letter}${version}` });
  }
  if (format !== version) {
    throw new LinkError(view ? 'unknownViewFormat' : 'unknownFormat', { format: `${letter}${match[1]}`, reads: `${letter}${version}` });
  }
  const bytes = await inflate(fromBase64url(match[2]), limit, what);
  let json;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new LinkError('notUtf8', { body }, { cause: error });
  }
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new LinkError('notJson', { body, reason: error.message }, { cause: error });
  }
}

/**
 * Writes view options as the fragment's view part (without the `~`), or '' when every option is at
 * its default (the link is then a plain share link).
 * @param {object} options any view options; validated first
 * @param {{lessons?: string[]}} [context] as validateViewOptions takes it
 * @returns {Promise<string>} `v1.<base64url>` or ''
 * @throws {ViewError} the options are invalid
 */
export async function encodeView(options, context) {
  const minimal = minimizeView(validateViewOptions(options, context));
  if (Object.keys(minimal).length === 0) return '';
  const json = new TextEncoder().encode(JSON.stringify(minimal));
  if (json.byteLength > MAX_VIEW_JSON_BYTES) throw new LinkError('viewTooLarge', { bytes: json.byteLength, limit: MAX_VIEW_JSON_BYTES });
  return `v${VIEW_FORMAT}.${toBase64url(await deflate(json))}`;
}

/**
 * A classroom URL: the share URL of an experiment in minimal form with view options after it.
 * @param {object} minimal minimize(validateExperiment(…))
 * @param {object} options view options (validated; all at their defaults: the plain share URL)
 * @param {string} baseUrl
 * @param {{lessons?: string[]}} [context] as validateViewOptions takes it
 * @returns {Promise<string>}
 * @throws {ViewError} the options are invalid
 * @throws {LinkError} the experiment (or the options) are too large for a link
 */
export async function classroomUrl(minimal, options, baseUrl, context) {
  const view = await encodeView(options, context);
  const fragment = await encodeMinimal(minimal);
  const whole = view ? `${fragment}${VIEW_SEPARATOR}${view}` : fragment;
  if (whole.length > MAX_LINK_CHARS) {
    throw new LinkError('tooLongWithView', { chars: whole.length, limit: MAX_LINK_CHARS });
  }
  return withFragment(baseUrl, whole);
}

/**
 * The URL that opens a lesson (its own experiment, its card), `#lesson=ID`, with view options after it
 * when any differs from its default.
 * @param {string} id a lesson id
 * @param {string} baseUrl
 * @param {object} [options] view options (validated)
 * @param {{lessons?: string[]}} [context]
 * @returns {Promise<string>}
 */
export async function lessonUrl(id, baseUrl, options = {}, context = {}) {
  if (typeof id !== 'string' || !LESSON_ID.test(id)) throw new LinkError('notLessonIdPlain', { id: quote(shorten(String(id))) });
  if (context.lessons && !context.lessons.includes(id)) throw new LinkError('noLesson', { id: quote(id), lessons: context.lessons.join(', ') });
  const view = await encodeView(options, context);
  return withFragment(baseUrl, `${LESSON_PREFIX}${id}${view ? `${VIEW_SEPARATOR}${view}` : ''}`);
}

/**
 * The share URL of an experiment: `baseUrl` without its fragment, then `#e1.…`.
 * @param {object} experiment any experiment document; validated first
 * @param {string} baseUrl e.g. location.href
 * @returns {Promise<string>}
 */
export async function experimentUrl(experiment, baseUrl) {
  return withFragment(baseUrl, await encodeExperiment(experiment));
}

/**
 * The share URL of an experiment in minimal form (see encodeMinimal): `baseUrl` without its fragment,
 * then `#e1.…`.
 * @param {object} minimal minimize(validateExperiment(…))
 * @param {string} baseUrl
 * @returns {Promise<string>}
 */
export async function minimalUrl(minimal, baseUrl) {
  return withFragment(baseUrl, await encodeMinimal(minimal));
}

function withFragment(baseUrl, fragment) {
  const base = String(baseUrl);
  const hash = base.indexOf('#');
  return `${hash >= 0 ? base.slice(0, hash) : base}#${fragment}`;
}
