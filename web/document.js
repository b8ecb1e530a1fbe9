// document.js — the experiment document the page edits, and its edits: pure functions, no DOM (Node
// tests import this file: tests/node/document.test.js).
//
//   state ──edit(state, path, value)──▶ doc ──settle(doc, state)──▶ state'   (validateExperiment once)
//
// A state is {doc, view, valid, lastValid, issues, minimal}:
//   doc       the document being edited. While it is valid (and its inline data small) it is kept in the
//             share link's minimal form: only what differs from the defaults, so that defaults which
//             depend on other fields (weights on d, a run's init on the experiment's init, lr on the
//             optimizer) follow those fields.
//   valid     the normalized experiment, or null while the document has problems
//   view      what the form shows: `valid`, else what was typed laid over the last valid experiment
//   lastValid the last normalized experiment (kept while the document has problems)
//   issues    the validation issues ([] when valid)
//   minimal   minimize(valid) when the link follows edits (null while invalid, or for large inline data)
// One edit validates once: settle() calls the validator once, and minimize works from the normalized
// experiment without validating again. Every default an edit writes comes from experiment.js's tables.

import { ExperimentError, OPTIMIZER_NAMES, SCHEMA, featureCount, splitSizes, validateExperiment } from './lib/experiment.js';
import { raceOf, startOf } from './landscapes.js';
import { PLANE_GENERATORS } from './lib/counting.js';
import { issueMessage, phrase, renderIssueText } from './lib/issue-text.js';
import { LinkError, linkMessage, minimize } from './lib/link.js';
import { isObject } from './lib/text.js';
import { currentLanguage, text } from './strings.js';

/** Generated two-class data (a linear model cannot take them). */
const CLASS_DATA = ['blobs', ...PLANE_GENERATORS];

/** The most runs an experiment holds. */
export const MAX_RUNS = SCHEMA.experiment.fields.runs.maxLength;
/** Inline data larger than this (values) is not written into the share link on every edit. */
export const LIVE_LINK_VALUES = 20000;

// ---- Paths ------------------------------------------------------------------------------------------

/** The value at path (['runs', 0, 'optimizer', 'lr']) in obj, or undefined. */
export function getIn(obj, path) {
  return path.reduce((node, key) => (node === undefined || node === null ? undefined : node[key]), obj);
}

/** Sets path in obj (its parents must exist); `undefined` deletes an object's key. */
export function setIn(obj, path, value) {
  let node = obj;
  for (let i = 0; i < path.length - 1; i += 1) node = node[path[i]];
  const key = path.at(-1);
  if (value === undefined && !Array.isArray(node)) delete node[key];
  else node[key] = value;
}

/**
 * `over` laid on `base`: objects merge key by key, unless both have a `kind` and it differs (the last
 * valid values of another kind mean nothing for this one); arrays of the same length item by item (the
 * same runs, one of them being edited: what it leaves to its defaults still shows the last valid
 * values); everything else, arrays of another length too, replaces.
 */
export function overlay(base, over) {
  if (Array.isArray(base) && Array.isArray(over) && base.length === over.length) return over.map((item, i) => overlay(base[i], item));
  if (!isObject(base) || !isObject(over)) return over === undefined ? base : over;
  if (over.kind !== undefined && base.kind !== undefined && over.kind !== base.kind) return over;
  const out = { ...base };
  for (const key of Object.keys(over)) out[key] = overlay(base[key], over[key]);
  return out;
}

/** Values of a document's inline data (rows × (features + 1)); 0 for generated data. */
export function inlineValues(doc) {
  const X = doc?.data?.X;
  return doc?.data?.kind === 'inline' && Array.isArray(X) ? X.length * (Array.isArray(X[0]) ? X[0].length + 1 : 1) : 0;
}

/** The schema table describing the object at `path` (['runs', 0, 'optimizer'] → SCHEMA.optimizer). */
export function tableAt(path) {
  const names = path.filter((s) => typeof s === 'string');
  if (names.length === 0) return SCHEMA.experiment;
  const last = names.at(-1);
  if (last === 'runs') return SCHEMA.run;
  return Object.hasOwn(SCHEMA, last) && SCHEMA[last].fields ? SCHEMA[last] : null;
}

/** Whether a field exists for the object's current kind (its appliesTo). */
export function fieldApplies(spec, obj) {
  return Object.entries(spec.appliesTo ?? {}).every(([key, values]) => values.includes(obj?.[key]));
}

// ---- Validation -------------------------------------------------------------------------------------

