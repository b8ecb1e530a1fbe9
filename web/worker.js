// worker.js — trains off the main thread. A module worker that owns one Engine (one wasm instance)
// and at most one Session (the experiment being trained).
//
// Protocol (STYLE.md 13): the page posts {id, type, ...args}; the worker replies {id, ...result} or
// {id, error: {name, message, issues?}}. A `run` also streams {id, progress} messages before its
// final reply. Every ArrayBuffer in a reply is transferred, never copied. Types:
//
//   create   {experiment, token?}  → {info} | {cancelled: true}   validate (frees the previous
//                                    session), make the data in chunks, streaming {progress: {data:
//                                    {values, maxValues}}}, then the runs, then solve the closed form
//                                    and compute the Hessian diagnostics in chunks, streaming
//                                    {progress: {solve: {ops, maxOps, what}}}; a `cancel` of its token
//                                    (or a newer create) stops it between chunks. Above BUDGET.ask the
//                                    solve is skipped and info.optimumNote says so (the diagnostics,
//                                    when both together are above: info.diagnosticsNote);
//                                    info.threads is {count, note} (see the `threads` type)
//   run      {token, updates?}     → {state, result?}  train until every run ends, the token is
//                                    cancelled, or (with `updates`, one number or one per run) each
//                                    run made that many updates;
//                                    streams {progress: state}; `result` (as engine.run returns it)
//                                    once every run has ended
//   cancel   {token}               → {}           stop the run (or create) with that token after its
//                                                  current chunk
//   contours {bounds, size}        → {grid, size, bounds} training objective on a grid of (w, b), at
//                                    most size×size (fewer on large data); {stale: true} when the
//                                    session was replaced meanwhile, or a create is still making one
//                                    (run and directions are then refused with ESTATE). For a test
//                                    function, f over (x, y) (Session.functionGrid; bounds still named
//                                    w and b)
//   directions {mode, centre, params?} → {u, v, centre, axes, lambdas?}   a plane through the loss
//                                    surface of any model (web/lib/slice.js): mode "params" (two
//                                    parameters), "curvature" (the Hessian's leading eigenvectors) or
//                                    "random" (filter-normalised); centre {optimum: true}, {run: i}
//                                    or the parameters themselves
//   slice    {centre, u, v, a, b, size} → {grid, size, a, b}   the training objective on that plane,
//                                    a and b the coordinate ranges; sized and sliced as contours
//   regions  {params: [θ…], grid}  → {grids: [Float64Array], size} a network's output (P(y = 1)
//                                    with BCE) on a square grid {x: [min, max, n], y: [min, max, n]}
//                                    of its two input features, for each parameter vector
//                                    (Session.outputGrid; row 0 = lowest y)
//   outputs  {params: [θ…], X}     → {values: [Float64Array]} the model's outputs (Session.predict)
//                                    for rows of its features, per parameter vector (a network's
//                                    fitted curve on 1-D data)
//   export   {experiment, to, stem} → {files}      the experiment as Python (web/lib/export.js):
//                                    [{name, text | bytes}], on its own session of this engine
//   threads  {}                    → {count, note, sharedPasses}   the threads full-batch passes
//                                    are split over (1 where the page is not cross-origin isolated,
//                                    note then saying so), and how many passes were split so far
//   free     {}                    → {}
//
// A state is {runs: [{name, status, iteration, maxIterations, epoch, samples, maxSamples, divergedAt, recordEvery, timeMs,
// params, history, current}]} where samples/maxSamples are the rows evaluated so far and the rows the
// budget implies (both counted by the core), timeMs is the run's compute so far in ms (Session.timeMs), history holds only the points recorded since the previous state of the same session, and
// current ({trainLoss, testLoss} at the current parameters) and metrics ({train, test} as
// Session.metrics gives them) are set in final replies only; snapshots ({iteration, params}: the
// parameters, np a point, at iterations on the history's cadence, for models of more than two
// parameters; else null) hold those taken since the previous state. Next to the
// engine's columns, history has one the worker adds: timeMs, each point's time in ms of that run's
// compute (Session.timeMs), interpolated in iteration between chunk boundaries (walltime.js). The
// engine's columns are never changed, and results (`result`) carry no per-point times.

