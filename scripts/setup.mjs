#!/usr/bin/env node
// setup.mjs — makes a clone ready to run: npm dependencies, CMake and Emscripten, an up-to-date
// web/lib/descent.wasm, and (with --browser, for the tests) a C compiler, clang with libFuzzer (the
// fuzz harness, npm run test:fuzz) and Debian's Chromium.
// `npm start`, `npm test`, `npm run demo` and `npm run build:wasm` call it first, so a fresh machine
// needs nothing but Node.js 20+ (on Debian/Ubuntu as root it installs the rest with apt-get).
//
// With --bench (npm run bench) it also builds descent-scalar.wasm and the benchmark's wasm probe
// under build/ (not shipped). With --python (npm test) it makes sure Debian's python3 has what the
// exported scripts and their tests import (PyTorch, NumPy, matplotlib, nbconvert and ipykernel,
// dask.distributed, Optuna), installing Debian's packages with apt-get when it can.
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

/** Whether clang and its libFuzzer runtime are installed (Debian: clang and libclang-rt-dev). */
function hasLibFuzzer() {
  if (!has('clang')) return false;
  const dir = spawnSync('clang', ['-print-resource-dir'], { encoding: 'utf8' }).stdout?.trim();
  const arch = { x64: 'x86_64', arm64: 'aarch64', ia32: 'i386' }[process.arch] ?? process.arch;
  return Boolean(dir) && existsSync(join(dir, 'lib', 'linux', `libclang_rt.fuzzer-${arch}.a`));
}

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

/**
 * Makes sure the tools exist: cmake and emcc always, a C compiler for the native tests, Chromium for the
 * browser tests. As root on Debian/Ubuntu the missing ones are installed with apt-get in one go (the
 * browser is always Debian's, never a downloaded one); elsewhere the message says how to get them.
 */
function ensureTools({ compiler, browser, fuzzer }) {
  const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
  const tools = [
    { ok: has('cmake'), pkg: 'cmake', what: 'CMake (cmake)' },
    { ok: has('emcc'), pkg: 'emscripten', what: 'Emscripten\'s emcc (elsewhere: the emsdk, https://emscripten.org)' },
    ...(compiler ? [{ ok: has('cc'), pkg: 'gcc', what: 'a C compiler (cc) for the native tests' }] : []),
    ...(browser ? [{ ok: existsSync(chromium), pkg: 'chromium', what: `Chromium at ${chromium} (or set CHROMIUM=/path)` }] : []),
    ...(fuzzer ? [{ ok: hasLibFuzzer(), pkg: ['clang', 'libclang-rt-dev'], what: 'clang with libFuzzer (the fuzz harness)' }] : []),
  ];
  const missing = tools.filter((t) => !t.ok);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const pkgs = missing.flatMap((t) => t.pkg);
  if (isRoot && has('apt-get')) {
    log(`installing Debian packages: ${pkgs.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', ...pkgs], { env });
    return;
  }
  console.error(`descent needs tools that are not installed:
${missing.map((t) => `  - ${t.what}`).join('\n')}
  Debian/Ubuntu:  sudo apt-get install -y ${pkgs.join(' ')}`);
  process.exit(1);
}

/** Debian's Python, and the Debian package of each module the exports and tests/python import. */
const PYTHON = '/usr/bin/python3';
const PYTHON_MODULES = {
  torch: 'python3-torch',
  numpy: 'python3-numpy',
  matplotlib: 'python3-matplotlib',
  nbconvert: 'jupyter-nbconvert',
  ipykernel: 'python3-ipykernel',
  distributed: 'python3-distributed',
  optuna: 'python3-optuna',
};

/** Makes sure Debian's python3 imports every module in PYTHON_MODULES (apt-get as root, else a message). */
function ensurePython() {
  const imports = (module) => spawnSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
  const missing = existsSync(PYTHON)
    ? Object.keys(PYTHON_MODULES).filter((m) => !imports(m))
    : Object.keys(PYTHON_MODULES);
  if (missing.length === 0) return;
  const pkgs = ['python3', ...missing.map((m) => PYTHON_MODULES[m])];
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && has('apt-get')) {
    log(`installing Debian packages for the Python exports: ${pkgs.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', ...pkgs], { env });
    return;
  }
  console.error(`the Python export tests need Debian's python3 with: ${missing.join(', ')}
  Debian/Ubuntu:  sudo apt-get install -y ${pkgs.join(' ')}`);
  process.exit(1);
}

/**
 * Configures (once) and builds a wasm with CMake in build/<dir>, then copies it next to engine.js
 * (install). bench: the build of bench/bench_core.c's SGD arithmetic probe (bench_arith.wasm) instead.
 */
function buildWasm(name, simd, { dir = name, install = true, bench = false, threads = false } = {}) {
  const build = join(root, 'build', dir);
  const env = { ...process.env };
  // Debian's emcc runs its optimizer with Node and looks for Debian's acorn there.
  if (existsSync('/usr/share/nodejs')) env.NODE_PATH = [env.NODE_PATH, '/usr/share/nodejs'].filter(Boolean).join(':');
  if (!existsSync(join(build, 'CMakeCache.txt'))) {
    run('emcmake', ['cmake', '-S', root, '-B', build, '-DCMAKE_BUILD_TYPE=Release',
      `-DDSC_SIMD=${simd ? 'ON' : 'OFF'}`, `-DDSC_WASM_NAME=${name}`, `-DDSC_BENCH=${bench ? 'ON' : 'OFF'}`, `-DDSC_THREADS=${threads ? 'ON' : 'OFF'}`], { env });
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
  const testing = process.argv.includes('--browser');
  ensureTools({ compiler: testing || process.argv.includes('--bench'), browser: testing, fuzzer: testing });
  buildWasm('descent', true);
  buildWasm('descent-mt', true, { threads: true }); // web/lib/threads.js: shared memory for threads
  if (process.argv.includes('--python')) ensurePython();
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
