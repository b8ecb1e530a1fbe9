// The engine writes C config structs through typed-array views, so its layout table must match
// descent.h field for field. This test reads the header and compares names, types and order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { ERROR_CAP, LAYOUT, LIMITS, GENERATOR, NOISE, LOSS, MODEL, FUNCTION, ACTIVATION, OPTIMIZER, SCHEDULE, PER, THRESHOLD_MODE, ANNEAL, CYCLIC_MODE, RUN_STATUS, HISTORY_COLUMNS, ESTIMATE_COLUMNS, STREAM } from '../../web/lib/abi.js';

const header = readFileSync(new URL('../../core/include/descent.h', import.meta.url), 'utf8');

/** The integer value of `#define NAME value` in descent.h. */
function defineValue(name) {
  const m = header.match(new RegExp(`#define ${name} (\\d+)`));
  assert.ok(m, `descent.h defines ${name}`);
  return Number(m[1]);
}

/** Fields of `typedef struct NAME { ... } NAME;` as [name, type] (or [name, type, count] for an array
 *  field `name[N]`, N a literal or a #define) with wasm32 types. */
function structFields(name) {
  const match = header.match(new RegExp(`typedef struct ${name} \\{([\\s\\S]*?)\\} ${name};`));
  assert.ok(match, `descent.h defines struct ${name}`);
  const body = match[1].replace(/\/\*[\s\S]*?\*\//g, '');
  const fields = [];
  for (const decl of body.split(';').map((s) => s.trim()).filter(Boolean)) {
    const m = decl.match(/^(?:const\s+)?(?:struct\s+)?(\w+)\s*(\*?)\s*(.+)$/);
    assert.ok(m, `cannot parse "${decl}" in ${name}`);
    const type = m[2] ? 'ptr' : { int32_t: 'i32', double: 'f64' }[m[1]];
    assert.ok(type, `${name}: field type ${m[1]} is not int32_t, double or a pointer`);
    for (const field of m[3].split(',').map((s) => s.trim())) {
      const array = field.match(/^(\w+)\[(\w+)\]$/);
      if (array) fields.push([array[1], type, /^\d+$/.test(array[2]) ? Number(array[2]) : defineValue(array[2])]);
      else fields.push([field, type]);
    }
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
  assert.equal(LAYOUT.dsc_model_config.size, 96);
  assert.equal(LAYOUT.dsc_model_config.offsets.hidden.offset, 44);
  assert.equal(LAYOUT.dsc_model_config.offsets.a.offset, 56);
  assert.equal(LAYOUT.dsc_train_config.offsets.max_iterations.offset, 16);
  assert.equal(LAYOUT.dsc_data_config.offsets.noise_level.offset, 24);
  assert.equal(LAYOUT.dsc_data_config.size, 80);
});

// Defaults live in the schema tables (what users see) and in the C API's dsc_*_config_default (what
// C callers get). The engine writes C structs starting from the C defaults, so the two must agree.
test('the schema defaults of every optimizer and schedule kind equal the core\'s C defaults', async () => {
  const { loadEngine } = await import('../../web/lib/index.js');
  const { validateExperiment } = await import('../../web/lib/experiment.js');
  const { OPTIMIZER, SCHEDULE, THRESHOLD_MODE, PER, ANNEAL, CYCLIC_MODE } = await import('../../web/lib/abi.js');
  const engine = await loadEngine();
  const cName = { T_max: 't_max', T_0: 't_0', T_mult: 't_mult' };
  let compared = 0;
  for (const [kind, value] of Object.entries(OPTIMIZER)) {
    const js = validateExperiment({ runs: [{ optimizer: { kind } }] }).runs[0].optimizer;
    const c = engine.configDefaults('dsc_optim_config', value);
    for (const [key, v] of Object.entries(js)) {
      if (key === 'kind') continue;
      if (key === 'betas') {
        assert.deepEqual([c.beta1, c.beta2], v, `${kind}.betas`);
      } else if (key === 'etas') {
        assert.deepEqual([c.etaminus, c.etaplus], v, `${kind}.etas`);
      } else if (key === 'step_sizes') {
        assert.deepEqual([c.step_size_min, c.step_size_max], v, `${kind}.step_sizes`);
      } else {
        assert.equal(c[key], typeof v === 'boolean' ? Number(v) : v, `${kind}.${key}`);
      }
      compared++;
    }
  }
  // Arguments torch requires and descent does not default (the schema's `required`) are given here;
  // the C default is the refused 0 or NULL for them, checked below.
  const required = { cyclic: { max_lr: 0.5 }, cosine_warm_restarts: { T_0: 10 }, multistep: { milestones: [3] } };
  const compareSched = (js, c, label) => {
    for (const [key, v] of Object.entries(js)) {
      if (key === 'kind' || (key === 'mode' && js.kind !== 'cyclic')) continue; // plateau's mode is "min" only
      if (Object.hasOwn(required[js.kind] ?? {}, key)) continue;
      if (key === 'schedulers') {
        assert.equal(c.schedulers.length, v.length, `${label}.schedulers`);
        v.forEach((child, i) => compareSched(child, c.schedulers[i], `${label}.schedulers[${i}]`));
        compared++;
        continue;
      }
      // null in the schema ("the run's length", "the optimizer's lr", "step_size_up") is the core's 0
      const want = key === 'threshold_mode' ? THRESHOLD_MODE[v] : key === 'per' ? PER[v]
        : key === 'anneal_strategy' ? ANNEAL[v] : key === 'mode' ? CYCLIC_MODE[v]
          : typeof v === 'boolean' ? Number(v) : v === null ? 0 : v;
      if (Array.isArray(want)) assert.deepEqual(c[cName[key] ?? key], want, `${label}.${key}`);
      else assert.equal(c[cName[key] ?? key], want, `${label}.${key}`);
      assert.equal(c.kind, SCHEDULE[js.kind], `${label}.kind`);
      compared++;
    }
  };
  for (const [kind, value] of Object.entries(SCHEDULE)) {
    const js = validateExperiment({ runs: [{ schedule: { kind, ...required[kind] } }] }).runs[0].schedule;
    compareSched(js, engine.configDefaults('dsc_sched_config', value), kind);
  }
  assert.equal(engine.configDefaults('dsc_sched_config', SCHEDULE.cyclic).max_lr, 0);
  assert.equal(engine.configDefaults('dsc_sched_config', SCHEDULE.cosine_warm_restarts).t_0, 0);
  assert.equal(engine.configDefaults('dsc_sched_config', SCHEDULE.multistep).milestones, null);
  const run = validateExperiment({}).runs[0];
  const train = engine.configDefaults('dsc_train_config');
  assert.equal(train.diverge_factor, run.divergeFactor);
  assert.equal(train.shuffle, Number(run.shuffle));
  const { DEFAULT_ITERATIONS } = await import('../../web/lib/experiment.js');
  assert.equal(train.max_iterations, DEFAULT_ITERATIONS);
  const model = validateExperiment({}).model;
  const cModel = engine.configDefaults('dsc_model_config');
  assert.deepEqual({ kind: cModel.kind, loss: cModel.loss, delta: cModel.delta, l1: cModel.l1, l2: cModel.l2 }, { kind: 0, loss: 0, delta: 1, l1: model.penalty.l1, l2: model.penalty.l2 });
  assert.ok(compared > 90, `compared ${compared} fields`);
});

// The function and mlp fields of dsc_model_config_default are the schema's defaults too.
test('the schema defaults of function and mlp models equal the core\'s dsc_model_config_default', async () => {
  const { loadEngine } = await import('../../web/lib/index.js');
  const { validateExperiment } = await import('../../web/lib/experiment.js');
  const engine = await loadEngine();
  const c = engine.configDefaults('dsc_model_config');
  const rosenbrock = validateExperiment({ model: { kind: 'function' } }).model;
  assert.equal(rosenbrock.function, 'rosenbrock');
  assert.equal(c.function, FUNCTION[rosenbrock.function]);
  assert.deepEqual([c.a, c.b, c.noise], [rosenbrock.a, rosenbrock.b, rosenbrock.noise]);
  const quadratic = validateExperiment({ model: { kind: 'function', function: 'quadratic' } }).model;
  assert.deepEqual([c.condition, c.angle], [quadratic.condition, quadratic.angle]);
  const mlp = validateExperiment({ data: { kind: 'moons' } }).model;
  assert.equal(mlp.kind, 'mlp');
  assert.equal(c.activation, ACTIVATION[mlp.activation]);
  assert.equal(c.n_hidden, mlp.hidden.length);
  assert.deepEqual(c.hidden.slice(0, c.n_hidden), mlp.hidden);
});

/** Names of `typedef enum NAME { A = 0, B = 1, ... } NAME;` in order of value. */
function enumNames(name) {
  const match = header.match(new RegExp(`typedef enum ${name} \\{([\\s\\S]*?)\\} ${name};`));
  assert.ok(match, `descent.h defines enum ${name}`);
  const body = match[1].replace(/\/\*[\s\S]*?\*\//g, '');
  return body.split(',').map((s) => s.trim()).filter(Boolean).map((decl) => {
    const m = decl.match(/^(\w+)\s*=\s*(\d+)$/);
    assert.ok(m, `cannot parse "${decl}" in ${name}`);
    return [m[1], Number(m[2])];
  });
}

test('the name tables list the C enums in order, one name per value', () => {
  const tables = [
    [GENERATOR, 'dsc_generator'], [NOISE, 'dsc_noise'], [LOSS, 'dsc_loss'], [MODEL, 'dsc_model_kind'],
    [FUNCTION, 'dsc_function'], [ACTIVATION, 'dsc_activation'], [STREAM, 'dsc_stream'],
    [OPTIMIZER, 'dsc_optim_kind'], [SCHEDULE, 'dsc_sched_kind'], [PER, 'dsc_sched_per'],
    [THRESHOLD_MODE, 'dsc_threshold_mode'], [ANNEAL, 'dsc_anneal'], [CYCLIC_MODE, 'dsc_cyclic_mode'], [Object.fromEntries(RUN_STATUS.map((n, i) => [n, i])), 'dsc_run_status'],
  ];
  for (const [table, cName] of tables) {
    const c = enumNames(cName);
    assert.deepEqual(Object.values(table), c.map(([, v]) => v), `${cName} values`);
    assert.equal(Object.keys(table).length, c.length, `${cName} size`);
  }
  const columns = enumNames('dsc_history_column').filter(([n]) => n !== 'DSC_HIST_COLUMNS');
  const camel = (name) => name.replace(/^DSC_HIST_/, '').toLowerCase().replace(/_([a-z])/g, (_, c) => c.toUpperCase());
  assert.deepEqual(HISTORY_COLUMNS, columns.map(([n]) => camel(n)), 'history columns by name, in C order');
  assert.deepEqual(columns.map(([, v]) => v), columns.map((_, i) => i));
  const est = enumNames('dsc_estimate_column').filter(([n]) => n !== 'DSC_EST_COLUMNS');
  assert.deepEqual(ESTIMATE_COLUMNS, est.map(([n]) => camel(n.replace(/^DSC_EST_/, 'DSC_HIST_'))), 'estimate columns by name, in C order');
  assert.deepEqual(est.map(([, v]) => v), est.map((_, i) => i));
  const cap = header.match(/#define DSC_ERROR_CAP (\d+)/);
  assert.equal(ERROR_CAP, Number(cap[1]), 'DSC_ERROR_CAP');
});

test('LIMITS mirror the DSC_MAX_* defines of descent.h, and the schema uses them', async () => {
  const define = (name) => {
    const m = header.match(new RegExp(`#define ${name} (\\d+)`));
    assert.ok(m, `descent.h defines ${name}`);
    return Number(m[1]);
  };
  assert.deepEqual(LIMITS, {
    rows: define('DSC_MAX_ROWS'), values: define('DSC_MAX_VALUES'), features: define('DSC_MAX_FEATURES'),
    degree: define('DSC_MAX_DEGREE'), budget: define('DSC_MAX_BUDGET'), history: define('DSC_MAX_HISTORY'),
    schedulers: define('DSC_MAX_SCHEDULERS'), milestones: define('DSC_MAX_MILESTONES'),
    hiddenLayers: define('DSC_MAX_HIDDEN_LAYERS'), hiddenUnits: define('DSC_MAX_HIDDEN_UNITS'), grid: define('DSC_MAX_GRID'),
  });
  assert.equal(LAYOUT.dsc_model_config.offsets.hidden.count, LIMITS.hiddenLayers);
  const { SCHEMA } = await import('../../web/lib/experiment.js');
  assert.equal(SCHEMA.data.fields.n.max, LIMITS.rows);
  assert.equal(SCHEMA.data.fields.d.max, LIMITS.features);
  assert.equal(SCHEMA.data.fields.degree.max, LIMITS.degree);
  assert.equal(SCHEMA.run.fields.iterations.max, LIMITS.budget);
  assert.equal(SCHEMA.schedule.fields.schedulers.maxLength, LIMITS.schedulers);
  assert.equal(SCHEMA.schedule.fields.milestones.byKind.multistep.maxLength, LIMITS.milestones);
  assert.equal(SCHEMA.schedule.fields.milestones.byKind.sequential.maxLength, LIMITS.schedulers - 1);
  assert.equal(SCHEMA.model.fields.hidden.maxLength, LIMITS.hiddenLayers);
  assert.equal(SCHEMA.model.fields.hidden.item.max, LIMITS.hiddenUnits);
});

test('the schema defaults of every data generator equal the core\'s dsc_data_config_default', async () => {
  const { loadEngine } = await import('../../web/lib/index.js');
  const { validateExperiment } = await import('../../web/lib/experiment.js');
  const engine = await loadEngine();
  const name = { noiseLevel: 'noise_level', testFraction: 'test_fraction' };
  let compared = 0;
  for (const [kind, value] of Object.entries(GENERATOR)) {
    const js = validateExperiment({ data: { kind } }).data;
    const c = engine.configDefaults('dsc_data_config', value);
    assert.equal(c.generator, value);
    for (const [key, v] of Object.entries(js)) {
      if (key === 'kind') continue;
      if (key === 'weights' || key === 'scales' || key === 'coefficients') { // NULL in C means the schema's default
        assert.equal(c[key], 0, `${kind}.${key} is NULL in C`);
        continue;
      }
      const want = key === 'noise' ? NOISE[v] : typeof v === 'boolean' ? Number(v) : v;
      assert.equal(c[name[key] ?? key], want, `${kind}.${key}`);
      compared++;
    }
  }
  assert.ok(compared >= 20, `compared ${compared} fields`);
});
