/* lbfgs.c — torch.optim.LBFGS.step() over a flat double slab (torch 1.13, torch/optim/lbfgs.py, itself
 * "heavily inspired by minFunc"), with its _strong_wolfe line search and _cubic_interpolate (ported by
 * torch from torch/optim's lswolfe.lua and polyinterp.lua).
 *
 * The port keeps torch's order of operations line by line; its Python lists become rings of
 * history_size arrays (old_dirs, old_stps, ro), and tensors are double arrays of n values. Where torch
 * mixes Python floats and 0-d tensors (t, gtd, ys), everything here is double, as torch is under
 * torch.set_default_dtype(torch.float64). Python's min/max are kept as py_min/py_max (they return the
 * first argument unless the second is strictly smaller/larger, so a NaN stays where Python keeps it).
 * Dot products and sums run in index order.
 *
 * One call is one step(): the caller has evaluated the objective and gradient at params (torch's
 * orig_loss = closure()); every further evaluation writes its point into params and calls the closure,
 * as torch's _add_grad + closure() does. params ends at the step's last point (torch's _add_grad(t, d)),
 * and the state (d, t, the (s, y) history, H_diag, prev_flat_grad) carries over to the next call.
 */
#include <math.h>
#include <string.h>

#include "descent.h"

#define LS_MAX 25 /* _strong_wolfe max_ls */
#define LS_C1 1e-4
#define LS_C2 0.9

static double py_max(double a, double b) { return b > a ? b : a; }
static double py_min(double a, double b) { return b < a ? b : a; }

static double dot(const double *a, const double *b, size_t n) {
  double s = 0;
  for (size_t i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

static double abs_max(const double *a, size_t n) { /* tensor.abs().max(): NaN wins */
  double m = fabs(a[0]);
  for (size_t i = 1; i < n; i++) {
    const double v = fabs(a[i]);
    if (isnan(v) || v > m) m = v;
  }
  return m;
}

int64_t dsc_optim_max_evals(const dsc_optim_config *cfg) {
  if (cfg->kind != DSC_OPTIM_LBFGS) return 1;
  const int64_t max_iter = cfg->max_iter;
  const int64_t max_eval = cfg->max_eval > 0 ? cfg->max_eval : max_iter * 5 / 4;
  if (cfg->line_search == DSC_LINE_SEARCH_STRONG_WOLFE) {
    const int64_t a = max_eval + LS_MAX, b = 1 + (LS_MAX + 1) * max_iter;
    return a < b ? a : b;
  }
  {
    const int64_t m = max_eval < max_iter ? max_eval : max_iter;
    return m < 1 ? 1 : m;
  }
}

/* _cubic_interpolate(x1, f1, g1, x2, f2, g2, bounds): the minimiser of the cubic through two points
   with values and derivatives, clamped to the bounds (default [min(x1, x2), max(x1, x2)]). */
static double cubic_interpolate(double x1, double f1, double g1, double x2, double f2, double g2,
                                int has_bounds, double lo, double hi) {
  double xmin_bound, xmax_bound;
  if (has_bounds) {
    xmin_bound = lo;
    xmax_bound = hi;
  } else if (x1 <= x2) {
    xmin_bound = x1;
    xmax_bound = x2;
  } else {
    xmin_bound = x2;
    xmax_bound = x1;
  }
  /* d1 = g1 + g2 − 3(f1 − f2)/(x1 − x2);  d2 = √(d1² − g1·g2) */
  const double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
  const double d2_square = d1 * d1 - g1 * g2;
  if (d2_square >= 0) {
    const double d2 = sqrt(d2_square);
    double min_pos;
    if (x1 <= x2)
      min_pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2));
    else
      min_pos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    return py_min(py_max(min_pos, xmin_bound), xmax_bound);
  }
  return (xmin_bound + xmax_bound) / 2.;
}

typedef struct {
  dsc_optim *opt;
  double *params;     /* where the evaluation point is written */
  dsc_closure_fn closure;
  void *ctx;
} evaluator;

/* _directional_evaluate(closure, x, t, d): f and ∇f at x + t·d (into g_out); params back to x after. */
static double directional_evaluate(const evaluator *ev, const double *x, double t, const double *d,
                                   double *g_out) {
  const size_t n = ev->opt->n;
  double f;
  for (size_t i = 0; i < n; i++) ev->params[i] = ev->params[i] + t * d[i]; /* p.add_(d, alpha=t) */
  f = ev->closure(ev->ctx, g_out);
  memcpy(ev->params, x, n * sizeof(double)); /* _set_param(x) */
  return f;
}

