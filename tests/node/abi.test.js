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
