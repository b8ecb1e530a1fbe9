// The page's playback cursor (web/playback.js) and pre-run cost estimate (web/cost.js): DOM-free, so
// a fake clock drives the animation here.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { AUTO_RUN_MS, answersAtOnce, estimateMs } from '../../web/cost.js';
import { PLAY_SECONDS, Playback, SPEEDS, defaultSpeed, indexAt, stepUpdates } from '../../web/playback.js';

/** A Playback on a hand-driven clock: frame() queues, advance(ms) fires one frame ms later. */
function manual() {
  let t = 0;
  let queued = null;
  let changes = 0;
  const playback = new Playback({
    changed: () => { changes += 1; },
    frame: (fn) => { queued = fn; return 1; },
    cancelFrame: () => { queued = null; },
    now: () => t,
  });
  return {
    playback,
    changes: () => changes,
    advance(ms) {
      t += ms;
      const fn = queued;
      queued = null;
      fn?.(t);
    },
  };
}

test('indexAt finds the last recorded point at or before a position', () => {
  const its = [0, 2, 4, 6, 10];
  assert.equal(indexAt(its, -1), -1);
  assert.equal(indexAt(its, 0), 0);
  assert.equal(indexAt(its, 3.9), 1);
  assert.equal(indexAt(its, 6), 3);
  assert.equal(indexAt(its, 1e9), 4);
  assert.equal(indexAt([], 5), -1);
  assert.equal(indexAt(Float64Array.from([0, 500, 1000]), 999), 1);
});

test('the default speed plays a history in at most about PLAY_SECONDS; the seed experiment in 3.3 s', () => {
  assert.equal(defaultSpeed(1000), 300);
  assert.ok(1000 / defaultSpeed(1000) <= PLAY_SECONDS);
  for (const length of [1, 7, 250, 1e4, 123456, 1e6]) {
    const s = defaultSpeed(length);
    assert.ok(SPEEDS.includes(s));
    assert.ok(length / s <= PLAY_SECONDS || s === SPEEDS.at(-1), `${length} updates at ${s}/s`);
    const slower = SPEEDS[SPEEDS.indexOf(s) - 1];
    if (slower) assert.ok(length / slower > PLAY_SECONDS, `${length}: ${slower}/s would do too`);
  }
});

test('play moves the cursor at the speed from the start to the end, then goes live; pause and seek', () => {
  const { playback, advance } = manual();
  playback.setLength(1000);
  assert.deepEqual(playback.view(), { position: 1000, length: 1000, playing: false, live: true, speed: 300 });
  playback.play();
  assert.equal(playback.position, 0, 'at the end, play starts over');
  advance(100); // 300 updates/s × 0.1 s
  assert.ok(Math.abs(playback.position - 30) < 1e-9);
  playback.pause();
  advance(100);
  assert.ok(Math.abs(playback.position - 30) < 1e-9, 'paused: the cursor stays');
  playback.play({ speed: 1000 });
  advance(200);
  assert.ok(Math.abs(playback.position - 230) < 1e-9, 'play goes on from the cursor');
  advance(1000); // a long frame (a hidden tab) counts as 250 ms at most
  assert.ok(Math.abs(playback.position - 480) < 1e-9);
  advance(250);
  advance(250);
  assert.ok(Math.abs(playback.position - 980) < 1e-9);
  advance(250);
  assert.equal(playback.position, null, 'past the end: live');
  assert.equal(playback.playing, false);
  playback.seek(400);
  assert.equal(playback.at, 400);
  playback.seek(5000);
  assert.equal(playback.position, null);
  playback.seek(-3);
  assert.equal(playback.position, 0);
  assert.throws(() => playback.seek(Number.NaN), /position/);
  assert.throws(() => playback.play({ speed: 0 }), /speed/);
});

test('stepBy moves through the recorded history and stops at the end; a shorter history clamps', () => {
  const { playback } = manual();
  playback.setLength(100);
  playback.seek(0);
  playback.stepBy(10);
  assert.equal(playback.at, 10);
  playback.stepBy(100);
  assert.equal(playback.position, null);
  playback.seek(90);
  playback.setLength(50);
  assert.equal(playback.position, 50);
  playback.clear();
  assert.deepEqual(playback.view(), { position: 0, length: 0, playing: false, live: true, speed: 1 });
});

test('Step sizes: 1, 10, 100 updates, or one epoch of each run in its updates', () => {
  assert.equal(stepUpdates(10, { nTrain: 80, batchRows: 16 }), 10);
  assert.equal(stepUpdates('epoch', { nTrain: 80, batchRows: 16 }), 5);
  assert.equal(stepUpdates('epoch', { nTrain: 80, batchRows: 80 }), 1);
  assert.equal(stepUpdates('epoch', { nTrain: 80, batchRows: 1 }), 80);
  assert.equal(stepUpdates('epoch', { nTrain: 81, batchRows: 16 }), 6);
});

const info = (nTrain, nTest, d, runs) => ({ data: { nTrain, nTest, d }, runs });

test('the cost estimate: the seed experiment answers at once; a 1e6 × 16 full batch does not', () => {
  const seed = info(80, 20, 1, [
    { maxSamples: 80000, maxIterations: 1000, recordEvery: 2 },
    { maxSamples: 1000, maxIterations: 1000, recordEvery: 2 },
    { maxSamples: 16000, maxIterations: 1000, recordEvery: 2 },
  ]);
  assert.ok(estimateMs(seed) < 5, `${estimateMs(seed)} ms`);
  assert.equal(answersAtOnce(seed), true);
  const large = info(800000, 200000, 16, [{ maxSamples: 8e8, maxIterations: 1000, recordEvery: 2 }]);
  assert.ok(estimateMs(large) > 1000, `${estimateMs(large)} ms`);
  assert.equal(answersAtOnce(large), false);
  // SGD, batch 1, a million updates on small data: the updates' own cost counts.
  const updates = info(80, 20, 1, [{ maxSamples: 1e6, maxIterations: 1e6, recordEvery: 2000 }]);
  assert.ok(estimateMs(updates) > AUTO_RUN_MS);
});
