/* data.c — datasets: generated (linear, polynomial, sine, blobs) or user arrays, split into train and
 * test, features expanded (x, x², …, x^degree) and optionally standardised with training statistics.
 *
 * Generation order (DSC_STREAM_DATA stream of the seed; bit-exact replay depends on it). Rows are
 * generated one after another, i = 0..n−1; within a row the draws are, in this order:
 *   linear      d uniforms u_j → x_j = scale_j·u_j (j = 0..d−1), then the noise e
 *   polynomial  one uniform u → x = 2u − 1, then the noise e
 *   sine        one uniform u → x = 2u − 1, then the noise e
 *   blobs       the label c = dsc_rng_below(2) (one 32-bit draw), then d normals n_j →
 *               x_j = (2c − 1)·separation/(2√d) + noise_level·n_j (the noise field is not used)
 *   moons       c = dsc_rng_below(2), one uniform u → t = π·u; class 0 (cos t, sin t), class 1
 *               (1 − cos t, 0.5 − sin t) (sklearn's make_moons); then the noise
 *   circles     c, one uniform u → t = 2π·u; radius 1 (class 0) or 0.5 (class 1) at angle t; the noise
 *   xor         two uniforms → x_j = 2u_j − 1; c = 1 when x_0 and x_1 have different signs (x_j > 0
 *               against not), from the point before the noise; then the noise
 *   spiral      c, one uniform u → radius r = u, angle 4π·r + π·c (two turns); the noise
 * The 2-D sets' noise is two normals n_0, n_1 added as x_j += noise_level·n_j (the noise field is not
 * used); y = c.
 * The noise e is drawn even when noise_level is 0 so the stream does not depend on it:
 *   uniform   e = noise_level·u        (one uniform: the seed's np.random.rand, not centred)
 *   gaussian  e = noise_level·normal   (dsc_rng_normal: two uniforms)
 * A uniform takes two 32-bit draws and a normal four (see rng.c). x is rounded to float32 first and
 * y is computed in double from that rounded x, so y = f(x) + e holds for the stored x up to y's own
 * float32 rounding. Generated rows are i.i.d.: the first n_train rows are the training set.
 *
 * User arrays (dsc_data_from_arrays): the n_test test rows are a uniform random subset drawn by
 * selection sampling (Knuth, TAOCP 2, 3.4.2, Algorithm S): row i joins the test set when
 * dsc_rng_below(n − i) < (test rows still needed); no draw is made once none are needed, so
 * test_fraction 0 makes no draw. Both splits keep the rows' relative order.
 *
 * Generated data are made in steps (dsc_datagen_*; dsc_data_generate runs the steps to the end): the
 * rows in order, then, with standardize, three passes (the training rows' sums, their squared
 * deviations, then every row scaled). A step never splits a row, and each column's sums add rows in
 * order, so the bytes do not depend on how the work is divided.
 *
 * Memory: one malloc per dataset (the struct, then mean[d], scale[d], X[n·d], y[n], raw[n]); a
 * generator holds it until dsc_datagen_finish hands it over, and copies of the config's arrays. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "descent.h"

struct dsc_data {
  int32_t n_train;
  int32_t n_test;
  int32_t d;
  int32_t pad_;
  double *mean;  /* d training means (0 when not standardised) */
  double *scale; /* d training population stds (1 when not standardised or std = 0) */
  float *x;      /* n × d: n_train training rows, then n_test test rows */
  float *y;      /* n: training then test targets */
  float *raw;    /* n raw x for 1-D generators, else NULL */
};

static const char *const generator_names[] = {"linear", "polynomial", "sine", "blobs",
                                              "moons", "circles", "xor", "spiral"};

/* The two-class 2-D sets of networks (d = 2). */
static int is_plane(int32_t gen) { return gen >= DSC_GEN_MOONS && gen <= DSC_GEN_SPIRAL; }

/* The polynomial generator's coefficients when the config gives none (the schema's default). */
static const double default_coefficients[] = {0.5, -1.0, 0.0, 2.0};

