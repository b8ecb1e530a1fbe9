/* test_mlp.c — networks: parameter counts, the scalar network kernel against a float64 reference
 * (forward, loss and backprop written out here per row), the reference's gradient against central
 * differences, the kernel's own gradient against central differences of the kernel's loss, every
 * shape of group and block (batch sizes 1..2·DSC_BLOCK_ROWS+7, index lists), config checks, and
 * training runs (a full-batch run lowers the loss; targets must be 0/1 with BCE), and the kernels'
 * float32 tanh (kernels/mlp.h) against double tanh. The wasmsimd kernel is compared with this one bit
 * for bit from JavaScript, in the wasm build. */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "descent.h"
#include "../../core/src/kernels/mlp.h" /* dsc_mlp_tanh: a private helper of the kernels */

#define NMAX 160
#define DMAX 5
#define PMAX 4096

static dsc_model_config mlp_config(int n_hidden, const int *units, dsc_activation act, dsc_loss loss) {
  dsc_model_config c;
  dsc_model_config_default(&c);
  c.kind = DSC_MODEL_MLP;
  c.n_hidden = n_hidden;
  for (int l = 0; l < n_hidden; l++) c.hidden[l] = units[l];
  c.activation = act;
  c.loss = loss;
  return c;
}

static double ref_act(int act, double s) {
  return act == DSC_ACT_TANH ? tanh(s) : act == DSC_ACT_RELU ? (s > 0 ? s : 0) : 1 / (1 + exp(-s));
}
static double ref_dact(int act, double a) { /* act′ from the output a */
  return act == DSC_ACT_TANH ? 1 - a * a : act == DSC_ACT_RELU ? (a > 0 ? 1 : 0) : a * (1 - a);
}

/* Float64 reference: Σ over rows of ℓ, and (grad not NULL) Σ ∂ℓ/∂θ, for the layout of mlp.h. */
static double ref_pass(const dsc_model_config *c, const float *X, const float *y, const uint32_t *idx,
                       size_t rows, size_t d, const double *th, double *grad) {
  int size[DSC_MAX_HIDDEN_LAYERS + 2];
  size_t w[DSC_MAX_HIDDEN_LAYERS + 1], b[DSC_MAX_HIDDEN_LAYERS + 1], off = 0;
  const int H = c->n_hidden;
  size[0] = (int)d;
  for (int l = 1; l <= H; l++) size[l] = c->hidden[l - 1];
  size[H + 1] = 1;
  for (int l = 0; l <= H; l++) {
    w[l] = off;
    off += (size_t)size[l + 1] * (size_t)size[l];
    b[l] = off;
    off += (size_t)size[l + 1];
  }
  double A[DSC_MAX_HIDDEN_LAYERS + 2][64], D[DSC_MAX_HIDDEN_LAYERS + 2][64], loss = 0;
  if (grad) memset(grad, 0, off * sizeof(double));
  for (size_t r = 0; r < rows; r++) {
    const size_t i = idx ? idx[r] : r;
    for (size_t j = 0; j < d; j++) A[0][j] = X[i * d + j];
    for (int l = 0; l <= H; l++)
      for (int k = 0; k < size[l + 1]; k++) {
        double s = th[b[l] + (size_t)k];
        for (int q = 0; q < size[l]; q++) s += th[w[l] + (size_t)k * (size_t)size[l] + (size_t)q] * A[l][q];
        A[l + 1][k] = l < H ? ref_act(c->activation, s) : s;
      }
    const double z = A[H + 1][0], t = y[i];
    double e;
    if (c->loss == DSC_LOSS_MSE) {
      loss += (z - t) * (z - t);
      e = 2 * (z - t);
    } else {
      loss += fmax(z, 0) - t * z + log1p(exp(-fabs(z)));
      e = 1 / (1 + exp(-z)) - t;
    }
    if (!grad) continue;
    D[H + 1][0] = e;
    for (int l = H; l >= 0; l--) {
      for (int k = 0; k < size[l + 1]; k++) {
        for (int q = 0; q < size[l]; q++) grad[w[l] + (size_t)k * (size_t)size[l] + (size_t)q] += D[l + 1][k] * A[l][q];
        grad[b[l] + (size_t)k] += D[l + 1][k];
      }
      if (l == 0) break;
      for (int q = 0; q < size[l]; q++) {
        double g = 0;
        for (int k = 0; k < size[l + 1]; k++) g += th[w[l] + (size_t)k * (size_t)size[l] + (size_t)q] * D[l + 1][k];
        D[l][q] = g * ref_dact(c->activation, A[l][q]);
      }
    }
  }
  return loss;
}

