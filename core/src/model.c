/* model.c — the models: config, parameter count, objective/loss/gradient on a split, outputs, metrics.
 *
 * Every model is a flat double vector θ (descent.h, "Model"). Per kind:
 *   linear/logistic  θ = [w_0 .. w_{d−1}, b]; the objective and the data loss run the build's fused
 *                    kernel (dsc_lossgrad_kernel, float32 blocks added into double), so they are the
 *                    very numbers the trainer's gradient steps see; plus the L1/L2 penalty on w
 *   function         θ = (x, y); f(θ) and ∇f in double (fn.c); no data
 *   mlp              the network's mean loss through the build's network kernel (dsc_mlp_kernel)
 * Metrics are plain double loops over the outputs: they are not on the hot path. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "descent.h"
#include "kernels/mlp.h"

void dsc_model_config_default(dsc_model_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->kind = DSC_MODEL_LINEAR;
  cfg->loss = DSC_LOSS_MSE;
  cfg->delta = 1.0;
  cfg->l1 = 0.0;
  cfg->l2 = 0.0;
  cfg->function = DSC_FN_ROSENBROCK;
  cfg->activation = DSC_ACT_TANH;
  cfg->n_hidden = 2;
  for (int l = 0; l < DSC_MAX_HIDDEN_LAYERS; l++) cfg->hidden[l] = 8;
  cfg->a = 1.0;
  cfg->b = 100.0;
  cfg->condition = 10.0;
  cfg->angle = 30.0;
  cfg->noise = 0.0;
}

static const char *const kind_names[] = {"linear", "logistic", "function", "mlp"};

dsc_status dsc_model_config_check(const dsc_model_config *cfg, dsc_error *err) {
  if (!cfg) return dsc_error_set(err, DSC_EINVAL, "model config: must not be NULL");
  if (cfg->kind < DSC_MODEL_LINEAR || cfg->kind > DSC_MODEL_MLP)
    return dsc_error_set(err, DSC_EINVAL,
                         "kind: must be 0 (linear), 1 (logistic), 2 (function) or 3 (mlp), got %d",
                         (int)cfg->kind);
  if (cfg->kind != DSC_MODEL_FUNCTION) {
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
    if (cfg->kind == DSC_MODEL_MLP && cfg->loss != DSC_LOSS_MSE && cfg->loss != DSC_LOSS_BCE)
      return dsc_error_set(err, DSC_EINVAL, "loss: the mlp model takes 0 (mse) or 3 (bce), got %d",
                           (int)cfg->loss);
  }
  if (!(cfg->delta > 0.0 && isfinite(cfg->delta)))
    return dsc_error_set(err, DSC_EINVAL, "delta: must be a finite number > 0, got %g", cfg->delta);
  if (!(cfg->l1 >= 0.0 && isfinite(cfg->l1)))
    return dsc_error_set(err, DSC_EINVAL, "l1: must be a finite number >= 0, got %g", cfg->l1);
  if (!(cfg->l2 >= 0.0 && isfinite(cfg->l2)))
    return dsc_error_set(err, DSC_EINVAL, "l2: must be a finite number >= 0, got %g", cfg->l2);
  if (cfg->kind >= DSC_MODEL_FUNCTION && (cfg->l1 != 0.0 || cfg->l2 != 0.0))
    return dsc_error_set(err, DSC_EINVAL,
                         "%s: the penalty applies to linear and logistic models; the %s model takes 0, "
                         "got %g", cfg->l1 != 0.0 ? "l1" : "l2", kind_names[cfg->kind],
                         cfg->l1 != 0.0 ? cfg->l1 : cfg->l2);
  if (cfg->kind != DSC_MODEL_FUNCTION) {
    if (cfg->noise != 0.0)
      return dsc_error_set(err, DSC_EINVAL,
                           "noise: gradient noise applies to function models; the %s model takes 0, "
                           "got %g", kind_names[cfg->kind], cfg->noise);
  } else {
    if (cfg->function < DSC_FN_ROSENBROCK || cfg->function > DSC_FN_RASTRIGIN)
      return dsc_error_set(err, DSC_EINVAL, "function: must be an integer in 0..%d, got %d",
                           (int)DSC_FN_RASTRIGIN, (int)cfg->function);
    if (!isfinite(cfg->a))
      return dsc_error_set(err, DSC_EINVAL, "a: must be a finite number, got %g", cfg->a);
    if (!(cfg->b >= 0.0 && isfinite(cfg->b)))
      return dsc_error_set(err, DSC_EINVAL, "b: must be a finite number >= 0, got %g", cfg->b);
    if (!(cfg->condition > 0.0 && isfinite(cfg->condition)))
      return dsc_error_set(err, DSC_EINVAL, "condition: must be a finite number > 0, got %g",
                           cfg->condition);
    if (!isfinite(cfg->angle))
      return dsc_error_set(err, DSC_EINVAL, "angle: must be a finite number, got %g", cfg->angle);
    if (!(cfg->noise >= 0.0 && isfinite(cfg->noise)))
      return dsc_error_set(err, DSC_EINVAL, "noise: must be a finite number >= 0, got %g", cfg->noise);
  }
  if (cfg->kind == DSC_MODEL_MLP) {
    if (cfg->activation < DSC_ACT_TANH || cfg->activation > DSC_ACT_SIGMOID)
      return dsc_error_set(err, DSC_EINVAL,
                           "activation: must be 0 (tanh), 1 (relu) or 2 (sigmoid), got %d",
                           (int)cfg->activation);
    if (cfg->n_hidden < 1 || cfg->n_hidden > DSC_MAX_HIDDEN_LAYERS)
      return dsc_error_set(err, DSC_EINVAL, "n_hidden: must be an integer in 1..%d, got %d",
                           DSC_MAX_HIDDEN_LAYERS, (int)cfg->n_hidden);
    for (int32_t l = 0; l < cfg->n_hidden; l++)
      if (cfg->hidden[l] < 1 || cfg->hidden[l] > DSC_MAX_HIDDEN_UNITS)
        return dsc_error_set(err, DSC_EINVAL, "hidden[%d]: must be an integer in 1..%d, got %d",
                             (int)l, DSC_MAX_HIDDEN_UNITS, (int)cfg->hidden[l]);
  }
  return DSC_OK;
}

int32_t dsc_model_param_count(const dsc_model_config *cfg, int32_t d) {
  if (dsc_model_config_check(cfg, NULL) != DSC_OK) return 0;
  if (cfg->kind == DSC_MODEL_FUNCTION) return 2;
  if (d < 1 || d > DSC_MAX_FEATURES) return 0;
  if (cfg->kind == DSC_MODEL_MLP) return dsc_mlp_param_count(cfg, d);
  return d + 1;
}

/* (1/n) Σ ℓ(r_i) with the build's linear kernel; NaN for n = 0 or d out of range. */
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

