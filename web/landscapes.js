// landscapes.js — what the page knows about the test functions' landscapes, DOM-free
// (tests/node/landscapes.test.js checks it against the core): each function's known minima (and the
// saddle's stationary point), the box the landscape is first drawn over, and the log-spaced levels
// its filled contours are banded by. The formulas and minima are the README's table.

/**
 * The marked points of a function model: {x, y, f, kind} with kind 'global' (a global minimum),
 * 'local' (a local minimum) or 'saddle' (a stationary point that is no minimum); f is the value there
 * (null: not stated). Rastrigin's local minima near every integer point are not listed.
 * @param {{function: string, a?: number, condition?: number, angle?: number}} model
 * @returns {{x: number, y: number, f: number|null, kind: 'global'|'local'|'saddle'}[]}
 */
export function minimaOf(model) {
  const g = (x, y, f) => ({ x, y, f, kind: 'global' });
  const l = (x, y, f) => ({ x, y, f, kind: 'local' });
  switch (model.function) {
    case 'rosenbrock': return [g(model.a ?? 1, (model.a ?? 1) ** 2, 0)];
    case 'himmelblau': return [g(3, 2, 0), g(-2.805118, 3.131312, 0), g(-3.779310, -3.283186, 0), g(3.584428, -1.848126, 0)];
    case 'beale': return [g(3, 0.5, 0)];
    case 'quadratic': return [g(0, 0, 0)];
    case 'saddle': return [{ x: 0, y: 0, f: 0, kind: 'saddle' }];
    case 'six_hump_camel': return [
      g(0.0898420131, -0.7126564030, -1.0316284535), g(-0.0898420131, 0.7126564030, -1.0316284535),
      l(1.7036067, -0.7960835, -0.2154638), l(-1.7036067, 0.7960835, -0.2154638),
      l(1.6071047, 0.5686514, 2.1042503), l(-1.6071047, -0.5686514, 2.1042503),
    ];
    case 'rastrigin': return [g(0, 0, 0)];
    default: return [];
  }
}

/**
 * The box a function's landscape is first drawn over (the paths may widen it): the usual plotting
 * range of each function, wide enough to show every listed minimum with room around it.
 * @param {{function: string, a?: number}} model
 * @returns {{x: [number, number], y: [number, number]}}
 */
export function viewBox(model) {
  switch (model.function) {
    case 'rosenbrock': {
      const a = model.a ?? 1;
      return { x: [Math.min(-2, a - 1), Math.max(2, a + 1)], y: [Math.min(-1, a * a - 1), Math.max(3, a * a + 1)] };
    }
    case 'himmelblau': return { x: [-5, 5], y: [-5, 5] };
    case 'beale': return { x: [-4.5, 4.5], y: [-4.5, 4.5] };
    case 'quadratic': return { x: [-3, 3], y: [-3, 3] };
    case 'saddle': return { x: [-2, 2], y: [-2, 2] };
    case 'six_hump_camel': return { x: [-2.2, 2.2], y: [-1.2, 1.2] };
    case 'rastrigin': return { x: [-5.12, 5.12], y: [-5.12, 5.12] };
    default: return { x: [-2, 2], y: [-2, 2] };
  }
}

/** Per function: a start point away from every minimum, a stable GD rate along its path and Adam's rate. */
const STARTS = {
  rosenbrock: { start: [-1.5, 2], lr: 0.001, adam: 0.05, iterations: 1500 },
  himmelblau: { start: [0, 0], lr: 0.01, adam: 0.1 },
  beale: { start: [1, 1.5], lr: 0.005, adam: 0.05 },
  quadratic: { start: [-2, 2], lr: 0.05, adam: 0.1 },
  saddle: { start: [1.5, 0.01], lr: 0.05, adam: 0.05 },
  six_hump_camel: { start: [-2, 0], lr: 0.01, adam: 0.05 },
  rastrigin: { start: [2.3, -3.4], lr: 0.002, adam: 0.1 },
};

