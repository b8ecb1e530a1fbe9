// web/ask.js writes the parts of a work estimate (lib/budget.js: code and values) in the page's
// language: in English exactly as the library (and the CLI's refusal) writes them, in Chinese from the
// strings table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { estimateRun, estimateTune } from '../../web/lib/budget.js';
import { validateExperiment } from '../../web/lib/experiment.js';
import { partText } from '../../web/ask.js';
import { setLanguage } from '../../web/strings.js';

const example = (name) => JSON.parse(readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8'));
const experiments = [
  validateExperiment(example('seed.json')),
  validateExperiment({ ...example('seed.json'), model: { kind: 'logistic' }, data: { kind: 'blobs' } }),
  validateExperiment({ runs: [{ name: 'every "point"', record: { every: 1 } }] }),
];
const tunes = [
  { tune: { trials: 1, space: { lr: { min: 0.001, max: 1 } } } },
  { tune: { kind: 'range_test', steps: 60 } },
  { tune: { kind: 'refine' } },
].map((t) => validateExperiment(t));

function parts() {
  return [...experiments.flatMap((e) => estimateRun(e).parts), ...tunes.flatMap((e) => estimateTune(e).parts)];
}

test('every part of an estimate has a code, and reads in English as the library writes it', () => {
  setLanguage('en');
  const all = parts();
  assert.ok(new Set(all.map((p) => p.code)).size >= 10, [...new Set(all.map((p) => p.code))].join(' '));
  for (const p of all) {
    assert.ok(p.code, p.text);
    assert.equal(partText(p), p.text);
  }
});

test('in Chinese every part is written from the table', () => {
  setLanguage('zh');
  try {
    for (const p of parts()) assert.match(partText(p), /[\u4e00-\u9fff]/, p.text);
  } finally {
    setLanguage('en');
  }
});