/**
 * Validates `doc` once and returns the page's state for it.
 * @param {object} doc the document (any JSON value)
 * @param {object|null} [previous] the state before (its lastValid is kept while doc is invalid)
 * @param {{validate?: (doc: unknown) => object}} [options] validate: validateExperiment (tests count calls)
 * @returns {{doc: unknown, view: object, valid: object|null, lastValid: object|null,
 *   issues: {path: string, message: string}[], minimal: object|null}}
 */
export function settle(doc, previous = null, { validate = validateExperiment } = {}) {
  let valid;
  try {
    valid = validate(doc);
  } catch (error) {
    if (!(error instanceof ExperimentError)) throw error;
    const lastValid = previous?.lastValid ?? null;
    return { doc, view: overlay(lastValid ?? {}, doc), valid: null, lastValid, issues: error.issues, minimal: null };
  }
  return adopt(valid, doc);
}

/**
 * The state for an experiment already validated (a share link, decoded and validated by link.js).
 * @param {object} valid a normalized experiment
 * @param {object} [doc] the document it was read from (kept when the link does not follow edits)
 */
export function adopt(valid, doc = valid) {
  const minimal = inlineValues(valid) <= LIVE_LINK_VALUES ? minimize(valid) : null;
  return { doc: minimal ?? doc, view: valid, valid, lastValid: valid, issues: [], minimal };
}

/**
 * An issue's message in the page's language: its code's template filled with its vars (issue-text.js),
 * or its English `message` when it has no code (issues made outside the schema tables).
 * @param {{message: string, code?: string, vars?: object}} issue
 */
export const issueText = (issue) => issueMessage(issue, currentLanguage());

/**
 * What an error says in the page's language: a link's by its code, an invalid experiment's issues (joined
 * by "; "), else its message.
 * @param {Error} error
 */
export function errorText(error) {
  if (error instanceof LinkError && typeof error.code === 'string') return linkMessage(error, currentLanguage());
  if (Array.isArray(error?.issues)) return issueLines(error.issues).join('; ');
  return String(error?.message ?? error);
}

/** Issues as lines of text in the page's language: "path: message". */
export function issueLines(issues) {
  return issues.map((i) => `${i.path || text('status.experiment')}: ${issueText(i)}`);
}

/**
 * An issue about a box left empty (the form reads it as ''): "required: a number > 0 …" rather than
 * the schema's `must be a number > 0 …, got ""` (codes required and requiredEmpty of issue-text.js).
 * @param {unknown} doc @param {{path: string, message: string, code?: string, vars?: object}} issue
 */
export function emptyBox(doc, issue) {
  const segs = [...issue.path.matchAll(/[^.[\]]+/g)].map(([t]) => (/^\d+$/.test(t) ? Number(t) : t));
  if (segs.length === 0 || getIn(doc, segs) !== '') return issue;
  if (typeof issue.code !== 'string') {
    const m = /^must be (.*), got ""$/s.exec(issue.message);
    return { ...issue, message: m ? `required: ${m[1]}` : `required (the box is empty): ${issue.message}` };
  }
  const [code, vars] = issue.code === 'invalid' && issue.vars?.got === '""'
    ? ['required', { expected: issue.vars.expected }]
    : ['requiredEmpty', { problem: phrase(issue.code, issue.vars) }];
  return { ...issue, message: renderIssueText(code, vars, 'en'), code, vars };
}

// ---- Edits: each returns a new document (the state is not modified) --------------------------------

/** A working copy of the document in which `path`'s parents exist (copied from the view). */
export function editable(state, path) {
  const doc = structuredClone(state.doc);
  let node = doc;
  let view = state.view;
  for (let i = 0; i < path.length - 1; i += 1) {
    const key = path[i];
    view = view?.[key];
    if (node[key] === undefined || node[key] === null || typeof node[key] !== 'object') {
      node[key] = structuredClone(view ?? (typeof path[i + 1] === 'number' ? [] : {}));
    }
    node = node[key];
  }
  return doc;
}

/** The learning rate an optimizer kind starts from (torch's default for it, the schema's table). */
const defaultLr = (kind) => {
  const spec = SCHEMA.optimizer.fields.lr;
  return spec.byKind?.[kind]?.default ?? spec.default;
};

/**
 * What switching run i's optimizer kind (path runs[i].optimizer.kind) to `value` changes besides the
 * kind: the learning rate goes to the new kind's default, and a run named after the old optimizer
 * ("SGD", "sgd") is renamed after the new one. Null for any other edit, or when nothing else changes.
 * @param {object} state @param {(string|number)[]} path @param {unknown} value
 * @returns {{run: number, from: string, to: string, lr: {from: number, to: number}|null,
 *   rename: {from: string, to: string}|null, text: string}|null}
 */
