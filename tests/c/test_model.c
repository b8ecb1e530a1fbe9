/* test_model.c — model config, objective and gradient consistency, metrics. */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "descent.h"

enum { N = 50, D = 3 };

/* The objective in double, written from the definitions: (1/n) Σ ℓ(r_i) + λ₁‖w‖₁ + λ₂‖w‖². */
static double ref_objective(const dsc_model_config *m, const float *X, const float *y, size_t n,
                            size_t d, const double *p) {
  double s = 0.0;
  for (size_t i = 0; i < n; i++) {
    double z = p[d];
    for (size_t j = 0; j < d; j++) z += (double)X[i * d + j] * p[j];
    double r = z - y[i];
    switch (m->loss) {
      case DSC_LOSS_MSE: s += r * r; break;
      case DSC_LOSS_MAE: s += fabs(r); break;
      case DSC_LOSS_HUBER:
        s += fabs(r) < m->delta ? 0.5 * r * r : m->delta * (fabs(r) - 0.5 * m->delta);
        break;
      case DSC_LOSS_BCE: s += fmax(z, 0) - y[i] * z + log1p(exp(-fabs(z))); break;
    }
  }
  double a = 0.0, q = 0.0;
  for (size_t j = 0; j < d; j++) a += fabs(p[j]), q += p[j] * p[j];
  return s / (double)n + m->l1 * a + m->l2 * q;
}

/* Data for one loss: x ~ U(−1, 1) in multiples of 2⁻¹², weights with |w| >= 0.25 (L1 away from its
   kink), targets with |r| >= 0.1 for MAE/Huber (away from MAE's kink). Values exact in float32. */
static void make_problem(dsc_rng *rng, dsc_loss loss, float *X, float *y, double *p) {
  for (int j = 0; j < D; j++) p[j] = (dsc_rng_below(rng, 2) ? 1 : -1) * (0.25 + 0.5 * dsc_rng_uniform(rng));
  p[D] = 0.5 * dsc_rng_uniform(rng) - 0.25;
  for (int j = 0; j <= D; j++) p[j] = (float)p[j];
  for (int i = 0; i < N; i++) {
    double z = p[D];
    for (int j = 0; j < D; j++) {
      X[i * D + j] = (float)(((int)dsc_rng_below(rng, 8193) - 4096) / 4096.0);
      z += X[i * D + j] * p[j];
    }
    if (loss == DSC_LOSS_BCE) {
      y[i] = (float)dsc_rng_below(rng, 2);
    } else {
      double r = 3.0 * dsc_rng_uniform(rng) - 1.5;
      if (fabs(r) < 0.1) r += 0.3;
      y[i] = (float)(z - r);
    }
  }
}

static void test_gradients(void) {
  dsc_rng rng;
  dsc_rng_stream(&rng, 5u, DSC_STREAM_INIT);
  float X[N * D], y[N];
  double p[D + 1];
  for (int loss = DSC_LOSS_MSE; loss <= DSC_LOSS_BCE; loss++) {
    dsc_model_config m;
    dsc_model_config_default(&m);
    m.kind = loss == DSC_LOSS_BCE ? DSC_MODEL_LOGISTIC : DSC_MODEL_LINEAR;
    m.loss = loss;
    m.delta = 0.6;
    m.l1 = 0.05;
    m.l2 = 0.1;
    CHECK(dsc_model_config_check(&m, NULL) == DSC_OK);
    make_problem(&rng, (dsc_loss)loss, X, y, p);

    /* 1. the objective (float32 kernel) agrees with the double definition to n·ε */
    double obj = dsc_model_objective(&m, X, y, N, D, p);
    double ref = ref_objective(&m, X, y, N, D, p);
    CHECK_REL(obj, ref, 1e-5);
    dsc_model_config nopen = m;
    nopen.l1 = nopen.l2 = 0.0;
    CHECK_REL(dsc_model_loss(&m, X, y, N, D, p), ref_objective(&nopen, X, y, N, D, p), 1e-5);

    /* analytic gradient: kernel sums / n + λ₁ sign(w) + 2λ₂ w (the bias is not penalised) */
    float w[D];
    for (int j = 0; j < D; j++) w[j] = (float)p[j];
    double ls = 0.0, g[D + 1] = {0};
    dsc_batch batch = {X, y, NULL, N, D};
    dsc_lossgrad_kernel()(&batch, w, (float)p[D], (dsc_loss)loss, (float)m.delta, &ls, g);
    for (int j = 0; j <= D; j++) {
      g[j] /= N;
      if (j < D) g[j] += m.l1 * (p[j] > 0 ? 1 : -1) + 2 * m.l2 * p[j];
    }

    for (int j = 0; j <= D; j++) {
      /* 2. central differences in double on the double objective: h = 1e-6 */
      double q[D + 1];
      memcpy(q, p, sizeof q);
      const double h = 1e-6;
      q[j] = p[j] + h;
      double fp = ref_objective(&m, X, y, N, D, q);
      q[j] = p[j] - h;
      double fm = ref_objective(&m, X, y, N, D, q);
      CHECK_NEAR(g[j], (fp - fm) / (2 * h), 1e-5 * (1 + fabs(g[j])));
      /* 3. central differences on dsc_model_objective itself: h = 2⁻⁷ keeps w ± h exact in float32;
         the float32 objective's rounding (~1e-7) over 2h bounds the agreement */
      const double hf = 1.0 / 128;
      q[j] = p[j] + hf;
      fp = dsc_model_objective(&m, X, y, N, D, q);
      q[j] = p[j] - hf;
      fm = dsc_model_objective(&m, X, y, N, D, q);
      CHECK_NEAR(g[j], (fp - fm) / (2 * hf), 2e-3 * (1 + fabs(g[j])));
    }
  }
}

