// result.js — what a session hands out: the result document of its runs, and the initial parameters
// an `init` spec stands for. Both use only the session's public methods.

import { checkFloat32s, describe } from './checks.js';
import { modelLayers } from './counting.js';
import { DescentError } from './errors.js';
import { diagnosticsModelNote, experimentNotes, runNotes } from './diagnostics.js';

/** Multiply-adds up to which a result computes the Hessian at a run's final parameters in one go
 *  (a logistic model without a minimiser): about 50 ms. */
const FINAL_HESSIAN_OPS = 5e7;

/**
 * The result of every run of a session so far (copies: safe to keep after free()).
 * @param {import('./engine.js').Session} session
 * @returns {{experiment, data: {nTrain, nTest, d}, optimum, optimumNote, runs: object[]}}
 */
export function sessionResult(session) {
  const { diagnostics, note: diagnosticsNote } = resultDiagnostics(session);
  const optimumLoss = session.optimum && session.experiment.model.kind !== 'function' ? session.optimum.trainLoss
    : diagnostics?.at === 'optimum' ? diagnostics.objective : null;
  const runs = Array.from({ length: session.runCount }, (_, i) => {
    const p = session.params(i);
    const progress = session.progress(i);
    return {
      name: progress.name,
      status: progress.status,
      divergedAt: session.divergedAt(i),
      iterations: progress.iteration,
      epochs: progress.epoch,
      samples: progress.samples,
      recordEvery: session.recordEvery(i),
      history: session.history(i),
      estimate: session.estimateEvery(i) ? session.estimate(i) : null,
      params: paramsObject(p, session.experiment.model, session.d),
      metrics: { train: session.metrics(p, 'train'), test: session.metrics(p, 'test') },
      timeMs: session.timeMs(i),
    };
  });
  runs.forEach((run, i) => {
    run.notes = runNotes(run, session.runSpec(i), { diagnostics, optimumLoss, nTrain: session.nTrain });
  });
  return {
    experiment: session.experiment,
    data: { nTrain: session.nTrain, nTest: session.nTest, d: session.d },
    optimum: session.optimum,
    optimumNote: session.optimumNote ?? null,
    diagnostics,
    diagnosticsNote,
    notes: experimentNotes(diagnostics),
    threads: session.threads,
    runs,
  };
}

/**
 * The session's diagnostics; for a logistic model without a minimiser (separable classes), the
 * Hessian at the final parameters of the first run that did not diverge, when that is quick
 * (FINAL_HESSIAN_OPS), with a note saying so.
 * @returns {{diagnostics: object|null, note: string|null}}
 */
function resultDiagnostics(session) {
  if (session.diagnostics) return { diagnostics: session.diagnostics, note: null };
  const note = session.diagnosticsNote ?? null;
  const { model } = session.experiment;
  if (model.kind !== 'logistic' || diagnosticsModelNote(model, { atPoint: true }) || !note?.startsWith('no minimiser')) return { diagnostics: null, note };
  const m = session.np;
  if (session.nTrain * m * (m + 1) / 2 + 40 * m ** 3 > FINAL_HESSIAN_OPS) return { diagnostics: null, note };
  for (let i = 0; i < session.runCount; i += 1) {
    if (session.status(i) === 'diverged' || session.progress(i).iteration === 0) continue;
    const name = session.progress(i).name;
    // atRun: whose final parameters (the page writes the line in its language from it)
    return {
      diagnostics: { ...session.diagnosticsAt(session.params(i), `final parameters of run ${JSON.stringify(name)}`), atRun: name },
      note: `${note}; shown at the final parameters of run ${JSON.stringify(name)} instead`,
    };
  }
  return { diagnostics: null, note };
}

/**
 * Parameters θ (a Float64Array in torch's parameters() order) as the result documents write them:
 * always {flat}; linear/logistic also {weights, bias}; an mlp also {layers: [{weight: [[out × in]],
 * bias: [out]}]}, one per weight layer.
 * @param {ArrayLike<number>} p @param {object} model a normalized model @param {number} d input features
 */
export function paramsObject(p, model, d) {
  const flat = Array.from(p);
  if (model.kind === 'linear' || model.kind === 'logistic') return { weights: flat.slice(0, d), bias: flat[d], flat };
  if (model.kind !== 'mlp') return { flat };
  let at = 0;
  const take = (k) => flat.slice(at, (at += k));
  const layers = modelLayers(model, d).map(([fanIn, out]) => ({
    weight: Array.from({ length: out }, () => take(fanIn)),
    bias: take(out),
  }));
  return { flat, layers };
}

/**
 * Initial parameters θ for an init spec: "zeros", "uniform" (torch nn.Linear's default for every
 * layer in parameters() order: its weight, then its bias, each ~ U(−1/√fan_in, 1/√fan_in), from the
 * seed's init stream; linear/logistic: one layer of fan_in d; not for a function model), {params} (the
 * flat vector) or {weights, bias} (linear/logistic).
 * @param {'zeros'|'uniform'|{params: number[]}|{weights: number[], bias: number}} spec
 * @param {import('./engine.js').Session} session
 * @returns {Float64Array}
 */
export function initParams(spec, session) {
  const { d, np } = session;
  const { model } = session.experiment;
  if (spec === 'zeros') return new Float64Array(np);
  if (spec === 'uniform') {
    const layers = modelLayers(model, d);
    if (!layers) throw new DescentError(`init: "uniform" is torch's layer initialisation; a ${model.kind} model takes "zeros" or {params: [${np} numbers]}`);
    const rng = session.randomStream('init');
    try {
      const out = [];
      for (const [fanIn, units] of layers) {
        const bound = 1 / Math.sqrt(fanIn);
        for (let k = 0; k < fanIn * units + units; k += 1) out.push((2 * rng.uniform() - 1) * bound);
      }
      return Float64Array.from(out);
    } finally {
      rng.free();
    }
  }
  if (spec && typeof spec === 'object' && Array.isArray(spec.params)) {
    checkFloat32s('init.params', spec.params, np);
    return Float64Array.from(spec.params);
  }
  if (spec && typeof spec === 'object' && Array.isArray(spec.weights) && (model.kind === 'linear' || model.kind === 'logistic')) {
    checkFloat32s('init.weights', spec.weights, d);
    checkFloat32s('init.bias', [spec.bias]);
    return Float64Array.from([...spec.weights, spec.bias]);
  }
  const forms = model.kind === 'linear' || model.kind === 'logistic' ? `{params: ${np} numbers} or {weights: ${d} numbers, bias}` : `{params: ${np} numbers}`;
  throw new DescentError(`init: must be "zeros", "uniform" or ${forms}, got ${describe(spec)}`);
}
