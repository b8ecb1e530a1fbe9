/* optim.c — torch.optim update rules over flat double slabs (kann_RMSprop style: model-agnostic
 * functions over arrays, so linear and logistic models share every optimizer).
 *
 * Every rule follows torch.optim's _single_tensor_* implementation, element by element in double,
 * with maximize=False, foreach/fused off and differentiable off. The moment arrays a kind needs live in
 * one allocation, opt->slab (buf | m | v | vmax, only those in use, each n doubles), which
 * dsc_optim_free releases; the moment pointers only point into it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "descent.h"

void dsc_optim_config_default(dsc_optim_config *cfg, dsc_optim_kind kind) {
  memset(cfg, 0, sizeof *cfg);
  cfg->kind = (int32_t)kind;
  /* Fields the kind does not use still get torch's values, so switching kinds keeps sane settings. */
  cfg->momentum = 0.0;
  cfg->dampening = 0.0;
  cfg->weight_decay = 0.0;
  cfg->beta1 = 0.9;
  cfg->beta2 = 0.999;
  cfg->eps = 1e-8;
  cfg->alpha = 0.99;
  cfg->initial_accumulator_value = 0.0;
  cfg->lr_decay = 0.0;
  switch (kind) {
    case DSC_OPTIM_SGD: cfg->lr = 1e-3; break;
    case DSC_OPTIM_ADAGRAD: cfg->lr = 1e-2; cfg->eps = 1e-10; break;
    case DSC_OPTIM_RMSPROP: cfg->lr = 1e-2; break;
    case DSC_OPTIM_ADAM: cfg->lr = 1e-3; break;
    case DSC_OPTIM_ADAMW: cfg->lr = 1e-3; cfg->weight_decay = 1e-2; break;
    default: cfg->lr = 1e-3; break;
  }
}

/* Range tests for the checks; NaN fails every one of them. */
static int in_closed_open(double x, double lo, double hi) { return x >= lo && x < hi; }
static int in_closed(double x, double lo, double hi) { return x >= lo && x <= hi; }

dsc_status dsc_optim_config_check(const dsc_optim_config *cfg, dsc_error *err) {
  if (!cfg) return dsc_error_set(err, DSC_EINVAL, "optim: config is NULL");
  if (cfg->kind < DSC_OPTIM_SGD || cfg->kind > DSC_OPTIM_ADAMW)
    return dsc_error_set(err, DSC_EINVAL, "kind: must be 0..4 (SGD, Adagrad, RMSprop, Adam, AdamW), got %d",
                         (int)cfg->kind);
  if (!(cfg->lr > 0) || !isfinite(cfg->lr))
    return dsc_error_set(err, DSC_EINVAL, "lr: must be > 0 and finite, got %g", cfg->lr);
  if (!(cfg->weight_decay >= 0) || !isfinite(cfg->weight_decay))
    return dsc_error_set(err, DSC_EINVAL, "weight_decay: must be >= 0 and finite, got %g",
                         cfg->weight_decay);
  switch ((dsc_optim_kind)cfg->kind) {
    case DSC_OPTIM_SGD:
      if (!in_closed_open(cfg->momentum, 0, 1))
        return dsc_error_set(err, DSC_EINVAL, "momentum: must be in [0, 1), got %g", cfg->momentum);
      if (!in_closed(cfg->dampening, 0, 1))
        return dsc_error_set(err, DSC_EINVAL, "dampening: must be in [0, 1], got %g", cfg->dampening);
      if (cfg->nesterov != 0 && cfg->nesterov != 1)
        return dsc_error_set(err, DSC_EINVAL, "nesterov: must be 0 or 1, got %d", (int)cfg->nesterov);
      if (cfg->nesterov && !(cfg->momentum > 0 && cfg->dampening == 0))
        return dsc_error_set(err, DSC_EINVAL,
                             "nesterov: requires momentum > 0 and dampening = 0, got momentum %g, "
                             "dampening %g", cfg->momentum, cfg->dampening);
      break;
    case DSC_OPTIM_ADAGRAD:
      if (!(cfg->lr_decay >= 0) || !isfinite(cfg->lr_decay))
        return dsc_error_set(err, DSC_EINVAL, "lr_decay: must be >= 0 and finite, got %g", cfg->lr_decay);
      if (!(cfg->initial_accumulator_value >= 0) || !isfinite(cfg->initial_accumulator_value))
        return dsc_error_set(err, DSC_EINVAL,
                             "initial_accumulator_value: must be >= 0 and finite, got %g",
                             cfg->initial_accumulator_value);
      break;
    case DSC_OPTIM_RMSPROP:
      if (!in_closed(cfg->alpha, 0, 1))
        return dsc_error_set(err, DSC_EINVAL, "alpha: must be in [0, 1], got %g", cfg->alpha);
      if (!in_closed_open(cfg->momentum, 0, 1))
        return dsc_error_set(err, DSC_EINVAL, "momentum: must be in [0, 1), got %g", cfg->momentum);
      if (cfg->centered != 0 && cfg->centered != 1)
        return dsc_error_set(err, DSC_EINVAL, "centered: must be 0 or 1, got %d", (int)cfg->centered);
      break;
    case DSC_OPTIM_ADAM:
    case DSC_OPTIM_ADAMW:
      if (!in_closed_open(cfg->beta1, 0, 1))
        return dsc_error_set(err, DSC_EINVAL, "beta1: must be in [0, 1), got %g", cfg->beta1);
      if (!in_closed_open(cfg->beta2, 0, 1))
        return dsc_error_set(err, DSC_EINVAL, "beta2: must be in [0, 1), got %g", cfg->beta2);
      if (cfg->amsgrad != 0 && cfg->amsgrad != 1)
        return dsc_error_set(err, DSC_EINVAL, "amsgrad: must be 0 or 1, got %d", (int)cfg->amsgrad);
      break;
  }
  if (cfg->kind != DSC_OPTIM_SGD && (!(cfg->eps > 0) || !isfinite(cfg->eps)))
    return dsc_error_set(err, DSC_EINVAL, "eps: must be > 0 and finite, got %g", cfg->eps);
  return DSC_OK;
}

