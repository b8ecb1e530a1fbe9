/* test_optim.c — every torch.optim update rule, three steps by hand.
 *
 * The problem: two parameters p₀ = [1, −2] and a fixed gradient sequence
 *   g₁ = [0.5, −1],  g₂ = [0.25, 0.5],  g₃ = [−1, 2]
 * (weight decay adds wd·p on top). The expected values below are derived in the comments from the
 * torch.optim formulas; where a square root is involved the last step is left to the compiler
 * (sqrt(...) written out), everything before it is hand arithmetic.
 */
#include <string.h>

#include "check.h"
#include "descent.h"
#include "torch_golden.h"

static const double G[3][2] = {{0.5, -1.0}, {0.25, 0.5}, {-1.0, 2.0}};
#define TOL 1e-12

/* Runs three steps of cfg from p₀ with gradients G, writes p after each step to out[step][i]. */
static void run3(const dsc_optim_config *cfg, const double G3[3][2], double out[3][2]) {
  dsc_optim opt;
  dsc_error err;
  double p[2] = {1.0, -2.0};
  dsc_status st = dsc_optim_init(&opt, cfg, 2, &err);
  CHECK(st == DSC_OK);
  if (st != DSC_OK) {
    fprintf(stderr, "init: %s\n", err.message);
    return;
  }
  for (int s = 0; s < 3; s++) {
    double g[2] = {G3[s][0], G3[s][1]};
    dsc_optim_step(&opt, p, g, cfg->lr);
    out[s][0] = p[0];
    out[s][1] = p[1];
  }
  CHECK(opt.t == 3);
  dsc_optim_free(&opt);
}

static void expect3(double got[3][2], const double want[3][2], const char *what) {
  for (int s = 0; s < 3; s++)
    for (int i = 0; i < 2; i++) {
      if (fabs(got[s][i] - want[s][i]) > TOL)
        fprintf(stderr, "%s: step %d, p[%d]\n", what, s + 1, i);
      CHECK_NEAR(got[s][i], want[s][i], TOL);
    }
}

static void test_sgd(void) {
  dsc_optim_config c;
  double got[3][2];

  /* plain, lr 0.1: p ← p − 0.1·g
     p₁ = [1 − 0.05, −2 + 0.1] = [0.95, −1.9]
     p₂ = [0.95 − 0.025, −1.9 − 0.05] = [0.925, −1.95]
     p₃ = [0.925 + 0.1, −1.95 − 0.2] = [1.025, −2.15] */
  dsc_optim_config_default(&c, DSC_OPTIM_SGD);
  c.lr = 0.1;
  run3(&c, G, got);
  expect3(got, (const double[3][2]){{0.95, -1.9}, {0.925, -1.95}, {1.025, -2.15}}, "sgd");

  /* momentum 0.9, dampening 0.5, lr 0.1
     buf₁ = g₁ = [0.5, −1]                                 p₁ = [0.95, −1.9]
     buf₂ = 0.9·[0.5, −1] + 0.5·[0.25, 0.5] = [0.575, −0.65]  p₂ = [0.95 − 0.0575, −1.9 + 0.065]
                                                              = [0.8925, −1.835]
     buf₃ = 0.9·[0.575, −0.65] + 0.5·[−1, 2] = [0.0175, 0.415] p₃ = [0.8925 − 0.00175, −1.835 − 0.0415]
                                                              = [0.89075, −1.8765] */
  dsc_optim_config_default(&c, DSC_OPTIM_SGD);
  c.lr = 0.1;
  c.momentum = 0.9;
  c.dampening = 0.5;
  run3(&c, G, got);
  expect3(got, (const double[3][2]){{0.95, -1.9}, {0.8925, -1.835}, {0.89075, -1.8765}},
          "sgd momentum");

  /* Nesterov, momentum 0.9, lr 0.1: buf as above with dampening 0, step g + 0.9·buf
     buf₁ = [0.5, −1]      d₁ = [0.95, −1.9]                 p₁ = [0.905, −1.81]
     buf₂ = [0.7, −0.4]    d₂ = [0.25 + 0.63, 0.5 − 0.36] = [0.88, 0.14]
                                                             p₂ = [0.817, −1.824]
     buf₃ = [−0.37, 1.64]  d₃ = [−1 − 0.333, 2 + 1.476] = [−1.333, 3.476]
                                                             p₃ = [0.9503, −2.1716] */
  dsc_optim_config_default(&c, DSC_OPTIM_SGD);
  c.lr = 0.1;
  c.momentum = 0.9;
  c.nesterov = 1;
  run3(&c, G, got);
  expect3(got, (const double[3][2]){{0.905, -1.81}, {0.817, -1.824}, {0.9503, -2.1716}}, "nesterov");

  /* weight decay 0.1, lr 0.1: g ← g + 0.1·p
     g₁ = [0.5 + 0.1, −1 − 0.2] = [0.6, −1.2]                 p₁ = [0.94, −1.88]
     g₂ = [0.25 + 0.094, 0.5 − 0.188] = [0.344, 0.312]        p₂ = [0.9056, −1.9112]
     g₃ = [−1 + 0.09056, 2 − 0.19112] = [−0.90944, 1.80888]   p₃ = [0.996544, −2.092088] */
  dsc_optim_config_default(&c, DSC_OPTIM_SGD);
  c.lr = 0.1;
  c.weight_decay = 0.1;
  run3(&c, G, got);
  expect3(got, (const double[3][2]){{0.94, -1.88}, {0.9056, -1.9112}, {0.996544, -2.092088}},
          "sgd weight decay");
}