/* The network's mean loss over n rows with the build's network kernel and, when grad is not NULL, its
   mean gradient; NaN when n = 0, d is out of range or the scratch cannot be allocated. */
static double mlp_mean(const dsc_model_config *model, const float *X, const float *y, size_t n,
                       size_t d, const double *params, double *grad) {
  if (n == 0 || d < 1 || d > DSC_MAX_FEATURES) return NAN;
  dsc_mlp_layout L;
  dsc_mlp_layout_of(model, d, &L);
  float *pf = malloc((L.np + L.scratch) * sizeof(float));
  if (!pf) return NAN;
  for (size_t p = 0; p < L.np; p++) pf[p] = (float)params[p];
  dsc_batch batch = {X, y, NULL, n, d};
  double loss_sum = 0.0;
  if (grad) memset(grad, 0, L.np * sizeof(double));
  dsc_mlp_kernel()(model, &batch, pf, pf + L.np, &loss_sum, grad);
  free(pf);
  if (grad)
    for (size_t p = 0; p < L.np; p++) grad[p] /= (double)n;
  return loss_sum / (double)n;
}

/* obj + λ₁ Σ|w_j| + λ₂ Σ w_j² (the bias is not penalised), added in this order: (obj + λ₁Σ) + λ₂Σ. */
static double plus_penalty(double obj, const dsc_model_config *model, size_t d, const double *params) {
  double a = 0.0, q = 0.0;
  for (size_t j = 0; j < d; j++) {
    a += fabs(params[j]);
    q += params[j] * params[j];
  }
  return obj + model->l1 * a + model->l2 * q;
}

double dsc_model_objective(const dsc_model_config *model, const float *X, const float *y, size_t n,
                           size_t d, const double *params) {
  switch (model->kind) {
    case DSC_MODEL_FUNCTION: return dsc_fn_value(model, params);
    case DSC_MODEL_MLP: return mlp_mean(model, X, y, n, d, params, NULL);
  }
  /* (1/n) Σ ℓ(r_i) + λ₁ Σ|w_j| + λ₂ Σ w_j² */
  return plus_penalty(mean_loss(model, X, y, n, d, params), model, d, params);
}

