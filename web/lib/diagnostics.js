// diagnostics.js — what the Hessian's spectrum (computed by the core, core/src/hessian.c) says about an
// experiment, and the notes on each run that the numbers support. Values in, values out: no DOM, no
// WebAssembly (engine.js hands the core's numbers to diagnosticsOf; result.js calls runNotes).

import { OPTIMIZER_NAMES } from './experiment.js';
import { formatNumber } from './text.js';

/** A number in a note: 3 significant digits. */
const num = (v) => formatNumber(v, { digits: 3 });
/** A factor in a note: "3,400×" (whole numbers grouped), "2.6×" below 10. */
const times = (v) => (v >= 10 ? `${Math.round(v).toLocaleString('en-US')}×` : `${num(v)}×`);

/**
 * Why an experiment's model has no Hessian diagnostics, or null when it has them: linear models with
 * MSE, and logistic models (at their minimiser: no L1 penalty, which Newton's method cannot take).
 * @param {object} model a normalized model
 * @param {{atPoint?: boolean}} [options] atPoint: at a given θ (then an L1 penalty is fine)
 * @returns {string|null}
 */
export function diagnosticsModelNote(model, options = {}) {
  const code = diagnosticsModelCode(model, options);
  return code === null ? null : MODEL_NOTES[code](model.loss);
}

/** The English of each diagnosticsModelCode (the page writes its own from its strings table). */
const MODEL_NOTES = {
  function: () => 'the Hessian diagnostics are computed for linear and logistic models',
  mlp: () => 'the Hessian diagnostics are computed for linear and logistic models, not networks',
  mae: (loss) => `the Hessian diagnostics are computed for MSE (${loss} has no curvature)`,
  huber: (loss) => `the Hessian diagnostics are computed for MSE (${loss} has a curvature that depends on the residuals)`,
  l1: () => 'no Hessian at the optimum with an L1 penalty (Newton\'s method needs a smooth objective)',
};

/**
 * diagnosticsModelNote's reason as a code: 'function', 'mlp', 'mae', 'huber' (a linear model's loss
 * other than MSE), 'l1' (a logistic model with an L1 penalty), or null when there are diagnostics.
 * @param {object} model a normalized model @param {{atPoint?: boolean}} [options]
 * @returns {string|null}
 */
export function diagnosticsModelCode(model, { atPoint = false } = {}) {
  if (model.kind === 'function') return 'function';
  if (model.kind === 'mlp') return 'mlp';
  if (model.kind === 'linear' && model.loss !== 'mse') return model.loss === 'mae' ? 'mae' : 'huber';
  if (model.kind === 'logistic' && model.penalty.l1 > 0 && !atPoint) return 'l1';
  return null;
}

/** λmin at most this share of λmax counts as 0 (the core's inverse iteration uses the same pivot test). */
const SINGULAR = 1e-13;

/**
 * The diagnostics of a result from the core's dsc_hessian_info: λmax, λmin, κ = λmax/λmin (Infinity
 * when λmin is 0 to working precision, SINGULAR) and the gradient-descent stability bound 2/λmax.
 * @param {{lambda_max: number, lambda_min: number, std_lambda_max: number, std_lambda_min: number,
 *   objective: number, exact: number, converged: number, newton_iterations: number}} info
 * @param {{model: object, at: string, point: ArrayLike<number>, d: number, standardized: boolean}} context
 *   at: 'everywhere' (linear: H does not depend on θ), 'optimum' (logistic: at the minimiser), or where
 *   θ came from in words; point: θ there; standardized: the data's features are standardised already
 * @returns {object}
 */
export function diagnosticsOf(info, { model, at, point, standardized }) {
  // below SINGULAR·λmax, λmin is rounding noise around 0 (collinear features): κ is infinite
  const condition = (max, min) => (min > SINGULAR * max ? max / min : Infinity);
  const out = {
    at,
    lambdaMax: info.lambda_max,
    lambdaMin: info.lambda_min,
    condition: condition(info.lambda_max, info.lambda_min),
    maxStableLr: info.lambda_max > 0 ? 2 / info.lambda_max : Infinity,
    exact: info.exact === 1,
    converged: info.converged === 1,
  };
  if (model.kind === 'logistic') {
    out.objective = info.objective;
    out.params = Array.from(point);
    if (at === 'optimum') out.newtonIterations = info.newton_iterations;
  }
  if (model.kind === 'linear' && !standardized && Number.isFinite(info.std_lambda_max)) {
    out.standardized = {
      lambdaMax: info.std_lambda_max,
      lambdaMin: info.std_lambda_min,
      condition: condition(info.std_lambda_max, info.std_lambda_min),
    };
  }
  return out;
}

