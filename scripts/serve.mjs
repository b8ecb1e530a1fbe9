#!/usr/bin/env node
// serve.mjs — a tiny static server for the playground: web/ at http://127.0.0.1:8080/ (PORT to change),
// plus the npm packages its import map names (Chart.js, @kurkle/color, chartjs-plugin-zoom, hammerjs). No dependencies.
//
//   node scripts/serve.mjs            # or: npm run serve
//   PORT=0 node scripts/serve.mjs     # any free port; the URL is printed
//
// Only GET and HEAD, only files inside the allowed roots (paths are resolved, then checked), no
// directory listings. Also importable: `startServer({port})` resolves to {server, url} (tests use it).

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** URL prefix → directory on disk. The first matching prefix wins; '/' must stay last. */
export const ROOTS = [
  ['/node_modules/chart.js/', join(root, 'node_modules', 'chart.js')],
  ['/node_modules/@kurkle/color/', join(root, 'node_modules', '@kurkle', 'color')],
  ['/node_modules/chartjs-plugin-zoom/', join(root, 'node_modules', 'chartjs-plugin-zoom')],
  ['/node_modules/hammerjs/', join(root, 'node_modules', 'hammerjs')],
  ['/', join(root, 'web')],
];

/** MIME types by extension; anything else is served as application/octet-stream. */
export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

/**
 * Maps a request path to a file inside one of the roots, or null when it would leave them.
 * @param {string} pathname the URL's path, still percent-encoded
 * @param {Array<[string, string]>} [roots]
 * @returns {string | null}
 */
export function resolveRequestPath(pathname, roots = ROOTS) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null; // malformed percent-encoding
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  for (const [prefix, dir] of roots) {
    if (!decoded.startsWith(prefix)) continue;
    let rest = decoded.slice(prefix.length);
    if (rest === '' || rest.endsWith('/')) rest += 'index.html';
    const file = resolve(dir, rest);
    return file === dir || file.startsWith(dir + sep) ? file : null;
  }
  return null;
}

function send(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`${text}\n`);
}

async function handle(req, res, roots) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    send(res, 405, 'method not allowed');
    return;
  }
  const { pathname } = new URL(req.url, 'http://localhost');
  const file = resolveRequestPath(pathname, roots);
  if (!file) {
    send(res, 403, 'forbidden');
    return;
  }
  let info;
  try {
    info = await stat(file);
  } catch {
    info = null;
  }
  if (!info?.isFile()) {
    send(res, 404, 'not found');
    return;
  }
  res.writeHead(200, {
    'content-type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    // Cross-origin isolation (everything is same-origin): browsers then give performance.now() its
    // full precision, which the wall-time axis needs for sub-millisecond runs.
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

/**
 * Starts the server.
 * @param {{port?: number, host?: string, roots?: Array<[string, string]>}} [options] port 0 picks a
 *   free port; roots: URL prefix → directory pairs (default ROOTS; tests serve dist/ with [['/', dir]])
 * @returns {Promise<{server: import('node:http').Server, url: string}>}
 */
export function startServer({ port = 8080, host = '127.0.0.1', roots = ROOTS } = {}) {
  const server = createServer((req, res) => {
    handle(req, res, roots).catch((error) => {
      if (!res.headersSent) send(res, 500, 'internal error');
      else res.destroy();
      console.error(error);
    });
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolvePromise({ server, url: `http://${host}:${actual}/` });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = process.env.PORT === undefined ? 8080 : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: PORT must be an integer 0..65535 (got "${process.env.PORT}")`);
    process.exit(2);
  }
  startServer({ port }).then(({ url }) => {
    console.log(`descent playground: ${url}  (Ctrl+C to stop)`);
  }, (error) => {
    console.error(`serve: cannot listen on 127.0.0.1:${port} (${error.code ?? error.message})`);
    process.exit(1);
  });
}
