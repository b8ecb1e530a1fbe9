/* train.c — the chunked training loop (dsc_run) and its history.
 *
 * A run owns its parameters θ (dsc_model_param_count values: [w, b] for the linear and logistic
 * models), gradient, the float32 shadow of the parameters the kernels read (and a network's scratch),
 * the optimizer, the schedule, the shuffle and noise rngs and row permutation, and the history columns;
 * the data are borrowed (struct dsc_run lists every allocation). A function model has no data: it
 * counts as one training row (n = 1, so an epoch is an update and the batch is full), no test split.
 *
 * One update (iteration i → i + 1, from state i):
 *   a. The batch is the next B rows of the epoch's order: full batch = all n_train rows in data order;
 *      mini-batches = consecutive slices of the order (data order, or a fresh Fisher–Yates permutation of
 *      0..n−1 drawn from the shuffle stream at the start of every epoch when shuffle = 1). The last batch
 *      of an epoch may be smaller (drop_last = False), so an epoch is u = ⌈n/B⌉ updates. Shuffled rows
 *      are gathered ahead, DSC_STAGE_ROWS at a time, into a contiguous stage (unless a batch is larger
 *      than DSC_STAGE_MAX_VALUES values: then the kernel reads them through the permutation); the
 *      kernel sees the same rows in the same order either way.
 *   b. One fused kernel pass: objective_B = loss_sum/B + penalty, gradient = grad_sum/B + penalty′
 *      (L1: λ₁·sign(w_j), L2: 2λ₂·w_j; weights only). A network: one pass of the network kernel,
 *      objective_B = loss_sum/B, gradient = grad_sum/B. A function: f(θ) and ∇f(θ) in double, then,
 *      when noise σ > 0, grad_j += σ·N(0, 1) for j = 0, 1 in order from the noise stream.
 *   c. Full batch only: objective_B is the training objective of state i, so the stopping checks (below)
 *      run on it before the update; when one fires, state i is the final state (divergedAt = i).
 *   d. Optimizer step at lr = dsc_sched_lr() (a schedule that cycles momentum first writes
 *      dsc_sched_momentum() into the optimizer's momentum or betas[0]); iteration += 1, samples += B,
 *      epoch = samples/n.
 *   e. Schedule step: per iteration after every update with metric objective_B; per epoch after the
 *      update that completes an epoch, with metric = the epoch's batch objectives averaged with batch-size
 *      weights. Bold driver instead: a step period (one update, or one epoch) starts with a snapshot of
 *      the parameters and optimizer state; after it the whole training objective is evaluated; if it is
 *      not higher than the best objective kept so far (up to the relative `threshold`, default 1e-5)
 *      the period is kept and lr ·= increase, else the snapshot is restored and lr ·= decrease (the
 *      counters of iterations and samples still advance).
 *      Non-finite parameters after the update (after any bold-driver undo) end the run as diverged at i+1.
 *   f. A history point is recorded when iteration % record_every == 0 and when the run ends, plus point 0.
 *      Full batch: the next update's pass (step b) computes the training objective of that state anyway,
 *      so the point is taken there (or at the end of dsc_run_advance when a call ends on it); recording
 *      then costs only the test-split evaluation.
 *   g. Mini-batch runs whose history is sparser than every ⌈budget/DSC_ESTIMATE_POINTS⌉ updates also keep
 *      a running estimate (descent.h): after step d, objective_B·B and B are summed, and every est_every
 *      updates — and when the run ends, for the updates since — the weighted mean is a point.
 *
 * Stopping checks on an evaluation of state s with objective f (full batch: every state before its
 * update, and the last state; mini-batches: every recorded point, point 0 included), in this order
 * (mini-batches also check divergence on every batch objective, so divergedAt does not depend on the
 * record cadence):
 *   diverged  — f is not finite, or f > diverge_factor × |f₀| (f₀ = objective of state 0; when f₀ = 0
 *               this rule is off), or f < −diverge_factor × max(|f₀|, 1) (a function unbounded below
 *               heading to −∞; losses are >= 0 and never meet it); divergedAt = s
 *   target    — f <= target_loss
 *   converged — f_prev == f or |f_prev − f| / |f| < tolerance, f_prev = the previous evaluation
 *               (skipped for the first one, and under bold driver when the parameters equal those of
 *               the previous evaluation: an undone step is not convergence). The equality matters only
 *               for f = 0, where the ratio is 0/0: an objective that reaches exactly 0 and stays there
 *               converges.
 *
 * Budget: max_iterations updates, and/or the first update after which epoch >= max_epochs, i.e. the
 * smallest k with samples(k)/n >= max_epochs where samples(k) = ⌊k/u⌋·n + (k mod u)·B. With both set
 * the smaller one applies. The run then ends COMPLETED (unless a check fired on the last state), or
 * DIVERGING when its last recorded objective is above point 0's and above the point's before it (a rate
 * above the stability bound that has not yet reached diverge_factor: the loss ended above where it
 * started and is still rising).
 * dsc_run_samples reports the rows used so far, samples(iteration); dsc_run_max_samples samples(budget).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "descent.h"

#define DSC_STAGE_ROWS 256        /* shuffled mini-batches: rows gathered ahead at a time */
#define DSC_STAGE_MAX_VALUES (1 << 20) /* ...unless a batch holds more values than this (4 MiB) */
#define DSC_MAX_AUTO_POINTS 500.0 /* points an automatic record_every keeps at most */
#define DSC_EVAL_FLOOR 2.5e7      /* values all automatic evaluations may touch whatever the training
                                     work (a few ms of one core) */

/* A run. Ownership: the run owns every pointer in it except data.*, which point into the borrowed
   dsc_data (it must outlive the run). Its allocations, freed by dsc_run_free:
     params       the parameter slab: params | grad | bold.snap_params | bold.eval_params (np each;
                  the last two only under the bold driver)
     wf           the float32 shadow of w (linear/logistic), or of θ followed by the network
                  kernel's scratch (mlp); NULL for a function
     batch.perm   shuffled mini-batches only
     batch.stage_x  one block: stage_x | stage_y (shuffled mini-batches of at most
                  DSC_STAGE_MAX_VALUES values only)
     hist.cols    the history columns
     opt, bold.snap_opt  their moment slabs (dsc_optim_free) */
