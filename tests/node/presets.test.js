// examples/presets.json, the page's preset menu: every entry names an experiment file of examples/
// that validates and trains without the page asking first (under BUDGET.ask), with a title and what
// to look at, in English and Chinese; the presets are there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { validateExperiment } from '../../web/lib/experiment.js';
import { BUDGET, estimateRun } from '../../web/lib/budget.js';

const dir = new URL('../../examples/', import.meta.url);
const { presets } = JSON.parse(readFileSync(new URL('presets.json', dir), 'utf8'));

test('every preset is a valid experiment of examples/ that the page runs without asking', () => {
  assert.ok(presets.length >= 8);
  for (const p of presets) {
    for (const field of ['title', 'look']) {
      assert.ok(typeof p[field]?.en === 'string' && p[field].en, `${p.file}: ${field} in English`);
      assert.match(p[field]?.zh ?? '', /[\u4e00-\u9fff]/, `${p.file}: ${field} in Chinese`);
    }
    assert.match(p.file, /^[\w-]+\.json$/, 'a file of examples/ itself');
    const experiment = validateExperiment(JSON.parse(readFileSync(new URL(p.file, dir), 'utf8')));
    assert.ok(estimateRun(experiment).ops < BUDGET.ask, `${p.file}: under the page's budget`);
  }
});

test('the presets issue 9 asks for: a Rosenbrock race, Himmelblau starts, Beale, an ill-conditioned quadratic, the saddle, moons at three rates, the spiral', () => {
  const experiments = presets.map((p) => validateExperiment(JSON.parse(readFileSync(new URL(p.file, dir), 'utf8'))));
  const fn = (name) => experiments.filter((e) => e.model.kind === 'function' && e.model.function === name);
  assert.ok(fn('rosenbrock').some((e) => ['sgd', 'adam'].every((k) => e.runs.some((r) => r.optimizer.kind === k)) && e.runs.some((r) => r.optimizer.momentum > 0)));
  assert.ok(fn('himmelblau').some((e) => new Set(e.runs.map((r) => JSON.stringify(r.init))).size >= 3), 'Himmelblau from different starts');
  assert.ok(fn('beale').length && fn('saddle').length && fn('six_hump_camel').length);
  assert.ok(fn('quadratic').some((e) => e.model.condition >= 10));
  assert.ok(experiments.some((e) => e.model.kind === 'mlp' && e.data.kind === 'moons' && new Set(e.runs.map((r) => r.optimizer.lr)).size === 3));
  assert.ok(experiments.some((e) => e.model.kind === 'mlp' && e.data.kind === 'spiral'));
});
