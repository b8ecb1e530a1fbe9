// view-options.js — what a classroom link may say about the page besides the experiment (no DOM: the
// page, link.js, the CLI's tests and Node scripts import it).
//
//   const view = validateViewOptions({hide: ['experiment'], lock: ['optimizer.lr'], charts: ['loss'],
//                                     lesson: 'learning-rate', text: 'Try lr 0.8.', embed: true, lang: 'zh'});
//
// Fields (every one optional; validateViewOptions fills the defaults, minimizeView drops them again):
//   hide    controls of the form not shown          lock    controls shown but disabled
//   charts  the result cards shown (default: all)   lesson  a lesson id: its card shows
//   text    the teacher's note, plain text          embed   only the charts and Run/Play (an iframe)
//   lang    'en' | 'zh'
// A control is named by a section (`experiment`, `data`, `model`, `runs`) or `table.field` as the form's
// schema tables name it: `experiment.seed`, `data.n`, `model.kind`, `run.batchSize`, `optimizer.lr`,
// `schedule.kind`, `record.every`, `penalty.l2`; a run field applies to every run. The names come from
// experiment.js's SCHEMA, so a field added there can be hidden without a change here.
//
// View options come from links: untrusted. They are read by schema.js like an experiment (unknown keys,
// `__proto__` included, wrong types, lengths and unknown names are issues naming the field and what is
// allowed), and the text must be plain: control and invisible characters and anything shaped like an
// HTML tag are refused, although the page only ever sets it as textContent.

import { ExperimentError } from './errors.js';
import { SCHEMA } from './experiment.js';
import { deepFreeze, readDocument, show } from './schema.js';

/** The result cards a link can show, by id: the runs table, the charts and the tuning panel. */
export const CHART_IDS = Object.freeze(['runs', 'loss', 'lr', 'data', 'surface', 'tune']);
/** The form's sections, which hide or lock as a whole. */
export const SECTIONS = Object.freeze(['experiment', 'data', 'model', 'runs']);
/** Languages the page speaks. */
export const LANGUAGES = Object.freeze(['en', 'zh']);
/** Longest teacher's note (characters). */
export const MAX_TEXT = 500;
/** Lesson ids, as lesson-schema.js checks them. */
export const LESSON_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Text shaped like an HTML tag, comment or declaration: `<img`, `</b`, `<!--`, `<?`. */
const MARKUP = /<\s*[A-Za-z!/?]/;

/**
 * Every control name, `table.field`, in form order: the fields of the experiment's tables that the
 * form shows (a run's objects are their own tables: optimizer, schedule, record), objects by their own
 * name too (`run.optimizer` is the optimizer's whole group). Not named: the schema version, inline data
 * (X, y: imported, not typed), the parts of a custom init (one control) and `tune` (the tuning card).
 */
const SKIPPED = new Set(['experiment.version', 'experiment.tune', 'data.X', 'data.y']);
export const CONTROL_NAMES = Object.freeze(controlNames());

function controlNames() {
  const names = [];
  const walk = (tableName, table) => {
    for (const [field, spec] of Object.entries(table.fields)) {
      if (SKIPPED.has(`${tableName}.${field}`)) continue;
      if (field === 'runs') {
        walk('run', spec.item.table);
        continue;
      }
      if (!['data', 'model'].includes(field) || tableName !== 'experiment') names.push(`${tableName}.${field}`);
      if (spec.type === 'object' && field !== 'init') walk(field, spec.table);
    }
  };
  walk('experiment', SCHEMA.experiment);
  return names;
}

const KNOWN_CONTROLS = new Set([...SECTIONS, ...CONTROL_NAMES]);

/**
 * The control name of a form element's data-path: 'runs[0].optimizer.lr' → 'optimizer.lr',
 * 'runs[1].batchSize' → 'run.batchSize', 'seed' → 'experiment.seed', 'data' → 'data' (a section).
 * Null for a path that names no control (a custom init's parts, an unknown path).
 * @param {string} path as controls.js writes data-path
 * @returns {string|null}
 */
export function controlOf(path) {
  const segs = [...String(path).matchAll(/[^.[\]]+/g)].map(([s]) => s);
  if (segs.length === 1 && SECTIONS.includes(segs[0])) return segs[0];
  const field = segs.at(-1);
  const parent = segs.at(-2);
  const table = parent === undefined ? 'experiment' : /^\d+$/.test(parent) ? 'run' : parent;
  const name = `${table}.${field}`;
  return KNOWN_CONTROLS.has(name) ? name : null;
}

/** A classroom link's view options that cannot be applied: issues as {path, message}, like ExperimentError's. */
export class ViewError extends ExperimentError {
  constructor(issues) {
    super(issues);
    this.name = 'ViewError';
  }
}

