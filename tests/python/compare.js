// compare.js — how the Python tests compare an exported script's numbers with descent's (not a test
// file). The rules, and why each exception exists:
//
// - Every run: the same status, divergedAt, iterations and samples, the same recorded iterations,
//   and every recorded training objective and test loss within RTOL = 1e-4 relative. descent sums in
//   float32 in its own order (core/include/descent.h "Numerical contract"), PyTorch and NumPy in
//   theirs: the two differ by float32 rounding, measured at 1e-7..2e-5 relative on the examples.
// - ReduceLROnPlateau decides by comparing two evaluations of the objective (better than the best by
//   threshold?): once the run has converged, the two numbers differ by about float32 rounding, so
//   descent and Python may decide differently. The comparison covers the points before the first
//   decision that differs (the first recorded lr that differs), requires that decision to have been
//   taken on a converged run (the objective within 1e-4 of its lowest value so far), and says how
//   many points it compared.
// - The bold driver raises the rate until a step period makes the objective rise by more than its
//   threshold (1e-5), so it runs past the stability limit by design: there the state carries
//   float32 rounding amplified in the unstable direction until the objective rises. The training
//   objective sees that error squared and stays within RTOL at every point (measured: 5e-5 at
//   most), but the test loss sees it linearly (measured: up to 6e-3), and the decisions on a
//   converged run compare numbers equal to within rounding. So a bold-driver run is compared on
//   its training objective at every point, its decisions up to the first that differs (taken on a
//   converged run, as above), and its test loss is reported, not asserted.
// - A learning-rate range test: past the full-batch stability limit lr > 2/λmax, gradient descent
//   multiplies the error in the top eigendirection by |1 − lr·λmax| > 1 at every update. The run has
//   converged by then, so that component starts from float32 rounding and grows to dominate the
//   loss: no float32 implementation reproduces another's there. The comparison covers the updates at
//   rates below 2/λmax, and the suggested rate (the lowest loss) must be the same update.

/** Relative tolerance on losses. */
export const RTOL = 1e-4;

const num = (v) => (v === null ? NaN : v);
const rel = (got, want) => (Object.is(num(got), num(want)) ? 0 : Math.abs(num(got) - num(want)) / Math.max(Math.abs(num(want)), 1e-12));

/** The largest relative difference of two loss columns over their first `count` points. */
function maxRel(got, want, count) {
  let max = 0;
  let at = -1;
  for (let i = 0; i < count; i += 1) {
    const r = rel(got[i], want[i]);
    if (!(r <= max)) { max = r; at = i; }
  }
  return { max, at };
}

const DECIDING = new Set(['bold_driver', 'reduce_on_plateau']);

/**
 * Compares one experiment's runs.
 * @param {object} descent descent's result (engine.run) @param {{runs: object[]}} python the script's --json
 * @returns {{failures: string[], runs: {name: string, maxRel: number, compared: number, points: number, note?: string}[]}}
 */
export function compareRuns(descent, python) {
  const failures = [];
  const runs = [];
  for (const d of descent.runs) {
    const p = python.runs.find((r) => r.name === d.name);
    if (!p) { failures.push(`${d.name}: missing from the Python result`); continue; }
    const spec = descent.experiment.runs.find((r) => r.name === d.name);
    const dh = d.history;
    const ph = p.history;
    let count = dh.iteration.length;
    let note;
    const bold = spec.schedule.kind === 'bold_driver';
    if (DECIDING.has(spec.schedule.kind)) {
      const k = Array.from(dh.lr).findIndex((lr, i) => !(rel(ph.lr[i], lr) <= 1e-12));
      if (k >= 0) {
        const lowest = Math.min(...Array.from(dh.trainLoss).slice(0, Math.max(k, 1)));
        const from = Math.abs(dh.trainLoss[Math.max(k - 1, 0)] - lowest) / lowest;
        if (k === 0 || !(from <= 1e-4)) failures.push(`${d.name}: the ${spec.schedule.kind} decided differently at point ${k}, where the objective was ${from.toExponential(1)} above its lowest (not converged)`);
        note = `${spec.schedule.kind} decided differently at iteration ${dh.iteration[k]} on a converged run (objective ${from.toExponential(1)} above its lowest)`;
        if (!bold) {
          count = k;
          note += `: compared ${k} of ${dh.iteration.length} points`;
        }
      }
    }
    if (count === dh.iteration.length) {
      for (const key of ['status', 'divergedAt', 'iterations', 'samples']) {
        if (num(p[key]) !== num(d[key]) && !(p[key] === null && d[key] === null)) failures.push(`${d.name}: ${key} ${p[key]}, descent ${d[key]}`);
      }
      if (ph.iteration.length !== dh.iteration.length) failures.push(`${d.name}: ${ph.iteration.length} history points, descent ${dh.iteration.length}`);
    }
    for (let i = 0; i < count; i += 1) {
      if (ph.iteration[i] !== dh.iteration[i]) { failures.push(`${d.name}: point ${i} is iteration ${ph.iteration[i]}, descent ${dh.iteration[i]}`); break; }
    }
    let worst = { max: 0, at: -1, column: '' };
    for (const column of ['trainLoss', 'testLoss']) {
      if (descent.data.nTest === 0 && column === 'testLoss') continue;
      const m = maxRel(ph[column], dh[column], count);
      if (bold && column === 'testLoss') {
        note = `${note ? `${note}; ` : ''}bold driver: test loss within ${m.max.toExponential(1)} (reported, not asserted)`;
      } else if (!(m.max <= worst.max)) worst = { ...m, column };
    }
    if (!(worst.max <= RTOL)) {
      const i = worst.at;
      failures.push(`${d.name}: ${worst.column} at iteration ${dh.iteration[i]} is ${ph[worst.column][i]}, descent ${dh[worst.column][i]} (relative ${worst.max.toExponential(2)} > ${RTOL})`);
    }
    runs.push({ name: d.name, maxRel: worst.max, compared: count, points: dh.iteration.length, ...(note ? { note } : {}) });
  }
  return { failures, runs };
}

