import { setUp, openPage, waitReady } from './helpers.js';
const env = await setUp();
const { page } = await openPage(env.browser, env.url, { width: 1440, height: 900 });
await waitReady(page);
await page.evaluate(() => window.descent.setExperiment({ data: { n: 1000000, d: 16 } }));
await page.waitForFunction(() => /^Ready/.test(document.getElementById('status').textContent), null, { timeout: 60000 });
await page.evaluate(() => { window.__lt = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push(Math.round(e.duration)); }).observe({ type: 'longtask', buffered: false }); });
const client = await page.context().newCDPSession(page);
await client.send('Profiler.enable'); await client.send('Profiler.start');
await page.click('#run');
await page.waitForFunction(() => /^Finished/.test(document.getElementById('status').textContent), null, { timeout: 600000, polling: 500 });
const { profile } = await client.send('Profiler.stop');
console.log('updates', JSON.stringify(await page.evaluate(() => globalThis.__upd.slice(-30))));
console.log('long tasks', await page.evaluate(() => window.__lt));
// self time by function
const self = new Map(); const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas; profile.samples.forEach((id, k) => { const n = byId.get(id); const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; self.set(key, (self.get(key) ?? 0) + (dt[k] ?? 0) / 1000); });
console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(0)} ms  ${k}`).join('\n'));
await env.close();
