// export-rules.js — descent's training rules written in Python, shared by every backend: the PCG32
// random stream and the shuffle (core/src/rng.c), which rows each update sees, the update budget and
// the record cadence (core/src/train.c, web/lib/counting.js), and the stopping checks. The PyTorch
// and NumPy loops call these; only the gradient and the optimizer step differ between them.
//
// Each mirrors one C function named in its docstring; tests/node/export.test.js runs the exported
// scripts and compares every history with the core's, so a rule that drifted would fail there.

import { STREAM } from './abi.js';

/** PCG32 and the Fisher–Yates shuffle, as core/src/rng.c draws them. */
export function randomSection() {
  return {
    title: 'descent\'s random streams',
    about: `descent draws every random number from PCG32 streams derived from the experiment's seed
(core/src/rng.c): stream ${STREAM.data} for the data (and the validation split of a search), ${STREAM.shuffle} for the order of
mini-batches. These few lines reproduce the stream bit for bit, so a shuffled run visits the same rows
in the same order as in descent.`,
    code: String.raw`
MASK64 = (1 << 64) - 1
DATA_STREAM, SHUFFLE_STREAM = ${STREAM.data}, ${STREAM.shuffle}  # dsc_stream in core/include/descent.h


def splitmix64(x):
    """The first output of splitmix64 for state x: spreads nearby seeds over 64 bits."""
    z = (x + 0x9E3779B97F4A7C15) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


class PCG32:
    """PCG32 (O'Neill, pcg-random.org) exactly as descent's dsc_rng_stream(seed, stream)."""

    def __init__(self, seed, stream):
        self.state = 0
        self.inc = ((stream << 1) | 1) & MASK64
        self.next_u32()
        self.state = (self.state + splitmix64(seed)) & MASK64
        self.next_u32()

    def next_u32(self):
        """32 random bits: the XSH-RR output of the old state, then one LCG step."""
        old = self.state
        self.state = (old * 6364136223846793005 + self.inc) & MASK64
        xorshifted = (((old >> 18) ^ old) >> 27) & 0xFFFFFFFF
        rot = old >> 59
        return ((xorshifted >> rot) | (xorshifted << ((-rot) & 31))) & 0xFFFFFFFF

    def below(self, bound):
        """An integer uniform in [0, bound), without modulo bias (pcg32_boundedrand_r)."""
        threshold = (1 << 32) % bound
        while True:
            r = self.next_u32()
            if r >= threshold:
                return r % bound


def shuffled_rows(rng, n):
    """A random order of the rows 0..n-1: Fisher-Yates from the last row down (dsc_rng_shuffle)."""
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = rng.below(i + 1)
        order[i], order[j] = order[j], order[i]
    return np.array(order)`,
  };
}