static void test_adagrad(void) {
  dsc_optim_config c;
  double got[3][2];
  const double e = 1e-10;

  /* plain, lr 0.1, eps 1e-10: sum ← sum + g², p ← p − 0.1·g/(√sum + eps)
     sum₁ = [0.25, 1]           p₁ = [1 − 0.05/(0.5 + e), −2 + 0.1/(1 + e)]
     sum₂ = [0.3125, 1.25]      p₂ = p₁ − 0.1·[0.25/(√0.3125 + e), 0.5/(√1.25 + e)]
     sum₃ = [1.3125, 5.25]      p₃ = p₂ − 0.1·[−1/(√1.3125 + e), 2/(√5.25 + e)] */
  dsc_optim_config_default(&c, DSC_OPTIM_ADAGRAD);
  c.lr = 0.1;
  CHECK(c.eps == 1e-10);
  run3(&c, G, got);
  {
    double w[3][2];
    w[0][0] = 1 - 0.05 / (0.5 + e);
    w[0][1] = -2 + 0.1 / (1 + e);
    w[1][0] = w[0][0] - 0.1 * 0.25 / (sqrt(0.3125) + e);
    w[1][1] = w[0][1] - 0.1 * 0.5 / (sqrt(1.25) + e);
    w[2][0] = w[1][0] + 0.1 * 1 / (sqrt(1.3125) + e);
    w[2][1] = w[1][1] - 0.1 * 2 / (sqrt(5.25) + e);
    expect3(got, (const double(*)[2])w, "adagrad");
  }

  /* lr_decay 0.5, initial_accumulator_value 0.75: clr_t = 0.1/(1 + (t − 1)·0.5) = 0.1, 0.1/1.5, 0.05
     sum₀ = [0.75, 0.75]
     sum₁ = [1, 1.75]           p₁ = p₀ − 0.1·[0.5/(1 + e), −1/(√1.75 + e)]
     sum₂ = [1.0625, 2]         p₂ = p₁ − (0.1/1.5)·[0.25/(√1.0625 + e), 0.5/(√2 + e)]
     sum₃ = [2.0625, 6]         p₃ = p₂ − 0.05·[−1/(√2.0625 + e), 2/(√6 + e)] */
  c.lr_decay = 0.5;
  c.initial_accumulator_value = 0.75;
  run3(&c, G, got);
  {
    double w[3][2];
    w[0][0] = 1 - 0.1 * 0.5 / (1 + e);
    w[0][1] = -2 + 0.1 * 1 / (sqrt(1.75) + e);
    w[1][0] = w[0][0] - (0.1 / 1.5) * 0.25 / (sqrt(1.0625) + e);
    w[1][1] = w[0][1] - (0.1 / 1.5) * 0.5 / (sqrt(2.0) + e);
    w[2][0] = w[1][0] + 0.05 * 1 / (sqrt(2.0625) + e);
    w[2][1] = w[1][1] - 0.05 * 2 / (sqrt(6.0) + e);
    expect3(got, (const double(*)[2])w, "adagrad lr_decay");
  }
}