dsc_status dsc_optim_init(dsc_optim *opt, const dsc_optim_config *cfg, size_t n, dsc_error *err) {
  dsc_status st;
  int use_buf = 0, use_m = 0, use_v = 0, use_vmax = 0;
  if (!opt) return dsc_error_set(err, DSC_EINVAL, "optim: state is NULL");
  memset(opt, 0, sizeof *opt);
  st = dsc_optim_config_check(cfg, err);
  if (st != DSC_OK) return st;
  if (n == 0) return dsc_error_set(err, DSC_EINVAL, "n: must be >= 1 parameters, got 0");
  switch ((dsc_optim_kind)cfg->kind) {
    case DSC_OPTIM_SGD: use_buf = cfg->momentum != 0; break;
    case DSC_OPTIM_ADAGRAD: use_v = 1; break;
    case DSC_OPTIM_RMSPROP:
      use_v = 1;
      use_m = cfg->centered != 0;
      use_buf = cfg->momentum > 0;
      break;
    case DSC_OPTIM_ADAM:
    case DSC_OPTIM_ADAMW:
      use_m = use_v = 1;
      use_vmax = cfg->amsgrad != 0;
      break;
  }
  opt->cfg = *cfg;
  opt->n = n;
  opt->t = 0;
  {
    size_t arrays = (size_t)(use_buf + use_m + use_v + use_vmax);
    if (arrays > 0) {
      double *p;
      if (n > SIZE_MAX / sizeof(double) / arrays)
        return dsc_error_set(err, DSC_ENOMEM, "optim: %zu parameters are too many", n);
      opt->slab = calloc(arrays * n, sizeof(double));
      if (!opt->slab)
        return dsc_error_set(err, DSC_ENOMEM, "optim: cannot allocate %zu moment arrays of %zu doubles",
                             arrays, n);
      p = opt->slab;
      if (use_buf) { opt->buf = p; p += n; }
      if (use_m) { opt->m = p; p += n; }
      if (use_v) { opt->v = p; p += n; }
      if (use_vmax) { opt->vmax = p; }
    }
  }
  if (cfg->kind == DSC_OPTIM_ADAGRAD) {
    /* torch.optim.Adagrad: state_sum = full_like(p, initial_accumulator_value) */
    for (size_t i = 0; i < n; i++) opt->v[i] = cfg->initial_accumulator_value;
  }
  return DSC_OK;
}