/** Batches, budget, record cadence, stopping checks (core/src/train.c). */
export function rulesSection() {
  return {
    title: 'descent\'s training rules',
    about: `How descent schedules the work of a run (core/src/train.c): an update is one optimizer step on
one batch; an epoch is one pass over the training rows, ⌈n/B⌉ updates with the last batch smaller (a
DataLoader with \`drop_last=False\`); shuffled runs draw a fresh order at the start of every epoch. The
budget is \`iterations\` updates and/or the first update that completes \`epochs\`, the history records
every \`record_every\` updates, and a run stops early when its objective diverges (above
\`diverge_factor\` × the initial objective, or not finite), reaches \`target_loss\`, or improves by
less than \`tolerance\` (relative) between evaluations.`,
    code: String.raw`
HISTORY_COLUMNS = ("iteration", "epoch", "samples", "lr", "trainLoss", "testLoss")


class Batches:
    """The rows of each update: all rows in order for full batch; otherwise consecutive slices of
    the epoch's order (the rows in order, or shuffled at the start of every epoch)."""

    def __init__(self, n, batch_size, shuffle, seed):
        self.n, self.batch_size = n, batch_size
        self.rng = PCG32(seed, SHUFFLE_STREAM) if shuffle and batch_size < n else None
        self.order = np.arange(n)
        self.position = 0  # rows of the current epoch already used

    def next(self):
        """The row indices of the next batch, and whether it completes the epoch."""
        if self.position == 0 and self.rng is not None:
            self.order = shuffled_rows(self.rng, self.n)
        start, end = self.position, min(self.position + self.batch_size, self.n)
        self.position = end % self.n
        return self.order[start:end], end == self.n


def samples_after(k, n, batch_size):
    """Rows used by k updates: every epoch is ceil(n/B) batches, the last one smaller."""
    per_epoch = -(-n // batch_size)
    return (k // per_epoch) * n + (k % per_epoch) * batch_size


def update_budget(iterations, epochs, n, batch_size):
    """Updates a run makes: its iterations, or the first update after which samples/n >= epochs,
    whichever comes first (train.c resolve_budget)."""
    budget = iterations if iterations is not None else math.inf
    if epochs is not None:
        per_epoch = -(-n // batch_size)
        whole = math.floor(epochs)
        k = max(1, whole * per_epoch + math.ceil((epochs - whole) * n / batch_size))
        while k > 1 and samples_after(k - 1, n, batch_size) / n >= epochs:
            k -= 1
        while samples_after(k, n, batch_size) / n < epochs:
            k += 1
        budget = min(budget, k)
    return int(budget)


def schedule_length(budget, n, batch_size, per):
    """A run's length in schedule steps (train.c dsc_run_create): its updates per "iteration";
    per "epoch" the epochs its updates start, ceil(updates / ceil(n/B))."""
    if per == "iteration":
        return budget
    return -(-budget // -(-n // batch_size))


def resolved_schedule(schedule, lr, length):
    """The schedule with descent's defaults written in, as torch's classes need them (sched.c
    dsc_sched_init): T_max None (cosine) and total_steps None (one_cycle) are the steps to the next
    milestone of a sequential, or to the end of the run (at least 1); max_lr None (one_cycle) and
    base_lr None (cyclic) are the optimizer's lr."""
    schedule = copy.deepcopy(schedule)
    sequential = schedule["kind"] == "sequential"
    parts = schedule["schedulers"] if sequential else [schedule]
    starts = [0, *schedule["milestones"]] if sequential else [0]
    for k, part in enumerate(parts):
        span = max((starts[k + 1] if k + 1 < len(parts) else length) - starts[k], 1)
        if part["kind"] == "cosine" and part.get("T_max") is None:
            part["T_max"] = span
        if part["kind"] == "one_cycle":
            part["total_steps"] = span if part["total_steps"] is None else part["total_steps"]
            part["max_lr"] = lr if part["max_lr"] is None else part["max_lr"]
        if part["kind"] == "cyclic" and part["base_lr"] is None:
            part["base_lr"] = lr
    return schedule


def auto_record_every(n_train, n_test, d, budget, batch_size):
    """descent's automatic history cadence (train.c auto_record_every): as many points (2..500) as
    fit in 10% of the training work, or in 2.5e7 evaluated values when that is more."""
    width = d + 1
    allowed = max(0.1 * budget * batch_size * width, 2.5e7)
    points = min(max(math.floor(allowed / ((n_train + n_test) * width)), 2.0), 500.0)
    return max(math.ceil(budget / points), 1)


class StoppingRules:
    """descent's stopping checks (train.c run_check) on evaluations of the training objective."""

    def __init__(self, run, initial_objective):
        self.initial = initial_objective
        self.diverge_factor = run["diverge_factor"]
        self.target_loss = run["target_loss"] if run["target_loss"] is not None else -math.inf
        self.tolerance = run["tolerance"]
        self.previous = math.nan  # the previous evaluation
        self.status, self.diverged_at = "running", None

    def blew_up(self, f):
        """Diverged: not finite, or above diverge_factor x the initial objective."""
        return not math.isfinite(f) or (self.initial > 0 and f > self.diverge_factor * self.initial)

    def diverge(self, at):
        self.status, self.diverged_at = "diverged", at

    def check(self, f, at, undone=False):
        """Checks the evaluation f of the state after "at" updates; True when the run ends.
        undone: the bold driver undid the step since the previous check (that is not convergence)."""
        if self.blew_up(f):
            self.diverge(at)
        elif f <= self.target_loss:
            self.status = "target_reached"
        elif (self.tolerance > 0 and not undone and not math.isnan(self.previous)
              and (self.previous == f or (f != 0 and abs(self.previous - f) / abs(f) < self.tolerance))):
            self.status = "converged"
        self.previous = f
        return self.status != "running"

    def finish(self, losses):
        """The budget is spent: "diverging" when the last recorded objective is above the first and
        above the one before it (above where it started and still rising), else "completed"."""
        rising = len(losses) >= 2 and losses[-1] > losses[0] and losses[-1] > losses[-2]
        self.status = "diverging" if rising else "completed"`,
  };
}
