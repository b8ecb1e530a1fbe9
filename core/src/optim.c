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
  cfg->momentum_decay = 4e-3;
  cfg->rho = 0.9;
  cfg->etaminus = 0.5;
  cfg->etaplus = 1.2;
  cfg->step_size_min = 1e-6;
  cfg->step_size_max = 50.0;
  cfg->max_iter = 20;
  cfg->max_eval = 0; /* ⌊max_iter·5/4⌋ */
  cfg->history_size = 100;
  cfg->line_search = DSC_LINE_SEARCH_NONE;
  cfg->tolerance_grad = 1e-7;
  cfg->tolerance_change = 1e-9;
  cfg->damping = 0.0;
  switch (kind) {
    case DSC_OPTIM_SGD: cfg->lr = 1e-3; break;
    case DSC_OPTIM_ADAGRAD: cfg->lr = 1e-2; cfg->eps = 1e-10; break;
    case DSC_OPTIM_RMSPROP: cfg->lr = 1e-2; break;
    case DSC_OPTIM_ADAM: cfg->lr = 1e-3; break;
    case DSC_OPTIM_ADAMW: cfg->lr = 1e-3; cfg->weight_decay = 1e-2; break;
    case DSC_OPTIM_NADAM: cfg->lr = 2e-3; break;
    case DSC_OPTIM_RADAM: cfg->lr = 1e-3; break;
    case DSC_OPTIM_ADADELTA: cfg->lr = 1.0; cfg->eps = 1e-6; break;
    case DSC_OPTIM_ADAMAX: cfg->lr = 2e-3; break;
    case DSC_OPTIM_RPROP: cfg->lr = 1e-2; break;
    case DSC_OPTIM_LBFGS: cfg->lr = 1.0; break;
    case DSC_OPTIM_NEWTON: cfg->lr = 1.0; break;
    default: cfg->lr = 1e-3; break;
  }
}

/* Range tests for the checks; NaN fails every one of them. */
static int in_closed_open(double x, double lo, double hi) { return x >= lo && x < hi; }
static int in_closed(double x, double lo, double hi) { return x >= lo && x <= hi; }