typedef struct fixture {
  float X[NMAX * DMAX], y[NMAX];
  uint32_t idx[NMAX];
  double th[PMAX];
  float thf[PMAX];
} fixture;

static fixture fx;

static void make_fixture(dsc_rng *rng, const dsc_model_config *c, size_t d, size_t np) {
  for (size_t i = 0; i < NMAX * d; i++) fx.X[i] = (float)(4 * dsc_rng_uniform(rng) - 2);
  for (size_t i = 0; i < NMAX; i++)
    fx.y[i] = c->loss == DSC_LOSS_BCE ? (float)dsc_rng_below(rng, 2) : (float)(2 * dsc_rng_uniform(rng) - 1);
  for (size_t i = 0; i < NMAX; i++) fx.idx[i] = dsc_rng_below(rng, NMAX);
  for (size_t p = 0; p < np; p++) {
    fx.thf[p] = (float)(1.6 * dsc_rng_uniform(rng) - 0.8);
    fx.th[p] = fx.thf[p]; /* the reference sees the very float32 parameters */
  }
}

static void test_counts(void) {
  const int u[3] = {8, 5, 3};
  dsc_model_config c = mlp_config(2, u, DSC_ACT_TANH, DSC_LOSS_MSE);
  CHECK(dsc_mlp_param_count(&c, 2) == 2 * 8 + 8 + 8 * 5 + 5 + 5 + 1); /* 75 */
  CHECK(dsc_model_param_count(&c, 2) == 75);
  c.n_hidden = 3, c.hidden[2] = 3;
  CHECK(dsc_model_param_count(&c, 1) == 8 + 8 + 40 + 5 + 15 + 3 + 3 + 1);
  CHECK(dsc_mlp_scratch_floats(&c, 1) == 4 * ((1 + 8 + 5 + 3) + (8 + 5 + 3) + 83));
  CHECK(dsc_model_param_count(&c, 0) == 0 && dsc_model_param_count(&c, DSC_MAX_FEATURES + 1) == 0);
  c.hidden[1] = 0;
  CHECK(dsc_model_param_count(&c, 2) == 0 && dsc_mlp_scratch_floats(&c, 2) == 0);
  dsc_model_config lin;
  dsc_model_config_default(&lin);
  CHECK(dsc_model_param_count(&lin, 3) == 4 && dsc_mlp_param_count(&lin, 3) == 0);
}

/* The scalar kernel against the reference: loss and gradient within float32 error bounds scaled by
   the fan-ins and the block length (n·ε, as test_kernels.c). */
static int compare(const dsc_model_config *c, size_t d, size_t rows, int use_idx, float *scratch) {
  const size_t np = (size_t)dsc_mlp_param_count(c, (int32_t)d);
  double rl, rg[PMAX], kl = 0, kg[PMAX];
  memset(kg, 0, np * sizeof(double));
  rl = ref_pass(c, fx.X, fx.y, use_idx ? fx.idx : NULL, rows, d, fx.th, rg);
  dsc_batch batch = {fx.X, fx.y, use_idx ? fx.idx : NULL, rows, d};
  dsc_f32_mlp__scalar(c, &batch, fx.thf, scratch, &kl, kg);
  double fan = (double)d;
  for (int l = 0; l < c->n_hidden; l++) fan += c->hidden[l];
  const double tol = 8.0 * (fan + 16 + 8) * FLT_EPSILON;
  /* scale: Σ|terms| bounded by rows·(1 + |ℓ|) with these magnitudes */
  const double scale = (double)rows * (2.0 + fabs(rl) / (double)rows) * 4.0;
  if (!(fabs(kl - rl) <= tol * scale)) {
    fprintf(stderr, "loss d=%zu rows=%zu idx=%d: %.9g vs %.9g\n", d, rows, use_idx, kl, rl);
    return 0;
  }
  for (size_t p = 0; p < np; p++)
    if (!(fabs(kg[p] - rg[p]) <= tol * scale)) {
      fprintf(stderr, "grad[%zu] d=%zu rows=%zu idx=%d: %.9g vs %.9g\n", p, d, rows, use_idx, kg[p], rg[p]);
      return 0;
    }
  /* the loss-only pass adds the same loss */
  double lonly = 0;
  dsc_f32_mlp__scalar(c, &batch, fx.thf, scratch, &lonly, NULL);
  return lonly == kl;
}

