// The page's string tables (web/strings/*.js): every key has English and Simplified Chinese, the two
// share their {placeholders}, the Chinese has no English words left (outside tests/i18n-allowlist.js,
// shared with the browser test), every key the code and index.html name exists, and no key is clearly
// unused. The tables are read file by file here (not through strings.js) so that a failure names the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

import { OPTIMIZER_CARDS, SCHEDULE_CARDS } from '../../web/cards.js';
import { englishWords } from '../i18n-allowlist.js';

const webDir = new URL('../../web/', import.meta.url);
const stringsDir = new URL('strings/', webDir);
const files = readdirSync(stringsDir).filter((f) => f.endsWith('.js')).sort();
/** file name → its table ({key: {en, zh}}). */
const tables = Object.fromEntries(await Promise.all(files.map(async (f) => [f, (await import(new URL(f, stringsDir))).default])));
/** key → [file, entry] over every table. */
const entries = new Map(Object.entries(tables).flatMap(([f, table]) => Object.entries(table).map(([key, entry]) => [key, [f, entry]])));

/** The page's JavaScript (web/*.js and any folder under web/ but lib/, which has no strings, and node_modules). */
function pageSources(dir = webDir, prefix = '') {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!['node_modules', 'strings', 'lib'].includes(entry.name)) out.push(...pageSources(new URL(`${entry.name}/`, dir), `${prefix}${entry.name}/`));
    } else if (entry.name.endsWith('.js')) {
      out.push({ file: `web/${prefix}${entry.name}`, source: readFileSync(new URL(entry.name, dir), 'utf8') });
    }
  }
  return out;
}
const sources = pageSources();
const html = readFileSync(new URL('index.html', webDir), 'utf8');

/** A template's placeholders, as a sorted list. */
const placeholders = (s) => [...new Set(s.match(/\{\w+\}/g) ?? [])].sort();

test('the allowlist: names, symbols, exponent numbers and code pass; English words do not', () => {
  const pass = ['在 PyTorch 中：torch.optim.SGD', 'L-BFGS、AdamW 和 RMSprop', 'descent 运行在 WebAssembly 和 Node.js 上',
    'lr 从 1e-4 到 1.5E+2', 'w、b、x、y、θ', '{count} 个运行', 'runs[0].optimizer.lr：必须大于 0', 'weight_decay 与 divergeFactor',
    'Rosenbrock 函数', 'English', '导出为 Python', '按住 Shift 拖动', '`descent run examples/moons-mlp.json` 会打印', '保存为 results.csv',
    'λmax 与 λmin', '停在 log 2 = 0.69'];
  for (const text of pass) assert.deepEqual(englishWords(text), [], text);
  const fail = [['运行 Run', ['Run']], ['Adam optimizer', ['optimizer']], ['training.ready', ['training', 'ready']],
    ['lbfgs', ['lbfgs']], ['curve 步', ['curve']], ['momentum', ['momentum']], ['每轮 (epoch)', []], ['动量（momentum）', []], ['η_min 与 λmax', []], ['adam', ['adam']], ['12 ms', ['ms']], ['Li 等', []], ['Lie', ['Lie']]];
  for (const [text, words] of fail) assert.deepEqual(englishWords(text), words, text);
});

test('the string tables load: at least one file, each key in one file only', () => {
  assert.ok(files.length > 0, 'no files in web/strings/');
  const seen = new Map();
  for (const [f, table] of Object.entries(tables)) {
    assert.equal(typeof table, 'object', `strings/${f}: its default export is the table`);
    for (const key of Object.keys(table)) {
      assert.ok(!seen.has(key), `${key} is in strings/${seen.get(key)} and strings/${f}`);
      seen.set(key, f);
    }
  }
});