import { BUDGET, estimateRun, formatEstimate, formatOps } from './lib/budget.js';
import { CHUNK_MS, Engine, FIRST_DATA_VALUES, FIRST_SOLVE_OPS, nextChunk } from './lib/engine.js';
import { DescentError, serializeError } from './lib/errors.js';
import { exportExperiment } from './lib/export.js';
import { validateExperiment } from './lib/experiment.js';
import { sliceDirections, sliceGrid } from './lib/slice.js';
import { MAX_DEFAULT_THREADS, THREADS_BY_DEFAULT, checkThreads, threadsSupported } from './lib/threads.js';
import { interpolateTimes } from './walltime.js';

/**
 * The engine and its threads ({engine, threads: {count, note}}). Where this worker is cross-origin
 * isolated (the page's server sends COOP/COEP, as scripts/serve.mjs does), descent-mt.wasm with the
 * threads the device offers (navigator.hardwareConcurrency, at most MAX_DEFAULT_THREADS; `?threads=N`
 * in the page's address, passed on in this worker's, asks for N), its workers ready before the first
 * session; else descent.wasm on this one thread, and `note` says why (the page shows it). The results
 * have the same bits either way.
 */
async function loadEngine() {
  const asked = new URLSearchParams(self.location.search).get('threads');
  // one thread unless asked (lib/threads.js THREADS_BY_DEFAULT: on 2 cores they do not pay yet)
  const threads = asked === null ? (THREADS_BY_DEFAULT ? Math.max(1, Math.min(MAX_DEFAULT_THREADS, navigator.hardwareConcurrency || 1)) : 1)
    : checkThreads(/^\d+$/.test(asked) ? Number(asked) : asked);
  let note = null; // in English; `reason` is its code and values, which the page writes in its language
  let reason = null;
  if (threads > 1 && threadsSupported()) {
    let engine = null;
    try {
      engine = await Engine.loadThreaded(fetch(new URL('./lib/descent-mt.wasm', import.meta.url)), {
        threads, spawn: () => new Worker(new URL('./lib/threads-worker.js', import.meta.url), { type: 'module' }),
      });
      await engine.threadsReady();
      return { engine, threads: { count: threads, note: null, reason: null } };
    } catch (error) {
      engine?.close();
      reason = { code: 'failed', vars: { workers: threads - 1, reason: error.message } };
      note = `One thread: the ${threads - 1} thread worker${threads > 2 ? 's' : ''} could not start (${error.message}). The numbers are the same; full-batch epochs on large data take longer.`;
    }
  } else if (threads > 1) {
    reason = { code: 'notIsolated', vars: {} };
    note = 'One thread: this page is not cross-origin isolated (its server sends no Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy headers), so its workers cannot share memory. The numbers are the same; full-batch epochs on large data take longer.';
  }
  const engine = await Engine.load(fetch(new URL('./lib/descent.wasm', import.meta.url)));
  return { engine, threads: { count: 1, note, reason } };
}
const setup = loadEngine();
const enginePromise = setup.then(({ engine }) => engine);

/**
 * The worker's state: the live session; per run, how many history points were posted and the chunk
 * boundaries ({iteration, timeMs}) since the last post, the first being where that post ended.
 */
const state = {
  session: null,
  posted: [],
  postedEstimate: [], // per run: running-estimate points posted
  boundaries: [],
  running: null, // {token, session} of the run in progress
  creating: null, // the token of the create in progress
  made: false, // whether `session` is complete: its create replied (its data are made in chunks first)
  cancelled: new Set(),
  snaps: [], // per run: {every, iteration: number[], params: number[]} parameters not yet posted
};

/** Parameter snapshots a run keeps for the page's playback: at most this many, and this many values. */
const MAX_SNAPSHOTS = 500;
const MAX_SNAPSHOT_VALUES = 2e6;