struct dsc_run {
  dsc_model_config model;    /* copied at creation */
  dsc_train_config train;    /* copied at creation */
  dsc_lossgrad_fn kernel;    /* the build's fused loss + gradient pass (linear/logistic) */
  dsc_mlp_fn mlp_kernel;     /* the build's network pass (mlp) */
  double *partials;          /* dsc_run_set_threaded: the per-block partials of a full-batch pass
                                (dsc_lossgrad_partials_len; owned), else NULL: the plain kernel call */
  float *mlp_scratch;        /* mlp: the kernel's scratch, after the float32 θ in wf (in wf's block) */
  dsc_rng noise_rng;         /* function: DSC_STREAM_NOISE, the gradient noise */
  int per_iteration;         /* the schedule steps after every update (else after every epoch) */
  int cycled;                /* the schedule cycles momentum: 0 no, 1 into cfg.momentum (SGD, RMSprop),
                                2 into cfg.beta1 (Adam family), before every optimizer step */
  int64_t budget;            /* updates the run may apply (resolve_budget) */
  int second_order;          /* 0, or DSC_OPTIM_LBFGS / DSC_OPTIM_NEWTON: the update is not dsc_optim_step */
  int64_t max_evals;         /* evaluations one update may make (dsc_optim_max_evals: LBFGS > 1) */

  struct {                   /* the splits, borrowed from the dsc_data */
    const float *X, *y;      /* training split: n × d, n */
    const float *Xt, *yt;    /* test split: n_test × d, n_test (NULL when n_test == 0) */
    size_t n, n_test, d;     /* training rows, test rows, features (columns of X) */
  } data;

  size_t np;                 /* parameters θ: dsc_model_param_count (d + 1 for linear and logistic) */
  double *params;            /* np: θ = [w, b]; the start of the parameter slab (owned) */
  double *grad;              /* np: mean gradient of the last batch, penalty included (in the slab) */
  float *wf;                 /* d: float32 shadow of w for the kernel; mlp: np, then the scratch (owned) */
  dsc_optim opt;
  dsc_sched sched;
  int64_t iteration;         /* updates applied */
  int64_t samples;           /* rows whose gradient was evaluated */
  int started;               /* point 0 is recorded (the first dsc_run_advance) */

  struct {                   /* where the next batch comes from */
    size_t B;                /* batch size (n for full batch) */
    int full;                /* B == n: every update sees the whole training split in data order */
    int shuffle;             /* train.shuffle */
    dsc_rng rng;             /* DSC_STREAM_SHUFFLE */
    uint32_t *perm;          /* n: this epoch's row order (shuffled mini-batches only; owned) */
    float *stage_x, *stage_y; /* shuffled mini-batches: the next stage_cap rows of the epoch's order,
                                gathered (stage_cap × d, stage_cap), or NULL for large batches;
                                stage_x owns both */
    size_t stage_cap;        /* a multiple of B */
    size_t stage_start, stage_len; /* epoch positions [stage_start, stage_start + stage_len) staged */
    size_t epoch_pos;        /* rows of the current epoch already used */
    double epoch_obj_sum;    /* Σ objective_B·B over the current epoch */
    size_t epoch_rows;       /* Σ B over the current epoch */
  } batch;

  struct {                   /* the history */
    double *cols;            /* DSC_HIST_COLUMNS × cap: column c at cols + c·cap (owned) */
    size_t cap, len;         /* points allocated, points recorded */
    int32_t every;           /* record a point every k updates (resolved when automatic) */
    int64_t last;            /* iteration of the last point, -1 before point 0 */
    int due;                 /* full batch: the current state is due for a point, which the next
                                update's pass (or the end of dsc_run_advance) evaluates */
  } hist;

  struct {                   /* the running estimate (mini-batch runs with a sparser history) */
    double *cols;            /* DSC_EST_COLUMNS × cap (owned), or NULL when every == 0 */
    size_t cap, len;
    int32_t every;           /* a point every k updates, 0: none */
    double sum;              /* Σ objective_B·B since the previous point */
    double rows;             /* Σ B since the previous point */
  } est;

  struct {                   /* the stopping checks */
    int32_t status;          /* dsc_run_status */
    int64_t diverged_at;     /* iteration of the bad state, or -1 */
    double obj0;             /* training objective of state 0 */
    double prev_eval;        /* previous evaluation for the tolerance test, NaN before the first */
  } stop;

  struct {                   /* the bold driver */
    int enabled;             /* the schedule is DSC_SCHED_BOLD_DRIVER (the rest is unused otherwise) */
    double *snap_params;     /* np: parameters at the start of the step period (in the parameter slab) */
    dsc_optim snap_opt;      /* optimizer state at the start of the step period */
    double snap_obj;         /* training objective of the snapshot state */
    double best;             /* lowest objective of a kept state */
    double *eval_params;     /* np: parameters at the previous evaluation (in the parameter slab) */
    int have_eval_params;    /* eval_params holds a state */
  } bold;

  struct {                   /* the training objective of one state, evaluated once */
    double obj;              /* training objective of the state at iteration iter */
    int64_t iter;            /* -1 when empty */
  } cache;
};

/* ------------------------------------------------------------------------------------------------
 * Config
 * ---------------------------------------------------------------------------------------------- */

void dsc_train_config_default(dsc_train_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->batch_size = 0;
  cfg->shuffle = 1;
  cfg->record_every = 0;
  cfg->max_iterations = 1000;
  cfg->max_epochs = 0;
  cfg->target_loss = -INFINITY;
  cfg->tolerance = 0;
  cfg->diverge_factor = 1e6;
}

/* samples(k) = ⌊k/u⌋·n + (k mod u)·B: rows used by k updates (every epoch is u = ⌈n/B⌉ batches). */
static int64_t samples_after(int64_t k, int64_t n, int64_t B) {
  const int64_t u = (n + B - 1) / B;
  return (k / u) * n + (k % u) * B;
}

/* The smallest k with samples(k)/n >= epochs, computed with the same double division as the run's
   epoch counter. Returned as a double so that absurd values can be rejected without overflow. */
static double epoch_budget(double epochs, int64_t n, int64_t B) {
  const double u = (double)((n + B - 1) / B);
  const double whole = floor(epochs);
  double k = whole * u + ceil((epochs - whole) * (double)n / (double)B);
  if (k < 1) k = 1;
  if (k > 2.0 * DSC_MAX_BUDGET) return k;
  int64_t ki = (int64_t)k;
  while (ki > 1 && (double)samples_after(ki - 1, n, B) / (double)n >= epochs) ki--;
  while ((double)samples_after(ki, n, B) / (double)n < epochs) ki++;
  return (double)ki;
}

