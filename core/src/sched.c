/* sched.c — learning-rate schedules with torch.optim.lr_scheduler semantics where the names match.
 *
 * t counts schedule steps (dsc_sched_step / dsc_sched_bold calls); the rate the next update uses is
 * f(t). The closed-form schedules use torch's _get_closed_form_lr (or, for the schedulers torch gives
 * none, their get_lr, which is already a function of the step count alone), so the value at step t
 * does not depend on rounding accumulated over earlier steps; torch's chainable recurrences agree with
 * them to rounding. Plateau and bold driver are stateful.
 *
 * A schedule is one or more parts (dsc_sched_part): a sequential schedule's schedulers, each with its
 * own step count from its milestone on (SequentialLR calls scheduler.step(0) at a milestone, which
 * restarts that scheduler's closed form at 0), or the schedule itself.
 */
#include <math.h>
#include <string.h>

#include "descent.h"

#define DSC_PI 3.14159265358979323846

/* The schema's default sequential schedule (web/lib/experiment.js): LinearLR's torch defaults
   (start_factor 1/3, total_iters 5), then CosineAnnealingLR from step 5 to the end of the run. Only
   the fields these kinds read are set; the copies dsc_sched_init makes resolve t_max. */
static const int32_t default_milestones[1] = {5};
static const dsc_sched_config default_schedulers[2] = {
    {.kind = DSC_SCHED_LINEAR, .total_iters = 5, .start_factor = 1.0 / 3.0, .end_factor = 1.0},
    {.kind = DSC_SCHED_COSINE, .t_max = 0, .eta_min = 0.0},
};

void dsc_sched_config_default(dsc_sched_config *cfg, dsc_sched_kind kind) {
  memset(cfg, 0, sizeof *cfg);
  cfg->kind = (int32_t)kind;
  cfg->per = DSC_PER_EPOCH;
  cfg->step_size = 10;
  cfg->t_max = 0; /* the run's length */
  cfg->total_iters = 5;
  cfg->patience = 10;
  cfg->cooldown = 0;
  cfg->threshold_mode = DSC_THRESHOLD_REL;
  cfg->total_steps = 0; /* the run's length */
  cfg->anneal_strategy = DSC_ANNEAL_COS;
  cfg->three_phase = 0;
  cfg->cycle_momentum = 0; /* torch: True */
  cfg->mode = DSC_CYCLIC_TRIANGULAR;
  cfg->step_size_up = 2000;
  cfg->step_size_down = 0; /* step_size_up */
  cfg->t_0 = 0;            /* none: torch requires T_0 */
  cfg->t_mult = 1;
  cfg->gamma = kind == DSC_SCHED_EXPONENTIAL ? 0.95 : kind == DSC_SCHED_CYCLIC ? 1.0 : 0.1;
  cfg->eta_min = 0.0;
  cfg->start_factor = 1.0 / 3.0;
  cfg->end_factor = 1.0;
  cfg->factor = 0.1;
  cfg->threshold = kind == DSC_SCHED_BOLD_DRIVER ? 1e-5 : 1e-4;
  cfg->min_lr = 0.0;
  cfg->eps = 1e-8;
  cfg->increase = 1.05;
  cfg->decrease = 0.5;
  cfg->max_lr = 0.0;  /* one_cycle: the optimizer's lr; cyclic: none (torch requires max_lr) */
  cfg->base_lr = 0.0; /* the optimizer's lr */
  cfg->pct_start = 0.3;
  cfg->div_factor = 25.0;
  cfg->final_div_factor = 1e4;
  cfg->base_momentum = kind == DSC_SCHED_CYCLIC ? 0.8 : 0.85;
  cfg->max_momentum = kind == DSC_SCHED_CYCLIC ? 0.9 : 0.95;
  cfg->power = 1.0;
  if (kind == DSC_SCHED_SEQUENTIAL) {
    cfg->n_schedulers = 2;
    cfg->schedulers = default_schedulers;
    cfg->n_milestones = 1;
    cfg->milestones = default_milestones;
  }
}