const controlList = { type: 'array', minLength: 0, maxLength: KNOWN_CONTROLS.size, noun: 'control names', item: { type: 'string', minLength: 1, maxLength: 64 }, default: [] };

/** The view options' table (schema.js spec keys). */
const VIEW = deepFreeze({
  doc: 'What a classroom link says about the page besides the experiment.',
  shape: '{hide?, lock?, charts?, lesson?, text?, embed?, lang?}',
  fields: {
    hide: { ...controlList, doc: 'Controls not shown: sections or table.field names.' },
    lock: { ...controlList, doc: 'Controls shown but disabled.' },
    charts: { type: 'array', minLength: 1, maxLength: CHART_IDS.length, noun: 'chart ids', item: { type: 'enum', values: CHART_IDS }, default: CHART_IDS, doc: 'The result cards shown.' },
    lesson: { type: 'string', minLength: 1, maxLength: 64, nullable: true, default: null, doc: 'A lesson id: its card shows.' },
    text: { type: 'string', minLength: 1, maxLength: MAX_TEXT, nullable: true, default: null, doc: 'The teacher\'s note, plain text.' },
    embed: { type: 'boolean', default: false, doc: 'Only the charts and the Run/Play controls.' },
    lang: { type: 'enum', values: LANGUAGES, nullable: true, default: null, doc: 'The page\'s language (null: as it is).' },
  },
  check: checkView,
});

/** Rules across fields and on names: known controls, no repeats, a control hidden or locked (not both). */
function checkView(out, report, ctx) {
  for (const list of ['hide', 'lock', 'charts']) {
    const seen = new Set();
    (out[list] ?? []).forEach((name, i) => {
      if (typeof name !== 'string') return; // reported by the reader
      if (list !== 'charts' && !KNOWN_CONTROLS.has(name)) report([list, i], ...unknownControl(name));
      else if (seen.has(name)) report([list, i], 'repeats', { name: show(name) });
      seen.add(name);
    });
  }
  const hidden = new Set(out.hide ?? []);
  (out.lock ?? []).forEach((name, i) => {
    if (hidden.has(name)) report(['lock', i], 'hiddenAndLocked', { name: show(name) });
  });
  if (typeof out.lesson === 'string') {
    if (!LESSON_ID.test(out.lesson)) report(['lesson'], 'lessonId', { got: show(out.lesson) });
    else if (ctx.lessons && !ctx.lessons.includes(out.lesson)) report(['lesson'], 'noLesson', { got: show(out.lesson), lessons: ctx.lessons });
  }
  if (typeof out.text === 'string') {
    const at = out.text.search(MARKUP);
    if (at >= 0) report(['text'], 'markup', { tag: show(out.text.slice(at, at + 12)), index: at });
  }
}

/** The issue for a name that is no control, [code, vars]: the names of its table when the table exists, else the sections and tables. */
function unknownControl(name) {
  const table = name.split('.')[0];
  const same = CONTROL_NAMES.filter((n) => n.startsWith(`${table}.`));
  if (same.length) return ['unknownControlIn', { name: show(name), table, names: same }];
  const tables = [...new Set(CONTROL_NAMES.map((n) => n.split('.')[0]))];
  return ['unknownControl', { name: show(name), sections: { or: SECTIONS.map(show) }, tables: { or: tables } }];
}

/**
 * Reads view options (untrusted) into their normalized form: every field present, defaults filled.
 * @param {unknown} input
 * @param {{lessons?: string[]}} [context] lessons: the lesson ids that exist (without it, any
 *   well-formed id passes: a lesson is checked where lessons are known, the page)
 * @returns {{hide: string[], lock: string[], charts: string[], lesson: string|null, text: string|null,
 *   embed: boolean, lang: 'en'|'zh'|null}}
 * @throws {ViewError} issues with paths under `view`
 */
export function validateViewOptions(input, { lessons } = {}) {
  try {
    return readDocument(VIEW, input, { prefix: ['view'], lessons });
  } catch (error) {
    if (error instanceof ExperimentError) throw new ViewError(error.issues);
    throw error;
  }
}

/**
 * Normalized view options without the fields at their defaults (what a link writes), keys in table
 * order; {} when every field is at its default.
 * @param {object} view as validateViewOptions returns it
 * @returns {object}
 */
export function minimizeView(view) {
  const out = {};
  for (const [name, spec] of Object.entries(VIEW.fields)) {
    const value = view[name];
    const same = Array.isArray(value) ? value.length === spec.default.length && value.every((v, i) => v === spec.default[i]) : value === spec.default;
    if (!same) out[name] = value;
  }
  return out;
}
