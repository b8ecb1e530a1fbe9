// The engine writes C config structs through typed-array views, so its layout table must match
// descent.h field for field. This test reads the header and compares names, types and order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { LAYOUT } from '../../web/lib/engine.js';

const header = readFileSync(new URL('../../core/include/descent.h', import.meta.url), 'utf8');

/** Fields of `typedef struct NAME { ... } NAME;` as [name, type] with wasm32 types. */
function structFields(name) {
  const match = header.match(new RegExp(`typedef struct ${name} \\{([\\s\\S]*?)\\} ${name};`));
  assert.ok(match, `descent.h defines struct ${name}`);
  const body = match[1].replace(/\/\*[\s\S]*?\*\//g, '');
  const fields = [];
  for (const decl of body.split(';').map((s) => s.trim()).filter(Boolean)) {
    const m = decl.match(/^(const\s+)?(\w+)\s*(\*?)\s*(.+)$/);
    assert.ok(m, `cannot parse "${decl}" in ${name}`);
    const type = m[3] ? 'ptr' : { int32_t: 'i32', double: 'f64' }[m[2]];
    assert.ok(type, `${name}: field type ${m[2]} is not int32_t, double or a pointer`);
    for (const field of m[4].split(',').map((s) => s.trim())) fields.push([field, type]);
  }
  return fields;
}

for (const name of ['dsc_data_config', 'dsc_model_config', 'dsc_optim_config', 'dsc_sched_config',
  'dsc_train_config', 'dsc_metrics']) {
  test(`engine layout of ${name} matches descent.h`, () => {
    assert.deepEqual(LAYOUT[name].fields, structFields(name));
  });
}

test('struct sizes follow C alignment (doubles 8-aligned)', () => {
  assert.equal(LAYOUT.dsc_model_config.size, 32);
  assert.equal(LAYOUT.dsc_train_config.offsets.max_iterations.offset, 16);
  assert.equal(LAYOUT.dsc_data_config.offsets.noise_level.offset, 24);
  assert.equal(LAYOUT.dsc_data_config.size, 80);
});

// Defaults live in the schema tables (what users see) and in the C API's dsc_*_config_default (what
// C callers get). The engine writes C structs starting from the C defaults, so the two must agree.
test('the schema defaults of every optimizer and schedule kind equal the core\'s C defaults', async () => {
  const { loadEngine } = await import('../../web/lib/index.js');
  const { validateExperiment } = await import('../../web/lib/experiment.js');
  const { OPTIMIZER, SCHEDULE, THRESHOLD_MODE, PER } = await import('../../web/lib/engine.js');
  const engine = await loadEngine();
  const cName = { T_max: 't_max' };
  let compared = 0;
  for (const [kind, value] of Object.entries(OPTIMIZER)) {
    const js = validateExperiment({ runs: [{ optimizer: { kind } }] }).runs[0].optimizer;
    const c = engine.configDefaults('dsc_optim_config', value);
    for (const [key, v] of Object.entries(js)) {
      if (key === 'kind') continue;
      if (key === 'betas') {
        assert.deepEqual([c.beta1, c.beta2], v, `${kind}.betas`);
      } else {
        assert.equal(c[key], typeof v === 'boolean' ? Number(v) : v, `${kind}.${key}`);
      }
      compared++;
    }
  }
  for (const [kind, value] of Object.entries(SCHEDULE)) {
    const js = validateExperiment({ runs: [{ schedule: { kind } }] }).runs[0].schedule;
    const c = engine.configDefaults('dsc_sched_config', value);
    for (const [key, v] of Object.entries(js)) {
      if (key === 'kind' || key === 'mode') continue;
      const want = key === 'threshold_mode' ? THRESHOLD_MODE[v] : key === 'per' ? PER[v] : v;
      assert.equal(c[cName[key] ?? key], want, `${kind}.${key}`);
      compared++;
    }
  }
  const run = validateExperiment({}).runs[0];
  const train = engine.configDefaults('dsc_train_config');
  assert.equal(train.diverge_factor, run.divergeFactor);
  assert.equal(train.shuffle, Number(run.shuffle));
  const model = validateExperiment({}).model;
  assert.deepEqual(engine.configDefaults('dsc_model_config'), { kind: 0, loss: 0, delta: 1, l1: model.penalty.l1, l2: model.penalty.l2 });
  assert.ok(compared > 40, `compared ${compared} fields`);
});
