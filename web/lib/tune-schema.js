// tune-schema.js — the schema tables of an experiment's `tune` section (a hyperparameter search, a
// learning-rate range test or a refinement) and the planning rules its checks share with tune.js:
// the limits, successive halving's rungs and the size of a grid. experiment.js puts TUNE in its
// EXPERIMENT table; web/lib/tune.js runs what these tables accept.

import { OPTIMIZER, SCHEDULE } from './abi.js';
import { rowCount, runEpochs, splitSizes } from './counting.js';
import { countPhrase, phrase } from './issue-text.js';
import { show } from './schema.js';
import { formatRough as sci, isObject } from './text.js';


// A search varies some fields of one base run (`tune.run`) over a declared space; a range test and a
// refinement start from that run too. web/lib/tune.js runs them; the limits below are checked here.

/** Limits of one tune spec: trials per search, values per list, samples (rows whose gradient is
 *  evaluated, summed over every trial) one tune may plan. */
export const TUNE_LIMITS = Object.freeze({ trials: 1000, choices: 100, samples: 1e10 });

const BETAS = ['adam', 'adamw', 'nadam', 'radam', 'adamax'];

/** The spec of one range {min, max, scale, points} of a numeric search dimension. */
function rangeTable(item, scale) {
  const end = { ...item, literals: undefined, required: true };
  return {
    shape: '{min, max, scale, points}',
    doc: 'A range: trials draw values uniformly ("linear") or log-uniformly ("log") from [min, max]; a grid takes `points` values spread the same way, ends included (integers are rounded).',
    fields: {
      min: { ...end, doc: 'Lower end.' },
      max: { ...end, doc: 'Upper end, >= min.' },
      scale: { type: 'enum', values: ['linear', 'log'], default: scale, doc: `"linear" or "log" (default ${show(scale)}).` },
      points: { type: 'int', min: 2, max: TUNE_LIMITS.choices, default: 5, doc: 'Grid search only: how many values the range contributes.' },
    },
    check(r, report) {
      if (typeof r.min === 'number' && typeof r.max === 'number' && r.max < r.min) report(['max'], 'rangeMax', { min: show(r.min), got: show(r.max) });
      else if (r.scale === 'log' && typeof r.min === 'number' && !(r.min > 0)) report(['min'], 'rangeLogMin', { got: show(r.min) });
    },
  };
}

/**
 * A search dimension: a list of values, or (numeric items) a range. `uses` names the optimizer or
 * schedule kinds the hyperparameter belongs to; a trial of another kind leaves it out.
 */
function dimension(item, { scale = 'linear', uses, doc }) {
  const spec = { type: 'dimension', item: { ...item, required: true }, maxItems: TUNE_LIMITS.choices, doc };
  if (item.type !== 'enum') spec.range = rangeTable(item, scale);
  if (uses) spec.uses = uses;
  return spec;
}