/* Resolves the update budget of cfg (assumed range-checked) as a double. */
static double resolve_budget(const dsc_train_config *cfg, int32_t n_train) {
  const int64_t B = cfg->batch_size == 0 ? n_train : cfg->batch_size;
  double budget = INFINITY;
  if (cfg->max_iterations > 0) budget = cfg->max_iterations;
  if (cfg->max_epochs > 0) budget = fmin(budget, epoch_budget(cfg->max_epochs, n_train, B));
  return budget;
}

dsc_status dsc_train_config_check(const dsc_train_config *cfg, int32_t n_train, dsc_error *err) {
  if (!cfg) return dsc_error_set(err, DSC_EINVAL, "train: config is NULL");
  if (n_train < 1) return dsc_error_set(err, DSC_EINVAL, "n_train: must be >= 1, got %d", (int)n_train);
  if (cfg->batch_size < 0 || cfg->batch_size > n_train)
    return dsc_error_set(err, DSC_EINVAL, "batch_size: must be 0 (full batch) or 1..%d (n_train), got %d",
                         (int)n_train, (int)cfg->batch_size);
  if (cfg->shuffle != 0 && cfg->shuffle != 1)
    return dsc_error_set(err, DSC_EINVAL, "shuffle: must be 0 or 1, got %d", (int)cfg->shuffle);
  if (cfg->record_every < 0)
    return dsc_error_set(err, DSC_EINVAL, "record_every: must be >= 1, or 0 for automatic, got %d",
                         (int)cfg->record_every);
  if (!(cfg->max_iterations >= 0 && cfg->max_iterations <= (double)DSC_MAX_BUDGET) ||
      cfg->max_iterations != floor(cfg->max_iterations))
    return dsc_error_set(err, DSC_EINVAL,
                         "max_iterations: must be an integer in [1, 1e9], or 0 for no limit, got %g",
                         cfg->max_iterations);
  if (!(cfg->max_epochs >= 0) || !isfinite(cfg->max_epochs))
    return dsc_error_set(err, DSC_EINVAL, "max_epochs: must be > 0, or 0 for no limit, got %g",
                         cfg->max_epochs);
  if (cfg->max_iterations == 0 && cfg->max_epochs == 0)
    return dsc_error_set(err, DSC_EINVAL,
                         "max_iterations: at least one of max_iterations and max_epochs must be set");
  if (!(cfg->tolerance >= 0) || !isfinite(cfg->tolerance))
    return dsc_error_set(err, DSC_EINVAL, "tolerance: must be >= 0 and finite (0 disables), got %g",
                         cfg->tolerance);
  if (!(cfg->diverge_factor > 1))
    return dsc_error_set(err, DSC_EINVAL, "diverge_factor: must be > 1, got %g", cfg->diverge_factor);
  {
    const double budget = resolve_budget(cfg, n_train);
    if (budget > (double)DSC_MAX_BUDGET)
      return dsc_error_set(err, DSC_EINVAL,
                           "max_epochs: %g epochs need %.0f updates at batch size %d, more than 1e9",
                           cfg->max_epochs, budget, (int)(cfg->batch_size ? cfg->batch_size : n_train));
    if (cfg->record_every > 0 && 1 + ceil(budget / cfg->record_every) > (double)DSC_MAX_HISTORY)
      return dsc_error_set(err, DSC_EINVAL,
                           "record_every: %d gives %.0f history points for %.0f updates, more than "
                           "1,000,000; use >= %.0f",
                           (int)cfg->record_every, 1 + ceil(budget / cfg->record_every), budget,
                           ceil(budget / ((double)DSC_MAX_HISTORY - 1)));
  }
  return DSC_OK;
}

/* ------------------------------------------------------------------------------------------------
 * Evaluation, checks and history
 * ---------------------------------------------------------------------------------------------- */

/* Training objective of the current parameters (cached per iteration). */
static double run_objective(dsc_run *run) {
  if (run->cache.iter != run->iteration) {
    run->cache.obj =
        dsc_model_objective(&run->model, run->data.X, run->data.y, run->data.n, run->data.d, run->params);
    run->cache.iter = run->iteration;
  }
  return run->cache.obj;
}

/* Records the current state as a history point (once per iteration); returns its training objective. */
static double run_record(dsc_run *run) {
  const double obj = run_objective(run);
  if (run->hist.last == run->iteration) return obj;
  if (run->hist.len < run->hist.cap) {
    double *h = run->hist.cols + run->hist.len;
    const size_t cap = run->hist.cap;
    h[DSC_HIST_ITERATION * cap] = (double)run->iteration;
    h[DSC_HIST_EPOCH * cap] = (double)run->samples / (double)run->data.n;
    h[DSC_HIST_SAMPLES * cap] = (double)run->samples;
    h[DSC_HIST_LR * cap] = dsc_sched_lr(&run->sched);
    h[DSC_HIST_TRAIN_LOSS * cap] = obj;
    h[DSC_HIST_TEST_LOSS * cap] = run->data.n_test > 0 ? dsc_model_loss(&run->model, run->data.Xt,
                                                                        run->data.yt, run->data.n_test,
                                                                        run->data.d, run->params)
                                                         : NAN;
    h[DSC_HIST_PARAM0 * cap] = run->np <= 2 ? run->params[0] : NAN;
    h[DSC_HIST_PARAM1 * cap] = run->np <= 2 ? run->params[1] : NAN;
    run->hist.len++;
  }
  run->hist.last = run->iteration;
  return obj;
}

/* Records the running estimate's pending point (see descent.h), if any batch objective is pending. */
static void estimate_flush(dsc_run *run) {
  if (!run->est.every || run->est.rows == 0 || run->est.len >= run->est.cap) return;
  {
    double *e = run->est.cols + run->est.len;
    const size_t cap = run->est.cap;
    e[DSC_EST_ITERATION * cap] = (double)run->iteration;
    e[DSC_EST_SAMPLES * cap] = (double)run->samples;
    e[DSC_EST_BATCH_LOSS * cap] = run->est.sum / run->est.rows;
    run->est.len++;
    run->est.sum = 0;
    run->est.rows = 0;
  }
}