/* The experiment schema's defaults (web/lib/experiment.js, DATA; a Node test compares the two). */
void dsc_data_config_default(dsc_data_config *cfg, dsc_generator generator) {
  const int blobs = generator == DSC_GEN_BLOBS, linear = generator == DSC_GEN_LINEAR;
  const int plane = is_plane((int32_t)generator);
  memset(cfg, 0, sizeof *cfg);
  cfg->generator = (int32_t)generator;
  cfg->n = blobs || plane ? 200 : 100;
  cfg->d = blobs || plane ? 2 : 1;
  cfg->noise = linear ? DSC_NOISE_UNIFORM : DSC_NOISE_GAUSSIAN;
  cfg->degree = generator == DSC_GEN_SINE ? 5 : 3;
  cfg->standardize = 0;
  cfg->noise_level = linear || blobs ? 1.0 : generator == DSC_GEN_SPIRAL ? 0.05 : 0.1;
  cfg->bias = 0.0;
  cfg->test_fraction = 0.2;
  cfg->frequency = 1.0;
  cfg->separation = 2.0;
  cfg->weights = NULL;      /* all 3 */
  cfg->scales = NULL;       /* all 1 */
  cfg->coefficients = NULL; /* with n_coefficients 0: default_coefficients */
  cfg->n_coefficients = 0;
}

/* n_test = round(n·test_fraction), halves up. */
static int32_t test_rows(int32_t n, double test_fraction) {
  return (int32_t)floor((double)n * test_fraction + 0.5);
}

/* Shared by both constructors: test_fraction in [0, 0.9] and at least one training row. */
static dsc_status check_split(int32_t n, double test_fraction, dsc_error *err) {
  if (!(test_fraction >= 0.0 && test_fraction <= 0.9))
    return dsc_error_set(err, DSC_EINVAL, "test_fraction: must be a number in [0, 0.9], got %g",
                         test_fraction);
  int32_t n_test = test_rows(n, test_fraction);
  if (n - n_test < 1)
    return dsc_error_set(err, DSC_EINVAL,
                         "test_fraction: %g of n = %d rows leaves no training row (n_test = %d); "
                         "lower it so that n_train >= 1",
                         test_fraction, (int)n, (int)n_test);
  return DSC_OK;
}

