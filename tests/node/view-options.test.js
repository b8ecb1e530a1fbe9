// Classroom links (web/lib/view-options.js, link.js's view part): view options round-trip through a
// link, old links still read, the experiment is the same with or without a view, every refusal names
// its field, and the CLI runs a classroom link exactly as the plain link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';

import {
  classroomUrl, decodeExperiment, decodeLink, encodeView, experimentUrl, lessonUrl, minimize, LinkError, VIEW_FORMAT,
} from '../../web/lib/link.js';
import { validateExperiment } from '../../web/lib/experiment.js';
import { validateViewOptions, minimizeView, controlOf, ViewError, CHART_IDS } from '../../web/lib/view-options.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BASE = 'https://example.org/descent/';
const LESSONS = JSON.parse(readFileSync(join(root, 'examples/lessons/index.json'), 'utf8'));
const lessonIds = (Array.isArray(LESSONS) ? LESSONS : LESSONS.lessons).map((l) => (typeof l === 'string' ? l.replace(/^\d+-|\.json$/g, '') : l.id));
const seed = validateExperiment(JSON.parse(readFileSync(join(root, 'examples/seed.json'), 'utf8')));
const classroom = {
  hide: ['data', 'optimizer.momentum'], lock: ['optimizer.lr'], charts: ['loss', 'lr'],
  lesson: 'learning-rate', text: 'Watch the loss: lr 0.8 vs 0.1 — 学习率.', embed: true, lang: 'zh',
};

/** A hand-made view part around arbitrary JSON text: what an attacker builds without encodeView. */
async function rawView(text) {
  const stream = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  return `v${VIEW_FORMAT}.${Buffer.from(bytes).toString('base64url')}`;
}

/** The ViewError issues of a call, as [path, message] pairs. */
function issuesOf(fn) {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ViewError, `expected a ViewError, got ${error}`);
    return error.issues.map((i) => [i.path, i.message]);
  }
  assert.fail('expected the view options to be refused');
}

test('lessons index lists the lesson ids the tests use', () => {
  assert.ok(lessonIds.includes('learning-rate'), JSON.stringify(lessonIds));
});

test('view options and the experiment round-trip through classroomUrl → decodeLink', async () => {
  const url = await classroomUrl(minimize(seed), classroom, BASE, { lessons: lessonIds });
  assert.ok(url.startsWith(`${BASE}#e1.`));
  assert.match(url, /~v1\.[A-Za-z0-9_-]+$/);
  const out = await decodeLink(url, { lessons: lessonIds });
  assert.deepEqual(out.experiment, seed);
  assert.equal(out.lesson, null);
  assert.deepEqual(out.view, validateViewOptions(classroom));
  // every field survives, by value
  assert.deepEqual(out.view, { ...classroom });
  // and the defaults written out again are dropped: only what differs travels
  assert.deepEqual(minimizeView(validateViewOptions({ charts: [...CHART_IDS], text: 'x' })), { text: 'x' });
});

test('view options all at their defaults give the plain share link', async () => {
  const plain = await experimentUrl(minimize(seed), BASE);
  assert.equal(await classroomUrl(minimize(seed), {}, BASE), plain);
  assert.equal(await encodeView({ hide: [], embed: false, lang: null }), '');
});

test('an old #e1. link (no view part) still decodes, with no view', async () => {
  const plain = await experimentUrl(minimize(seed), BASE);
  assert.ok(!plain.includes('~'));
  assert.deepEqual(await decodeExperiment(plain), seed);
  assert.deepEqual(await decodeLink(plain), { experiment: seed, lesson: null, view: null });
  // one written without link.js, as main's share links are: e1. + base64url(deflate-raw(JSON))
  const json = JSON.stringify({ version: 1, name: 'old link', seed: 5, runs: [{ optimizer: { kind: 'sgd', lr: 0.05 } }] });
  const old = `${BASE}#e1.${deflateRawSync(Buffer.from(json)).toString('base64url')}`;
  const { experiment, view } = await decodeLink(old);
  assert.equal(view, null);
  assert.deepEqual(experiment, validateExperiment(JSON.parse(json)));
  assert.deepEqual(await decodeExperiment(old), experiment);
});

test('decodeExperiment of a classroom link returns its experiment and ignores the view, even an invalid one', async () => {
  const url = await classroomUrl(minimize(seed), classroom, BASE);
  assert.deepEqual(await decodeExperiment(url), seed);
  const plain = await experimentUrl(minimize(seed), BASE);
  const hostile = `${plain}~${await rawView('{"charts":["nope"],"text":"<img src=x onerror=alert(1)>"}')}`;
  assert.deepEqual(await decodeExperiment(hostile), seed);
  await assert.rejects(decodeLink(hostile), (e) => e instanceof ViewError
    && /view\.charts\[0\]: must be "runs", "loss", "lr", "data", "surface" or "tune", got "nope"/.test(e.message)
    && /view\.text: must be plain text, not HTML/.test(e.message));
});

