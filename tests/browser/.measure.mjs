import { setUp, openPage, waitReady } from './helpers.js';
const env = await setUp();
const { page } = await openPage(env.browser, env.url, { width: 1440, height: 900 });
await waitReady(page);
if (process.argv[2]) { await page.fill('#f-data-d', process.argv[2]); await page.press('#f-data-d', 'Tab'); await waitReady(page); }
for (let k = 0; k < 2; k++) {
  await page.fill('#f-data-n', k ? '1000001' : '1000000');
  const t0 = Date.now();
  await page.press('#f-data-n', 'Tab');
  await page.waitForFunction(() => /^Preparing/.test(document.getElementById('status').textContent));
  const t1 = Date.now();
  await waitReady(page);
  console.log('to Preparing', t1 - t0, 'Preparing→Ready', Date.now() - t1);
}
await page.tracing?.stop?.().catch(()=>{});
await env.close();