dsc_status dsc_data_config_check(const dsc_data_config *cfg, dsc_error *err) {
  if (!cfg) return dsc_error_set(err, DSC_EINVAL, "data config: must not be NULL");
  int32_t gen = cfg->generator;
  if (gen < DSC_GEN_LINEAR || gen > DSC_GEN_SPIRAL)
    return dsc_error_set(err, DSC_EINVAL,
                         "generator: must be 0 (linear), 1 (polynomial), 2 (sine), 3 (blobs), 4 (moons), "
                         "5 (circles), 6 (xor) or 7 (spiral), got %d",
                         (int)gen);
  if (cfg->n < 2 || cfg->n > DSC_MAX_ROWS)
    return dsc_error_set(err, DSC_EINVAL, "n: must be an integer in 2..%d, got %d", DSC_MAX_ROWS,
                         (int)cfg->n);
  if (gen == DSC_GEN_POLYNOMIAL || gen == DSC_GEN_SINE) {
    if (cfg->d != 1)
      return dsc_error_set(err, DSC_EINVAL,
                           "d: must be 1 for the %s generator (its columns are x..x^degree), got %d",
                           generator_names[gen], (int)cfg->d);
    if (cfg->degree < 1 || cfg->degree > DSC_MAX_DEGREE)
      return dsc_error_set(err, DSC_EINVAL, "degree: must be an integer in 1..%d, got %d",
                           DSC_MAX_DEGREE, (int)cfg->degree);
  } else if (is_plane(gen)) {
    if (cfg->d != 2)
      return dsc_error_set(err, DSC_EINVAL, "d: must be 2 for the %s generator (2-D points), got %d",
                           generator_names[gen], (int)cfg->d);
  } else if (cfg->d < 1 || cfg->d > DSC_MAX_FEATURES) {
    return dsc_error_set(err, DSC_EINVAL, "d: must be an integer in 1..%d, got %d",
                         DSC_MAX_FEATURES, (int)cfg->d);
  }
  {
    const int32_t columns = (gen == DSC_GEN_POLYNOMIAL || gen == DSC_GEN_SINE) ? cfg->degree : cfg->d;
    if ((double)cfg->n * (double)columns > DSC_MAX_VALUES)
      return dsc_error_set(err, DSC_EINVAL,
                           "n: %d rows × %d columns = %.3g values, more than the %.3g allowed",
                           (int)cfg->n, (int)columns, (double)cfg->n * (double)columns,
                           (double)DSC_MAX_VALUES);
  }
  if (cfg->noise != DSC_NOISE_UNIFORM && cfg->noise != DSC_NOISE_GAUSSIAN)
    return dsc_error_set(err, DSC_EINVAL, "noise: must be 0 (uniform) or 1 (gaussian), got %d",
                         (int)cfg->noise);
  if (cfg->standardize != 0 && cfg->standardize != 1)
    return dsc_error_set(err, DSC_EINVAL, "standardize: must be 0 or 1, got %d",
                         (int)cfg->standardize);
  if (!(cfg->noise_level >= 0.0 && isfinite(cfg->noise_level)))
    return dsc_error_set(err, DSC_EINVAL, "noise_level: must be a finite number >= 0, got %g",
                         cfg->noise_level);
  dsc_status st = check_split(cfg->n, cfg->test_fraction, err);
  if (st != DSC_OK) return st;
  switch (gen) {
    case DSC_GEN_LINEAR:
      if (!isfinite(cfg->bias))
        return dsc_error_set(err, DSC_EINVAL, "bias: must be a finite number, got %g", cfg->bias);
      for (int32_t j = 0; cfg->weights && j < cfg->d; j++)
        if (!isfinite(cfg->weights[j]))
          return dsc_error_set(err, DSC_EINVAL, "weights[%d]: must be a finite number, got %g",
                               (int)j, cfg->weights[j]);
      for (int32_t j = 0; cfg->scales && j < cfg->d; j++)
        if (!(cfg->scales[j] > 0.0 && isfinite(cfg->scales[j])))
          return dsc_error_set(err, DSC_EINVAL, "scales[%d]: must be a finite number > 0, got %g",
                               (int)j, cfg->scales[j]);
      break;
    case DSC_GEN_POLYNOMIAL:
      if (!cfg->coefficients && cfg->n_coefficients == 0) break; /* the default coefficients */
      if (cfg->n_coefficients < 1 || cfg->n_coefficients > DSC_MAX_DEGREE + 1)
        return dsc_error_set(err, DSC_EINVAL,
                             "n_coefficients: must be an integer in 1..%d (or 0 with coefficients "
                             "NULL for the default), got %d",
                             DSC_MAX_DEGREE + 1, (int)cfg->n_coefficients);
      if (!cfg->coefficients)
        return dsc_error_set(err, DSC_EINVAL,
                             "coefficients: must point to n_coefficients = %d values, got NULL",
                             (int)cfg->n_coefficients);
      for (int32_t k = 0; k < cfg->n_coefficients; k++)
        if (!isfinite(cfg->coefficients[k]))
          return dsc_error_set(err, DSC_EINVAL, "coefficients[%d]: must be a finite number, got %g",
                               (int)k, cfg->coefficients[k]);
      break;
    case DSC_GEN_SINE:
      if (!(cfg->frequency > 0.0 && isfinite(cfg->frequency)))
        return dsc_error_set(err, DSC_EINVAL, "frequency: must be a finite number > 0, got %g",
                             cfg->frequency);
      break;
    case DSC_GEN_BLOBS:
      if (!(cfg->separation >= 0.0 && isfinite(cfg->separation)))
        return dsc_error_set(err, DSC_EINVAL, "separation: must be a finite number >= 0, got %g",
                             cfg->separation);
      break;
  }
  return DSC_OK;
}