static int finite_ge0(double x) { return x >= 0 && isfinite(x); }
static int finite_gt0(double x) { return x > 0 && isfinite(x); }

/* Steps of a milestone list: n in [lo, hi], strictly increasing integers >= 1. */
static dsc_status check_milestones(const int32_t *m, int32_t n, int32_t lo, int32_t hi, dsc_error *err) {
  if (n < lo || n > hi)
    return dsc_error_set(err, DSC_EINVAL, "n_milestones: must be in %d..%d, got %d", (int)lo, (int)hi,
                         (int)n);
  if (!m) return dsc_error_set(err, DSC_EINVAL, "milestones: must not be NULL");
  for (int32_t i = 0; i < n; i++) {
    if (m[i] < 1)
      return dsc_error_set(err, DSC_EINVAL, "milestones[%d]: must be >= 1, got %d", (int)i, (int)m[i]);
    if (i > 0 && m[i] <= m[i - 1])
      return dsc_error_set(err, DSC_EINVAL,
                           "milestones[%d]: must be greater than milestones[%d] (%d): strictly "
                           "increasing, got %d", (int)i, (int)(i - 1), (int)m[i - 1], (int)m[i]);
  }
  return DSC_OK;
}

/* The momentum range of OneCycleLR/CyclicLR with cycle_momentum (the optimizers' own ranges). */
static dsc_status check_cycle_momentum(const dsc_sched_config *cfg, dsc_error *err) {
  if (cfg->cycle_momentum != 0 && cfg->cycle_momentum != 1)
    return dsc_error_set(err, DSC_EINVAL, "cycle_momentum: must be 0 or 1, got %d", (int)cfg->cycle_momentum);
  if (!cfg->cycle_momentum) return DSC_OK;
  if (!(cfg->base_momentum >= 0 && cfg->base_momentum < 1))
    return dsc_error_set(err, DSC_EINVAL, "base_momentum: must be in [0, 1), got %g", cfg->base_momentum);
  if (!(cfg->max_momentum > 0 && cfg->max_momentum < 1))
    return dsc_error_set(err, DSC_EINVAL, "max_momentum: must be in (0, 1), got %g", cfg->max_momentum);
  return DSC_OK;
}

/* Whether a kind may be one of a sequential's schedulers: the closed forms that read only their own
   step count and the optimizer's lr. Excluded: plateau (torch's SequentialLR cannot step it), the bold
   driver (it undoes steps), one_cycle and cyclic (they overwrite the param group's initial_lr and lr,
   so in torch the other schedulers' base rates would depend on construction order), sequential. */
static int sequential_child(int32_t kind) {
  switch (kind) {
    case DSC_SCHED_CONSTANT: case DSC_SCHED_EXPONENTIAL: case DSC_SCHED_STEP: case DSC_SCHED_COSINE:
    case DSC_SCHED_LINEAR: case DSC_SCHED_COSINE_WARM_RESTARTS: case DSC_SCHED_MULTISTEP:
    case DSC_SCHED_POLYNOMIAL:
      return 1;
    default:
      return 0;
  }
}