/* Adds the batch objective obj of an update over `rows` rows to the running estimate (called after the
   update's counters advanced), recording a point every est.every updates. */
static void estimate_add(dsc_run *run, double obj, size_t rows) {
  if (!run->est.every) return;
  run->est.sum += obj * (double)rows;
  run->est.rows += (double)rows;
  if (run->iteration % run->est.every == 0) estimate_flush(run);
}

/* The divergence rule on an objective f (see the file comment). */
static int blown_up(const dsc_run *run, double f) {
  const double f0 = run->stop.obj0, k = run->train.diverge_factor;
  return !isfinite(f) || (f0 != 0 && f > k * fabs(f0)) || f < -k * fmax(fabs(f0), 1.0);
}

/* At the end of the budget: the last recorded training objective is above point 0's and above the
   point's before it (DSC_RUN_DIVERGING). */
static int rising(const dsc_run *run) {
  const size_t len = run->hist.len;
  if (len < 2) return 0;
  const double *f = run->hist.cols + DSC_HIST_TRAIN_LOSS * run->hist.cap;
  return f[len - 1] > f[0] && f[len - 1] > f[len - 2];
}

/* The stopping checks on an evaluation f of state `at` (see the file comment). Returns 1 when the run
   ends (status set). */
static int run_check(dsc_run *run, double f, int64_t at) {
  const dsc_train_config *c = &run->train;
  int same_params = 0;
  if (run->bold.enabled) {
    same_params = run->bold.have_eval_params &&
                  memcmp(run->bold.eval_params, run->params, run->np * sizeof(double)) == 0;
    memcpy(run->bold.eval_params, run->params, run->np * sizeof(double));
    run->bold.have_eval_params = 1;
  }
  if (blown_up(run, f)) {
    run->stop.status = DSC_RUN_DIVERGED;
    run->stop.diverged_at = at;
  } else if (f <= c->target_loss) {
    run->stop.status = DSC_RUN_TARGET_REACHED;
  } else if (c->tolerance > 0 && !same_params && !isnan(run->stop.prev_eval) &&
             (run->stop.prev_eval == f || fabs(run->stop.prev_eval - f) / fabs(f) < c->tolerance)) {
    /* f_prev == f also converges: for f ≠ 0 that is 0 < tolerance anyway, and it lets an objective
       that reaches exactly 0 and stays there stop (0/0 is NaN). f is finite here (checked above), and
       so is f_prev (a non-finite evaluation ends the run). */
    run->stop.status = DSC_RUN_CONVERGED;
  }
  run->stop.prev_eval = f;
  return run->stop.status != DSC_RUN_RUNNING;
}

/* ------------------------------------------------------------------------------------------------
 * One update
 * ---------------------------------------------------------------------------------------------- */

/* A function model's step b: f(θ), and ∇f(θ) plus the gradient noise in run->grad. */
static double run_fn_grad(dsc_run *run) {
  const double f = dsc_fn_value_grad(&run->model, run->params, run->grad);
  if (run->model.noise > 0)
    for (size_t j = 0; j < 2; j++) run->grad[j] += run->model.noise * dsc_rng_normal(&run->noise_rng);
  return f;
}

/* A network's pass over batch: returns objective_B and leaves the mean gradient in run->grad. */
static double run_mlp_grad(dsc_run *run, const dsc_batch *batch) {
  const double inv_rows = 1.0 / (double)batch->rows;
  double loss_sum = 0;
  for (size_t j = 0; j < run->np; j++) run->wf[j] = (float)run->params[j];
  memset(run->grad, 0, run->np * sizeof(double));
  run->mlp_kernel(&run->model, batch, run->wf, run->mlp_scratch, &loss_sum, run->grad);
  for (size_t j = 0; j < run->np; j++) run->grad[j] *= inv_rows;
  return loss_sum / (double)batch->rows;
}

/* Fused pass over batch: returns objective_B and leaves the mean gradient (+ penalty) in run->grad. */
static double run_lossgrad(dsc_run *run, const dsc_batch *batch) {
  if (run->model.kind == DSC_MODEL_MLP) return run_mlp_grad(run, batch);
  const size_t d = run->data.d;
  const double l1 = run->model.l1, l2 = run->model.l2;
  const double inv_rows = 1.0 / (double)batch->rows;
  double loss_sum = 0, abs_sum = 0, sq_sum = 0;
  for (size_t j = 0; j < d; j++) run->wf[j] = (float)run->params[j];
  memset(run->grad, 0, run->np * sizeof(double));
  if (run->partials && !batch->idx && batch->rows == run->data.n)
    dsc_lossgrad_parallel(run->kernel, batch, run->wf, (float)run->params[d], (dsc_loss)run->model.loss,
                          (float)run->model.delta, run->partials, &loss_sum, run->grad);
  else
    run->kernel(batch, run->wf, (float)run->params[d], (dsc_loss)run->model.loss,
                (float)run->model.delta, &loss_sum, run->grad);
  for (size_t j = 0; j < d; j++) {
    const double w = run->params[j];
    abs_sum += fabs(w);
    sq_sum += w * w;
    /* penalty gradient λ₁·sign(w) + 2λ₂·w (sign(0) = 0) */
    run->grad[j] = run->grad[j] * inv_rows + l1 * (double)((w > 0) - (w < 0)) + 2 * l2 * w;
  }
  run->grad[d] *= inv_rows;
  /* objective_B = (1/B) Σ ℓ + λ₁ Σ|w_j| + λ₂ Σ w_j², summed as dsc_model_objective does, so that a full
     batch gives exactly the training objective */
  return loss_sum / (double)batch->rows + l1 * abs_sum + l2 * sq_sum;
}

static int params_finite(const dsc_run *run) {
  for (size_t j = 0; j < run->np; j++)
    if (!isfinite(run->params[j])) return 0;
  return 1;
}

/* Gathers the rows at epoch positions [pos, pos + stage_cap) (up to the end of the epoch) into the
   stage. The copies are independent loads, so the memory system fetches many rows at once; the kernel
   reading the rows through the index list would wait for one random row after another (batch size 1:
   one cache miss per update, ~150 ns once X outgrows the caches). The kernel then sees the same rows
   in the same order, so results are unchanged. */
