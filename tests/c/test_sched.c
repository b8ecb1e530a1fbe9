/* test_sched.c — learning-rate schedules against their closed forms (t = 0..20), ReduceLROnPlateau on
 * scripted metric sequences with hand-derived rates, and the bold driver's multiplications. */
#include <string.h>

#include "check.h"
#include "descent.h"
#include "torch_golden.h"

#define PI 3.14159265358979323846

/* Checks dsc_sched_lr against want(t) for t = 0..20, stepping with a dummy metric in between. */
static void check_sequence(const dsc_sched_config *cfg, double base, double (*want)(int),
                           const char *what) {
  dsc_sched s;
  CHECK(dsc_sched_init(&s, cfg, base, 100, NULL) == DSC_OK);
  for (int t = 0; t <= 20; t++) {
    if (fabs(dsc_sched_lr(&s) - want(t)) > 1e-15 * fabs(want(t)) + 1e-300)
      fprintf(stderr, "%s: t = %d\n", what, t);
    CHECK_REL(dsc_sched_lr(&s), want(t), 1e-15);
    CHECK(s.t == t);
    dsc_sched_step(&s, 1.0);
  }
}

static double want_constant(int t) { (void)t; return 0.5; }
/* ExponentialLR, γ = 0.9: 0.5·0.9ᵗ */
static double want_exponential(int t) { return 0.5 * pow(0.9, t); }
/* StepLR, step_size 3, γ = 0.5: 0.5·0.5^⌊t/3⌋ (t = 0..2 → 0.5, 3..5 → 0.25, ...) */
static double want_step(int t) { return 0.5 * pow(0.5, t / 3); }
/* CosineAnnealingLR, T_max 8, η_min 0.01: 0.01 + 0.49·(1 + cos(πt/8))/2 (period 16 past T_max) */
static double want_cosine(int t) { return 0.01 + (0.5 - 0.01) * (1 + cos(PI * t / 8)) / 2; }
/* LinearLR, start 0.25, end 1, T = 4: 0.5·(0.25 + 0.75·min(t, 4)/4) = 0.125, 0.21875, ..., 0.5 */
static double want_linear(int t) { return 0.5 * (0.25 + 0.75 * (t < 4 ? t : 4) / 4.0); }

static void test_closed_forms(void) {
  dsc_sched_config c;
  dsc_sched_config_default(&c, DSC_SCHED_CONSTANT);
  check_sequence(&c, 0.5, want_constant, "constant");

  dsc_sched_config_default(&c, DSC_SCHED_EXPONENTIAL);
  CHECK(c.gamma == 0.95);
  c.gamma = 0.9;
  check_sequence(&c, 0.5, want_exponential, "exponential");

  dsc_sched_config_default(&c, DSC_SCHED_STEP);
  CHECK(c.gamma == 0.1 && c.step_size == 10);
  c.gamma = 0.5;
  c.step_size = 3;
  check_sequence(&c, 0.5, want_step, "step");

  dsc_sched_config_default(&c, DSC_SCHED_COSINE);
  c.t_max = 8;
  c.eta_min = 0.01;
  check_sequence(&c, 0.5, want_cosine, "cosine");
  {
    dsc_sched s;
    CHECK(dsc_sched_init(&s, &c, 0.5, 100, NULL) == DSC_OK);
    for (int t = 0; t < 8; t++) dsc_sched_step(&s, 0);
    CHECK_NEAR(dsc_sched_lr(&s), 0.01, 1e-15); /* η_min at t = T_max */
  }

  dsc_sched_config_default(&c, DSC_SCHED_LINEAR);
  CHECK_NEAR(c.start_factor, 1.0 / 3.0, 0);
  c.start_factor = 0.25;
  c.total_iters = 4;
  check_sequence(&c, 0.5, want_linear, "linear");
  CHECK(want_linear(1) == 0.21875);
}