/* torch.optim.SGD semantics (_single_tensor_sgd):
 *   g ← g + wd·p
 *   momentum ≠ 0: buf ← g on the first step, else buf ← μ·buf + (1 − dampening)·g
 *                 g ← nesterov ? g + μ·buf : buf
 *   p ← p − lr·g */
static void sgd_step(dsc_optim *opt, double *p, double *g, double lr) {
  const dsc_optim_config *c = &opt->cfg;
  const double wd = c->weight_decay, mu = c->momentum, damp = c->dampening;
  const int first = opt->t == 0;
  for (size_t i = 0; i < opt->n; i++) {
    double gi = g[i];
    if (wd != 0) gi = gi + wd * p[i];
    g[i] = gi;
    if (mu != 0) {
      double b = first ? gi : mu * opt->buf[i] + (1 - damp) * gi;
      opt->buf[i] = b;
      gi = c->nesterov ? gi + mu * b : b;
    }
    p[i] = p[i] - lr * gi;
  }
}

/* torch.optim.Adagrad semantics (_single_tensor_adagrad), t counted from 1:
 *   g ← g + wd·p;  clr = lr / (1 + (t − 1)·lr_decay);  sum ← sum + g²;  p ← p − clr·g / (√sum + eps)
 *   sum starts at initial_accumulator_value. */
static void adagrad_step(dsc_optim *opt, double *p, double *g, double lr) {
  const dsc_optim_config *c = &opt->cfg;
  const double wd = c->weight_decay, eps = c->eps;
  const double clr = lr / (1 + (double)(opt->t - 1) * c->lr_decay);
  for (size_t i = 0; i < opt->n; i++) {
    double gi = g[i];
    if (wd != 0) gi = gi + wd * p[i];
    g[i] = gi;
    opt->v[i] = opt->v[i] + gi * gi;
    p[i] = p[i] - clr * gi / (sqrt(opt->v[i]) + eps);
  }
}

/* torch.lerp(self, end, w) as ATen computes it: self + w·(end − self) when |w| < 0.5, else
   end − (end − self)·(1 − w). torch updates Adam's first moment and RMSprop's grad_avg with lerp_,
   so using the same form keeps the last bits equal. */
static double lerp(double self, double end, double w) {
  return fabs(w) < 0.5 ? self + w * (end - self) : end - (end - self) * (1 - w);
}

/* torch.optim.RMSprop semantics (_single_tensor_rmsprop):
 *   g ← g + wd·p;  sq ← α·sq + (1 − α)·g²
 *   centered: ga ← lerp(ga, g, 1 − α) = α·ga + (1 − α)·g, avg = √(sq − ga²) + eps;  else avg = √sq + eps
 *   momentum > 0: buf ← μ·buf + g/avg, p ← p − lr·buf;  else p ← p − lr·g/avg */
static void rmsprop_step(dsc_optim *opt, double *p, double *g, double lr) {
  const dsc_optim_config *c = &opt->cfg;
  const double wd = c->weight_decay, a = c->alpha, eps = c->eps, mu = c->momentum;
  for (size_t i = 0; i < opt->n; i++) {
    double gi = g[i], avg;
    if (wd != 0) gi = gi + wd * p[i];
    g[i] = gi;
    opt->v[i] = a * opt->v[i] + (1 - a) * gi * gi;
    if (c->centered) {
      opt->m[i] = lerp(opt->m[i], gi, 1 - a);
      avg = sqrt(opt->v[i] - opt->m[i] * opt->m[i]) + eps;
    } else {
      avg = sqrt(opt->v[i]) + eps;
    }
    if (mu > 0) {
      opt->buf[i] = mu * opt->buf[i] + gi / avg;
      p[i] = p[i] - lr * opt->buf[i];
    } else {
      p[i] = p[i] - lr * gi / avg;
    }
  }
}