/**
 * Where a function's runs start when a learner picks it (its landscape's usual start point).
 * @param {{function: string, a?: number}} model
 * @returns {[number, number]}
 */
export function startOf(model) {
  if (model.function === 'rosenbrock' && (model.a ?? 1) !== 1) return [-1.5 * Math.abs(model.a), 2 * model.a * model.a];
  return [...(STARTS[model.function]?.start ?? [1, 1])];
}

/**
 * The runs a function starts with when a learner picks it: GD, momentum 0.9 and Adam, at rates that
 * are stable from startOf (300 updates each, Rosenbrock's long valley 1500; every update recorded).
 * @param {{function: string}} model
 * @returns {object[]} runs of the experiment schema
 */
export function raceOf(model) {
  const { lr, adam, iterations = 300 } = STARTS[model.function] ?? { lr: 0.01, adam: 0.05 };
  const common = { iterations, record: { every: 1 } };
  return [
    { name: 'GD', optimizer: { kind: 'sgd', lr }, ...common },
    { name: 'momentum 0.9', optimizer: { kind: 'sgd', lr, momentum: 0.9 }, ...common },
    { name: 'Adam', optimizer: { kind: 'adam', lr: adam }, ...common },
  ];
}

/**
 * Log-spaced contour levels over [lo, hi]: `bands − 1` thresholds lo + 10^e, the exponents e evenly
 * spaced over `decades` decades below hi − lo, so that the deep, nearly flat floor of a valley gets
 * as many bands as its steep walls. Values below the first threshold are band 0.
 * @param {number} lo the lowest value shown (the grid's minimum)
 * @param {number} hi the highest
 * @param {{bands?: number, decades?: number}} [options]
 * @returns {number[]} increasing thresholds (empty when hi <= lo)
 */
export function logLevels(lo, hi, { bands = 14, decades = 4 } = {}) {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return [];
  const top = Math.log10(span);
  return Array.from({ length: bands - 1 }, (_, k) => lo + 10 ** (top - decades + ((k + 1) * decades) / bands));
}

/**
 * Evenly spaced contour levels over [lo, hi] (a function unbounded below, the saddle: log spacing
 * from its lowest value would put every band in one corner).
 * @param {number} lo @param {number} hi @param {{bands?: number}} [options]
 * @returns {number[]} increasing thresholds (empty when hi <= lo)
 */
export function linearLevels(lo, hi, { bands = 14 } = {}) {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return [];
  return Array.from({ length: bands - 1 }, (_, k) => lo + (span * (k + 1)) / bands);
}

/**
 * The contour levels of a function's landscape over [lo, hi]: log-spaced (logLevels) when it has a
 * minimum, evenly spaced when it is unbounded below.
 * @returns {{thresholds: number[], log: boolean}}
 */
export function levelsOf(model, lo, hi, { bands = 14 } = {}) {
  const log = minimaOf(model).some((m) => m.kind === 'global');
  return { thresholds: log ? logLevels(lo, hi, { bands }) : linearLevels(lo, hi, { bands }), log };
}

/**
 * The band of value v among thresholds (0..thresholds.length); non-finite values go to the top band.
 * @param {number} v @param {number[]} thresholds increasing
 */
export function bandOf(v, thresholds) {
  if (!Number.isFinite(v)) return thresholds.length;
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v < thresholds[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * A start point from a click, rounded to a readable number of digits for the box shown (about 1/1000
 * of its span), so that the form and the link show "−1.25", not "−1.2487301".
 * @param {number} x @param {number} y @param {{x: [number, number], y: [number, number]}} box
 * @returns {[number, number]}
 */
export function roundedPoint(x, y, box) {
  const round = (v, [a, b]) => {
    const digits = Math.max(0, Math.ceil(-Math.log10((b - a) / 1000)));
    return Number(v.toFixed(Math.min(digits, 12))) + 0;
  };
  return [round(x, box.x), round(y, box.y)];
}