/* Feeds metrics to a plateau schedule and checks the rate after each step. */
static void check_plateau(const dsc_sched_config *cfg, double base, const double *metric,
                          const double *want, int n, const char *what) {
  dsc_sched s;
  CHECK(dsc_sched_init(&s, cfg, base, 100, NULL) == DSC_OK);
  CHECK(dsc_sched_lr(&s) == base);
  for (int i = 0; i < n; i++) {
    dsc_sched_step(&s, metric[i]);
    if (dsc_sched_lr(&s) != want[i])
      fprintf(stderr, "%s: step %d: lr %.17g, want %.17g\n", what, i + 1, dsc_sched_lr(&s), want[i]);
    CHECK(dsc_sched_lr(&s) == want[i]);
  }
}

static void test_plateau(void) {
  dsc_sched_config c;
  dsc_sched_config_default(&c, DSC_SCHED_PLATEAU);
  CHECK(c.factor == 0.1 && c.patience == 10 && c.threshold == 1e-4 && c.cooldown == 0 &&
        c.threshold_mode == DSC_THRESHOLD_REL && c.min_lr == 0 && c.eps == 1e-8);

  /* rel threshold 0.1 (better: a < 0.9·best), patience 2, cooldown 1, factor 0.5, min_lr 0.2, lr 1
      1  m 10   better, best 10                        lr 1
      2  m 9.5  9.5 < 9? no, bad 1                     lr 1
      3  m 9.2  bad 2                                  lr 1
      4  m 9.1  bad 3 > 2: lr = max(0.5, 0.2), cooldown 1, bad 0     lr 0.5
      5  m 9.0  9 < 9? no, bad 1; in cooldown → cooldown 0, bad 0    lr 0.5
      6  m 8    better (8 < 9), best 8                 lr 0.5
      7  m 8    8 < 7.2? no, bad 1;  8: bad 2;  9: bad 3 → lr 0.25, cooldown 1
     10  m 7.5  bad 1 → cooldown → bad 0
     11  bad 1, 12 bad 2, 13 bad 3 → max(0.125, 0.2) = 0.2 (0.25 − 0.2 = 0.05 > eps), cooldown 1
     14  bad 1 → cooldown → 0
     15  bad 1, 16 bad 2, 17 bad 3 → max(0.1, 0.2) = 0.2: change 0 <= eps, lr stays 0.2 */
  {
    const double m[17] = {10, 9.5, 9.2, 9.1, 9.0, 8, 8, 8, 8, 7.5, 7.5, 7.5, 7.5, 7.5, 7.5, 7.5, 7.5};
    const double w[17] = {1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.2,
                          0.2, 0.2, 0.2, 0.2};
    c.threshold = 0.1;
    c.patience = 2;
    c.cooldown = 1;
    c.factor = 0.5;
    c.min_lr = 0.2;
    check_plateau(&c, 1.0, m, w, 17, "plateau rel");
  }

  /* abs threshold 0.5 (better: a < best − 0.5), patience 0, factor 0.1, lr 1
     1 m 5    better, best 5                 lr 1
     2 m 4.6  4.6 < 4.5? no, bad 1 > 0       lr 0.1
     3 m 4.4  better, best 4.4               lr 0.1
     4 m 4.0  4.0 < 3.9? no                  lr 0.01
     5 m 3.8  better                         lr 0.01
     6 m NaN  not better                     lr 0.001 */
  {
    const double m[6] = {5, 4.6, 4.4, 4.0, 3.8, NAN};
    const double w[6] = {1, 0.1, 0.1, 0.1 * 0.1, 0.1 * 0.1, 0.1 * 0.1 * 0.1};
    dsc_sched_config_default(&c, DSC_SCHED_PLATEAU);
    c.threshold_mode = DSC_THRESHOLD_ABS;
    c.threshold = 0.5;
    c.patience = 0;
    check_plateau(&c, 1.0, m, w, 6, "plateau abs");
  }

  /* eps: lr 1e-8 would drop to 1e-9, a change of 9e-9 <= eps 1e-8, so it is ignored */
  {
    const double m[3] = {1, 1, 1};
    const double w[3] = {1e-8, 1e-8, 1e-8};
    dsc_sched_config_default(&c, DSC_SCHED_PLATEAU);
    c.patience = 0;
    check_plateau(&c, 1e-8, m, w, 3, "plateau eps");
  }
}

