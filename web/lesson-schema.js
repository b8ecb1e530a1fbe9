// lesson-schema.js — what a lesson file holds, its validation, and how a "try this" step edits the
// experiment document. No DOM: the page (lessons.js), tests/node/lessons.test.js and scripts/lessons.mjs
// import it.
//
// A lesson is one JSON file in examples/lessons/ (NN-id.json), listed in examples/lessons/index.json:
//
//   {
//     "id": "learning-rate",                        // the file's name without NN- and .json
//     "title":   {"en": "…", "zh": "…"},            // every text in every language of LANGUAGES
//     "summary": {"en": "…", "zh": "…"},            // one line in the gallery
//     "experiment": "learning-rate.json",           // an example in examples/: the lesson's preset
//     "look":    {"en": "…", "zh": "…"},            // what to look at first
//     "steps": [                                    // 1–3 "try this" steps, each one change:
//       {"label": {"en": "…", "zh": "…"}, "set": {"runs[2].optimizer.lr": 0.79}, "then": {"en": "…", "zh": "…"}}
//     ],                                            //   set: path → value, applied as the form applies an edit
//     "notice":  {"en": "…", "zh": "…"}             // what to notice afterwards
//   }
//
// Every text is required in every language of LANGUAGES, so that a lesson cannot be
// half-translated; a translation carries the same numbers as the English (tests/node/lessons.test.js).
//
// The experiment part is validated by validateExperiment (tests, and the page when it opens it); the
// lesson part here, with messages that name the field, like the experiment's.

import { editValue, settle } from './document.js';
import { isObject } from './lib/text.js';

/** How many "try this" steps a lesson has. */
export const STEP_COUNT = Object.freeze({ min: 1, max: 3 });
/** Changes one step may make at once (a new optimizer kind may need its lr too). */
export const MAX_SETS = 3;
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const EXAMPLE = /^[a-z0-9][a-z0-9-]*\.json$/;
const LANG = /^[a-z]{2}(?:-[A-Za-z]{2,4})?$/;
/** The languages every text of a lesson must have (code → name, for the message). */
export const LANGUAGES = Object.freeze({ en: 'English', zh: 'Simplified Chinese' });
const PATH = /^[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*|\[\d+\])*$/;
/** Longest text field (characters). */
const MAX_TEXT = 1500;

/** The fields of a lesson and of a step. */
const FIELDS = ['id', 'title', 'summary', 'experiment', 'look', 'steps', 'notice'];
const STEP_FIELDS = ['label', 'set', 'then'];

