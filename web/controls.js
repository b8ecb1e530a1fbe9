// controls.js — the experiment form, generated from experiment.js's schema tables (STYLE.md 14).
//
// Each field spec gives the widget (enum → <select>, boolean → checkbox, numbers → a comma list,
// int/number → a text box read as a number, or as a literal such as "full"), the help text
// (`doc`) and whether the field shows at all (`appliesTo`, e.g. `betas` only for Adam). The form
// never validates by itself: every edit goes to `onEdit(path, value)`, the page re-validates the whole
// document with validateExperiment, and `showIssues` puts each message next to the control whose
// `data-path` matches the issue's path. All text from the document (run names above all) goes in
// with textContent or .value, never as HTML.

import { fieldApplies, issueText } from './document.js';
import { startOf } from './landscapes.js';
import { SCHEMA, featureCount, paramCount } from './lib/experiment.js';
import { formatPath, specFor } from './lib/schema.js';
import { isObject } from './lib/text.js';
import { FIELDS, FIELD_OPTIONS } from './fields-zh.js';
import { countText, currentLanguage, text } from './strings.js';

/** Friendlier labels where a bare field name would be unclear; torch's names stay as they are. */
const LABELS = {
  'experiment.name': 'Experiment name',
  'experiment.seed': 'Seed',
  'experiment.init': 'Initial parameters',
  'data.kind': 'Data generator',
  'data.n': 'Rows (n)',
  'data.d': 'Features (d)',
  'data.degree': 'Degree',
  'data.coefficients': 'True coefficients c₀, c₁, …',
  'data.frequency': 'Frequency',
  'data.weights': 'True weights',
  'data.bias': 'True bias',
  'data.scales': 'Feature scales',
  'data.separation': 'Class separation',
  'data.noise': 'Noise',
  'data.noiseLevel': 'Noise level',
  'data.testFraction': 'Test fraction',
  'data.standardize': 'Standardise features',
  'model.kind': 'Model',
  'model.loss': 'Loss',
  'model.delta': 'Huber δ',
  'model.function': 'Function f(x, y)',
  'model.condition': 'Condition number κ',
  'model.angle': 'Angle (degrees)',
  'model.noise': 'Gradient noise σ',
  'model.hidden': 'Hidden units per layer',
  'model.activation': 'Activation',
  'init.params': 'Parameters θ',
  'init.weights': 'Weights',
  'init.bias': 'Bias',
  'penalty.l1': 'L1 penalty λ₁',
  'penalty.l2': 'L2 penalty λ₂',
  'run.name': 'Name',
  'run.batchSize': 'Batch size',
  'run.shuffle': 'Reshuffle every epoch',
  'run.iterations': 'Max iterations',
  'run.epochs': 'Max epochs',
  'run.targetLoss': 'Target loss',
  'run.tolerance': 'Tolerance',
  'run.divergeFactor': 'Divergence factor',
  'run.init': 'Initial parameters',
  'optimizer.kind': 'Optimizer',
  'optimizer.max_iter': 'max_iter (inner iterations per step)',
  'optimizer.max_eval': 'max_eval (evaluations per step)',
  'optimizer.history_size': 'history_size (pairs kept)',
  'optimizer.line_search_fn': 'Line search',
  'optimizer.damping': 'Damping λ',
  'schedule.kind': 'LR schedule',
  'schedule.per': 'Steps per',
  'schedule.schedulers': 'schedulers (JSON list)',
  'record.every': 'Record every (updates)',
  'tune.kind': 'Tuning',
  'tune.run': 'Base run',
  'tune.strategy': 'Strategy',
  'tune.trials': 'Trials',
  'tune.eta': 'Halving η (keep 1/η)',
  'tune.minEpochs': 'Smallest budget (epochs)',
  'tune.epochs': 'Budget per trial (epochs)',
  'tune.validationFraction': 'Validation fraction',
  'tune.lrMin': 'Lowest lr',
  'tune.lrMax': 'Highest lr',
  'tune.steps': 'Updates',
  'tune.smoothing': 'Smoothing β',
  'tune.rule': 'Suggestion rule',
  'tune.step': 'Noise σ per try',
  'tune.tries': 'Tries',
  'range.min': 'Min',
  'range.max': 'Max',
  'range.scale': 'Scale',
  'range.points': 'Grid points',
};

