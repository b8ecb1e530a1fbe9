// scripts/serve.mjs: MIME types, the import-map roots, and no way out of the allowed roots.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';

import { resolveRequestPath, startServer } from '../../scripts/serve.mjs';

let server;
let base;

before(async () => { ({ server, url: base } = await startServer({ port: 0 })); });
after(() => new Promise((resolve) => { server.close(resolve); }));

/** A raw GET (no client-side path normalisation, so traversal attempts reach the server as written). */
function get(path, method = 'GET') {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serves the page, its modules, the wasm and the import-map packages with the right MIME types', async () => {
  const cases = [
    ['/', 'text/html; charset=utf-8'],
    ['/index.html', 'text/html; charset=utf-8'],
    ['/app.js', 'text/javascript; charset=utf-8'],
    ['/style.css', 'text/css; charset=utf-8'],
    ['/lib/engine.js', 'text/javascript; charset=utf-8'],
    ['/lib/descent.wasm', 'application/wasm'],
    ['/node_modules/chart.js/dist/chart.js', 'text/javascript; charset=utf-8'],
    ['/node_modules/chart.js/dist/chunks/helpers.dataset.js', null],
    ['/node_modules/@kurkle/color/dist/color.esm.js', 'text/javascript; charset=utf-8'],
  ];
  for (const [path, type] of cases) {
    const res = await get(path);
    if (type === null) continue; // chunk names change between Chart.js releases
    assert.equal(res.status, 200, path);
    assert.equal(res.type, type, path);
  }
  const wasm = await get('/lib/descent.wasm');
  assert.deepEqual([...wasm.body.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d]);
  assert.equal((await get('/lib/descent.wasm', 'HEAD')).body.length, 0);
});

test('refuses paths that leave the allowed roots, and other methods', async () => {
  for (const path of [
    '/../package.json', '/..%2fpackage.json', '/%2e%2e/%2e%2e/etc/passwd', '/lib/..%2f..%2fpackage.json',
    '/node_modules/chart.js/..%2f..%2fpackage.json', '/node_modules/chart.js/%2e%2e/%2e%2e/package.json',
    '/%00', '/lib%5c..%5c..%5cpackage.json', '/%E0%A4%A',
  ]) {
    const res = await get(path);
    assert.ok(res.status === 403 || res.status === 404, `${path} → ${res.status}`);
    assert.doesNotMatch(res.body.toString(), /"name": "descent"|root:/, path);
  }
  assert.equal((await get('/node_modules/playwright-core/package.json')).status, 404); // not an allowed root
  assert.equal((await get('/missing.js')).status, 404);
  assert.equal((await get('/', 'POST')).status, 405);
});

test('resolveRequestPath keeps every path inside its root', () => {
  const roots = [['/pkg/', '/srv/pkg'], ['/', '/srv/web']];
  assert.equal(resolveRequestPath('/a/b.js', roots), '/srv/web/a/b.js');
  assert.equal(resolveRequestPath('/', roots), '/srv/web/index.html');
  assert.equal(resolveRequestPath('/pkg/x.js', roots), '/srv/pkg/x.js');
  assert.equal(resolveRequestPath('/pkg/../web/x', roots), null);
  assert.equal(resolveRequestPath('/%2e%2e/x', roots), null);
  assert.equal(resolveRequestPath('/%zz', roots), null);
});
