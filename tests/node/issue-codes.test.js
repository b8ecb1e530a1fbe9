// Every validation issue has a code (web/lib/issue-text.js): a catalogue of bad documents drives the
// readers (experiment, tune section, view options) until every code of the table has been emitted, and
// each issue is checked: its code exists in English and Chinese, the two templates use the same
// placeholders, the vars are exactly those placeholders, the English rendered from code and vars is the
// issue's message character for character, and the Chinese renders (no English template left in it).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { emptyBox } from '../../web/document.js';
import { ExperimentError, deserializeError, serializeError } from '../../web/lib/errors.js';
import { validateExperiment, validateRun } from '../../web/lib/experiment.js';
import { ISSUE_TEXT, issueMessage, placeholders, renderIssueText } from '../../web/lib/issue-text.js';
import { readDocument } from '../../web/lib/schema.js';
import { validateViewOptions } from '../../web/lib/view-options.js';

const sgd = (extra = {}) => ({ kind: 'sgd', lr: 0.1, ...extra });
const run = (extra = {}) => ({ optimizer: sgd(), ...extra });
const fn = (extra = {}) => ({ model: { kind: 'function' }, ...extra });
const tune = (t, extra = {}) => ({ runs: [run()], tune: t, ...extra });

/** Bad documents, each meant to raise at least the codes it names (checked below). */
const EXPERIMENTS = [
  [['invalid'], 42],
  [['invalid'], { seed: -1, name: 3, data: { testFraction: 'x', standardize: 1 }, runs: [{ optimizer: { kind: 'nope' } }] }],
  [['invalid'], { runs: [{ optimizer: sgd({ lr: 2e6 }) }], data: { kind: 'linear', bias: 1e39 } }],
  [['invalid'], { runs: [{ batchSize: 0 }, { epochs: -1 }, { targetLoss: 'x' }, { init: 'ones' }], model: { kind: 'mlp', hidden: [0] } }],
  [['invalid'], { runs: [run({ record: 5 })], tune: { kind: 'search', space: { lr: 'x', optimizer: ['x'] } } }],
  [['invalid'], { data: { kind: 'inline', X: [[1], 'x'], y: [1, 2] } }],
  [['missing'], { runs: [run({ schedule: { kind: 'cosine_warm_restarts' } })] }],
  [['missing'], { data: { kind: 'inline' } }],
  [['unknownField'], { colour: 1 }],
  [['unknownFieldFor'], { data: { kind: 'sine', d: 3 } }],
  [['unknownFieldFor'], { model: { kind: 'linear', loss: 'mse', delta: 2 } }],
  [['unknownFieldFor'], fn({ data: { kind: 'none', n: 5 } })], // allowed: no other field
  [['invalid'], { version: 2, runs: 5, model: { kind: 'linear', loss: 'bce' } }],
  [['invalid'], { runs: [run()], tune: { run: 5, space: { optimizer: 'adam' } } }],
  [['lengthOneNote'], { data: { kind: 'linear', d: 1 }, init: { weights: [1, 2] } }],
  [['controlChar'], { name: 'a\u001bb' }],
  [['invisibleChar'], { name: 'a\u202eb' }],
  [['valueCount'], { runs: [run()], tune: { space: { lr: [] } } }],
  [['valueCount'], { model: { kind: 'mlp', hidden: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] } }],
  [['valueCount'], { data: { kind: 'inline', X: [new Array(2000).fill(1), new Array(2000).fill(1)], y: [0, 1] } }],
  [['itemCount'], { runs: [] }],
  [['itemCount'], { runs: [run({ schedule: { kind: 'sequential', schedulers: [{ kind: 'linear' }] } })] }],
  [['length', 'lengthNote'], { data: { kind: 'linear', d: 2, weights: [1, 2, 3] }, runs: [run({ optimizer: { kind: 'adam', betas: [0.9] } })] }],
  [['lengthOneNote'], { data: { kind: 'linear', d: 1, weights: [1, 2] }, runs: [run({ schedule: { kind: 'sequential', milestones: [1, 2] } })] }],
  [['lengthNote'], { init: { params: [1, 2, 3] } }],
  [['lengthNote'], fn({ init: { params: [1] } })],
  [['lengthNote'], { model: { kind: 'mlp' }, data: { kind: 'moons' }, init: { params: [1] } }],
  [['lengthNote'], { data: { kind: 'inline', X: [[1], [2]], y: [1] } }],
  [['rowCount'], { data: { kind: 'inline', X: [[1]], y: [1] } }],
  [['rowLength'], { data: { kind: 'inline', X: [[1, 2], [1], [1, 2]], y: [1, 2, 3] } }],
  [['rowLengthOne'], { data: { kind: 'inline', X: [[1], [1, 2]], y: [1, 2] } }],
  [['valueTotal'], { data: { kind: 'inline', X: new Array(10001).fill(new Array(1000).fill(0)), y: [] } }],
  [['dataTooLarge'], { data: { n: 1000000, d: 1024 } }],
  [['noTrainingRows'], { data: { n: 2, testFraction: 0.9 } }],
  [['scaleTooLarge'], { data: { kind: 'linear', d: 1, scales: [1e19] } }],
  [['targetsTooLargeLinear'], { data: { kind: 'linear', d: 1, weights: [1e18], scales: [10] } }],
  [['targetsTooLargePolynomial'], { data: { kind: 'polynomial', coefficients: [1e19] } }],
  [['initNeedsParams'], fn({ init: {} })],
  [['initNeedsParamsOrWeights'], { init: {} }],
  [['initBoth'], { init: { params: [0, 0], weights: [0] } }],
  [['initWeightsFlat'], fn({ init: { weights: [0, 0] } })],
  [['batchFunction', 'uniformFunction'], fn({ runs: [run({ batchSize: 1, init: 'uniform' })] })],
  [['uniformFunction'], fn({ init: 'uniform' })],
  [['batchSecondOrder', 'lbfgsEpochs'], { runs: [{ optimizer: { kind: 'lbfgs' }, batchSize: 4, epochs: 3 }] }],
  [['newtonMlp'], { model: { kind: 'mlp' }, runs: [{ optimizer: { kind: 'newton' } }] }],
  [['newtonLoss'], { model: { kind: 'linear', loss: 'mae' }, runs: [{ optimizer: { kind: 'newton' } }] }],
  [['newtonL1'], { model: { kind: 'linear', penalty: { l1: 0.1 } }, runs: [{ optimizer: { kind: 'newton' } }] }],
  [['cycleMomentum'], { runs: [{ optimizer: { kind: 'adam' }, schedule: { kind: 'cyclic', max_lr: 1, cycle_momentum: true } }] }],
  [['cycleMomentumBetas'], { runs: [{ optimizer: { kind: 'adagrad' }, schedule: { kind: 'one_cycle', cycle_momentum: true } }] }],
  [['totalSteps'], { runs: [run({ iterations: 100, schedule: { kind: 'one_cycle', per: 'iteration', total_steps: 10 } })] }],
  [['emptyPhaseRun'], { runs: [run({ iterations: 10, schedule: { kind: 'one_cycle', per: 'iteration', pct_start: 0.1 } })] }],
  [['emptyPhaseTotal'], { runs: [run({ iterations: 10, schedule: { kind: 'one_cycle', per: 'iteration', total_steps: 10, pct_start: 0.1 } })] }],
  [['epochBudget'], { data: { n: 6250000 }, runs: [{ batchSize: 5, epochs: 1000.000001 }] }],
  [['historyPoints'], { runs: [run({ iterations: 10000000, record: { every: 1 } })] }],
  [['nameNotUnique'], { runs: [run({ name: 'a' }), run({ name: 'a' })] }],
  [['modelNeedsFunction'], { data: { kind: 'none' }, model: { kind: 'linear' } }],
  [['dataForFunction'], fn({ data: { kind: 'linear' } })],
  [['modelForClasses'], { data: { kind: 'moons' }, model: { kind: 'linear' } }],
  [['modelForTargets'], { data: { kind: 'sine' }, model: { kind: 'logistic' } }],
  [['lossForClasses'], { data: { kind: 'moons' }, model: { kind: 'mlp', loss: 'mse' } }],
  [['lossForTargets'], { data: { kind: 'sine' }, model: { kind: 'mlp', loss: 'bce' } }],
  [['binaryTarget'], { data: { kind: 'inline', X: [[1], [2]], y: [0, 2] }, model: { kind: 'logistic' } }],
  [['nesterov'], { runs: [run({ optimizer: sgd({ nesterov: true }) })] }],
  [['etaMinus', 'etaPlus', 'stepSizes'], { runs: [{ optimizer: { kind: 'rprop', etas: [1.5, 0.5], step_sizes: [2, 1] } }] }],
  [['milestones'], { runs: [run({ schedule: { kind: 'multistep', milestones: [5, 3] } })] }],
  [['moreProblems'], { data: { kind: 'inline', X: Array.from({ length: 300 }, () => ['a']), y: new Array(300).fill(0) } }],
  // the tune section
  [['rangeMax'], tune({ space: { lr: { min: 1, max: 0.1 } } })],
  [['rangeLogMin'], tune({ space: { momentum: { min: 0, max: 0.5, scale: 'log' } } })],
  [['spaceEmpty'], tune({ space: {} })],
  [['validationFunction', 'batchSizeFunction'], fn({ runs: [run()], tune: { validationFraction: 0.5, space: { batchSize: [1] } } })],
  [['lrMax'], tune({ kind: 'range_test', lrMin: 1, lrMax: 0.5 })],
  [['rangeTestSamples'], tune({ kind: 'range_test', steps: 100000 }, { data: { n: 1000000 } })],
  [['refineSamples'], tune({ kind: 'refine', tries: 1000000 }, { data: { n: 1000000 } })],
  [['searchLbfgsRun'], { runs: [{ optimizer: { kind: 'lbfgs' } }], tune: {} }],
  [['searchLbfgs', 'searchNewton'], { runs: [run({ batchSize: 4 })], tune: { space: { optimizer: ['lbfgs', 'newton'] } } }],
  [['searchNewtonSearched'], tune({ space: { optimizer: ['newton'], batchSize: ['full'] } })],
  [['noValidationRows'], tune({ validationFraction: 0.01 }, { data: { n: 10, testFraction: 0.5 } })],
  [['noFitRows'], tune({ validationFraction: 0.9 }, { data: { n: 2, testFraction: 0.5 } })],
  [['fitBelowBatch'], { data: { n: 40 }, runs: [run({ batchSize: 30 })], tune: {} }],
  [['fitBelowBatch'], { data: { n: 3, testFraction: 0.34 }, runs: [run({ batchSize: 2 })], tune: { validationFraction: 0.5 } }], // 1 row
  [['searchSamplesRandom'], tune({ trials: 1, epochs: 1e6 }, { data: { n: 20000 } })], // 1 trial
  [['searchBatch'], { data: { n: 40 }, runs: [run()], tune: { space: { batchSize: [1000] } } }],
  [['searchBatchMax'], { data: { n: 40 }, runs: [run()], tune: { space: { batchSize: { min: 1, max: 1000 } } } }],
  [['scheduleNeeds'], tune({ space: { schedule: ['cyclic'] } })],
  [['dimensionUnused'], tune({ space: { beta1: [0.9] } })],
  [['halvingEpochs'], tune({ strategy: 'halving', space: { epochs: [1, 2] } })],
  [['gridSize'], tune({ strategy: 'grid', space: { lr: { min: 0.1, max: 1, points: 100 }, momentum: { min: 0, max: 0.9, points: 100 } } })],
  [['searchSamplesGrid'], tune({ strategy: 'grid', space: { lr: { min: 0.1, max: 1, points: 100 } }, epochs: 1e6 }, { data: { n: 10000 } })],
  [['searchSamplesRandom'], tune({ trials: 1000, epochs: 1e6 }, { data: { n: 10000 } })],
  [['searchSamplesHalving'], tune({ strategy: 'halving', trials: 1000, epochs: 1e6 }, { data: { n: 10000 } })],
];

