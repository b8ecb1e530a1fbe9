#!/usr/bin/env node
// fuzz-js.mjs — a deterministic fuzzer over descent's JavaScript entry points for untrusted input:
//
//   experiment  validateExperiment on mutated examples and random JSON-like values: every input ends
//               in a normalized experiment or an ExperimentError whose issues have a path and a
//               message; a valid one is estimated (budget.js) and, when small, run to the end
//               (engine.run) and, with a tune section, tuned (runTune in this thread), or it ends in
//               a DescentError from the core that names what it refused — never anything else
//   link        decodeExperiment on damaged links (flipped, cut, re-encoded payloads) and random text:
//               an experiment, a LinkError or an ExperimentError
//   csv         parseCsv on random CSV-like text: a table or a CsvError; and the streaming reader fed
//               the same text in random pieces gives the same table, or the same error
//
//   node tests/fuzz/fuzz-js.mjs [--iterations N] [--seed S] [--target experiment|link|csv|all]
//
// npm test runs a fixed seed for a short, fixed number of iterations (scripts/fuzz.mjs); run it with
// other seeds for as long as one likes. A finding prints the input and exits 1; inputs that once
// failed live in tests/fuzz/js-regressions.json and are replayed first on every run.

import { readFileSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { deflateRawSync } from 'node:zlib';

import { loadEngine, validateExperiment, ExperimentError, DescentError, runTune, inProcessPool } from '../../web/lib/index.js';
import { SCHEMA } from '../../web/lib/experiment.js';
import { LinkError, decodeExperiment, encodeExperiment } from '../../web/lib/link.js';
import { estimateRun, estimateTune } from '../../web/lib/budget.js';
import { CsvError, CsvReader, parseCsv } from '../../web/csv.js';
import { mulberry32 } from '../node/reference.js';

/** Work (budget.js operations) up to which a valid fuzzed experiment is also run or tuned. */
const RUN_OPS = 3e7;

// ---- A seeded generator (mulberry32) ----------------------------------------------------------------

/** The fuzzer's own generator: the reference's mulberry32 with picking helpers. */
function rng(seed) {
  const { uniform: next } = mulberry32(seed);
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (list) => list[int(list.length)], chance: (p) => next() < p };
}

// ---- Values -----------------------------------------------------------------------------------------

const FIELD_NAMES = [...new Set(Object.values(SCHEMA).flatMap((t) => (t?.fields ? Object.keys(t.fields) : [])))];
const STRINGS = ['', 'full', 'auto', 'zeros', 'uniform', 'linear', 'logistic', 'blobs', 'inline', 'sine', 'polynomial',
  'sgd', 'adam', 'adamw', 'rmsprop', 'adagrad', 'mse', 'mae', 'huber', 'bce', 'search', 'grid', 'random', 'halving',
  'range_test', 'refine', 'exponential', 'step', 'cosine', 'reduce_on_plateau', 'bold_driver', 'epoch', 'iteration',
  'log', '__proto__', 'constructor', 'a\u202eb', 'a\u200b', 'x\u001b[2J', 'é', 'a'.repeat(300), '1e3', '0x10'];
const NUMBERS = [0, -0, 1, -1, 2, 3, 0.5, 0.2, 0.9, 0.99, 1e-300, 5e-324, 1e-45, 1e-8, 16, 64, 80, 100, 1000, 1e6, 1e9,
  1e10, 2 ** 31, 2 ** 53 + 2, 1e18, 3.4e38, 3.5e38, 1e308, -1e308, NaN, Infinity, -Infinity, 1.5, 4294967295, 4294967296];

