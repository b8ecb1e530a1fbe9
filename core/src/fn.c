/* fn.c — test functions: 2-D landscapes f(θ), θ = (x, y), with closed-form gradients in double.
 *
 * Each function is written out below with its gradient (derived by hand; tests/c/test_fn.c checks every
 * one against central differences, and tests/node/ against an independent float64 reference and
 * PyTorch's autograd in float64). Formulas and minima (Jamil & Yang, "A literature survey of benchmark
 * functions for global optimization problems", 2013; Surjanovic & Bingham's Virtual Library of
 * Simulation Experiments, sfu.ca/~ssurjano):
 *   rosenbrock      (a − x)² + b·(y − x²)²                          min 0 at (a, a²)
 *   himmelblau      (x² + y − 11)² + (x + y² − 7)²                  min 0 at (3, 2), (−2.805118, 3.131313),
 *                                                                   (−3.779310, −3.283186), (3.584428, −1.848127)
 *   beale           (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²   min 0 at (3, 0.5)
 *   quadratic       ½(u² + κ·v²), u = cos φ·x + sin φ·y, v = −sin φ·x + cos φ·y, φ = angle·π/180
 *                                                                   min 0 at (0, 0); condition number κ
 *   saddle          x² − y²                                         unbounded below; saddle point (0, 0)
 *   six_hump_camel  (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²         min −1.0316285 at ±(0.0898420, −0.7126564);
 *                                                                   local minima −0.2155 at ±(1.7036, −0.7961),
 *                                                                   2.1043 at ±(1.6071, 0.5687)
 *   rastrigin       20 + Σ_{t ∈ {x, y}} (t² − 10 cos 2πt)            min 0 at (0, 0); a local minimum near
 *                                                                   every integer point
 */
#include <math.h>
#include <string.h>

#include "descent.h"

#define DSC_PI 3.141592653589793

/* cos φ and sin φ of the quadratic's angle (degrees), φ = angle·(π/180) as Python's math.radians. */
static void quadratic_axes(const dsc_model_config *cfg, double *c, double *s) {
  const double phi = cfg->angle * (DSC_PI / 180.0);
  *c = cos(phi);
  *s = sin(phi);
}

double dsc_fn_value_grad(const dsc_model_config *cfg, const double *theta, double *grad) {
  const double x = theta[0], y = theta[1];
  double g0 = NAN, g1 = NAN, f = NAN;
  switch ((dsc_function)cfg->function) {
    case DSC_FN_ROSENBROCK: { /* ∂x = −2(a − x) − 4b·x(y − x²), ∂y = 2b(y − x²) */
      const double p = cfg->a - x, q = y - x * x;
      f = p * p + cfg->b * q * q;
      g0 = -2.0 * p - 4.0 * cfg->b * x * q;
      g1 = 2.0 * cfg->b * q;
      break;
    }
    case DSC_FN_HIMMELBLAU: { /* p = x² + y − 11, q = x + y² − 7: ∂x = 4xp + 2q, ∂y = 2p + 4yq */
      const double p = x * x + y - 11.0, q = x + y * y - 7.0;
      f = p * p + q * q;
      g0 = 4.0 * x * p + 2.0 * q;
      g1 = 2.0 * p + 4.0 * y * q;
      break;
    }
    case DSC_FN_BEALE: { /* t_k = c_k − x + x·y^k: ∂x = Σ 2t_k(y^k − 1), ∂y = Σ 2t_k·k·x·y^{k−1} */
      const double y2 = y * y, y3 = y2 * y;
      const double t1 = 1.5 - x + x * y, t2 = 2.25 - x + x * y2, t3 = 2.625 - x + x * y3;
      f = t1 * t1 + t2 * t2 + t3 * t3;
      g0 = 2.0 * t1 * (y - 1.0) + 2.0 * t2 * (y2 - 1.0) + 2.0 * t3 * (y3 - 1.0);
      g1 = 2.0 * t1 * x + 4.0 * t2 * x * y + 6.0 * t3 * x * y2;
      break;
    }
    case DSC_FN_QUADRATIC: { /* ∂x = u·cos φ − κv·sin φ, ∂y = u·sin φ + κv·cos φ */
      double c, s;
      quadratic_axes(cfg, &c, &s);
      const double u = c * x + s * y, v = -s * x + c * y;
      f = 0.5 * (u * u + cfg->condition * v * v);
      g0 = u * c - cfg->condition * v * s;
      g1 = u * s + cfg->condition * v * c;
      break;
    }
    case DSC_FN_SADDLE: /* ∇ = (2x, −2y) */
      f = x * x - y * y;
      g0 = 2.0 * x;
      g1 = -2.0 * y;
      break;
    case DSC_FN_SIX_HUMP_CAMEL: { /* ∂x = 8x − 8.4x³ + 2x⁵ + y, ∂y = x − 8y + 16y³ */
      const double x2 = x * x, y2 = y * y;
      f = (4.0 - 2.1 * x2 + x2 * x2 / 3.0) * x2 + x * y + (-4.0 + 4.0 * y2) * y2;
      g0 = 8.0 * x - 8.4 * x2 * x + 2.0 * x2 * x2 * x + y;
      g1 = x - 8.0 * y + 16.0 * y2 * y;
      break;
    }
    case DSC_FN_RASTRIGIN: /* ∂t = 2t + 20π sin 2πt */
      f = 20.0 + (x * x - 10.0 * cos(2.0 * DSC_PI * x)) + (y * y - 10.0 * cos(2.0 * DSC_PI * y));
      g0 = 2.0 * x + 20.0 * DSC_PI * sin(2.0 * DSC_PI * x);
      g1 = 2.0 * y + 20.0 * DSC_PI * sin(2.0 * DSC_PI * y);
      break;
  }
  if (grad) {
    grad[0] = g0;
    grad[1] = g1;
  }
  return f;
}

