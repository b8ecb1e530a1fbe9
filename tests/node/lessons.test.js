// The lessons (examples/lessons/): the index lists the folder, every lesson file follows the format
// (web/lesson-schema.js), its experiment is an example that validateExperiment accepts, and each "try
// this" step, applied as the page applies it (document.js's edit, cumulatively as a learner clicks),
// leaves a valid experiment holding the values the step sets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { adopt, getIn } from '../../web/document.js';
import { LANGUAGES, LessonError, applyStep, parsePath, validateIndex, validateLesson } from '../../web/lesson-schema.js';
import { validateExperiment } from '../../web/lib/experiment.js';

const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
const dir = join(examples, 'lessons');
const read = (path) => JSON.parse(readFileSync(path, 'utf8'));
const files = readdirSync(dir).filter((f) => f !== 'index.json' && f.endsWith('.json'));

test('index.json lists every lesson file of the folder, in order (scripts/lessons.mjs writes it)', () => {
  const listed = validateIndex(read(join(dir, 'index.json')), files);
  assert.ok(listed.length >= 8, `${listed.length} lessons`);
  assert.throws(() => validateIndex({ lessons: listed.slice(1) }, files), (e) => e instanceof LessonError && e.issues[0].path === 'lessons');
  assert.throws(() => validateIndex({ lessons: [...listed].reverse() }, files), LessonError);
  assert.throws(() => validateIndex({}, files), LessonError);
});

for (const file of files) {
  test(`lesson ${file}: format, experiment, steps`, () => {
    const lesson = validateLesson(read(join(dir, file)), { file });
    const path = join(examples, lesson.experiment);
    assert.ok(existsSync(path), `${file}: experiment ${lesson.experiment} is not in examples/`);
    let state = adopt(validateExperiment(read(path)));
    for (const [i, step] of lesson.steps.entries()) {
      const before = state.valid;
      state = applyStep(state, step);
      assert.ok(state.valid, `${file} steps[${i}]: ${state.issues.map((x) => `${x.path}: ${x.message}`).join('; ')}`);
      for (const [where, value] of Object.entries(step.set)) {
        assert.deepEqual(getIn(state.valid, parsePath(where)), value, `${file} steps[${i}].set.${where}`);
      }
      assert.notDeepEqual(state.valid, before, `${file} steps[${i}] changes nothing`);
    }
  });
}

test('the lesson ids are unique and the lessons cover the issue\'s topics', () => {
  const lessons = files.map((f) => read(join(dir, f)));
  assert.equal(new Set(lessons.map((l) => l.id)).size, lessons.length);
  const experiments = new Set(lessons.map((l) => l.experiment));
  for (const e of ['seed.json', 'optimizers.json', 'schedules.json', 'tune-learning-rate.json', 'logistic-blobs.json', 'rosenbrock.json', 'moons-mlp.json']) {
    assert.ok(experiments.has(e), e);
  }
});

