// web/document.js — the page's experiment document and its edits, under Node (no DOM): what each edit
// writes, and that one edit validates the experiment once, share link included. Validations are
// counted by wrapping validateExperiment for every importer (count-validations.mjs), so a validation
// made anywhere on the way (link.js's minimize, say) is counted too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'node:module';

register('./count-validations.mjs', import.meta.url);
const {
  LIVE_LINK_VALUES, MAX_RUNS, addRun, adopt, editRuns, editValue, emptyBox, getIn, optimizerChange, overlay, setIn,
  settle, uniqueName, withData,
} = await import('../../web/document.js');
const { SCHEMA, validateExperiment } = await import('../../web/lib/experiment.js');
const { decodeExperiment, encodeMinimal } = await import('../../web/lib/link.js');

/** Validations made while fn runs (every importer of experiment.js is counted). */
async function validationsDuring(fn) {
  const before = globalThis.descentValidations ?? 0;
  const out = await fn();
  return { count: (globalThis.descentValidations ?? 0) - before, out };
}

/** 40 values in [0, 1): rows of imported data. */
const rows40 = Array.from({ length: 40 }, (_, i) => i / 40);

/** The page's start: the seed experiment. */
const start = () => settle({});

/** Applies an edit as the page does: the new document, then settle (and the link, when it follows). */
async function pageEdit(state, makeDoc) {
  const { count, out } = await validationsDuring(async () => {
    const next = settle(makeDoc(state), state);
    const fragment = next.minimal ? await encodeMinimal(next.minimal) : null;
    return { next, fragment };
  });
  return { ...out, validations: count };
}

test('one edit validates the experiment once, its share link included', async () => {
  let state = start();
  const edits = [
    ['lr', (s) => editValue(s, ['runs', 0, 'optimizer', 'lr'], 0.05)],
    ['optimizer kind', (s) => editValue(s, ['runs', 2, 'optimizer', 'kind'], 'adam')],
    ['d', (s) => editValue(s, ['data', 'd'], 3)],
    ['data kind', (s) => editValue(s, ['data', 'kind'], 'blobs')],
    ['add a run', (s) => editRuns(s, 'add')],
    ['duplicate a run', (s) => editRuns(s, 'duplicate', 1)],
    ['remove a run', (s) => editRuns(s, 'remove', 0)],
    ['a tune section', (s) => editValue(s, ['tune'], { trials: 6, space: { lr: { min: 1e-3, max: 3 }, momentum: [0, 0.9] } })],
    ['tune trials', (s) => editValue(s, ['tune', 'trials'], 8)],
    ['Use best', (s) => addRun(s, { name: 'tuned', optimizer: { kind: 'sgd', lr: 0.3 } }).doc],
    ['an invalid value', (s) => editValue(s, ['runs', 0, 'optimizer', 'lr'], -1)],
    ['fixed again', (s) => editValue(s, ['runs', 0, 'optimizer', 'lr'], 0.2)],
    ['CSV data', (s) => withData(s, { kind: 'inline', X: rows40.map((x) => [x]), y: rows40.map((x) => 2 * x + 1) }).doc],
  ];
  for (const [name, makeDoc] of edits) {
    const { next, fragment, validations } = await pageEdit(state, makeDoc);
    assert.equal(validations, 1, `${name}: ${validations} validations`);
    if (next.valid) {
      assert.ok(fragment, `${name}: the link follows`);
      assert.deepEqual(await decodeExperiment(fragment), next.valid, `${name}: the link holds the experiment`);
    } else {
      assert.equal(fragment, null, `${name}: no link while invalid`);
    }
    state = next;
  }
  assert.equal(state.valid.tune.trials, 8);
  assert.deepEqual(state.valid.runs.map((r) => r.name), ['SGD', 'SGD copy', 'mini-batch 16', 'run 4', 'tuned']);
});