static void test_rmsprop(void) {
  dsc_optim_config c;
  double got[3][2];
  const double e = 1e-8;
  /* α = 0.9: sq ← 0.9·sq + 0.1·g²
     sq₁ = [0.025, 0.1]
     sq₂ = [0.0225 + 0.00625, 0.09 + 0.025] = [0.02875, 0.115]
     sq₃ = [0.025875 + 0.1, 0.1035 + 0.4] = [0.125875, 0.5035]
     centered: ga ← 0.9·ga + 0.1·g
     ga₁ = [0.05, −0.1],  ga₂ = [0.045 + 0.025, −0.09 + 0.05] = [0.07, −0.04],
     ga₃ = [0.063 − 0.1, −0.036 + 0.2] = [−0.037, 0.164]
     sq − ga²: step 1 [0.025 − 0.0025, 0.1 − 0.01] = [0.0225, 0.09] (√ = [0.15, 0.3]);
               step 2 [0.02875 − 0.0049, 0.115 − 0.0016] = [0.02385, 0.1134];
               step 3 [0.125875 − 0.001369, 0.5035 − 0.026896] = [0.124506, 0.476604] */
  const double sq[3][2] = {{0.025, 0.1}, {0.02875, 0.115}, {0.125875, 0.5035}};
  const double var[3][2] = {{0.0225, 0.09}, {0.02385, 0.1134}, {0.124506, 0.476604}};

  /* plain, lr 0.01: p ← p − 0.01·g/(√sq + eps) */
  dsc_optim_config_default(&c, DSC_OPTIM_RMSPROP);
  c.lr = 0.01;
  c.alpha = 0.9;
  run3(&c, G, got);
  {
    double w[3][2], p[2] = {1, -2};
    for (int s = 0; s < 3; s++)
      for (int i = 0; i < 2; i++) w[s][i] = p[i] = p[i] - 0.01 * G[s][i] / (sqrt(sq[s][i]) + e);
    expect3(got, (const double(*)[2])w, "rmsprop");
  }

  /* centered: p ← p − 0.01·g/(√(sq − ga²) + eps); step 1: p₁ = [1 − 0.01·0.5/0.15, −2 + 0.01/0.3] */
  c.centered = 1;
  run3(&c, G, got);
  {
    double w[3][2], p[2] = {1, -2};
    for (int s = 0; s < 3; s++)
      for (int i = 0; i < 2; i++) w[s][i] = p[i] = p[i] - 0.01 * G[s][i] / (sqrt(var[s][i]) + e);
    CHECK_NEAR(w[0][0], 1 - 0.005 / (0.15 + e), 1e-15);
    expect3(got, (const double(*)[2])w, "rmsprop centered");
  }

  /* momentum 0.5 (not centered): buf ← 0.5·buf + g/(√sq + eps), p ← p − 0.01·buf */
  c.centered = 0;
  c.momentum = 0.5;
  run3(&c, G, got);
  {
    double w[3][2], p[2] = {1, -2}, buf[2] = {0, 0};
    for (int s = 0; s < 3; s++)
      for (int i = 0; i < 2; i++) {
        buf[i] = 0.5 * buf[i] + G[s][i] / (sqrt(sq[s][i]) + e);
        w[s][i] = p[i] = p[i] - 0.01 * buf[i];
      }
    expect3(got, (const double(*)[2])w, "rmsprop momentum");
  }
}