const MAX_PLOT_POINTS = 2000; // data points sent for the scatter plot, per split
const CONTOUR_ROWS = 2e8; // row evaluations one contour grid may cost (about 60 ms)
const MIN_CONTOUR = 16; // the coarsest grid side
const FUNCTION_GRID = 240; // the finest grid side of a test function's landscape
const REGION_GRID = 128; // the finest grid side of a network's decision regions
const OUTPUT_ROWS = 4096; // the most rows one outputs request evaluates

// ---- Reading the session ---------------------------------------------------------------------------

/**
 * The dataset as the charts need it (at most MAX_PLOT_POINTS rows per split): for 1-D inputs the raw x
 * (before feature expansion and standardisation) with the expansion's statistics; else the features
 * themselves when d <= 2.
 */
function plotData(session) {
  const { d } = session;
  const train = session.split('train', MAX_PLOT_POINTS);
  const test = session.split('test', MAX_PLOT_POINTS);
  const space = train.raw ? 'raw' : 'features'; // raw: x before expansion; features: columns of X
  const points = ({ X, y, raw, n }) => {
    if (n === 0 || (!raw && d > 2)) return null;
    return { x: Float64Array.from(raw ?? X), y: Float64Array.from(y) };
  };
  const { mean, scale } = session.featureStats();
  return { nTrain: session.nTrain, nTest: session.nTest, d, space, mean, scale, train: points(train), test: points(test) };
}

/**
 * The training objective and test loss at run i's current parameters (between recorded points,
 * e.g. after a Step or a pause). Costs one pass over the data, so only final states carry it.
 */
function evaluate(session, i) {
  const params = session.params(i);
  return { trainLoss: session.evaluate(params, 'train'), testLoss: session.evaluate(params, 'test') };
}

/**
 * The snapshot cadence of run i: a multiple of its record cadence, so that a snapshot stands where a
 * history point does, with at most MAX_SNAPSHOTS of them; null for models of two parameters (their
 * history has param0 and param1) and models too large to keep.
 */
function snapshotEvery(session, i) {
  const np = session.np;
  const most = Math.min(MAX_SNAPSHOTS, Math.floor(MAX_SNAPSHOT_VALUES / np));
  if (np <= 2 || most < 2) return null;
  const k = session.recordEvery(i);
  const points = Math.ceil(session.progress(i).maxIterations / k);
  return k * Math.max(1, Math.ceil(points / most));
}

/** Notes run i's (iteration, compute ms) as a chunk boundary (after each advance), and its parameters at a snapshot. */
function markBoundary(session, i) {
  const { iteration } = session.progress(i);
  state.boundaries[i].push({ iteration, timeMs: session.timeMs(i) });
  const snaps = state.snaps[i];
  if (snaps?.every && (iteration % snaps.every === 0 || session.status(i) !== 'running') && snaps.last !== iteration) {
    snaps.last = iteration;
    snaps.iteration.push(iteration);
    for (const v of session.params(i)) snaps.params.push(v);
  }
}

/**
 * The state of every run, with the history points recorded since the last call (and their times).
 * @param {boolean} [final] also evaluate the losses at the current parameters
 */
function snapshot(session, final = false) {
  const runs = Array.from({ length: session.runCount }, (_, i) => {
    const p = session.progress(i);
    const history = session.history(i, state.posted[i]);
    const boundaries = state.boundaries[i];
    history.timeMs = interpolateTimes(history.iteration, boundaries);
    // a mini-batch run with a sparse history: its running estimate too (null when it keeps none)
    const estimate = session.estimateEvery(i) ? session.estimate(i, state.postedEstimate[i]) : null;
    if (estimate) estimate.timeMs = interpolateTimes(estimate.iteration, boundaries);
    state.boundaries[i] = [boundaries.at(-1)];
    state.posted[i] = p.points;
    state.postedEstimate[i] = p.estimatePoints;
    const snaps = state.snaps[i];
    const snapshots = snaps?.every ? { iteration: Float64Array.from(snaps.iteration), params: Float64Array.from(snaps.params) } : null;
    if (snaps) {
      snaps.iteration = [];
      snaps.params = [];
    }
    return {
      current: final ? evaluate(session, i) : null,
      name: p.name,
      status: p.status,
      iteration: p.iteration,
      maxIterations: p.maxIterations,
      epoch: p.epoch,
      samples: p.samples,
      maxSamples: p.maxSamples,
      divergedAt: session.divergedAt(i),
      recordEvery: session.recordEvery(i),
      estimateEvery: session.estimateEvery(i),
      timeMs: session.timeMs(i),
      params: session.params(i),
      history,
      estimate,
      snapshots,
      metrics: final ? { train: session.metrics(session.params(i), 'train'), test: session.metrics(session.params(i), 'test') } : null,
    };
  });
  return { runs };
}