static void run_stage(dsc_run *run, size_t pos) {
  const size_t d = run->data.d;
  size_t len = run->data.n - pos;
  if (len > run->batch.stage_cap) len = run->batch.stage_cap;
  for (size_t r = 0; r < len; r++) {
    const size_t i = run->batch.perm[pos + r];
    const float *src = run->data.X + i * d;
    float *dst = run->batch.stage_x + r * d;
    for (size_t j = 0; j < d; j++) dst[j] = src[j];
    run->batch.stage_y[r] = run->data.y[i];
  }
  run->batch.stage_start = pos;
  run->batch.stage_len = len;
}

/* The full-batch objective and gradient at run->params (the L-BFGS closure): the pass of step b
   over the whole training split (a function: f, ∇f and the gradient noise), gradient to grad_out. */
static double run_closure(void *ctx, double *grad_out) {
  dsc_run *run = ctx;
  double f;
  if (run->model.kind == DSC_MODEL_FUNCTION) {
    f = run_fn_grad(run);
  } else {
    dsc_batch batch = {run->data.X, run->data.y, NULL, run->data.n, run->data.d};
    f = run_lossgrad(run, &batch);
  }
  memcpy(grad_out, run->grad, run->np * sizeof(double));
  return f;
}

/* The second-order update of step d: an L-BFGS step() (several evaluations) or a Newton step. Returns
   the evaluations made (counted in samples), or 0 when Newton's H + λI is not positive definite (the
   run then ends FAILED at the current state). */
static int64_t run_second_order(dsc_run *run, double obj, double lr) {
  if (run->second_order == DSC_OPTIM_LBFGS)
    return dsc_optim_step_closure(&run->opt, run->params, run->grad, obj, lr, run_closure, run);
  dsc_model_hessian(&run->model, run->data.X, run->data.y, run->data.n, run->data.d, run->params,
                    run->opt.hess);
  if (dsc_optim_step_newton(&run->opt, run->params, run->grad, run->opt.hess, lr, NULL) != DSC_OK) return 0;
  return 1;
}

/* One update from the current state (steps a–f of the file comment). Fails only when the bold
   driver's snapshot cannot take the optimizer state, which dsc_run_create rules out (both optimizers
   come from one config); the run is then left mid-update. */
static dsc_status run_update(dsc_run *run, dsc_error *err) {
  const size_t pos = run->batch.epoch_pos; /* rows of this epoch used before this batch */
  const int epoch_start = pos == 0;
  size_t rows = run->data.n - pos;
  dsc_batch batch;
  dsc_status st;
  double obj;
  int epoch_end;

  if (run->bold.enabled && (run->per_iteration || epoch_start)) {
    memcpy(run->bold.snap_params, run->params, run->np * sizeof(double));
    if ((st = dsc_optim_copy_state(&run->bold.snap_opt, &run->opt, err)) != DSC_OK) return st;
  }
  if (run->batch.perm && epoch_start) {
    for (size_t i = 0; i < run->data.n; i++) run->batch.perm[i] = (uint32_t)i;
    dsc_rng_shuffle(&run->batch.rng, run->batch.perm, run->data.n);
    run->batch.stage_start = run->batch.stage_len = 0;
  }
  if (rows > run->batch.B) rows = run->batch.B;
  batch.d = run->data.d;
  batch.rows = rows;
  if (run->model.kind == DSC_MODEL_FUNCTION) {
    batch.X = batch.y = NULL; /* no data: one evaluation of f is the whole "batch" */
    batch.idx = NULL;
  } else if (run->batch.stage_x) {
    /* batches never straddle a stage: stages start at batch boundaries and hold whole batches */
    if (pos >= run->batch.stage_start + run->batch.stage_len) run_stage(run, pos);
    batch.X = run->batch.stage_x + (pos - run->batch.stage_start) * run->data.d;
    batch.y = run->batch.stage_y + (pos - run->batch.stage_start);
    batch.idx = NULL;
  } else if (run->batch.perm) {
    batch.X = run->data.X;
    batch.y = run->data.y;
    batch.idx = run->batch.perm + pos;
  } else {
    batch.X = run->data.X + pos * run->data.d;
    batch.y = run->data.y + pos;
    batch.idx = NULL;
  }
  obj = run->model.kind == DSC_MODEL_FUNCTION ? run_fn_grad(run) : run_lossgrad(run, &batch);

  if (run->batch.full) {
    /* the pass evaluated the training objective of the current state: keep it, take the history
       point that is due on it, then the checks */
    run->cache.obj = obj;
    run->cache.iter = run->iteration;
    if (run->hist.due) {
      run->hist.due = 0;
      run_record(run);
    }
    if (run_check(run, obj, run->iteration)) {
      run_record(run);
      return DSC_OK;
    }
  } else if (blown_up(run, obj)) {
    /* mini-batch: the batch objective of state i is a noisy estimate of the training objective, too
       noisy for target and tolerance (checked at recorded points), but a blow-up by diverge_factor or
       a non-finite value is divergence whatever the record cadence */
    run->stop.status = DSC_RUN_DIVERGED;
    run->stop.diverged_at = run->iteration;
    run_record(run);
    return DSC_OK;
  }

  if (run->cycled == 1) run->opt.cfg.momentum = dsc_sched_momentum(&run->sched);
  if (run->cycled == 2) run->opt.cfg.beta1 = dsc_sched_momentum(&run->sched);
  if (run->second_order) {
    const int64_t evals = run_second_order(run, obj, dsc_sched_lr(&run->sched));
    if (evals == 0) { /* Newton: H + λI not positive definite at this state, which stays the last */
      run->stop.status = DSC_RUN_FAILED;
      run->stop.diverged_at = run->iteration;
      run_record(run);
      return DSC_OK;
    }
    run->samples += (int64_t)rows * (evals - 1); /* the evaluations after the first; the first below */
  } else {
    dsc_optim_step(&run->opt, run->params, run->grad, dsc_sched_lr(&run->sched));
  }
  run->iteration++;
  run->samples += (int64_t)rows;
  run->batch.epoch_pos += rows;
  epoch_end = run->batch.epoch_pos == run->data.n;
  if (epoch_end) run->batch.epoch_pos = 0;
  run->batch.epoch_obj_sum += obj * (double)rows;
  run->batch.epoch_rows += rows;
  estimate_add(run, obj, rows);

  if (run->bold.enabled) {
    if (run->per_iteration || epoch_end) {
      const double now = run_objective(run);
      /* Not worse, up to the threshold: float32 evaluation is noisy at the ~1e-6 level, so without
         the slack every step of a converged run looks worse by an ulp and lr halves towards 0. */
      if (now <= run->bold.best * (1 + run->sched.cfg.threshold)) {
        run->bold.snap_obj = now;
        if (now < run->bold.best) run->bold.best = now;
        dsc_sched_bold(&run->sched, 1);
      } else {
        /* undo the period: back to the snapshot state (whose objective is snap_obj) */
        memcpy(run->params, run->bold.snap_params, run->np * sizeof(double));
        if ((st = dsc_optim_copy_state(&run->opt, &run->bold.snap_opt, err)) != DSC_OK) return st;
        run->cache.obj = run->bold.snap_obj;
        dsc_sched_bold(&run->sched, 0);
      }
    }
  } else if (run->per_iteration) {
    dsc_sched_step(&run->sched, obj);
  } else if (epoch_end) {
    /* per-epoch metric: the epoch's batch objectives weighted by batch size */
    dsc_sched_step(&run->sched, run->batch.epoch_obj_sum / (double)run->batch.epoch_rows);
  }
  if (epoch_end) {
    run->batch.epoch_obj_sum = 0;
    run->batch.epoch_rows = 0;
  }

  if (!params_finite(run)) {
    run->stop.status = DSC_RUN_DIVERGED;
    run->stop.diverged_at = run->iteration;
    run_record(run);
    return DSC_OK;
  }
  {
    const int ended = run->iteration >= run->budget;
    if (run->iteration % run->hist.every == 0 || ended) {
      if (run->batch.full && !ended) {
        /* full batch: the next update's pass evaluates this state anyway (and checks it) */
        run->hist.due = 1;
      } else {
        const double f = run_record(run);
        /* full batch checked every state before its update; only the last one is left */
        if (!run->batch.full || ended) run_check(run, f, run->iteration);
      }
    }
    if (ended && run->stop.status == DSC_RUN_RUNNING)
      run->stop.status = rising(run) ? DSC_RUN_DIVERGING : DSC_RUN_COMPLETED;
  }
  return DSC_OK;
}

