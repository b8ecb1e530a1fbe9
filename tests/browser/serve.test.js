// scripts/serve.mjs: MIME types, the import-map roots, and no way out of the allowed roots.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { isLocalHost, parsePort, resolveRequestPath, startServer } from '../../scripts/serve.mjs';

let server;
let base;

before(async () => { ({ server, url: base } = await startServer({ port: 0 })); });
after(() => new Promise((resolve) => { server.close(resolve); }));

/** A raw GET (no client-side path normalisation, so traversal attempts reach the server as written). */
function get(path, method = 'GET', { url = base, headers } = {}) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method, headers }, (res) => {
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

test('a symbolic link out of the root is not served; one inside it is', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'descent-serve-'));
  const web = join(dir, 'web');
  mkdirSync(web);
  writeFileSync(join(dir, 'secret.txt'), 'secret');
  writeFileSync(join(web, 'page.txt'), 'page');
  symlinkSync('/etc/passwd', join(web, 'passwd.txt'));
  symlinkSync(join(dir, 'secret.txt'), join(web, 'secret.txt'));
  mkdirSync(join(web, 'sub'));
  symlinkSync(dir, join(web, 'sub', 'up'));
  symlinkSync(join(web, 'page.txt'), join(web, 'alias.txt'));
  const started = await startServer({ port: 0, roots: [['/', web]] });
  try {
    const at = (path) => get(path, 'GET', { url: started.url });
    for (const path of ['/passwd.txt', '/secret.txt', '/sub/up/secret.txt']) {
      const res = await at(path);
      assert.ok(res.status === 403 || res.status === 404, `${path} → ${res.status}`);
      assert.doesNotMatch(res.body.toString(), /root:|secret/, path);
    }
    assert.equal((await at('/page.txt')).body.toString(), 'page');
    assert.equal((await at('/alias.txt')).body.toString(), 'page', 'a link that stays inside the root is fine');
  } finally {
    started.server.closeAllConnections();
    await new Promise((resolve) => { started.server.close(resolve); });
  }
});

test('only requests addressed to localhost, 127.0.0.1 or [::1] are answered (no DNS rebinding)', async () => {
  const { port } = new URL(base);
  for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, 'LOCALHOST', `[::1]:${port}`]) {
    assert.equal((await get('/', 'GET', { headers: { host } })).status, 200, host);
  }
  for (const host of [`evil.example:${port}`, 'evil.example', `localhost.evil.example:${port}`, '127.0.0.1.nip.io', '0.0.0.0']) {
    const res = await get('/', 'GET', { headers: { host } });
    assert.equal(res.status, 403, host);
    assert.doesNotMatch(res.body.toString(), /<html/i, host);
  }
  assert.equal(isLocalHost(undefined), false);
  assert.equal(isLocalHost('127.0.0.1:8080'), true);
  assert.equal(isLocalHost('127.0.0.2'), false);
});

test('PORT is a plain decimal integer 0..65535; anything else stops the server with exit status 2', () => {
  assert.equal(parsePort(undefined), 8080);
  assert.equal(parsePort('0'), 0);
  assert.equal(parsePort('8081'), 8081);
  assert.equal(parsePort('65535'), 65535);
  for (const bad of ['', ' ', '1e3', '0x2400', '08080', '65536', '-1', '80.0', ' 80', '８０']) {
    assert.throws(() => parsePort(bad), /PORT must be a decimal integer 0\.\.65535/, JSON.stringify(bad));
  }
  const script = fileURLToPath(new URL('../../scripts/serve.mjs', import.meta.url));
  for (const PORT of ['', '1e3', '0x2400']) {
    const r = spawnSync(process.execPath, [script], { env: { ...process.env, PORT }, encoding: 'utf8', timeout: 10000 });
    assert.equal(r.status, 2, `PORT=${JSON.stringify(PORT)}: ${r.stderr}`);
    assert.match(r.stderr, /PORT must be a decimal integer/);
  }
});