static void test_bold(void) {
  dsc_sched_config c;
  dsc_sched s;
  dsc_sched_config_default(&c, DSC_SCHED_BOLD_DRIVER);
  CHECK(c.increase == 1.05 && c.decrease == 0.5);
  CHECK(dsc_sched_init(&s, &c, 0.1, 100, NULL) == DSC_OK);
  CHECK(dsc_sched_lr(&s) == 0.1);
  dsc_sched_bold(&s, 1); /* 0.1·1.05 */
  CHECK(dsc_sched_lr(&s) == 0.1 * 1.05);
  dsc_sched_bold(&s, 1); /* ·1.05 */
  CHECK(dsc_sched_lr(&s) == 0.1 * 1.05 * 1.05);
  dsc_sched_bold(&s, 0); /* ·0.5 */
  CHECK(dsc_sched_lr(&s) == 0.1 * 1.05 * 1.05 * 0.5);
  CHECK(s.t == 3);
  dsc_sched_step(&s, 123.0); /* the trainer reports bold outcomes; a plain step keeps the rate */
  CHECK(dsc_sched_lr(&s) == 0.1 * 1.05 * 1.05 * 0.5);
  /* other kinds ignore bold outcomes */
  dsc_sched_config_default(&c, DSC_SCHED_CONSTANT);
  CHECK(dsc_sched_init(&s, &c, 0.1, 100, NULL) == DSC_OK);
  dsc_sched_bold(&s, 0);
  CHECK(dsc_sched_lr(&s) == 0.1);
}

static int fails_with(const dsc_sched_config *c, const char *prefix) {
  dsc_error err;
  memset(err.message, 0, sizeof err.message);
  if (dsc_sched_config_check(c, &err) != DSC_EINVAL) return 0;
  if (strncmp(err.message, prefix, strlen(prefix)) != 0) {
    fprintf(stderr, "message \"%s\" does not start with \"%s\"\n", err.message, prefix);
    return 0;
  }
  return 1;
}