/** A lesson file that does not follow the format: issues as {path, message}, like ExperimentError's. */
export class LessonError extends Error {
  constructor(issues, where = 'lesson') {
    super(`${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'LessonError';
    this.issues = issues;
  }
}

/**
 * "runs[2].optimizer.lr" → ['runs', 2, 'optimizer', 'lr'].
 * @param {string} path
 * @returns {(string|number)[]}
 */
export function parsePath(path) {
  if (typeof path !== 'string' || !PATH.test(path)) throw new TypeError(`not a field path: ${JSON.stringify(path)}`);
  return [...path.matchAll(/[^.[\]]+/g)].map(([t]) => (/^\d+$/.test(t) ? Number(t) : t));
}

const show = (v) => (typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : JSON.stringify(v) ?? String(v));

/** Checks a {en: …, zh: …} text field: every language of LANGUAGES, and nothing but language codes. */
function checkText(value, path, report, max = MAX_TEXT) {
  if (!isObject(value)) return report(path, `must be an object of texts by language ({"en": "…", "zh": "…"}), got ${show(value)}`);
  for (const [lang, name] of Object.entries(LANGUAGES)) {
    const t = Object.hasOwn(value, lang) ? value[lang] : undefined;
    if (typeof t !== 'string' || t.trim() === '') report(`${path}.${lang}`, `must be a non-empty string (${name} is required), got ${show(t)}`);
  }
  for (const [lang, t] of Object.entries(value)) {
    if (!LANG.test(lang)) report(`${path}.${lang}`, 'is not a language code (such as "en" or "zh")');
    else if (typeof t === 'string' && t.length > max) report(`${path}.${lang}`, `must be at most ${max} characters, got ${t.length}`);
    else if (typeof t !== 'string' && !Object.hasOwn(LANGUAGES, lang)) report(`${path}.${lang}`, `must be a string, got ${show(t)}`);
  }
  return undefined;
}

function unknownKeys(obj, known, prefix, report) {
  for (const key of Object.keys(obj)) if (!known.includes(key)) report(prefix ? `${prefix}.${key}` : key, `is not a lesson field (allowed: ${known.join(', ')})`);
}

/**
 * Validates a lesson file's content (not its experiment: see lessonExperiment / the tests).
 * @param {unknown} raw the parsed JSON
 * @param {{file?: string}} [options] file: its name (NN-id.json), whose id must match
 * @returns {object} the lesson (the same object)
 * @throws {LessonError} naming every field at fault
 */
export function validateLesson(raw, { file } = {}) {
  const issues = [];
  const report = (path, message) => { issues.push({ path, message }); };
  if (!isObject(raw)) throw new LessonError([{ path: '', message: `must be an object, got ${show(raw)}` }], file);
  unknownKeys(raw, FIELDS, '', report);
  if (typeof raw.id !== 'string' || !ID.test(raw.id)) report('id', `must be lower-case words joined by "-", got ${show(raw.id)}`);
  else if (file !== undefined && file !== `${file.slice(0, 3)}${raw.id}.json`) report('id', `must match the file name NN-${raw.id}.json, got file ${show(file)}`);
  if (file !== undefined && !/^\d\d-/.test(file)) report('id', `the file name must start with two digits and "-" (its place in the gallery), got ${show(file)}`);
  checkText(raw.title, 'title', report, 80);
  checkText(raw.summary, 'summary', report, 200);
  checkText(raw.look, 'look', report);
  checkText(raw.notice, 'notice', report);
  if (typeof raw.experiment !== 'string' || !EXAMPLE.test(raw.experiment)) {
    report('experiment', `must name an example file in examples/ ("seed.json"), got ${show(raw.experiment)}`);
  }
  if (!Array.isArray(raw.steps) || raw.steps.length < STEP_COUNT.min || raw.steps.length > STEP_COUNT.max) {
    report('steps', `must be a list of ${STEP_COUNT.min}–${STEP_COUNT.max} steps, got ${Array.isArray(raw.steps) ? `${raw.steps.length} steps` : show(raw.steps)}`);
  } else {
    raw.steps.forEach((step, i) => {
      const at = `steps[${i}]`;
      if (!isObject(step)) return report(at, `must be an object {label, set, then}, got ${show(step)}`);
      unknownKeys(step, STEP_FIELDS, at, report);
      checkText(step.label, `${at}.label`, report, 120);
      checkText(step.then, `${at}.then`, report);
      if (!isObject(step.set) || Object.keys(step.set).length < 1 || Object.keys(step.set).length > MAX_SETS) {
        return report(`${at}.set`, `must be an object of 1–${MAX_SETS} changes {"runs[0].optimizer.lr": 0.5}, got ${show(step.set)}`);
      }
      for (const path of Object.keys(step.set)) {
        if (!PATH.test(path)) report(`${at}.set`, `${show(path)} is not a field path (such as "runs[0].optimizer.lr" or "data.standardize")`);
        else if (step.set[path] === null || step.set[path] === undefined) report(`${at}.set.${path}`, 'must be a value (null and undefined are not changes)');
      }
      return undefined;
    });
  }
  if (issues.length) throw new LessonError(issues, file ?? raw.id ?? 'lesson');
  return raw;
}

/**
 * Checks the lessons index (examples/lessons/index.json) against the files of the folder.
 * @param {unknown} index the parsed index
 * @param {string[]} files the folder's lesson files (NN-id.json)
 * @returns {string[]} the lesson files in gallery order
 * @throws {LessonError}
 */
export function validateIndex(index, files) {
  const issues = [];
  if (!isObject(index) || !Array.isArray(index.lessons) || !index.lessons.every((f) => typeof f === 'string')) {
    throw new LessonError([{ path: 'lessons', message: 'must be a list of file names' }], 'index.json');
  }
  const want = [...files].sort();
  if (JSON.stringify(index.lessons) !== JSON.stringify(want)) {
    issues.push({ path: 'lessons', message: `must list the folder's lesson files in order: ${JSON.stringify(want)} (run \`node scripts/lessons.mjs\`), got ${JSON.stringify(index.lessons)}` });
  }
  if (issues.length) throw new LessonError(issues, 'index.json');
  return index.lessons;
}

/**
 * Applies a step's changes to a page state the way the form applies an edit (document.js editValue,
 * then one validation per change): path by path, in the order written.
 * @param {object} state a document state (document.js settle/adopt)
 * @param {{set: Record<string, unknown>}} step
 * @returns {object} the new state (valid, or with the issues the form would show)
 */
export function applyStep(state, step) {
  let next = state;
  for (const [path, value] of Object.entries(step.set)) {
    next = settle(editValue(next, parsePath(path), structuredClone(value)), next);
  }
  return next;
}