static void test_kernel_vs_reference(void) {
  static const int shapes[][4] = {{1, 1}, {1, 3}, {2, 8, 5}, {3, 4, 7, 3}, {1, 64}, {2, 16, 16}};
  float *scratch = malloc(200000 * sizeof(float));
  dsc_rng rng;
  dsc_rng_seed(&rng, 5, 5);
  for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
    for (int act = DSC_ACT_TANH; act <= DSC_ACT_SIGMOID; act++)
      for (int lo = 0; lo < 2; lo++) {
        const dsc_loss loss = lo ? DSC_LOSS_BCE : DSC_LOSS_MSE;
        dsc_model_config c = mlp_config(shapes[s][0], shapes[s] + 1, (dsc_activation)act, loss);
        for (size_t d = 1; d <= DMAX; d += 2) {
          const size_t np = (size_t)dsc_mlp_param_count(&c, (int32_t)d);
          CHECK(np > 0 && np <= PMAX && dsc_mlp_scratch_floats(&c, (int32_t)d) <= 200000);
          make_fixture(&rng, &c, d, np);
          int ok = 1;
          for (size_t rows = 1; rows <= 2 * DSC_BLOCK_ROWS + 7; rows += rows < 12 ? 1 : 13)
            for (int use_idx = 0; use_idx < 2; use_idx++) ok &= compare(&c, d, rows, use_idx, scratch);
          CHECK(ok);
        }
      }
  free(scratch);
}

/* Backprop of the reference against central differences of its own loss (float64: tight), and the
   kernel's gradient against central differences of the kernel's float32 loss (loose: the float32 loss
   is noisy at ~1e-7 relative, h = 1e-2 keeps that noise at ~1e-5 and the truncation at ~1e-4). */
static void test_finite_differences(void) {
  const int u[2] = {6, 4};
  float *scratch = malloc(100000 * sizeof(float));
  dsc_rng rng;
  dsc_rng_seed(&rng, 6, 6);
  for (int act = DSC_ACT_TANH; act <= DSC_ACT_SIGMOID; act++)
    for (int lo = 0; lo < 2; lo++) {
      dsc_model_config c = mlp_config(2, u, (dsc_activation)act, lo ? DSC_LOSS_BCE : DSC_LOSS_MSE);
      const size_t d = 3, rows = 37;
      const size_t np = (size_t)dsc_mlp_param_count(&c, (int32_t)d);
      make_fixture(&rng, &c, d, np);
      double g[PMAX], kg[PMAX];
      ref_pass(&c, fx.X, fx.y, NULL, rows, d, fx.th, g);
      dsc_batch batch = {fx.X, fx.y, NULL, rows, d};
      double kl = 0;
      memset(kg, 0, np * sizeof(double));
      dsc_f32_mlp__scalar(&c, &batch, fx.thf, scratch, &kl, kg);
      int ok_ref = 1, ok_kernel = 1;
      for (size_t p = 0; p < np; p++) {
        double th[PMAX];
        memcpy(th, fx.th, np * sizeof(double));
        const double h = 1e-6;
        th[p] = fx.th[p] + h;
        const double up = ref_pass(&c, fx.X, fx.y, NULL, rows, d, th, NULL);
        th[p] = fx.th[p] - h;
        const double down = ref_pass(&c, fx.X, fx.y, NULL, rows, d, th, NULL);
        const double fd = (up - down) / (2 * h);
        /* ReLU's kink: a unit crossing 0 within ±h breaks the difference; skip such (rare) points */
        if (act == DSC_ACT_RELU && fabs(fd - g[p]) > 1e-3) continue;
        ok_ref &= fabs(fd - g[p]) <= 1e-6 * (1 + fabs(g[p]));
        float pf[PMAX];
        memcpy(pf, fx.thf, np * sizeof(float));
        const float hk = 1e-2f;
        double lu = 0, ld = 0;
        pf[p] = fx.thf[p] + hk;
        dsc_f32_mlp__scalar(&c, &batch, pf, scratch, &lu, NULL);
        pf[p] = fx.thf[p] - hk;
        dsc_f32_mlp__scalar(&c, &batch, pf, scratch, &ld, NULL);
        const double kfd = (lu - ld) / ((double)(fx.thf[p] + hk) - (double)(fx.thf[p] - hk));
        if (act != DSC_ACT_RELU) ok_kernel &= fabs(kfd - kg[p]) <= 2e-3 * (1 + fabs(kg[p])) * (double)rows / 10;
      }
      CHECK(ok_ref);
      CHECK(ok_kernel);
    }
  free(scratch);
}