dsc_status dsc_sched_config_check(const dsc_sched_config *cfg, dsc_error *err) {
  dsc_status st;
  if (!cfg) return dsc_error_set(err, DSC_EINVAL, "sched: config is NULL");
  if (cfg->kind < DSC_SCHED_CONSTANT || cfg->kind > DSC_SCHED_SEQUENTIAL)
    return dsc_error_set(err, DSC_EINVAL,
                         "kind: must be 0..12 (constant, exponential, step, cosine, linear, plateau, "
                         "bold driver, one_cycle, cyclic, cosine_warm_restarts, multistep, polynomial, "
                         "sequential), got %d", (int)cfg->kind);
  if (cfg->per != DSC_PER_EPOCH && cfg->per != DSC_PER_ITERATION)
    return dsc_error_set(err, DSC_EINVAL, "per: must be 0 (epoch) or 1 (iteration), got %d",
                         (int)cfg->per);
  switch ((dsc_sched_kind)cfg->kind) {
    case DSC_SCHED_CONSTANT: break;
    case DSC_SCHED_STEP:
      if (cfg->step_size < 1)
        return dsc_error_set(err, DSC_EINVAL, "step_size: must be >= 1, got %d", (int)cfg->step_size);
      if (!finite_gt0(cfg->gamma))
        return dsc_error_set(err, DSC_EINVAL, "gamma: must be > 0 and finite, got %g", cfg->gamma);
      break;
    case DSC_SCHED_EXPONENTIAL:
      if (!finite_gt0(cfg->gamma))
        return dsc_error_set(err, DSC_EINVAL, "gamma: must be > 0 and finite, got %g", cfg->gamma);
      break;
    case DSC_SCHED_COSINE:
      if (cfg->t_max < 0)
        return dsc_error_set(err, DSC_EINVAL, "t_max: must be >= 1, or 0 for the run's length, got %d",
                             (int)cfg->t_max);
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
    case DSC_SCHED_ONE_CYCLE:
      if (!finite_ge0(cfg->max_lr))
        return dsc_error_set(err, DSC_EINVAL,
                             "max_lr: must be > 0 and finite, or 0 for the optimizer's lr, got %g",
                             cfg->max_lr);
      if (cfg->total_steps < 0)
        return dsc_error_set(err, DSC_EINVAL,
                             "total_steps: must be >= 1, or 0 for the run's length, got %d",
                             (int)cfg->total_steps);
      if (!(cfg->pct_start >= 0 && cfg->pct_start <= 1))
        return dsc_error_set(err, DSC_EINVAL, "pct_start: must be in [0, 1], got %g", cfg->pct_start);
      if (cfg->anneal_strategy != DSC_ANNEAL_COS && cfg->anneal_strategy != DSC_ANNEAL_LINEAR)
        return dsc_error_set(err, DSC_EINVAL, "anneal_strategy: must be 0 (cos) or 1 (linear), got %d",
                             (int)cfg->anneal_strategy);
      if (!finite_gt0(cfg->div_factor))
        return dsc_error_set(err, DSC_EINVAL, "div_factor: must be > 0 and finite, got %g", cfg->div_factor);
      if (!finite_gt0(cfg->final_div_factor))
        return dsc_error_set(err, DSC_EINVAL, "final_div_factor: must be > 0 and finite, got %g",
                             cfg->final_div_factor);
      if (cfg->three_phase != 0 && cfg->three_phase != 1)
        return dsc_error_set(err, DSC_EINVAL, "three_phase: must be 0 or 1, got %d", (int)cfg->three_phase);
      if ((st = check_cycle_momentum(cfg, err)) != DSC_OK) return st;
      break;
    case DSC_SCHED_CYCLIC:
      if (!finite_ge0(cfg->base_lr))
        return dsc_error_set(err, DSC_EINVAL,
                             "base_lr: must be > 0 and finite, or 0 for the optimizer's lr, got %g",
                             cfg->base_lr);
      if (!finite_gt0(cfg->max_lr))
        return dsc_error_set(err, DSC_EINVAL,
                             "max_lr: must be > 0 and finite (CyclicLR has no default), got %g", cfg->max_lr);
      if (cfg->step_size_up < 1)
        return dsc_error_set(err, DSC_EINVAL, "step_size_up: must be >= 1, got %d", (int)cfg->step_size_up);
      if (cfg->step_size_down < 0)
        return dsc_error_set(err, DSC_EINVAL,
                             "step_size_down: must be >= 1, or 0 for step_size_up, got %d",
                             (int)cfg->step_size_down);
      if (cfg->mode < DSC_CYCLIC_TRIANGULAR || cfg->mode > DSC_CYCLIC_EXP_RANGE)
        return dsc_error_set(err, DSC_EINVAL,
                             "mode: must be 0 (triangular), 1 (triangular2) or 2 (exp_range), got %d",
                             (int)cfg->mode);
      if (!finite_gt0(cfg->gamma))
        return dsc_error_set(err, DSC_EINVAL, "gamma: must be > 0 and finite, got %g", cfg->gamma);
      if ((st = check_cycle_momentum(cfg, err)) != DSC_OK) return st;
      break;
    case DSC_SCHED_COSINE_WARM_RESTARTS:
      if (cfg->t_0 < 1)
        return dsc_error_set(err, DSC_EINVAL,
                             "t_0: must be >= 1 (CosineAnnealingWarmRestarts has no default), got %d",
                             (int)cfg->t_0);
      if (cfg->t_mult < 1)
        return dsc_error_set(err, DSC_EINVAL, "t_mult: must be >= 1, got %d", (int)cfg->t_mult);
      if (!finite_ge0(cfg->eta_min))
        return dsc_error_set(err, DSC_EINVAL, "eta_min: must be >= 0 and finite, got %g", cfg->eta_min);
      break;
    case DSC_SCHED_MULTISTEP:
      if ((st = check_milestones(cfg->milestones, cfg->n_milestones, 1, DSC_MAX_MILESTONES, err)) != DSC_OK)
        return st;
      if (!finite_gt0(cfg->gamma))
        return dsc_error_set(err, DSC_EINVAL, "gamma: must be > 0 and finite, got %g", cfg->gamma);
      break;
    case DSC_SCHED_POLYNOMIAL:
      if (cfg->total_iters < 1)
        return dsc_error_set(err, DSC_EINVAL, "total_iters: must be >= 1, got %d", (int)cfg->total_iters);
      if (!finite_ge0(cfg->power))
        return dsc_error_set(err, DSC_EINVAL, "power: must be >= 0 and finite, got %g", cfg->power);
      break;
    case DSC_SCHED_SEQUENTIAL:
      if (cfg->n_schedulers < 2 || cfg->n_schedulers > DSC_MAX_SCHEDULERS)
        return dsc_error_set(err, DSC_EINVAL, "n_schedulers: must be in 2..%d, got %d",
                             DSC_MAX_SCHEDULERS, (int)cfg->n_schedulers);
      if (!cfg->schedulers) return dsc_error_set(err, DSC_EINVAL, "schedulers: must not be NULL");
      if (cfg->n_milestones != cfg->n_schedulers - 1)
        return dsc_error_set(err, DSC_EINVAL,
                             "n_milestones: must be one fewer than the %d schedulers, got %d",
                             (int)cfg->n_schedulers, (int)cfg->n_milestones);
      if ((st = check_milestones(cfg->milestones, cfg->n_milestones, 1, DSC_MAX_SCHEDULERS - 1, err)) !=
          DSC_OK)
        return st;
      for (int32_t k = 0; k < cfg->n_schedulers; k++) {
        const dsc_sched_config *child = &cfg->schedulers[k];
        dsc_error inner;
        if (!sequential_child(child->kind))
          return dsc_error_set(err, DSC_EINVAL,
                               "schedulers[%d].kind: must be constant, exponential, step, cosine, linear, "
                               "cosine_warm_restarts, multistep or polynomial, got %d", (int)k,
                               (int)child->kind);
        if (dsc_sched_config_check(child, &inner) != DSC_OK)
          return dsc_error_set(err, DSC_EINVAL, "schedulers[%d].%s", (int)k, inner.message);
      }
      break;
  }
  return DSC_OK;
}