/* One slab: the struct, mean[d], scale[d], x[n·d], y[n], raw[n] (raw only when with_raw). */
static dsc_status data_alloc(int32_t n_train, int32_t n_test, int32_t d, int with_raw,
                             dsc_data **out, dsc_error *err) {
  uint64_t n = (uint64_t)n_train + (uint64_t)n_test;
  uint64_t head = (sizeof(dsc_data) + 7u) / 8u * 8u;
  uint64_t bytes = head + 2u * (uint64_t)d * sizeof(double) +
                   (n * (uint64_t)d + n + (with_raw ? n : 0u)) * sizeof(float);
  void *slab = bytes <= (uint64_t)SIZE_MAX ? malloc((size_t)bytes) : NULL;
  if (!slab)
    return dsc_error_set(err, DSC_ENOMEM,
                         "out of memory: a dataset of %d rows × %d columns needs %.0f bytes",
                         (int)n, (int)d, (double)bytes);
  dsc_data *data = slab;
  data->n_train = n_train;
  data->n_test = n_test;
  data->d = d;
  data->pad_ = 0;
  data->mean = (double *)((char *)slab + head);
  data->scale = data->mean + d;
  data->x = (float *)(data->scale + d);
  data->y = data->x + n * (uint64_t)d;
  data->raw = with_raw ? data->y + n : NULL;
  for (int32_t j = 0; j < d; j++) {
    data->mean[j] = 0.0;
    data->scale[j] = 1.0;
  }
  *out = data;
  return DSC_OK;
}

/* Standardisation, pass by pass over row ranges [a, b) (the stepped generator does a few rows at a
   time; each column's sums still add rows in order, so the bits do not depend on the steps):
   mean = Σx/n_train, scale = √(Σ(x − mean)²/n_train) over the training rows (population std; 1 when
   it is 0), then x ← (x − mean)/scale on every row, train and test. */
static void stats_clear(dsc_data *data) {
  for (int32_t j = 0; j < data->d; j++) data->mean[j] = data->scale[j] = 0.0;
}

/* mean[j] += x_ij for rows a..b−1 */
static void stats_sum(dsc_data *data, size_t a, size_t b) {
  const size_t d = (size_t)data->d;
  for (size_t i = a; i < b; i++)
    for (size_t j = 0; j < d; j++) data->mean[j] += (double)data->x[i * d + j];
}

static void stats_mean(dsc_data *data) {
  for (int32_t j = 0; j < data->d; j++) data->mean[j] /= (double)data->n_train;
}

/* scale[j] += (x_ij − mean_j)² for rows a..b−1 */
static void stats_sum_squares(dsc_data *data, size_t a, size_t b) {
  const size_t d = (size_t)data->d;
  for (size_t i = a; i < b; i++)
    for (size_t j = 0; j < d; j++) {
      double c = (double)data->x[i * d + j] - data->mean[j];
      data->scale[j] += c * c;
    }
}

static void stats_scale(dsc_data *data) {
  for (int32_t j = 0; j < data->d; j++) {
    double sd = sqrt(data->scale[j] / (double)data->n_train);
    data->scale[j] = sd > 0.0 ? sd : 1.0;
  }
}

/* x_ij ← (x_ij − mean_j)/scale_j for rows a..b−1 */
static void stats_apply(dsc_data *data, size_t a, size_t b) {
  const size_t d = (size_t)data->d;
  for (size_t i = a; i < b; i++)
    for (size_t j = 0; j < d; j++)
      data->x[i * d + j] = (float)(((double)data->x[i * d + j] - data->mean[j]) / data->scale[j]);
}

/* The three passes at once (user arrays). */
static void standardize_columns(dsc_data *data) {
  const size_t n_train = (size_t)data->n_train;
  stats_clear(data);
  stats_sum(data, 0, n_train);
  stats_mean(data);
  stats_sum_squares(data, 0, n_train);
  stats_scale(data);
  stats_apply(data, 0, n_train + (size_t)data->n_test);
}

/* e for one row (see the generation order at the top). */
static double draw_noise(dsc_rng *rng, const dsc_data_config *cfg) {
  if (cfg->noise == DSC_NOISE_GAUSSIAN) return cfg->noise_level * dsc_rng_normal(rng);
  return cfg->noise_level * dsc_rng_uniform(rng);
}