/**
 * Compares a search: the same trials (configurations, statuses), every validation loss within RTOL,
 * the same winner.
 * @param {object} descent runTune's result @param {{trials: object[], best: object|null}} python
 */
export function compareSearch(descent, python) {
  const failures = [];
  let max = 0;
  if (python.trials.length !== descent.trials.length) failures.push(`${python.trials.length} trials, descent ${descent.trials.length}`);
  for (const d of descent.trials) {
    const p = python.trials.find((t) => t.index === d.index);
    if (!p) { failures.push(`trial ${d.index}: missing`); continue; }
    if (JSON.stringify(p.values) !== JSON.stringify(d.values) || p.config !== d.config || p.rung !== d.rung) failures.push(`trial ${d.index}: config ${p.config} ${JSON.stringify(p.values)} rung ${p.rung}, descent ${d.config} ${JSON.stringify(d.values)} rung ${d.rung}`);
    if (p.status !== d.status) failures.push(`trial ${d.index}: status ${p.status}, descent ${d.status}`);
    if (d.status === 'invalid') continue;
    const r = rel(p.validationLoss, d.validationLoss);
    max = Math.max(max, r);
    if (!(r <= RTOL)) failures.push(`trial ${d.index}: validation loss ${p.validationLoss}, descent ${d.validationLoss} (relative ${r.toExponential(2)})`);
  }
  if ((python.best?.index ?? null) !== (descent.best?.index ?? null)) failures.push(`best trial ${python.best?.index}, descent ${descent.best?.index}`);
  return { failures, maxRel: max };
}

/**
 * The largest eigenvalue of the MSE objective's Hessian (2/n)·ZᵀZ, Z = [X, 1], by power iteration:
 * full-batch gradient descent is stable for lr < 2/λmax.
 * @param {Float32Array} X rows × d @param {number} d
 */
export function hessianMax(X, d) {
  const n = X.length / d;
  const m = d + 1;
  const H = new Float64Array(m * m);
  for (let i = 0; i < n; i += 1) {
    for (let a = 0; a < m; a += 1) {
      const za = a < d ? X[i * d + a] : 1;
      for (let b = 0; b < m; b += 1) H[a * m + b] += (2 / n) * za * (b < d ? X[i * d + b] : 1);
    }
  }
  let v = new Float64Array(m).fill(1);
  let lambda = 0;
  for (let it = 0; it < 500; it += 1) {
    const w = new Float64Array(m);
    for (let a = 0; a < m; a += 1) for (let b = 0; b < m; b += 1) w[a] += H[a * m + b] * v[b];
    lambda = Math.hypot(...w);
    v = w.map((x) => x / lambda);
  }
  return lambda;
}

/**
 * Compares a range test (see the header): the losses at rates below 2/λmax, the same suggestion.
 * @param {object} descent runTune's range-test result @param {object} python the script's rangeTest
 * @param {number} lambdaMax
 */
export function compareRangeTest(descent, python, lambdaMax) {
  const failures = [];
  const limit = 2 / lambdaMax;
  const count = Array.from(descent.lr).findIndex((lr) => lr >= limit);
  const compared = count < 0 ? descent.lr.length : count;
  for (let i = 0; i < descent.lr.length; i += 1) {
    if (rel(python.lr[i], descent.lr[i]) > 1e-12) { failures.push(`update ${i + 1}: lr ${python.lr[i]}, descent ${descent.lr[i]}`); break; }
  }
  const m = maxRel(python.loss, descent.loss, compared);
  if (!(m.max <= RTOL)) failures.push(`update ${m.at + 1}: loss ${python.loss[m.at]}, descent ${descent.loss[m.at]} (relative ${m.max.toExponential(2)})`);
  if (python.suggestion?.index !== descent.suggestion?.index) failures.push(`suggestion at update ${python.suggestion?.index}, descent ${descent.suggestion?.index}`);
  else if (rel(python.suggestion?.lr, descent.suggestion?.lr) > 1e-12) failures.push(`suggested lr ${python.suggestion?.lr}, descent ${descent.suggestion?.lr}`);
  return { failures, maxRel: m.max, compared, updates: descent.lr.length, limit };
}
