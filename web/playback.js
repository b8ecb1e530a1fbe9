// playback.js — the cursor that moves across every chart: a position in iterations (parameter
// updates) over the recorded history, played at a chosen speed, paused, scrubbed, stepped.
//
//   position null ──── "live": the charts show everything recorded (while training: the newest)
//   position p ──────── each run shows its last recorded point at or before iteration p
//
// The logic is DOM-free (tests/node/playback.test.js imports it); the animation asks for frames
// through the `frame` hook (requestAnimationFrame in the page).

/** Playback speeds offered, in updates per second. */
export const SPEEDS = Object.freeze([1, 3, 10, 30, 100, 300, 1000, 3000, 1e4, 3e4, 1e5, 3e5, 1e6]);
/** How long a whole history takes to play at the default speed, about (s). */
export const PLAY_SECONDS = 4;

/**
 * The default speed for a history of `length` updates: the slowest offered speed at which it takes
 * at most about PLAY_SECONDS (the seed experiment's 1,000 updates: 300/s, 3.3 s).
 * @param {number} length @returns {number}
 */
export function defaultSpeed(length) {
  const want = length / PLAY_SECONDS;
  return SPEEDS.find((s) => s >= want) ?? SPEEDS.at(-1);
}

/**
 * The index of the last value <= x in a non-decreasing column (−1 when there is none).
 * @param {ArrayLike<number>} column @param {number} x @returns {number}
 */
export function indexAt(column, x) {
  let lo = 0;
  let hi = column.length - 1;
  if (hi < 0 || !(column[0] <= x)) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (column[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The updates one Step stands for: 1, 10, 100, or 'epoch' (each run's own epoch, in its updates).
 * @param {number|'epoch'} amount @param {{nTrain: number, batchRows: number}} run
 * @returns {number}
 */
export function stepUpdates(amount, { nTrain, batchRows }) {
  if (amount === 'epoch') return Math.max(1, Math.ceil(nTrain / batchRows));
  return amount;
}

/** The playback state and its clock. */
export class Playback {
  /**
   * @param {{changed: () => void, frame?: (fn: (ms: number) => void) => number,
   *   cancelFrame?: (id: number) => void, now?: () => number}} hooks changed: the position, the
   *   length or playing changed (redraw)
   */
  constructor({ changed, frame = (fn) => requestAnimationFrame(fn), cancelFrame = (id) => cancelAnimationFrame(id), now = () => performance.now() }) {
    this.changed = changed;
    this.frame = frame;
    this.cancelFrame = cancelFrame;
    this.now = now;
    this.position = null; // null: live (the end of what is recorded)
    this.length = 0; // the last recorded iteration of the longest run
    this.speed = null; // updates per second; null: defaultSpeed(length)
    this.playing = false;
    this.timer = 0;
    this.last = 0;
  }

  /** The speed in use (updates per second). */
  get rate() {
    return this.speed ?? defaultSpeed(this.length);
  }

  /** Where the cursor stands: the position, or the end when live. */
  get at() {
    return this.position ?? this.length;
  }

  /**
   * The recorded history now ends at iteration `length` (more was trained, or a new session).
   * @param {number} length
   * @param {{quiet?: boolean}} [options] quiet: the caller redraws (training progress, throttled);
   *   `changed` is still told, with {redraw: false}
   */
  setLength(length, { quiet = false } = {}) {
    if (length === this.length) return;
    this.length = length;
    if (this.position !== null && this.position > length) this.position = length;
    this.changed({ redraw: !quiet });
  }

  /** Back to live, stopped (a new session). */
  clear() {
    this.stopClock();
    this.playing = false;
    this.position = null;
    this.length = 0;
    this.changed();
  }

  /**
   * Plays from the cursor (from the start when it stands at the end).
   * @param {{speed?: number|null}} [options] speed in updates per second (null: the default)
   */
  play({ speed } = {}) {
    if (speed !== undefined) {
      if (speed !== null && !(typeof speed === 'number' && speed > 0 && Number.isFinite(speed))) throw new RangeError(`speed: must be a number > 0 (updates per second) or null, got ${speed}`);
      this.speed = speed;
    }
    if (this.length <= 0) return;
    if (this.position === null || this.position >= this.length) this.position = 0;
    this.playing = true;
    this.last = this.now();
    this.stopClock();
    this.timer = this.frame((t) => this.tick(t));
    this.changed();
  }

  /** Stops the clock where it is. */
  pause() {
    const was = this.playing;
    this.stopClock();
    this.playing = false;
    if (was) this.changed();
  }

  /**
   * Moves the cursor (from 0; null, or a position at or past the end: live).
   * @param {number|null} position in iterations
   */
  seek(position) {
    if (position !== null && !(typeof position === 'number' && !Number.isNaN(position))) throw new RangeError(`position: must be a number of iterations or null, got ${position}`);
    this.position = position === null || position >= this.length ? null : Math.max(0, position);
    this.changed();
  }

  /** Moves the cursor forward by `updates` (stops at the end: live). */
  stepBy(updates) {
    const to = this.at + updates;
    this.seek(to >= this.length ? null : to);
  }

  stopClock() {
    if (this.timer) this.cancelFrame(this.timer);
    this.timer = 0;
  }

  tick(t) {
    this.timer = 0;
    if (!this.playing) return;
    const dt = Math.max(0, Math.min(250, t - this.last)); // a hidden tab does not jump ahead
    this.last = t;
    const next = this.at + (this.rate * dt) / 1000;
    if (next >= this.length) {
      this.position = null;
      this.playing = false;
    } else {
      this.position = next;
      this.timer = this.frame((u) => this.tick(u));
    }
    this.changed();
  }

  /** What window.descent.view() reports. */
  view() {
    return { position: this.at, length: this.length, playing: this.playing, live: this.position === null, speed: this.rate };
  }
}