/* Fills row i: x (cols values) and y, and raw x for 1-D generators. */
static void generate_row(dsc_rng *rng, const dsc_data_config *cfg, float *x, float *y, float *raw) {
  const int32_t d = cfg->d;
  switch (cfg->generator) {
    case DSC_GEN_LINEAR: { /* y = Σ_j w_j x_j + bias + e, x_j ~ U(0, scale_j) */
      double s = cfg->bias;
      for (int32_t j = 0; j < d; j++) {
        double sc = cfg->scales ? cfg->scales[j] : 1.0;
        x[j] = (float)(sc * dsc_rng_uniform(rng));
        s += (cfg->weights ? cfg->weights[j] : 3.0) * (double)x[j];
      }
      *y = (float)(s + draw_noise(rng, cfg));
      if (raw) *raw = x[0];
      return;
    }
    case DSC_GEN_POLYNOMIAL:
    case DSC_GEN_SINE: { /* x ~ U(−1, 1); columns x, x², …, x^degree */
      float xf = (float)(2.0 * dsc_rng_uniform(rng) - 1.0);
      double e = draw_noise(rng, cfg);
      double xv = (double)xf, f;
      if (cfg->generator == DSC_GEN_POLYNOMIAL) { /* f = Σ_k c_k x^k (Horner) */
        f = 0.0;
        for (int32_t k = cfg->n_coefficients; k-- > 0;) f = f * xv + cfg->coefficients[k];
      } else { /* f = sin(π·frequency·x) */
        f = sin(3.141592653589793 * cfg->frequency * xv);
      }
      double p = 1.0;
      for (int32_t k = 0; k < cfg->degree; k++) {
        p *= xv;
        x[k] = (float)p;
      }
      *y = (float)(f + e);
      if (raw) *raw = xf;
      return;
    }
    case DSC_GEN_BLOBS: { /* class c: mean (2c − 1)·separation/2 · (1, …, 1)/√d, std noise_level */
      uint32_t c = dsc_rng_below(rng, 2u);
      double m = (c ? 0.5 : -0.5) * cfg->separation / sqrt((double)d);
      for (int32_t j = 0; j < d; j++) x[j] = (float)(m + cfg->noise_level * dsc_rng_normal(rng));
      *y = (float)c;
      return;
    }
    case DSC_GEN_MOONS:
    case DSC_GEN_CIRCLES:
    case DSC_GEN_XOR:
    case DSC_GEN_SPIRAL: { /* the point before the noise, its class, then x_j += noise_level·n_j */
      double p0, p1;
      uint32_t c;
      if (cfg->generator == DSC_GEN_XOR) { /* class 1 when the signs differ */
        p0 = 2.0 * dsc_rng_uniform(rng) - 1.0;
        p1 = 2.0 * dsc_rng_uniform(rng) - 1.0;
        c = (p0 > 0.0) != (p1 > 0.0);
      } else {
        c = dsc_rng_below(rng, 2u);
        const double u = dsc_rng_uniform(rng);
        if (cfg->generator == DSC_GEN_MOONS) { /* t = πu: upper moon, or the lower one shifted */
          const double t = 3.141592653589793 * u;
          p0 = c ? 1.0 - cos(t) : cos(t);
          p1 = c ? 0.5 - sin(t) : sin(t);
        } else if (cfg->generator == DSC_GEN_CIRCLES) { /* t = 2πu at radius 1 or 0.5 */
          const double t = 6.283185307179586 * u, r = c ? 0.5 : 1.0;
          p0 = r * cos(t);
          p1 = r * sin(t);
        } else { /* spiral: r = u, angle 4πr + πc */
          const double t = 12.566370614359172 * u + 3.141592653589793 * (double)c;
          p0 = u * cos(t);
          p1 = u * sin(t);
        }
      }
      x[0] = (float)(p0 + cfg->noise_level * dsc_rng_normal(rng));
      x[1] = (float)(p1 + cfg->noise_level * dsc_rng_normal(rng));
      *y = (float)c;
      return;
    }
  }
}

/* ------------------------------------------------------------------------------------------------
 * The stepped generator: the rows, then (standardize) the passes over them, a few rows per step.
 * ---------------------------------------------------------------------------------------------- */

enum { GEN_ROWS, GEN_SUM, GEN_SUM_SQUARES, GEN_APPLY, GEN_DONE, GEN_TAKEN };