/* OneCycleLR's annealing from start to end as pct goes from 0 to 1 (_annealing_cos, _annealing_linear):
   cos: end + (start − end)/2·(cos(π·pct) + 1);  linear: (end − start)·pct + start. */
static double anneal(int32_t strategy, double start, double end, double pct) {
  if (strategy == DSC_ANNEAL_LINEAR) return (end - start) * pct + start;
  {
    const double cos_out = cos(DSC_PI * pct) + 1;
    return end + (start - end) / 2.0 * cos_out;
  }
}

/* OneCycleLR's phases (torch 1.13 _schedule_phases): end step, start/end rate and momentum. */
typedef struct one_cycle_phase {
  double end_step, lr_start, lr_end, m_start, m_end;
} one_cycle_phase;

/* Fills ph with the phases of a resolved one_cycle part; returns their number (2 or 3).
   initial = max_lr/div_factor, min = initial/final_div_factor, T = total_steps, p = pct_start:
     two phases:   [0, pT − 1] initial → max_lr (momentum max → base), [.., T − 1] max_lr → min
     three phases: [0, pT − 1] initial → max_lr, [.., 2pT − 2] max_lr → initial, [.., T − 1] initial → min */
static int one_cycle_phases(const dsc_sched_config *c, one_cycle_phase ph[3]) {
  const double T = (double)c->total_steps, p = c->pct_start;
  const double max_lr = c->max_lr, initial = max_lr / c->div_factor, min_lr = initial / c->final_div_factor;
  const double mmax = c->max_momentum, mbase = c->base_momentum;
  if (c->three_phase) {
    ph[0] = (one_cycle_phase){p * T - 1, initial, max_lr, mmax, mbase};
    ph[1] = (one_cycle_phase){2 * p * T - 2, max_lr, initial, mbase, mmax};
    ph[2] = (one_cycle_phase){T - 1, initial, min_lr, mmax, mmax};
    return 3;
  }
  ph[0] = (one_cycle_phase){p * T - 1, initial, max_lr, mmax, mbase};
  ph[1] = (one_cycle_phase){T - 1, max_lr, min_lr, mbase, mmax};
  return 2;
}