/** Bad view options of a classroom link. */
const VIEWS = [
  [['unknownControlIn'], { hide: ['optimizer.colour'] }],
  [['unknownControl'], { lock: ['nothing.here'] }],
  [['repeats'], { hide: ['data', 'data'] }],
  [['hiddenAndLocked'], { hide: ['data'], lock: ['data'] }],
  [['lessonId'], { lesson: 'Not An Id' }],
  [['noLesson'], { lesson: 'no-such-lesson' }, { lessons: ['learning-rate', 'momentum'] }],
  [['markup'], { text: 'see <b>this</b>' }],
  [['itemCount'], { charts: [] }],
  [['invalid'], { hide: 'data' }],
];

function issuesOf(read) {
  try {
    read();
  } catch (error) {
    if (error instanceof ExperimentError) return error.issues;
    throw error;
  }
  return [];
}

/** Every code used in an issue, its phrases included. */
function codesIn(issue, into = new Set()) {
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      if (typeof v.code === 'string') into.add(v.code);
      Object.values(v.vars ?? {}).forEach(walk);
      if (Array.isArray(v.or)) v.or.forEach(walk);
    }
  };
  walk(issue);
  return into;
}

/** A table of the generic walker's cases that the experiment's tables do not have. */
const GENERIC = {
  fields: {
    one: { type: 'numbers', length: 1 },
    count: { type: 'int', min: 1, default: 1 },
  },
};