struct dsc_datagen {
  dsc_data_config cfg;    /* resolved: its arrays point to the copies below (cfg's are borrowed) */
  dsc_rng rng;            /* the DSC_STREAM_DATA stream, where the next row starts */
  dsc_data *data;         /* being filled; NULL once dsc_datagen_finish handed it over */
  int32_t cols;           /* columns of X */
  int32_t with_raw;       /* 1-D generators keep raw x */
  int32_t phase;          /* GEN_* */
  int32_t row;            /* next row of the phase */
  int64_t values, max_values; /* values of X touched so far, and in all */
  double arrays[];        /* weights[d], scales[d], coefficients[n_coefficients], when given */
};

/* The rows a phase goes over: all n, or the n_train training rows for the statistics. */
static int32_t phase_rows(const dsc_datagen *g) {
  const dsc_data *data = g->data;
  if (g->phase == GEN_SUM || g->phase == GEN_SUM_SQUARES) return data->n_train;
  return data->n_train + data->n_test;
}

dsc_status dsc_datagen_create(const dsc_data_config *cfg, uint64_t seed, dsc_datagen **out,
                              dsc_error *err) {
  if (!out) return dsc_error_set(err, DSC_EINVAL, "out: must not be NULL");
  *out = NULL;
  dsc_status st = dsc_data_config_check(cfg, err);
  if (st != DSC_OK) return st;
  const int gen = cfg->generator;
  const int expand = gen == DSC_GEN_POLYNOMIAL || gen == DSC_GEN_SINE;
  const int linear = gen == DSC_GEN_LINEAR;
  const size_t d = (size_t)cfg->d;
  const size_t nw = linear && cfg->weights ? d : 0, ns = linear && cfg->scales ? d : 0;
  const size_t nc = gen == DSC_GEN_POLYNOMIAL ? (cfg->coefficients ? (size_t)cfg->n_coefficients
                                                                     : sizeof default_coefficients /
                                                                           sizeof default_coefficients[0])
                                              : 0;
  dsc_datagen *g = malloc(sizeof *g + (nw + ns + nc) * sizeof(double));
  if (!g) return dsc_error_set(err, DSC_ENOMEM, "out of memory: a data generator");
  g->cfg = *cfg;
  double *next = g->arrays;
  if (nw) {
    memcpy(next, cfg->weights, nw * sizeof(double));
    g->cfg.weights = next, next += nw;
  }
  if (ns) {
    memcpy(next, cfg->scales, ns * sizeof(double));
    g->cfg.scales = next, next += ns;
  }
  if (nc) { /* NULL coefficients resolved, so generate_row reads arrays only */
    memcpy(next, cfg->coefficients ? cfg->coefficients : default_coefficients, nc * sizeof(double));
    g->cfg.coefficients = next;
    g->cfg.n_coefficients = (int32_t)nc;
  }
  const int32_t n = cfg->n, n_test = test_rows(n, cfg->test_fraction);
  g->cols = expand ? cfg->degree : cfg->d;
  g->with_raw = expand || (linear && cfg->d == 1);
  st = data_alloc(n - n_test, n_test, g->cols, g->with_raw, &g->data, err);
  if (st != DSC_OK) {
    free(g);
    return st;
  }
  dsc_rng_stream(&g->rng, seed, DSC_STREAM_DATA);
  g->phase = GEN_ROWS;
  g->row = 0;
  g->values = 0;
  g->max_values = (int64_t)n * g->cols;
  if (cfg->standardize) g->max_values += (int64_t)(2 * (n - n_test) + n) * g->cols;
  *out = g;
  return DSC_OK;
}

/* Rows a..b−1 of the current phase. */
static void datagen_rows(dsc_datagen *g, int32_t a, int32_t b) {
  dsc_data *data = g->data;
  const size_t cols = (size_t)g->cols;
  switch (g->phase) {
    case GEN_ROWS:
      for (int32_t i = a; i < b; i++)
        generate_row(&g->rng, &g->cfg, data->x + (size_t)i * cols, data->y + i,
                     g->with_raw ? data->raw + i : NULL);
      break;
    case GEN_SUM: stats_sum(data, (size_t)a, (size_t)b); break;
    case GEN_SUM_SQUARES: stats_sum_squares(data, (size_t)a, (size_t)b); break;
    case GEN_APPLY: stats_apply(data, (size_t)a, (size_t)b); break;
  }
}

