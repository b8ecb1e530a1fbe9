// web/cards.js: a card for every optimizer and schedule kind of the schema, each formula valid TeX for
// KaTeX (the page renders them; tests/browser/lessons.test.js checks the rendered cards).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import katex from 'katex';

import { OPTIMIZER_CARDS, SCHEDULE_CARDS, cardFor } from '../../web/cards.js';
import { SCHEMA } from '../../web/lib/experiment.js';

test('every optimizer and schedule kind has a card, and every card a kind', () => {
  assert.deepEqual(Object.keys(OPTIMIZER_CARDS).sort(), [...SCHEMA.optimizer.fields.kind.values].sort());
  assert.deepEqual(Object.keys(SCHEDULE_CARDS).sort(), [...SCHEMA.schedule.fields.kind.values].sort());
  assert.equal(cardFor('optimizer', 'adam'), OPTIMIZER_CARDS.adam);
  assert.equal(cardFor('schedule', 'toString'), null);
  assert.equal(cardFor('data', 'linear'), null);
});

test('every card has a title, torch\'s name, formulas KaTeX parses strictly, symbols and an intuition', () => {
  for (const [kind, card] of [...Object.entries(OPTIMIZER_CARDS), ...Object.entries(SCHEDULE_CARDS)]) {
    assert.ok(card.title.en.length > 2, `${kind}.title`);
    assert.ok(card.torch.length > 2, `${kind}.torch`);
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
      const name = field.split(/[ (]/)[0];
      if (/^[a-z_]+$/.test(name) && name !== 'the') assert.ok(optimizerFields.includes(name), `${kind}: ${name}`);
    }
  }
});
