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

import { validateExperiment, ExperimentError, SCHEMA_VERSION } from './experiment.js';

/** The link format this module writes and reads: the `e1` in `#e1.…`. */
export const LINK_FORMAT = 1;
/** The longest fragment decodeExperiment accepts (characters after `#`). */
export const MAX_LINK_CHARS = 64 * 1024;
/** The most JSON a link may inflate to (bytes); inflation stops as soon as more comes out. */
export const MAX_JSON_BYTES = 1024 * 1024;

/** Input is fed to the inflater in pieces this large, so one piece inflates to at most ~1 MiB (deflate's
 *  best ratio is about 1032:1) before the size limit is checked again. */
const INFLATE_CHUNK = 1024;

/** A share link that cannot be read (or an experiment that cannot be written as one). */
export class LinkError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'LinkError';
  }
}

// ---- Minimal form --------------------------------------------------------------------------------

const isPlainObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Deep equality of JSON-like values; numbers compare with Object.is (so 0 and -0 differ). */
function deepEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length
      && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
  }
  return false;
}

/** A copy of a JSON-like value with object keys sorted (Object.fromEntries defines own properties,
 *  so even a "__proto__" key stays data). */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]));
}

/** True when `candidate` validates to exactly `normalized`. */
function meansSame(candidate, normalized) {
  try {
    return deepEqual(validateExperiment(candidate), normalized);
  } catch (error) {
    if (error instanceof ExperimentError) return false;
    throw error;
  }
}

/**
 * The minimal form of a normalized experiment: `version` and only the fields that the defaults would
 * not fill in with the same value. A field is dropped when the experiment without it still validates
 * to exactly `normalized`, so conditional defaults (an optimizer's hyperparameters depend on its kind,
 * a generator's parameters on the generator) need no table of their own here: experiment.js's
 * defaults are the one source. Whole objects (`data`, a run's `schedule`) go at once when they can;
 * array items are kept (a run is never dropped) but their fields are minimized.
 * Guarantee: validateExperiment(minimize(n)) deep-equals n.
 * @param {object} normalized an experiment as returned by validateExperiment
 * @returns {object} a new object with sorted keys; `normalized` is not modified
 */
export function minimize(normalized) {
  const minimal = structuredClone(normalized);
  const prune = (node) => {
    if (Array.isArray(node)) {
      for (const item of node) prune(item);
      return;
    }
    if (!isPlainObject(node)) return;
    for (const key of Object.keys(node)) {
      if (node === minimal && key === 'version') continue; // always written: it says which defaults apply
      if (node === minimal.data && (key === 'X' || key === 'y')) continue; // inline rows: required, one unit
      const value = node[key];
      delete node[key];
      if (meansSame(minimal, normalized)) continue;
      node[key] = value;
      prune(value);
    }
  };
  prune(minimal);
  if (!meansSame(minimal, normalized)) {
    // Cannot happen when validateExperiment is a pure function of its input; fail loudly if it is not.
    throw new LinkError('internal error: the minimal form of this experiment does not validate to itself');
  }
  minimal.version = normalized.version ?? SCHEMA_VERSION;
  return sortKeys(minimal);
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
    throw new LinkError('the link is damaged: its payload is not base64url text (was it cut or edited?)');
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
async function inflate(bytes, limit) {
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
        throw new LinkError(`the link is damaged: its payload does not inflate (${error.message})`, { cause: error });
      }
      if (result.done) break;
      total += result.value.byteLength;
      if (total > limit) {
        throw new LinkError(`the link is refused: its experiment inflates to more than ${limit} bytes`);
      }
      chunks.push(result.value);
    }
    await feeding;
  } catch (error) {
    stopped = true;
    reader.cancel().catch(() => {});
    writer.abort().catch(() => {});
    if (error instanceof LinkError) throw error;
    throw new LinkError(`the link is damaged: its payload does not inflate (${error.message})`, { cause: error });
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
  // minimize validates the experiment once per field it tries to drop. Inline rows are never dropped
  // (they have no default), so their JSON is part of every link of this experiment: measure it first
  // and refuse large data after one validation, not after dozens.
  if (normalized.data.kind === 'inline') {
    await fitsInLink(new TextEncoder().encode(JSON.stringify({ X: normalized.data.X, y: normalized.data.y })), 'its inline data alone');
  }
  return fitsInLink(new TextEncoder().encode(JSON.stringify(minimize(normalized))));
}

