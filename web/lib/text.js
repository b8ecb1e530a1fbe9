// text.js — small text and value helpers every layer shares (no DOM, no Node built-ins): counts in
// words, the one number formatter, durations, and the plain-object test. One copy each (STYLE.md 17).

/** True for a plain object value (not null, not an array). */
export const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** "1 row", "2 rows": a count and its noun, singular for exactly 1. */
export const plural = (count, noun) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/**
 * A number as people read it, with `digits` significant digits; exponent form below `small` and from
 * `large` on in absolute value. null/undefined give `missing`; ±Infinity and NaN their names.
 * @param {number|null|undefined} v
 * @param {{digits?: number, small?: number, large?: number, trim?: boolean, integers?: boolean,
 *   missing?: string}} [options]
 *   trim: drop trailing zeros (0.1000 → 0.1, 1.500e-5 → 1.5e-5); without it a table's columns line up.
 *   integers: whole numbers below `large` are written in full (12345 with 4 digits stays 12345).
 * @returns {string}
 */
export function formatNumber(v, { digits = 6, small = 1e-3, large = 1e6, trim = true, integers = false, missing = '–' } = {}) {
  if (v === null || v === undefined) return missing;
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (integers && Number.isInteger(v) && a < large) return String(v);
  if (a !== 0 && (a < small || a >= large)) {
    const s = v.toExponential(digits - 1);
    return trim ? s.replace(/\.?0+e/, 'e') : s;
  }
  return trim ? String(Number(v.toPrecision(digits))) : v.toPrecision(digits);
}

/** A count in scientific notation when that is exact and short (4e8, 1.024e10), else in full. */
export function formatCount(v) {
  return Number(v.toPrecision(6)) === v ? v.toExponential().replace('e+', 'e') : String(v);
}

/** A rough figure: scientific with one decimal from 1e5 (3.2e9), else at most 2 decimals. */
export function formatRough(v) {
  return v >= 1e5 ? v.toExponential(1).replace('e+', 'e') : String(Math.round(v * 100) / 100);
}

/**
 * A duration: "0.42 ms", "< 0.01 ms", "850 ms", "12.3 s", "4 min", "2 h 5 min".
 * @param {number} ms
 * @param {{rough?: boolean}} [options] rough: whole seconds and nothing finer ("12 s"), for estimates
 *   such as the time left
 * @returns {string}
 */
export function formatDuration(ms, { rough = false } = {}) {
  if (!(ms >= 0)) return '–';
  if (rough) {
    const s = Math.round(ms / 1000);
    if (s < 60) return `${s} s`;
  } else if (ms < 0.01) {
    return ms === 0 ? '0 ms' : '< 0.01 ms';
  } else if (ms < 10) {
    return `${Number(ms.toPrecision(2))} ms`;
  } else if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  } else if (ms < 60000) {
    return `${(ms / 1000).toFixed(1)} s`;
  }
  const min = Math.round(ms / 60000);
  return min < 60 ? `${min} min` : `${Math.floor(min / 60)} h ${min % 60} min`;
}

/** An integer with thousands separators: 1,234,567 (not toLocaleString: the page calls this every frame). */
export const formatGrouped = (v) => String(Math.round(v)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** An axis tick: at most 3 significant digits, exponents without "+" or padding: 1e9, 0.001, 5e-4, 250. */
export function formatTick(v) {
  return formatNumber(v, { digits: 3, small: 1e-3, large: 1e5 }).replace('e+', 'e');
}

/** Epochs as people read them: whole numbers as they are, else 3 significant digits (2.82, 43.5, 0.125). */
export const formatEpochs = (v) => (Number.isInteger(v) ? String(v) : formatNumber(v, { digits: 3 }));

/** A fraction as a percentage with one decimal: 0.9125 → "91.3%" (null/NaN: "–"). */
export const formatPercent = (v) => (typeof v === 'number' && Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : '–');

/** A file name made from an experiment name: letters, digits, '-' only. */
export function fileStem(name) {
  const stem = String(name ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return stem || 'experiment';
}