static void test_metrics(void) {
  dsc_model_config lin, logi;
  dsc_model_config_default(&lin);
  dsc_model_config_default(&logi);
  logi.kind = DSC_MODEL_LOGISTIC;
  logi.loss = DSC_LOSS_BCE;
  dsc_metrics mt;

  /* y = (1, 3, 5, 8) at x = (0, 1, 2, 3), model 2x + 1: residuals (0, 0, 0, −1); ȳ = 4.25,
     SST = 3.25² + 1.25² + 0.75² + 3.75² = 26.75 */
  const float x[4] = {0, 1, 2, 3}, y[4] = {1, 3, 5, 8};
  const double p[2] = {2, 1};
  dsc_model_metrics(&lin, x, y, 4, 1, p, &mt);
  CHECK_NEAR(mt.mse, 0.25, 1e-15);
  CHECK_NEAR(mt.rmse, 0.5, 1e-15);
  CHECK_NEAR(mt.mae, 0.25, 1e-15);
  CHECK_NEAR(mt.r2, 1.0 - 1.0 / 26.75, 1e-15);
  CHECK(isnan(mt.log_loss) && isnan(mt.accuracy));
  CHECK_NEAR(dsc_model_loss(&lin, x, y, 4, 1, p), 0.25, 1e-7);
  /* constant targets: SST = 0 → R² NaN, the rest defined */
  const float yc[4] = {2, 2, 2, 2};
  dsc_model_metrics(&lin, x, yc, 4, 1, p, &mt);
  CHECK(isnan(mt.r2) && mt.mse == (1 + 1 + 9 + 25) / 4.0);
  /* empty split: everything NaN, objective NaN */
  dsc_model_metrics(&lin, x, y, 0, 1, p, &mt);
  CHECK(isnan(mt.mse) && isnan(mt.rmse) && isnan(mt.mae) && isnan(mt.r2) && isnan(mt.log_loss) &&
        isnan(mt.accuracy));
  CHECK(isnan(dsc_model_objective(&lin, x, y, 0, 1, p)));
  CHECK(isnan(dsc_model_loss(&lin, x, y, 0, 1, p)));

  /* logistic: x = (−2, −1, 1, 2), y = (0, 1, 1, 1), z = x: predictions (0, 0, 1, 1), accuracy 3/4;
     log-loss = mean of softplus(z) − y·z */
  const float xl[4] = {-2, -1, 1, 2}, yl[4] = {0, 1, 1, 1};
  const double pl[2] = {1, 0};
  dsc_model_metrics(&logi, xl, yl, 4, 1, pl, &mt);
  double ll = (log1p(exp(-2.0)) + log1p(exp(1.0)) + log1p(exp(-1.0)) + log1p(exp(-2.0))) / 4;
  CHECK_NEAR(mt.accuracy, 0.75, 0);
  CHECK_NEAR(mt.log_loss, ll, 1e-15);
  CHECK(isnan(mt.mse) && isnan(mt.rmse) && isnan(mt.mae) && isnan(mt.r2));
  CHECK_NEAR(dsc_model_loss(&logi, xl, yl, 4, 1, pl), ll, 1e-6);
}