double dsc_fn_value(const dsc_model_config *cfg, const double *theta) {
  return dsc_fn_value_grad(cfg, theta, NULL);
}

double dsc_fn_minimum(const dsc_model_config *cfg, double *theta_out) {
  double x = 0.0, y = 0.0;
  switch ((dsc_function)cfg->function) {
    case DSC_FN_ROSENBROCK: x = cfg->a, y = cfg->a * cfg->a; break;
    case DSC_FN_HIMMELBLAU: x = 3.0, y = 2.0; break;
    case DSC_FN_BEALE: x = 3.0, y = 0.5; break;
    case DSC_FN_QUADRATIC: break;
    case DSC_FN_SADDLE:
      theta_out[0] = theta_out[1] = 0.0;
      return -INFINITY;
    case DSC_FN_SIX_HUMP_CAMEL: x = 0.08984201310031807, y = -0.7126564030207396; break; /* Newton */
    case DSC_FN_RASTRIGIN: break;
    default: theta_out[0] = theta_out[1] = NAN; return NAN;
  }
  theta_out[0] = x;
  theta_out[1] = y;
  return dsc_fn_value(cfg, theta_out);
}

dsc_status dsc_fn_grid(const dsc_model_config *cfg, double x0, double x1, int32_t nx, double y0,
                       double y1, int32_t ny, double *out, dsc_error *err) {
  dsc_status st = dsc_model_config_check(cfg, err);
  if (st != DSC_OK) return st;
  if (cfg->kind != DSC_MODEL_FUNCTION)
    return dsc_error_set(err, DSC_EINVAL, "kind: the grid is for function models (2), got %d",
                         (int)cfg->kind);
  if (nx < 1 || nx > DSC_MAX_GRID || ny < 1 || ny > DSC_MAX_GRID)
    return dsc_error_set(err, DSC_EINVAL, "%s: must be an integer in 1..%d, got %d",
                         nx < 1 || nx > DSC_MAX_GRID ? "nx" : "ny", DSC_MAX_GRID,
                         (int)(nx < 1 || nx > DSC_MAX_GRID ? nx : ny));
  if (!isfinite(x0) || !isfinite(x1) || !isfinite(y0) || !isfinite(y1))
    return dsc_error_set(err, DSC_EINVAL, "grid: the ends must be finite, got x [%g, %g], y [%g, %g]",
                         x0, x1, y0, y1);
  if (!out) return dsc_error_set(err, DSC_EINVAL, "out: must not be NULL");
  for (int32_t j = 0; j < ny; j++) {
    double theta[2];
    theta[1] = ny == 1 ? y0 : y0 + (y1 - y0) * (double)j / (double)(ny - 1);
    for (int32_t i = 0; i < nx; i++) {
      theta[0] = nx == 1 ? x0 : x0 + (x1 - x0) * (double)i / (double)(nx - 1);
      out[(size_t)j * (size_t)nx + (size_t)i] = dsc_fn_value(cfg, theta);
    }
  }
  return DSC_OK;
}