export const SPACE = {
  shape: '{lr, batchSize, optimizer, …}',
  doc: 'What a search varies: each field a list of values or a range {min, max, scale, points}; everything else is the base run\'s.',
  fields: {
    lr: dimension({ type: 'number', gt: 0, limit: 1e6 }, { scale: 'log', doc: 'Learning rate (a range is log-uniform unless scale says otherwise).' }),
    batchSize: dimension({ type: 'int', min: 1, max: 10000000, literals: ['full'] }, { scale: 'log', doc: '"full" or rows per update, up to the rows left for training after the validation split (a range is log-uniform).' }),
    optimizer: dimension({ type: 'enum', values: Object.keys(OPTIMIZER) }, { doc: 'Optimizer kinds; a kind other than the base run\'s takes torch\'s defaults and the base run\'s lr. Not "lbfgs" (trials are budgeted in epochs); "newton" only when every trial is full batch.' }),
    momentum: dimension({ type: 'number', min: 0, lt: 1 }, { uses: { optimizer: ['sgd', 'rmsprop'] }, doc: 'SGD/RMSprop momentum.' }),
    beta1: dimension({ type: 'number', min: 0, lt: 1 }, { uses: { optimizer: BETAS }, doc: 'Adam/AdamW/NAdam/RAdam/Adamax betas[0].' }),
    beta2: dimension({ type: 'number', min: 0, lt: 1 }, { uses: { optimizer: BETAS }, doc: 'Adam/AdamW/NAdam/RAdam/Adamax betas[1].' }),
    weight_decay: dimension({ type: 'number', min: 0, limit: 1e6 }, { uses: { optimizer: Object.keys(OPTIMIZER).filter((k) => !['rprop', 'lbfgs', 'newton'].includes(k)) }, doc: 'Optimizer weight decay (every kind but Rprop, LBFGS and Newton).' }),
    schedule: dimension({ type: 'enum', values: Object.keys(SCHEDULE) }, { doc: 'Schedule kinds; a kind other than the base run\'s takes torch\'s defaults (cyclic, cosine_warm_restarts and multistep have arguments torch does not default, so they can be searched only as the base run\'s kind).' }),
    gamma: dimension({ type: 'number', gt: 0, limit: 1e6 }, { uses: { schedule: ['exponential', 'step', 'multistep', 'cyclic'] }, doc: 'ExponentialLR/StepLR/MultiStepLR/CyclicLR gamma.' }),
    step_size: dimension({ type: 'int', min: 1, max: 1e9 }, { uses: { schedule: ['step'] }, doc: 'StepLR step_size.' }),
    T_max: dimension({ type: 'int', min: 1, max: 1e9 }, { uses: { schedule: ['cosine'] }, doc: 'CosineAnnealingLR T_max.' }),
    epochs: dimension({ type: 'number', gt: 0, max: 1e6 }, { doc: 'Training budget of a trial in epochs (not with strategy "halving", which sets it per rung).' }),
  },
  check(s, report, ctx, input) {
    if (Object.keys(input).length === 0) report([], 'spaceEmpty', { allowed: Object.keys(SPACE.fields) });
  },
};