test('lesson links: #lesson=ID with and without a view part; unknown and malformed ids are refused', async () => {
  const bare = await lessonUrl('learning-rate', BASE);
  assert.equal(bare, `${BASE}#lesson=learning-rate`);
  assert.deepEqual(await decodeLink(bare, { lessons: lessonIds }), { experiment: null, lesson: 'learning-rate', view: null });
  const withView = await lessonUrl('momentum', BASE, { charts: ['loss'], text: 'Compare β.' }, { lessons: lessonIds });
  const out = await decodeLink(withView, { lessons: lessonIds });
  assert.equal(out.lesson, 'momentum');
  assert.deepEqual(out.view.charts, ['loss']);
  assert.equal(out.view.text, 'Compare β.');
  await assert.rejects(decodeLink(`${BASE}#lesson=nope`, { lessons: lessonIds }),
    (e) => e instanceof LinkError && e.message.startsWith('this lesson link names no lesson: no lesson "nope" (lessons: '));
  await assert.rejects(decodeLink(`${BASE}#lesson=../x`), (e) => e instanceof LinkError && /"\.\.\/x" is not a lesson id/.test(e.message));
  await assert.rejects(decodeExperiment(bare), (e) => e instanceof LinkError && /this is a lesson link/.test(e.message));
});

test('every refusal names its field: unknown keys, __proto__, wrong types, lengths, lang', async () => {
  const allowed = 'unknown field (allowed: hide, lock, charts, lesson, text, embed, lang)';
  assert.deepEqual(issuesOf(() => validateViewOptions({ colour: 'red' })), [['view.colour', allowed]]);
  assert.deepEqual(issuesOf(() => validateViewOptions(JSON.parse('{"__proto__": {"embed": true}}'))), [['view.__proto__', allowed]]);
  // through a link's JSON text too: __proto__ is a key there, never the prototype
  const plain = await experimentUrl(minimize(seed), BASE);
  await assert.rejects(decodeLink(`${plain}~${await rawView('{"__proto__":{"embed":true},"text":"hi"}')}`),
    (e) => e instanceof ViewError && e.issues.length === 1 && e.issues[0].path === 'view.__proto__' && e.issues[0].message === allowed);
  assert.equal({}.embed, undefined);
  assert.deepEqual(issuesOf(() => validateViewOptions({ hide: 'data' })), [['view.hide', 'must be an array of 0..109 control names, got "data"']]);
  assert.deepEqual(issuesOf(() => validateViewOptions({ lock: [3] })).map(([p]) => p), ['view.lock[0]']);
  assert.deepEqual(issuesOf(() => validateViewOptions({ embed: 'yes' })), [['view.embed', 'must be true or false, got "yes"']]);
  assert.deepEqual(issuesOf(() => validateViewOptions({ text: 5 })), [['view.text', 'must be a string of 1..500 characters or null, got 5']]);
  assert.deepEqual(issuesOf(() => validateViewOptions({ charts: [] })), [['view.charts', 'must have 1..6 chart ids, got 0']]);
  assert.deepEqual(issuesOf(() => validateViewOptions({ lang: 'fr' })), [['view.lang', 'must be "en" or "zh" or null, got "fr"']]);
  assert.deepEqual(issuesOf(() => validateViewOptions([])).map(([p]) => p), ['view']);
  await assert.rejects(decodeLink(`${plain}~${await rawView('[1,')}`), (e) => e instanceof LinkError && /its view part is not JSON/.test(e.message));
  await assert.rejects(decodeLink(`${plain}~v2.AAAA`), (e) => e instanceof LinkError && /newer descent \(view part format v2\)/.test(e.message));
});