/** Option texts where a raw enum value would read as code; other values show with '_' as a space. */
const OPTION_LABELS = {
  'model.kind': { linear: 'linear regression', logistic: 'logistic regression', function: 'test function', mlp: 'neural network' },
  'model.loss': { mse: 'MSE', mae: 'MAE', huber: 'Huber', bce: 'binary cross-entropy' },
  'model.function': { six_hump_camel: 'six-hump camel', quadratic: 'quadratic (ill-conditioned)', saddle: 'saddle x² − y²' },
  'optimizer.kind': { lbfgs: 'lbfgs (L-BFGS)', newton: 'newton (damped Newton, not in torch)' },
  'optimizer.line_search_fn': { strong_wolfe: 'strong Wolfe' },
  'tune.kind': { range_test: 'range test' },
  'tune.rule': { 'min/10': 'loss minimum ÷ 10' },
};

/** Help texts reworded for the page where the schema's `doc` names internals. */
const HELP = {
  'tune.kind': '"search" (hyperparameters), "range test" (the learning rate grows exponentially while the loss is recorded) or "refine" (random local search around the trained parameters).',
  'tune.rule': '"loss minimum ÷ 10": the rate at the lowest loss divided by 10; "steepest": the rate where the loss falls fastest against log(lr), before the lowest loss.',
};

// In Chinese every text of a field comes from fields-zh.js (FIELDS, FIELD_OPTIONS), keyed by
// `table.field` like the English tables above; tests/node/fields-zh.test.js checks that every field the
// form shows has its Chinese there.

/** The Chinese entry of field `table.field` when the page speaks Chinese, else null. */
const zh = (tableName, name) => (currentLanguage() === 'zh' ? FIELDS[`${tableName}.${name}`] ?? null : null);

/**
 * The text shown for value `value` of enum field `name` of table `tableName`, in the page's language.
 * @param {string} tableName @param {string} name @param {unknown} value
 */
export function optionLabel(tableName, name, value) {
  const key = `${tableName}.${name}`;
  const chinese = currentLanguage() === 'zh' ? FIELD_OPTIONS[key]?.[value] : undefined;
  return chinese ?? OPTION_LABELS[key]?.[value] ?? String(value).replace(/_/g, ' ');
}

/**
 * A field's label in the page's language: controls.js's friendlier English label, or the field's own
 * name (torch's hyperparameter names stay as they are).
 * @param {string} tableName @param {string} name
 */
export function fieldLabel(tableName, name) {
  return zh(tableName, name)?.label ?? LABELS[`${tableName}.${name}`] ?? name;
}

/**
 * The <label> of field `name`: its text, or, when the label is the field's own name (torch's argument
 * names: momentum, betas, step_size), that name as code, the same in every language.
 * @param {string} tableName @param {string} name @param {string} id the control's id
 */
function labelFor(tableName, name, id) {
  const label = fieldLabel(tableName, name);
  return label === name ? el('label', { for: id }, el('code', { text: name })) : el('label', { for: id, text: label });
}

/**
 * A field's help in the page's language: the schema's doc in the page's words (nTrain → training rows).
 * @param {string} tableName @param {string} name @param {object} spec the field's spec (with its per-kind overrides)
 */
export function helpText(tableName, name, spec) {
  const help = zh(tableName, name)?.help;
  if (help !== undefined) return typeof help === 'function' ? help(spec) : help;
  return HELP[`${tableName}.${name}`] ?? String(spec.doc ?? '').replace(/\bnTrain\b/g, 'training rows');
}

/** What an empty box of a nullable field means, in the page's language ("none" unless the spec says). */
function nullText(tableName, name, spec) {
  if (spec.nullText === undefined) return text('controls.none');
  return zh(tableName, name)?.none ?? spec.nullText;
}

/** The English labels, help texts and option texts, for tests/node/fields-zh.test.js. */
export const ENGLISH = Object.freeze({ LABELS, OPTION_LABELS, HELP });