static void test_adam(void) {
  dsc_optim_config c;
  double got[3][2];
  const double e = 1e-8;
  /* β = (0.9, 0.999), lr 0.1
     m₁ = [0.05, −0.1]         v₁ = 0.001·[0.25, 1] = [0.00025, 0.001]
     m₂ = [0.07, −0.04]        v₂ = [0.00024975 + 0.0000625, 0.000999 + 0.00025] = [0.00031225, 0.001249]
     m₃ = [−0.037, 0.164]      v₃ = [0.00031193775 + 0.001, 0.001247751 + 0.004]
                                  = [0.00131193775, 0.005247751]
     bc1 = 1 − 0.9ᵗ = 0.1, 0.19, 0.271;  bc2 = 1 − 0.999ᵗ = 0.001, 0.001999, 0.002997001
     p ← p − (0.1/bc1)·m/(√v/√bc2 + eps); step 1: √v₁/√bc2 = [0.5, 1], p₁ ≈ [0.9, −1.9] */
  const double m[3][2] = {{0.05, -0.1}, {0.07, -0.04}, {-0.037, 0.164}};
  const double v[3][2] = {{0.00025, 0.001}, {0.00031225, 0.001249}, {0.00131193775, 0.005247751}};
  const double bc1[3] = {0.1, 0.19, 0.271}, bc2[3] = {0.001, 0.001999, 0.002997001};

  dsc_optim_config_default(&c, DSC_OPTIM_ADAM);
  c.lr = 0.1;
  run3(&c, G, got);
  {
    double w[3][2], p[2] = {1, -2};
    for (int s = 0; s < 3; s++)
      for (int i = 0; i < 2; i++)
        w[s][i] = p[i] = p[i] - (0.1 / bc1[s]) * m[s][i] / (sqrt(v[s][i]) / sqrt(bc2[s]) + e);
    CHECK_NEAR(w[0][0], 0.9, 1e-7);
    CHECK_NEAR(w[0][1], -1.9, 1e-7);
    expect3(got, (const double(*)[2])w, "adam");
  }

  /* AdamW, weight_decay 0.1: p ← p·(1 − 0.1·0.1) = 0.99·p before each Adam step (g unchanged) */
  dsc_optim_config_default(&c, DSC_OPTIM_ADAMW);
  CHECK(c.weight_decay == 1e-2);
  c.lr = 0.1;
  c.weight_decay = 0.1;
  run3(&c, G, got);
  {
    double w[3][2], p[2] = {1, -2};
    for (int s = 0; s < 3; s++)
      for (int i = 0; i < 2; i++)
        w[s][i] = p[i] = p[i] * 0.99 - (0.1 / bc1[s]) * m[s][i] / (sqrt(v[s][i]) / sqrt(bc2[s]) + e);
    CHECK_NEAR(w[0][0], 0.99 - 0.1, 1e-7);
    expect3(got, (const double(*)[2])w, "adamw");
  }

  /* amsgrad with a shrinking second moment: gradients [1, −2], [0.1, 0.1], [0.1, 0.1], β₂ = 0.5
     m₁ = [0.1, −0.2]     m₂ = [0.1, −0.17]      m₃ = [0.1, −0.143]
     v₁ = [0.5, 2]        v₂ = [0.255, 1.005]     v₃ = [0.1325, 0.5075]
     vmax stays v₁ = [0.5, 2];  bc1 = 0.1, 0.19, 0.271;  bc2 = 0.5, 0.75, 0.875 */
  {
    static const double GA[3][2] = {{1.0, -2.0}, {0.1, 0.1}, {0.1, 0.1}};
    const double ma[3][2] = {{0.1, -0.2}, {0.1, -0.17}, {0.1, -0.143}};
    const double vmax[2] = {0.5, 2.0};
    const double bc2a[3] = {0.5, 0.75, 0.875};
    double w[3][2], p[2] = {1, -2};
    dsc_optim_config_default(&c, DSC_OPTIM_ADAM);
    c.lr = 0.1;
    c.beta2 = 0.5;
    c.amsgrad = 1;
    run3(&c, GA, got);
    for (int s = 0; s < 3; s++)
      for (int i = 0; i < 2; i++)
        w[s][i] = p[i] = p[i] - (0.1 / bc1[s]) * ma[s][i] / (sqrt(vmax[i]) / sqrt(bc2a[s]) + e);
    expect3(got, (const double(*)[2])w, "adam amsgrad");
    /* without amsgrad the third step uses v₃ and differs */
    c.amsgrad = 0;
    run3(&c, GA, got);
    CHECK(fabs(got[2][0] - w[2][0]) > 1e-3);
  }
}