test('settle: a valid document is kept in minimal form; an invalid one shows what was typed over the last valid', () => {
  const state = start();
  assert.deepEqual(state.doc, { version: 1 });
  assert.deepEqual(state.valid, validateExperiment({}));
  assert.equal(state.view, state.valid);
  assert.deepEqual(state.issues, []);
  assert.deepEqual(state.minimal, { version: 1 });

  const bad = settle(editValue(state, ['runs', 0, 'optimizer', 'lr'], 'half'), state);
  assert.equal(bad.valid, null);
  assert.equal(bad.lastValid, state.valid);
  assert.equal(bad.minimal, null);
  assert.deepEqual(bad.issues.map((i) => i.path), ['runs[0].optimizer.lr']);
  assert.equal(bad.view.runs[0].optimizer.lr, 'half', 'the box keeps what was typed');
  assert.equal(bad.view.data.n, 100, 'the rest shows the last valid experiment');
  assert.equal(bad.view.runs[0].shuffle, true, 'so do the fields the run leaves to their defaults');
  assert.deepEqual(bad.view.runs[0].schedule, { kind: 'constant', per: 'epoch' });
  // a schedule kind whose torch class requires an argument (CyclicLR's max_lr) is invalid until given
  const cyclic = settle(editValue(state, ['runs', 1, 'schedule', 'kind'], 'cyclic'), state);
  assert.deepEqual(cyclic.issues.map((i) => i.path), ['runs[1].schedule.max_lr']);
  assert.equal(cyclic.view.runs[0].optimizer.lr, 0.1, 'the other runs keep showing their values');
  assert.equal(cyclic.view.runs[1].schedule.kind, 'cyclic');
  const fixed = settle(editValue(bad, ['runs', 0, 'optimizer', 'lr'], 0.2), bad);
  assert.equal(fixed.valid.runs[0].optimizer.lr, 0.2);
  assert.deepEqual(fixed.doc.runs[0], { name: 'batch GD', optimizer: { lr: 0.2 } });
});

test('large inline data stays as given and the link does not follow it', () => {
  const rows = LIVE_LINK_VALUES / 2 + 1; // one feature and the target: 2 values a row
  const X = Array.from({ length: rows }, (_, i) => [i / rows]);
  const document = { data: { kind: 'inline', X, y: X.map(([x]) => 2 * x) } };
  const state = adopt(validateExperiment(document), document);
  assert.equal(state.minimal, null);
  assert.equal(state.doc, document);
  assert.equal(settle(document).minimal, null);
});

test('a new optimizer kind starts from torch\'s defaults; a schedule kind change drops what no longer applies', () => {
  let state = settle(editValue(start(), ['runs', 0, 'optimizer', 'momentum'], 0.9));
  state = settle(editValue(state, ['runs', 0, 'optimizer', 'kind'], 'adam'), state);
  const adam = state.valid.runs[0].optimizer;
  assert.equal(adam.lr, SCHEMA.optimizer.fields.lr.default);
  assert.deepEqual(adam.betas, SCHEMA.optimizer.fields.betas.default);
  assert.equal(adam.momentum, undefined);
  state = settle(editValue(state, ['runs', 0, 'schedule', 'kind'], 'step'), state);
  assert.equal(state.valid.runs[0].schedule.gamma, SCHEMA.schedule.fields.gamma.byKind.step.default);
  state = settle(editValue(state, ['runs', 0, 'schedule', 'gamma'], 0.5), state);
  state = settle(editValue(state, ['runs', 0, 'schedule', 'kind'], 'exponential'), state);
  assert.equal(state.valid.runs[0].schedule.gamma, SCHEMA.schedule.fields.gamma.default, 'a per-kind default follows the kind');
});

test('optimizerChange: the lr goes to the new kind\'s default, a run named after its optimizer is renamed', () => {
  const state = start(); // the seed's runs: "batch GD", "SGD", "mini-batch 16", all SGD at lr 0.1
  const change = optimizerChange(state, ['runs', 1, 'optimizer', 'kind'], 'adam');
  assert.deepEqual(change.lr, { from: 0.1, to: 0.001 });
  assert.deepEqual(change.rename, { from: 'SGD', to: 'Adam' });
  assert.equal(change.text, 'Lr changed from 0.1 to 0.001, Adam\'s default; the run "SGD" is now "Adam".');
  const next = settle(editValue(state, ['runs', 1, 'optimizer', 'kind'], 'adam'), state);
  assert.equal(next.valid.runs[1].name, 'Adam');
  assert.equal(next.valid.runs[1].optimizer.lr, 0.001);
  // a run with a name of its own keeps it; other edits and the same kind change nothing
  assert.equal(optimizerChange(state, ['runs', 0, 'optimizer', 'kind'], 'adam').rename, null);
  assert.equal(optimizerChange(state, ['runs', 0, 'optimizer', 'kind'], 'sgd'), null);
  assert.equal(optimizerChange(state, ['runs', 0, 'optimizer', 'lr'], 0.5), null);
  // adadelta's default lr is 1: no lr note going from lr 1
  const one = settle(editValue(state, ['runs', 0, 'optimizer', 'lr'], 1), state);
  assert.equal(optimizerChange(one, ['runs', 0, 'optimizer', 'kind'], 'adadelta'), null);
});