test('unknown controls and charts, repeats, hidden-and-locked and unknown lessons are refused by name', () => {
  assert.deepEqual(issuesOf(() => validateViewOptions({ hide: ['optimizer.nope'] })), [['view.hide[0]',
    'unknown control "optimizer.nope" (optimizer controls: optimizer.kind, optimizer.lr, optimizer.max_iter, optimizer.max_eval, optimizer.tolerance_grad, optimizer.tolerance_change, optimizer.history_size, optimizer.line_search_fn, optimizer.damping, optimizer.lr_decay, optimizer.alpha, optimizer.betas, optimizer.momentum, optimizer.dampening, optimizer.nesterov, optimizer.weight_decay, optimizer.initial_accumulator_value, optimizer.eps, optimizer.centered, optimizer.amsgrad, optimizer.momentum_decay, optimizer.rho, optimizer.etas, optimizer.step_sizes)']]);
  assert.deepEqual(issuesOf(() => validateViewOptions({ lock: ['nope'] })), [['view.lock[0]',
    'unknown control "nope" (allowed: a section "experiment", "data", "model" or "runs", or table.field with table experiment, data, model, penalty, run, optimizer, schedule or record, e.g. "optimizer.lr")']]);
  assert.deepEqual(issuesOf(() => validateViewOptions({ charts: ['loss', 'nope'] })), [['view.charts[1]', 'must be "runs", "loss", "lr", "data", "surface" or "tune", got "nope"']]);
  assert.deepEqual(issuesOf(() => validateViewOptions({ charts: ['loss', 'loss'] })), [['view.charts[1]', 'repeats "loss"']]);
  assert.deepEqual(issuesOf(() => validateViewOptions({ hide: ['data', 'optimizer.lr', 'data'] })), [['view.hide[2]', 'repeats "data"']]);
  assert.deepEqual(issuesOf(() => validateViewOptions({ hide: ['optimizer.lr'], lock: ['run.batchSize', 'optimizer.lr'] })),
    [['view.lock[1]', '"optimizer.lr" is hidden already (hide or lock a control, not both)']]);
  assert.deepEqual(issuesOf(() => validateViewOptions({ lesson: 'no-such' }, { lessons: lessonIds })), [['view.lesson', `no lesson "no-such" (lessons: ${lessonIds.join(', ')})`]]);
  assert.deepEqual(issuesOf(() => validateViewOptions({ lesson: 'Bad_ID' })), [['view.lesson', 'must be a lesson id (lowercase letters, digits and single hyphens), got "Bad_ID"']]);
  // without the lesson list (Node, the CLI) a well-formed id passes; the page checks it
  assert.equal(validateViewOptions({ lesson: 'no-such' }).lesson, 'no-such');
});

test('the teacher\'s note: at most 500 characters, plain text, no control or invisible characters', () => {
  assert.equal(validateViewOptions({ text: 'é'.repeat(500) }).text.length, 500);
  const [[path, message]] = issuesOf(() => validateViewOptions({ text: 'x'.repeat(501) }));
  assert.equal(path, 'view.text');
  assert.match(message, /^must be a string of 1\.\.500 characters or null, got "x+…$/);
  assert.deepEqual(issuesOf(() => validateViewOptions({ text: 'a\u0000b' })), [['view.text', 'must not contain control characters (U+0000 at index 1), got "a\\u0000b"']]);
  assert.deepEqual(issuesOf(() => validateViewOptions({ text: 'ab\u001bc' })).map(([p]) => p), ['view.text']);
  assert.deepEqual(issuesOf(() => validateViewOptions({ text: 'a\u202eb' })), [['view.text', 'must not contain invisible or text-direction characters (U+202E at index 1), got "a\\u202eb"']]);
  assert.deepEqual(issuesOf(() => validateViewOptions({ text: '<img src=x onerror=alert(1)>' })), [['view.text', 'must be plain text, not HTML: "<img src=x o" at index 0 looks like a tag']]);
  assert.deepEqual(issuesOf(() => validateViewOptions({ text: 'see </b> and <!-- c -->' })).map(([p]) => p), ['view.text']);
  // comparisons are text, not tags
  assert.equal(validateViewOptions({ text: 'lr < 2/L and x<1 but 3 > 2' }).text, 'lr < 2/L and x<1 but 3 > 2');
});

test('controlOf maps the form\'s data-path to a control name', () => {
  assert.equal(controlOf('runs[0].optimizer.lr'), 'optimizer.lr');
  assert.equal(controlOf('runs[2].batchSize'), 'run.batchSize');
  assert.equal(controlOf('seed'), 'experiment.seed');
  assert.equal(controlOf('data.n'), 'data.n');
  assert.equal(controlOf('data'), 'data');
  assert.equal(controlOf('runs[0].optimizer.nope'), null);
});

test('the CLI ignores view options: run --link of a classroom link prints what the plain link prints', async () => {
  const cli = join(root, 'web/lib/cli.js');
  const small = minimize(validateExperiment({ seed: 3, data: { n: 40 }, runs: [{ name: 'gd', optimizer: { kind: 'sgd', lr: 0.1 }, iterations: 50 }] }));
  const plain = await experimentUrl(small, BASE);
  const withView = await classroomUrl(small, classroom, BASE);
  assert.notEqual(withView, plain);
  const dir = mkdtempSync(join(tmpdir(), 'descent-classroom-'));
  const run = (link, out) => spawnSync(process.execPath, [cli, 'run', '--link', link, '--json', join(dir, out)], { cwd: root, encoding: 'utf8' });
  const a = run(plain, 'plain.json');
  const b = run(withView, 'view.json');
  assert.equal(a.status, 0, a.stderr);
  assert.equal(b.status, 0, b.stderr);
  assert.match(a.stdout, /^gd +completed +50 /m);
  // the wall-clock column (its values and its width) is the only thing allowed to differ
  const untimed = (out) => out.replace(/ +(?:[\d.]+ (?:µs|ms|s|min)|time|-+)$/gm, '');
  assert.equal(untimed(b.stdout), untimed(a.stdout));
  const results = (file) => {
    const out = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    for (const r of out.runs) delete r.timeMs;
    return out;
  };
  assert.deepEqual(results('view.json'), results('plain.json'));
});
