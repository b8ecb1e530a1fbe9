#!/usr/bin/env node
// build-dist.mjs — writes dist/: the playground as plain static files that any static host can serve
// (GitHub Pages, `python3 -m http.server`, an S3 bucket). Nothing is bundled or transformed: the page,
// web/lib's browser modules, descent.wasm, Chart.js's and KaTeX's ESM files (KaTeX's CSS and woff/woff2
// fonts too) and examples/ (the lessons) keep the same relative paths as
// under scripts/serve.mjs, so the page's import map works unchanged.
//
//   node scripts/build-dist.mjs [OUT]     # default OUT: dist/ (emptied first)
//
// It needs web/lib/descent.wasm and descent-mt.wasm (`npm run build:wasm`) and node_modules (`npm install`).

import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Node-only files of web/lib (they import node: modules): not shipped to the browser. */
const NODE_ONLY = new Set(['lib/cli.js', 'lib/index.js', 'lib/tune-node.js', 'lib/tune-worker-node.js', 'lib/threads-worker-node.js']);

/** [source, destination inside dist] pairs for the npm packages the import map names. */
const VENDOR = [
  ['node_modules/chart.js/dist/chart.js', 'node_modules/chart.js/dist/chart.js'],
  ['node_modules/chart.js/dist/chunks', 'node_modules/chart.js/dist/chunks'],
  ['node_modules/chart.js/dist/helpers.js', 'node_modules/chart.js/dist/helpers.js'],
  ['node_modules/chart.js/LICENSE.md', 'node_modules/chart.js/LICENSE.md'],
  ['node_modules/@kurkle/color/dist/color.esm.js', 'node_modules/@kurkle/color/dist/color.esm.js'],
  ['node_modules/@kurkle/color/LICENSE.md', 'node_modules/@kurkle/color/LICENSE.md'],
  ['node_modules/chartjs-plugin-zoom/dist/chartjs-plugin-zoom.esm.js', 'node_modules/chartjs-plugin-zoom/dist/chartjs-plugin-zoom.esm.js'],
  ['node_modules/chartjs-plugin-zoom/LICENSE.md', 'node_modules/chartjs-plugin-zoom/LICENSE.md'],
  ['node_modules/hammerjs/hammer.min.js', 'node_modules/hammerjs/hammer.min.js'],
  ['node_modules/hammerjs/LICENSE.md', 'node_modules/hammerjs/LICENSE.md'],
  ['node_modules/katex/dist/katex.mjs', 'node_modules/katex/dist/katex.mjs'],
  ['node_modules/katex/dist/katex.min.css', 'node_modules/katex/dist/katex.min.css'],
  ['node_modules/katex/dist/fonts', 'node_modules/katex/dist/fonts'],
  ['node_modules/katex/LICENSE', 'node_modules/katex/LICENSE'],
  ['examples', 'examples'], // the lessons (examples/lessons/) and the experiments they open
];

/** Which files of web/ go to dist (no source maps of vendored code, no Node-only modules). */
function shipped(rel) {
  if (NODE_ONLY.has(rel)) return false;
  return /\.(html|js|css|wasm|png|svg|ico|json)$/.test(rel);
}

function walk(dir, base = dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path, base) : [relative(base, path).split('\\').join('/')];
  });
}

function main() {
  const out = resolve(root, process.argv[2] ?? 'dist');
  if (out === root || !out.startsWith(root)) throw new Error(`refusing to write outside the repository: ${out}`);
  for (const name of ['descent.wasm', 'descent-mt.wasm']) { // descent-mt.wasm: the page's threads
    if (!existsSync(join(root, 'web/lib', name))) throw new Error(`web/lib/${name} is missing: run \`npm run build:wasm\` first`);
  }
  for (const [src] of VENDOR) {
    if (!existsSync(join(root, src))) throw new Error(`${src} is missing: run \`npm install\` first`);
  }

  rmSync(out, { recursive: true, force: true });
  const web = join(root, 'web');
  const files = walk(web).filter(shipped);
  for (const rel of files) {
    mkdirSync(dirname(join(out, rel)), { recursive: true });
    cpSync(join(web, rel), join(out, rel));
  }
  for (const [src, dest] of VENDOR) {
    mkdirSync(dirname(join(out, dest)), { recursive: true });
    cpSync(join(root, src), join(out, dest), { recursive: true, filter: (p) => !/\.(map|ttf|md)$/.test(p) || p.endsWith('LICENSE.md') });
  }
  console.log(`wrote ${relative(root, out) || '.'}/ (${files.length} page files + Chart.js and its zoom plugin, KaTeX, the examples and lessons); serve it from any static host`);
}

try {
  main();
} catch (error) {
  console.error(`build-dist: ${error.message}`);
  process.exit(1);
}
