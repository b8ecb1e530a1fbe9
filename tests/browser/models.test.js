// Test functions and networks in the playground: the core and library train them (the page's views
// for them come later). Until then the page must train them to the very numbers Node computes and say
// plainly what it does not draw yet — never crash.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { run as runInNode } from '../../web/lib/index.js';
import { fragmentFor, lossSeries, openPage, runToEnd, setUp, waitReady } from './helpers.js';

let env;

before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

const EXPERIMENTS = {
  'a test function': {
    experiment: { model: { kind: 'function', function: 'rosenbrock' }, init: { params: [-1.5, 2] }, runs: [{ name: 'Adam', optimizer: { kind: 'adam', lr: 0.05 }, iterations: 400 }, { name: 'GD', optimizer: { kind: 'sgd', lr: 0.001 }, iterations: 400 }] },
    note: /landscape of a test function is not drawn yet/,
    optimum: /Global minimum: f = 0 at \(1, 1\)/,
  },
  'a network on moons': {
    experiment: { data: { kind: 'moons', n: 120 }, model: { hidden: [6] }, runs: [{ name: 'Adam', optimizer: { kind: 'adam', lr: 0.02 }, iterations: 150 }] },
    note: /network's fit and decision regions are not drawn yet/,
    optimum: /no closed form for a network/,
  },
  'a network on sine data (1-D inputs)': {
    experiment: { data: { kind: 'sine', degree: 1 }, model: { kind: 'mlp', hidden: [8], activation: 'relu' }, runs: [{ name: 'Adam', optimizer: { kind: 'adam', lr: 0.02 }, iterations: 150 }] },
    note: /network's fit and decision regions are not drawn yet/,
    optimum: /no closed form for a network/,
  },
};

for (const [what, { experiment, note, optimum }] of Object.entries(EXPERIMENTS)) {
  test(`${what}: the page trains it to Node's numbers, says what it does not draw yet, and logs no error`, async () => {
    const { page, errors } = await openPage(env.browser, `${env.url}${fragmentFor(JSON.stringify(experiment))}`);
    try {
      await waitReady(page);
      await runToEnd(page);
      const texts = await page.evaluate(() => ['data-note', 'contour-note', 'optimum-note'].map((id) => document.getElementById(id).textContent));
      assert.match(texts[0], note);
      assert.match(texts[1], note);
      assert.match(texts[2], optimum);
      const node = await runInNode(experiment);
      for (const s of (await lossSeries(page)).filter((x) => x.column === 'trainLoss')) {
        assert.ok(Object.is(s.last, node.runs[s.run].history.trainLoss.at(-1)), `${s.label}: page ${s.last}, node ${node.runs[s.run].history.trainLoss.at(-1)}`);
      }
      assert.deepEqual(errors, []);
    } finally {
      await page.context().close();
    }
  });
}
