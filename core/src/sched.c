/* sched.c — learning-rate schedules with torch.optim.lr_scheduler semantics where the names match.
 *
 * t counts schedule steps (dsc_sched_step / dsc_sched_bold calls); the rate the next update uses is
 * f(t). The closed-form schedules use torch's _get_closed_form_lr, so the value at step t does not
 * depend on rounding accumulated over earlier steps. Plateau and bold driver are stateful.
 */
#include <math.h>
#include <string.h>

#include "descent.h"

#define DSC_PI 3.14159265358979323846

void dsc_sched_config_default(dsc_sched_config *cfg, dsc_sched_kind kind) {
  memset(cfg, 0, sizeof *cfg);
  cfg->kind = (int32_t)kind;
  cfg->per = DSC_PER_EPOCH;
  cfg->step_size = 10;
  cfg->t_max = 100;
  cfg->total_iters = 5;
  cfg->patience = 10;
  cfg->cooldown = 0;
  cfg->threshold_mode = DSC_THRESHOLD_REL;
  cfg->gamma = kind == DSC_SCHED_EXPONENTIAL ? 0.95 : 0.1;
  cfg->eta_min = 0.0;
  cfg->start_factor = 1.0 / 3.0;
  cfg->end_factor = 1.0;
  cfg->factor = 0.1;
  cfg->threshold = kind == DSC_SCHED_BOLD_DRIVER ? 1e-5 : 1e-4;
  cfg->min_lr = 0.0;
  cfg->eps = 1e-8;
  cfg->increase = 1.05;
  cfg->decrease = 0.5;
}

static int finite_ge0(double x) { return x >= 0 && isfinite(x); }

dsc_status dsc_sched_config_check(const dsc_sched_config *cfg, dsc_error *err) {
  if (!cfg) return dsc_error_set(err, DSC_EINVAL, "sched: config is NULL");
  if (cfg->kind < DSC_SCHED_CONSTANT || cfg->kind > DSC_SCHED_BOLD_DRIVER)
    return dsc_error_set(err, DSC_EINVAL,
                         "kind: must be 0..6 (constant, exponential, step, cosine, linear, plateau, "
                         "bold driver), got %d", (int)cfg->kind);
  if (cfg->per != DSC_PER_EPOCH && cfg->per != DSC_PER_ITERATION)
    return dsc_error_set(err, DSC_EINVAL, "per: must be 0 (epoch) or 1 (iteration), got %d",
                         (int)cfg->per);
  switch ((dsc_sched_kind)cfg->kind) {
    case DSC_SCHED_CONSTANT: break;
    case DSC_SCHED_STEP:
      if (cfg->step_size < 1)
        return dsc_error_set(err, DSC_EINVAL, "step_size: must be >= 1, got %d", (int)cfg->step_size);
      if (!(cfg->gamma > 0) || !isfinite(cfg->gamma))
        return dsc_error_set(err, DSC_EINVAL, "gamma: must be > 0 and finite, got %g", cfg->gamma);
      break;
    case DSC_SCHED_EXPONENTIAL:
      if (!(cfg->gamma > 0) || !isfinite(cfg->gamma))
        return dsc_error_set(err, DSC_EINVAL, "gamma: must be > 0 and finite, got %g", cfg->gamma);
      break;
    case DSC_SCHED_COSINE:
      if (cfg->t_max < 1)
        return dsc_error_set(err, DSC_EINVAL, "t_max: must be >= 1, got %d", (int)cfg->t_max);
      if (!finite_ge0(cfg->eta_min))
        return dsc_error_set(err, DSC_EINVAL, "eta_min: must be >= 0 and finite, got %g", cfg->eta_min);
      break;
    case DSC_SCHED_LINEAR:
      if (cfg->total_iters < 1)
        return dsc_error_set(err, DSC_EINVAL, "total_iters: must be >= 1, got %d",
                             (int)cfg->total_iters);
      if (!(cfg->start_factor > 0 && cfg->start_factor <= 1))
        return dsc_error_set(err, DSC_EINVAL, "start_factor: must be in (0, 1], got %g",
                             cfg->start_factor);
      if (!(cfg->end_factor >= 0 && cfg->end_factor <= 1))
        return dsc_error_set(err, DSC_EINVAL, "end_factor: must be in [0, 1], got %g", cfg->end_factor);
      break;
    case DSC_SCHED_PLATEAU:
      if (!(cfg->factor > 0 && cfg->factor < 1))
        return dsc_error_set(err, DSC_EINVAL, "factor: must be in (0, 1), got %g", cfg->factor);
      if (cfg->patience < 0)
        return dsc_error_set(err, DSC_EINVAL, "patience: must be >= 0, got %d", (int)cfg->patience);
      if (cfg->cooldown < 0)
        return dsc_error_set(err, DSC_EINVAL, "cooldown: must be >= 0, got %d", (int)cfg->cooldown);
      if (cfg->threshold_mode != DSC_THRESHOLD_REL && cfg->threshold_mode != DSC_THRESHOLD_ABS)
        return dsc_error_set(err, DSC_EINVAL, "threshold_mode: must be 0 (rel) or 1 (abs), got %d",
                             (int)cfg->threshold_mode);
      if (!finite_ge0(cfg->threshold))
        return dsc_error_set(err, DSC_EINVAL, "threshold: must be >= 0 and finite, got %g",
                             cfg->threshold);
      if (!finite_ge0(cfg->min_lr))
        return dsc_error_set(err, DSC_EINVAL, "min_lr: must be >= 0 and finite, got %g", cfg->min_lr);
      if (!finite_ge0(cfg->eps))
        return dsc_error_set(err, DSC_EINVAL, "eps: must be >= 0 and finite, got %g", cfg->eps);
      break;
    case DSC_SCHED_BOLD_DRIVER:
      if (!(cfg->increase > 1) || !isfinite(cfg->increase))
        return dsc_error_set(err, DSC_EINVAL, "increase: must be > 1 and finite, got %g", cfg->increase);
      if (!(cfg->decrease > 0 && cfg->decrease < 1))
        return dsc_error_set(err, DSC_EINVAL, "decrease: must be in (0, 1), got %g", cfg->decrease);
      if (!finite_ge0(cfg->threshold))
        return dsc_error_set(err, DSC_EINVAL, "threshold: must be >= 0 and finite, got %g",
                             cfg->threshold);
      break;
  }
  return DSC_OK;
}