static void test_copy_state(void) {
  dsc_optim_config c;
  dsc_optim a, b;
  dsc_error err;
  double pa[2] = {1, -2}, pb[2];
  dsc_optim_config_default(&c, DSC_OPTIM_ADAM);
  c.amsgrad = 1;
  CHECK(dsc_optim_init(&a, &c, 2, &err) == DSC_OK);
  CHECK(dsc_optim_init(&b, &c, 2, &err) == DSC_OK);
  for (int s = 0; s < 2; s++) {
    double g[2] = {G[s][0], G[s][1]};
    dsc_optim_step(&a, pa, g, c.lr);
  }
  CHECK(dsc_optim_copy_state(&b, &a, &err) == DSC_OK);
  memcpy(pb, pa, sizeof pa);
  CHECK(b.t == 2);
  {
    double ga[2] = {G[2][0], G[2][1]}, gb[2] = {G[2][0], G[2][1]};
    dsc_optim_step(&a, pa, ga, c.lr);
    dsc_optim_step(&b, pb, gb, c.lr);
  }
  CHECK(memcmp(pa, pb, sizeof pa) == 0);
  /* the slab owns the moments: Adam with amsgrad keeps m | v | vmax in it, in that order */
  CHECK(a.slab != NULL && a.buf == NULL && a.m == a.slab && a.v == a.slab + 2 && a.vmax == a.slab + 4);
  dsc_optim_free(&a);
  CHECK(a.slab == NULL && a.m == NULL && a.v == NULL && a.vmax == NULL && a.n == 0);
  dsc_optim_free(&b);
  dsc_optim_free(NULL);
  /* plain SGD has no moment at all: no slab */
  dsc_optim_config_default(&c, DSC_OPTIM_SGD);
  CHECK(dsc_optim_init(&a, &c, 3, &err) == DSC_OK);
  CHECK(a.slab == NULL && a.buf == NULL && a.m == NULL && a.v == NULL && a.vmax == NULL);
  CHECK(dsc_optim_init(&b, &c, 3, &err) == DSC_OK);
  a.t = 5;
  CHECK(dsc_optim_copy_state(&b, &a, &err) == DSC_OK && b.t == 5);
  dsc_optim_free(&a);
  dsc_optim_free(&b);
}

/* Copies between states that do not match fail with a message naming the difference and leave the
   destination as it was. */
static int copy_fails(const dsc_optim_config *cd, size_t nd, const dsc_optim_config *cs, size_t ns,
                      const char *want) {
  dsc_optim dst = {0}, src = {0};
  dsc_error err;
  int ok = dsc_optim_init(&dst, cd, nd, &err) == DSC_OK && dsc_optim_init(&src, cs, ns, &err) == DSC_OK;
  memset(err.message, 0, sizeof err.message);
  src.t = 7;
  ok = ok && dsc_optim_copy_state(&dst, &src, &err) == DSC_EINVAL && dst.t == 0;
  if (strcmp(err.message, want) != 0) {
    fprintf(stderr, "copy_state: \"%s\", want \"%s\"\n", err.message, want);
    ok = 0;
  }
  dsc_optim_free(&dst);
  dsc_optim_free(&src);
  return ok;
}

static void test_copy_state_mismatch(void) {
  dsc_optim_config sgd, adam, other;
  dsc_optim_config_default(&sgd, DSC_OPTIM_SGD);
  dsc_optim_config_default(&adam, DSC_OPTIM_ADAM);
  CHECK(copy_fails(&adam, 2, &sgd, 2, "optim: cannot copy the state of kind 0 into kind 3"));
  CHECK(copy_fails(&adam, 3, &adam, 2, "optim: cannot copy the state of 2 parameters into 3"));
  other = adam, other.amsgrad = 1;
  CHECK(copy_fails(&adam, 2, &other, 2, "optim: moment vmax is in use in the source only"));
  CHECK(copy_fails(&other, 2, &adam, 2, "optim: moment vmax is in use in the destination only"));
  other = sgd, other.momentum = 0.9;
  CHECK(copy_fails(&sgd, 2, &other, 2, "optim: moment buf is in use in the source only"));
  dsc_optim_config_default(&other, DSC_OPTIM_RMSPROP);
  {
    dsc_optim_config centered = other;
    centered.centered = 1;
    CHECK(copy_fails(&centered, 2, &other, 2, "optim: moment m is in use in the destination only"));
  }
}

static int fails_with(const dsc_optim_config *c, const char *prefix) {
  dsc_error err;
  dsc_optim opt;
  memset(err.message, 0, sizeof err.message);
  if (dsc_optim_config_check(c, &err) != DSC_EINVAL) return 0;
  if (strncmp(err.message, prefix, strlen(prefix)) != 0) {
    fprintf(stderr, "message \"%s\" does not start with \"%s\"\n", err.message, prefix);
    return 0;
  }
  /* init validates too and leaves nothing to free */
  return dsc_optim_init(&opt, c, 2, &err) == DSC_EINVAL && opt.buf == NULL && opt.v == NULL;
}

