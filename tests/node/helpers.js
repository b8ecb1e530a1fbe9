// helpers.js — experiment builders and comparisons shared by the engine tests (not a test file).
import assert from 'node:assert/strict';
import { HISTORY_COLUMNS } from '../../web/lib/abi.js';
import { toFloat32Data } from './reference.js';

/** Inline data kept exactly as given: no test split, no standardisation. */
export function inlineData(X, y, testFraction = 0) {
  return { kind: 'inline', X, y, testFraction, standardize: false };
}

/**
 * A descent experiment on inline data. model is the reference's {loss, delta, l1, l2} (plus kind for
 * logistic); init is [w..., b].
 */
export function inlineExperiment({ X, y, model = {}, init, runs, seed = 1, testFraction = 0 }) {
  return {
    version: 1,
    seed,
    data: inlineData(X, y, testFraction),
    model: engineModel(model),
    init: { weights: init.slice(0, -1), bias: init.at(-1) },
    runs,
  };
}

/** The experiment's model section for a reference model {kind, loss, delta, l1, l2}. */
export function engineModel(model) {
  const loss = model.loss ?? 'mse';
  const out = { kind: model.kind ?? (loss === 'bce' ? 'logistic' : 'linear'), loss };
  if (loss === 'huber') out.delta = model.delta ?? 1;
  if (model.l1 || model.l2) out.penalty = { l1: model.l1 ?? 0, l2: model.l2 ?? 0 };
  return out;
}

/** A full-batch run recording every state. */
export function fullBatchRun(name, optimizer, iterations, extra = {}) {
  return { name, optimizer, batchSize: 'full', shuffle: false, iterations, record: { every: 1 }, ...extra };
}

/** The data the core sees (float32) for the reference. */
export function f32(X, y) {
  return toFloat32Data(X, y);
}

/** Finds a run by name in a result; fails the test when it is missing. */
export function runNamed(result, name) {
  const r = result.runs.find((x) => x.name === name);
  assert.ok(r, `no run named ${name} in result (${result.runs.map((x) => x.name).join(', ')})`);
  return r;
}

/**
 * Asserts |got[i] − want[i]| <= rtol·max(|want[i]|, floor) for every i (floor a number or a function
 * of want[i]), with a message naming the first index that fails.
 */
export function assertAllClose(got, want, rtol, floor, what) {
  assert.equal(got.length, want.length, `${what}: length ${got.length}, want ${want.length}`);
  for (let i = 0; i < want.length; i++) {
    const tol = rtol * Math.max(Math.abs(want[i]), typeof floor === 'function' ? floor(want[i]) : floor);
    if (!(Math.abs(got[i] - want[i]) <= tol)) {
      assert.fail(`${what}[${i}]: got ${got[i]}, want ${want[i]} (|diff| ${Math.abs(got[i] - want[i])} > ${tol})`);
    }
  }
}

/** Byte-level equality of two Float64Arrays (NaN payloads included). */
export function sameBytes(a, b) {
  if (a.length !== b.length) return false;
  const ua = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const ub = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return ua.every((v, i) => v === ub[i]);
}

export { HISTORY_COLUMNS };

const asF64 = (v) => (v instanceof Float64Array ? v : Float64Array.from(v));

/** Asserts two runs' histories are bit-identical column by column (columns present in either). */
export function assertSameHistory(a, b, what) {
  for (const col of HISTORY_COLUMNS) {
    const x = a.history[col];
    const y = b.history[col];
    if (x === undefined && y === undefined) continue;
    assert.ok(x !== undefined && y !== undefined, `${what}: column ${col} present in only one history`);
    assert.ok(sameBytes(asF64(x), asF64(y)), `${what}: column ${col} differs`);
  }
}

/**
 * Floor for comparing objectives: the core's residuals carry float32 rounding δr ~ 1e-7·scale, so a
 * mean of squares L carries ~2·√L·δr: absolute error ∝ √L when L is small. With rtol 1e-6,
 * max(|L|, √|L|) is relative above 1 and allows 1e-6·√L below.
 */
export const LOSS_FLOOR = (want) => Math.max(Math.sqrt(Math.abs(want)), 1e-6);
