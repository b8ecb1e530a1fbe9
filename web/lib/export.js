// export.js — an experiment as Python: a PyTorch script, a NumPy script, a Jupyter notebook or an
// Optuna study that reproduce descent's numbers. Isomorphic (the CLI and the page's worker call it).
//
//   exportExperiment(engine, experiment, {to, distributed, stem}) → {files: [{name, text|bytes}]}
//
// The values come from the engine through Session's public methods only: the data as the core holds
// them (float32, split; standardisation and polynomial features are redone in Python from the
// values before them, checked here to give the same bits), the initial parameters of every run, and
// whether the closed-form optimum exists. The runs, schedules and searches are written from the
// validated experiment; export-kinds.js has one entry per kind, and what has none is refused with a
// message naming the field rather than exported wrong.

import { DescentError } from './errors.js';
import { SCHEMA, validateExperiment } from './experiment.js';
import { LOSSES, OPTIMIZERS, SCHEDULES } from './export-kinds.js';
import { searchSpec, rangeTestSpec } from './export-search.js';
import { writeNotebook } from './export-notebook.js';
import { writeNumpy } from './export-numpy.js';
import { writeOptuna } from './export-optuna.js';
import { writePytorch } from './export-pytorch.js';

/** What `descent export --to` accepts, and the file each writes. */
export const EXPORT_TARGETS = Object.freeze({
  pytorch: { extension: '.py', write: writePytorch, what: 'a PyTorch script' },
  numpy: { extension: '.py', write: writeNumpy, what: 'a NumPy script' },
  notebook: { extension: '.ipynb', write: writeNotebook, what: 'a Jupyter notebook (PyTorch)' },
  optuna: { extension: '.py', write: writeOptuna, what: 'an Optuna study (PyTorch)' },
});

/** The model kinds an export can write (the linear layer: a logistic model is the same layer with BCE). */
const MODELS = ['linear', 'logistic'];

const refuse = (path, message) => { throw new DescentError(`${path}: ${message}`); };

/**
 * Writes an experiment as Python.
 * @param {import('./engine.js').Engine} engine
 * @param {object} input an experiment (validated here)
 * @param {{to: string, distributed?: 'dask'|null, stem?: string}} options to: a key of EXPORT_TARGETS;
 *   distributed: map a search's trials over a Dask cluster; stem: the output's file name without its
 *   extension (names the .npz written beside it for large data)
 * @returns {{files: {name: string, text?: string, bytes?: Uint8Array}[]}} the script or notebook first
 * @throws {ExperimentError} an invalid experiment; {DescentError} what cannot be exported, naming the field
 */
export function exportExperiment(engine, input, { to, distributed = null, stem = 'experiment' } = {}) {
  if (!Object.hasOwn(EXPORT_TARGETS, to)) refuse('to', `must be one of ${Object.keys(EXPORT_TARGETS).join(', ')}, got ${JSON.stringify(to)}`);
  if (distributed !== null && distributed !== 'dask') refuse('distributed', `must be "dask" or null, got ${JSON.stringify(distributed)}`);
  if (typeof stem !== 'string' || !/^[\w.-]{1,100}$/.test(stem)) refuse('stem', `must be a file name of letters, digits, '.', '-' and '_', got ${JSON.stringify(stem)}`);
  const optuna = to === 'optuna';
  // Optuna explores the space of a search: without a tune section, descent tune's default search.
  const experiment = validateExperiment(optuna && input?.tune == null ? { ...input, tune: {} } : input);
  checkExportable(experiment, { to, distributed });
  const spec = buildSpec(engine, experiment);
  return EXPORT_TARGETS[to].write(spec, { stem, distributed });
}