void dsc_fn_hessian(const dsc_model_config *cfg, const double *theta, double *hess) {
  const double x = theta[0], y = theta[1];
  double hxx = NAN, hxy = NAN, hyy = NAN;
  switch ((dsc_function)cfg->function) {
    case DSC_FN_ROSENBROCK: /* f_xx = 2 − 4b(y − x²) + 8b·x², f_xy = −4b·x, f_yy = 2b */
      hxx = 2.0 - 4.0 * cfg->b * (y - x * x) + 8.0 * cfg->b * x * x;
      hxy = -4.0 * cfg->b * x;
      hyy = 2.0 * cfg->b;
      break;
    case DSC_FN_HIMMELBLAU: { /* p, q as in the gradient: f_xx = 4p + 8x² + 2, f_xy = 4x + 4y,
                                 f_yy = 2 + 4q + 8y² */
      const double p = x * x + y - 11.0, q = x + y * y - 7.0;
      hxx = 4.0 * p + 8.0 * x * x + 2.0;
      hxy = 4.0 * x + 4.0 * y;
      hyy = 2.0 + 4.0 * q + 8.0 * y * y;
      break;
    }
    case DSC_FN_BEALE: { /* Σ 2(∂t_k ∂t_kᵀ + t_k ∇²t_k), ∂t_k = (y^k − 1, k·x·y^{k−1}),
                            ∇²t_k: xy k·y^{k−1}, yy k(k−1)·x·y^{k−2} */
      const double y2 = y * y, y3 = y2 * y;
      const double t1 = 1.5 - x + x * y, t2 = 2.25 - x + x * y2, t3 = 2.625 - x + x * y3;
      const double ax1 = y - 1.0, ax2 = y2 - 1.0, ax3 = y3 - 1.0;
      const double ay1 = x, ay2 = 2.0 * x * y, ay3 = 3.0 * x * y2;
      hxx = 2.0 * (ax1 * ax1 + ax2 * ax2 + ax3 * ax3);
      hxy = 2.0 * (ax1 * ay1 + t1 * 1.0 + ax2 * ay2 + t2 * 2.0 * y + ax3 * ay3 + t3 * 3.0 * y2);
      hyy = 2.0 * (ay1 * ay1 + ay2 * ay2 + t2 * 2.0 * x + ay3 * ay3 + t3 * 6.0 * x * y);
      break;
    }
    case DSC_FN_QUADRATIC: { /* Rᵀ diag(1, κ) R: constant */
      double c, s;
      quadratic_axes(cfg, &c, &s);
      hxx = c * c + cfg->condition * s * s;
      hxy = c * s - cfg->condition * s * c;
      hyy = s * s + cfg->condition * c * c;
      break;
    }
    case DSC_FN_SADDLE: hxx = 2.0, hxy = 0.0, hyy = -2.0; break;
    case DSC_FN_SIX_HUMP_CAMEL: { /* f_xx = 8 − 25.2x² + 10x⁴, f_xy = 1, f_yy = −8 + 48y² */
      const double x2 = x * x;
      hxx = 8.0 - 25.2 * x2 + 10.0 * x2 * x2;
      hxy = 1.0;
      hyy = -8.0 + 48.0 * y * y;
      break;
    }
    case DSC_FN_RASTRIGIN: /* f_tt = 2 + 40π² cos 2πt */
      hxx = 2.0 + 40.0 * DSC_PI * DSC_PI * cos(2.0 * DSC_PI * x);
      hxy = 0.0;
      hyy = 2.0 + 40.0 * DSC_PI * DSC_PI * cos(2.0 * DSC_PI * y);
      break;
  }
  hess[0] = hxx;
  hess[1] = hess[2] = hxy;
  hess[3] = hyy;
}