/**
 * The fragment for JSON bytes, or a LinkError when they are over MAX_JSON_BYTES (checked before
 * deflating) or give a fragment over MAX_LINK_CHARS.
 * @param {Uint8Array} json
 * @param {string} [part] what the bytes are when they are only part of the experiment
 * @returns {Promise<string>}
 */
async function fitsInLink(json, part) {
  const of = part ? ` (${part})` : '';
  if (json.byteLength > MAX_JSON_BYTES) {
    throw new LinkError(`this experiment is too large for a link: ${json.byteLength} bytes of JSON${of}, the limit is ${MAX_JSON_BYTES}; save it as a file instead`);
  }
  const fragment = `e${LINK_FORMAT}.${toBase64url(await deflate(json))}`;
  if (fragment.length > MAX_LINK_CHARS) {
    throw new LinkError(`this experiment is too large for a link: ${fragment.length} characters${of}, the limit is ${MAX_LINK_CHARS}; save it as a file instead`);
  }
  return fragment;
}

/**
 * Reads a link back into a validated, normalized experiment.
 * @param {string} link a full URL (`https://host/#e1.…`), a fragment (`#e1.…`) or a bare `e1.…`
 * @returns {Promise<object>} the normalized experiment, as validateExperiment returns it
 * @throws {LinkError} the link cannot be read (format, damage, size)
 * @throws {ExperimentError} the link reads, but the experiment in it is invalid (`.issues`)
 */
export async function decodeExperiment(link) {
  if (typeof link !== 'string') throw new LinkError(`a link must be a string, not ${link === null ? 'null' : typeof link}`);
  const text = link.trim();
  const hash = text.indexOf('#');
  let fragment;
  if (hash >= 0) {
    fragment = text.slice(hash + 1);
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    throw new LinkError('this URL holds no experiment: it has no #e1.… part');
  } else {
    fragment = text;
  }
  if (fragment.length > MAX_LINK_CHARS) {
    throw new LinkError(`the link is refused: ${fragment.length} characters after #, the limit is ${MAX_LINK_CHARS}`);
  }
  const match = /^e(\d{1,9})\.(.*)$/s.exec(fragment);
  if (!match) {
    const shown = fragment.length > 20 ? `${fragment.slice(0, 20)}…` : fragment;
    throw new LinkError(`this is not a descent link: expected #e${LINK_FORMAT}.… after #, found ${quote(shown)}`);
  }
  const format = Number(match[1]);
  if (format > LINK_FORMAT) {
    throw new LinkError(`this link was made by a newer descent (format e${format}); this version reads e${LINK_FORMAT}`);
  }
  if (format !== LINK_FORMAT) {
    throw new LinkError(`unknown link format e${match[1]}; this version reads e${LINK_FORMAT}`);
  }

  const bytes = await inflate(fromBase64url(match[2]), MAX_JSON_BYTES);
  let json;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new LinkError('the link is damaged: its payload is not UTF-8 text', { cause: error });
  }
  let document;
  try {
    document = JSON.parse(json);
  } catch (error) {
    throw new LinkError(`the link is damaged: its payload is not JSON (${error.message})`, { cause: error });
  }
  return validateExperiment(document);
}

/**
 * The share URL of an experiment: `baseUrl` without its fragment, then `#e1.…`.
 * @param {object} experiment any experiment document; validated first
 * @param {string} baseUrl e.g. location.href
 * @returns {Promise<string>}
 */
export async function experimentUrl(experiment, baseUrl) {
  const base = String(baseUrl);
  const hash = base.indexOf('#');
  return `${hash >= 0 ? base.slice(0, hash) : base}#${await encodeExperiment(experiment)}`;
}
