// scales.js — the charts' rules about axes and lines, DOM-free (tests/node/scales.test.js): which y
// range the loss chart shows and when it turns logarithmic, which log ticks get a label, which runs
// draw the same curve and how wide their lines are so that all of them stay visible.

/** Log y turns on by itself when the losses shown span more than this factor. */
export const AUTO_LOG_SPAN = 100;
/** A run with fewer recorded points than this has them drawn as dots ("sparse"). */
export const SPARSE_POINTS = 60;

/**
 * Keeps the ticks of a log axis worth a label (a scale's afterBuildTicks): powers of ten over three
 * decades or more, also 2 and 5 times them over one to three, every tick under one decade; then every
 * k-th of them, so that the labels never crowd (about 60 px apart across, 24 px up).
 */
export function thinLogTicks(scale) {
  if (scale.type !== 'logarithmic' || !(scale.max > scale.min && scale.min > 0)) return;
  const span = Math.log10(scale.max / scale.min);
  const labelled = span >= 3 ? [1] : span >= 1 ? [1, 2, 5] : [1, 2, 3, 4, 5, 6, 7, 8, 9];
  let kept = scale.ticks.filter(({ value }) => {
    const mantissa = value / 10 ** Math.floor(Math.log10(value) + 1e-9);
    return labelled.some((m) => Math.abs(mantissa - m) < 1e-6);
  });
  const room = scale.isHorizontal() ? (scale.width || 300) / 60 : (scale.height || 200) / 24;
  if (kept.length > room) {
    const step = Math.ceil(kept.length / Math.max(2, Math.floor(room)));
    kept = kept.filter((_, k) => k % step === 0);
  }
  if (kept.length >= 2) scale.ticks = kept;
}

/**
 * Line widths that keep coinciding lines visible: items whose vectors agree within 1e-3 (relative)
 * form a group, and inside a group each later item is 2.5 px wider than the one before (Chart.js draws
 * the first dataset on top, so every line of the group shows as a band).
 * @param {(ArrayLike<number>|null)[]} vectors @param {number} base the width of a line alone
 * @returns {number[]}
 */
export function nestedWidths(vectors, base) {
  const close = (a, b) => a && b && a.length === b.length
    && Array.from(a).every((u, k) => Math.abs(u - b[k]) <= 1e-3 * Math.max(Math.abs(u), Math.abs(b[k]), 1e-12));
  const rank = vectors.map(() => 0);
  vectors.forEach((v, i) => {
    for (let j = i - 1; j >= 0; j -= 1) {
      if (close(vectors[j], v)) {
        rank[i] = rank[j] + 1;
        break;
      }
    }
  });
  return rank.map((r) => base + 2.5 * r);
}

/**
 * Runs whose curves of `column` coincide (same recorded iterations, every value within 1e-3
 * relative): for each run, its rank inside its group (0 = first) and the group's size.
 * @param {{cols: object}[]} runs @param {string} [column]
 * @returns {{rank: number, size: number, group: number}[]} group: the index of the group's first run
 */
export function coincidence(runs, column = 'trainLoss') {
  const same = (a, b) => {
    const [ia, ib] = [a.cols.iteration, b.cols.iteration];
    if (ia.length !== ib.length || ia.length < 2) return false;
    for (let k = 0; k < ia.length; k += 1) {
      const [u, v] = [a.cols[column][k], b.cols[column][k]];
      if (ia[k] !== ib[k] || !(Math.abs(u - v) <= 1e-3 * Math.max(Math.abs(u), Math.abs(v)))) return false;
    }
    return true;
  };
  const group = runs.map((_, i) => i);
  runs.forEach((run, i) => {
    for (let j = 0; j < i; j += 1) {
      if (group[j] === j && same(runs[j], run)) {
        group[i] = j;
        break;
      }
    }
  });
  return runs.map((_, i) => {
    const members = group.map((g, k) => (g === group[i] ? k : -1)).filter((k) => k >= 0);
    return { rank: members.indexOf(i), size: members.length, group: group[i] };
  });
}

/** How far above the other runs' losses a diverged run stays in view on a log axis (a factor). */
export const DIVERGED_HEADROOM = 1000;

/**
 * The y range the loss chart shows: every value of the runs that did not diverge; of a run that
 * diverged, its values up to DIVERGED_HEADROOM × the others' highest when the axis may be
 * logarithmic (so a blow-up switches log y on by itself), only its first value on a linear axis. The
 * rest of a diverged run is clipped: it leaves the chart, where a cross marks it. When every run
 * diverged, all their values count. Log when asked, or (auto) when the values span more than
 * AUTO_LOG_SPAN and no value is negative (a test function's f may be).
 * @param {{values: number[], diverged: boolean}[]} series one per curve, the values as drawn
 * @param {boolean|'auto'} logMode
 * @returns {{log: boolean, min: number|undefined, max: number|undefined, span: number}}
 */
export function lossRange(series, logMode) {
  const kept = series.filter((s) => !s.diverged);
  const measure = (headroom) => {
    let lo = Infinity;
    let hi = -Infinity;
    let loPos = Infinity;
    const take = (v) => {
      if (!Number.isFinite(v)) return;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      if (v > 0) loPos = Math.min(loPos, v);
    };
    if (!kept.length) {
      for (const s of series) s.values.forEach(take); // every run diverged: their values are the range
      return { lo, hi, loPos };
    }
    for (const s of kept) s.values.forEach(take);
    const cap = hi * headroom;
    for (const s of series) {
      if (!s.diverged || !s.values.length) continue;
      if (headroom > 1) s.values.forEach((v) => take(Math.min(v, cap)));
      else take(s.values[0]);
    }
    return { lo, hi, loPos };
  };
  let { lo, hi, loPos } = measure(logMode === false ? 1 : DIVERGED_HEADROOM);
  if (!Number.isFinite(hi)) return { log: logMode === true, min: undefined, max: undefined, span: 1 };
  // linear after all: a small span, or values below 0 (a test function such as the saddle), which a log axis cannot show
  if (logMode === 'auto' && (!(hi / loPos > AUTO_LOG_SPAN) || lo < 0)) ({ lo, hi, loPos } = measure(1));
  const span = hi / loPos;
  const log = logMode === 'auto' ? span > AUTO_LOG_SPAN && lo >= 0 : logMode;
  if (log) {
    const f = Math.max(span ** 0.04, 1.15);
    return { log, min: loPos / f, max: hi * f, span };
  }
  const pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.1 || 1;
  return { log, min: lo >= 0 ? Math.max(0, lo - pad) : lo - pad, max: hi + pad, span };
}