dsc_status dsc_optim_config_check(const dsc_optim_config *cfg, dsc_error *err) {
  if (!cfg) return dsc_error_set(err, DSC_EINVAL, "optim: config is NULL");
  if (cfg->kind < DSC_OPTIM_SGD || cfg->kind > DSC_OPTIM_NEWTON)
    return dsc_error_set(err, DSC_EINVAL,
                         "kind: must be 0..11 (SGD, Adagrad, RMSprop, Adam, AdamW, NAdam, RAdam, Adadelta, "
                         "Adamax, Rprop, LBFGS, Newton), got %d", (int)cfg->kind);
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
    case DSC_OPTIM_NADAM:
    case DSC_OPTIM_RADAM:
    case DSC_OPTIM_ADAMAX:
      if (!in_closed_open(cfg->beta1, 0, 1))
        return dsc_error_set(err, DSC_EINVAL, "beta1: must be in [0, 1), got %g", cfg->beta1);
      if (!in_closed_open(cfg->beta2, 0, 1))
        return dsc_error_set(err, DSC_EINVAL, "beta2: must be in [0, 1), got %g", cfg->beta2);
      if ((cfg->kind == DSC_OPTIM_ADAM || cfg->kind == DSC_OPTIM_ADAMW) && cfg->amsgrad != 0 &&
          cfg->amsgrad != 1)
        return dsc_error_set(err, DSC_EINVAL, "amsgrad: must be 0 or 1, got %d", (int)cfg->amsgrad);
      if (cfg->kind == DSC_OPTIM_NADAM && (!(cfg->momentum_decay >= 0) || !isfinite(cfg->momentum_decay)))
        return dsc_error_set(err, DSC_EINVAL, "momentum_decay: must be >= 0 and finite, got %g",
                             cfg->momentum_decay);
      break;
    case DSC_OPTIM_ADADELTA:
      if (!in_closed(cfg->rho, 0, 1))
        return dsc_error_set(err, DSC_EINVAL, "rho: must be in [0, 1], got %g", cfg->rho);
      break;
    case DSC_OPTIM_RPROP:
      /* torch.optim.Rprop: 0 < etaminus < 1 < etaplus; no weight decay in torch 1.13 */
      if (!(cfg->etaminus > 0 && cfg->etaminus < 1))
        return dsc_error_set(err, DSC_EINVAL, "etaminus: must be in (0, 1), got %g", cfg->etaminus);
      if (!(cfg->etaplus > 1) || !isfinite(cfg->etaplus))
        return dsc_error_set(err, DSC_EINVAL, "etaplus: must be > 1 and finite, got %g", cfg->etaplus);
      if (!(cfg->step_size_min >= 0) || !isfinite(cfg->step_size_min))
        return dsc_error_set(err, DSC_EINVAL, "step_size_min: must be >= 0 and finite, got %g",
                             cfg->step_size_min);
      if (!(cfg->step_size_max >= cfg->step_size_min) || !isfinite(cfg->step_size_max))
        return dsc_error_set(err, DSC_EINVAL,
                             "step_size_max: must be >= step_size_min (%g) and finite, got %g",
                             cfg->step_size_min, cfg->step_size_max);
      if (cfg->weight_decay != 0)
        return dsc_error_set(err, DSC_EINVAL, "weight_decay: Rprop has none, must be 0, got %g",
                             cfg->weight_decay);
      break;
    case DSC_OPTIM_LBFGS:
      if (cfg->max_iter < 1 || cfg->max_iter > 100000)
        return dsc_error_set(err, DSC_EINVAL, "max_iter: must be an integer in 1..100000, got %d",
                             (int)cfg->max_iter);
      if (cfg->max_eval < 0 || cfg->max_eval > 1000000)
        return dsc_error_set(err, DSC_EINVAL,
                             "max_eval: must be an integer in 1..1000000, or 0 for max_iter·5/4, got %d",
                             (int)cfg->max_eval);
      if (cfg->max_eval == 0 && cfg->max_iter * 5 / 4 < 1)
        return dsc_error_set(err, DSC_EINVAL, "max_eval: max_iter·5/4 is 0 for max_iter %d; set max_eval",
                             (int)cfg->max_iter);
      if (cfg->history_size < 1 || cfg->history_size > DSC_MAX_LBFGS_HISTORY)
        return dsc_error_set(err, DSC_EINVAL, "history_size: must be an integer in 1..%d, got %d",
                             DSC_MAX_LBFGS_HISTORY, (int)cfg->history_size);
      if (cfg->line_search != DSC_LINE_SEARCH_NONE && cfg->line_search != DSC_LINE_SEARCH_STRONG_WOLFE)
        return dsc_error_set(err, DSC_EINVAL, "line_search: must be 0 (none) or 1 (strong_wolfe), got %d",
                             (int)cfg->line_search);
      if (!(cfg->tolerance_grad >= 0) || !isfinite(cfg->tolerance_grad))
        return dsc_error_set(err, DSC_EINVAL, "tolerance_grad: must be >= 0 and finite, got %g",
                             cfg->tolerance_grad);
      if (!(cfg->tolerance_change >= 0) || !isfinite(cfg->tolerance_change))
        return dsc_error_set(err, DSC_EINVAL, "tolerance_change: must be >= 0 and finite, got %g",
                             cfg->tolerance_change);
      if (cfg->weight_decay != 0)
        return dsc_error_set(err, DSC_EINVAL, "weight_decay: LBFGS has none, must be 0, got %g",
                             cfg->weight_decay);
      break;
    case DSC_OPTIM_NEWTON:
      if (!(cfg->damping >= 0) || !isfinite(cfg->damping))
        return dsc_error_set(err, DSC_EINVAL, "damping: must be >= 0 and finite, got %g", cfg->damping);
      if (cfg->weight_decay != 0)
        return dsc_error_set(err, DSC_EINVAL,
                             "weight_decay: Newton has none (use the model's L2 penalty), must be 0, got %g",
                             cfg->weight_decay);
      break;
  }
  if (cfg->kind != DSC_OPTIM_SGD && cfg->kind != DSC_OPTIM_RPROP && cfg->kind != DSC_OPTIM_LBFGS &&
      cfg->kind != DSC_OPTIM_NEWTON &&
      (!(cfg->eps > 0) || !isfinite(cfg->eps)))
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
    case DSC_OPTIM_NADAM:
    case DSC_OPTIM_RADAM:
    case DSC_OPTIM_ADADELTA:
    case DSC_OPTIM_ADAMAX:
      use_m = use_v = 1;
      break;
    case DSC_OPTIM_RPROP:
      use_buf = use_v = 1;
      break;
    case DSC_OPTIM_LBFGS:
    case DSC_OPTIM_NEWTON:
      break;
  }
  opt->cfg = *cfg;
  opt->n = n;
  opt->t = 0;
  opt->mu_product = 1.0; /* torch.optim.NAdam: state['mu_product'] = 1 */
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
      opt->slab_len = arrays * n;
    }
  }
  if (cfg->kind == DSC_OPTIM_LBFGS) {
    /* d, prev_grad, the two rings, ro, al, and 8 scratch arrays: n·(2H + 10) + 2H doubles */
    const size_t H = (size_t)cfg->history_size;
    const size_t len = n * (2 * H + 10) + 2 * H;
    double *p;
    if (n > (SIZE_MAX / sizeof(double) - 2 * H) / (2 * H + 10))
      return dsc_error_set(err, DSC_ENOMEM, "optim: %zu parameters are too many for L-BFGS", n);
    opt->slab = calloc(len, sizeof(double));
    if (!opt->slab)
      return dsc_error_set(err, DSC_ENOMEM,
                           "optim: cannot allocate L-BFGS's %zu doubles (history_size %zu × %zu parameters)",
                           len, H, n);
    opt->slab_len = len;
    p = opt->slab;
    opt->lb.d = p; p += n;
    opt->lb.prev_grad = p; p += n;
    opt->lb.dirs = p; p += H * n;
    opt->lb.stps = p; p += H * n;
    opt->lb.ro = p; p += H;
    opt->lb.al = p; p += H;
    opt->lb.g = p; p += n;
    opt->lb.x0 = p; p += n;
    opt->lb.g_new = p; p += n;
    opt->lb.g_prev = p; p += n;
    opt->lb.bg0 = p; p += n;
    opt->lb.bg1 = p; p += n;
    opt->lb.tmp_y = p; p += n;
    opt->lb.tmp_s = p;
    opt->lb.h_diag = 1;
  }
  if (cfg->kind == DSC_OPTIM_NEWTON) {
    /* the n × n Hessian (then its factor) and the step: n·(n + 1) doubles */
    if (n > 65535)
      return dsc_error_set(err, DSC_ENOMEM, "optim: %zu parameters are too many for Newton's Hessian", n);
    opt->slab = calloc(n * (n + 1), sizeof(double));
    if (!opt->slab)
      return dsc_error_set(err, DSC_ENOMEM, "optim: cannot allocate a %zu × %zu Hessian", n, n);
    opt->slab_len = n * (n + 1);
    opt->hess = opt->slab;
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

/* torch.optim.NAdam semantics (_single_tensor_nadam), t counted from 1, ψ = momentum_decay:
 *   bc2 = 1 − β₂ᵗ;  g ← g + wd·p
 *   μ_t = β₁(1 − ½·0.96^(tψ)),  μ_{t+1} = β₁(1 − ½·0.96^((t+1)ψ));  Π ← Π·μ_t;  Π' = Π·μ_{t+1}
 *   m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  denom = √(v/bc2) + eps
 *   p ← p − lr(1 − μ_t)/(1 − Π)·g/denom − lr·μ_{t+1}/(1 − Π')·m/denom
 * Π' is the paper's ∏_{i<=t+1} μ_i, the formula torch 1.13 documents and torch >= 2.0 computes; torch
 * 1.13's code multiplies μ_t in twice (Π·μ_t·μ_{t+1}), a bug fixed by pytorch/pytorch#92699. Π is a
 * double here; torch keeps it in a float32 tensor unless the default dtype is float64. */
static void nadam_step(dsc_optim *opt, double *p, double *g, double lr) {
  const dsc_optim_config *c = &opt->cfg;
  const double wd = c->weight_decay, b1 = c->beta1, b2 = c->beta2, eps = c->eps;
  const double t = (double)opt->t;
  const double bc2 = 1 - pow(b2, t);
  const double mu = b1 * (1. - 0.5 * pow(0.96, t * c->momentum_decay));
  const double mu_next = b1 * (1. - 0.5 * pow(0.96, (t + 1) * c->momentum_decay));
  double mu_product_next, value_g, value_m;
  opt->mu_product *= mu;
  mu_product_next = opt->mu_product * mu_next;
  value_g = -lr * (1. - mu) / (1. - opt->mu_product);
  value_m = -lr * mu_next / (1. - mu_product_next);
  for (size_t i = 0; i < opt->n; i++) {
    double gi = g[i], denom;
    if (wd != 0) gi = gi + wd * p[i];
    g[i] = gi;
    opt->m[i] = opt->m[i] * b1 + (1 - b1) * gi;
    opt->v[i] = opt->v[i] * b2 + (1 - b2) * gi * gi;
    denom = sqrt(opt->v[i] / bc2) + eps;
    p[i] = p[i] + value_g * gi / denom;      /* addcdiv: p + value·g/denom */
    p[i] = p[i] + value_m * opt->m[i] / denom;
  }
}

/* torch.optim.RAdam semantics (_single_tensor_radam), t counted from 1:
 *   bc1 = 1 − β₁ᵗ, bc2 = 1 − β₂ᵗ;  g ← g + wd·p;  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²
 *   ρ∞ = 2/(1 − β₂) − 1;  ρ_t = ρ∞ − 2t·β₂ᵗ/bc2
 *   ρ_t > 5 (rectified): r = √((ρ_t − 4)(ρ_t − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρ_t)),
 *                        p ← p − (m/bc1)·lr·(√bc2/(√v + eps))·r
 *   else (the first steps, ρ_t <= 5: with β₂ = 0.999 steps 1..5): p ← p − (m/bc1)·lr  (un-rectified:
 *   SGD with a bias-corrected momentum, no division by √v) */
static void radam_step(dsc_optim *opt, double *p, double *g, double lr) {
  const dsc_optim_config *c = &opt->cfg;
  const double wd = c->weight_decay, b1 = c->beta1, b2 = c->beta2, eps = c->eps;
  const double t = (double)opt->t;
  const double bc1 = 1 - pow(b1, t);
  const double bc2 = 1 - pow(b2, t);
  const double rho_inf = 2 / (1 - b2) - 1;
  const double rho_t = rho_inf - 2 * t * pow(b2, t) / bc2;
  const int rectified = rho_t > 5.;
  const double rect =
      rectified ? sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) : 0;
  const double sqrt_bc2 = sqrt(bc2);
  for (size_t i = 0; i < opt->n; i++) {
    double gi = g[i], m_hat;
    if (wd != 0) gi = gi + wd * p[i];
    g[i] = gi;
    opt->m[i] = opt->m[i] * b1 + (1 - b1) * gi;
    opt->v[i] = opt->v[i] * b2 + (1 - b2) * gi * gi;
    m_hat = opt->m[i] / bc1;
    if (rectified) {
      const double adaptive_lr = sqrt_bc2 / (sqrt(opt->v[i]) + eps);
      p[i] = p[i] + -1.0 * (m_hat * lr * adaptive_lr * rect);
    } else {
      p[i] = p[i] + -1.0 * (m_hat * lr);
    }
  }
}

