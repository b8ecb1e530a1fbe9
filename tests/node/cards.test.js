// web/cards.js: a card for every optimizer and schedule kind of the schema, each formula valid TeX for
// KaTeX (the page renders them; tests/browser/lessons.test.js checks the rendered cards).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import katex from 'katex';

import { OPTIMIZER_CARDS, SCHEDULE_CARDS, cardFor } from '../../web/cards.js';
import { SCHEMA } from '../../web/lib/experiment.js';
import { localized, setLanguage } from '../../web/strings.js';

const CARDS = [...Object.entries(OPTIMIZER_CARDS), ...Object.entries(SCHEDULE_CARDS)];
/** Every user-visible text of a card with where it is: title, torch, intuition, the symbols' words. */
const textsOf = (kind, card) => [[`${kind}.title`, card.title], [`${kind}.torch`, card.torch], [`${kind}.intuition`, card.intuition],
  ...card.symbols.map(([tex, words]) => [`${kind}.symbols ${tex}`, words])];
/** A name that reads the same in every language: a torch class, a field name or a list of them. */
const NAME = /^(?:torch\.optim(?:\.lr_scheduler)?\.[A-Za-z]+|[A-Za-z_][\w]*(?:, [A-Za-z_][\w]*)*|RMSprop|AdaGrad|Adam|Adadelta|Adamax)$/;

test('every optimizer and schedule kind has a card, and every card a kind', () => {
  assert.deepEqual(Object.keys(OPTIMIZER_CARDS).sort(), [...SCHEMA.optimizer.fields.kind.values].sort());
  assert.deepEqual(Object.keys(SCHEDULE_CARDS).sort(), [...SCHEMA.schedule.fields.kind.values].sort());
  assert.equal(cardFor('optimizer', 'adam'), OPTIMIZER_CARDS.adam);
  assert.equal(cardFor('schedule', 'toString'), null);
  assert.equal(cardFor('data', 'linear'), null);
});

test('every card has a title, torch\'s name, formulas KaTeX parses strictly, symbols and an intuition', () => {
  for (const [kind, card] of [...Object.entries(OPTIMIZER_CARDS), ...Object.entries(SCHEDULE_CARDS)]) {
    assert.ok(localized(card.title).length > 2, `${kind}.title`);
    assert.ok(localized(card.torch).length > 2, `${kind}.torch`);
    assert.ok(card.intuition.en.length > 80, `${kind}.intuition`);
    assert.ok(card.tex.length >= 1, `${kind}.tex`);
    for (const tex of [...card.tex, ...card.symbols.map(([s]) => s)]) {
      assert.doesNotThrow(() => katex.renderToString(tex, { throwOnError: true, strict: 'error', displayMode: true }), `${kind}: ${tex}`);
    }
    for (const [symbol, field] of card.symbols) assert.ok(symbol && field, `${kind}.symbols`);
  }
});

test('the symbols name the schema\'s fields of that kind', () => {
  const optimizerFields = Object.keys(SCHEMA.optimizer.fields);
  for (const [kind, card] of Object.entries(OPTIMIZER_CARDS)) {
    for (const [, field] of card.symbols) {
      const name = (typeof field === 'string' ? field : field.en).split(/[ (]/)[0];
      if (/^[a-z_]+$/.test(name) && name !== 'the') assert.ok(optimizerFields.includes(name), `${kind}: ${name}`);
    }
  }
});

test('every text of every card is in English and Chinese, or is a name the same in both', () => {
  for (const [kind, card] of CARDS) {
    for (const [where, t] of textsOf(kind, card)) {
      if (typeof t === 'string') {
        assert.match(t, NAME, `${where}: words, not a name; give {en, zh}`);
        continue;
      }
      assert.deepEqual(Object.keys(t).sort(), ['en', 'zh'], where);
      assert.ok(t.en.trim().length > 0, `${where}.en`);
      // Chinese, not a placeholder: mostly CJK characters, no English sentence, nothing left as TODO
      const cjk = (t.zh.match(/[\u4e00-\u9fff]/g) ?? []).length;
      assert.ok(cjk >= Math.min(2, t.en.length / 10), `${where}.zh is not Chinese: ${JSON.stringify(t.zh)}`);
      assert.doesNotMatch(t.zh, /\b(?:the|and|of|is|with|TODO|FIXME)\b|^\s*$|…$/i, `${where}.zh`);
      assert.notEqual(t.zh, t.en, `${where}.zh`);
      // the same numbers as the English (a translation does not change 0.9 into 0.99)
      const numbers = (s) => (s.match(/\d+(?:\.\d+)?(?:e-?\d+)?/g) ?? []).sort();
      if (!where.endsWith('.title')) assert.deepEqual(numbers(t.zh), numbers(t.en), `${where}: numbers`);
    }
  }
});

test('localized() renders a card in the current language, and names and formulas stay as they are', () => {
  try {
    setLanguage('zh');
    assert.equal(localized(OPTIMIZER_CARDS.adam.title), 'Adam');
    assert.match(localized(OPTIMIZER_CARDS.sgd.intuition), /^普通 SGD/);
    assert.equal(localized(OPTIMIZER_CARDS.sgd.torch), 'torch.optim.SGD');
    assert.equal(localized(SCHEDULE_CARDS.constant.torch), '（无调度器）');
    assert.equal(localized(OPTIMIZER_CARDS.adamw.symbols[1][1]), 'weight_decay（默认 0.01）');
    setLanguage('en');
    assert.equal(localized(SCHEDULE_CARDS.constant.torch), '(no scheduler)');
    assert.equal(localized(OPTIMIZER_CARDS.adamw.symbols[1][1]), 'weight_decay (default 0.01)');
  } finally {
    setLanguage('en');
  }
});