/**
 * The diagnostics in one line, for the CLI table's header and the page:
 * "Hessian: λmax 2.54, λmin 0.131, κ 19.3; gradient descent is stable for lr < 0.788".
 * @param {object|null} diagnostics @param {string|null} [note] why there are none
 * @returns {string|null}
 */
export function describeDiagnostics(diagnostics, note = null) {
  if (!diagnostics) return note ? `Hessian: none (${note})` : null;
  const { lambdaMax, lambdaMin, condition, maxStableLr, at } = diagnostics;
  const where = at === 'everywhere' ? '' : at === 'optimum' ? ' at the optimum' : ` at the ${at}`;
  const estimate = diagnostics.exact ? '' : diagnostics.converged ? ' (power iteration)' : ' (power iteration, not converged: estimates)';
  const kappa = Number.isFinite(condition) ? `κ ${num(condition)}` : 'κ ∞ (H is singular: collinear features, or fewer rows than parameters)';
  return `Hessian${where}: λmax ${num(lambdaMax)}, λmin ${num(lambdaMin)}, ${kappa}; gradient descent is stable for lr < ${num(maxStableLr)}${estimate}`;
}

/**
 * The largest stable constant rate of a full-batch SGD run on the quadratic model of the objective
 * with curvature λmax (torch.optim.SGD's update): plain 2/λ; heavy ball with momentum μ and dampening τ
 * 2(1 + μ)/((1 − τ)λ); Nesterov 2(1 + μ)/((1 + 2μ)λ); weight decay wd adds wd to λ. (The eigenvalue −1
 * of the 2×2 iteration matrix on an eigendirection: 1 + trace + det = 0.) Null for other optimizers.
 * @param {object} optimizer a normalized optimizer @param {number} lambdaMax
 * @returns {number|null}
 */
export function stableLr(optimizer, lambdaMax) {
  if (optimizer.kind !== 'sgd' || !(lambdaMax > 0)) return null;
  const mu = optimizer.momentum ?? 0;
  const lambda = lambdaMax + (optimizer.weight_decay ?? 0);
  if (mu === 0) return 2 / lambda;
  if (optimizer.nesterov) return (2 * (1 + mu)) / ((1 + 2 * mu) * lambda);
  return (2 * (1 + mu)) / ((1 - (optimizer.dampening ?? 0)) * lambda);
}

/** Share of the history, at its end, over which a stalled loss is looked for (two halves of it). */
const FLOOR_SHARE = 0.5;
/** History points that share must hold. */
const FLOOR_POINTS = 8;
/** A loss that fell by less than this share between the two halves has stopped decreasing. */
const FLOOR_FLAT = 0.01;
/** ...and is a noise floor when its level is this share or more above the optimum. */
const FLOOR_ABOVE = 0.05;

/**
 * Whether a mini-batch run has reached its noise floor, measured on its recorded training loss: over
 * the last half of the history (at least FLOOR_POINTS points), the mean of the last quarter is not
 * FLOOR_FLAT lower than the mean of the quarter before it, while it stays FLOOR_ABOVE or more above the
 * optimum's objective (so full-batch steps would still lower it). Null when not, else the levels.
 * @param {Float64Array|number[]} loss the run's trainLoss history
 * @param {number} optimum the objective at the optimum
 * @returns {{before: number, floor: number, optimum: number}|null}
 */
export function noiseFloor(loss, optimum) {
  const n = loss.length;
  const start = Math.floor(n * (1 - FLOOR_SHARE));
  if (n - start < FLOOR_POINTS || !Number.isFinite(optimum)) return null;
  const mid = start + Math.floor((n - start) / 2);
  const mean = (a, b) => {
    let s = 0;
    for (let i = a; i < b; i += 1) s += loss[i];
    return s / (b - a);
  };
  const before = mean(start, mid);
  const floor = mean(mid, n);
  if (!Number.isFinite(floor) || floor < before * (1 - FLOOR_FLAT)) return null;
  if (!(floor - optimum > FLOOR_ABOVE * Math.abs(optimum))) return null;
  return { before, floor, optimum };
}