/** Runs' fields shown up front; the rest go under "Stopping, recording, init". */
const RUN_MAIN = ['name', 'optimizer', 'batchSize', 'iterations', 'epochs', 'schedule'];
const EXPERIMENT_FIELDS = ['name', 'seed'];

/** The path as experiment.js formats issue paths: runs[0].optimizer.lr */
export { formatPath };

/** The id of the control at path segs: ['runs', 0, 'optimizer', 'lr'] → 'f-runs-0-optimizer-lr'. */
export const idOf = (segs) => `f-${segs.join('-').replace(/[^\w-]/g, '_')}`;

/** A new element: props set as properties (text → textContent, class → className) or attributes. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key in node && typeof value !== 'string') node[key] = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

/** An error paragraph for issues about a whole object (e.g. "runs[1]" or "data"); showIssues fills it. */
export function errorSlot(segs) {
  return el('p', { class: 'error', id: `${idOf(segs)}-error`, hidden: true, role: 'alert' });
}

/** Text shown for a value in a number or list box. */
function display(value) {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(display).join(', ');
  if (typeof value === 'number') return Number.isNaN(value) ? '' : String(value);
  return String(value);
}

/**
 * A number as typed: the number, or the text itself when it is not one, so that the schema's message
 * quotes what was typed (`got "1e-"`) and the box keeps showing it.
 */
export function parseNumber(text) {
  const v = text === '' ? NaN : Number(text);
  return Number.isNaN(v) ? text : v;
}

/**
 * Reads a number box: '' → null when the field is nullable ("none"), else '' (an error: the box must
 * hold a value, nothing silently falls back to a default); a literal ("full") as itself; other text
 * through parseNumber.
 */
function readNumber(input, spec) {
  const text = input.value.trim();
  if (text === '') return spec.nullable ? null : '';
  if (spec.literals?.includes(text)) return text;
  return parseNumber(text);
}