/* The rate (and, for the kinds that cycle it, the momentum) of one part at its own step t; base is the
   optimizer's lr. Stateful kinds (plateau, bold driver) are not parts' business: they return base. */
static double part_lr(const dsc_sched_part *part, double base, int64_t t, double *momentum) {
  const dsc_sched_config *c = &part->cfg;
  const double tt = (double)t;
  switch ((dsc_sched_kind)c->kind) {
    case DSC_SCHED_EXPONENTIAL: /* ExponentialLR: base·γ^t */
      return base * pow(c->gamma, tt);
    case DSC_SCHED_STEP: /* StepLR: base·γ^⌊t/step_size⌋ */
      return base * pow(c->gamma, (double)(t / c->step_size));
    case DSC_SCHED_COSINE: /* CosineAnnealingLR: η_min + (base − η_min)(1 + cos(π t/T_max))/2 */
      return c->eta_min + (base - c->eta_min) * (1 + cos(DSC_PI * tt / c->t_max)) / 2;
    case DSC_SCHED_LINEAR: { /* LinearLR: base·(s + (e − s)·min(t, T)/T) */
      const double m = t < c->total_iters ? tt : (double)c->total_iters;
      return base * (c->start_factor + (c->end_factor - c->start_factor) * m / c->total_iters);
    }
    case DSC_SCHED_MULTISTEP: { /* MultiStepLR: base·γ^bisect_right(milestones, t) */
      int32_t passed = 0;
      while (passed < c->n_milestones && part->milestones[passed] <= t) passed++;
      return base * pow(c->gamma, (double)passed);
    }
    case DSC_SCHED_POLYNOMIAL: { /* PolynomialLR: base·(1 − min(T, t)/T)^power */
      const double m = t < c->total_iters ? tt : (double)c->total_iters;
      return base * pow(1.0 - m / c->total_iters, c->power);
    }
    case DSC_SCHED_COSINE_WARM_RESTARTS: {
      /* CosineAnnealingWarmRestarts.step(): T_cur += 1, and when T_cur >= T_i, T_cur −= T_i and
         T_i *= T_mult; in integers, so restarts fall exactly on their steps (torch's step(epoch) form
         computes them with a floating-point log instead). η_min + (base − η_min)(1 + cos(π T_cur/T_i))/2 */
      int64_t t_i = c->t_0, t_cur = t;
      if (c->t_mult == 1) {
        t_cur = t % c->t_0;
      } else {
        while (t_cur >= t_i) {
          t_cur -= t_i;
          t_i *= c->t_mult;
        }
      }
      return c->eta_min + (base - c->eta_min) * (1 + cos(DSC_PI * (double)t_cur / (double)t_i)) / 2;
    }
    case DSC_SCHED_CYCLIC: {
      /* CyclicLR.get_lr: cycle = ⌊1 + t/S⌋ (S = up + down), x = 1 + t/S − cycle,
         scale = x/r when x <= r (r = up/S), else (x − 1)/(r − 1);
         lr = base_lr + (max_lr − base_lr)·scale·f, momentum = max_m − (max_m − base_m)·scale·f with
         f = 1 (triangular), 1/2^(cycle − 1) (triangular2) or γ^t (exp_range) */
      const double up = (double)c->step_size_up;
      const double down = c->step_size_down > 0 ? (double)c->step_size_down : up;
      const double total = up + down, ratio = up / total;
      const double cycle = floor(1 + tt / total);
      const double x = 1. + tt / total - cycle;
      const double scale = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
      const double f = c->mode == DSC_CYCLIC_TRIANGULAR2 ? 1 / pow(2., cycle - 1)
                       : c->mode == DSC_CYCLIC_EXP_RANGE ? pow(c->gamma, tt)
                                                         : 1.;
      if (c->cycle_momentum)
        *momentum = c->max_momentum - (c->max_momentum - c->base_momentum) * scale * f;
      return c->base_lr + (c->max_lr - c->base_lr) * scale * f;
    }
    case DSC_SCHED_ONE_CYCLE: {
      /* OneCycleLR.get_lr: the first phase with t <= end_step (or the last phase), pct = (t −
         start)/(end − start) where start is the previous phase's end (0 for the first) */
      one_cycle_phase ph[3];
      const int n = one_cycle_phases(c, ph);
      double start = 0;
      for (int i = 0; i < n; i++) {
        if (tt <= ph[i].end_step || i == n - 1) {
          const double pct = (tt - start) / (ph[i].end_step - start);
          if (c->cycle_momentum) *momentum = anneal(c->anneal_strategy, ph[i].m_start, ph[i].m_end, pct);
          return anneal(c->anneal_strategy, ph[i].lr_start, ph[i].lr_end, pct);
        }
        start = ph[i].end_step;
      }
      return base; /* not reached: the last phase always matches */
    }
    case DSC_SCHED_CONSTANT:
    case DSC_SCHED_PLATEAU:
    case DSC_SCHED_BOLD_DRIVER:
    case DSC_SCHED_SEQUENTIAL:
      break;
  }
  return base;
}