static void test_config_check(void) {
  dsc_sched_config c;
  dsc_error err;
  for (int k = DSC_SCHED_CONSTANT; k <= DSC_SCHED_BOLD_DRIVER; k++) {
    dsc_sched_config_default(&c, (dsc_sched_kind)k);
    CHECK(c.per == DSC_PER_EPOCH);
    CHECK(dsc_sched_config_check(&c, &err) == DSC_OK);
    c.per = 2;
    CHECK(fails_with(&c, "per:"));
  }
  dsc_sched_config_default(&c, DSC_SCHED_STEP);
  c.step_size = 0;
  CHECK(fails_with(&c, "step_size: must be >= 1, got 0"));
  c.step_size = 1;
  c.gamma = 0;
  CHECK(fails_with(&c, "gamma: must be > 0"));
  dsc_sched_config_default(&c, DSC_SCHED_EXPONENTIAL);
  c.gamma = NAN;
  CHECK(fails_with(&c, "gamma:"));
  dsc_sched_config_default(&c, DSC_SCHED_COSINE);
  c.t_max = -1;
  CHECK(fails_with(&c, "t_max: must be >= 1, or 0 for the run's length"));
  c.t_max = 5;
  c.eta_min = -1;
  CHECK(fails_with(&c, "eta_min:"));
  dsc_sched_config_default(&c, DSC_SCHED_LINEAR);
  c.start_factor = 0;
  CHECK(fails_with(&c, "start_factor: must be in (0, 1]"));
  c.start_factor = 0.5;
  c.end_factor = 1.5;
  CHECK(fails_with(&c, "end_factor:"));
  c.end_factor = 1;
  c.total_iters = 0;
  CHECK(fails_with(&c, "total_iters:"));
  dsc_sched_config_default(&c, DSC_SCHED_PLATEAU);
  c.factor = 1;
  CHECK(fails_with(&c, "factor: must be in (0, 1)"));
  c.factor = 0.1;
  c.patience = -1;
  CHECK(fails_with(&c, "patience:"));
  c.patience = 0;
  c.cooldown = -1;
  CHECK(fails_with(&c, "cooldown:"));
  c.cooldown = 0;
  c.threshold_mode = 2;
  CHECK(fails_with(&c, "threshold_mode:"));
  c.threshold_mode = 0;
  c.threshold = -1;
  CHECK(fails_with(&c, "threshold:"));
  c.threshold = 0;
  c.min_lr = -1;
  CHECK(fails_with(&c, "min_lr:"));
  c.min_lr = 0;
  c.eps = -1;
  CHECK(fails_with(&c, "eps:"));
  dsc_sched_config_default(&c, DSC_SCHED_BOLD_DRIVER);
  c.increase = 1;
  CHECK(fails_with(&c, "increase: must be > 1"));
  c.increase = 1.1;
  c.decrease = 1;
  CHECK(fails_with(&c, "decrease: must be in (0, 1)"));
  c.kind = 13;
  CHECK(fails_with(&c, "kind:"));
  {
    const int32_t bad[2] = {4, 4}, zero[1] = {0};
    dsc_sched_config parts[3];
    for (int k = DSC_SCHED_ONE_CYCLE; k <= DSC_SCHED_SEQUENTIAL; k++) {
      dsc_sched_config_default(&c, (dsc_sched_kind)k);
      /* torch requires these; descent has no default for them */
      if (k == DSC_SCHED_CYCLIC) CHECK(fails_with(&c, "max_lr: must be > 0 and finite (CyclicLR has no default)"));
      else if (k == DSC_SCHED_COSINE_WARM_RESTARTS) CHECK(fails_with(&c, "t_0: must be >= 1 (CosineAnnealingWarmRestarts has no default)"));
      else if (k == DSC_SCHED_MULTISTEP) CHECK(fails_with(&c, "n_milestones: must be in 1..16, got 0"));
      else CHECK(dsc_sched_config_check(&c, &err) == DSC_OK);
    }
    dsc_sched_config_default(&c, DSC_SCHED_ONE_CYCLE);
    c.max_lr = -1;
    CHECK(fails_with(&c, "max_lr: must be > 0 and finite, or 0 for the optimizer's lr"));
    c.max_lr = 0, c.total_steps = -1;
    CHECK(fails_with(&c, "total_steps:"));
    c.total_steps = 0, c.pct_start = 1.5;
    CHECK(fails_with(&c, "pct_start: must be in [0, 1]"));
    c.pct_start = 0.3, c.anneal_strategy = 2;
    CHECK(fails_with(&c, "anneal_strategy:"));
    c.anneal_strategy = 0, c.div_factor = 0;
    CHECK(fails_with(&c, "div_factor:"));
    c.div_factor = 25, c.final_div_factor = INFINITY;
    CHECK(fails_with(&c, "final_div_factor:"));
    c.final_div_factor = 1e4, c.three_phase = 2;
    CHECK(fails_with(&c, "three_phase:"));
    c.three_phase = 0, c.cycle_momentum = 1, c.max_momentum = 1;
    CHECK(fails_with(&c, "max_momentum: must be in (0, 1)"));
    c.max_momentum = 0.9, c.base_momentum = -0.1;
    CHECK(fails_with(&c, "base_momentum:"));
    dsc_sched_config_default(&c, DSC_SCHED_CYCLIC);
    c.max_lr = 1, c.step_size_up = 0;
    CHECK(fails_with(&c, "step_size_up:"));
    c.step_size_up = 1, c.step_size_down = -1;
    CHECK(fails_with(&c, "step_size_down:"));
    c.step_size_down = 0, c.mode = 3;
    CHECK(fails_with(&c, "mode:"));
    c.mode = 0, c.base_lr = -1;
    CHECK(fails_with(&c, "base_lr:"));
    dsc_sched_config_default(&c, DSC_SCHED_COSINE_WARM_RESTARTS);
    c.t_0 = 1, c.t_mult = 0;
    CHECK(fails_with(&c, "t_mult:"));
    dsc_sched_config_default(&c, DSC_SCHED_MULTISTEP);
    c.milestones = bad, c.n_milestones = 2;
    CHECK(fails_with(&c, "milestones[1]: must be greater than milestones[0] (4): strictly increasing, got 4"));
    c.milestones = zero, c.n_milestones = 1;
    CHECK(fails_with(&c, "milestones[0]: must be >= 1, got 0"));
    c.milestones = NULL;
    CHECK(fails_with(&c, "milestones: must not be NULL"));
    dsc_sched_config_default(&c, DSC_SCHED_POLYNOMIAL);
    c.power = -1;
    CHECK(fails_with(&c, "power:"));
    /* sequential: counts, milestones, child kinds, child fields named by index */
    dsc_sched_config_default(&c, DSC_SCHED_SEQUENTIAL);
    dsc_sched_config_default(&parts[0], DSC_SCHED_LINEAR);
    dsc_sched_config_default(&parts[1], DSC_SCHED_COSINE);
    dsc_sched_config_default(&parts[2], DSC_SCHED_SEQUENTIAL);
    c.schedulers = parts, c.n_schedulers = 1;
    CHECK(fails_with(&c, "n_schedulers: must be in 2..4, got 1"));
    c.n_schedulers = 2, c.n_milestones = 2, c.milestones = bad;
    CHECK(fails_with(&c, "n_milestones: must be one fewer than the 2 schedulers, got 2"));
    c.n_schedulers = 3;
    CHECK(fails_with(&c, "milestones[1]: must be greater than"));
    c.n_schedulers = 2, c.n_milestones = 1, c.milestones = zero;
    CHECK(fails_with(&c, "milestones[0]: must be >= 1"));
    c.milestones = bad;
    parts[1].t_max = -2;
    CHECK(fails_with(&c, "schedulers[1].t_max: must be >= 1, or 0 for the run's length, got -2"));
    parts[1].t_max = 0;
    parts[1].kind = DSC_SCHED_SEQUENTIAL;
    CHECK(fails_with(&c, "schedulers[1].kind: must be constant, exponential, step, cosine, linear"));
    parts[1].kind = DSC_SCHED_ONE_CYCLE;
    CHECK(fails_with(&c, "schedulers[1].kind:"));
    parts[1].kind = DSC_SCHED_PLATEAU;
    CHECK(fails_with(&c, "schedulers[1].kind:"));
    parts[1].kind = DSC_SCHED_COSINE;
    CHECK(dsc_sched_config_check(&c, &err) == DSC_OK);
    c.schedulers = NULL;
    CHECK(fails_with(&c, "schedulers: must not be NULL"));
  }
}

