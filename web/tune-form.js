// tune-form.js — the tuning panel's form: the experiment's `tune` section, generated from its schema
// tables (tune-schema.js) like the experiment's form: the settings of the tune kind, the base run as a
// list of the runs, and for a search the space, one group per dimension (checkboxes for kinds; a
// range or a list for numbers) and "Add a dimension". Every change goes to `edit(path, value)`; the page
// validates the whole experiment and the messages come back through showIssues.

import { fieldApplies } from './document.js';
import { el, errorSlot, fieldControl, fieldLabel, formatPath, helpText, idOf, optionLabel, parseNumber, showIssues } from './controls.js';
import { SCHEMA, validateExperiment } from './lib/experiment.js';
import { isObject } from './lib/text.js';
import { SPACE_NAMES } from './fields-zh.js';
import { currentLanguage, text } from './strings.js';

/**
 * What a dimension starts as when it is added to the space: lr as in the default space, the others
 * (which the schema gives no default) a few values worth comparing.
 */
const NEW_DIMENSION = {
  lr: SCHEMA.tune.fields.space.default.lr,
  batchSize: ['full', 16, 1],
  optimizer: ['sgd', 'adam'],
  momentum: [0, 0.5, 0.9],
  beta1: [0.8, 0.9, 0.95],
  beta2: [0.99, 0.999],
  weight_decay: { min: 1e-5, max: 0.1, scale: 'log' },
  schedule: ['constant', 'cosine'],
  gamma: [0.9, 0.95, 0.99],
  step_size: [5, 10, 20],
  T_max: [50, 100, 200],
  epochs: [5, 10, 20],
};

export class TuneForm {
  /**
   * @param {HTMLFormElement} root emptied and refilled
   * @param {(path: (string|number)[], value: unknown, structural?: boolean) => void} edit one change to the document
   */
  constructor(root, edit) {
    this.root = root;
    this.edit = edit;
    root.addEventListener('submit', (event) => event.preventDefault());
  }

  /** The tune section the form shows: the document's, or the defaults while it has none. */
  tuneView(view) {
    return isObject(view?.tune) ? view.tune : defaultTune();
  }

  /**
   * Rebuilds the form from `view` (the experiment the page's form shows), keeping the focus.
   * @param {object} view
   */
  render(view) {
    const focused = document.activeElement?.id;
    const tune = this.tuneView(view);
    const onEdit = (path, value, structural) => this.edit(path, value, structural);
    const settings = el('fieldset', { class: 'group group-tune', 'data-path': 'tune' }, el('legend', { text: text('tuneForm.settings') }));
    for (const [name, spec] of Object.entries(SCHEMA.tune.fields)) {
      if (name === 'space' || !fieldApplies(spec, tune)) continue;
      if (name === 'run') {
        settings.append(this.runField(view, tune));
        continue;
      }
      const field = fieldControl('tune', SCHEMA.tune, tune, name, ['tune'], onEdit);
      if (name === 'epochs') field.querySelector('input').placeholder = text('tuneForm.epochsPlaceholder');
      settings.append(field);
    }
    settings.append(errorSlot(['tune']));
    const parts = [settings];
    if (tune.kind === 'search') parts.push(this.spaceEditor(tune));
    this.root.replaceChildren(...parts);
    if (focused && !document.getElementById(focused)) {
      // A control that went away (a removed dimension): focus stays in the panel.
      if (focused.startsWith('f-tune-space-')) document.getElementById('tune-add-dimension')?.focus();
    } else if (focused) {
      document.getElementById(focused)?.focus();
    }
  }

  /** The base run as a list of the experiment's runs by name. */
  runField(view, tune) {
    const segs = ['tune', 'run'];
    const id = idOf(segs);
    const runs = Array.isArray(view?.runs) ? view.runs : [];
    const select = el('select', { id, 'aria-describedby': `${id}-help ${id}-error` });
    runs.forEach((r, i) => select.append(el('option', { value: String(i), text: `${i + 1}: ${typeof r?.name === 'string' ? r.name : SCHEMA.run.fields.name.default(null, { index: i })}` })));
    const value = Number.isInteger(tune.run) ? tune.run : 0;
    if (value >= runs.length) select.append(el('option', { value: String(value), text: text('tuneForm.noSuchRun', { n: value + 1 }) }));
    select.value = String(value);
    select.addEventListener('change', () => this.edit(segs, Number(select.value), true));
    const help = helpText('tune', 'run', SCHEMA.tune.fields.run);
    return el('div', { class: 'field field-enum', 'data-path': formatPath(segs) },
      el('label', { for: id, text: fieldLabel('tune', 'run'), title: help }), select,
      el('small', { class: 'help', id: `${id}-help`, text: help }),
      el('p', { class: 'error', id: `${id}-error`, hidden: true, role: 'alert' }));
  }

  /** The search space: one group per dimension, then "Add a dimension". */
  spaceEditor(tune) {
    const space = isObject(tune.space) ? tune.space : {};
    const names = Object.keys(SCHEMA.space.fields);
    const used = names.filter((n) => space[n] !== undefined);
    const box = el('fieldset', { class: 'group group-space', 'data-path': 'tune.space' }, el('legend', { text: text('tuneForm.space') }));
    for (const name of used) box.append(this.dimension(name, space[name], tune, used.length));
    const free = names.filter((n) => space[n] === undefined);
    if (free.length) {
      const select = el('select', { id: 'tune-add-dimension', 'aria-label': text('tuneForm.addLabel') });
      const shown = (n) => (currentLanguage() === 'zh' && SPACE_NAMES[n] ? `${SPACE_NAMES[n]} (${n})` : n);
      for (const n of free) select.append(el('option', { value: n, text: shown(n), title: helpText('space', n, SCHEMA.space.fields[n]) }));
      const add = el('button', { type: 'button', class: 'secondary', id: 'tune-add', text: text('tuneForm.add') });
      add.addEventListener('click', () => {
        const name = select.value;
        this.edit(['tune', 'space', name], structuredClone(NEW_DIMENSION[name]), true);
        document.querySelector(`[data-path="tune.space.${name}"] input, [data-path="tune.space.${name}"] select`)?.focus();
      });
      box.append(el('div', { class: 'add-dimension' }, el('label', { for: 'tune-add-dimension', text: text('tuneForm.addDimension') }), el('div', { class: 'row' }, select, add)));
    }
    box.append(errorSlot(['tune', 'space']));
    return box;
  }

