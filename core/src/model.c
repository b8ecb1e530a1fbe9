/* model.c — linear and logistic regression: config, objective/loss on a split, metrics.
 *
 * params = [w_0 .. w_{d−1}, b] in double. The objective and the data loss run the build's fused
 * kernel (dsc_lossgrad_kernel, float32 blocks added into double), so they are the very numbers the
 * trainer's gradient steps see. Metrics are plain double loops: they are not on the hot path. */
#include <math.h>
#include <string.h>

#include "descent.h"

void dsc_model_config_default(dsc_model_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->kind = DSC_MODEL_LINEAR;
  cfg->loss = DSC_LOSS_MSE;
  cfg->delta = 1.0;
  cfg->l1 = 0.0;
  cfg->l2 = 0.0;
}

dsc_status dsc_model_config_check(const dsc_model_config *cfg, dsc_error *err) {
  if (!cfg) return dsc_error_set(err, DSC_EINVAL, "model config: must not be NULL");
  if (cfg->kind != DSC_MODEL_LINEAR && cfg->kind != DSC_MODEL_LOGISTIC)
    return dsc_error_set(err, DSC_EINVAL, "kind: must be 0 (linear) or 1 (logistic), got %d",
                         (int)cfg->kind);
  if (cfg->loss < DSC_LOSS_MSE || cfg->loss > DSC_LOSS_BCE)
    return dsc_error_set(err, DSC_EINVAL,
                         "loss: must be 0 (mse), 1 (mae), 2 (huber) or 3 (bce), got %d",
                         (int)cfg->loss);
  if (cfg->kind == DSC_MODEL_LINEAR && cfg->loss == DSC_LOSS_BCE)
    return dsc_error_set(err, DSC_EINVAL,
                         "loss: the linear model takes 0 (mse), 1 (mae) or 2 (huber), got 3 (bce)");
  if (cfg->kind == DSC_MODEL_LOGISTIC && cfg->loss != DSC_LOSS_BCE)
    return dsc_error_set(err, DSC_EINVAL, "loss: the logistic model takes 3 (bce), got %d",
                         (int)cfg->loss);
  if (!(cfg->delta > 0.0 && isfinite(cfg->delta)))
    return dsc_error_set(err, DSC_EINVAL, "delta: must be a finite number > 0, got %g", cfg->delta);
  if (!(cfg->l1 >= 0.0 && isfinite(cfg->l1)))
    return dsc_error_set(err, DSC_EINVAL, "l1: must be a finite number >= 0, got %g", cfg->l1);
  if (!(cfg->l2 >= 0.0 && isfinite(cfg->l2)))
    return dsc_error_set(err, DSC_EINVAL, "l2: must be a finite number >= 0, got %g", cfg->l2);
  return DSC_OK;
}

/* (1/n) Σ ℓ(r_i) with the build's kernel; NaN for n = 0 or d out of range. */
static double mean_loss(const dsc_model_config *model, const float *X, const float *y, size_t n,
                        size_t d, const double *params) {
  if (n == 0 || d > DSC_MAX_FEATURES) return NAN;
  float w[DSC_MAX_FEATURES]; /* the kernel takes float32 parameters */
  for (size_t j = 0; j < d; j++) w[j] = (float)params[j];
  dsc_batch batch = {X, y, NULL, n, d};
  double loss_sum = 0.0;
  dsc_lossgrad_kernel()(&batch, w, (float)params[d], (dsc_loss)model->loss, (float)model->delta,
                        &loss_sum, NULL);
  return loss_sum / (double)n;
}

/* (1/n) Σ ℓ(r_i) + λ₁ Σ|w_j| + λ₂ Σ w_j² (the bias is not penalised). */
double dsc_model_objective(const dsc_model_config *model, const float *X, const float *y, size_t n,
                           size_t d, const double *params) {
  double obj = mean_loss(model, X, y, n, d, params);
  double a = 0.0, q = 0.0;
  for (size_t j = 0; j < d; j++) {
    a += fabs(params[j]);
    q += params[j] * params[j];
  }
  return obj + model->l1 * a + model->l2 * q;
}

double dsc_model_loss(const dsc_model_config *model, const float *X, const float *y, size_t n,
                      size_t d, const double *params) {
  return mean_loss(model, X, y, n, d, params);
}

void dsc_model_metrics(const dsc_model_config *model, const float *X, const float *y, size_t n,
                       size_t d, const double *params, dsc_metrics *out) {
  out->mse = out->rmse = out->mae = out->r2 = NAN;
  out->log_loss = out->accuracy = NAN;
  if (n == 0) return;
  if (model->kind == DSC_MODEL_LOGISTIC) {
    /* log-loss = (1/n) Σ max(z,0) − y·z + log1p(e^{−|z|}); accuracy: predict 1 when σ(z) > 0.5
       (z > 0, sklearn's decision rule), correct when it equals y (targets 0/1). */
    double ll = 0.0, correct = 0.0;
    for (size_t i = 0; i < n; i++) {
      double z = params[d];
      for (size_t j = 0; j < d; j++) z += (double)X[i * d + j] * params[j];
      double t = (double)y[i];
      ll += (z > 0.0 ? z : 0.0) - t * z + log1p(exp(-fabs(z)));
      correct += ((z > 0.0) == (t > 0.5)) ? 1.0 : 0.0;
    }
    out->log_loss = ll / (double)n;
    out->accuracy = correct / (double)n;
    return;
  }
  /* MSE = SSE/n, RMSE = √MSE, MAE = (1/n) Σ|r|, R² = 1 − SSE/SST with SST = Σ (y − ȳ)² (NaN if 0) */
  double ybar = 0.0;
  for (size_t i = 0; i < n; i++) ybar += (double)y[i];
  ybar /= (double)n;
  double sse = 0.0, sae = 0.0, sst = 0.0;
  for (size_t i = 0; i < n; i++) {
    double p = params[d];
    for (size_t j = 0; j < d; j++) p += (double)X[i * d + j] * params[j];
    double r = p - (double)y[i];
    double c = (double)y[i] - ybar;
    sse += r * r;
    sae += fabs(r);
    sst += c * c;
  }
  out->mse = sse / (double)n;
  out->rmse = sqrt(out->mse);
  out->mae = sae / (double)n;
  out->r2 = sst > 0.0 ? 1.0 - sse / sst : NAN;
}