static void test_config_check(void) {
  dsc_optim_config c;
  dsc_error err;
  for (int k = DSC_OPTIM_SGD; k <= DSC_OPTIM_ADAMW; k++) {
    dsc_optim_config_default(&c, (dsc_optim_kind)k);
    CHECK(dsc_optim_config_check(&c, &err) == DSC_OK);
  }
  dsc_optim_config_default(&c, DSC_OPTIM_SGD);
  CHECK(c.lr == 1e-3);
  c.lr = -0.1;
  CHECK(fails_with(&c, "lr: must be > 0"));
  {
    dsc_error e2;
    dsc_optim_config_check(&c, &e2);
    CHECK(strstr(e2.message, "got -0.1") != NULL);
  }
  c.lr = NAN;
  CHECK(fails_with(&c, "lr:"));
  dsc_optim_config_default(&c, DSC_OPTIM_SGD);
  c.nesterov = 1;
  CHECK(fails_with(&c, "nesterov: requires momentum > 0 and dampening = 0"));
  c.momentum = 0.9;
  c.dampening = 0.1;
  CHECK(fails_with(&c, "nesterov: requires momentum > 0 and dampening = 0"));
  c.dampening = 0;
  CHECK(dsc_optim_config_check(&c, &err) == DSC_OK);
  c.momentum = 1.0;
  CHECK(fails_with(&c, "momentum: must be in [0, 1)"));
  dsc_optim_config_default(&c, DSC_OPTIM_SGD);
  c.dampening = 1.5;
  CHECK(fails_with(&c, "dampening:"));
  c.dampening = 0;
  c.weight_decay = -1;
  CHECK(fails_with(&c, "weight_decay:"));
  dsc_optim_config_default(&c, DSC_OPTIM_ADAM);
  c.beta2 = 1.0;
  CHECK(fails_with(&c, "beta2: must be in [0, 1)"));
  c.beta2 = 0.999;
  c.beta1 = -0.1;
  CHECK(fails_with(&c, "beta1:"));
  c.beta1 = 0.9;
  c.eps = 0;
  CHECK(fails_with(&c, "eps: must be > 0"));
  c.eps = 1e-8;
  c.amsgrad = 2;
  CHECK(fails_with(&c, "amsgrad:"));
  dsc_optim_config_default(&c, DSC_OPTIM_RMSPROP);
  c.alpha = 1.5;
  CHECK(fails_with(&c, "alpha: must be in [0, 1]"));
  c.alpha = 0.99;
  c.centered = 3;
  CHECK(fails_with(&c, "centered:"));
  dsc_optim_config_default(&c, DSC_OPTIM_ADAGRAD);
  c.lr_decay = -1;
  CHECK(fails_with(&c, "lr_decay:"));
  c.lr_decay = 0;
  c.initial_accumulator_value = -0.5;
  CHECK(fails_with(&c, "initial_accumulator_value:"));
  c.kind = 12;
  CHECK(fails_with(&c, "kind:"));
  for (int k = DSC_OPTIM_NADAM; k <= DSC_OPTIM_NEWTON; k++) {
    dsc_optim_config_default(&c, (dsc_optim_kind)k);
    CHECK(dsc_optim_config_check(&c, &err) == DSC_OK);
  }
  dsc_optim_config_default(&c, DSC_OPTIM_NADAM);
  c.momentum_decay = -1;
  CHECK(fails_with(&c, "momentum_decay: must be >= 0"));
  c.momentum_decay = 0;
  c.beta1 = 1;
  CHECK(fails_with(&c, "beta1: must be in [0, 1)"));
  dsc_optim_config_default(&c, DSC_OPTIM_RADAM);
  c.eps = 0;
  CHECK(fails_with(&c, "eps: must be > 0"));
  dsc_optim_config_default(&c, DSC_OPTIM_ADADELTA);
  c.rho = 1.5;
  CHECK(fails_with(&c, "rho: must be in [0, 1]"));
  dsc_optim_config_default(&c, DSC_OPTIM_ADAMAX);
  c.beta2 = -0.1;
  CHECK(fails_with(&c, "beta2:"));
  dsc_optim_config_default(&c, DSC_OPTIM_RPROP);
  c.etaminus = 1;
  CHECK(fails_with(&c, "etaminus: must be in (0, 1)"));
  c.etaminus = 0.5;
  c.etaplus = 1;
  CHECK(fails_with(&c, "etaplus: must be > 1"));
  c.etaplus = 1.2;
  c.step_size_min = -1;
  CHECK(fails_with(&c, "step_size_min:"));
  c.step_size_min = 1;
  c.step_size_max = 0.5;
  CHECK(fails_with(&c, "step_size_max: must be >= step_size_min (1)"));
  c.step_size_max = 2;
  c.weight_decay = 0.1;
  CHECK(fails_with(&c, "weight_decay: Rprop has none"));
  c.weight_decay = 0;
  c.eps = 0; /* Rprop has no eps */
  CHECK(dsc_optim_config_check(&c, &err) == DSC_OK);
  CHECK(dsc_optim_config_check(NULL, &err) == DSC_EINVAL);
  dsc_optim_config_default(&c, DSC_OPTIM_ADAM);
  {
    dsc_optim opt;
    CHECK(dsc_optim_init(&opt, &c, 0, &err) == DSC_EINVAL);
  }
}

