// The experiment form in Chinese (web/fields-zh.js): every field the form shows has a Chinese
// label (where controls.js has an English one), help text and empty-box text, every value of its
// selects a Chinese option text, and no entry names a field or a value the schema does not have.
// controls.js's label/help/option functions are checked too: they give the Chinese in Chinese and the
// English (the schema's doc, the LABELS table) in English.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { ENGLISH, fieldLabel, helpText, optionLabel } from '../../web/controls.js';
import { SCHEMA } from '../../web/lib/experiment.js';
import { specFor } from '../../web/lib/schema.js';
import { CONTROL_NAMES } from '../../web/lib/view-options.js';
import { FIELDS, FIELD_OPTIONS } from '../../web/fields-zh.js';
import { setLanguage } from '../../web/strings.js';

const TABLES = {
  ...Object.fromEntries(['experiment', 'data', 'model', 'penalty', 'init', 'run', 'optimizer', 'schedule', 'record', 'tune', 'space'].map((t) => [t, SCHEMA[t]])),
  range: SCHEMA.space.fields.lr.range, // every numeric dimension's range has the same fields
};

/**
 * The fields the forms show, `table.field` → spec: the experiment form's controls (view-options.js's
 * names, less the groups, which show their own fields), a custom init's parts, and the tuning panel's
 * settings, dimensions and ranges.
 */
function shownFields() {
  const names = [
    ...CONTROL_NAMES,
    ...Object.keys(SCHEMA.init.fields).map((f) => `init.${f}`),
    ...Object.keys(SCHEMA.tune.fields).filter((f) => f !== 'space').map((f) => `tune.${f}`),
    ...Object.keys(SCHEMA.space.fields).map((f) => `space.${f}`),
    ...Object.keys(TABLES.range.fields).map((f) => `range.${f}`),
  ];
  const out = new Map();
  for (const name of names) {
    const [table, field] = name.split('.');
    const spec = TABLES[table].fields[field];
    assert.ok(spec, `${name}: no such field`);
    if (spec.type === 'object' && field !== 'init') continue; // a group: its fields are listed themselves
    out.set(name, spec);
  }
  return out;
}

const SHOWN = shownFields();
const CJK = /[\u4e00-\u9fff]/;

/** Every value an enum field can offer, over its per-kind overrides. */
function enumValues(spec) {
  const lists = [spec.values, ...Object.values(spec.byKind ?? {}).map((o) => o.values)].filter(Array.isArray);
  return [...new Set(lists.flat())];
}

test('the form shows the fields this test expects (a change of the form or the schema shows here)', () => {
  assert.ok(SHOWN.size > 130, `only ${SHOWN.size} fields`);
  for (const name of ['experiment.seed', 'data.n', 'optimizer.lr', 'schedule.kind', 'record.every', 'tune.kind', 'space.lr', 'range.points', 'init.params']) {
    assert.ok(SHOWN.has(name), name);
  }
  assert.ok(!SHOWN.has('run.optimizer') && !SHOWN.has('data.X'));
});

test('every field the form shows has its Chinese help, label and empty-box text', () => {
  const missing = [];
  for (const [name, spec] of SHOWN) {
    const entry = FIELDS[name];
    if (!entry) {
      missing.push(`${name}: no entry`);
      continue;
    }
    const help = typeof entry.help === 'function' ? entry.help(spec) : entry.help;
    if (typeof help !== 'string' || !CJK.test(help)) missing.push(`${name}: help ${JSON.stringify(help)}`);
    if (Object.hasOwn(ENGLISH.LABELS, name) && !(typeof entry.label === 'string' && entry.label.trim())) missing.push(`${name}: label`);
    if (spec.nullText !== undefined && !(typeof entry.none === 'string' && entry.none.trim())) missing.push(`${name}: none (${spec.nullText})`);
  }
  assert.deepEqual(missing, []);
});