const SEARCH = { kind: ['search'] };
const RANGE_TEST = { kind: ['range_test'] };
const REFINE = { kind: ['refine'] };
export const TUNE = {
  label: 'tune',
  doc: 'Tuning from one base run: a hyperparameter search scored on a validation split, a learning-rate range test, or a refinement of trained parameters.',
  fields: {
    kind: { type: 'enum', values: ['search', 'range_test', 'refine'], default: 'search', doc: '"search" (hyperparameters), "range_test" (the learning rate grows exponentially while the loss is recorded) or "refine" (random local search around the trained parameters).' },
    run: { type: 'int', min: 0, max: (t, ctx) => (Array.isArray(ctx.root.runs) ? ctx.root.runs.length - 1 : undefined), note: (t, ctx) => (Array.isArray(ctx.root.runs) ? phrase('note.runIndex') : ''), default: 0, doc: 'Index in runs of the base run: every trial is this run with the searched values changed; the range test uses its optimizer and batch size; refine trains it, then refines.' },
    strategy: { type: 'enum', values: ['grid', 'random', 'halving'], default: 'random', appliesTo: SEARCH, doc: '"grid" (every combination), "random" (trials drawn from the seed\'s tuning stream) or "halving" (successive halving: all trials on a small budget, the best 1/eta promoted to eta times the budget, up to tune.epochs).' },
    space: { type: 'object', table: SPACE, default: { lr: { min: 1e-4, max: 1 } }, appliesTo: SEARCH, doc: 'The search space (default: lr log-uniform in [1e-4, 1]).' },
    trials: { type: 'int', min: 1, max: TUNE_LIMITS.trials, default: 20, appliesTo: { kind: ['search'], strategy: ['random', 'halving'] }, doc: 'Configurations drawn (halving: how many start on the smallest budget).' },
    eta: { type: 'int', min: 2, max: 10, default: 3, appliesTo: { kind: ['search'], strategy: ['halving'] }, doc: 'Halving: keep the best 1/eta of each rung and give them eta times the budget.' },
    minEpochs: { type: 'number', gt: 0, max: 1e6, default: 1, appliesTo: { kind: ['search'], strategy: ['halving'] }, doc: 'Halving: the smallest budget a rung gets, in epochs; it limits the rungs to 1 + ⌊log_eta(epochs/minEpochs)⌋.' },
    epochs: { type: 'number', gt: 0, max: 1e6, nullable: true, default: null, appliesTo: SEARCH, doc: 'Training budget of a trial in epochs (halving: of the last rung); null: the base run\'s budget (its epochs, or its iterations as epochs).' },
    validationFraction: { type: 'number', gt: 0, max: 0.9, default: 0.2, appliesTo: SEARCH, doc: 'Share of the training rows held out to score trials (the test set only reports the winner). A function model has no data: its trials are scored by their final objective f(θ), and this field is ignored.' },
    lrMin: { type: 'number', gt: 0, limit: 1e6, default: 1e-6, appliesTo: RANGE_TEST, doc: 'Learning rate of the first update.' },
    lrMax: { type: 'number', gt: 0, limit: 1e6, default: 10, appliesTo: RANGE_TEST, doc: 'Learning rate of the last update (> lrMin).' },
    steps: { type: 'int', min: 10, max: 100000, default: 100, appliesTo: RANGE_TEST, doc: 'Updates, the rate growing by (lrMax/lrMin)^(1/(steps−1)) after each.' },
    smoothing: { type: 'number', min: 0, lt: 1, default: 0, appliesTo: RANGE_TEST, doc: 'β of the bias-corrected moving average of the loss before the rule is applied (0: none).' },
    rule: { type: 'enum', values: ['min/10', 'steepest'], default: 'min/10', appliesTo: RANGE_TEST, doc: '"min/10": the rate at the lowest loss divided by 10; "steepest": the rate where the loss falls fastest against log(lr), before the lowest loss.' },
    step: { type: 'number', gt: 0, limit: 1e6, default: 0.01, appliesTo: REFINE, doc: 'Standard deviation of the normal noise added to every parameter per try.' },
    tries: { type: 'int', min: 1, max: 1000000, default: 1000, appliesTo: REFINE, doc: 'Perturbations tried; only those that lower the training objective are kept.' },
  },
  check(t, report, ctx) {
    const nTrain = ctx.nTrain();
    const runs = ctx.root.runs;
    const base = Array.isArray(runs) && Number.isInteger(t.run) ? runs[t.run] : undefined;
    const fn = ctx.root.model?.kind === 'function';
    const needs = ctx.scheduleNeeds ?? {};
    if (t.kind === 'search' && fn) {
      // validationFraction keeps its default (normalized documents carry it): any other value is a mistake
      if (t.validationFraction !== undefined && t.validationFraction !== TUNE.fields.validationFraction.default) report(['validationFraction'], 'validationFunction', { got: show(t.validationFraction) });
      if (isObject(t.space) && t.space.batchSize !== undefined) report(['space', 'batchSize'], 'batchSizeFunction');
      checkSearch({ ...t, validationFraction: undefined }, report, base, nTrain, needs, 1);
    } else if (t.kind === 'search') checkSearch(t, report, base, nTrain, needs);
    if (t.kind === 'range_test') {
      if (typeof t.lrMin === 'number' && typeof t.lrMax === 'number' && !(t.lrMax > t.lrMin)) report(['lrMax'], 'lrMax', { min: show(t.lrMin), got: show(t.lrMax) });
      const n = rowCount(ctx.root.data);
      if (n !== undefined && Number.isInteger(t.steps) && t.steps * 2 * n > TUNE_LIMITS.samples) {
        report(['steps'], 'rangeTestSamples', { samples: sci(t.steps * 2 * n), steps: t.steps, n, max: sci(TUNE_LIMITS.samples), got: t.steps });
      }
    }
    if (t.kind === 'refine' && nTrain !== undefined && Number.isInteger(t.tries) && t.tries * nTrain > TUNE_LIMITS.samples) {
      report(['tries'], 'refineSamples', { samples: sci(t.tries * nTrain), tries: t.tries, rows: countPhrase(nTrain, 'trainingRow'), max: sci(TUNE_LIMITS.samples), got: t.tries });
    }
  },
};