/* Runs GOLDEN_STEPS steps of cfg from GOLDEN_P0 with GOLDEN_GRADS at lr cfg->lr and returns the
   largest relative difference from want (torch 1.13, float64: tests/torch/golden.py). */
static double golden_gap(const dsc_optim_config *cfg, const double want[GOLDEN_STEPS][2]) {
  dsc_optim opt;
  dsc_error err;
  double p[2] = {GOLDEN_P0[0], GOLDEN_P0[1]}, gap = 0;
  if (dsc_optim_init(&opt, cfg, 2, &err) != DSC_OK) {
    fprintf(stderr, "init: %s\n", err.message);
    return INFINITY;
  }
  for (int s = 0; s < GOLDEN_STEPS; s++) {
    double g[2] = {GOLDEN_GRADS[s][0], GOLDEN_GRADS[s][1]};
    dsc_optim_step(&opt, p, g, cfg->lr);
    for (int i = 0; i < 2; i++) gap = fmax(gap, fabs(p[i] - want[s][i]) / fmax(fabs(want[s][i]), 1e-300));
  }
  dsc_optim_free(&opt);
  return gap;
}

/* The five optimizers added after torch.optim's first five, against torch itself. The update rules
   follow torch's operation order, so the gap is a few ulps (libm's pow and sqrt aside). Each config
   with options differs from the default one by far more, so every option is exercised. */
static void test_torch_golden(void) {
  dsc_optim_config c, d;
  const double tol = 1e-13;
  double gap;

  dsc_optim_config_default(&c, DSC_OPTIM_NADAM);
  CHECK(c.lr == 2e-3 && c.momentum_decay == 4e-3 && c.beta1 == 0.9 && c.beta2 == 0.999 && c.eps == 1e-8);
  c.lr = 0.1;
  CHECK((gap = golden_gap(&c, GOLDEN_OPTIM_NADAM)) <= tol);
  /* torch 1.13's code counts μ_t twice in the next product (fixed in torch 2.0): not what descent does */
  CHECK(golden_gap(&c, GOLDEN_OPTIM_NADAM_113) > 1e-3);
  d = c, d.beta1 = 0.8, d.beta2 = 0.9, d.eps = 0.05, d.weight_decay = 0.1, d.momentum_decay = 0.05;
  CHECK((gap = golden_gap(&d, GOLDEN_OPTIM_NADAM_OPTIONS)) <= tol);
  CHECK(golden_gap(&c, GOLDEN_OPTIM_NADAM_OPTIONS) > 1e-3);

  dsc_optim_config_default(&c, DSC_OPTIM_RADAM);
  CHECK(c.lr == 1e-3);
  c.lr = 0.1;
  CHECK((gap = golden_gap(&c, GOLDEN_OPTIM_RADAM)) <= tol);
  d = c, d.beta1 = 0.8, d.beta2 = 0.6, d.eps = 0.05, d.weight_decay = 0.1;
  CHECK((gap = golden_gap(&d, GOLDEN_OPTIM_RADAM_OPTIONS)) <= tol);
  CHECK(golden_gap(&c, GOLDEN_OPTIM_RADAM_OPTIONS) > 1e-3);

  dsc_optim_config_default(&c, DSC_OPTIM_ADADELTA);
  CHECK(c.lr == 1.0 && c.rho == 0.9 && c.eps == 1e-6);
  CHECK((gap = golden_gap(&c, GOLDEN_OPTIM_ADADELTA)) <= tol);
  d = c, d.lr = 0.5, d.rho = 0.5, d.eps = 1e-3, d.weight_decay = 0.1;
  CHECK((gap = golden_gap(&d, GOLDEN_OPTIM_ADADELTA_OPTIONS)) <= tol);
  CHECK(golden_gap(&c, GOLDEN_OPTIM_ADADELTA_OPTIONS) > 1e-3);

  dsc_optim_config_default(&c, DSC_OPTIM_ADAMAX);
  CHECK(c.lr == 2e-3);
  c.lr = 0.1;
  CHECK((gap = golden_gap(&c, GOLDEN_OPTIM_ADAMAX)) <= tol);
  d = c, d.beta1 = 0.7, d.beta2 = 0.5, d.eps = 0.3, d.weight_decay = 0.1;
  CHECK((gap = golden_gap(&d, GOLDEN_OPTIM_ADAMAX_OPTIONS)) <= tol);
  CHECK(golden_gap(&c, GOLDEN_OPTIM_ADAMAX_OPTIONS) > 1e-3);

  dsc_optim_config_default(&c, DSC_OPTIM_RPROP);
  CHECK(c.lr == 1e-2 && c.etaminus == 0.5 && c.etaplus == 1.2 && c.step_size_min == 1e-6 &&
        c.step_size_max == 50);
  c.lr = 0.1;
  CHECK((gap = golden_gap(&c, GOLDEN_OPTIM_RPROP)) <= tol);
  d = c, d.etaminus = 0.3, d.etaplus = 1.5, d.step_size_min = 0.05, d.step_size_max = 0.2;
  CHECK((gap = golden_gap(&d, GOLDEN_OPTIM_RPROP_OPTIONS)) <= tol);
  CHECK(golden_gap(&c, GOLDEN_OPTIM_RPROP_OPTIONS) > 1e-3);
  (void)gap;
}