test('changing d (or degree) resizes the lists written in the document with the schema\'s defaults', () => {
  let state = settle({ data: { weights: [2], scales: [0.5] }, init: { weights: [1], bias: 0 }, runs: [{ init: { weights: [4] } }] });
  state = settle(editValue(state, ['data', 'd'], 3), state);
  assert.deepEqual(state.issues, []);
  assert.deepEqual(state.valid.data.weights, [2, 3, 3]);
  assert.deepEqual(state.valid.data.scales, [0.5, 1, 1]);
  assert.deepEqual(state.valid.init.weights, [1, 0, 0]);
  assert.deepEqual(state.valid.runs[0].init.weights, [4, 0, 0]);
  state = settle(editValue(state, ['data', 'd'], 1), state);
  assert.deepEqual([state.valid.data.weights, state.valid.data.scales, state.valid.init.weights], [[2], [0.5], [1]]);
  // Lists at their defaults are not in the document: they follow d by themselves.
  const plain = settle(editValue(start(), ['data', 'd'], 4));
  assert.deepEqual(plain.valid.data.weights, [3, 3, 3, 3]);
  assert.equal(plain.doc.data.weights, undefined);
  const poly = settle(editValue(settle({ data: { kind: 'polynomial' }, init: { weights: [1, 2, 3] } }), ['data', 'degree'], 4));
  assert.deepEqual(poly.valid.init.weights, [1, 2, 3, 0]);
});

test('a data kind change brings the default model for that data and the default init', () => {
  let state = settle({ init: { weights: [1], bias: 2 }, model: { loss: 'huber' } });
  state = settle(editValue(state, ['data', 'kind'], 'blobs'), state);
  assert.deepEqual(state.issues, []);
  assert.deepEqual(state.valid.model, validateExperiment({ data: { kind: 'blobs' } }).model);
  assert.equal(state.valid.model.kind, 'logistic');
  assert.equal(state.valid.init, validateExperiment({ data: { kind: 'blobs' } }).init);
  state = settle(editValue(state, ['data', 'kind'], 'sine'), state);
  assert.equal(state.valid.model.kind, 'linear');
  // A model that already fits the new data is kept as it is.
  const huber = settle({ model: { loss: 'huber' } });
  assert.equal(settle(editValue(huber, ['data', 'kind'], 'sine'), huber).valid.model.loss, 'huber');
});

test('an edit that leaves a default run without room is reported on that run, never drops it', () => {
  const state = settle(editValue(start(), ['data', 'n'], 10));
  assert.equal(state.valid, null);
  assert.equal(state.view.runs.length, 3);
  assert.deepEqual(state.issues.map((i) => i.path), ['runs[2].batchSize']);
});

test('runs: added with the schema\'s defaults and a name of their own, duplicated, removed; tune.run follows its run', () => {
  let state = settle({ tune: { run: 2 } });
  state = settle(editRuns(state, 'add'), state);
  assert.equal(state.valid.runs.at(-1).name, 'run 4');
  assert.deepEqual(state.doc.runs.at(-1), {}, 'every field of the new run is a default');
  assert.deepEqual(state.valid.runs.at(-1).optimizer, validateExperiment({ runs: [{}] }).runs[0].optimizer);
  state = settle(editRuns(state, 'duplicate', 0), state);
  assert.deepEqual(state.valid.runs.map((r) => r.name), ['batch GD', 'batch GD copy', 'SGD', 'mini-batch 16', 'run 4'], 'names stay with their runs');
  assert.equal(state.valid.tune.run, 3);
  state = settle(editRuns(state, 'remove', 1), state);
  state = settle(editRuns(state, 'remove', 0), state);
  assert.equal(state.valid.tune.run, 1);
  assert.equal(state.valid.runs[1].name, 'mini-batch 16');
  for (let i = state.valid.runs.length; i < MAX_RUNS + 2; i += 1) state = settle(editRuns(state, 'add'), state);
  assert.equal(state.valid.runs.length, MAX_RUNS);
  assert.throws(() => addRun(state, { name: 'one more' }), /already has 8 runs/);
  while (state.valid.runs.length > 1) state = settle(editRuns(state, 'remove', 0), state);
  assert.equal(settle(editRuns(state, 'remove', 0), state).valid.runs.length, 1, 'the last run stays');
});

test('addRun and uniqueName: names stay unique and within 60 characters', () => {
  const { doc, name } = addRun(start(), { name: 'SGD', optimizer: { kind: 'adam' } });
  assert.equal(name, 'SGD 2');
  assert.equal(doc.runs.length, 4);
  const unique = uniqueName([{ name: 'a' }, { name: 'a 2' }, { name: 'x'.repeat(60) }]);
  assert.equal(unique('a'), 'a 3');
  assert.equal(unique('a'), 'a 4');
  assert.equal(unique('x'.repeat(70)), `${'x'.repeat(58)} 2`);
});