/**
 * Which kinds a search may train (experiment.js checkSecondOrder has the run rules): trials are
 * budgeted in epochs, which an lbfgs run does not take (its budget is in step() calls), so a search
 * neither switches to lbfgs nor starts from an lbfgs run; newton trains on the full batch, so a
 * search may switch to it only when every trial is full batch (the base run's batch, no batchSize
 * searched).
 */
function checkSecondOrderSearch(space, report, base) {
  const kinds = Array.isArray(space?.optimizer) ? space.optimizer : [];
  if (base?.optimizer?.kind === 'lbfgs' && !space?.optimizer) {
    report(['run'], 'searchLbfgsRun');
  }
  kinds.forEach((kind, i) => {
    if (kind === 'lbfgs') report(['space', 'optimizer', i], 'searchLbfgs');
    if (kind === 'newton' && ((base?.batchSize !== undefined && base.batchSize !== 'full') || space.batchSize !== undefined)) {
      report(['space', 'optimizer', i], space.batchSize !== undefined ? 'searchNewtonSearched' : 'searchNewton', { batch: show(base?.batchSize) });
    }
  });
}

/**
 * Checks of a search spec across its fields, the base run and the data size. needs lists, per schedule
 * kind, the arguments torch requires and descent does not default (experiment.js's scheduleNeeds:
 * cyclic's max_lr, cosine_warm_restarts' T_0, multistep's milestones): a trial that switches to such a
 * kind starts from torch's defaults and could never be valid. fitRows is given when nothing is held out
 * (a function model's 1).
 */