double dsc_model_loss(const dsc_model_config *model, const float *X, const float *y, size_t n,
                      size_t d, const double *params) {
  switch (model->kind) {
    case DSC_MODEL_FUNCTION: return dsc_fn_value(model, params);
    case DSC_MODEL_MLP: return mlp_mean(model, X, y, n, d, params, NULL);
  }
  return mean_loss(model, X, y, n, d, params);
}

double dsc_model_objective_grad(const dsc_model_config *model, const float *X, const float *y,
                                size_t n, size_t d, const double *params, double *grad_out) {
  switch (model->kind) {
    case DSC_MODEL_FUNCTION: return dsc_fn_value_grad(model, params, grad_out);
    case DSC_MODEL_MLP: {
      if (n == 0 || d < 1 || d > DSC_MAX_FEATURES) return NAN;
      return mlp_mean(model, X, y, n, d, params, grad_out);
    }
  }
  if (n == 0 || d < 1 || d > DSC_MAX_FEATURES) return NAN;
  /* the trainer's formulas (train.c run_lossgrad): mean gradient + λ₁·sign(w) + 2λ₂·w */
  float w[DSC_MAX_FEATURES];
  for (size_t j = 0; j < d; j++) w[j] = (float)params[j];
  dsc_batch batch = {X, y, NULL, n, d};
  double loss_sum = 0.0;
  memset(grad_out, 0, (d + 1) * sizeof(double));
  dsc_lossgrad_kernel()(&batch, w, (float)params[d], (dsc_loss)model->loss, (float)model->delta,
                        &loss_sum, grad_out);
  const double inv = 1.0 / (double)n;
  for (size_t j = 0; j < d; j++) {
    const double wj = params[j];
    grad_out[j] = grad_out[j] * inv + model->l1 * (double)((wj > 0) - (wj < 0)) + 2 * model->l2 * wj;
  }
  grad_out[d] *= inv;
  return plus_penalty(loss_sum / (double)n, model, d, params);
}

/* z = b + Σ_j x_j w_j of row i in double (the metrics' prediction). */
static double linear_output(const float *X, size_t i, size_t d, const double *params) {
  double z = params[d];
  for (size_t j = 0; j < d; j++) z += (double)X[i * d + j] * params[j];
  return z;
}

#define DSC_OUTPUT_CHUNK 256 /* rows whose network outputs are computed at a time */

dsc_status dsc_model_predict(const dsc_model_config *model, const float *X, size_t n, size_t d,
                             const double *params, double *out, dsc_error *err) {
  dsc_status st = dsc_model_config_check(model, err);
  if (st != DSC_OK) return st;
  if (model->kind == DSC_MODEL_FUNCTION)
    return dsc_error_set(err, DSC_EINVAL, "kind: a function model has no inputs to predict from");
  if (d < 1 || d > DSC_MAX_FEATURES)
    return dsc_error_set(err, DSC_EINVAL, "d: must be an integer in 1..%d, got %zu", DSC_MAX_FEATURES, d);
  if (n > 0 && (!X || !out || !params))
    return dsc_error_set(err, DSC_EINVAL, "%s: must not be NULL", !X ? "X" : !out ? "out" : "params");
  if (model->kind == DSC_MODEL_MLP) {
    if ((st = dsc_mlp_outputs(model, X, n, d, params, out, err)) != DSC_OK) return st;
  } else {
    for (size_t i = 0; i < n; i++) out[i] = linear_output(X, i, d, params);
  }
  if (model->loss == DSC_LOSS_BCE) /* σ(z), stable for either sign */
    for (size_t i = 0; i < n; i++) {
      const double e = exp(-fabs(out[i]));
      out[i] = out[i] >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    }
  return DSC_OK;
}