/* ------------------------------------------------------------------------------------------------
 * Lifecycle
 * ---------------------------------------------------------------------------------------------- */

static dsc_status check_targets01(const float *y, size_t n, const char *model, const char *split,
                                  dsc_error *err) {
  for (size_t i = 0; i < n; i++)
    if (y[i] != 0.0f && y[i] != 1.0f)
      return dsc_error_set(err, DSC_EINVAL, "y: the %s needs targets 0 or 1, %s row %zu has %g", model,
                           split, i, (double)y[i]);
  return DSC_OK;
}

/* The automatic record_every of a run whose data, batch size and budget are set. A point evaluates
   n + n_test rows at a cost of np (d + 1 values for the linear models: features and target; a network
   about its parameters); training the whole budget touches budget·B rows. Keep as many points as fit in 10% of the training work — or in DSC_EVAL_FLOOR values in all
   when that is larger (tiny data: the seed's SGD run would otherwise record 2 points for 1000
   updates) — between 2 and DSC_MAX_AUTO_POINTS; k = ⌈budget / points⌉. */
static int32_t auto_record_every(const dsc_run *run) {
  const double width = (double)run->np;
  const double per_point = (double)(run->data.n + run->data.n_test) * width;
  const double allowed =
      fmax(0.1 * (double)run->budget * (double)run->batch.B * width, DSC_EVAL_FLOOR);
  const double points = fmin(fmax(floor(allowed / per_point), 2.0), DSC_MAX_AUTO_POINTS);
  const double k = ceil((double)run->budget / points);
  return (int32_t)fmax(k, 1);
}

/* Which optimizer field a schedule that cycles momentum writes (0: none, the optimizer has neither).
   torch 1.13: OneCycleLR writes group['momentum'], or betas[0] when the optimizer has betas; CyclicLR
   writes group['momentum'] only (it raises for optimizers without it). */
static int cycled_field(int32_t optim_kind, int32_t sched_kind) {
  switch ((dsc_optim_kind)optim_kind) {
    case DSC_OPTIM_SGD: case DSC_OPTIM_RMSPROP:
      return 1;
    case DSC_OPTIM_ADAM: case DSC_OPTIM_ADAMW: case DSC_OPTIM_NADAM: case DSC_OPTIM_RADAM:
    case DSC_OPTIM_ADAMAX:
      return sched_kind == DSC_SCHED_ONE_CYCLE ? 2 : 0;
    default:
      return 0;
  }
}