function value(r, depth = 0) {
  const k = r.int(depth > 2 ? 4 : 7);
  if (k === 0) return r.chance(0.7) ? r.pick(NUMBERS) : (r.next() - 0.5) * 10 ** r.int(12);
  if (k === 1) return r.chance(0.8) ? r.pick(STRINGS) : String.fromCharCode(...Array.from({ length: r.int(6) }, () => r.int(0x3000)));
  if (k === 2) return r.chance(0.5);
  if (k === 3) return null;
  if (k === 4 || k === 5) return Array.from({ length: r.pick([0, 1, 2, 2, 3, 5, 9]) }, () => value(r, depth + 1));
  const o = {};
  for (let i = r.int(4); i > 0; i -= 1) o[r.chance(0.8) ? r.pick(FIELD_NAMES) : r.pick(STRINGS)] = value(r, depth + 1);
  return o;
}

/** Every [parent, key] inside a JSON-like value. */
function slots(v, out = []) {
  if (v !== null && typeof v === 'object') {
    for (const key of Object.keys(v)) {
      out.push([v, key]);
      slots(v[key], out);
    }
  }
  return out;
}

/** A copy of `base` with 1–4 changes: a value replaced, a field removed, a field added. */
function mutate(r, base) {
  const doc = structuredClone(base);
  for (let i = 1 + r.int(r.chance(0.5) ? 1 : 4); i > 0; i -= 1) {
    const all = slots(doc);
    const [parent, key] = all.length ? r.pick(all) : [doc, 'name'];
    const what = r.int(5);
    if (what === 0 && !Array.isArray(parent)) delete parent[key];
    else if (what === 1 && parent[key] !== null && typeof parent[key] === 'object' && !Array.isArray(parent[key])) parent[key][r.pick(FIELD_NAMES)] = value(r, 2);
    else if (typeof parent[key] === 'number' && what !== 4) parent[key] = r.chance(0.5) ? r.pick(NUMBERS) : parent[key] * r.pick([0.5, 2, 10, 0.1, -1, 1000]);
    else parent[key] = value(r, 1);
  }
  return doc;
}

const EXAMPLES = readdirSync(new URL('../../examples/', import.meta.url)).filter((f) => f.endsWith('.json') && f !== 'presets.json') // presets.json: the page's menu
  .map((f) => JSON.parse(readFileSync(new URL(`../../examples/${f}`, import.meta.url), 'utf8')));
const SEEDS = [...EXAMPLES, {}, { data: { kind: 'inline', X: [[1, 2], [3, 4], [5, 7]], y: [1, 0, 1] }, model: { kind: 'logistic' } },
  { data: { kind: 'blobs', n: 50 }, tune: { kind: 'range_test', steps: 20 } }, { runs: [{ iterations: 30 }], tune: { kind: 'refine', tries: 30 } },
  { runs: [{ epochs: 3, batchSize: 8 }], tune: { strategy: 'halving', trials: 9, space: { lr: { min: 1e-3, max: 1 }, batchSize: [4, 'full'] } } }];

// ---- Targets ----------------------------------------------------------------------------------------

class Finding extends Error {}