export function optimizerChange(state, path, value) {
  if (path.length !== 4 || path[0] !== 'runs' || path[2] !== 'optimizer' || path[3] !== 'kind') return null;
  const run = state.view?.runs?.[path[1]];
  const from = run?.optimizer?.kind;
  if (!run || !from || from === value || !Object.hasOwn(OPTIMIZER_NAMES, value)) return null;
  const lrFrom = run.optimizer.lr;
  const lrTo = defaultLr(value);
  const lr = lrFrom !== lrTo ? { from: lrFrom, to: lrTo } : null;
  const named = typeof run.name === 'string' && run.name.trim().toLowerCase() === OPTIMIZER_NAMES[from].toLowerCase();
  const others = state.view.runs.filter((_, i) => i !== path[1]);
  const rename = named ? { from: run.name, to: uniqueName(others)(OPTIMIZER_NAMES[value]) } : null;
  if (!lr && !rename) return null;
  const parts = [
    ...(lr ? [`lr changed from ${lr.from} to ${lr.to}, ${OPTIMIZER_NAMES[value]}'s default`] : []),
    ...(rename ? [`the run "${rename.from}" is now "${rename.to}"`] : []),
  ];
  return { run: path[1], from, to: value, lr, rename, text: `${parts.join('; ')}.`.replace(/^./, (c) => c.toUpperCase()) };
}

/**
 * One control changed. An enum change drops the sibling fields that no longer apply and those whose
 * default depends on the kind; a new optimizer kind starts from torch's defaults for it, and a run
 * named after its old optimizer takes the new one's name (optimizerChange).
 * @param {object} state @param {(string|number)[]} path @param {unknown} value
 * @returns {object} the new document
 */
export function editValue(state, path, value) {
  const change = optimizerChange(state, path, value);
  const doc = editable(state, path);
  pinRuns(doc, state.lastValid);
  if (change?.rename && isObject(doc.runs?.[change.run])) doc.runs[change.run].name = change.rename.to;
  const key = path.at(-1);
  const parentPath = path.slice(0, -1);
  const parent = getIn(doc, parentPath);
  const table = tableAt(parentPath);
  if (table && isObject(parent) && table.fields[key]?.type === 'enum' && parent[key] !== value) {
    // The document is in minimal form (a default kind is absent): judge on the whole object.
    const shown = getIn(state.view, parentPath);
    const old = { ...(isObject(shown) ? shown : {}), ...parent };
    const now = { ...old, [key]: value };
    setIn(doc, path, value);
    for (const name of Object.keys(parent)) {
      const spec = table.fields[name];
      if (name === key || !spec) continue;
      const perKind = key === 'kind' && spec.byKind && (Object.hasOwn(spec.byKind, old.kind) || Object.hasOwn(spec.byKind, value));
      const fresh = key === 'kind' && table === SCHEMA.optimizer; // a new optimizer starts from torch's defaults
      if (fresh || perKind || !fieldApplies(spec, now)) delete parent[name];
    }
    if (path.length === 2 && path[0] === 'data' && key === 'kind') dataKindChanged(doc, old.kind, value, state.view);
    if (path.length === 2 && path[0] === 'model' && (key === 'kind' || key === 'function')) modelChanged(doc, old, now, state.doc.runs === undefined);
  } else {
    setIn(doc, path, value);
  }
  if (path.length === 2 && path[0] === 'data' && (key === 'd' || key === 'degree')) resizePerFeature(doc, state.view);
  return doc;
}

/**
 * Writes the runs the form shows into `doc` when it has none of its own. The default runs depend on
 * the number of training rows (mini-batch 16 only when 16 rows fit), so without this an edit of n,
 * testFraction or the data would silently drop a run the user can see; pinned, that run keeps its
 * batch size and the schema's message says why it no longer fits.
 * @param {object} doc modified
 * @param {object|null} shown the last valid experiment (the runs on screen)
 */
export function pinRuns(doc, shown) {
  if (doc.runs !== undefined || !shown) return;
  const { nTrain } = splitSizes(shown.data);
  doc.runs = structuredClone(SCHEMA.experiment.fields.runs.default(shown, { root: shown, nTrain: () => nTrain }));
}