/** Refuses, naming the field, what an export cannot reproduce. */
function checkExportable(experiment, { to, distributed }) {
  const { model, runs, tune } = experiment;
  if (!MODELS.includes(model.kind)) refuse('model.kind', `${JSON.stringify(model.kind)} has no Python export yet`);
  if (!Object.hasOwn(LOSSES, model.loss)) refuse('model.loss', `${JSON.stringify(model.loss)} has no Python export yet`);
  runs.forEach((run, i) => {
    if (!Object.hasOwn(OPTIMIZERS, run.optimizer.kind)) refuse(`runs[${i}].optimizer.kind`, `${JSON.stringify(run.optimizer.kind)} has no Python export yet`);
    if (!Object.hasOwn(SCHEDULES, run.schedule.kind)) refuse(`runs[${i}].schedule.kind`, `${JSON.stringify(run.schedule.kind)} has no Python export yet`);
  });
  for (const field of ['optimizer', 'schedule']) {
    const table = field === 'optimizer' ? OPTIMIZERS : SCHEDULES;
    const kinds = tune?.kind === 'search' ? tune.space[field] : undefined;
    const missing = Array.isArray(kinds) ? kinds.find((k) => !Object.hasOwn(table, k)) : undefined;
    if (missing !== undefined) refuse(`tune.space.${field}`, `${JSON.stringify(missing)} has no Python export yet`);
  }
  if (tune?.kind === 'refine') {
    refuse('tune.kind', '"refine" cannot be exported: it keeps a random perturbation only when the float32 '
      + 'training objective falls, often by less than float32 rounding, and PyTorch\'s float32 sums round '
      + 'differently from descent\'s, so the kept steps would differ. Remove the tune section to export the runs');
  }
  if (to === 'optuna' && tune.kind !== 'search') refuse('tune.kind', `--to optuna needs a search, got ${JSON.stringify(tune.kind)}`);
  if (distributed && to === 'optuna') refuse('distributed', 'an Optuna study is distributed through its storage (--storage on the script\'s command line), not Dask');
  if (distributed && !tune) refuse('distributed', 'the experiment has no "tune" section: there are no trials to distribute');
}

// ---- What the export needs from the engine ---------------------------------------------------------------

/** Everything the targets write, as plain values. */
function buildSpec(engine, experiment) {
  const session = engine.createSession(experiment, { runs: false, diagnostics: false });
  try {
    const tune = experiment.tune;
    const spec = {
      experiment,
      data: collectData(engine, experiment, session),
      model: experiment.model,
      optimum: { computed: session.optimum !== null, note: session.optimumNote },
      runs: experiment.runs.map((run) => pythonRun(run, session.initialParams(run.init))),
      tune: null,
    };
    if (tune?.kind === 'search') {
      const base = experiment.runs[tune.run];
      spec.tune = searchSpec(experiment, pythonRun, session.initialParams(base.init));
    } else if (tune?.kind === 'range_test') {
      spec.tune = rangeTestSpec(experiment, pythonRun, session.initialParams(experiment.runs[tune.run].init));
    }
    const runs = [...spec.runs, ...(spec.tune?.runs ?? [])];
    spec.kinds = {
      optimizers: new Set([...runs.map((r) => r.optimizer.kind), ...(spec.tune?.optimizers ?? [])]),
      schedules: new Set([...runs.flatMap(scheduleKinds), ...(spec.tune?.schedules ?? []).flatMap((kind) => scheduleKinds({ schedule: { kind } }))]),
    };
    return spec;
  } finally {
    session.free();
  }
}

/** A run's schedule kind, and those of a sequential's schedulers (a search's sequential: the default ones). */
function scheduleKinds(run) {
  const { kind } = run.schedule;
  if (kind !== 'sequential') return [kind];
  return [kind, ...(run.schedule.schedulers ?? SCHEMA.schedule.fields.schedulers.default).map((part) => part.kind)];
}

/**
 * A run as the Python scripts hold it: descent's run with its initial parameters resolved, the
 * optimizer and schedule dicts as they are (descent's field names are torch's keyword arguments),
 * record_every null for descent's automatic cadence.
 */
export function pythonRun(run, init) {
  return {
    name: run.name,
    optimizer: { ...run.optimizer },
    batch_size: run.batchSize,
    shuffle: run.shuffle,
    schedule: { ...run.schedule },
    iterations: run.iterations,
    epochs: run.epochs,
    target_loss: run.targetLoss,
    tolerance: run.tolerance,
    diverge_factor: run.divergeFactor,
    record_every: run.record.every === 'auto' ? null : run.record.every,
    init: init === undefined ? undefined : Array.from(init),
  };
}