test('every key has a non-empty English and Chinese text, and nothing else', () => {
  const problems = [];
  for (const [key, [f, entry]] of entries) {
    const langs = Object.keys(entry).sort();
    if (JSON.stringify(langs) !== '["en","zh"]') problems.push(`${f} ${key}: languages ${langs.join(', ')} (want en, zh)`);
    for (const lang of ['en', 'zh']) {
      if (typeof entry[lang] !== 'string' || entry[lang].trim() === '') problems.push(`${f} ${key}.${lang}: ${JSON.stringify(entry[lang])}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('English and Chinese have the same {placeholders}', () => {
  const problems = [];
  for (const [key, [f, { en, zh }]] of entries) {
    if (typeof en !== 'string' || typeof zh !== 'string') continue; // reported above
    const a = placeholders(en);
    const b = placeholders(zh);
    if (JSON.stringify(a) !== JSON.stringify(b)) problems.push(`${f} ${key}: en ${a.join(' ') || '(none)'}, zh ${b.join(' ') || '(none)'}`);
  }
  assert.deepEqual(problems, []);
});

test('the Chinese texts have no English words left (tests/i18n-allowlist.js lists what may stay)', () => {
  const problems = [];
  for (const [key, [f, { zh }]] of entries) {
    if (typeof zh !== 'string') continue;
    const left = englishWords(zh);
    if (left.length) problems.push(`${f} ${key}: ${[...new Set(left)].join(', ')} in ${JSON.stringify(zh)}`);
  }
  assert.deepEqual(problems, []);
});

test('a Chinese text is Chinese: not a copy of the English (unless it is only names, symbols and numbers)', () => {
  const problems = [];
  for (const [key, [f, { en, zh }]] of entries) {
    if (typeof en === 'string' && en === zh && englishWords(en).length > 0) problems.push(`${f} ${key}: ${JSON.stringify(zh)}`);
  }
  assert.deepEqual(problems, []);
});

/**
 * The keys the code names: text('k'), countText('k', …), hasText('k'), and status.js's setStatus('k')
 * where a file imports it; templates (`runs.status.${status}`, `${key}.playing`) give their fixed
 * prefix and suffix.
 */
function keysInCode() {
  const literal = [];
  const templates = [];
  for (const { file, source } of sources) {
    const names = ['text', 'countText', 'hasText'];
    if (/import\s*\{[^}]*\bsetStatus\b[^}]*\}\s*from\s*'\.\/status\.js'/.test(source)) names.push('setStatus');
    const call = new RegExp(`(?<![\\w.])(${names.join('|')})\\(\\s*(?:(['"])([^'"\\n]+)\\2|\`([^\`\\n]*)\`)`, 'g');
    for (const m of source.matchAll(call)) {
      const where = `${file}:${source.slice(0, m.index).split('\n').length}`;
      if (m[3] !== undefined) literal.push({ key: m[3], count: m[1] === 'countText', where });
      else if (!m[4].includes('${')) literal.push({ key: m[4], count: m[1] === 'countText', where });
      else templates.push({ prefix: m[4].slice(0, m[4].indexOf('${')), suffix: m[4].slice(m[4].lastIndexOf('}') + 1), where });
    }
  }
  return { literal, templates };
}

/** The keys index.html names: data-text="k", data-text-label, -title, -placeholder, -alt. */
function keysInHtml() {
  return [...html.matchAll(/\sdata-text(?:-label|-title|-placeholder|-alt)?="([^"]*)"/g)].map((m) => ({
    key: m[1], where: `web/index.html:${html.slice(0, m.index).split('\n').length}`,
  }));
}

test('every key the code and index.html name exists (a count: key.other, and key.one for English)', () => {
  const { literal, templates } = keysInCode();
  const named = [...literal, ...keysInHtml()];
  assert.ok(named.length > 50, `only ${named.length} keys found in the code: has the way strings are named changed?`);
  const missing = [];
  for (const { key, count, where } of named) {
    if (count) {
      if (!entries.has(`${key}.other`)) missing.push(`${where}: ${key}.other`);
      if (!entries.has(`${key}.one`)) missing.push(`${where}: ${key}.one (English needs it)`);
    } else if (!entries.has(key)) {
      missing.push(`${where}: ${key}`);
    }
  }
  for (const { prefix, suffix, where } of templates) {
    if (prefix && ![...entries.keys()].some((k) => k.startsWith(prefix) && k.endsWith(suffix))) missing.push(`${where}: no key is ${prefix}…${suffix}`);
  }
  assert.deepEqual(missing, []);
});

test('no key is clearly unused: each is named somewhere in the page\'s code, whole or by a template prefix', () => {
  const { templates } = keysInCode();
  const everything = `${sources.map((s) => s.source).join('\n')}\n${html}`;
  const builtPrefixes = [...everything.matchAll(/`([a-z][A-Za-z]*(?:\.[A-Za-z]+)*\.|[a-z][A-Za-z]*(?:\.[A-Za-z]+)+)\$\{/g)].map(([, prefix]) => prefix);
  const quoted = (k) => [`'${k}'`, `"${k}"`, `\`${k}\``].some((q) => everything.includes(q));
  const unused = [];
  for (const [key, [f]] of entries) {
    const base = key.replace(/\.(zero|one|two|few|many|other)$/, '');
    if (quoted(key) || quoted(base)) continue;
    // a template names it: its fixed prefix (`runs.status.${s}`), or a variant suffix of a named key (`${key}.playing`)
    if (templates.some(({ prefix, suffix }) => (prefix ? key.startsWith(prefix) && key.endsWith(suffix) : suffix && key.endsWith(suffix) && quoted(key.slice(0, -suffix.length))))) continue;
    // a key built in a variable first: any template literal's fixed start (`csv.error.${code}`,
    // `note.above${…}`), or its parent named as a family (coded('tune.stopped', code))
    if (builtPrefixes.some((prefix) => key.startsWith(prefix)) || quoted(key.split('.').slice(0, -1).join('.'))) continue;
    unused.push(`${f} ${key}`);
  }
  assert.deepEqual(unused, []);
});

/** Every {en, zh} text in a value (a lesson file, a card), with its path. */
function localizedTexts(value, path, out = []) {
  if (value && typeof value === 'object' && !Array.isArray(value) && typeof value.en === 'string' && typeof value.zh === 'string') {
    out.push({ path, zh: value.zh });
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) localizedTexts(v, Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`, out);
  }
  return out;
}

test('the lessons\' and the cards\' Chinese texts have no English words left either', () => {
  const lessonsDir = new URL('../../examples/lessons/', import.meta.url);
  const lessonFiles = JSON.parse(readFileSync(new URL('index.json', lessonsDir), 'utf8')).lessons;
  const texts = [
    ...lessonFiles.flatMap((f) => localizedTexts(JSON.parse(readFileSync(new URL(f, lessonsDir), 'utf8')), `examples/lessons/${f}`)),
    ...localizedTexts(OPTIMIZER_CARDS, 'cards.js OPTIMIZER_CARDS'),
    ...localizedTexts(SCHEDULE_CARDS, 'cards.js SCHEDULE_CARDS'),
  ];
  assert.ok(texts.length > 100, `found only ${texts.length} texts`);
  const problems = texts.filter(({ zh }) => englishWords(zh).length)
    .map(({ path, zh }) => `${path}: ${[...new Set(englishWords(zh))].join(', ')} in ${JSON.stringify(zh.length > 120 ? `${zh.slice(0, 117)}…` : zh)}`);
  assert.deepEqual(problems, []);
});