/* BCE with logits at |z| = 100: no overflow, no log(0), the right limits. */
static void test_bce_stability(void) {
  dsc_model_config m;
  dsc_model_config_default(&m);
  m.kind = DSC_MODEL_LOGISTIC;
  m.loss = DSC_LOSS_BCE;
  const float x[2] = {1, -1};
  const float right[2] = {1, 0}, wrong[2] = {0, 1};
  const double p[2] = {100, 0}; /* z = (100, −100) */
  CHECK_NEAR(dsc_model_loss(&m, x, right, 2, 1, p), 0.0, 1e-30);
  CHECK_NEAR(dsc_model_loss(&m, x, wrong, 2, 1, p), 100.0, 1e-4);
  dsc_metrics mt;
  dsc_model_metrics(&m, x, wrong, 2, 1, p, &mt);
  CHECK_NEAR(mt.log_loss, 100.0, 1e-12);
  CHECK(mt.accuracy == 0.0);
  float w[1] = {100.0f};
  double ls = 0, g[2] = {0};
  dsc_batch b = {x, wrong, NULL, 2, 1};
  dsc_lossgrad_kernel()(&b, w, 0.0f, DSC_LOSS_BCE, 1.0f, &ls, g);
  /* ℓ' = σ(100) − 0 = 1 and σ(−100) − 1 = −1: g_w = 1·1 + (−1)(−1) = 2, g_b = 0 */
  CHECK(isfinite(ls) && g[0] == 2.0 && g[1] == 0.0);
  b.y = right;
  ls = 0, g[0] = g[1] = 0;
  dsc_lossgrad_kernel()(&b, w, 0.0f, DSC_LOSS_BCE, 1.0f, &ls, g);
  CHECK(ls >= 0.0 && ls < 1e-40 && fabs(g[0]) < 1e-40 && fabs(g[1]) < 1e-40);
}

static int has(const dsc_error *e, const char *s) { return strstr(e->message, s) != NULL; }

static void test_config_check(void) {
  dsc_model_config c, bad;
  dsc_error e;
  dsc_model_config_default(&c);
  CHECK(c.kind == DSC_MODEL_LINEAR && c.loss == DSC_LOSS_MSE && c.delta == 1.0 && c.l1 == 0 &&
        c.l2 == 0);
  CHECK(dsc_model_config_check(&c, &e) == DSC_OK);
  for (int loss = DSC_LOSS_MSE; loss <= DSC_LOSS_HUBER; loss++) {
    bad = c, bad.loss = loss;
    CHECK(dsc_model_config_check(&bad, &e) == DSC_OK);
  }
  bad = c, bad.loss = DSC_LOSS_BCE;
  CHECK(dsc_model_config_check(&bad, &e) == DSC_EINVAL && has(&e, "loss"));
  bad = c, bad.kind = DSC_MODEL_LOGISTIC;
  CHECK(dsc_model_config_check(&bad, &e) == DSC_EINVAL && has(&e, "loss") && has(&e, "bce"));
  bad.loss = DSC_LOSS_BCE;
  CHECK(dsc_model_config_check(&bad, &e) == DSC_OK);
  bad = c, bad.kind = DSC_MODEL_MLP + 1;
  CHECK(dsc_model_config_check(&bad, &e) == DSC_EINVAL && has(&e, "kind") && has(&e, "got 4"));
  bad = c, bad.loss = -1;
  CHECK(dsc_model_config_check(&bad, &e) == DSC_EINVAL && has(&e, "loss") && has(&e, "got -1"));
  bad = c, bad.delta = 0.0;
  CHECK(dsc_model_config_check(&bad, &e) == DSC_EINVAL && has(&e, "delta") && has(&e, "> 0"));
  bad = c, bad.delta = INFINITY;
  CHECK(dsc_model_config_check(&bad, &e) == DSC_EINVAL && has(&e, "delta"));
  bad = c, bad.l1 = -0.5;
  CHECK(dsc_model_config_check(&bad, &e) == DSC_EINVAL && has(&e, "l1") && has(&e, "-0.5"));
  bad = c, bad.l2 = NAN;
  CHECK(dsc_model_config_check(&bad, &e) == DSC_EINVAL && has(&e, "l2"));
}

int main(void) {
  test_gradients();
  test_metrics();
  test_bce_stability();
  test_config_check();
  return check_summary("test_model");
}
