// checks.js — argument checks for the engine's public entry points: each throws a DescentError that
// names the argument and its allowed range before any value reaches C.

import { ACTIVATION, LIMITS, LOSS } from './abi.js';
import { DescentError } from './errors.js';
import { FLT_MAX } from './schema.js';

/** A short rendering of a refused value. */
export function describe(v) {
  if (typeof v === 'string') return JSON.stringify(v.slice(0, 40));
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v !== null && typeof v === 'object') return `an object with keys ${JSON.stringify(Object.keys(v).slice(0, 8))}`;
  return String(v);
}

/** v must be an integer in min..max. */
export function checkInt(name, v, min, max) {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new DescentError(`${name}: must be an integer in ${min}..${max}, got ${describe(v)}`);
  }
  return v;
}

/** values must be an array or typed array of numbers, of `length` values when given. */
export function checkNumbers(name, values, length) {
  if (!(Array.isArray(values) || ArrayBuffer.isView(values))) {
    throw new DescentError(`${name}: must be an array of numbers, got ${describe(values)}`);
  }
  if (length !== undefined && values.length !== length) {
    throw new DescentError(`${name}: must have ${length} values, got ${values.length}`);
  }
  for (let i = 0; i < values.length; i += 1) {
    if (typeof values[i] !== 'number') {
      throw new DescentError(`${name}[${i}]: must be a number, got ${describe(values[i])}`);
    }
  }
  return values;
}

/** values must be numbers (checkNumbers), each finite and within float32 range: what the core stores. */
export function checkFloat32s(name, values, length) {
  checkNumbers(name, values, length);
  for (let i = 0; i < values.length; i += 1) {
    if (!(Math.abs(values[i]) <= FLT_MAX)) throw new DescentError(`${name}[${i}]: must be finite and within float32 range (|v| <= ${FLT_MAX}), got ${describe(values[i])}`);
  }
  return values;
}

/** v must be true or false. */
export function checkBoolean(name, v) {
  if (typeof v !== 'boolean') throw new DescentError(`${name}: must be true or false, got ${describe(v)}`);
  return v;
}

/** v must be a finite number > 0. */
export function checkPositive(name, v) {
  if (typeof v !== 'number' || !(v > 0 && v < Infinity)) throw new DescentError(`${name}: must be a finite number > 0, got ${describe(v)}`);
  return v;
}

/** which must name a split. */
export function checkSplit(which) {
  if (which !== 'train' && which !== 'test') throw new DescentError(`split: must be "train" or "test", got ${describe(which)}`);
  return which;
}

/**
 * The arguments of one kernel call (Engine.lossgrad): X holds n whole rows of d values, y and w n and d
 * values; the batch is the first `rows` rows, or the `rows` row indices idx lists, each below n.
 */
export function checkBatch({ X, y, idx, rows, d, w, b, loss, delta }) {
  checkInt('d', d, 1, LIMITS.features);
  checkNumbers('X', X);
  if (X.length === 0 || X.length % d !== 0) throw new DescentError(`X: must hold whole rows of d = ${d} values, got ${X.length} values`);
  const n = X.length / d;
  checkNumbers('y', y, n);
  checkNumbers('w', w, d);
  if (typeof b !== 'number') throw new DescentError(`b: must be a number, got ${describe(b)}`);
  if (!Object.hasOwn(LOSS, loss)) throw new DescentError(`loss: must be one of ${Object.keys(LOSS).join(', ')}, got ${describe(loss)}`);
  if (!(delta > 0 && delta < Infinity)) throw new DescentError(`delta: must be a finite number > 0, got ${describe(delta)}`);
  if (idx === null) {
    checkInt('rows', rows, 1, n);
    return;
  }
  checkInt('rows', rows, 1, LIMITS.rows);
  checkNumbers('idx', idx, rows);
  for (let i = 0; i < idx.length; i += 1) checkInt(`idx[${i}]`, idx[i], 0, n - 1);
}

/**
 * The arguments of one network kernel call (Engine.mlpLossgrad): the batch as checkBatch's, the
 * network's shape (hidden: 1..LIMITS.hiddenLayers layers of 1..LIMITS.hiddenUnits units), activation,
 * loss ("mse" or "bce") and np float32 parameters (np: the network's parameter count).
 */
export function checkMlpBatch({ X, y, idx, rows, d, hidden, activation, loss, params }, np) {
  checkInt('d', d, 1, LIMITS.features);
  if (!Array.isArray(hidden) || hidden.length < 1 || hidden.length > LIMITS.hiddenLayers) {
    throw new DescentError(`hidden: must be an array of 1..${LIMITS.hiddenLayers} layer sizes, got ${describe(hidden)}`);
  }
  hidden.forEach((units, l) => checkInt(`hidden[${l}]`, units, 1, LIMITS.hiddenUnits));
  if (!Object.hasOwn(ACTIVATION, activation)) throw new DescentError(`activation: must be one of ${Object.keys(ACTIVATION).join(', ')}, got ${describe(activation)}`);
  if (loss !== 'mse' && loss !== 'bce') throw new DescentError(`loss: must be "mse" or "bce", got ${describe(loss)}`);
  checkBatch({ X, y, idx, rows, d, w: new Float32Array(d), b: 0, loss, delta: 1 });
  checkFloat32s('params', params, np);
}

/**
 * One axis of an evaluation grid: [min, max, points] with finite ends and points in 1..LIMITS.grid.
 * @returns {Float64Array} the points' coordinates, min + (max − min)·i/(points − 1) (min when 1 point)
 */
export function checkGrid(name, axis) {
  if (!Array.isArray(axis) || axis.length !== 3) throw new DescentError(`${name}: must be [min, max, points], got ${describe(axis)}`);
  const [lo, hi, points] = axis;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new DescentError(`${name}: min and max must be finite numbers, got ${describe(lo)} and ${describe(hi)}`);
  checkInt(`${name}[2]`, points, 1, LIMITS.grid);
  return Float64Array.from({ length: points }, (_, i) => (points === 1 ? lo : lo + ((hi - lo) * i) / (points - 1)));
}
