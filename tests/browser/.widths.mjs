import { setUp, openPage, waitReady } from './helpers.js';
const env = await setUp();
const { page } = await openPage(env.browser, env.url, { width: 375, height: 800 });
await waitReady(page);
await page.click('#run');
await page.waitForFunction(() => /^Finished/.test(document.getElementById('status').textContent));
console.log(await page.evaluate(() => {
  const t = document.getElementById('run-table'); const box = t.closest('.table-scroll');
  return { box: box.clientWidth, table: t.scrollWidth, cells: [...t.tBodies[0].rows[2].cells].map((c) => [c.textContent, Math.round(c.getBoundingClientRect().width), getComputedStyle(c).display]) , head: [...t.tHead.rows[0].cells].map((c) => [c.textContent, Math.round(c.getBoundingClientRect().width)])};
}));
await page.screenshot({ path: '/tmp/page-shots/w375.png' });
await env.close();