/* Sets s->lr (and s->momentum) to the closed form at s->t; stateful kinds keep their lr. A sequential
   schedule evaluates scheduler k = bisect_right(milestones, t) at t − milestones[k − 1]. */
static void closed_form(dsc_sched *s) {
  int32_t k = 0;
  if (s->cfg.kind == DSC_SCHED_PLATEAU || s->cfg.kind == DSC_SCHED_BOLD_DRIVER) return;
  while (k + 1 < s->n_parts && s->part[k + 1].start <= s->t) k++;
  s->lr = part_lr(&s->part[k], s->base_lr, s->t - s->part[k].start, &s->momentum);
}

dsc_status dsc_sched_init(dsc_sched *s, const dsc_sched_config *cfg, double base_lr, int64_t steps,
                          dsc_error *err) {
  dsc_status st;
  if (!s) return dsc_error_set(err, DSC_EINVAL, "sched: state is NULL");
  memset(s, 0, sizeof *s);
  if ((st = dsc_sched_config_check(cfg, err)) != DSC_OK) return st;
  if (!finite_gt0(base_lr))
    return dsc_error_set(err, DSC_EINVAL, "base_lr: the optimizer's lr must be > 0 and finite, got %g",
                         base_lr);
  if (steps < 1 || steps > (int64_t)DSC_MAX_BUDGET)
    return dsc_error_set(err, DSC_EINVAL, "steps: must be in 1..%d, got %lld", DSC_MAX_BUDGET,
                         (long long)steps);
  s->cfg = *cfg;
  s->cfg.milestones = NULL;
  s->cfg.schedulers = NULL;
  s->n_parts = cfg->kind == DSC_SCHED_SEQUENTIAL ? cfg->n_schedulers : 1;
  for (int32_t k = 0; k < s->n_parts; k++) {
    dsc_sched_part *part = &s->part[k];
    const dsc_sched_config *src = cfg->kind == DSC_SCHED_SEQUENTIAL ? &cfg->schedulers[k] : cfg;
    int64_t span;
    part->cfg = *src;
    part->start = k == 0 ? 0 : cfg->milestones[k - 1];
    if (src->kind == DSC_SCHED_MULTISTEP)
      memcpy(part->milestones, src->milestones, (size_t)src->n_milestones * sizeof(int32_t));
    part->cfg.milestones = NULL;
    part->cfg.schedulers = NULL;
    /* the steps this part runs for: to the next milestone, or to the end of the run */
    span = (k + 1 < s->n_parts ? (int64_t)cfg->milestones[k] : steps) - part->start;
    if (span < 1) span = 1;
    if (part->cfg.kind == DSC_SCHED_COSINE && part->cfg.t_max == 0) part->cfg.t_max = (int32_t)span;
    if (part->cfg.kind == DSC_SCHED_ONE_CYCLE && part->cfg.total_steps == 0)
      part->cfg.total_steps = (int32_t)span;
    if (part->cfg.kind == DSC_SCHED_ONE_CYCLE && part->cfg.max_lr == 0) part->cfg.max_lr = base_lr;
    if (part->cfg.kind == DSC_SCHED_CYCLIC && part->cfg.base_lr == 0) part->cfg.base_lr = base_lr;
    if (part->cfg.kind == DSC_SCHED_ONE_CYCLE) {
      one_cycle_phase ph[3];
      const int n = one_cycle_phases(&part->cfg, ph);
      double start = 0;
      for (int i = 0; i < n; i++) {
        if (ph[i].end_step - start == 0)
          return dsc_error_set(err, DSC_EINVAL,
                               "pct_start: %g with total_steps %d gives phase %d no steps (OneCycleLR "
                               "would divide by zero); change pct_start or total_steps",
                               part->cfg.pct_start, (int)part->cfg.total_steps, i + 1);
        start = ph[i].end_step;
      }
    }
  }
  s->base_lr = base_lr;
  s->lr = base_lr;
  s->momentum = NAN;
  s->t = 0;
  s->best = INFINITY;
  s->num_bad = 0;
  s->cooldown_left = 0;
  closed_form(s);
  return DSC_OK;
}

double dsc_sched_lr(const dsc_sched *s) { return s->lr; }

double dsc_sched_momentum(const dsc_sched *s) { return s->momentum; }

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
    closed_form(s);
}

/* Bold driver (Battiti 1989; Vogl et al. 1988): lr·increase after an improving step period, lr·decrease
   after a worsening one (the trainer undoes that period). Other kinds ignore the call. */
void dsc_sched_bold(dsc_sched *s, int improved) {
  if (s->cfg.kind != DSC_SCHED_BOLD_DRIVER) return;
  s->t++;
  s->lr *= improved ? s->cfg.increase : s->cfg.decrease;
}