/* torch.optim.Adadelta semantics (_single_tensor_adadelta):
 *   g ← g + wd·p;  sq ← ρ·sq + (1 − ρ)g²;  std = √(sq + eps)
 *   delta = √(acc + eps)/std·g;  acc ← ρ·acc + (1 − ρ)·delta²;  p ← p − lr·delta */
static void adadelta_step(dsc_optim *opt, double *p, double *g, double lr) {
  const dsc_optim_config *c = &opt->cfg;
  const double wd = c->weight_decay, rho = c->rho, eps = c->eps;
  for (size_t i = 0; i < opt->n; i++) {
    double gi = g[i], std, delta;
    if (wd != 0) gi = gi + wd * p[i];
    g[i] = gi;
    opt->v[i] = opt->v[i] * rho + (1 - rho) * gi * gi;
    std = sqrt(opt->v[i] + eps);
    delta = sqrt(opt->m[i] + eps) / std * gi;
    opt->m[i] = opt->m[i] * rho + (1 - rho) * delta * delta;
    p[i] = p[i] + -lr * delta;
  }
}

/* torch.amax of two values: the larger, NaN when either is NaN (fmax would drop a NaN). */
static double amax2(double a, double b) {
  if (isnan(a) || isnan(b)) return NAN;
  return a > b ? a : b;
}

