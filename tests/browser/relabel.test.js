// A change of language rewrites what the charts, the notes, the lessons gallery and the preset menu
// wrote, in place (nothing reloads): every piece read below changes to Chinese, and switching back
// gives the English text exactly as before.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { openPage, setUp, waitReady } from './helpers.js';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

/** What several modules wrote, read from the page. */
function read(page) {
  return page.evaluate(async () => {
    const { Chart } = await import('chart.js');
    const chart = (id) => Chart.getChart(document.getElementById(id));
    const loss = chart('loss-chart');
    return {
      lossX: loss.options.scales.x.title.text,
      lossY: loss.options.scales.y.title.text,
      lossLegend: loss.data.datasets.filter((d) => d.run === undefined).map((d) => d.label).join('|'),
      testLabel: loss.data.datasets.find((d) => d.column === 'testLoss').label,
      lrY: chart('lr-chart').options.scales.y.title.text,
      contourX: chart('contour-chart').options.scales.x.title.text,
      dataPoints: chart('data-chart').data.datasets.filter((d) => d.fit === undefined).map((d) => d.label).join('|'),
      tuneY: chart('tune-scatter').options.scales.y.title.text,
      diagnostics: document.getElementById('diagnostics-note').textContent,
      colorbar: document.querySelector('#contour-key .colorbar-title').textContent,
      lessons: document.getElementById('lessons-count').textContent,
      preset: document.querySelector('#preset option[value="0"]').textContent,
      tuneIntro: document.getElementById('tune-intro').textContent,
    };
  });
}

test('switching to Chinese rewrites every chart label and note in place; switching back restores the English', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await page.waitForFunction(() => !document.getElementById('preset').disabled && /\d/.test(document.getElementById('lessons-count').textContent));
  await page.click('#run');
  await page.waitForFunction(() => /^training\.finished/.test(document.getElementById('status').dataset.key ?? ''), null, { timeout: 60000 });
  const en = await read(page);
  assert.equal(en.lossX, 'iterations');
  assert.equal(en.lossLegend, 'closed-form optimum|diverged');
  assert.equal(en.testLabel, 'batch GD (test)');
  await page.evaluate(() => window.descent.setLanguage('zh'));
  const zh = await read(page);
  for (const [key, value] of Object.entries(zh)) {
    assert.notEqual(value, en[key], `${key} changed`);
    assert.match(value, /[\u4e00-\u9fff]/, `${key} in Chinese: ${value}`);
  }
  assert.equal(zh.testLabel, 'batch GD（测试）', 'a run name stays as the experiment gives it');
  await page.evaluate(() => window.descent.setLanguage('en'));
  assert.deepEqual(await read(page), en);
  assert.deepEqual(errors, []);
});
