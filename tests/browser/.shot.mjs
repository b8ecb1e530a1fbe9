// ad-hoc screenshots (not a test): node tests/browser/.shot.mjs NAME [experiment-json] [actions]
import { setUp, openPage, waitReady } from './helpers.js';
const [name = 'shot', expJson, action = 'run'] = process.argv.slice(2);
const env = await setUp();
try {
  for (const [tag, size] of [['desk', { width: 1440, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
    const { page, errors } = await openPage(env.browser, env.url, size);
    await waitReady(page);
    if (expJson) { await page.evaluate((e) => window.descent.setExperiment(JSON.parse(e)), expJson); await page.waitForTimeout(800); }
    if (action.includes('run')) { await page.click('#run'); await page.waitForTimeout(action.includes('wait') ? 6000 : 1500); }
    const m = /scroll:(\d+)/.exec(action); if (m) { await page.evaluate((y) => window.scrollTo(0, y), Number(m[1])); await page.waitForTimeout(300); }
    if (action.includes('settle')) { await page.evaluate(() => window.descent.seek(null)); await page.waitForTimeout(300); }
    await page.screenshot({ path: `/tmp/page-shots/${name}-${tag}.png`, fullPage: action.includes('full') });
    if (errors.length) console.log(tag, errors);
    await page.context().close();
  }
} finally { await env.close(); }