static void test_config_check(void) {
  const int u[3] = {8, 8, 8};
  dsc_error e;
  dsc_model_config c = mlp_config(2, u, DSC_ACT_RELU, DSC_LOSS_BCE), bad;
  CHECK(dsc_model_config_check(&c, &e) == DSC_OK);
  bad = c, bad.hidden[1] = 0;
  CHECK(dsc_model_config_check(&bad, &e) == DSC_EINVAL && strstr(e.message, "hidden[1]:") &&
        strstr(e.message, "got 0"));
  bad = c, bad.hidden[0] = DSC_MAX_HIDDEN_UNITS + 1;
  CHECK(dsc_model_config_check(&bad, &e) == DSC_EINVAL && strstr(e.message, "hidden[0]:") &&
        strstr(e.message, "got 65"));
  bad = c, bad.hidden[2] = 0; /* past n_hidden: ignored */
  CHECK(dsc_model_config_check(&bad, &e) == DSC_OK);
  bad = c, bad.n_hidden = 4;
  CHECK(dsc_model_config_check(&bad, &e) == DSC_EINVAL && strstr(e.message, "n_hidden:"));
  bad = c, bad.n_hidden = 0;
  CHECK(dsc_model_config_check(&bad, &e) == DSC_EINVAL && strstr(e.message, "n_hidden:"));
  bad = c, bad.activation = 3;
  CHECK(dsc_model_config_check(&bad, &e) == DSC_EINVAL && strstr(e.message, "activation:"));
  bad = c, bad.loss = DSC_LOSS_HUBER;
  CHECK(dsc_model_config_check(&bad, &e) == DSC_EINVAL && strstr(e.message, "loss:"));
  bad = c, bad.l1 = 0.1;
  CHECK(dsc_model_config_check(&bad, &e) == DSC_EINVAL && strstr(e.message, "l1:"));
}

/* XOR-like data: a 2-8-1 tanh network with full-batch Adam lowers the BCE far below log 2 (a
   linear model cannot), mini-batch runs replay bit for bit, and non-0/1 targets are refused. */