/* Compares the rates (and, when want_m is not NULL, the momentum) of cfg at t = 0..GOLDEN_T with torch
   (tests/torch/golden.py). torch's chainable forms (SequentialLR's schedulers after their first
   step) accumulate rounding, hence 1e-13 rather than bit equality. */
static void check_golden(const dsc_sched_config *cfg, const double *want, const double *want_m,
                         const char *what) {
  dsc_sched s;
  dsc_error err;
  if (dsc_sched_init(&s, cfg, GOLDEN_LR, GOLDEN_T, &err) != DSC_OK) {
    fprintf(stderr, "%s: %s\n", what, err.message);
    CHECK(0);
    return;
  }
  for (int t = 0; t <= GOLDEN_T; t++) {
    const double lr = dsc_sched_lr(&s), m = dsc_sched_momentum(&s);
    if (!(fabs(lr - want[t]) <= 1e-13 * fabs(want[t]) + 1e-16))
      fprintf(stderr, "%s: t = %d: lr %.17g, torch %.17g\n", what, t, lr, want[t]);
    CHECK(fabs(lr - want[t]) <= 1e-13 * fabs(want[t]) + 1e-16);
    if (want_m) {
      if (!(fabs(m - want_m[t]) <= 1e-13)) fprintf(stderr, "%s: t = %d: momentum %.17g, torch %.17g\n", what, t, m, want_m[t]);
      CHECK(fabs(m - want_m[t]) <= 1e-13);
    } else {
      CHECK(isnan(m));
    }
    dsc_sched_step(&s, 0);
  }
}