/** A document with two boxes left empty: a number (its type is wrong) and a name (too short). */
const EMPTY = { seed: '', runs: [{ name: '', optimizer: sgd() }] };
/** A box left empty whose issue is not about its type (the nesterov rule's path, here ''). */
const EMPTY_OTHER = { runs: [{ optimizer: { nesterov: '' } }] };

const ISSUES = [
  [['lengthOne', 'invalid'], issuesOf(() => readDocument(GENERIC, { one: [1, 2], count: 0 })), 'generic'],
  // boxes of the page's form left empty: the form reads them as '' (document.js emptyBox)
  [['required'], issuesOf(() => validateExperiment(EMPTY)).map((issue) => emptyBox(EMPTY, issue)), 'empty boxes'],
  [['requiredEmpty'], [emptyBox(EMPTY_OTHER, issuesOf(() => validateExperiment({ runs: [run({ optimizer: sgd({ nesterov: true }) })] }))[0])], 'an empty box with another problem'],
  ...EXPERIMENTS.map(([codes, doc]) => [codes, issuesOf(() => validateExperiment(doc)), doc]),
  ...VIEWS.map(([codes, view, context]) => [codes, issuesOf(() => validateViewOptions(view, context)), view]),
  [['invalid', 'unknownField'], issuesOf(() => validateRun({ batchSize: 'x', colour: 1 }, { experiment: validateExperiment({}), nTrain: 80 })), 'a run'],
];

