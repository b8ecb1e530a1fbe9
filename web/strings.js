// strings.js — every user-visible string of the page's interface and the number formatting of the
// current language. The strings live in strings/*.js, one file per part of the page, each key with its
// English and its Simplified Chinese side by side ({en: '…', zh: '…'}); the lessons' own texts live in
// their files and the cards' in cards.js, in the same shape. `text()` falls back to English only for a
// language that has no table; a key missing a language is an error at load (so is a key in two files).
// Placeholders are {name}; no sentence is glued from fragments. Counts pick `key.one` / `key.other` by
// Intl.PluralRules (countText).

import { formatNumber as formatPlain } from './lib/text.js';
import charts from './strings/charts.js';
import classroom from './strings/classroom.js';
import controls from './strings/controls.js';
import files from './strings/files.js';
import lessons from './strings/lessons.js';
import notes from './strings/notes.js';
import page from './strings/page.js';
import training from './strings/training.js';
import tune from './strings/tune.js';

/** The languages of the switch: code → its own name and the locale of its numbers. */
export const LANGUAGES = Object.freeze({
  en: { name: 'English', locale: 'en' },
  zh: { name: '中文', locale: 'zh-CN' },
});

/**
 * One table per language (`STRINGS.zh['toolbar.step']`) from the parts' {key: {en, zh}} entries.
 * @param {Record<string, Record<string, {en: string, zh: string}>>} parts file name → its entries
 */
function tables(parts) {
  const out = Object.fromEntries(Object.keys(LANGUAGES).map((lang) => [lang, {}]));
  const home = {};
  for (const [file, entries] of Object.entries(parts)) {
    for (const [key, entry] of Object.entries(entries)) {
      if (Object.hasOwn(home, key)) throw new Error(`strings: ${key} is in strings/${home[key]}.js and strings/${file}.js`);
      home[key] = file;
      for (const lang of Object.keys(LANGUAGES)) {
        if (typeof entry[lang] !== 'string') throw new Error(`strings/${file}.js: ${key} has no ${lang}`);
        out[lang][key] = entry[lang];
      }
    }
  }
  return out;
}

export const STRINGS = tables({ page, lessons, classroom, training, charts, notes, files, tune, controls });

/** The page's language. */
let language = 'en';

/** Sets the language of text() (unknown languages fall back to English). */
export function setLanguage(lang) {
  language = Object.hasOwn(STRINGS, lang) ? lang : 'en';
}

/** The current language. */
export const currentLanguage = () => language;

/**
 * The string `key` in the current language with {placeholders} filled.
 * @param {string} key @param {Record<string, string|number>} [vars]
 */
export function text(key, vars = {}) {
  const template = STRINGS[language]?.[key] ?? STRINGS.en[key];
  if (template === undefined) throw new Error(`strings.js: no string ${key}`);
  return template.replace(/\{(\w+)\}/g, (m, name) => (Object.hasOwn(vars, name) ? String(vars[name]) : m));
}

/** True when string `key` exists (in the current language or English). */
export const hasText = (key) => STRINGS[language]?.[key] !== undefined || STRINGS.en[key] !== undefined;

/**
 * A count with its noun in the current language: `key.one` or `key.other` (Intl.PluralRules; Chinese
 * has only `other`) with {count} the formatted number.
 * @param {string} key @param {number} count @param {Record<string, string|number>} [vars]
 */
export function countText(key, count, vars = {}) {
  const rule = new Intl.PluralRules(LANGUAGES[language].locale).select(count);
  const exact = `${key}.${rule}`;
  const has = STRINGS[language]?.[exact] !== undefined || STRINGS.en[exact] !== undefined;
  return text(has ? exact : `${key}.other`, { ...vars, count: formatGrouped(count) });
}

const formatters = new Map();
/** An Intl.NumberFormat of the current language for `options`, made once. */
function numberFormat(options) {
  const key = `${language} ${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LANGUAGES[language].locale, options);
    formatters.set(key, format);
  }
  return format;
}

/**
 * A number in the current language's format (Intl.NumberFormat), with lib/text.js's rules for how
 * many digits and when to write an exponent: `digits` significant digits, exponent form (1.5e-5, as in
 * the code and the exports) below `small` and from `large` on. Options as lib/text.js formatNumber.
 * @param {number|null|undefined} v
 * @param {{digits?: number, small?: number, large?: number, trim?: boolean, integers?: boolean,
 *   missing?: string}} [options]
 * @returns {string}
 */
export function formatNumber(v, options = {}) {
  const { digits = 6, small = 1e-3, large = 1e6, trim = true, integers = false } = options;
  if (v === null || v === undefined || !Number.isFinite(v)) return formatPlain(v, options);
  const a = Math.abs(v);
  if (integers && Number.isInteger(v) && a < large) return numberFormat({ maximumFractionDigits: 0 }).format(v);
  if (a !== 0 && (a < small || a >= large)) return formatPlain(v, options);
  return numberFormat({ maximumSignificantDigits: digits, minimumSignificantDigits: trim ? 1 : digits }).format(v);
}

/** An integer with the current language's grouping: 1,234,567. */
export const formatGrouped = (v) => numberFormat({ maximumFractionDigits: 0 }).format(Math.round(v));

/** A fraction as a percentage with one decimal in the current language: 0.9125 → "91.3%" (else "–"). */
export const formatPercent = (v) => (typeof v === 'number' && Number.isFinite(v)
  ? numberFormat({ style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v) : '–');

/** Functions called after the language changes, to re-render what their module wrote. */
const listeners = new Set();

/** Calls `render` after every change of language (language.js announces it). */
export function onLanguage(render) {
  listeners.add(render);
}

/** Calls every onLanguage listener (language.js, once the static text is redone). */
export function announceLanguage() {
  for (const render of listeners) render(language);
}

/**
 * A localised field of a data file ({en: '…', zh: '…'}): the current language's, else English's.
 * @param {{[lang: string]: string}} field
 */
export function localized(field) {
  if (typeof field === 'string') return field;
  return field?.[language] ?? field?.en ?? '';
}

/**
 * A duration in the current language, with lib/text.js formatDuration's rules for the unit and the
 * digits: "815 ms", "1.5 s", "3 min", "1 h 5 min"; rough: whole seconds below a minute.
 * @param {number} ms @param {{rough?: boolean}} [options]
 */
export function formatDuration(ms, { rough = false } = {}) {
  if (!(ms >= 0)) return '–';
  if (rough) {
    const s = Math.round(ms / 1000);
    if (s < 60) return text('duration.s', { value: formatGrouped(s) });
  } else if (ms < 0.01) {
    return ms === 0 ? text('duration.ms', { value: formatGrouped(0) }) : text('duration.tiny');
  } else if (ms < 10) {
    return text('duration.ms', { value: formatNumber(ms, { digits: 2 }) });
  } else if (ms < 1000) {
    return text('duration.ms', { value: formatGrouped(ms) });
  } else if (ms < 60000) {
    return text('duration.s', { value: numberFormat({ minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ms / 1000) });
  }
  const min = Math.round(ms / 60000);
  return min < 60 ? text('duration.min', { value: formatGrouped(min) }) : text('duration.h', { h: formatGrouped(Math.floor(min / 60)), min: formatGrouped(min % 60) });
}