/* After a phase's last row: its O(d) ending, and the next phase. */
static void datagen_next_phase(dsc_datagen *g) {
  switch (g->phase) {
    case GEN_ROWS:
      if (!g->cfg.standardize) {
        g->phase = GEN_DONE;
        return;
      }
      stats_clear(g->data);
      g->phase = GEN_SUM;
      break;
    case GEN_SUM:
      stats_mean(g->data);
      g->phase = GEN_SUM_SQUARES;
      break;
    case GEN_SUM_SQUARES:
      stats_scale(g->data);
      g->phase = GEN_APPLY;
      break;
    default: g->phase = GEN_DONE; break;
  }
  g->row = 0;
}

dsc_status dsc_datagen_advance(dsc_datagen *g, int64_t max_values, int32_t *done_out,
                               dsc_error *err) {
  if (!g || !done_out)
    return dsc_error_set(err, DSC_EINVAL, "%s: must not be NULL", !g ? "gen" : "done_out");
  *done_out = 0;
  if (max_values < 1)
    return dsc_error_set(err, DSC_EINVAL, "max_values: must be >= 1, got %lld",
                         (long long)max_values);
  if (g->phase == GEN_TAKEN)
    return dsc_error_set(err, DSC_ESTATE, "gen: its data were already taken by dsc_datagen_finish");
  int64_t budget = max_values;
  while (g->phase != GEN_DONE && budget > 0) {
    const int32_t end = phase_rows(g);
    int64_t rows = budget / g->cols; /* about max_values values, at least one row */
    if (rows < 1) rows = 1;
    if (rows > end - g->row) rows = end - g->row;
    datagen_rows(g, g->row, g->row + (int32_t)rows);
    g->row += (int32_t)rows;
    g->values += rows * g->cols;
    budget -= rows * g->cols;
    while (g->phase != GEN_DONE && g->row == phase_rows(g)) datagen_next_phase(g);
  }
  *done_out = g->phase == GEN_DONE;
  return DSC_OK;
}

int64_t dsc_datagen_values(const dsc_datagen *g) { return g ? g->values : 0; }
int64_t dsc_datagen_max_values(const dsc_datagen *g) { return g ? g->max_values : 0; }

dsc_status dsc_datagen_finish(dsc_datagen *g, dsc_data **out, dsc_error *err) {
  if (!g || !out) return dsc_error_set(err, DSC_EINVAL, "%s: must not be NULL", !g ? "gen" : "out");
  *out = NULL;
  if (g->phase == GEN_TAKEN)
    return dsc_error_set(err, DSC_ESTATE, "gen: its data were already taken by dsc_datagen_finish");
  if (g->phase != GEN_DONE)
    return dsc_error_set(err, DSC_ESTATE,
                         "gen: the data are not made yet (%lld of %lld values); advance it to the end "
                         "first",
                         (long long)g->values, (long long)g->max_values);
  *out = g->data;
  g->data = NULL;
  g->phase = GEN_TAKEN;
  return DSC_OK;
}

void dsc_datagen_free(dsc_datagen *g) {
  if (!g) return;
  dsc_data_free(g->data);
  free(g);
}

/* The stepped generator, run to the end in one call: one code path, the same bits. */
dsc_status dsc_data_generate(const dsc_data_config *cfg, uint64_t seed, dsc_data **out,
                             dsc_error *err) {
  if (!out) return dsc_error_set(err, DSC_EINVAL, "out: must not be NULL");
  *out = NULL;
  dsc_datagen *g = NULL;
  dsc_status st = dsc_datagen_create(cfg, seed, &g, err);
  if (st != DSC_OK) return st;
  int32_t done = 0;
  st = dsc_datagen_advance(g, INT64_MAX, &done, err);
  if (st == DSC_OK) st = dsc_datagen_finish(g, out, err);
  dsc_datagen_free(g);
  return st;
}