/** One object of a JSON box on one line, spaced so that a narrow box can wrap it: {"kind": "linear", …}. */
function jsonLine(item) {
  if (!isObject(item)) return JSON.stringify(item);
  return `{${Object.entries(item).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
}

/** Reads a JSON box: '' → undefined (the default), JSON → its value, other text → the text itself. */
function readJson(input) {
  const text = input.value.trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Reads a comma list of numbers ('' → undefined: the default; text that is no number stays text). */
function readNumbers(input) {
  const text = input.value.trim();
  if (text === '') return undefined;
  return text.split(/[\s,;]+/).filter(Boolean).map(parseNumber);
}

/**
 * Builds the form.
 * @param {HTMLElement} root emptied and refilled
 * @param {object} view the experiment to show (normalized when valid; what was typed otherwise)
 * @param {{onEdit: (path: (string|number)[], value: unknown, structural?: boolean) => void,
 *          onRuns: (action: 'add'|'duplicate'|'remove', index?: number) => void,
 *          onNewSeed: () => void, colors: string[], maxRuns: number, dataImport?: HTMLElement,
          explain?: (table: string, kind: () => string, path: string) => HTMLElement}} hooks
 *   dataImport: placed in the Data section (the same node on every render: its listeners stay);
 *   explain: the "?" button placed beside the optimizer's and the schedule's kind (explain.js)
 */
export function renderControls(root, view, hooks) {
  const focused = document.activeElement?.id;
  const form = new FormBuilder(view, hooks);
  root.replaceChildren(form.experiment(), form.data(), form.model(), form.runs());
  if (focused) document.getElementById(focused)?.focus();
}

/**
 * One labelled control (label, widget, help, error slot, data-path) for field `name` of a schema table,
 * built as the experiment form builds its own; the tuning panel uses it for `tune` and its ranges.
 * @param {string} tableName key prefix of the label (LABELS[`${tableName}.${name}`])
 * @param {object} table a schema table ({fields})
 * @param {object} obj the object being edited (its value and kind)
 * @param {string} name
 * @param {(string|number)[]} segs path of obj
 * @param {(path: (string|number)[], value: unknown, structural?: boolean) => void} onEdit
 * @returns {HTMLElement}
 */
export function fieldControl(tableName, table, obj, name, segs, onEdit) {
  return new FormBuilder(null, { onEdit }).field(tableName, table, obj, name, segs);
}

class FormBuilder {
  constructor(view, hooks) {
    this.view = view;
    this.hooks = hooks;
  }

  /** One labelled control for field `name` of table `tableName` at path `segs`. */
  field(tableName, table, obj, name, segs) {
    const spec = specFor(table.fields[name], obj);
    const path = [...segs, name];
    const id = idOf(path);
    const value = obj?.[name];
    const doc = helpText(tableName, name, spec);
    const help = el('small', { class: 'help', id: `${id}-help`, text: doc });
    const error = el('p', { class: 'error', id: `${id}-error`, hidden: true, role: 'alert' });
    const describedBy = `${id}-help ${id}-error`;
    const wrap = el('div', { class: `field field-${spec.type}`, 'data-path': formatPath(path) });
    const edit = (v, structural = false) => this.hooks.onEdit(path, v, structural);

    let control;
    if (spec.type === 'enum') {
      control = el('select', { id, 'aria-describedby': describedBy });
      // a nullable enum (LBFGS line_search_fn) offers null first, as the empty value
      if (spec.nullable) control.append(el('option', { value: '', text: nullText(tableName, name, spec) }));
      for (const v of spec.values) control.append(el('option', { value: String(v), text: optionLabel(tableName, name, v) }));
      control.value = value === null && spec.nullable ? '' : String(value ?? spec.default ?? spec.values[0]);
      const numeric = spec.values.every((v) => typeof v === 'number');
      const read = () => (spec.nullable && control.value === '' ? null : numeric ? Number(control.value) : control.value);
      control.addEventListener('change', () => edit(read(), true));
    } else if (spec.type === 'boolean') {
      control = el('input', { id, type: 'checkbox', 'aria-describedby': describedBy });
      control.checked = Boolean(value);
      // a box that other fields depend on (cycle_momentum: base_momentum, max_momentum) redraws the form
      const governs = Object.values(table.fields).some((f) => f?.appliesTo && Object.hasOwn(f.appliesTo, name));
      control.addEventListener('change', () => edit(control.checked, governs));
      wrap.classList.add('field-check');
      wrap.append(control, labelFor(tableName, name, id), help, error);
      return wrap;
    } else if (spec.type === 'string') {
      control = el('input', { id, type: 'text', maxLength: spec.maxLength, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': describedBy });
      control.value = value ?? '';
      control.addEventListener('change', () => edit(control.value));
    } else if (spec.type === 'numbers') {
      control = el('input', { id, type: 'text', inputMode: 'decimal', autocomplete: 'off', spellcheck: 'false', placeholder: text('controls.example'), 'aria-describedby': describedBy });
      control.value = display(value);
      control.addEventListener('change', () => edit(readNumbers(control)));
    } else if (spec.type === 'array' && spec.item?.type === 'object') {
      // A list of objects (a sequential schedule's schedulers) as JSON, one object a line. Text that is
      // no JSON goes to the schema as it is, whose message quotes it.
      control = el('textarea', { id, rows: Math.max(3, 2 * (Array.isArray(value) ? value.length : 0) + 2), autocomplete: 'off', spellcheck: 'false', 'aria-describedby': describedBy });
      control.value = Array.isArray(value) ? `[\n${value.map(jsonLine).join(',\n')}\n]` : display(value);
      control.addEventListener('change', () => edit(readJson(control), true));
    } else if (spec.type === 'int' || spec.type === 'number') {
      // A text box, not type="number": the browser would hide what was typed when it is no number
      // ("1e-"), and the message could not quote it. Whole numbers that cannot be negative get the
      // digit keyboard; others need "-", "e" and ".", so they get the full one.
      const digits = spec.type === 'int' && !spec.literals && typeof spec.min === 'number' && spec.min >= 0;
      control = el('input', {
        id,
        type: 'text',
        inputMode: digits ? 'numeric' : undefined,
        autocomplete: 'off',
        spellcheck: 'false',
        placeholder: spec.nullable ? nullText(tableName, name, spec) : spec.literals ? text('controls.literalsOrNumber', { literals: spec.literals.join(' / ') }) : undefined,
        'aria-describedby': describedBy,
      });
      control.value = display(value);
      control.addEventListener('change', () => edit(readNumber(control, spec)));
    } else {
      throw new Error(`controls.js: no widget for ${formatPath(path)} (${spec.type})`);
    }
    // the optimizer's and the schedule's kind: a "?" beside the select opens its explanation card
    const info = spec.type === 'enum' && name === 'kind' && (tableName === 'optimizer' || tableName === 'schedule')
      ? this.hooks.explain?.(tableName, () => control.value, formatPath(path)) : null;
    wrap.append(labelFor(tableName, name, id), info ? el('div', { class: 'with-info' }, control, info) : control, help, error);
    return wrap;
  }

  /** The fields of a table that apply to `obj`, in table order (objects become fieldsets). */
  fields(tableName, table, obj, segs, only = null) {
    const out = [];
    for (const name of only ?? Object.keys(table.fields)) {
      const spec = table.fields[name];
      if (!fieldApplies(spec, obj)) continue;
      if (name === 'X' || name === 'y') continue; // inline data: summarised, imported from CSV
      if (name === 'init') out.push(this.init([...segs, name], obj?.init, fieldLabel(tableName, 'init')));
      else if (spec.type === 'object') out.push(this.group(spec.table, name, obj?.[name], [...segs, name]));
      else out.push(this.field(tableName, table, obj, name, segs));
    }
    return out;
  }

  group(table, name, obj, segs) {
    const legend = ['optimizer', 'schedule', 'record', 'penalty'].includes(name) ? text(`controls.group.${name}`) : name;
    return el('fieldset', { class: `group group-${name}`, 'data-path': formatPath(segs) },
      el('legend', { text: legend }),
      ...this.fields(name, table, obj, segs),
      errorSlot(segs));
  }

  /**
   * Initial parameters: the schema's literals ("zeros", "uniform") or explicit values: a test
   * function's start point (x, y), a network's every parameter, a linear model's weights and bias
   * (which start as the zeros init does, the bias at its default). The choices are those the model
   * allows ("uniform" is not for a function).
   */
  init(segs, value, label = fieldLabel('experiment', 'init')) {
    const id = idOf(segs);
    const spec = SCHEMA.experiment.fields.init;
    const model = this.view?.model ?? {};
    const kind = model.kind;
    const mode = typeof value === 'string' ? value : value ? 'custom' : spec.default(this.view ?? {});
    const select = el('select', { id, 'aria-describedby': `${id}-help ${id}-error` });
    const custom = text({ function: 'controls.init.customFunction', mlp: 'controls.init.customMlp' }[kind] ?? 'controls.init.custom');
    const literals = kind === 'function' ? spec.literals.filter((v) => v !== 'uniform' || mode === 'uniform') : spec.literals;
    const order = kind === 'mlp' ? ['uniform', ...literals.filter((v) => v !== 'uniform')] : literals;
    const optionText = (v) => (v === 'custom' ? custom : text(v === 'zeros' && kind === 'function' ? 'controls.init.zerosFunction' : `controls.init.${v}`));
    for (const v of [...order, 'custom']) select.append(el('option', { value: v, text: optionText(v) }));
    select.value = mode;
    select.addEventListener('change', () => {
      let v = select.value;
      if (v === 'custom') {
        const count = paramCount(model, featureCount(this.view.data)) ?? 1;
        v = kind === 'function' ? { params: startOf(model) }
          : kind === 'mlp' ? { params: new Array(count).fill(0) }
            : { weights: new Array(featureCount(this.view.data) ?? 1).fill(0) };
      }
      this.hooks.onEdit(segs, v, true);
    });
    const help = kind === 'function' ? text('controls.init.helpFunction') : helpText('experiment', 'init', spec);
    const wrap = el('div', { class: 'field field-init', 'data-path': formatPath(segs) },
      el('label', { for: id, text: kind === 'function' ? text('controls.init.startPoint') : label }), select,
      el('small', { class: 'help', id: `${id}-help`, text: help }),
      el('p', { class: 'error', id: `${id}-error`, hidden: true, role: 'alert' }));
    if (mode === 'custom') {
      const flat = kind === 'function' || kind === 'mlp' || Array.isArray(value?.params);
      const sub = el('div', { class: 'subfields' }, ...this.fields('init', SCHEMA.init, value, segs, flat ? ['params'] : ['weights', 'bias']));
      wrap.append(sub);
    }
    return wrap;
  }

  experiment() {
    const seed = el('button', { type: 'button', id: 'new-seed', class: 'secondary', text: text('controls.newSeed'), title: text('controls.newSeedTitle') });
    seed.addEventListener('click', () => this.hooks.onNewSeed());
    return el('fieldset', { class: 'group group-experiment' },
      el('legend', { text: text('controls.section.experiment') }),
      ...this.fields('experiment', SCHEMA.experiment, this.view, [], EXPERIMENT_FIELDS),
      seed,
      this.init(['init'], this.view.init, fieldLabel('experiment', 'init')));
  }

  data() {
    const data = this.view.data ?? {};
    const box = el('fieldset', { class: 'group group-data', 'data-path': 'data' }, el('legend', { text: text('controls.section.data') }));
    if (this.view.model?.kind === 'function' && (data.kind === 'none' || data.kind === undefined)) {
      // a test function is minimised directly: no generator, no split, no CSV to import
      box.append(el('p', { class: 'note', text: text('controls.data.noneNote') }), errorSlot(['data']));
      return box;
    }
    box.append(...this.fields('data', SCHEMA.data, data, ['data']));
    if (this.hooks.dataImport) box.append(this.hooks.dataImport); // the CSV import (a node of index.html, moved)
    if (data.kind === 'inline') {
      const rows = Array.isArray(data.X) ? data.X.length : 0;
      const cols = Array.isArray(data.X?.[0]) ? data.X[0].length : 0;
      box.append(el('div', { class: 'field inline-summary', 'data-path': 'data.X' },
        el('p', { text: rows ? text('controls.data.inline', { rows: countText('controls.data.rows', rows), cols: countText('controls.data.features', cols) }) : text('controls.data.noInline') }),
        errorSlot(['data', 'X'])));
    }
    box.append(errorSlot(['data']));
    return box;
  }

  model() {
    return el('fieldset', { class: 'group group-model', 'data-path': 'model' },
      el('legend', { text: text('controls.section.model') }),
      ...this.fields('model', SCHEMA.model, this.view.model ?? {}, ['model']),
      errorSlot(['model']));
  }

  runs() {
    const runs = Array.isArray(this.view.runs) ? this.view.runs : [];
    const { maxRuns } = this.hooks;
    const box = el('section', { class: 'runs', 'aria-labelledby': 'runs-heading', 'data-path': 'runs' },
      el('h2', { id: 'runs-heading', text: text('controls.runs.heading', { count: runs.length, max: maxRuns }) }));
    runs.forEach((run, i) => box.append(this.run(run ?? {}, i, runs.length)));
    const add = el('button', { type: 'button', class: 'secondary', id: 'add-run', text: text('controls.runs.add'), disabled: runs.length >= maxRuns });
    add.addEventListener('click', () => this.hooks.onRuns('add'));
    box.append(add, errorSlot(['runs']));
    return box;
  }

  run(run, i, count) {
    const segs = ['runs', i];
    const name = typeof run.name === 'string' ? run.name : `run ${i + 1}`;
    const box = el('fieldset', { class: 'group run', 'data-path': formatPath(segs), 'data-run': String(i) });
    const legend = el('legend');
    const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.background = this.hooks.colors[i % this.hooks.colors.length];
    legend.append(swatch, el('span', { text: text('controls.run.legend', { n: i + 1, name }) }));
    const dup = el('button', { type: 'button', class: 'secondary small', text: text('controls.run.duplicate'), 'aria-label': text('controls.run.duplicateLabel', { n: i + 1, name }), disabled: count >= this.hooks.maxRuns });
    dup.addEventListener('click', () => this.hooks.onRuns('duplicate', i));
    const remove = el('button', { type: 'button', class: 'secondary small', text: text('controls.run.remove'), 'aria-label': text('controls.run.removeLabel', { n: i + 1, name }), disabled: count <= 1 });
    remove.addEventListener('click', () => this.hooks.onRuns('remove', i));
    const more = el('details', { class: 'more' }, el('summary', { text: text('controls.run.more') }),
      ...this.fields('run', SCHEMA.run, run, segs, Object.keys(SCHEMA.run.fields).filter((k) => !RUN_MAIN.includes(k))));
    box.append(legend, el('div', { class: 'run-actions' }, dup, remove),
      ...this.fields('run', SCHEMA.run, run, segs, RUN_MAIN), more, errorSlot(segs));
    return box;
  }
}

/** 'runs[0].optimizer.betas[1]' → 'runs[0].optimizer.betas' → … → 'runs' → ''. */
function parentPath(path) {
  const m = /^(.*?)(\[\d+\]|\[".*"\]|\.[^.[\]]+)$/s.exec(path);
  return m ? m[1] : '';
}

/**
 * Shows validation issues next to their controls and clears the others.
 * An issue goes to the control whose data-path is its path, or else the nearest enclosing one
 * (runs[0].optimizer.betas[1] → runs[0].optimizer.betas).
 * @param {HTMLElement} root the form
 * @param {{path: string, message: string, code?: string, vars?: object}[]} issues
 * @returns {{path: string, message: string}[]} issues with no control (shown elsewhere by the page)
 */
export function showIssues(root, issues) {
  for (const p of root.querySelectorAll('.error')) {
    p.hidden = true;
    p.textContent = '';
  }
  for (const c of root.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
  const unplaced = [];
  const byPath = pathIndex(root);
  for (const issue of issues) {
    const found = nearest(byPath, issue.path);
    const slot = found && errorSlotOf(found.node);
    if (!slot) {
      unplaced.push(issue);
      continue;
    }
    const { path, node } = found;
    const where = issue.path === path ? '' : `${issue.path.slice(path.length).replace(/^\./, '')}: `;
    const message = issueText(issue); // in the page's language
    slot.textContent = slot.textContent ? `${slot.textContent}\n${where}${message}` : `${where}${message}`;
    slot.hidden = false;
    node.querySelector('input, select')?.setAttribute('aria-invalid', 'true');
  }
  return unplaced;
}

const pathIndex = (root) => new Map([...root.querySelectorAll('[data-path]')].map((node) => [node.dataset.path, node]));
const errorSlotOf = (node) => [...node.children].find((c) => c.classList.contains('error')) ?? null;

/** The element with data-path `path`, or else with the nearest enclosing path: {path, node} or null. */
function nearest(byPath, path) {
  let at = path;
  let node = byPath.get(at);
  while (!node && at) {
    at = parentPath(at);
    node = byPath.get(at);
  }
  return node ? { path: at, node } : null;
}

/**
 * Where an issue is shown: the element showIssues puts its message in, the control to focus (the
 * field's own, or the first of a group), and its place in words ("Run 3: mini-batch 16 › Batch size",
 * "Tuning › lr › Max").
 * @param {HTMLElement[]} roots the forms, searched in order
 * @param {string} path an issue's path
 * @returns {{path: string, node: HTMLElement, control: HTMLElement|null, where: string}|null}
 */
export function locateIssue(roots, path) {
  for (const root of roots) {
    const found = root && nearest(pathIndex(root), path);
    if (!found || !errorSlotOf(found.node)) continue;
    const control = found.node.querySelector('input, select, textarea');
    const parts = [];
    const run = found.node.closest('fieldset.run');
    if (root.closest('#tune-card')) parts.push(text('controls.where.tuning'));
    else if (run) parts.push(run.querySelector('legend').textContent);
    else {
      const group = found.node.closest('fieldset.group');
      if (group) parts.push(group.querySelector('legend').textContent);
    }
    const dimension = found.node.closest('fieldset.dimension');
    if (dimension) parts.push(dimension.querySelector('legend').textContent);
    const label = found.node.matches('fieldset') ? found.node.querySelector('legend')?.textContent : control?.labels?.[0]?.textContent;
    if (label && label !== parts.at(-1)) parts.push(label);
    return { ...found, control, where: parts.join(' › ') || path };
  }
  return null;
}