/* torch.optim.Adam / AdamW semantics (_single_tensor_adam), t counted from 1:
 *   AdamW: p ← p·(1 − lr·wd) first (decoupled decay), and no wd in g;  Adam: g ← g + wd·p
 *   m ← lerp(m, g, 1 − β₁) = β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  bc1 = 1 − β₁ᵗ, bc2 = 1 − β₂ᵗ
 *   amsgrad: vmax ← max(vmax, v), denom = √vmax/√bc2 + eps;  else denom = √v/√bc2 + eps
 *   p ← p − (lr/bc1)·m/denom   (eps is added after the bias correction) */
static void adam_step(dsc_optim *opt, double *p, double *g, double lr) {
  const dsc_optim_config *c = &opt->cfg;
  const double wd = c->weight_decay, b1 = c->beta1, b2 = c->beta2, eps = c->eps;
  const int decoupled = c->kind == DSC_OPTIM_ADAMW;
  const double bc1 = 1 - pow(b1, (double)opt->t);
  const double bc2_sqrt = sqrt(1 - pow(b2, (double)opt->t));
  const double step_size = lr / bc1;
  for (size_t i = 0; i < opt->n; i++) {
    double gi = g[i], denom;
    if (decoupled) {
      p[i] = p[i] * (1 - lr * wd);
    } else if (wd != 0) {
      gi = gi + wd * p[i];
      g[i] = gi;
    }
    opt->m[i] = lerp(opt->m[i], gi, 1 - b1);
    opt->v[i] = b2 * opt->v[i] + (1 - b2) * gi * gi;
    if (c->amsgrad) {
      if (opt->v[i] > opt->vmax[i]) opt->vmax[i] = opt->v[i];
      denom = sqrt(opt->vmax[i]) / bc2_sqrt + eps;
    } else {
      denom = sqrt(opt->v[i]) / bc2_sqrt + eps;
    }
    p[i] = p[i] - step_size * opt->m[i] / denom;
  }
}

void dsc_optim_step(dsc_optim *opt, double *params, double *grad, double lr) {
  switch ((dsc_optim_kind)opt->cfg.kind) {
    case DSC_OPTIM_SGD:
      sgd_step(opt, params, grad, lr);
      opt->t++;
      break;
    case DSC_OPTIM_ADAGRAD:
      opt->t++;
      adagrad_step(opt, params, grad, lr);
      break;
    case DSC_OPTIM_RMSPROP:
      rmsprop_step(opt, params, grad, lr);
      opt->t++;
      break;
    case DSC_OPTIM_ADAM:
    case DSC_OPTIM_ADAMW:
      opt->t++;
      adam_step(opt, params, grad, lr);
      break;
  }
}

dsc_status dsc_optim_copy_state(dsc_optim *dst, const dsc_optim *src, dsc_error *err) {
  static const char *const names[] = {"buf", "m", "v", "vmax"};
  double *const to[] = {dst->buf, dst->m, dst->v, dst->vmax};
  const double *const from[] = {src->buf, src->m, src->v, src->vmax};
  if (dst->cfg.kind != src->cfg.kind)
    return dsc_error_set(err, DSC_EINVAL, "optim: cannot copy the state of kind %d into kind %d",
                         (int)src->cfg.kind, (int)dst->cfg.kind);
  if (dst->n != src->n)
    return dsc_error_set(err, DSC_EINVAL, "optim: cannot copy the state of %zu parameters into %zu",
                         src->n, dst->n);
  for (int k = 0; k < 4; k++)
    if ((to[k] == NULL) != (from[k] == NULL))
      return dsc_error_set(err, DSC_EINVAL, "optim: moment %s is in use in the %s only",
                           names[k], from[k] ? "source" : "destination");
  dst->t = src->t;
  for (int k = 0; k < 4; k++)
    if (from[k]) memcpy(to[k], from[k], src->n * sizeof(double));
  return DSC_OK;
}

void dsc_optim_free(dsc_optim *opt) {
  if (!opt) return;
  free(opt->slab);
  opt->slab = opt->buf = opt->m = opt->v = opt->vmax = NULL;
  opt->n = 0;
}