/** Every ArrayBuffer under a value (typed arrays in nested objects and arrays), each once. */
function buffersOf(value, out = new Set()) {
  if (ArrayBuffer.isView(value)) out.add(value.buffer);
  else if (Array.isArray(value)) value.forEach((v) => buffersOf(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => buffersOf(v, out));
  return out;
}

function post(message) {
  self.postMessage(message, [...buffersOf(message)]);
}

const yieldToEvents = () => new Promise((resolve) => { setTimeout(resolve, 0); });
const now = () => performance.now();

/**
 * The session the last create made. While a create is still making it (its data come in chunks),
 * requests on it are refused, or, for those whose reply may be stale (contours, slice), answered
 * {stale: true} by their handlers.
 */
function madeSession() {
  if (!state.session) throw new DescentError('no experiment: send "create" first', 'ESTATE');
  if (!state.made) throw new DescentError('the experiment is still being made: wait for the "create" reply', 'ESTATE');
  return state.session;
}

/**
 * Runs step(size) (session.dataStep or session.solveStep) in chunks of about CHUNK_MS from `first`,
 * reporting each unfinished step, and takes messages between chunks: false when a `cancel` of token,
 * or a newer create, stopped it (the session is then freed, unless a newer one replaced it).
 */
async function inChunks(session, token, first, step, report) {
  let size = first;
  for (;;) {
    const t0 = now();
    const p = step(size);
    if (p.done) return true;
    size = nextChunk(size, now() - t0, CHUNK_MS);
    report(p);
    await yieldToEvents();
    if (session !== state.session || state.cancelled.has(token)) {
      if (session === state.session) freeSession();
      return false;
    }
  }
}

/**
 * The side of a loss grid: at most `size`, fewer where a point is dear. A point costs a pass over the
 * training rows, each `perRow` two-parameter rows' work (a network: about 3·np/2): CONTOUR_ROWS such rows
 * per grid, but never under MIN_CONTOUR a side.
 */
function gridSide(session, size, perRow = 1) {
  const affordable = Math.floor(Math.sqrt(CONTOUR_ROWS / Math.max(1, session.nTrain * perRow)));
  return Math.max(2, Math.min(200, Math.floor(size), Math.max(MIN_CONTOUR, affordable)));
}

/**
 * A pause for long grid and Hessian work: after CHUNK_MS of work it yields to the worker's messages, then
 * says whether the session is still the current one (false abandons the work).
 */
function pacer(session) {
  let since = now();
  return async () => {
    if (now() - since <= CHUNK_MS) return true;
    await yieldToEvents();
    since = now();
    return session === state.session;
  };
}

function freeSession() {
  state.session?.free();
  state.session = null;
  state.made = false;
  state.posted = [];
  state.postedEstimate = [];
  state.boundaries = [];
  state.snaps = [];
}

// ---- Handlers ---------------------------------------------------------------------------------------

const handlers = {
  async create({ experiment, token = null }, progress) {
    const engine = await enginePromise;
    freeSession(); // a run still looping on the old session notices and stops
    const { solveOps, diagnosticsOps } = estimateRun(validateExperiment(experiment));
    const skip = solveOps > BUDGET.ask; // then the solve is never stepped (free() releases it)
    // the Hessian diagnostics come after the closed form, when both fit in BUDGET.ask
    const diagnostics = !skip && solveOps + diagnosticsOps <= BUDGET.ask;
    const session = engine.createSession(experiment, { data: 'steps', optimum: 'steps', diagnostics });
    state.session = session;
    state.creating = token;
    const notHere = (what, ops) => `not computed in the page: ${what} estimated at ${formatOps(ops)} operations (${formatEstimate(ops / BUDGET.opsPerSecond)}); descent run computes it`;
    try {
      // the data, then the solve, in chunks of about CHUNK_MS: a cancel (or a newer create) is taken
      // between them
      const made = await inChunks(session, token, FIRST_DATA_VALUES, (size) => session.dataStep(size),
        ({ values, maxValues }) => progress({ data: { values, maxValues } }));
      if (!made) return { cancelled: true };
      if (!diagnostics && diagnosticsOps > 0) session.diagnosticsNote = notHere('with the closed form, the Hessian is', solveOps + diagnosticsOps);
      if (skip) {
        session.optimumNote = notHere('the closed form is', solveOps);
      } else {
        const solved = await inChunks(session, token, FIRST_SOLVE_OPS, (size) => session.solveStep(size),
          ({ ops, maxOps, what }) => progress({ solve: { ops, maxOps, what } }));
        if (!solved) return { cancelled: true };
      }
    } catch (error) { // a step failed (the session freed itself): no half-made session stays
      if (session === state.session) freeSession();
      throw error;
    } finally {
      if (state.creating === token) state.creating = null;
      state.cancelled.delete(token);
    }
    state.posted = new Array(session.runCount).fill(0);
    state.postedEstimate = new Array(session.runCount).fill(0);
    state.boundaries = Array.from({ length: session.runCount }, () => []);
    state.snaps = Array.from({ length: session.runCount }, (_, i) => ({ every: snapshotEvery(session, i), iteration: [], params: [], last: -1 }));
    for (let i = 0; i < session.runCount; i += 1) markBoundary(session, i); // (0, 0): point 0's time and parameters
    const first = snapshot(session);
    state.made = true;
    return {
      info: {
        experiment: session.experiment,
        data: plotData(session),
        optimum: session.optimum,
        optimumNote: session.optimumNote ?? null,
        diagnostics: session.diagnostics,
        diagnosticsNote: session.diagnosticsNote ?? null,
        simd: engine.simd,
        threads: (await setup).threads,
        ...first,
      },
    };
  },

  async run({ token, updates = null, chunkMs = CHUNK_MS }, progress) {
    const session = madeSession();
    // A run of a replaced session is ending (it stops at its next turn): only one of this session's counts.
    if (state.running?.session === session) throw new DescentError('a run is already in progress', 'ESTATE');
    const running = { token, session };
    state.running = running;
    try {
      const stopEvery = state.snaps.map((s) => s?.every ?? Number.MAX_SAFE_INTEGER);
      const loop = session.loop({ chunkMs, updates, stopEvery });
      const live = () => session === state.session && !state.cancelled.has(token);
      let lastPost = now();
      while (!loop.done && live()) {
        // Rounds until a chunk's time has passed: chunks cut at snapshots may be short, and each
        // yield costs a timer's delay (4 ms once timers nest).
        const start = now();
        do loop.round((i) => markBoundary(session, i));
        while (!loop.done && now() - start < chunkMs);
        if (!loop.done && now() - lastPost > 40) {
          progress(snapshot(session));
          lastPost = now();
        }
        if (!loop.done) await yieldToEvents(); // lets `cancel` (and `create`) messages in
      }
      if (session !== state.session) return { cancelled: true, state: null };
      const final = snapshot(session, true);
      const ended = final.runs.every((r) => r.status !== 'running');
      return {
        cancelled: state.cancelled.has(token),
        state: final,
        result: ended ? session.result() : null,
      };
    } finally {
      if (state.running === running) state.running = null;
      state.cancelled.delete(token);
    }
  },

  cancel({ token }) {
    if (state.running?.token === token || (token !== null && state.creating === token)) state.cancelled.add(token);
    return {};
  },

  /**
   * The grid is at most `size` a side, fewer where the data are large: one grid costs at most
   * CONTOUR_ROWS row evaluations (a 64² grid over 800,000 rows took 1–2.6 s, the whole of "Preparing
   * the data…" at n = 1e6). It is computed in slices between which the worker takes messages, and
   * abandoned (reply {stale: true}) when the session it was asked for has been replaced.
   */
  async contours({ bounds, size }) {
    if (state.session && !state.made) return { stale: true };
    const session = madeSession();
    if (session.experiment.model.kind === 'function') {
      // f is cheap (no data): one call of the core for the whole grid
      const side = Math.max(2, Math.min(FUNCTION_GRID, Math.floor(size)));
      const { values } = session.functionGrid({ x: [bounds.w[0], bounds.w[1], side], y: [bounds.b[0], bounds.b[1], side] });
      return { grid: values, size: side, bounds };
    }
    if (session.np !== 2) throw new DescentError('contours need exactly 2 parameters (1 feature and the bias)', 'ESTATE');
    // the (w, b) plane itself: centre 0, u = e_w, v = e_b (the same values as evaluating (w, b) directly)
    const side = gridSide(session, size);
    const grid = await sliceGrid(session, { centre: [0, 0], u: [1, 0], v: [0, 1], a: bounds.w, b: bounds.b, side, pause: pacer(session) });
    return grid ? { grid, size: side, bounds } : { stale: true };
  },

  async directions({ mode, centre, params }) {
    const session = madeSession();
    let c = centre;
    if (centre?.optimum) {
      if (!session.optimum) throw new DescentError(`slice.centre: no optimum to centre on (${session.optimumNote ?? 'none'})`);
      c = session.optimum.params.flat;
    } else if (centre && Number.isInteger(centre.run)) {
      if (centre.run < 0 || centre.run >= session.runCount) throw new DescentError(`slice.centre.run: must be an integer in 0..${session.runCount - 1}, got ${centre.run}`);
      c = session.params(centre.run);
    }
    // the Hessian-vector products in slices between which the worker takes messages
    const out = await sliceDirections(session, { mode, centre: c ?? [], params }, pacer(session));
    return out ? { ...out, centre: Float64Array.from(c) } : { stale: true };
  },

  async slice({ centre, u, v, a, b, size }) {
    if (state.session && !state.made) return { stale: true };
    const session = madeSession();
    const side = gridSide(session, size, session.np * (session.experiment.model.kind === 'mlp' ? 3 : 1) / 2);
    const grid = await sliceGrid(session, { centre, u, v, a, b, side, pause: pacer(session) });
    return grid ? { grid, size: side, a, b } : { stale: true };
  },

  /** A network's decision regions: its output over a grid of its two input features, per parameter vector. */
  regions({ params, grid }) {
    const session = madeSession();
    const side = grid.x[2];
    if (!(Number.isInteger(side) && side >= 2 && side <= REGION_GRID && grid.y[2] === side)) throw new DescentError(`regions: the grid must be square, 2..${REGION_GRID} points a side, got ${grid.x[2]} × ${grid.y[2]}`);
    const grids = params.map((p) => session.outputGrid(p, grid).values);
    return { grids, size: side };
  },

  /** A model's outputs for rows of its features, per parameter vector (a network's fitted curve). */
  outputs({ params, X }) {
    const session = madeSession();
    if (!(X?.length <= OUTPUT_ROWS * session.d)) throw new DescentError(`outputs: at most ${OUTPUT_ROWS} rows, got ${X?.length / session.d}`);
    return { values: params.map((p) => session.predict(p, X)) };
  },

  async export({ experiment, to, stem }) {
    const engine = await enginePromise;
    return exportExperiment(engine, experiment, { to, stem });
  },

  /** The threads full-batch passes are split over: {count, note, sharedPasses} (see loadEngine). */
  async threads() {
    const { engine, threads } = await setup;
    return { ...threads, sharedPasses: engine.sharedPasses };
  },

  free() {
    freeSession();
    return {};
  },
};

self.addEventListener('message', async ({ data }) => {
  const { id, type, ...args } = data ?? {};
  try {
    const handler = Object.hasOwn(handlers, type) ? handlers[type] : null;
    if (!handler) throw new DescentError(`unknown message type ${JSON.stringify(type)}`);
    const reply = await handler(args, (progress) => post({ id, progress }));
    post({ id, ...reply });
  } catch (error) {
    self.postMessage({ id, error: serializeError(error) });
  }
});