static void test_torch_golden(void) {
  dsc_sched_config c;
  dsc_sched_config_default(&c, DSC_SCHED_ONE_CYCLE);
  CHECK(c.pct_start == 0.3 && c.div_factor == 25 && c.final_div_factor == 1e4 && c.max_lr == 0 &&
        c.total_steps == 0 && c.anneal_strategy == DSC_ANNEAL_COS && !c.three_phase && !c.cycle_momentum &&
        c.base_momentum == 0.85 && c.max_momentum == 0.95);
  c.total_steps = GOLDEN_T; /* max_lr 0: the optimizer's lr */
  check_golden(&c, GOLDEN_SCHED_ONE_CYCLE, NULL, "one_cycle");
  {
    dsc_sched_config d = c;
    d.max_lr = 0.8, d.pct_start = 0.25, d.anneal_strategy = DSC_ANNEAL_LINEAR, d.div_factor = 10;
    d.final_div_factor = 100;
    check_golden(&d, GOLDEN_SCHED_ONE_CYCLE_OPTIONS, NULL, "one_cycle options");
    d = c, d.three_phase = 1;
    check_golden(&d, GOLDEN_SCHED_ONE_CYCLE_THREE_PHASE, NULL, "one_cycle three_phase");
    d = c, d.cycle_momentum = 1, d.base_momentum = 0.7, d.max_momentum = 0.9;
    check_golden(&d, GOLDEN_SCHED_ONE_CYCLE_MOMENTUM_SGD, GOLDEN_MOMENTUM_ONE_CYCLE_MOMENTUM_SGD, "one_cycle momentum");
    d = c, d.cycle_momentum = 1, d.three_phase = 1;
    check_golden(&d, GOLDEN_SCHED_ONE_CYCLE_MOMENTUM_ADAM, GOLDEN_MOMENTUM_ONE_CYCLE_MOMENTUM_ADAM, "one_cycle betas");
  }

  dsc_sched_config_default(&c, DSC_SCHED_CYCLIC);
  CHECK(c.gamma == 1 && c.mode == DSC_CYCLIC_TRIANGULAR && c.step_size_up == 2000 && c.step_size_down == 0 &&
        c.base_momentum == 0.8 && c.max_momentum == 0.9 && c.max_lr == 0 && c.base_lr == 0);
  c.base_lr = 0.1, c.max_lr = 0.6, c.step_size_up = 3;
  check_golden(&c, GOLDEN_SCHED_CYCLIC, NULL, "cyclic");
  {
    dsc_sched_config d = c;
    d.step_size_down = 5, d.mode = DSC_CYCLIC_TRIANGULAR2;
    check_golden(&d, GOLDEN_SCHED_CYCLIC_TRIANGULAR2, NULL, "cyclic triangular2");
    d = c, d.base_lr = 0, d.max_lr = 0.9, d.step_size_up = 2, d.step_size_down = 4, d.mode = DSC_CYCLIC_EXP_RANGE;
    d.gamma = 0.9; /* base_lr 0: the optimizer's lr */
    check_golden(&d, GOLDEN_SCHED_CYCLIC_EXP_RANGE, NULL, "cyclic exp_range");
    d = c, d.step_size_up = 4, d.mode = DSC_CYCLIC_TRIANGULAR2, d.cycle_momentum = 1;
    check_golden(&d, GOLDEN_SCHED_CYCLIC_MOMENTUM, GOLDEN_MOMENTUM_CYCLIC_MOMENTUM, "cyclic momentum");
  }

  dsc_sched_config_default(&c, DSC_SCHED_COSINE_WARM_RESTARTS);
  CHECK(c.t_mult == 1 && c.eta_min == 0 && c.t_0 == 0);
  c.t_0 = 5;
  check_golden(&c, GOLDEN_SCHED_COSINE_WARM_RESTARTS, NULL, "cosine_warm_restarts");
  c.t_0 = 2, c.t_mult = 2, c.eta_min = 0.05;
  check_golden(&c, GOLDEN_SCHED_COSINE_WARM_RESTARTS_OPTIONS, NULL, "cosine_warm_restarts options");

  {
    const int32_t m1[3] = {3, 7, 8}, m2[2] = {2, 10};
    dsc_sched_config_default(&c, DSC_SCHED_MULTISTEP);
    CHECK(c.gamma == 0.1 && c.milestones == NULL && c.n_milestones == 0);
    c.milestones = m1, c.n_milestones = 3;
    check_golden(&c, GOLDEN_SCHED_MULTISTEP, NULL, "multistep");
    c.milestones = m2, c.n_milestones = 2, c.gamma = 0.5;
    check_golden(&c, GOLDEN_SCHED_MULTISTEP_GAMMA, NULL, "multistep gamma");
  }

  dsc_sched_config_default(&c, DSC_SCHED_POLYNOMIAL);
  CHECK(c.total_iters == 5 && c.power == 1);
  check_golden(&c, GOLDEN_SCHED_POLYNOMIAL, NULL, "polynomial");
  c.total_iters = 8, c.power = 2.5;
  check_golden(&c, GOLDEN_SCHED_POLYNOMIAL_OPTIONS, NULL, "polynomial options");

  {
    dsc_sched_config parts[3];
    const int32_t m4[1] = {4}, m39[2] = {3, 9}, m29[2] = {2, 9}, inner[2] = {2, 4};
    dsc_sched_config_default(&c, DSC_SCHED_SEQUENTIAL);
    dsc_sched_config_default(&parts[0], DSC_SCHED_LINEAR);
    parts[0].start_factor = 0.1, parts[0].total_iters = 4;
    dsc_sched_config_default(&parts[1], DSC_SCHED_COSINE);
    parts[1].t_max = 12, parts[1].eta_min = 0.01;
    c.schedulers = parts, c.n_schedulers = 2, c.milestones = m4, c.n_milestones = 1;
    check_golden(&c, GOLDEN_SCHED_SEQUENTIAL_WARMUP_COSINE, NULL, "sequential warm-up cosine");

    dsc_sched_config_default(&parts[0], DSC_SCHED_EXPONENTIAL);
    parts[0].gamma = 0.8;
    dsc_sched_config_default(&parts[1], DSC_SCHED_STEP);
    parts[1].step_size = 2, parts[1].gamma = 0.5;
    dsc_sched_config_default(&parts[2], DSC_SCHED_MULTISTEP);
    parts[2].milestones = inner, parts[2].n_milestones = 2;
    c.n_schedulers = 3, c.milestones = m39, c.n_milestones = 2;
    check_golden(&c, GOLDEN_SCHED_SEQUENTIAL_THREE, NULL, "sequential three");

    dsc_sched_config_default(&parts[0], DSC_SCHED_CONSTANT);
    dsc_sched_config_default(&parts[1], DSC_SCHED_COSINE_WARM_RESTARTS);
    parts[1].t_0 = 2, parts[1].t_mult = 2;
    dsc_sched_config_default(&parts[2], DSC_SCHED_POLYNOMIAL);
    parts[2].total_iters = 4, parts[2].power = 2;
    c.milestones = m29;
    check_golden(&c, GOLDEN_SCHED_SEQUENTIAL_RESTARTS_POLYNOMIAL, NULL, "sequential restarts polynomial");
  }
}