test('every value of every select the form shows has its Chinese text', () => {
  const missing = [];
  for (const [name, spec] of SHOWN) {
    if (spec.type !== 'enum') continue;
    for (const v of enumValues(spec)) {
      if (typeof FIELD_OPTIONS[name]?.[v] !== 'string') missing.push(`${name}: ${v}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('no Chinese entry names a field, a text or a value that does not exist', () => {
  const wrong = [];
  for (const [name, entry] of Object.entries(FIELDS)) {
    const spec = SHOWN.get(name);
    if (!spec) {
      wrong.push(`${name}: no such field in the form`);
      continue;
    }
    for (const key of Object.keys(entry)) if (!['label', 'help', 'none'].includes(key)) wrong.push(`${name}.${key}`);
    if (entry.label !== undefined && !Object.hasOwn(ENGLISH.LABELS, name)) wrong.push(`${name}: a Chinese label, but the English shows the field's name`);
    if (entry.none !== undefined && spec.nullText === undefined) wrong.push(`${name}: none, but the spec has no nullText`);
  }
  for (const [name, options] of Object.entries(FIELD_OPTIONS)) {
    const spec = SHOWN.get(name);
    if (spec?.type !== 'enum') {
      wrong.push(`${name}: no such select`);
      continue;
    }
    const values = enumValues(spec).map(String);
    for (const v of Object.keys(options)) if (!values.includes(v)) wrong.push(`${name}: no value ${v}`);
  }
  for (const name of [...Object.keys(ENGLISH.LABELS), ...Object.keys(ENGLISH.OPTION_LABELS), ...Object.keys(ENGLISH.HELP)]) {
    if (!SHOWN.has(name) && name !== 'experiment.init' && name !== 'run.init') wrong.push(`English ${name}: no such field`);
  }
  assert.deepEqual(wrong, []);
});

test('the Chinese help states the same numbers as the English (a default or a limit changed in the schema shows here)', () => {
  const numbers = (s) => [...new Set(s.match(/\d+(?:\.\d+)?(?:e-?\d+)?/g) ?? [])].sort();
  const differ = [];
  try {
    for (const [name, spec] of SHOWN) {
      const [table, field] = name.split('.');
      setLanguage('en');
      const en = helpText(table, field, spec);
      setLanguage('zh');
      const zh = helpText(table, field, spec);
      if (numbers(en).join(' ') !== numbers(zh).join(' ')) differ.push(`${name}: ${numbers(en)} | ${numbers(zh)}`);
    }
  } finally {
    setLanguage('en');
  }
  assert.deepEqual(differ, []);
});

test('controls.js gives the Chinese in Chinese and the schema\'s English in English', () => {
  try {
    setLanguage('zh');
    assert.equal(fieldLabel('data', 'n'), FIELDS['data.n'].label);
    assert.equal(fieldLabel('optimizer', 'lr'), 'lr'); // torch's names stay
    assert.equal(helpText('optimizer', 'lr', SCHEMA.optimizer.fields.lr), FIELDS['optimizer.lr'].help);
    assert.match(helpText('range', 'scale', SCHEMA.space.fields.lr.range.fields.scale), /对数.*"log"/);
    assert.equal(optionLabel('model', 'kind', 'mlp'), '神经网络');
    assert.equal(optionLabel('optimizer', 'kind', 'adam'), 'Adam'); // torch.optim's spelling of the name
    setLanguage('en');
    assert.equal(fieldLabel('data', 'n'), 'Rows (n)');
    assert.equal(fieldLabel('optimizer', 'lr'), 'lr');
    assert.equal(helpText('optimizer', 'lr', SCHEMA.optimizer.fields.lr), SCHEMA.optimizer.fields.lr.doc);
    assert.equal(helpText('run', 'batchSize', SCHEMA.run.fields.batchSize), '"full" (batch gradient descent) or rows per update, 1..training rows.');
    assert.equal(optionLabel('model', 'kind', 'mlp'), 'neural network');
    assert.equal(optionLabel('schedule', 'kind', 'one_cycle'), 'one cycle');
    // the per-kind spec (what the form passes) keeps the same help
    assert.equal(helpText('optimizer', 'lr', specFor(SCHEMA.optimizer.fields.lr, { kind: 'adam' })), SCHEMA.optimizer.fields.lr.doc);
  } finally {
    setLanguage('en');
  }
});