/* RAdam's first steps are un-rectified (ρ_t <= 5: with β₂ = 0.999, steps 1..5) and then rectified:
   step 1 is p − lr·m̂ with m̂ = g exactly. Rprop's first step moves every parameter by lr·sign(g). */
static void test_first_steps(void) {
  dsc_optim_config c;
  double got[3][2];
  dsc_optim_config_default(&c, DSC_OPTIM_RADAM);
  c.lr = 0.1;
  run3(&c, G, got);
  /* step 1: m = 0.1·g, m̂ = m/0.1 = g: p₁ = [1 − 0.05, −2 + 0.1] */
  CHECK_NEAR(got[0][0], 0.95, 1e-15);
  CHECK_NEAR(got[0][1], -1.9, 1e-15);
  dsc_optim_config_default(&c, DSC_OPTIM_RPROP);
  c.lr = 0.1;
  run3(&c, G, got);
  /* g₁ = [0.5, −1]: p₁ = [0.9, −1.9]; g₂ = [0.25, 0.5]: w keeps its sign (η = 0.12), b flips (η = 0.05,
     no move); g₃ = [−1, 2]: w flips (η = 0.06, no move), b had g = 0 stored (η stays 0.05, moves) */
  CHECK_NEAR(got[0][0], 0.9, 1e-15);
  CHECK_NEAR(got[0][1], -1.9, 1e-15);
  CHECK_NEAR(got[1][0], 0.9 - 0.12, 1e-15);
  CHECK_NEAR(got[1][1], -1.9, 1e-15);
  CHECK_NEAR(got[2][0], 0.9 - 0.12, 1e-15);
  CHECK_NEAR(got[2][1], -1.9 - 0.05, 1e-15);
  {
    /* NAdam's μ product is state: a copy carries it */
    dsc_optim a, b;
    dsc_error err;
    double p[2] = {1, 2}, g[2] = {0.5, -0.5};
    dsc_optim_config_default(&c, DSC_OPTIM_NADAM);
    CHECK(dsc_optim_init(&a, &c, 2, &err) == DSC_OK && dsc_optim_init(&b, &c, 2, &err) == DSC_OK);
    CHECK(a.mu_product == 1.0);
    dsc_optim_step(&a, p, g, c.lr);
    CHECK(a.mu_product < 0.5 && a.t == 1);
    CHECK(dsc_optim_copy_state(&b, &a, &err) == DSC_OK && b.mu_product == a.mu_product && b.m[0] == a.m[0]);
    dsc_optim_free(&a);
    dsc_optim_free(&b);
  }
}

int main(void) {
  test_sgd();
  test_adagrad();
  test_rmsprop();
  test_adam();
  test_copy_state();
  test_copy_state_mismatch();
  test_config_check();
  test_torch_golden();
  test_first_steps();
  return check_summary("test_optim");
}