test('each bad document raises the codes it was written for', () => {
  for (const [codes, issues, doc] of ISSUES) {
    const got = issues.map((i) => i.code);
    for (const code of codes) assert.ok(got.includes(code), `${code} not raised by ${JSON.stringify(doc).slice(0, 200)}: ${JSON.stringify(issues.map((i) => [i.code, i.message])).slice(0, 400)}`);
  }
});

test('every issue has a code, and its English rendered from the table is its message exactly', () => {
  let count = 0;
  for (const [, issues] of ISSUES) {
    for (const issue of issues) {
      count += 1;
      assert.equal(typeof issue.code, 'string', `${issue.path}: ${issue.message} has no code`);
      assert.ok(Object.hasOwn(ISSUE_TEXT, issue.code), issue.code);
      assert.equal(renderIssueText(issue.code, issue.vars, 'en'), issue.message);
      assert.equal(issueMessage(issue, 'en'), issue.message);
      const zh = issueMessage(issue, 'zh');
      assert.match(zh, /[\u4e00-\u9fff]/, `${issue.code}: ${zh}`);
      assert.notEqual(zh, issue.message);
    }
  }
  assert.ok(count > 100, `${count} issues`);
});

test('the vars of each issue and phrase are exactly the placeholders of its templates', () => {
  const check = (code, vars) => {
    const want = [...new Set(placeholders(ISSUE_TEXT[code].en))].sort();
    assert.deepEqual(Object.keys(vars ?? {}).sort(), want, code);
    for (const v of Object.values(vars ?? {})) {
      if (v !== null && typeof v === 'object' && typeof v.code === 'string') check(v.code, v.vars);
    }
  };
  for (const [, issues] of ISSUES) for (const issue of issues) check(issue.code, issue.vars);
});