/* Defaults that follow the run: cosine's T_max 0 and one_cycle's total_steps 0 resolve to the steps
   passed to dsc_sched_init (in a sequential, to the steps a part runs for); the default sequential is
   LinearLR's warm-up for 5 steps, then cosine to the end. The arrays a config points to are copied. */
static void test_run_length_defaults(void) {
  dsc_sched_config c;
  dsc_sched s;
  dsc_error err;
  dsc_sched_config_default(&c, DSC_SCHED_COSINE);
  CHECK(c.t_max == 0);
  CHECK(dsc_sched_init(&s, &c, 0.5, 40, &err) == DSC_OK && s.part[0].cfg.t_max == 40);
  for (int t = 0; t < 20; t++) dsc_sched_step(&s, 0);
  CHECK_NEAR(dsc_sched_lr(&s), 0.25, 1e-15); /* half way */
  for (int t = 0; t < 20; t++) dsc_sched_step(&s, 0);
  CHECK_NEAR(dsc_sched_lr(&s), 0.0, 1e-16); /* η_min at the end of the run, not at 100 */

  dsc_sched_config_default(&c, DSC_SCHED_ONE_CYCLE);
  CHECK(dsc_sched_init(&s, &c, 0.5, 24, &err) == DSC_OK && s.part[0].cfg.total_steps == 24 &&
        s.part[0].cfg.max_lr == 0.5);
  CHECK(dsc_sched_lr(&s) == GOLDEN_SCHED_ONE_CYCLE[0]);

  dsc_sched_config_default(&c, DSC_SCHED_SEQUENTIAL);
  CHECK(c.n_schedulers == 2 && c.n_milestones == 1 && c.milestones[0] == 5 &&
        c.schedulers[0].kind == DSC_SCHED_LINEAR && c.schedulers[1].kind == DSC_SCHED_COSINE);
  CHECK(dsc_sched_init(&s, &c, 0.3, 25, &err) == DSC_OK);
  CHECK(s.n_parts == 2 && s.part[1].start == 5 && s.part[1].cfg.t_max == 20 && s.cfg.schedulers == NULL);
  CHECK_NEAR(dsc_sched_lr(&s), 0.1, 1e-16); /* lr/3 */
  for (int t = 0; t < 5; t++) dsc_sched_step(&s, 0);
  CHECK(dsc_sched_lr(&s) == 0.3); /* cosine at its own t = 0 */
  for (int t = 0; t < 20; t++) dsc_sched_step(&s, 0);
  CHECK_NEAR(dsc_sched_lr(&s), 0.0, 1e-16);
  {
    /* a part that starts after the run's end still resolves to at least one step */
    dsc_sched_config parts[2];
    int32_t m[1] = {50};
    dsc_sched_config_default(&parts[0], DSC_SCHED_CONSTANT);
    dsc_sched_config_default(&parts[1], DSC_SCHED_COSINE);
    c.schedulers = parts, c.milestones = m;
    CHECK(dsc_sched_init(&s, &c, 0.3, 25, &err) == DSC_OK && s.part[1].cfg.t_max == 1 &&
          s.part[0].cfg.kind == DSC_SCHED_CONSTANT);
    m[0] = 7; /* the state keeps its own copy */
    CHECK(s.part[1].start == 50);
  }
}