/* _strong_wolfe(obj_func, x, t, d, f, g, gtd) with c1 1e-4, c2 0.9, tolerance_change 1e-9 (torch's
   defaults: step() does not pass its own), max_ls 25. g is not modified. Writes the accepted step's
   gradient to g_out; returns its f, and its t and the evaluations made through *t_out, *evals_out. */
static double strong_wolfe(const evaluator *ev, const double *x, double t, const double *d, double f,
                           const double *g, double gtd, double *g_out, double *t_out, int *evals_out) {
  dsc_optim *o = ev->opt;
  const size_t n = o->n, bytes = n * sizeof(double);
  const double tolerance_change = 1e-9;
  double *g_new = o->lb.g_new, *g_prev = o->lb.g_prev;
  double *bg[2] = {o->lb.bg0, o->lb.bg1}; /* bracket_g */
  double bracket[2], bracket_f[2], bracket_gtd[2] = {0, 0};
  int nb = 2; /* len(bracket) */
  const double d_norm = abs_max(d, n);
  double f_new, gtd_new, t_prev, f_prev, gtd_prev;
  int ls_func_evals, ls_iter = 0, done = 0, low_pos, high_pos, insuf_progress = 0;

  f_new = directional_evaluate(ev, x, t, d, g_new);
  ls_func_evals = 1;
  gtd_new = dot(g_new, d, n);

  /* bracket an interval containing a point satisfying the Wolfe criteria */
  t_prev = 0;
  f_prev = f;
  memcpy(g_prev, g, bytes);
  gtd_prev = gtd;
  while (ls_iter < LS_MAX) {
    if (f_new > (f + LS_C1 * t * gtd) || (ls_iter > 1 && f_new >= f_prev)) {
      bracket[0] = t_prev; bracket[1] = t;
      bracket_f[0] = f_prev; bracket_f[1] = f_new;
      memcpy(bg[0], g_prev, bytes); memcpy(bg[1], g_new, bytes);
      bracket_gtd[0] = gtd_prev; bracket_gtd[1] = gtd_new;
      break;
    }
    if (fabs(gtd_new) <= -LS_C2 * gtd) {
      nb = 1;
      bracket[0] = t;
      bracket_f[0] = f_new;
      memcpy(bg[0], g_new, bytes);
      done = 1;
      break;
    }
    if (gtd_new >= 0) {
      bracket[0] = t_prev; bracket[1] = t;
      bracket_f[0] = f_prev; bracket_f[1] = f_new;
      memcpy(bg[0], g_prev, bytes); memcpy(bg[1], g_new, bytes);
      bracket_gtd[0] = gtd_prev; bracket_gtd[1] = gtd_new;
      break;
    }
    /* interpolate */
    {
      const double min_step = t + 0.01 * (t - t_prev);
      const double max_step = t * 10;
      const double tmp = t;
      t = cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, 1, min_step, max_step);
      /* next step */
      t_prev = tmp;
      f_prev = f_new;
      memcpy(g_prev, g_new, bytes);
      gtd_prev = gtd_new;
      f_new = directional_evaluate(ev, x, t, d, g_new);
      ls_func_evals += 1;
      gtd_new = dot(g_new, d, n);
      ls_iter += 1;
    }
  }
  /* reached max number of iterations? (bracket_gtd stays as it was: the zoom below does not run) */
  if (ls_iter == LS_MAX) {
    nb = 2;
    bracket[0] = 0; bracket[1] = t;
    bracket_f[0] = f; bracket_f[1] = f_new;
    memcpy(bg[0], g, bytes); memcpy(bg[1], g_new, bytes);
  }

  /* zoom phase: refine the bracket until a point satisfies the criteria */
  if (nb == 1) {
    low_pos = 0; high_pos = 1; /* bracket_f[0] <= bracket_f[-1] */
  } else if (bracket_f[0] <= bracket_f[1]) {
    low_pos = 0; high_pos = 1;
  } else {
    low_pos = 1; high_pos = 0;
  }
  while (!done && ls_iter < LS_MAX) {
    double eps, bmax, bmin;
    /* line-search bracket is so small */
    if (fabs(bracket[1] - bracket[0]) * d_norm < tolerance_change) break;
    /* compute new trial value */
    t = cubic_interpolate(bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1],
                          bracket_gtd[1], 0, 0, 0);
    /* a t close to a boundary of the bracket: insufficient progress (see torch) */
    bmax = py_max(bracket[0], bracket[1]);
    bmin = py_min(bracket[0], bracket[1]);
    eps = 0.1 * (bmax - bmin);
    if (py_min(bmax - t, t - bmin) < eps) {
      if (insuf_progress || t >= bmax || t <= bmin) {
        /* evaluate at 0.1 away from boundary */
        if (fabs(t - bmax) < fabs(t - bmin))
          t = bmax - eps;
        else
          t = bmin + eps;
        insuf_progress = 0;
      } else {
        insuf_progress = 1;
      }
    } else {
      insuf_progress = 0;
    }
    /* evaluate new point */
    f_new = directional_evaluate(ev, x, t, d, g_new);
    ls_func_evals += 1;
    gtd_new = dot(g_new, d, n);
    ls_iter += 1;

    if (f_new > (f + LS_C1 * t * gtd) || f_new >= bracket_f[low_pos]) {
      /* Armijo condition not satisfied or not lower than lowest point */
      bracket[high_pos] = t;
      bracket_f[high_pos] = f_new;
      memcpy(bg[high_pos], g_new, bytes);
      bracket_gtd[high_pos] = gtd_new;
      if (bracket_f[0] <= bracket_f[1]) {
        low_pos = 0; high_pos = 1;
      } else {
        low_pos = 1; high_pos = 0;
      }
    } else {
      if (fabs(gtd_new) <= -LS_C2 * gtd) {
        done = 1; /* Wolfe conditions satisfied */
      } else if (gtd_new * (bracket[high_pos] - bracket[low_pos]) >= 0) {
        /* old high becomes new low */
        bracket[high_pos] = bracket[low_pos];
        bracket_f[high_pos] = bracket_f[low_pos];
        memcpy(bg[high_pos], bg[low_pos], bytes);
        bracket_gtd[high_pos] = bracket_gtd[low_pos];
      }
      /* new point becomes new low */
      bracket[low_pos] = t;
      bracket_f[low_pos] = f_new;
      memcpy(bg[low_pos], g_new, bytes);
      bracket_gtd[low_pos] = gtd_new;
    }
  }
  *t_out = bracket[low_pos];
  memcpy(g_out, bg[low_pos], bytes);
  *evals_out = ls_func_evals;
  return bracket_f[low_pos];
}