test('both languages of every code use the same placeholders', () => {
  for (const [code, entry] of Object.entries(ISSUE_TEXT)) {
    assert.deepEqual(Object.keys(entry).sort(), ['en', 'zh'], code);
    assert.deepEqual([...new Set(placeholders(entry.zh))].sort(), [...new Set(placeholders(entry.en))].sort(), code);
    assert.ok(entry.en.trim() && entry.zh.trim(), code);
  }
});

test('the catalogue raises every code of the table (no code is dead, none is untested)', () => {
  const seen = new Set();
  for (const [, issues] of ISSUES) for (const issue of issues) codesIn(issue, seen);
  const unused = Object.keys(ISSUE_TEXT).filter((code) => !seen.has(code));
  assert.deepEqual(unused, []);
});

test('codes and vars cross a worker boundary; issues without a code keep their message', () => {
  const [issues] = [ISSUES.find(([codes]) => codes.includes('epochBudget'))[1]];
  const back = deserializeError(structuredClone(serializeError(new ExperimentError(issues))));
  assert.deepEqual(back.issues, issues);
  assert.equal(issueMessage({ path: 'x', message: 'made elsewhere' }, 'zh'), 'made elsewhere');
  assert.throws(() => renderIssueText('noSuchCode', {}, 'zh'), /no issue code noSuchCode/);
  assert.throws(() => renderIssueText('invalid', { got: 1 }, 'zh'), /needs \{expected\}/);
});

test('an empty box says "required" in both languages; an issue without a code keeps its message', () => {
  const [name, seed] = issuesOf(() => validateExperiment(EMPTY)).map((issue) => emptyBox(EMPTY, issue)).sort((a, b) => a.path.localeCompare(b.path));
  assert.deepEqual([name.path, name.code, name.message], ['runs[0].name', 'required', 'required: a string of 1..60 characters']);
  assert.deepEqual([seed.path, seed.code, seed.message], ['seed', 'required', 'required: an integer in 0..4294967295']);
  assert.equal(issueMessage(seed, 'zh'), '必填：0..4294967295 之间的整数');
  const other = ISSUES.find(([codes]) => codes.includes('requiredEmpty'))[1][0];
  assert.equal(other.message, 'required (the box is empty): can be true only with momentum > 0 and dampening 0, got momentum 0 and dampening 0');
  assert.equal(issueMessage(other, 'zh'), '必填（输入框为空）：只有 momentum > 0 且 dampening 为 0 时才能为 true，实际 momentum 为 0，dampening 为 0');
  const plain = emptyBox(EMPTY, { path: 'seed', message: 'must be a number, got ""' });
  assert.deepEqual(plain, { path: 'seed', message: 'required: a number' });
});

test('the Chinese of a nested description reads as one sentence', () => {
  const [issue] = issuesOf(() => validateExperiment({ runs: [{ batchSize: 0 }] }));
  assert.equal(issue.message, 'must be "full" or an integer in 1..80 (the training-set size), got 0');
  assert.equal(issueMessage(issue, 'zh'), '应为 "full" 或 1..80 之间的整数（训练集的大小），实际为 0');
  const [lr] = issuesOf(() => validateExperiment({ runs: [{ optimizer: { kind: 'sgd', lr: 12e6 } }] }));
  assert.equal(lr.message, 'must be a number > 0 and <= 1000000, got 12000000');
  assert.equal(issueMessage(lr, 'zh'), '应为 > 0 的数，且 <= 1000000，实际为 12000000');
});