/* torch.optim.Adamax semantics (_single_tensor_adamax), t counted from 1:
 *   g ← g + wd·p;  m ← β₁m + (1 − β₁)g;  u ← max(β₂·u, |g| + eps)
 *   p ← p − (lr/(1 − β₁ᵗ))·m/u   (eps inside the max, not added to the denominator) */
static void adamax_step(dsc_optim *opt, double *p, double *g, double lr) {
  const dsc_optim_config *c = &opt->cfg;
  const double wd = c->weight_decay, b1 = c->beta1, b2 = c->beta2, eps = c->eps;
  const double clr = lr / (1 - pow(b1, (double)opt->t));
  for (size_t i = 0; i < opt->n; i++) {
    double gi = g[i];
    if (wd != 0) gi = gi + wd * p[i];
    g[i] = gi;
    opt->m[i] = opt->m[i] * b1 + (1 - b1) * gi;
    opt->v[i] = amax2(opt->v[i] * b2, fabs(gi) + eps);
    p[i] = p[i] + -clr * opt->m[i] / opt->v[i];
  }
}

/* torch.optim.Rprop semantics (_single_tensor_rprop); step sizes η start at lr on the first step:
 *   s = sign(g·prev):  s > 0 → η ← min(η·etaplus, η_max);  s < 0 → η ← max(η·etaminus, η_min) and
 *   g ← 0 (no move, and no sign to compare next time);  s = 0 → η ← clamp(η, η_min, η_max)
 *   p ← p − sign(g)·η;  prev ← g
 * (torch multiplies by the factor, then clamps to [η_min, η_max]; with η_min > η_max the clamp gives
 * η_max, which the check rules out.) */