test('a lesson that breaks the format is refused with the fields named', () => {
  const good = read(join(dir, files[0]));
  const issues = (raw, options) => {
    try {
      validateLesson(raw, options);
    } catch (error) {
      assert.ok(error instanceof LessonError);
      return error.issues.map((i) => i.path);
    }
    return [];
  };
  assert.deepEqual(issues(good, { file: files[0] }), []);
  assert.deepEqual(issues({ ...good, id: 'Bad Id' }), ['id']);
  assert.deepEqual(issues(good, { file: `99-other.json` }), ['id']);
  assert.deepEqual(issues({ ...good, title: 'plain text' }), ['title']);
  assert.deepEqual(issues({ ...good, title: { zh: '标题' } }), ['title.en']);
  assert.deepEqual(issues({ ...good, title: { en: 'Title' } }), ['title.zh']);
  assert.deepEqual(issues({ ...good, notice: { en: 'Notice', zh: '  ' } }), ['notice.zh']);
  assert.deepEqual(issues({ ...good, steps: [{ ...good.steps[0], label: { en: 'Apply' } }] }), ['steps[0].label.zh']);
  assert.deepEqual(issues({ ...good, summary: { ...good.summary, english: 'x' } }), ['summary.english']);
  assert.deepEqual(issues({ ...good, experiment: '../secret.json' }), ['experiment']);
  assert.deepEqual(issues({ ...good, extra: 1 }), ['extra']);
  assert.deepEqual(issues({ ...good, steps: [] }), ['steps']);
  assert.deepEqual(issues({ ...good, steps: [{ ...good.steps[0], set: {} }] }), ['steps[0].set']);
  assert.deepEqual(issues({ ...good, steps: [{ ...good.steps[0], set: { 'runs[0]..lr': 1 } }] }), ['steps[0].set']);
  assert.deepEqual(issues({ ...good, steps: [{ ...good.steps[0], then: undefined }] }), ['steps[0].then']);
  assert.deepEqual(issues(null), ['']);
});

test('a lesson without its Chinese is refused with the file and the field in the message', () => {
  const good = read(join(dir, files[0]));
  const half = { ...good, steps: good.steps.map((step, i) => (i === 0 ? { ...step, then: { en: step.then.en } } : step)) };
  assert.throws(() => validateLesson(half, { file: files[0] }), (error) => error instanceof LessonError
    && error.message === `${files[0]}: steps[0].then.zh: must be a non-empty string (Simplified Chinese is required), got undefined`);
});

/** The numbers a text states, as a sorted list ("1,000 updates at lr 0.01, 6e-5 above" → 0.01, 1,000, 6e-5). */
const numbers = (text) => (text.match(/\d+(?:[.,]\d+)*(?:e[-−]?\d+)?/g) ?? []).sort();

test('the numbers helper reads integers, grouped thousands, decimals and exponents', () => {
  assert.deepEqual(numbers('lr 0.01 for 1,000 updates ends 6e-5 above, 3,400× (10⁶ × initial)'), ['0.01', '1,000', '10', '3,400', '6e-5']);
  assert.deepEqual(numbers('把学习率乘以 1.03，在第 385 次更新时发散'), ['1.03', '385']);
});

for (const file of files) {
  test(`lesson ${file}: every translation states exactly the numbers of the English`, () => {
    const lesson = read(join(dir, file));
    const texts = [['title', lesson.title], ['summary', lesson.summary], ['look', lesson.look], ['notice', lesson.notice],
      ...lesson.steps.flatMap((s, i) => [[`steps[${i}].label`, s.label], [`steps[${i}].then`, s.then]])];
    for (const [field, text] of texts) {
      for (const lang of Object.keys(LANGUAGES).filter((l) => l !== 'en')) {
        assert.deepEqual(numbers(text[lang]), numbers(text.en), `${file} ${field}.${lang}`);
        assert.doesNotMatch(text[lang], /\b(?:the|and|of|is)\b/, `${file} ${field}.${lang}: English left in the translation`);
      }
    }
  });
}

test('parsePath reads the paths the experiment\'s messages print', () => {
  assert.deepEqual(parsePath('runs[2].optimizer.lr'), ['runs', 2, 'optimizer', 'lr']);
  assert.deepEqual(parsePath('data.standardize'), ['data', 'standardize']);
  assert.deepEqual(parsePath('model.hidden'), ['model', 'hidden']);
  assert.throws(() => parsePath('runs[x]'), TypeError);
  assert.throws(() => parsePath(''), TypeError);
});

test('a step whose value the schema refuses leaves an invalid state with the field named, as the form would', () => {
  const state = adopt(validateExperiment(read(join(examples, 'seed.json'))));
  const next = applyStep(state, { set: { 'runs[0].optimizer.lr': -1 } });
  assert.equal(next.valid, null);
  assert.equal(next.issues[0].path, 'runs[0].optimizer.lr');
});