static void test_training(void) {
  enum { N = 64 };
  float X[N * 2], y[N];
  dsc_rng rng;
  dsc_rng_seed(&rng, 3, 3);
  for (int i = 0; i < N; i++) {
    X[2 * i] = (float)(2 * dsc_rng_uniform(&rng) - 1);
    X[2 * i + 1] = (float)(2 * dsc_rng_uniform(&rng) - 1);
    y[i] = (X[2 * i] > 0) != (X[2 * i + 1] > 0) ? 1.0f : 0.0f;
  }
  dsc_data *data;
  dsc_error e;
  CHECK(dsc_data_from_arrays(N, 2, X, y, 0.25, 0, 1, &data, &e) == DSC_OK);
  const int u[1] = {8};
  dsc_model_config m = mlp_config(1, u, DSC_ACT_TANH, DSC_LOSS_BCE);
  dsc_optim_config o;
  dsc_optim_config_default(&o, DSC_OPTIM_ADAM);
  o.lr = 0.05;
  dsc_sched_config s;
  dsc_sched_config_default(&s, DSC_SCHED_CONSTANT);
  dsc_train_config t;
  dsc_train_config_default(&t);
  t.max_iterations = 400;
  double init[33];
  dsc_rng_seed(&rng, 4, 4);
  for (int p = 0; p < 33; p++) init[p] = 2 * dsc_rng_uniform(&rng) - 1;
  dsc_run *run;
  int32_t status;
  CHECK(dsc_run_create(data, &m, &o, &s, &t, init, 1, &run, &e) == DSC_OK);
  CHECK(dsc_run_advance(run, 1000, &status, &e) == DSC_OK && status == DSC_RUN_COMPLETED);
  const double *loss = dsc_run_history(run, DSC_HIST_TRAIN_LOSS), *test = dsc_run_history(run, DSC_HIST_TEST_LOSS);
  const size_t len = dsc_run_history_len(run);
  CHECK(loss[len - 1] < 0.2 && loss[0] > 0.5);
  CHECK(isfinite(test[len - 1]));
  CHECK(isnan(dsc_run_history(run, DSC_HIST_PARAM0)[0])); /* 33 parameters: no param columns */
  /* the history's objective is the model's objective of the final parameters */
  CHECK(loss[len - 1] == dsc_model_objective(&m, dsc_data_x_train(data), dsc_data_y_train(data), 48, 2,
                                             dsc_run_params(run)));
  dsc_metrics met;
  dsc_model_metrics(&m, dsc_data_x_train(data), dsc_data_y_train(data), 48, 2, dsc_run_params(run), &met);
  CHECK(met.accuracy > 0.9 && isnan(met.mse));
  dsc_run_free(run);

  /* mini-batches of 5, shuffled: two runs, one advanced in chunks, give the same parameters */
  t.batch_size = 5;
  t.max_iterations = 100;
  dsc_run *a, *b;
  CHECK(dsc_run_create(data, &m, &o, &s, &t, init, 9, &a, &e) == DSC_OK);
  CHECK(dsc_run_create(data, &m, &o, &s, &t, init, 9, &b, &e) == DSC_OK);
  dsc_run_advance(a, 100, &status, &e);
  dsc_run_advance(b, 37, &status, &e);
  dsc_run_advance(b, 63, &status, &e);
  CHECK(memcmp(dsc_run_params(a), dsc_run_params(b), 33 * sizeof(double)) == 0);
  dsc_run_free(a);
  dsc_run_free(b);

  /* MSE on the same data is fine; BCE needs 0/1 targets */
  dsc_data *reg;
  float yr[N];
  for (int i = 0; i < N; i++) yr[i] = 0.5f * y[i] + 0.25f;
  CHECK(dsc_data_from_arrays(N, 2, X, yr, 0, 0, 1, &reg, &e) == DSC_OK);
  t.batch_size = 0;
  CHECK(dsc_run_create(reg, &m, &o, &s, &t, init, 1, &run, &e) == DSC_EINVAL && strstr(e.message, "0 or 1") &&
        strstr(e.message, "mlp"));
  m.loss = DSC_LOSS_MSE;
  CHECK(dsc_run_create(reg, &m, &o, &s, &t, init, 1, &run, &e) == DSC_OK);
  dsc_run_free(run);
  dsc_data_free(reg);
  dsc_data_free(data);
}

/* dsc_mlp_tanh within 2 ulp of double tanh (rounded to float32: ≤ 1.52 ulp over all float32, by an
   exhaustive run outside the suite) on every 64th float32 in [0, 12] and around the branch point;
   odd, ±1 at ±∞, NaN stays NaN. */
static void test_tanh(void) {
  double worst = 0;
  uint32_t lo, hi;
  float f;
  f = 12.0f;
  memcpy(&hi, &f, sizeof hi);
  f = DSC_TANH_SMALL;
  memcpy(&lo, &f, sizeof lo);
  for (uint32_t b = 0; b <= hi; b += (b > lo - 256 && b < lo + 256) ? 1 : 64) {
    float x;
    memcpy(&x, &b, sizeof x);
    const float t = dsc_mlp_tanh(x);
    const double ref = tanh((double)x);
    const float rf = (float)ref;
    const double ulp = rf == 0 ? FLT_TRUE_MIN : (double)(nextafterf(fabsf(rf), INFINITY) - fabsf(rf));
    const double e = fabs((double)t - ref) / ulp;
    if (e > worst) worst = e;
    if (dsc_mlp_tanh(-x) != -t) {
      CHECK(dsc_mlp_tanh(-x) == -t);
      break;
    }
  }
  CHECK(worst <= 2.0);
  CHECK(dsc_mlp_tanh(INFINITY) == 1.0f && dsc_mlp_tanh(-INFINITY) == -1.0f);
  CHECK(isnan(dsc_mlp_tanh(NAN)));
  CHECK(dsc_mlp_tanh(1e-30f) == 1e-30f && dsc_mlp_tanh(20.0f) == 1.0f);
}

int main(void) {
  test_tanh();
  test_counts();
  test_kernel_vs_reference();
  test_finite_differences();
  test_config_check();
  test_training();
  return check_summary("test_mlp");
}