dsc_status dsc_run_create(const dsc_data *data, const dsc_model_config *model,
                          const dsc_optim_config *optim, const dsc_sched_config *sched,
                          const dsc_train_config *train, const double *init, uint64_t seed,
                          dsc_run **out, dsc_error *err) {
  dsc_status st;
  dsc_run *run;
  int function, mlp;
  int32_t np, n_train;
  if (!out) return dsc_error_set(err, DSC_EINVAL, "out: must not be NULL");
  *out = NULL;
  if (!model || !optim || !sched || !train)
    return dsc_error_set(err, DSC_EINVAL, "%s: config must not be NULL",
                         !model ? "model" : !optim ? "optim" : !sched ? "sched" : "train");
  if ((st = dsc_model_config_check(model, err)) != DSC_OK) return st;
  function = model->kind == DSC_MODEL_FUNCTION;
  mlp = model->kind == DSC_MODEL_MLP;
  if (function && data)
    return dsc_error_set(err, DSC_EINVAL, "data: a function model takes no data (pass NULL)");
  if (!function && !data) return dsc_error_set(err, DSC_EINVAL, "data: must not be NULL");
  if (!init) return dsc_error_set(err, DSC_EINVAL, "init: must not be NULL");
  n_train = function ? 1 : dsc_data_n_train(data);
  np = dsc_model_param_count(model, function ? 0 : dsc_data_d(data));
  if (np < 1)
    return dsc_error_set(err, DSC_EINVAL, "d: %d features do not fit the model", (int)dsc_data_d(data));
  if ((st = dsc_optim_config_check(optim, err)) != DSC_OK) return st;
  if ((st = dsc_sched_config_check(sched, err)) != DSC_OK) return st;
  if ((st = dsc_train_config_check(train, n_train, err)) != DSC_OK) return st;
  if (optim->kind == DSC_OPTIM_LBFGS || optim->kind == DSC_OPTIM_NEWTON) {
    const char *name = optim->kind == DSC_OPTIM_LBFGS ? "lbfgs" : "newton";
    if (train->batch_size != 0 && train->batch_size != n_train)
      return dsc_error_set(err, DSC_EINVAL,
                           "batch_size: %s is full batch only (0 or %d, n_train), got %d", name,
                           (int)n_train, (int)train->batch_size);
    if (optim->kind == DSC_OPTIM_LBFGS && train->max_epochs != 0)
      return dsc_error_set(err, DSC_EINVAL,
                           "max_epochs: lbfgs counts its budget in iterations (one step() each, several "
                           "evaluations), so max_epochs must be 0, got %g; set max_iterations",
                           train->max_epochs);
    if (optim->kind == DSC_OPTIM_NEWTON && (st = dsc_model_hessian_check(model, err)) != DSC_OK) return st;
  }
  for (int32_t j = 0; j < np; j++)
    if (!isfinite(init[j]))
      return dsc_error_set(err, DSC_EINVAL, "init[%d]: must be finite, got %g", (int)j, init[j]);
  if (model->loss == DSC_LOSS_BCE && !function) {
    const char *what = mlp ? "mlp model with loss bce" : "logistic model";
    if ((st = check_targets01(dsc_data_y_train(data), (size_t)dsc_data_n_train(data), what, "training",
                              err)) != DSC_OK)
      return st;
    if ((st = check_targets01(dsc_data_y_test(data), (size_t)dsc_data_n_test(data), what, "test",
                              err)) != DSC_OK)
      return st;
  }

  run = calloc(1, sizeof *run);
  if (!run) return dsc_error_set(err, DSC_ENOMEM, "run: cannot allocate the run");
  run->model = *model;
  run->train = *train;
  run->kernel = dsc_lossgrad_kernel();
  run->mlp_kernel = dsc_mlp_kernel();
  run->per_iteration = sched->per == DSC_PER_ITERATION;
  run->budget = (int64_t)resolve_budget(train, n_train);
  run->second_order = optim->kind == DSC_OPTIM_LBFGS || optim->kind == DSC_OPTIM_NEWTON ? optim->kind : 0;
  run->max_evals = dsc_optim_max_evals(optim);
  if (function) {
    run->data.n = 1; /* one evaluation of f per update; X, y, Xt, yt stay NULL */
    dsc_rng_stream(&run->noise_rng, seed, DSC_STREAM_NOISE);
  } else {
    run->data.X = dsc_data_x_train(data);
    run->data.y = dsc_data_y_train(data);
    run->data.Xt = dsc_data_x_test(data);
    run->data.yt = dsc_data_y_test(data);
    run->data.n = (size_t)dsc_data_n_train(data);
    run->data.n_test = (size_t)dsc_data_n_test(data);
    run->data.d = (size_t)dsc_data_d(data);
  }
  run->np = (size_t)np;
  run->batch.B = train->batch_size == 0 ? run->data.n : (size_t)train->batch_size;
  run->batch.full = run->batch.B == run->data.n;
  run->batch.shuffle = train->shuffle;
  dsc_rng_stream(&run->batch.rng, seed, DSC_STREAM_SHUFFLE);
  run->hist.every = train->record_every > 0 ? train->record_every : auto_record_every(run);
  if (!run->batch.full) {
    const int64_t k = (run->budget + DSC_ESTIMATE_POINTS - 1) / DSC_ESTIMATE_POINTS;
    run->est.every = run->hist.every > k ? (int32_t)(k > 0 ? k : 1) : 0;
  }
  run->hist.last = -1;
  run->stop.status = DSC_RUN_RUNNING;
  run->stop.diverged_at = -1;
  run->stop.prev_eval = NAN;
  run->bold.enabled = sched->kind == DSC_SCHED_BOLD_DRIVER;
  run->cache.iter = -1;

  {
    const size_t n = run->data.n, d = run->data.d, B = run->batch.B;
    const size_t npp = run->np;
    const int shuffled = !run->batch.full && run->batch.shuffle;
    const size_t scratch = mlp ? dsc_mlp_scratch_floats(model, (int32_t)d) : 0;
    const size_t shadow = function ? 0 : mlp ? npp + scratch : d; /* floats in wf's block */
    run->params = malloc((run->bold.enabled ? 4 : 2) * npp * sizeof(double));
    run->wf = shadow ? malloc(shadow * sizeof(float)) : NULL;
    run->hist.cap = 1 + (size_t)((run->budget + run->hist.every - 1) / run->hist.every);
    run->hist.cols = malloc((size_t)DSC_HIST_COLUMNS * run->hist.cap * sizeof(double));
    if (run->est.every) {
      run->est.cap = 1 + (size_t)((run->budget + run->est.every - 1) / run->est.every);
      run->est.cols = malloc((size_t)DSC_EST_COLUMNS * run->est.cap * sizeof(double));
    }
    if (shuffled) {
      run->batch.perm = malloc(n * sizeof(uint32_t));
      if (B * d <= DSC_STAGE_MAX_VALUES) {
        run->batch.stage_cap = B >= DSC_STAGE_ROWS ? B : B * (DSC_STAGE_ROWS / B);
        run->batch.stage_x = malloc(run->batch.stage_cap * (d + 1) * sizeof(float));
        if (run->batch.stage_x) run->batch.stage_y = run->batch.stage_x + run->batch.stage_cap * d;
      }
    }
    if (!run->params || (shadow && !run->wf) || !run->hist.cols || (run->est.every && !run->est.cols) ||
        (shuffled && !run->batch.perm) ||
        (run->batch.stage_cap && !run->batch.stage_x)) {
      const size_t cap = run->hist.cap;
      dsc_run_free(run);
      return dsc_error_set(err, DSC_ENOMEM, "run: cannot allocate buffers for %zu parameters, %zu rows "
                           "and %zu history points", npp, n, cap);
    }
    if (mlp) run->mlp_scratch = run->wf + npp;
    run->grad = run->params + npp;
    if (run->bold.enabled) {
      run->bold.snap_params = run->grad + npp;
      run->bold.eval_params = run->bold.snap_params + npp;
    }
    memcpy(run->params, init, npp * sizeof(double));
  }

  {
    /* The schedule first: one that cycles momentum sets the optimizer's momentum (or betas[0]) before
       the optimizer exists, as torch's OneCycleLR/CyclicLR constructors write the param group. The
       run's length in schedule periods: its updates, or the epochs they start (u updates an epoch);
       the schedule steps it takes: its updates, or the epochs it completes. */
    const int64_t u = (int64_t)((run->data.n + run->batch.B - 1) / run->batch.B);
    const int64_t length = run->per_iteration ? run->budget : (run->budget + u - 1) / u;
    const int64_t taken = run->per_iteration ? run->budget : run->budget / u;
    dsc_optim_config oc = *optim;
    if ((st = dsc_sched_init(&run->sched, sched, optim->lr, length, err)) != DSC_OK) {
      dsc_run_free(run);
      return st;
    }
    if (sched->kind == DSC_SCHED_ONE_CYCLE && taken > run->sched.part[0].cfg.total_steps) {
      st = dsc_error_set(err, DSC_EINVAL,
                         "total_steps: the run takes %lld schedule steps (per %s), more than "
                         "total_steps %d (OneCycleLR raises beyond it); raise it, or 0 for the run's "
                         "length", (long long)taken, run->per_iteration ? "iteration" : "epoch",
                         (int)run->sched.part[0].cfg.total_steps);
      dsc_run_free(run);
      return st;
    }
    if ((sched->kind == DSC_SCHED_ONE_CYCLE || sched->kind == DSC_SCHED_CYCLIC) && sched->cycle_momentum) {
      run->cycled = cycled_field(optim->kind, sched->kind);
      if (!run->cycled) {
        dsc_run_free(run);
        return dsc_error_set(err, DSC_EINVAL,
                             "cycle_momentum: optimizer kind %d has no %s to cycle (torch raises "
                             "ValueError)", (int)optim->kind,
                             sched->kind == DSC_SCHED_CYCLIC ? "momentum" : "momentum or betas");
      }
      if (run->cycled == 1) oc.momentum = dsc_sched_momentum(&run->sched);
      else oc.beta1 = dsc_sched_momentum(&run->sched);
    }
    if ((st = dsc_optim_init(&run->opt, &oc, run->np, err)) != DSC_OK ||
        (run->bold.enabled &&
         (st = dsc_optim_init(&run->bold.snap_opt, &oc, run->np, err)) != DSC_OK)) {
      dsc_run_free(run);
      return st;
    }
  }

  run->stop.obj0 = run_objective(run); /* state 0, evaluated once */
  run->bold.snap_obj = run->stop.obj0;
  run->bold.best = run->stop.obj0;
  *out = run;
  return DSC_OK;
}

