#!/usr/bin/env node
// setup.mjs — makes a clone ready to run: npm dependencies, Emscripten, an up-to-date
// web/lib/descent.wasm, and (with --browser, for the tests) Debian's Chromium. `npm start`, `npm test` and `npm run build:wasm` call it first, so a fresh
// machine needs nothing but Node.js 20+ (and, on Debian/Ubuntu as root, it installs emcc itself).
//
// With --bench (npm run bench) it also builds descent-scalar.wasm and the benchmark's wasm probe
// under build/ (not shipped).
//
// Rebuilding is CMake's job: it recompiles only what changed, so an unchanged tree costs ~1 s.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = (message) => console.error(`[setup] ${message}`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with status ${result.status}`);
}

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

/** Installs npm dependencies when node_modules is missing or older than the lock file. */
function ensureNodeModules() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const wanted = { ...pkg.dependencies, ...pkg.devDependencies };
  if (Object.keys(wanted).length === 0) return;
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  const missing = Object.keys(wanted).some((name) => !existsSync(join(root, 'node_modules', name, 'package.json')));
  const stale = existsSync(lock) && existsSync(marker) && statSync(lock).mtimeMs > statSync(marker).mtimeMs;
  if (!missing && !stale) return;
  log('installing npm dependencies');
  run('npm', [existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund']);
}

/** Makes sure emcc exists: installs Debian's emscripten as root, else explains how to get it. */
function ensureEmcc() {
  if (has('emcc')) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && has('apt-get')) {
    log('emcc not found: installing Debian\'s emscripten (apt-get install -y emscripten)');
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', 'emscripten'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (has('emcc')) return;
  }
  console.error(`descent needs Emscripten's emcc to build its WebAssembly core, and it is not on PATH.
  Debian/Ubuntu:  sudo apt-get install -y emscripten
  elsewhere:      install the emsdk (https://emscripten.org/docs/getting_started/downloads.html),
                  then run 'source ./emsdk_env.sh' and try again.`);
  process.exit(1);
}

/** The browser tests drive Debian's Chromium (never a downloaded one): install it as root if missing. */
function ensureChromium() {
  const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (existsSync(chromium)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && has('apt-get')) {
    log('chromium not found: installing Debian\'s chromium for the browser tests');
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', 'chromium'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (existsSync(chromium)) return;
  }
  console.error(`the browser tests need Chromium at ${chromium}.
  Debian/Ubuntu:  sudo apt-get install -y chromium
  elsewhere:      install Chromium or Chrome and set CHROMIUM=/path/to/it`);
  process.exit(1);
}

/**
 * Configures (once) and builds a wasm with CMake in build/<dir>, then copies it next to engine.js
 * (install). bench: the build of bench/bench_core.c's SGD arithmetic probe (bench_arith.wasm) instead.
 */
function buildWasm(name, simd, { dir = name, install = true, bench = false } = {}) {
  const build = join(root, 'build', dir);
  const env = { ...process.env };
  // Debian's emcc runs its optimizer with Node and looks for Debian's acorn there.
  if (existsSync('/usr/share/nodejs')) env.NODE_PATH = [env.NODE_PATH, '/usr/share/nodejs'].filter(Boolean).join(':');
  if (!existsSync(join(build, 'CMakeCache.txt'))) {
    run('emcmake', ['cmake', '-S', root, '-B', build, '-DCMAKE_BUILD_TYPE=Release',
      `-DDSC_SIMD=${simd ? 'ON' : 'OFF'}`, `-DDSC_WASM_NAME=${name}`, `-DDSC_BENCH=${bench ? 'ON' : 'OFF'}`], { env });
  }
  run('cmake', ['--build', build, '-j2', ...(bench ? ['--target', 'bench_arith'] : [])], { env });
  if (!install) return;
  const built = join(build, `${name}.wasm`);
  const target = join(root, 'web', 'lib', `${name}.wasm`);
  if (!existsSync(target) || !readFileSync(target).equals(readFileSync(built))) {
    copyFileSync(built, target);
    log(`built web/lib/${name}.wasm (${statSync(target).size} bytes)`);
  }
}

try {
  if (!process.argv.includes('--wasm-only')) ensureNodeModules();
  if (process.argv.includes('--browser')) ensureChromium();
  ensureEmcc();
  buildWasm('descent', true);
  if (process.argv.includes('--bench')) {
    // npm run bench: the scalar build (kept in build/descent-scalar) and, unless --quick, the SGD
    // arithmetic probe (build/bench-wasm/bench_arith.wasm)
    buildWasm('descent-scalar', false, { install: false });
    if (!process.argv.includes('--quick')) buildWasm('descent', true, { dir: 'bench-wasm', install: false, bench: true });
  }
} catch (error) {
  console.error(`[setup] failed: ${error.message}`);
  process.exit(1);
}