dsc_status dsc_data_from_arrays(int32_t n, int32_t d, const float *X, const float *y,
                                double test_fraction, int32_t standardize, uint64_t seed,
                                dsc_data **out, dsc_error *err) {
  if (!out) return dsc_error_set(err, DSC_EINVAL, "out: must not be NULL");
  *out = NULL;
  if (n < 1 || n > DSC_MAX_ROWS)
    return dsc_error_set(err, DSC_EINVAL, "n: must be an integer in 1..%d, got %d", DSC_MAX_ROWS,
                         (int)n);
  if (d < 1 || d > DSC_MAX_FEATURES)
    return dsc_error_set(err, DSC_EINVAL, "d: must be an integer in 1..%d, got %d",
                         DSC_MAX_FEATURES, (int)d);
  if ((double)n * (double)d > DSC_MAX_VALUES)
    return dsc_error_set(err, DSC_EINVAL, "X: %d rows × %d columns = %.3g values, more than the %.3g allowed",
                         (int)n, (int)d, (double)n * (double)d, (double)DSC_MAX_VALUES);
  if (!X || !y)
    return dsc_error_set(err, DSC_EINVAL, "%s: must not be NULL", !X ? "X" : "y");
  if (standardize != 0 && standardize != 1)
    return dsc_error_set(err, DSC_EINVAL, "standardize: must be 0 or 1, got %d",
                         (int)standardize);
  dsc_status st = check_split(n, test_fraction, err);
  if (st != DSC_OK) return st;
  const size_t nd = (size_t)d;
  for (int32_t i = 0; i < n; i++)
    for (size_t j = 0; j < nd; j++)
      if (!isfinite(X[(size_t)i * nd + j]))
        return dsc_error_set(err, DSC_EINVAL,
                             "X: row %d, column %d (0-based) is %g; values must be finite", (int)i,
                             (int)j, (double)X[(size_t)i * nd + j]);
  for (int32_t i = 0; i < n; i++)
    if (!isfinite(y[i]))
      return dsc_error_set(err, DSC_EINVAL, "y: row %d (0-based) is %g; values must be finite",
                           (int)i, (double)y[i]);
  const int32_t n_test = test_rows(n, test_fraction);
  dsc_data *data;
  st = data_alloc(n - n_test, n_test, d, 0, &data, err);
  if (st != DSC_OK) return st;
  dsc_rng rng;
  dsc_rng_stream(&rng, seed, DSC_STREAM_DATA);
  size_t it = 0, is = (size_t)(n - n_test); /* next training row, next test row */
  uint32_t needed = (uint32_t)n_test;
  for (int32_t i = 0; i < n; i++) {
    /* Algorithm S: P(row i is a test row) = needed / (n − i) */
    int is_test = needed > 0 && dsc_rng_below(&rng, (uint32_t)(n - i)) < needed;
    size_t k = is_test ? is++ : it++;
    if (is_test) needed--;
    memcpy(data->x + k * nd, X + (size_t)i * nd, nd * sizeof(float));
    data->y[k] = y[i];
  }
  if (standardize) standardize_columns(data);
  *out = data;
  return DSC_OK;
}

void dsc_data_free(dsc_data *data) { free(data); }

int32_t dsc_data_n_train(const dsc_data *data) { return data->n_train; }
int32_t dsc_data_n_test(const dsc_data *data) { return data->n_test; }
int32_t dsc_data_d(const dsc_data *data) { return data->d; }
const float *dsc_data_x_train(const dsc_data *data) { return data->x; }
const float *dsc_data_y_train(const dsc_data *data) { return data->y; }
const float *dsc_data_x_test(const dsc_data *data) {
  return data->n_test ? data->x + (size_t)data->n_train * (size_t)data->d : NULL;
}
const float *dsc_data_y_test(const dsc_data *data) {
  return data->n_test ? data->y + data->n_train : NULL;
}
const double *dsc_data_feature_mean(const dsc_data *data) { return data->mean; }
const double *dsc_data_feature_scale(const dsc_data *data) { return data->scale; }
const float *dsc_data_raw_train(const dsc_data *data) { return data->raw; }
const float *dsc_data_raw_test(const dsc_data *data) {
  return data->raw && data->n_test ? data->raw + data->n_train : NULL;
}