dsc_status dsc_run_advance(dsc_run *run, int64_t max_updates, int32_t *status_out, dsc_error *err) {
  if (!run) return dsc_error_set(err, DSC_EINVAL, "run: must not be NULL");
  if (max_updates < 1)
    return dsc_error_set(err, DSC_EINVAL, "max_updates: must be >= 1, got %lld", (long long)max_updates);
  if (run->stop.status != DSC_RUN_RUNNING)
    return dsc_error_set(err, DSC_ESTATE, "run: already ended with status %d at iteration %lld",
                         (int)run->stop.status, (long long)run->iteration);
  if (!run->started) {
    const double f = run_record(run);
    run->started = 1;
    if (!run->batch.full) run_check(run, f, 0);
  }
  for (int64_t u = 0; u < max_updates && run->stop.status == DSC_RUN_RUNNING; u++) {
    const dsc_status st = run_update(run, err);
    if (st != DSC_OK) return st;
  }
  if (run->hist.due) { /* a chunk ends on a due point: evaluate it now, so the history is current */
    run->hist.due = 0;
    run_record(run);
  }
  if (run->stop.status != DSC_RUN_RUNNING) estimate_flush(run); /* the updates since the last point */
  if (status_out) *status_out = run->stop.status;
  return DSC_OK;
}

dsc_status dsc_run_set_threaded(dsc_run *run, dsc_error *err) {
  if (!run) return dsc_error_set(err, DSC_EINVAL, "run: must not be NULL");
  if (run->partials || !run->batch.full || run->model.kind == DSC_MODEL_MLP ||
      run->model.kind == DSC_MODEL_FUNCTION)
    return DSC_OK;
  run->partials = malloc(dsc_lossgrad_partials_len(run->data.n, run->data.d) * sizeof(double));
  if (!run->partials)
    return dsc_error_set(err, DSC_ENOMEM, "run: cannot allocate the partials of %zu rows for threads",
                         run->data.n);
  return DSC_OK;
}

void dsc_run_free(dsc_run *run) {
  if (!run) return;
  free(run->partials);
  dsc_optim_free(&run->opt);
  dsc_optim_free(&run->bold.snap_opt);
  free(run->params);
  free(run->wf);
  free(run->batch.perm);
  free(run->batch.stage_x);
  free(run->hist.cols);
  free(run->est.cols);
  free(run);
}

int32_t dsc_run_status_of(const dsc_run *run) { return run->stop.status; }
int64_t dsc_run_iteration(const dsc_run *run) { return run->iteration; }
double dsc_run_epoch(const dsc_run *run) { return (double)run->samples / (double)run->data.n; }
int64_t dsc_run_diverged_at(const dsc_run *run) { return run->stop.diverged_at; }
int64_t dsc_run_max_iterations(const dsc_run *run) { return run->budget; }
int64_t dsc_run_samples(const dsc_run *run) { return run->samples; }
int64_t dsc_run_max_samples(const dsc_run *run) {
  return samples_after(run->budget, (int64_t)run->data.n, (int64_t)run->batch.B) * run->max_evals;
}
int32_t dsc_run_record_every(const dsc_run *run) { return run->hist.every; }
const double *dsc_run_params(const dsc_run *run) { return run->params; }
size_t dsc_run_history_len(const dsc_run *run) { return run->hist.len; }

const double *dsc_run_history(const dsc_run *run, dsc_history_column column) {
  if ((int)column < 0 || column >= DSC_HIST_COLUMNS) return NULL;
  return run->hist.cols + (size_t)column * run->hist.cap;
}

int32_t dsc_run_estimate_every(const dsc_run *run) { return run->est.every; }
size_t dsc_run_estimate_len(const dsc_run *run) { return run->est.len; }

const double *dsc_run_estimate(const dsc_run *run, dsc_estimate_column column) {
  if ((int)column < 0 || column >= DSC_EST_COLUMNS || !run->est.cols) return NULL;
  return run->est.cols + (size_t)column * run->est.cap;
}