int32_t dsc_optim_step_closure(dsc_optim *opt, double *params, const double *grad, double loss, double lr,
                               dsc_closure_fn closure, void *ctx) {
  const dsc_optim_config *c = &opt->cfg;
  const size_t n = opt->n, bytes = n * sizeof(double);
  const int32_t max_iter = c->max_iter;
  const int32_t max_eval = c->max_eval > 0 ? c->max_eval : (int32_t)((int64_t)max_iter * 5 / 4);
  const double tolerance_grad = c->tolerance_grad, tolerance_change = c->tolerance_change;
  const int32_t H = c->history_size;
  double *flat_grad = opt->lb.g, *d = opt->lb.d;
  evaluator ev = {opt, params, closure, ctx};
  int32_t current_evals = 1, n_iter = 0;
  double t = opt->lb.t, prev_loss;
  int opt_cond;

  opt->lb.func_evals += 1;
  memcpy(flat_grad, grad, bytes);
  opt_cond = abs_max(flat_grad, n) <= tolerance_grad;
  if (opt_cond) return current_evals; /* optimal condition */

  while (n_iter < max_iter) {
    double gtd;
    int32_t ls_func_evals = 0;
    n_iter += 1;
    opt->lb.n_iter += 1;

    /* compute gradient descent direction */
    if (opt->lb.n_iter == 1) {
      for (size_t i = 0; i < n; i++) d[i] = -flat_grad[i];
      opt->lb.num_old = 0;
      opt->lb.head = 0;
      opt->lb.h_diag = 1;
    } else {
      /* do lbfgs update (update memory): y = g − g_prev, s = d·t */
      double *y = opt->lb.tmp_y, *s = opt->lb.tmp_s, ys;
      for (size_t i = 0; i < n; i++) y[i] = flat_grad[i] - opt->lb.prev_grad[i];
      for (size_t i = 0; i < n; i++) s[i] = d[i] * t;
      ys = dot(y, s, n);
      if (ys > 1e-10) {
        int32_t slot;
        if (opt->lb.num_old == H) { /* shift history by one (limited-memory) */
          opt->lb.head = (opt->lb.head + 1) % H;
          opt->lb.num_old -= 1;
        }
        slot = (opt->lb.head + opt->lb.num_old) % H;
        memcpy(opt->lb.dirs + (size_t)slot * n, y, bytes);
        memcpy(opt->lb.stps + (size_t)slot * n, s, bytes);
        opt->lb.ro[slot] = 1. / ys;
        opt->lb.num_old += 1;
        /* update scale of initial Hessian approximation: H_diag = ys / (y·y) */
        opt->lb.h_diag = ys / dot(y, y, n);
      }
      /* the two-loop recursion: d = −H·g (q and r share d's buffer, as torch's d = r = q·H_diag) */
      {
        const int32_t num_old = opt->lb.num_old;
        double *q = d;
        for (size_t i = 0; i < n; i++) q[i] = -flat_grad[i];
        for (int32_t k = num_old - 1; k >= 0; k--) {
          const int32_t slot = (opt->lb.head + k) % H;
          const double *stp = opt->lb.stps + (size_t)slot * n, *dir = opt->lb.dirs + (size_t)slot * n;
          const double al = dot(stp, q, n) * opt->lb.ro[slot];
          opt->lb.al[slot] = al;
          for (size_t i = 0; i < n; i++) q[i] = q[i] + (-al) * dir[i]; /* q.add_(dir, alpha=−al) */
        }
        for (size_t i = 0; i < n; i++) d[i] = q[i] * opt->lb.h_diag;
        for (int32_t k = 0; k < num_old; k++) {
          const int32_t slot = (opt->lb.head + k) % H;
          const double *stp = opt->lb.stps + (size_t)slot * n, *dir = opt->lb.dirs + (size_t)slot * n;
          const double be_i = dot(dir, d, n) * opt->lb.ro[slot];
          const double a = opt->lb.al[slot] - be_i;
          for (size_t i = 0; i < n; i++) d[i] = d[i] + a * stp[i]; /* r.add_(stp, alpha=al − be_i) */
        }
      }
    }
    memcpy(opt->lb.prev_grad, flat_grad, bytes);
    prev_loss = loss;

    /* compute step length: reset initial guess for step size */
    if (opt->lb.n_iter == 1) {
      double sum = 0;
      for (size_t i = 0; i < n; i++) sum += fabs(flat_grad[i]);
      t = py_min(1., 1. / sum) * lr;
    } else {
      t = lr;
    }
    /* directional derivative */
    gtd = dot(flat_grad, d, n);
    if (gtd > -tolerance_change) break; /* directional derivative is below tolerance */

    if (c->line_search == DSC_LINE_SEARCH_STRONG_WOLFE) {
      double *x_init = opt->lb.x0;
      int evals = 0;
      memcpy(x_init, params, bytes);
      /* flat_grad is both strong_wolfe's g (read) and its g_out (written at the very end) */
      loss = strong_wolfe(&ev, x_init, t, d, loss, flat_grad, gtd, flat_grad, &t, &evals);
      ls_func_evals = evals;
      for (size_t i = 0; i < n; i++) params[i] = params[i] + t * d[i]; /* _add_grad(t, d) */
      opt_cond = abs_max(flat_grad, n) <= tolerance_grad;
    } else {
      /* no line search, simply move with fixed-step */
      for (size_t i = 0; i < n; i++) params[i] = params[i] + t * d[i];
      if (n_iter != max_iter) {
        /* re-evaluate function only if not in last iteration */
        loss = closure(ctx, flat_grad);
        opt_cond = abs_max(flat_grad, n) <= tolerance_grad;
        ls_func_evals = 1;
      }
    }
    /* update func eval */
    current_evals += ls_func_evals;
    opt->lb.func_evals += ls_func_evals;

    /* check conditions */
    if (n_iter == max_iter) break;
    if (current_evals >= max_eval) break;
    if (opt_cond) break; /* optimal condition */
    {
      /* lack of progress: max|d·t| <= tolerance_change */
      double m = fabs(d[0] * t);
      for (size_t i = 1; i < n; i++) {
        const double v = fabs(d[i] * t);
        if (isnan(v) || v > m) m = v;
      }
      if (m <= tolerance_change) break;
    }
    if (fabs(loss - prev_loss) < tolerance_change) break;
  }
  opt->lb.t = t;
  return current_evals;
}
