/* test_sched.c — learning-rate schedules against their closed forms (t = 0..20), ReduceLROnPlateau on
 * scripted metric sequences with hand-derived rates, and the bold driver's multiplications. */
#include <string.h>

#include "check.h"
#include "descent.h"

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
}

int main(void) {
  test_closed_forms();
  test_plateau();
  test_bold();
  test_config_check();
  return check_summary("test_sched");
}