  /** One dimension: checkboxes for kinds; a range (min, max, scale, grid points) or a list for numbers. */
  dimension(name, dim, tune, count) {
    const spec = SCHEMA.space.fields[name];
    const segs = ['tune', 'space', name];
    const id = idOf(segs);
    const edit = (value) => this.edit(segs, value, true);
    const box = el('fieldset', { class: 'group dimension', 'data-path': formatPath(segs) });
    box.append(el('legend', { text: name }), el('p', { class: 'dimension-doc', id: `${id}-doc`, text: helpText('space', name, spec) }));
    const remove = el('button', {
      type: 'button', class: 'secondary small remove-dimension', text: text('tuneForm.remove'), disabled: count <= 1,
      'aria-label': text('tuneForm.removeLabel', { name }), title: count <= 1 ? text('tuneForm.lastDimension') : undefined,
    });
    remove.addEventListener('click', () => edit(undefined));
    if (spec.item.type === 'enum') {
      const chosen = Array.isArray(dim) ? dim : [];
      const choices = el('div', { class: 'choices', role: 'group', 'aria-labelledby': `${id}-doc` });
      for (const v of spec.item.values) {
        const cid = `${id}-${v}`.replace(/[^\w-]/g, '_');
        const box1 = el('input', { type: 'checkbox', id: cid });
        box1.checked = chosen.includes(v);
        box1.addEventListener('change', () => edit(spec.item.values.filter((x) => (x === v ? box1.checked : chosen.includes(x)))));
        // the kind's own name in English (as the document spells it); its Chinese words in Chinese
        const label = currentLanguage() === 'zh' ? optionLabel(name, 'kind', v) : v;
        choices.append(el('span', { class: 'choice' }, box1, el('label', { for: cid, text: label })));
      }
      box.append(choices);
    } else {
      const isList = Array.isArray(dim);
      const mode = el('select', { id: `${id}-mode`, 'aria-describedby': `${id}-doc` });
      mode.append(el('option', { value: 'range', text: text('tuneForm.range') }), el('option', { value: 'list', text: text('tuneForm.list') }));
      mode.value = isList ? 'list' : 'range';
      mode.addEventListener('change', () => edit(mode.value === 'list' ? rangeToList(dim) : listToRange(dim, name)));
      box.append(el('div', { class: 'field field-enum' }, el('label', { for: `${id}-mode`, text: text('tuneForm.valuesFrom') }), mode));
      if (isList) {
        const input = el('input', {
          id, type: 'text', inputMode: 'decimal', autocomplete: 'off', spellcheck: 'false',
          placeholder: spec.item.literals ? text('tuneForm.listExampleLiteral', { literal: spec.item.literals[0] }) : text('tuneForm.listExample'), 'aria-describedby': `${id}-doc ${id}-error`,
        });
        input.value = dim.map((v) => String(v)).join(', ');
        input.addEventListener('change', () => edit(readList(input.value, spec.item)));
        box.append(el('div', { class: 'field field-numbers' }, el('label', { for: id, text: text('tuneForm.values') }), input));
      } else {
        const range = isObject(dim) ? dim : {};
        for (const field of Object.keys(spec.range.fields)) {
          if (field === 'points' && tune.strategy !== 'grid') continue;
          box.append(fieldControl('range', spec.range, range, field, segs, (path, value, structural) => this.edit(path, value, structural)));
        }
      }
    }
    box.append(el('div', { class: 'run-actions' }, remove), errorSlot(segs));
    return box;
  }

  /**
   * Shows validation issues about `tune` next to the panel's controls.
   * @param {{path: string, message: string}[]} issues
   * @returns {{path: string, message: string}[]} the issues that belong to no control of the panel
   */
  showIssues(issues) {
    return showIssues(this.root, issues);
  }
}

// ---- Helpers ----------------------------------------------------------------------------------------

let defaults = null;
/** The default tune section (what runTune uses when the experiment has none): shown until one is set. */
function defaultTune() {
  defaults ??= validateExperiment({ tune: {} }).tune;
  return defaults;
}

/** A list dimension's text: numbers, or the item's literals ("full"); anything else stays text (an error quoting it). */
function readList(text, item) {
  return text.split(/[\s,;]+/).filter(Boolean).map((t) => (item.literals?.includes(t) ? t : parseNumber(t)));
}

function rangeToList(dim) {
  if (Array.isArray(dim)) return dim;
  const ends = [dim?.min, dim?.max].filter((v) => typeof v === 'number');
  return ends.length ? [...new Set(ends)] : [1];
}

function listToRange(dim, name) {
  const nums = (Array.isArray(dim) ? dim : []).filter((v) => typeof v === 'number' && Number.isFinite(v));
  if (!nums.length) {
    const fresh = NEW_DIMENSION[name];
    return Array.isArray(fresh) ? { min: 1, max: 100 } : structuredClone(fresh);
  }
  return { min: Math.min(...nums), max: Math.max(...nums) };
}