void dsc_model_metrics(const dsc_model_config *model, const float *X, const float *y, size_t n,
                       size_t d, const double *params, dsc_metrics *out) {
  out->mse = out->rmse = out->mae = out->r2 = NAN;
  out->log_loss = out->accuracy = NAN;
  if (n == 0 || model->kind == DSC_MODEL_FUNCTION) return;
  const int mlp = model->kind == DSC_MODEL_MLP;
  double z[DSC_OUTPUT_CHUNK]; /* network outputs of the current chunk of rows */
  if (model->loss == DSC_LOSS_BCE) {
    /* log-loss = (1/n) Σ max(z,0) − y·z + log1p(e^{−|z|}); accuracy: predict 1 when σ(z) > 0.5
       (z > 0, sklearn's decision rule), correct when it equals y (targets 0/1). */
    double ll = 0.0, correct = 0.0;
    for (size_t c = 0; c < n; c += DSC_OUTPUT_CHUNK) {
      const size_t m = n - c < DSC_OUTPUT_CHUNK ? n - c : DSC_OUTPUT_CHUNK;
      if (mlp && dsc_mlp_outputs(model, X + c * d, m, d, params, z, NULL) != DSC_OK) return;
      for (size_t k = 0; k < m; k++) {
        const size_t i = c + k;
        const double zi = mlp ? z[k] : linear_output(X, i, d, params);
        double t = (double)y[i];
        ll += (zi > 0.0 ? zi : 0.0) - t * zi + log1p(exp(-fabs(zi)));
        correct += ((zi > 0.0) == (t > 0.5)) ? 1.0 : 0.0;
      }
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
  for (size_t c = 0; c < n; c += DSC_OUTPUT_CHUNK) {
    const size_t m = n - c < DSC_OUTPUT_CHUNK ? n - c : DSC_OUTPUT_CHUNK;
    if (mlp && dsc_mlp_outputs(model, X + c * d, m, d, params, z, NULL) != DSC_OK) return;
    for (size_t k = 0; k < m; k++) {
      const size_t i = c + k;
      const double p = mlp ? z[k] : linear_output(X, i, d, params);
      const double r = p - (double)y[i];
      const double cy = (double)y[i] - ybar;
      sse += r * r;
      sae += fabs(r);
      sst += cy * cy;
    }
  }
  out->mse = sse / (double)n;
  out->rmse = sqrt(out->mse);
  out->mae = sae / (double)n;
  out->r2 = sst > 0.0 ? 1.0 - sse / sst : NAN;
}

dsc_status dsc_model_hessian_check(const dsc_model_config *model, dsc_error *err) {
  switch (model->kind) {
    case DSC_MODEL_FUNCTION: return DSC_OK;
    case DSC_MODEL_MLP:
      return dsc_error_set(err, DSC_EINVAL,
                           "kind: Newton needs an exact Hessian, which descent has for linear (mse), "
                           "logistic (bce) and function models, not for an mlp");
    case DSC_MODEL_LINEAR:
      if (model->loss != DSC_LOSS_MSE)
        return dsc_error_set(err, DSC_EINVAL,
                             "loss: Newton needs an exact Hessian: a linear model's loss must be mse "
                             "(%s has no useful second derivative), got %d",
                             model->loss == DSC_LOSS_MAE ? "mae" : "huber", (int)model->loss);
      break;
    default: break;
  }
  if (model->l1 != 0)
    return dsc_error_set(err, DSC_EINVAL,
                         "l1: Newton needs an exact Hessian and |w| has none at 0; must be 0, got %g",
                         model->l1);
  return DSC_OK;
}

void dsc_model_hessian(const dsc_model_config *model, const float *X, const float *y, size_t n, size_t d,
                       const double *params, double *hess_out) {
  (void)y;
  if (model->kind == DSC_MODEL_FUNCTION) {
    dsc_fn_hessian(model, params, hess_out);
    return;
  }
  {
    /* Σ_i c_i z_i z_iᵀ over the lower triangle, z_i = [x_i, 1]; c_i = 2 (MSE) or σ(1 − σ) (BCE); then
       scaled by 1/n, mirrored, and 2λ₂ added to the weights' diagonal */
    const size_t m = d + 1;
    memset(hess_out, 0, m * m * sizeof(double));
    for (size_t i = 0; i < n; i++) {
      const float *x = X + i * d;
      double c = 2.0;
      if (model->loss == DSC_LOSS_BCE) {
        const double z = linear_output(X, i, d, params);
        const double e = exp(-fabs(z));
        const double sg = z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
        c = sg * (1.0 - sg);
      }
      for (size_t r = 0; r < d; r++) {
        const double cr = c * (double)x[r];
        double *row = hess_out + r * m;
        for (size_t k = 0; k <= r; k++) row[k] += cr * (double)x[k];
      }
      for (size_t k = 0; k < d; k++) hess_out[d * m + k] += c * (double)x[k];
      hess_out[d * m + d] += c;
    }
    for (size_t r = 0; r < m; r++)
      for (size_t k = 0; k <= r; k++) {
        hess_out[r * m + k] /= (double)n;
        hess_out[k * m + r] = hess_out[r * m + k];
      }
    for (size_t j = 0; j < d; j++) hess_out[j * m + j] += 2.0 * model->l2;
  }
}