/** The same float32 bits? (NaN never occurs in data.) */
function sameValues(a, b) {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

/**
 * The data arrays to embed and the Python steps that turn them into the rows descent trains on:
 * polynomial features from the raw x (polynomial and sine data), then standardisation with the
 * training statistics. Each step is checked here to reproduce the core's float32 rows bit for bit.
 */
function collectData(engine, experiment, session) {
  const { data, seed } = experiment;
  const train = session.split('train');
  const test = session.split('test');
  const { d } = session;
  const expanded = data.kind === 'polynomial' || data.kind === 'sine';
  let before = { train, test };
  if (data.standardize) {
    const plain = engine.createSession({ ...experiment, data: { ...data, standardize: false } }, { runs: false, optimum: false });
    try {
      before = { train: plain.split('train'), test: plain.split('test') };
    } finally {
      plain.free();
    }
  }
  const steps = [];
  const arrays = {};
  if (expanded) {
    arrays.x_train = { values: before.train.raw };
    arrays.x_test = { values: before.test.raw ?? new Float32Array(0) };
    steps.push(
      `# Polynomial features (data.degree ${data.degree}): columns x, x², …, x^${data.degree} of the raw x, each power`,
      '# multiplied out in float64 from the previous one and rounded to float32, as descent does.',
      `DEGREE = ${data.degree}`,
      'X_train = np.cumprod(np.repeat(x_train.astype(np.float64)[:, None], DEGREE, axis=1), axis=1).astype(np.float32)',
      'X_test = np.cumprod(np.repeat(x_test.astype(np.float64)[:, None], DEGREE, axis=1), axis=1).astype(np.float32)',
    );
    for (const split of ['train', 'test']) {
      const raw = before[split].raw ?? new Float32Array(0);
      const X = new Float32Array(raw.length * d);
      raw.forEach((x, i) => { let p = 1; for (let k = 0; k < d; k += 1) { p *= x; X[i * d + k] = p; } });
      if (!sameValues(X, before[split].X)) throw new DescentError(`export: the polynomial features of the ${split} split do not reproduce descent's`, 'EINTERNAL');
    }
  } else {
    arrays.X_train = { values: before.train.X, cols: d };
    arrays.X_test = { values: before.test.X, cols: d };
  }
  arrays.y_train = { values: train.y };
  arrays.y_test = { values: test.y };
  if (data.standardize) {
    const { mean, scale } = session.featureStats();
    const list = (v) => `np.array([${Array.from(v, String).join(', ')}])`;
    steps.push(
      ...(steps.length ? [''] : []),
      '# Standardisation (data.standardize): each feature minus the training rows\' mean, divided by their',
      '# population standard deviation (1 where it is 0), computed by descent in float64; the result',
      '# rounded to float32. (np.mean and np.std of X_train give the same statistics up to rounding.)',
      `FEATURE_MEAN = ${list(mean)}`,
      `FEATURE_STD = ${list(scale)}`,
      'X_train = ((X_train.astype(np.float64) - FEATURE_MEAN) / FEATURE_STD).astype(np.float32)',
      'X_test = ((X_test.astype(np.float64) - FEATURE_MEAN) / FEATURE_STD).astype(np.float32)',
    );
    for (const split of ['train', 'test']) {
      const X = before[split].X.map((x, i) => Math.fround((x - mean[i % d]) / scale[i % d]));
      if (!sameValues(X, (split === 'train' ? train : test).X)) throw new DescentError(`export: the standardised ${split} split does not reproduce descent's`, 'EINTERNAL');
    }
  }
  const kind = data.kind === 'inline' ? 'your rows (data.kind "inline")' : `generated by descent (data.kind ${JSON.stringify(data.kind)}, seed ${seed})`;
  const describe = `${session.nTrain} training rows and ${session.nTest} test rows of ${d} feature${d === 1 ? '' : 's'}, ${kind}, split
as descent split them. They are float32 numbers, as descent stores them; the values are written with
enough digits to give back exactly the same float32 numbers.${data.standardize || expanded ? ' Then the features are computed as descent computes them.' : ''}`;
  return { arrays, steps, describe, nTrain: session.nTrain, nTest: session.nTest, d };
}
