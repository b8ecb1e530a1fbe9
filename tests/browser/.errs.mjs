import { setUp, openPage } from './helpers.js';
const env = await setUp();
const { page, errors } = await openPage(env.browser, env.url, { width: 1440, height: 900 });
await page.waitForTimeout(3000);
console.log(errors, await page.textContent('#status'));
await env.close();