/* The closed-form rate at step t (torch's _get_closed_form_lr); stateful kinds keep their lr. */
static double closed_form_lr(const dsc_sched *s) {
  const dsc_sched_config *c = &s->cfg;
  const double base = s->base_lr, t = (double)s->t;
  switch ((dsc_sched_kind)c->kind) {
    case DSC_SCHED_EXPONENTIAL: /* ExponentialLR: base·γ^t */
      return base * pow(c->gamma, t);
    case DSC_SCHED_STEP: /* StepLR: base·γ^⌊t/step_size⌋ */
      return base * pow(c->gamma, (double)(s->t / c->step_size));
    case DSC_SCHED_COSINE: /* CosineAnnealingLR: η_min + (base − η_min)(1 + cos(π t/T_max))/2 */
      return c->eta_min + (base - c->eta_min) * (1 + cos(DSC_PI * t / c->t_max)) / 2;
    case DSC_SCHED_LINEAR: { /* LinearLR: base·(s + (e − s)·min(t, T)/T) */
      const double tt = s->t < c->total_iters ? t : (double)c->total_iters;
      return base * (c->start_factor + (c->end_factor - c->start_factor) * tt / c->total_iters);
    }
    case DSC_SCHED_CONSTANT:
      return base;
    case DSC_SCHED_PLATEAU:
    case DSC_SCHED_BOLD_DRIVER:
      break;
  }
  return s->lr;
}

void dsc_sched_init(dsc_sched *s, const dsc_sched_config *cfg, double base_lr) {
  memset(s, 0, sizeof *s);
  s->cfg = *cfg;
  s->base_lr = base_lr;
  s->lr = base_lr;
  s->t = 0;
  s->best = INFINITY;
  s->num_bad = 0;
  s->cooldown_left = 0;
  s->lr = closed_form_lr(s);
}

double dsc_sched_lr(const dsc_sched *s) { return s->lr; }

/* ReduceLROnPlateau.step semantics, mode "min":
 *   better: a < best·(1 − threshold) (rel) or a < best − threshold (abs); best starts at +inf
 *   better → best = a, num_bad = 0; else num_bad += 1
 *   in cooldown (cooldown_left > 0) → cooldown_left −= 1, num_bad = 0
 *   num_bad > patience → new_lr = max(lr·factor, min_lr), applied only if lr − new_lr > eps;
 *                        cooldown_left = cooldown, num_bad = 0 */
static void plateau_step(dsc_sched *s, double metric) {
  const dsc_sched_config *c = &s->cfg;
  const int better = c->threshold_mode == DSC_THRESHOLD_REL ? metric < s->best * (1 - c->threshold)
                                                            : metric < s->best - c->threshold;
  if (better) {
    s->best = metric;
    s->num_bad = 0;
  } else {
    s->num_bad++;
  }
  if (s->cooldown_left > 0) {
    s->cooldown_left--;
    s->num_bad = 0;
  }
  if (s->num_bad > c->patience) {
    const double new_lr = fmax(s->lr * c->factor, c->min_lr);
    if (s->lr - new_lr > c->eps) s->lr = new_lr;
    s->cooldown_left = c->cooldown;
    s->num_bad = 0;
  }
}

void dsc_sched_step(dsc_sched *s, double metric) {
  s->t++;
  if (s->cfg.kind == DSC_SCHED_PLATEAU)
    plateau_step(s, metric);
  else
    s->lr = closed_form_lr(s);
}

/* Bold driver (Battiti 1989; Vogl et al. 1988): lr·increase after an improving step period, lr·decrease
   after a worsening one (the trainer undoes that period). Other kinds ignore the call. */
void dsc_sched_bold(dsc_sched *s, int improved) {
  if (s->cfg.kind != DSC_SCHED_BOLD_DRIVER) return;
  s->t++;
  s->lr *= improved ? s->cfg.increase : s->cfg.decrease;
}