/* OneCycleLR phases of zero steps (torch divides by zero there) are refused at init. */
static void test_one_cycle_phases(void) {
  dsc_sched_config c;
  dsc_sched s;
  dsc_error err;
  dsc_sched_config_default(&c, DSC_SCHED_ONE_CYCLE);
  c.pct_start = 0.1; /* 0.1·10 − 1 = 0: the first phase ends where it starts */
  CHECK(dsc_sched_init(&s, &c, 0.5, 10, &err) == DSC_EINVAL && strstr(err.message, "pct_start: 0.1 with total_steps 10 gives phase 1 no steps") == err.message);
  c.pct_start = 1;
  CHECK(dsc_sched_init(&s, &c, 0.5, 10, &err) == DSC_EINVAL && strstr(err.message, "phase 2") != NULL);
  c.pct_start = 0.3;
  CHECK(dsc_sched_init(&s, &c, 0.5, 10, &err) == DSC_OK);
  c.three_phase = 1, c.pct_start = 0.55; /* 10 + 1 − 2·5.5 = 0: the third phase is empty */
  CHECK(dsc_sched_init(&s, &c, 0.5, 10, &err) == DSC_EINVAL && strstr(err.message, "phase 3") != NULL);
  CHECK(dsc_sched_init(&s, &c, 0, 10, &err) == DSC_EINVAL && strncmp(err.message, "base_lr:", 8) == 0);
  c.pct_start = 0.3;
  CHECK(dsc_sched_init(&s, &c, 0.5, 0, &err) == DSC_EINVAL && strncmp(err.message, "steps:", 6) == 0);
}

int main(void) {
  test_closed_forms();
  test_plateau();
  test_bold();
  test_config_check();
  test_torch_golden();
  test_run_length_defaults();
  test_one_cycle_phases();
  return check_summary("test_sched");
}