/**
 * After data.d (or degree) changed: per-feature lists written in the document follow the new count,
 * padded with their defaults (the schema's true weight and feature scale; 0 for an initial weight, as
 * init "zeros") or truncated. Lists left at their defaults are absent from the document and follow by
 * themselves.
 * @param {object} doc modified
 * @param {object} view what the form showed (fields the document leaves to their defaults)
 */
export function resizePerFeature(doc, view) {
  const data = doc.data;
  const count = featureCount({ ...view?.data, ...data });
  if (!Number.isInteger(count) || count < 1 || count > SCHEMA.data.fields.d.max) return;
  const resize = (list, pad) => (Array.isArray(list) && list.length !== count
    ? Array.from({ length: count }, (_, j) => (j < list.length ? list[j] : pad))
    : list);
  const padOf = (name) => SCHEMA.data.fields[name].default({ d: 1 })[0];
  if (Array.isArray(data.weights)) data.weights = resize(data.weights, padOf('weights'));
  if (Array.isArray(data.scales)) data.scales = resize(data.scales, padOf('scales'));
  const inits = [doc.init, ...(Array.isArray(doc.runs) ? doc.runs.map((r) => r?.init) : [])];
  for (const init of inits) if (isObject(init) && Array.isArray(init.weights)) init.weights = resize(init.weights, 0);
}

/**
 * After data.kind changed from `from` to `to`: the model follows the generator (generated blobs are
 * classified, every other generator regressed: the schema's default model for that data), explicit
 * initial parameters go back to the default, and inline data keeps the rows it had.
 * @param {object} doc modified
 * @param {string} from @param {string} to
 * @param {object} view what the form showed
 */
export function dataKindChanged(doc, from, to, view) {
  if (to === 'inline') {
    const prev = view?.data;
    if (prev?.kind === 'inline') Object.assign(doc.data, { X: prev.X, y: prev.y });
    return;
  }
  const want = SCHEMA.model.fields.kind.default({}, { root: { data: { kind: to } } });
  if ((doc.model?.kind ?? view?.model?.kind) !== want) delete doc.model; // the default model for `to`
  if (isObject(doc.init)) delete doc.init; // weights for the old features: back to the default init
}

/**
 * After model.kind or model.function changed from `from` to `to` (the whole model objects):
 * - to a test function: no data (its default is "none"), the start at the function's usual point
 *   (landscapes.js startOf), and the runs a full batch each (a function has no rows); runs left at
 *   their defaults, or still the previous function's race, become the new function's race (raceOf:
 *   GD, momentum, Adam at rates stable there);
 * - from a test function: its race and its start go back to the defaults; a network gets two moons to
 *   classify, a logistic model two blobs (the data a linear model's default, y = 3x, is regression);
 * - to a network from a linear model's data (y = 3x + noise): two moons, the network's usual data;
 *   to a linear model from two-class data: y = 3x + noise; to a logistic one from regression data: blobs.
 * Explicit weights and bias (of a linear model) go back to the default init.
 * @param {object} doc modified
 * @param {object} from @param {object} to the model before and after the edit
 * @param {boolean} defaultRuns the runs were left to their defaults (pinRuns wrote them into doc)
 */
export function modelChanged(doc, from, to, defaultRuns) {
  // the race of a function, as far as a learner could have changed it (minimal form leaves defaults out)
  const signature = (runs) => JSON.stringify((Array.isArray(runs) ? runs : []).map((r) => [r?.name, r?.optimizer?.kind ?? 'sgd', r?.optimizer?.lr ?? 1e-3, r?.optimizer?.momentum ?? 0, r?.iterations]));
  const race = (model) => signature(raceOf(model));
  const fn = SCHEMA.model.fields.function.default;
  if (from.kind === 'function') from = { function: fn, ...from };
  if (to.kind === 'function') {
    to = { function: fn, ...to };
    delete doc.data;
    doc.init = { params: startOf(to) };
    const wasRace = from.kind === 'function' && signature(doc.runs) === race(from);
    if (defaultRuns || wasRace || from.kind !== 'function' && !Array.isArray(doc.runs)) {
      doc.runs = raceOf(to);
    } else if (Array.isArray(doc.runs)) {
      for (const run of doc.runs) {
        if (!isObject(run)) continue;
        delete run.batchSize;
        delete run.shuffle;
        if (run.init !== undefined && !(isObject(run.init) && Array.isArray(run.init.params) && run.init.params.length === 2)) delete run.init;
      }
    }
    return;
  }
  if (from.kind === 'function') {
    delete doc.init;
    if (signature(doc.runs) === race(from)) delete doc.runs;
    const data = { mlp: { kind: 'moons' }, logistic: { kind: 'blobs' } }[to.kind];
    if (data) doc.data = data;
    else delete doc.data;
    return;
  }
  if (to.kind === 'mlp' && (doc.data?.kind ?? 'linear') === 'linear') doc.data = { kind: 'moons' };
  if (to.kind === 'linear' && CLASS_DATA.includes(doc.data?.kind)) delete doc.data; // two classes are not regressed: y = 3x + noise
  if (to.kind === 'logistic' && ['linear', 'polynomial', 'sine'].includes(doc.data?.kind ?? 'linear')) doc.data = { kind: 'blobs' }; // real-valued targets are not classified
  if (isObject(doc.init) && !Array.isArray(doc.init.params)) delete doc.init;
  if (to.kind === 'mlp' && isObject(doc.init)) delete doc.init; // another model's parameter vector
}