test('imported data: a logistic model meets real-valued targets with the default model; 0/1 targets are noted', () => {
  const blobs = settle({ data: { kind: 'blobs' } });
  const real = withData(blobs, { kind: 'inline', X: rows40.map((x) => [x]), y: rows40.map((x) => x + 0.5) });
  assert.equal(real.binary, false);
  assert.equal(real.kind, 'logistic');
  const state = settle(real.doc, blobs);
  assert.equal(state.valid.model.kind, 'linear');
  assert.equal(state.valid.data.testFraction, SCHEMA.data.fields.testFraction.default);
  const binary = withData(start(), { kind: 'inline', X: rows40.map((x) => [x]), y: rows40.map((x) => (x < 0.5 ? 0 : 1)) });
  assert.equal(binary.binary, true);
  assert.equal(binary.kind, 'linear');
});

test('emptyBox: an emptied box reads "required", other issues stay', () => {
  const doc = { runs: [{ optimizer: { lr: '' } }] };
  assert.deepEqual(emptyBox(doc, { path: 'runs[0].optimizer.lr', message: 'must be a number > 0, got ""' }),
    { path: 'runs[0].optimizer.lr', message: 'required: a number > 0' });
  const other = { path: 'seed', message: 'must be an integer, got -1' };
  assert.equal(emptyBox(doc, other), other);
});

test('paths: getIn, setIn, overlay', () => {
  const obj = { runs: [{ optimizer: { lr: 1 } }, { name: 'b' }] };
  assert.equal(getIn(obj, ['runs', 0, 'optimizer', 'lr']), 1);
  assert.equal(getIn(obj, ['runs', 5, 'optimizer']), undefined);
  setIn(obj, ['runs', 0, 'optimizer', 'lr'], 2);
  setIn(obj, ['runs', 1, 'name'], undefined);
  assert.deepEqual(obj, { runs: [{ optimizer: { lr: 2 } }, {}] });
  assert.deepEqual(overlay({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, e: 2 }), { a: { b: 1, c: [3] }, d: 1, e: 2 });
  assert.deepEqual(overlay({ r: [{ a: 1, b: 2 }, { a: 3 }] }, { r: [{ b: 5 }, { c: 6 }] }), { r: [{ a: 1, b: 5 }, { a: 3, c: 6 }] });
  assert.deepEqual(overlay({ r: [{ a: 1 }, { a: 3 }] }, { r: [{ b: 5 }] }), { r: [{ b: 5 }] }, 'another length replaces');
  assert.deepEqual(overlay({ s: { kind: 'step', gamma: 0.1 } }, { s: { kind: 'cyclic' } }), { s: { kind: 'cyclic' } }, 'another kind replaces');
});

test('model kind edits keep the experiment valid: a function drops the data and races from its start; back again, the defaults return', async () => {
  const { settle, editValue } = await import('../../web/document.js');
  const { raceOf, startOf } = await import('../../web/landscapes.js');
  let state = settle({});
  const edit = (path, value) => {
    state = settle(editValue(state, path, value), state);
    assert.deepEqual(state.issues, [], `${path.join('.')} = ${value}`);
    return state.valid;
  };
  let e = edit(['model', 'kind'], 'function');
  assert.equal(e.data.kind, 'none');
  assert.deepEqual(e.init, { params: startOf({ function: 'rosenbrock' }) });
  assert.deepEqual(e.runs.map((r) => r.name), raceOf({ function: 'rosenbrock' }).map((r) => r.name));
  assert.ok(e.runs.every((r) => r.batchSize === 'full'));
  e = edit(['model', 'function'], 'himmelblau');
  assert.deepEqual(e.init.params, startOf({ function: 'himmelblau' }));
  assert.equal(e.runs[0].optimizer.lr, raceOf({ function: 'himmelblau' })[0].optimizer.lr, 'the untouched race follows the function');
  e = edit(['runs', 0, 'optimizer', 'lr'], 0.003);
  e = edit(['model', 'function'], 'beale');
  assert.equal(e.runs[0].optimizer.lr, 0.003, 'a run the learner changed stays');
  e = edit(['model', 'kind'], 'mlp');
  assert.equal(e.data.kind, 'moons');
  assert.equal(e.init, 'uniform');
  e = edit(['model', 'kind'], 'linear');
  assert.equal(e.data.kind, 'linear');
  e = edit(['model', 'kind'], 'logistic');
  assert.equal(e.data.kind, 'blobs');
  e = edit(['model', 'kind'], 'function');
  e = edit(['model', 'kind'], 'linear');
  assert.equal(e.data.kind, 'linear');
  assert.equal(e.init, 'zeros');
});