function checkSearch(t, report, base, nTrain, needs, fitRows) {
  const space = isObject(t.space) ? t.space : null;
  let nFit = fitRows;
  if (nTrain !== undefined && typeof t.validationFraction === 'number') {
    const split = splitSizes({ kind: 'linear', n: nTrain, testFraction: t.validationFraction });
    nFit = split.nTrain;
    if (split.nTest < 1) report(['validationFraction'], 'noValidationRows', { rows: countPhrase(nTrain, 'trainingRow'), got: show(t.validationFraction) });
    else if (nFit < 1) report(['validationFraction'], 'noFitRows', { nTest: split.nTest, rows: countPhrase(nTrain, 'trainingRow'), got: show(t.validationFraction) });
  }
  checkSecondOrderSearch(space, report, base);
  if (!space) return;
  const baseBatch = base?.batchSize;
  if (nFit >= 1 && !space.batchSize && Number.isInteger(baseBatch) && baseBatch > nFit) {
    report(['validationFraction'], 'fitBelowBatch', { fit: countPhrase(nFit, 'row'), rows: countPhrase(nTrain, 'trainingRow'), batch: baseBatch, run: t.run, got: show(t.validationFraction) });
  }
  if (nFit >= 1 && space.batchSize) {
    const rows = countPhrase(nFit, 'trainingRow');
    if (Array.isArray(space.batchSize)) {
      space.batchSize.forEach((b, i) => {
        if (b !== 'full' && b > nFit) report(['space', 'batchSize', i], 'searchBatch', { max: nFit, rows, got: b });
      });
    } else if (space.batchSize.max > nFit) report(['space', 'batchSize', 'max'], 'searchBatchMax', { max: nFit, rows, got: space.batchSize.max });
  }
  if (Array.isArray(space.schedule)) {
    space.schedule.forEach((kind, i) => {
      if (needs[kind] && base?.schedule?.kind && kind !== base.schedule.kind) {
        report(['space', 'schedule', i], 'scheduleNeeds', { kind: show(kind), needs: { or: needs[kind] }, base: show(base.schedule.kind) });
      }
    });
  }
  const searched = {
    optimizer: space.optimizer ?? (base?.optimizer?.kind ? [base.optimizer.kind] : null),
    schedule: space.schedule ?? (base?.schedule?.kind ? [base.schedule.kind] : null),
  };
  for (const [name, spec] of Object.entries(SPACE.fields)) {
    if (!spec.uses || space[name] === undefined) continue;
    const [what, kinds] = Object.entries(spec.uses)[0];
    if (searched[what] && !searched[what].some((k) => kinds.includes(k))) {
      report(['space', name], 'dimensionUnused', { what, searched: searched[what].map(show), kinds: { or: kinds.map(show) } });
    }
  }
  if (t.strategy === 'halving' && space.epochs !== undefined) {
    report(['space', 'epochs'], 'halvingEpochs');
  }
  // Budget: configurations × epochs × rows, summed over halving's rungs.
  const count = t.strategy === 'grid' ? gridSize(space) : t.trials;
  if (t.strategy === 'grid' && count > TUNE_LIMITS.trials) {
    report(['space'], 'gridSize', { count, max: TUNE_LIMITS.trials });
    return;
  }
  const epochs = space.epochs ? Math.max(...(Array.isArray(space.epochs) ? space.epochs : [space.epochs.max]))
    : t.epochs ?? (base && nTrain !== undefined ? runEpochs(base, nTrain) : undefined);
  if (!(nFit >= 1) || !Number.isInteger(count) || !(epochs > 0)) return;
  const trialEpochs = t.strategy === 'halving'
    ? halvingRungs(count, t.eta, epochs, t.minEpochs).reduce((sum, r) => sum + r.size * r.epochs, 0)
    : count * epochs;
  const samples = trialEpochs * nFit;
  if (samples > TUNE_LIMITS.samples) {
    const field = t.strategy === 'grid' ? 'space' : 'trials';
    const vars = { samples: sci(samples), rows: countPhrase(nFit, 'row'), max: sci(TUNE_LIMITS.samples) };
    if (t.strategy === 'halving') report([field], 'searchSamplesHalving', { ...vars, trialEpochs: sci(trialEpochs) });
    else report([field], t.strategy === 'grid' ? 'searchSamplesGrid' : 'searchSamplesRandom', { ...vars, trials: countPhrase(count, 'trial'), epochs: sci(epochs) });
  }
}


/**
 * The rungs of successive halving for n configurations (Jamieson & Talwalkar 2016; one bracket of
 * Li et al.'s Hyperband, 2018): s = min(⌊log_eta n⌋, ⌊log_eta(epochs/minEpochs)⌋); rung k (0..s)
 * trains ⌊n/eta^k⌋ configurations for epochs·eta^(k−s) epochs, so the last rung trains the survivors
 * for `epochs` and no rung gets less than minEpochs.
 * @param {number} n @param {number} eta @param {number} epochs @param {number} [minEpochs]
 * @returns {{size: number, epochs: number}[]}
 */
export function halvingRungs(n, eta, epochs, minEpochs = 0) {
  let s = 0;
  for (let p = eta; p <= n && minEpochs * p <= epochs; p *= eta) s += 1;
  const rungs = [];
  let shrink = 1; // eta^k, exact integer arithmetic
  for (let k = 0; k <= s; k += 1) {
    let grow = 1; // eta^(s−k)
    for (let j = k; j < s; j += 1) grow *= eta;
    rungs.push({ size: Math.floor(n / shrink), epochs: epochs / grow });
    shrink *= eta;
  }
  return rungs;
}

/** Configurations of a grid over a normalized space: the product of list lengths and range points. */
export function gridSize(space) {
  return Object.values(space).reduce((p, dim) => p * (Array.isArray(dim) ? dim.length : dim.points), 1);
}