/** A function that makes names unique among `runs` ("name", "name 2", …; at most 60 characters). */
export function uniqueName(runs) {
  const max = SCHEMA.run.fields.name.maxLength;
  const names = new Set(runs.map((r) => r?.name));
  return (base) => {
    let name = base.slice(0, max);
    for (let k = 2; names.has(name); k += 1) name = `${base.slice(0, max - String(k).length - 1)} ${k}`;
    names.add(name);
    return name;
  };
}

/**
 * Adds a run (the schema's defaults, a name of its own), duplicates run `index` after it, or removes
 * it. Runs keep their names when runs before them come or go (a name left to its default, "run 4",
 * is written out first: the default would follow the index), and tune.run, which names a run by
 * index, follows its run.
 * @param {object} state @param {'add'|'duplicate'|'remove'} action @param {number} [index]
 * @returns {object} the new document
 */
export function editRuns(state, action, index) {
  const doc = editable(state, ['runs', 0]);
  const runs = doc.runs;
  runs.forEach((run, i) => {
    if (isObject(run) && run.name === undefined) run.name = state.view?.runs?.[i]?.name ?? defaultRunName(i);
  });
  const unique = uniqueName(runs);
  const shiftTune = (by) => {
    if (isObject(doc.tune) && Number.isInteger(doc.tune.run) && doc.tune.run > index) doc.tune.run += by;
  };
  if (action === 'add' && runs.length < MAX_RUNS) {
    runs.push({ name: unique(defaultRunName(runs.length)) }); // every other field: the schema's default
  } else if (action === 'duplicate' && runs.length < MAX_RUNS) {
    const copy = structuredClone(runs[index]);
    copy.name = unique(`${String(copy.name ?? defaultRunName(index)).slice(0, 52)} copy`);
    runs.splice(index + 1, 0, copy);
    shiftTune(1);
  } else if (action === 'remove' && runs.length > 1) {
    runs.splice(index, 1);
    shiftTune(-1);
  }
  return doc;
}

/** The schema's name for run i when it has none ("run 1"). */
const defaultRunName = (i) => SCHEMA.run.fields.name.default(null, { index: i });

/**
 * Appends a run (the tuning panel's "Use best"), its name made unique among the runs.
 * @param {object} state @param {object} run
 * @returns {{doc: object, name: string}} the new document and the name the run got
 * @throws {Error} the experiment already has MAX_RUNS runs
 */
export function addRun(state, run) {
  const doc = editable(state, ['runs', 0]);
  if (doc.runs.length >= MAX_RUNS) throw new Error(`the experiment already has ${MAX_RUNS} runs (the most): remove one first`);
  const name = uniqueName(doc.runs)(String(run.name ?? defaultRunName(doc.runs.length)));
  doc.runs.push({ ...run, name });
  return { doc, name };
}

/**
 * Replaces the data with imported inline data ({kind: 'inline', X, y, …}). The runs on screen are
 * pinned (a run whose batch no longer fits is reported, not dropped); a logistic model meets targets
 * other than 0/1 by going back to the default (linear) model; explicit initial parameters go back to
 * the default.
 * @param {object} state @param {object} data
 * @returns {{doc: object, binary: boolean, kind: string}} the new document, whether every target is
 *   0 or 1, and the model kind shown before
 */
export function withData(state, data) {
  const doc = editable(state, ['data', 'kind']);
  pinRuns(doc, state.lastValid);
  doc.data = data;
  const binary = data.y.every((v) => v === 0 || v === 1);
  const kind = doc.model?.kind ?? state.view?.model?.kind;
  if (kind === 'logistic' && !binary) delete doc.model;
  if (isObject(doc.init)) delete doc.init;
  return { doc, binary, kind };
}