/* torch.sign: −1, 0 or 1, NaN for NaN. */
static double sign_of(double x) { return isnan(x) ? x : (double)((x > 0) - (x < 0)); }

static void rprop_step(dsc_optim *opt, double *p, double *g, double lr) {
  const dsc_optim_config *c = &opt->cfg;
  if (opt->t == 0)
    for (size_t i = 0; i < opt->n; i++) opt->v[i] = lr; /* state['step_size'].fill_(group['lr']) */
  for (size_t i = 0; i < opt->n; i++) {
    const double s = sign_of(g[i] * opt->buf[i]);
    const double factor = s > 0 ? c->etaplus : s < 0 ? c->etaminus : s == 0 ? 1.0 : s; /* NaN stays */
    double eta = opt->v[i] * factor, gi = g[i];
    if (eta < c->step_size_min) eta = c->step_size_min; /* clamp_(min, max); NaN stays NaN */
    if (eta > c->step_size_max) eta = c->step_size_max;
    opt->v[i] = eta;
    if (factor == c->etaminus) gi = 0; /* grad[sign.eq(etaminus)] = 0 */
    p[i] = p[i] + -1.0 * sign_of(gi) * eta; /* addcmul_(grad.sign(), step_size, value=-1) */
    opt->buf[i] = gi;
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
    case DSC_OPTIM_NADAM:
      opt->t++;
      nadam_step(opt, params, grad, lr);
      break;
    case DSC_OPTIM_RADAM:
      opt->t++;
      radam_step(opt, params, grad, lr);
      break;
    case DSC_OPTIM_ADADELTA:
      adadelta_step(opt, params, grad, lr);
      opt->t++;
      break;
    case DSC_OPTIM_ADAMAX:
      opt->t++;
      adamax_step(opt, params, grad, lr);
      break;
    case DSC_OPTIM_RPROP:
      rprop_step(opt, params, grad, lr);
      opt->t++;
      break;
    case DSC_OPTIM_LBFGS:  /* dsc_optim_step_closure */
    case DSC_OPTIM_NEWTON: /* dsc_optim_step_newton */
      break;
  }
}

/* Damped Newton (not in torch): solve (H + λI)·s = g by Cholesky, then θ ← θ − lr·s. */
dsc_status dsc_optim_step_newton(dsc_optim *opt, double *params, const double *grad, double *hess,
                                 double lr, dsc_error *err) {
  const size_t n = opt->n;
  double *s = opt->hess + n * n;
  dsc_status st;
  for (size_t i = 0; i < n; i++) hess[i * n + i] += opt->cfg.damping;
  if ((st = dsc_solve_cholesky(hess, n, grad, s, err)) != DSC_OK) return st;
  for (size_t i = 0; i < n; i++) params[i] = params[i] - lr * s[i];
  opt->t++;
  return DSC_OK;
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
  if (dst->slab_len != src->slab_len)
    return dsc_error_set(err, DSC_EINVAL, "optim: cannot copy a state of %zu doubles into %zu",
                         src->slab_len, dst->slab_len);
  dst->t = src->t;
  dst->mu_product = src->mu_product;
  for (int k = 0; k < 4; k++)
    if (from[k]) memcpy(to[k], from[k], src->n * sizeof(double));
  if (src->cfg.kind == DSC_OPTIM_LBFGS) {
    /* scalars, then the whole slab (the pointers stay dst's own) */
    dst->lb.n_iter = src->lb.n_iter;
    dst->lb.func_evals = src->lb.func_evals;
    dst->lb.num_old = src->lb.num_old;
    dst->lb.head = src->lb.head;
    dst->lb.t = src->lb.t;
    dst->lb.h_diag = src->lb.h_diag;
    memcpy(dst->slab, src->slab, src->slab_len * sizeof(double));
  }
  return DSC_OK;
}

void dsc_optim_free(dsc_optim *opt) {
  if (!opt) return;
  free(opt->slab);
  opt->slab = opt->buf = opt->m = opt->v = opt->vmax = opt->hess = NULL;
  memset(&opt->lb, 0, sizeof opt->lb);
  opt->slab_len = 0;
  opt->n = 0;
}