/** validateExperiment, then (small enough) a run and a tuning: clean errors or finished work only. */
async function experimentCase(engine, input) {
  let valid;
  try {
    valid = validateExperiment(input);
  } catch (error) {
    if (!(error instanceof ExperimentError)) throw new Finding(`validateExperiment threw ${error?.name}: ${error?.message}`);
    for (const issue of error.issues) {
      if (typeof issue.path !== 'string' || typeof issue.message !== 'string' || !issue.message) throw new Finding(`an issue without a path or message: ${JSON.stringify(issue)}`);
      if (/undefined|NaN is|\[object/.test(issue.message) && !/got (undefined|NaN|\[)/.test(issue.message)) throw new Finding(`a message that leaks internals: ${issue.path}: ${issue.message}`);
    }
    return 'invalid';
  }
  if (JSON.stringify(validateExperiment(JSON.parse(JSON.stringify(valid)))) !== JSON.stringify(valid)) throw new Finding('a normalized experiment does not validate to itself');
  const estimate = estimateRun(valid);
  if (!(estimate.ops >= 0)) throw new Finding(`estimateRun gave ${estimate.ops}`);
  let outcome = 'valid';
  if (estimate.ops <= RUN_OPS) {
    const result = await engine.run(valid);
    for (const run of result.runs) if (run.status === 'running') throw new Finding(`run ${run.name} ended "running"`);
    outcome = 'ran';
  }
  if (valid.tune) {
    const t = estimateTune(valid);
    if (!(t.ops >= 0)) throw new Finding(`estimateTune gave ${t.ops}`);
    if (t.ops <= RUN_OPS) {
      const pool = inProcessPool(engine);
      try {
        const result = await runTune(valid, { pool });
        if (result.kind !== valid.tune.kind) throw new Finding('runTune returned another kind');
      } catch (error) {
        if (error instanceof Finding) throw error;
        throw new Finding(`runTune of a valid experiment threw ${error?.name}: ${error?.message}`);
      } finally {
        await pool.close();
      }
      outcome = 'tuned';
    }
  }
  return outcome;
}

async function linkCase(text) {
  try {
    await decodeExperiment(text);
    return 'valid';
  } catch (error) {
    if (error instanceof LinkError || error instanceof ExperimentError) return 'refused';
    throw new Finding(`decodeExperiment threw ${error?.name}: ${error?.message}`);
  }
}

function linkInput(r, links) {
  const k = r.int(5);
  if (k === 0) return `#e1.${deflateRawSync(Buffer.from(JSON.stringify(mutate(r, r.pick(SEEDS))))).toString('base64url')}`;
  if (k === 1) return `#e1.${deflateRawSync(Buffer.from(String(value(r)))).toString('base64url')}`;
  if (k === 2) return String.fromCharCode(...Array.from({ length: r.int(40) }, () => r.int(128)));
  const link = r.pick(links);
  const chars = [...link];
  for (let i = 1 + r.int(3); i > 0; i -= 1) {
    const at = 4 + r.int(Math.max(1, chars.length - 4));
    if (k === 3) chars[at] = String.fromCharCode(45 + r.int(78));
    else chars.splice(at, r.int(8));
  }
  return chars.join('');
}

/** parseCsv on the whole text and the reader on random pieces: the same table or the same error. */
function csvCase(r, text) {
  const whole = attempt(() => parseCsv(text));
  const reader = new CsvReader();
  const pieces = attempt(() => {
    for (let at = 0; at < text.length;) {
      const n = 1 + r.int(8);
      reader.push(text.slice(at, at + n));
      at += n;
    }
    const t = reader.end();
    return { columns: t.columns, values: Array.from({ length: t.rows }, (_, i) => Array.from(t.data.subarray(i * t.cols, (i + 1) * t.cols))) };
  });
  for (const outcome of [whole, pieces]) {
    if (outcome.error && !(outcome.error instanceof CsvError)) throw new Finding(`the CSV reader threw ${outcome.error.name}: ${outcome.error.message}`);
    if (outcome.value) for (const row of outcome.value.values) for (const v of row) if (!(Math.abs(v) <= 3.4028234663852886e38) || (v !== 0 && Math.fround(v) === 0)) throw new Finding(`a value float32 cannot hold: ${v}`);
  }
  if (JSON.stringify(whole) !== JSON.stringify(pieces)) throw new Finding(`whole text and pieces differ: ${JSON.stringify(whole).slice(0, 200)} vs ${JSON.stringify(pieces).slice(0, 200)}`);
  return whole.error ? 'refused' : 'read';
}

function attempt(fn) {
  try {
    return { value: fn() };
  } catch (error) {
    return { error, message: error?.message };
  }
}

const CSV_ATOMS = [',', ';', '\t', '\n', '\r\n', '\r', '"', '""', ' ', '1', '-2.5', '1e-50', '3.5e38', '0x10', '.5', '1.', 'x', 'y', '\uFEFF', 'e', '+', 'NaN', '12345678901234567890'];
function csvInput(r) {
  if (r.chance(0.2)) return Array.from({ length: r.int(60) }, () => (r.chance(0.7) ? r.pick(CSV_ATOMS) : String(r.pick(NUMBERS)))).join('');
  // a table, then a few corruptions
  const d = r.pick([',', ';', '\t']);
  const cols = 2 + r.int(4);
  const cell = () => (r.chance(0.95) ? String(r.pick([0, 1, -2.5, 0.125, 3, 1e-3, 1e20, -7, 42])) : r.pick(CSV_ATOMS));
  const quote = (t) => (r.chance(0.15) ? `"${t}"` : t);
  const lines = [Array.from({ length: cols }, (_, c) => quote(`c${c}`)).join(d)];
  for (let i = r.int(8); i >= 0; i -= 1) lines.push(Array.from({ length: cols }, () => quote(cell())).join(d));
  let text = lines.join(r.pick(['\n', '\r\n'])) + (r.chance(0.5) ? '\n' : '');
  for (let k = r.int(4) - 1; k > 0; k -= 1) {
    const at = r.int(text.length + 1);
    text = text.slice(0, at) + r.pick(CSV_ATOMS) + text.slice(at + r.int(2));
  }
  return text;
}

// ---- Main -------------------------------------------------------------------------------------------

const { values: args } = parseArgs({ options: { iterations: { type: 'string', default: '300' }, seed: { type: 'string', default: '1' }, target: { type: 'string', default: 'all' } } });
const iterations = Number(args.iterations);
const seed = Number(args.seed);
const targets = args.target === 'all' ? ['experiment', 'link', 'csv'] : [args.target];

async function main() {
  const engine = await loadEngine();
  const links = await Promise.all(SEEDS.map((e) => encodeExperiment(e).then((f) => `#${f}`)));
  const counts = {};
  const note = (target, outcome) => { counts[`${target} ${outcome}`] = (counts[`${target} ${outcome}`] ?? 0) + 1; };
  const regressions = JSON.parse(readFileSync(new URL('./js-regressions.json', import.meta.url), 'utf8'), fromJson);
  for (const { target, input } of regressions.cases) {
    const r = rng(1);
    await check(target, input, () => (target === 'experiment' ? experimentCase(engine, input) : target === 'link' ? linkCase(input) : csvCase(r, input)));
  }
  for (const target of targets) {
    const r = rng(seed * 7919 + target.length);
    for (let i = 0; i < iterations; i += 1) {
      let input;
      let run;
      if (target === 'experiment') {
        input = r.chance(0.9) ? mutate(r, r.pick(SEEDS)) : value(r);
        run = () => experimentCase(engine, input);
      } else if (target === 'link') {
        input = linkInput(r, links);
        run = () => linkCase(input);
      } else {
        input = csvInput(r);
        run = () => csvCase(r, input);
      }
      note(target, await check(target, input, run, i));
    }
  }
  console.log(`fuzz-js: seed ${seed}, ${iterations} iterations per target, ${regressions.cases.length} regressions replayed: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
}

/** JSON for inputs with non-finite numbers and −0: {"$num": "NaN"} (and back). */
const toJson = (k, v) => (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? { $num: Object.is(v, -0) ? '-0' : String(v) } : v);
const fromJson = (k, v) => (v && typeof v === 'object' && Object.keys(v).length === 1 && typeof v.$num === 'string' ? Number(v.$num) : v);

async function check(target, input, run, i = 'regression') {
  try {
    return await run();
  } catch (error) {
    const why = error instanceof Finding ? error.message : `${error?.name}: ${error?.message}\n${error?.stack}`;
    console.error(`fuzz-js: FINDING (${target}, iteration ${i}, seed ${seed}): ${why}\nregression case: ${JSON.stringify({ target, note: '', input }, toJson)}`);
    process.exit(1);
  }
  return undefined;
}

main().catch((error) => {
  console.error(`fuzz-js: ${error.stack}`);
  process.exit(1);
});