/**
 * The notes the numbers support on one run: [{code, text, ...values}].
 *   above_stability_bound  an SGD run's learning rate (its largest, under a schedule) is above the
 *                          stability bound of its update (stableLr) at λmax
 *   loss_grew              the loss ended above where it started (status diverging: and still rising)
 *   noise_floor            a mini-batch run has stopped improving above the optimum (noiseFloor)
 * @param {object} run the run's result (status, history) @param {object} spec the normalized run
 * @param {{diagnostics: object|null, optimumLoss: number|null, nTrain: number}} context optimumLoss:
 *   the objective at the optimum (closed form, or the logistic minimiser), or null
 * @returns {object[]}
 */
export function runNotes(run, spec, { diagnostics, optimumLoss, nTrain }) {
  const notes = [];
  const loss = run.history.trainLoss;
  const first = loss[0];
  const last = loss[loss.length - 1];
  const bound = diagnostics ? stableLr(spec.optimizer, diagnostics.lambdaMax) : null;
  if (bound !== null) {
    let lr = spec.optimizer.lr;
    const scheduled = spec.schedule.kind !== 'constant';
    if (scheduled) for (const v of run.history.lr) if (v > lr) lr = v;
    if (lr > bound) {
      const o = spec.optimizer;
      const form = o.momentum > 0 ? (o.nesterov ? 'nesterov' : o.dampening > 0 ? 'dampened' : 'momentum') : 'plain';
      const formula = { plain: '2/λmax', momentum: '2(1+μ)/λmax', dampened: '2(1+μ)/((1−τ)λmax)', nesterov: '2(1+μ)/((1+2μ)λmax)' }[form];
      const fullBatch = spec.batchSize === 'full' || spec.batchSize >= nTrain;
      const weightDecay = o.weight_decay > 0;
      const how = form === 'plain' ? formula : form === 'nesterov' ? `${formula}, Nesterov` : `${formula}, momentum ${num(o.momentum)}`;
      notes.push({
        code: 'above_stability_bound',
        text: `lr ${num(lr)}${scheduled ? ' (its largest under the schedule)' : ''} is above the stability bound ${num(bound)}${fullBatch ? '' : ' of full-batch steps'} (${how}${weightDecay ? ' with weight decay added to λmax' : ''})`,
        lr,
        bound,
        // what the page needs to write the note in its language (the text above is the CLI's)
        scheduled,
        fullBatch,
        form,
        formula,
        momentum: o.momentum ?? 0,
        weightDecay,
      });
    }
  }
  if (run.status !== 'diverged' && Number.isFinite(last) && first > 0 && last > first) {
    const factor = last / first;
    notes.push({
      code: 'loss_grew',
      text: `the loss grew ${times(factor)}${run.status === 'diverging' ? ' and is still rising' : ''}`,
      factor,
      rising: run.status === 'diverging',
    });
  }
  const minibatch = spec.batchSize !== 'full' && spec.batchSize < nTrain;
  const floor = minibatch && run.status !== 'diverged' && optimumLoss !== null ? noiseFloor(loss, optimumLoss) : null;
  if (floor) {
    const above = (floor.floor - floor.optimum) / Math.abs(floor.optimum);
    notes.push({
      code: 'noise_floor',
      text: `${spec.optimizer.kind === 'sgd' ? 'SGD' : `${OPTIMIZER_NAMES[spec.optimizer.kind] ?? spec.optimizer.kind} on mini-batches`} has reached its noise floor: the training loss stopped falling over the last half of the run (${num(floor.before)}, then ${num(floor.floor)}), ${above >= 10 ? times(1 + above) : `${num(100 * above)}%`} above the optimum ${num(floor.optimum)}; a smaller lr or a larger batch lowers it`,
      ...floor,
      optimizer: spec.optimizer.kind,
      above,
    });
  }
  return notes;
}

/**
 * Notes on the experiment as a whole: standardising the features would make the problem N× better
 * conditioned (a linear model on features that are not standardised, when N >= 2).
 * @param {object|null} diagnostics
 * @returns {object[]}
 */
export function experimentNotes(diagnostics) {
  const std = diagnostics?.standardized;
  if (!std || !(std.condition > 0)) return [];
  const factor = diagnostics.condition / std.condition;
  if (!(factor >= 2)) return [];
  return [{
    code: 'standardize',
    text: `standardising the features would make this ${times(factor)} better conditioned (κ ${num(diagnostics.condition)} → ${num(std.condition)}; data.standardize: true)`,
    factor,
    condition: diagnostics.condition,
    standardizedCondition: std.condition,
  }];
}
