#!/usr/bin/env node
// serve.mjs — a tiny static server for the playground: web/ at http://127.0.0.1:8080/ (PORT to change),
// plus the npm packages its import map names (Chart.js, @kurkle/color, chartjs-plugin-zoom, hammerjs, KaTeX with
// its CSS and fonts) and examples/ (the presets, the lessons and their experiments). No dependencies.
//
//   node scripts/serve.mjs            # or: npm run serve
//   PORT=0 node scripts/serve.mjs     # any free port; the URL is printed
//
// Only GET and HEAD, only files inside the allowed roots (paths are resolved, then checked; symbolic
// links are followed and the real path must stay inside the root's real path), no directory listings,
// and only requests addressed to this machine by name (Host localhost, 127.0.0.1 or [::1]: a page on
// another site cannot reach the server through DNS rebinding). Also importable: `startServer({port})`
// resolves to {server, url} (tests use it).

import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
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
  ['/node_modules/katex/dist/', join(root, 'node_modules', 'katex', 'dist')],
  ['/examples/', join(root, 'examples')], // the presets (presets.json), the lessons and the experiments they open
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
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/**
 * Maps a request path to a file inside one of the roots, or null when it would leave them.
 * @param {string} pathname the URL's path, still percent-encoded
 * @param {Array<[string, string]>} [roots]
 * @returns {string | null}
 */
export function resolveRequestPath(pathname, roots = ROOTS) {
  return resolveRequest(pathname, roots)?.file ?? null;
}

/** resolveRequestPath's answer with the root it lies in: {file, dir}, or null. */
function resolveRequest(pathname, roots) {
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
    return inside(file, dir) ? { file, dir } : null;
  }
  return null;
}

const inside = (file, dir) => file === dir || file.startsWith(dir + sep);

/**
 * The real path of a file (every symbolic link followed) when it lies inside the real path of its
 * root, else null: a link inside web/ to /etc/passwd is not served. (The root itself may be a link,
 * as node_modules is in a git worktree.)
 */
async function realFileInside(file, dir) {
  try {
    const [real, realDir] = await Promise.all([realpath(file), realpath(dir)]);
    return inside(real, realDir) ? real : null;
  } catch {
    return null; // missing, or a dangling link
  }
}

/** Host names the server answers to: this machine's loopback names (any port). */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether a Host header names this machine: localhost, 127.0.0.1 or [::1], with or without a port.
 * Anything else (a missing header, another name that happens to resolve here) is refused.
 * @param {string|undefined} host
 * @returns {boolean}
 */
export function isLocalHost(host) {
  if (typeof host !== 'string') return false;
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/.exec(host.toLowerCase());
  return Boolean(match) && LOCAL_HOSTS.has(match[1]);
}

/**
 * The port in $PORT: unset → 8080; otherwise a decimal integer 0..65535 written plainly ("0" picks a
 * free port). "", "1e3", "0x2400", " 80" and "080" are refused: a port is typed, not computed.
 * @param {string|undefined} text
 * @returns {number} the port
 * @throws {RangeError} naming the value
 */
export function parsePort(text) {
  if (text === undefined) return 8080;
  if (!/^(0|[1-9][0-9]{0,4})$/.test(text) || Number(text) > 65535) {
    throw new RangeError(`PORT must be a decimal integer 0..65535 (0: any free port), got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

function send(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`${text}\n`);
}

async function handle(req, res, roots, isolated) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    send(res, 405, 'method not allowed');
    return;
  }
  if (!isLocalHost(req.headers.host)) {
    send(res, 403, 'forbidden: this server answers only to localhost, 127.0.0.1 and [::1]');
    return;
  }
  let pathname;
  try {
    ({ pathname } = new URL(req.url, 'http://localhost'));
  } catch {
    send(res, 400, 'bad request');
    return;
  }
  const found = resolveRequest(pathname, roots);
  if (!found) {
    send(res, 403, 'forbidden');
    return;
  }
  const file = await realFileInside(found.file, found.dir);
  let info = null;
  if (file) {
    try {
      info = await stat(file);
    } catch {
      info = null;
    }
  }
  if (!info?.isFile()) {
    send(res, 404, 'not found');
    return;
  }
  res.writeHead(200, {
    'content-type': MIME[extname(found.file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    // Cross-origin isolation (everything is same-origin): browsers then give performance.now() its
    // full precision, which the wall-time axis needs for sub-millisecond runs, and SharedArrayBuffer,
    // which the training worker's threads need (README "Threads").
    ...(isolated && {
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    }),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

/**
 * Starts the server.
 * @param {{port?: number, host?: string, roots?: Array<[string, string]>, isolated?: boolean}} [options]
 *   port 0 picks a free port; roots: URL prefix → directory pairs (default ROOTS; tests serve dist/
 *   with [['/', dir]]); isolated: send the COOP/COEP headers (default true; false serves the page as
 *   a static host without them would, for the tests of its one-thread fallback)
 * @returns {Promise<{server: import('node:http').Server, url: string}>}
 */
export function startServer({ port = 8080, host = '127.0.0.1', roots = ROOTS, isolated = true } = {}) {
  const server = createServer((req, res) => {
    handle(req, res, roots, isolated).catch((error) => {
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
  let port;
  try {
    port = parsePort(process.env.PORT);
  } catch (error) {
    console.error(`serve: ${error.message}`);
    process.exit(2);
  }
  startServer({ port }).then(({ url }) => {
    console.log(`descent playground: ${url}  (Ctrl+C to stop)`);
  }, (error) => {
    console.error(`serve: cannot listen on 127.0.0.1:${port} (${error.code ?? error.message})`);
    process.exit(1);
  });
}
