/* test_data.c — generated and user datasets: defaults, generators, split, standardisation,
 * determinism, configuration errors. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "descent.h"

static int has(const dsc_error *e, const char *s) { return strstr(e->message, s) != NULL; }

static dsc_data *generate(const dsc_data_config *cfg, uint64_t seed) {
  dsc_data *data = NULL;
  dsc_error e;
  if (dsc_data_generate(cfg, seed, &data, &e) != DSC_OK) fprintf(stderr, "generate: %s\n", e.message);
  return data;
}

/* Every generator's defaults are the experiment schema's (web/lib/experiment.js, DATA), and valid. */
static void test_defaults(void) {
  static const struct {
    dsc_generator gen;
    int32_t n, d, degree, noise;
    double noise_level;
  } want[] = {
      {DSC_GEN_LINEAR, 100, 1, 3, DSC_NOISE_UNIFORM, 1.0},
      {DSC_GEN_POLYNOMIAL, 100, 1, 3, DSC_NOISE_GAUSSIAN, 0.1},
      {DSC_GEN_SINE, 100, 1, 5, DSC_NOISE_GAUSSIAN, 0.1},
      {DSC_GEN_BLOBS, 200, 2, 3, DSC_NOISE_GAUSSIAN, 1.0},
      {DSC_GEN_MOONS, 200, 2, 3, DSC_NOISE_GAUSSIAN, 0.1},
      {DSC_GEN_CIRCLES, 200, 2, 3, DSC_NOISE_GAUSSIAN, 0.1},
      {DSC_GEN_XOR, 200, 2, 3, DSC_NOISE_GAUSSIAN, 0.1},
      {DSC_GEN_SPIRAL, 200, 2, 3, DSC_NOISE_GAUSSIAN, 0.05},
  };
  for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
    dsc_data_config cfg;
    memset(&cfg, 0xA5, sizeof cfg); /* every field must be written */
    dsc_data_config_default(&cfg, want[k].gen);
    CHECK(cfg.generator == (int32_t)want[k].gen);
    CHECK(cfg.n == want[k].n && cfg.d == want[k].d && cfg.degree == want[k].degree);
    CHECK(cfg.noise == want[k].noise && cfg.noise_level == want[k].noise_level);
    CHECK(cfg.standardize == 0 && cfg.bias == 0.0 && cfg.test_fraction == 0.2);
    CHECK(cfg.frequency == 1.0 && cfg.separation == 2.0);
    CHECK(cfg.weights == NULL && cfg.scales == NULL && cfg.coefficients == NULL &&
          cfg.n_coefficients == 0);
    CHECK(dsc_data_config_check(&cfg, NULL) == DSC_OK);
    dsc_data *data = generate(&cfg, 3u);
    CHECK(data && dsc_data_n_train(data) == want[k].n * 4 / 5 && dsc_data_n_test(data) == want[k].n / 5);
    dsc_data_free(data);
  }
  /* polynomial: NULL coefficients are [0.5, −1, 0, 2], bit for bit */
  {
    static const double coef[4] = {0.5, -1, 0, 2};
    dsc_data_config cfg;
    dsc_data_config_default(&cfg, DSC_GEN_POLYNOMIAL);
    dsc_data *a = generate(&cfg, 9u);
    cfg.coefficients = coef;
    cfg.n_coefficients = 4;
    dsc_data *b = generate(&cfg, 9u);
    CHECK(a && b);
    if (a && b) {
      CHECK(memcmp(dsc_data_y_train(a), dsc_data_y_train(b), 80 * sizeof(float)) == 0);
      CHECK(memcmp(dsc_data_y_test(a), dsc_data_y_test(b), 20 * sizeof(float)) == 0);
      CHECK(memcmp(dsc_data_x_train(a), dsc_data_x_train(b), 80 * 3 * sizeof(float)) == 0);
    }
    dsc_data_free(a), dsc_data_free(b);
  }
}

/* The seed experiment: y = 3x + U(0, 1) noise, x ~ U(0, 1), 100 rows, all for training. */
static void test_seed_experiment(void) {
  dsc_data_config cfg;
  dsc_data_config_default(&cfg, DSC_GEN_LINEAR);
  cfg.test_fraction = 0.0;
  dsc_data *data = generate(&cfg, 42u);
  CHECK(data != NULL);
  if (!data) return;
  CHECK(dsc_data_n_train(data) == 100 && dsc_data_n_test(data) == 0 && dsc_data_d(data) == 1);
  CHECK(dsc_data_x_test(data) == NULL && dsc_data_y_test(data) == NULL);
  CHECK(dsc_data_raw_test(data) == NULL);
  const float *x = dsc_data_x_train(data), *y = dsc_data_y_train(data);
  const float *raw = dsc_data_raw_train(data);
  int ok = raw != NULL;
  double lo = 1, hi = 0;
  for (int i = 0; ok && i < 100; i++) {
    double e = (double)y[i] - 3.0 * x[i]; /* U(0, 1) up to y's float32 rounding */
    ok &= x[i] >= 0.0f && x[i] < 1.0f && raw[i] == x[i];
    ok &= e >= -1e-6 && e < 1.0 + 1e-6;
    lo = fmin(lo, e), hi = fmax(hi, e);
  }
  CHECK(ok);
  CHECK(lo < 0.1 && hi > 0.9); /* the noise spans its range */
  CHECK(dsc_data_feature_mean(data)[0] == 0.0 && dsc_data_feature_scale(data)[0] == 1.0);
  dsc_data_free(data);
  dsc_data_free(NULL);
}

static void test_split_and_determinism(void) {
  dsc_data_config cfg;
  dsc_data_config_default(&cfg, DSC_GEN_LINEAR);
  cfg.d = 4;
  cfg.n = 101;
  cfg.test_fraction = 0.25; /* round(25.25) = 25 */
  dsc_data *a = generate(&cfg, 7u), *b = generate(&cfg, 7u), *c = generate(&cfg, 8u);
  cfg.test_fraction = 0.0;
  dsc_data *all = generate(&cfg, 7u);
  CHECK(a && b && c && all);
  if (!(a && b && c && all)) return;
  CHECK(dsc_data_n_train(a) == 76 && dsc_data_n_test(a) == 25 && dsc_data_d(a) == 4);
  CHECK(dsc_data_raw_train(a) == NULL); /* d = 4: no raw x */
  /* same seed: identical bytes; another seed: different data */
  CHECK(memcmp(dsc_data_x_train(a), dsc_data_x_train(b), 76 * 4 * sizeof(float)) == 0);
  CHECK(memcmp(dsc_data_y_train(a), dsc_data_y_train(b), 76 * sizeof(float)) == 0);
  CHECK(memcmp(dsc_data_x_test(a), dsc_data_x_test(b), 25 * 4 * sizeof(float)) == 0);
  CHECK(memcmp(dsc_data_y_test(a), dsc_data_y_test(b), 25 * sizeof(float)) == 0);
  CHECK(memcmp(dsc_data_x_train(a), dsc_data_x_train(c), 76 * 4 * sizeof(float)) != 0);
  /* rows are i.i.d. from one stream: the split is the first 76 rows / the last 25 */
  CHECK(memcmp(dsc_data_x_train(a), dsc_data_x_train(all), 76 * 4 * sizeof(float)) == 0);
  CHECK(memcmp(dsc_data_x_test(a), dsc_data_x_train(all) + 76 * 4, 25 * 4 * sizeof(float)) == 0);
  CHECK(memcmp(dsc_data_y_test(a), dsc_data_y_train(all) + 76, 25 * sizeof(float)) == 0);
  dsc_data_free(a), dsc_data_free(b), dsc_data_free(c), dsc_data_free(all);
  /* rounding of n_test: halves go up; the largest fraction keeps one training row */
  static const struct { int n; double f; int n_test; } cases[] = {
      {10, 0.25, 3}, {10, 0.24, 2}, {2, 0.25, 1}, {3, 0.5, 2}, {100, 0.9, 90}, {11, 0.9, 10}};
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    dsc_data_config_default(&cfg, DSC_GEN_LINEAR);
    cfg.n = cases[k].n;
    cfg.test_fraction = cases[k].f;
    dsc_data *s = generate(&cfg, 1u);
    CHECK(s && dsc_data_n_test(s) == cases[k].n_test &&
          dsc_data_n_train(s) == cases[k].n - cases[k].n_test);
    CHECK(s && dsc_data_raw_test(s) == dsc_data_raw_train(s) + dsc_data_n_train(s));
    dsc_data_free(s);
  }
}

static void test_standardize(void) {
  dsc_data_config cfg;
  dsc_data_config_default(&cfg, DSC_GEN_LINEAR);
  const double w[3] = {1, -2, 0.5}, sc[3] = {10, 0.1, 3};
  cfg.d = 3;
  cfg.n = 500;
  cfg.weights = w;
  cfg.scales = sc;
  cfg.bias = 4;
  cfg.test_fraction = 0.2;
  dsc_data *raw = generate(&cfg, 3u);
  cfg.standardize = 1;
  dsc_data *std = generate(&cfg, 3u);
  CHECK(raw && std);
  if (!(raw && std)) return;
  const int nt = dsc_data_n_train(std), ns = dsc_data_n_test(std);
  CHECK(nt == 400 && ns == 100);
  const double *mean = dsc_data_feature_mean(std), *scale = dsc_data_feature_scale(std);
  for (int j = 0; j < 3; j++) {
    double m = 0, q = 0, mr = 0;
    for (int i = 0; i < nt; i++) {
      m += dsc_data_x_train(std)[i * 3 + j];
      mr += dsc_data_x_train(raw)[i * 3 + j];
    }
    m /= nt, mr /= nt;
    for (int i = 0; i < nt; i++) q += pow(dsc_data_x_train(std)[i * 3 + j] - m, 2);
    CHECK_NEAR(m, 0.0, 1e-6);
    CHECK_NEAR(sqrt(q / nt), 1.0, 1e-6);
    CHECK_NEAR(mean[j], mr, 1e-9 * sc[j]);
    CHECK_NEAR(scale[j], sc[j] / sqrt(12.0), 0.1 * sc[j] / sqrt(12.0)); /* U(0, s): std s/√12 */
    /* test rows use the training statistics */
    int ok = 1;
    for (int i = 0; i < ns; i++) {
      double expect = (dsc_data_x_test(raw)[i * 3 + j] - mean[j]) / scale[j];
      ok &= fabs(dsc_data_x_test(std)[i * 3 + j] - expect) <= 1e-6 * (1 + fabs(expect));
    }
    CHECK(ok);
  }
  /* y is not standardised */
  CHECK(memcmp(dsc_data_y_train(raw), dsc_data_y_train(std), (size_t)nt * sizeof(float)) == 0);
  dsc_data_free(raw), dsc_data_free(std);

  /* a constant column keeps scale 1 (and becomes 0) */
  const float X[6] = {1, 5, 2, 5, 3, 5}, y[3] = {0, 1, 2};
  dsc_data *c = NULL;
  CHECK(dsc_data_from_arrays(3, 2, X, y, 0.0, 1, 0u, &c, NULL) == DSC_OK);
  if (!c) return;
  CHECK(dsc_data_feature_mean(c)[1] == 5.0 && dsc_data_feature_scale(c)[1] == 1.0);
  CHECK(dsc_data_x_train(c)[1] == 0.0f && dsc_data_x_train(c)[5] == 0.0f);
  CHECK_NEAR(dsc_data_feature_mean(c)[0], 2.0, 0);
  CHECK_NEAR(dsc_data_feature_scale(c)[0], sqrt(2.0 / 3.0), 1e-15);
  dsc_data_free(c);
}

static void test_generators(void) {
  dsc_data_config cfg;
  /* polynomial, no noise: columns x, x², x³ and y = 1 − 2x + 0.5x³ */
  dsc_data_config_default(&cfg, DSC_GEN_LINEAR);
  const double coef[4] = {1, -2, 0, 0.5};
  cfg.generator = DSC_GEN_POLYNOMIAL;
  cfg.degree = 3;
  cfg.coefficients = coef;
  cfg.n_coefficients = 4;
  cfg.noise_level = 0;
  cfg.n = 200;
  cfg.test_fraction = 0.1;
  dsc_data *p = generate(&cfg, 5u);
  CHECK(p && dsc_data_d(p) == 3 && dsc_data_n_test(p) == 20);
  if (p) {
    const float *x = dsc_data_x_train(p), *raw = dsc_data_raw_train(p), *y = dsc_data_y_train(p);
    int ok = raw != NULL;
    for (int i = 0; ok && i < 180; i++) {
      double t = raw[i];
      ok &= t >= -1 && t < 1 && x[3 * i] == raw[i] && x[3 * i + 1] == (float)(t * t) &&
            x[3 * i + 2] == (float)(t * t * t) &&
            fabs(y[i] - (1 - 2 * t + 0.5 * t * t * t)) <= 4e-7;
    }
    CHECK(ok);
    CHECK(dsc_data_raw_test(p) == raw + 180 && dsc_data_x_test(p)[0] == dsc_data_raw_test(p)[0]);
  }
  dsc_data_free(p);

  /* sine, no noise: y = sin(π·2·x), degree 5 columns */
  dsc_data_config_default(&cfg, DSC_GEN_SINE);
  cfg.frequency = 2;
  cfg.degree = 5;
  cfg.noise_level = 0;
  cfg.test_fraction = 0;
  dsc_data *s = generate(&cfg, 5u);
  CHECK(s && dsc_data_d(s) == 5);
  if (s) {
    const float *raw = dsc_data_raw_train(s), *y = dsc_data_y_train(s), *x = dsc_data_x_train(s);
    int ok = 1;
    for (int i = 0; i < 100; i++) {
      double t = raw[i];
      ok &= y[i] == (float)sin(3.141592653589793 * 2 * (double)raw[i]) &&
            x[5 * i + 4] == (float)(t * t * t * t * t);
    }
    CHECK(ok);
  }
  dsc_data_free(s);

  /* gaussian noise on the linear generator: y − 3x ~ N(0, 0.5²) */
  dsc_data_config_default(&cfg, DSC_GEN_LINEAR);
  cfg.noise = DSC_NOISE_GAUSSIAN;
  cfg.noise_level = 0.5;
  cfg.n = 20000;
  cfg.test_fraction = 0;
  dsc_data *g = generate(&cfg, 6u);
  if (g) {
    double m = 0, q = 0;
    for (int i = 0; i < 20000; i++) {
      double e = dsc_data_y_train(g)[i] - 3.0 * dsc_data_x_train(g)[i];
      m += e, q += e * e;
    }
    m /= 20000, q = q / 20000 - m * m;
    CHECK_NEAR(m, 0.0, 4 * 0.5 / sqrt(20000.0));
    CHECK_NEAR(sqrt(q), 0.5, 0.02);
  }
  dsc_data_free(g);

  /* blobs: labels 0/1, class means ±separation/2 along (1, …, 1)/√d, std noise_level */
  dsc_data_config_default(&cfg, DSC_GEN_BLOBS);
  cfg.d = 4;
  cfg.n = 4000;
  cfg.test_fraction = 0;
  cfg.separation = 6;
  cfg.noise = DSC_NOISE_GAUSSIAN;
  cfg.noise_level = 0.5;
  dsc_data *bl = generate(&cfg, 2u);
  CHECK(bl && dsc_data_raw_train(bl) == NULL);
  if (bl) {
    double sum[2][4] = {{0}}, cnt[2] = {0};
    int labels_ok = 1;
    for (int i = 0; i < 4000; i++) {
      float t = dsc_data_y_train(bl)[i];
      labels_ok &= t == 0.0f || t == 1.0f;
      int k = t == 1.0f;
      cnt[k]++;
      for (int j = 0; j < 4; j++) sum[k][j] += dsc_data_x_train(bl)[i * 4 + j];
    }
    CHECK(labels_ok);
    CHECK(cnt[0] > 1800 && cnt[1] > 1800);
    for (int j = 0; j < 4; j++) { /* ±3/√4 = ±1.5 */
      CHECK_NEAR(sum[0][j] / cnt[0], -1.5, 0.05);
      CHECK_NEAR(sum[1][j] / cnt[1], 1.5, 0.05);
    }
  }
  dsc_data_free(bl);
}

static void test_from_arrays(void) {
  enum { n = 40, d = 2 };
  float X[n * d], y[n];
  for (int i = 0; i < n; i++) X[2 * i] = (float)i, X[2 * i + 1] = (float)(-i), y[i] = (float)(i * 10);
  dsc_data *a = NULL, *b = NULL, *c = NULL;
  dsc_error e;
  /* test_fraction 0: the data exactly as given */
  CHECK(dsc_data_from_arrays(n, d, X, y, 0.0, 0, 99u, &a, &e) == DSC_OK);
  if (a) {
    CHECK(dsc_data_n_train(a) == n && dsc_data_n_test(a) == 0 && dsc_data_raw_train(a) == NULL);
    CHECK(memcmp(dsc_data_x_train(a), X, sizeof X) == 0 && memcmp(dsc_data_y_train(a), y, sizeof y) == 0);
  }
  dsc_data_free(a);
  /* test_fraction 0.3: 12 test rows; both splits keep the original order and cover every row once */
  CHECK(dsc_data_from_arrays(n, d, X, y, 0.3, 0, 99u, &a, &e) == DSC_OK);
  CHECK(dsc_data_from_arrays(n, d, X, y, 0.3, 0, 99u, &b, &e) == DSC_OK);
  CHECK(dsc_data_from_arrays(n, d, X, y, 0.3, 0, 100u, &c, &e) == DSC_OK);
  if (a && b && c) {
    CHECK(dsc_data_n_train(a) == 28 && dsc_data_n_test(a) == 12);
    int seen[n] = {0}, ok = 1;
    float last = -1;
    for (int i = 0; i < 28; i++) {
      float v = dsc_data_x_train(a)[2 * i];
      ok &= v > last && dsc_data_x_train(a)[2 * i + 1] == -v && dsc_data_y_train(a)[i] == 10 * v;
      last = v;
      seen[(int)v]++;
    }
    last = -1;
    for (int i = 0; i < 12; i++) {
      float v = dsc_data_x_test(a)[2 * i];
      ok &= v > last && dsc_data_x_test(a)[2 * i + 1] == -v && dsc_data_y_test(a)[i] == 10 * v;
      last = v;
      seen[(int)v]++;
    }
    for (int i = 0; i < n; i++) ok &= seen[i] == 1;
    CHECK(ok);
    CHECK(memcmp(dsc_data_x_test(a), dsc_data_x_test(b), 12 * d * sizeof(float)) == 0);
    CHECK(memcmp(dsc_data_x_test(a), dsc_data_x_test(c), 12 * d * sizeof(float)) != 0);
  }
  dsc_data_free(a), dsc_data_free(b), dsc_data_free(c);
  /* non-finite values: the message names the first bad row and column */
  X[2 * 3 + 1] = NAN;
  a = NULL;
  CHECK(dsc_data_from_arrays(n, d, X, y, 0.0, 0, 1u, &a, &e) == DSC_EINVAL && a == NULL);
  CHECK(has(&e, "X") && has(&e, "row 3, column 1"));
  X[2 * 3 + 1] = -3;
  y[7] = INFINITY;
  CHECK(dsc_data_from_arrays(n, d, X, y, 0.0, 0, 1u, &a, &e) == DSC_EINVAL && has(&e, "y: row 7"));
  y[7] = 70;
  CHECK(dsc_data_from_arrays(0, d, X, y, 0.0, 0, 1u, &a, &e) == DSC_EINVAL && has(&e, "n:"));
  CHECK(dsc_data_from_arrays(n, 0, X, y, 0.0, 0, 1u, &a, &e) == DSC_EINVAL && has(&e, "d:"));
  CHECK(dsc_data_from_arrays(n, d, X, y, 0.95, 0, 1u, &a, &e) == DSC_EINVAL &&
        has(&e, "test_fraction"));
  CHECK(dsc_data_from_arrays(1, d, X, y, 0.5, 0, 1u, &a, &e) == DSC_EINVAL &&
        has(&e, "test_fraction") && has(&e, "n_train"));
  CHECK(dsc_data_from_arrays(n, d, X, y, 0.0, 2, 1u, &a, &e) == DSC_EINVAL && has(&e, "standardize"));
  CHECK(dsc_data_from_arrays(n, d, NULL, y, 0.0, 0, 1u, &a, &e) == DSC_EINVAL && has(&e, "X"));
}

/* Every bad field gives DSC_EINVAL and a message naming it (and dsc_data_generate refuses too). */
static void test_bad_configs(void) {
  dsc_data_config def, c;
  dsc_error e;
  dsc_data_config_default(&def, DSC_GEN_LINEAR);
  const double bad_w[1] = {NAN}, bad_s[1] = {0}, coef[2] = {1, 2}, bad_coef[2] = {1, INFINITY};

  c = def, c.n = 1;
  CHECK(dsc_data_config_check(&c, &e) == DSC_EINVAL);
  CHECK(strcmp(e.message, "n: must be an integer in 2..10000000, got 1") == 0);
  dsc_data *out = (dsc_data *)&c;
  CHECK(dsc_data_generate(&c, 1u, &out, &e) == DSC_EINVAL && out == NULL && has(&e, "n:"));

#define BAD(mutation, field)                                           \
  do {                                                                 \
    c = def;                                                           \
    mutation;                                                          \
    CHECK(dsc_data_config_check(&c, &e) == DSC_EINVAL && has(&e, field)); \
  } while (0)
  BAD(c.n = DSC_MAX_ROWS + 1, "n:");
  BAD(c.generator = DSC_GEN_SPIRAL + 1, "generator:");
  BAD(c.generator = -1, "generator:");
  BAD(c.d = 0, "d:");
  BAD(c.d = DSC_MAX_FEATURES + 1, "d:");
  BAD((c.n = 10000000, c.d = 6), "n: 10000000 rows × 6 columns"); /* 6e7 values > DSC_MAX_VALUES */
  BAD((c.generator = DSC_GEN_POLYNOMIAL, c.n = 5000000, c.degree = 11), "n: 5000000 rows × 11 columns");
  c = def, c.n = 10000000, c.d = 5; /* exactly 5e7 values: allowed */
  CHECK(dsc_data_config_check(&c, &e) == DSC_OK);
  BAD((c.generator = DSC_GEN_SINE, c.d = 2), "d:");
  BAD((c.generator = DSC_GEN_SINE, c.degree = 0), "degree:");
  BAD((c.generator = DSC_GEN_SINE, c.degree = DSC_MAX_DEGREE + 1), "degree:");
  BAD((c.generator = DSC_GEN_SINE, c.frequency = 0), "frequency:");
  BAD((c.generator = DSC_GEN_SINE, c.frequency = NAN), "frequency:");
  BAD(c.noise = 2, "noise:");
  BAD(c.noise_level = -0.1, "noise_level:");
  BAD(c.noise_level = INFINITY, "noise_level:");
  BAD(c.standardize = 2, "standardize:");
  BAD(c.test_fraction = 0.91, "test_fraction:");
  BAD(c.test_fraction = -0.01, "test_fraction:");
  BAD(c.test_fraction = NAN, "test_fraction:");
  BAD((c.n = 2, c.test_fraction = 0.9), "n_train");
  BAD(c.bias = NAN, "bias:");
  BAD(c.weights = bad_w, "weights[0]");
  BAD(c.scales = bad_s, "scales[0]");
  BAD((c.generator = DSC_GEN_POLYNOMIAL, c.n_coefficients = 0, c.coefficients = coef),
      "n_coefficients:");
  BAD((c.generator = DSC_GEN_POLYNOMIAL, c.n_coefficients = DSC_MAX_DEGREE + 2, c.coefficients = coef),
      "n_coefficients:");
  BAD((c.generator = DSC_GEN_POLYNOMIAL, c.n_coefficients = 2, c.coefficients = NULL),
      "coefficients:");
  BAD((c.generator = DSC_GEN_POLYNOMIAL, c.n_coefficients = 2, c.coefficients = bad_coef),
      "coefficients[1]");
  BAD((c.generator = DSC_GEN_BLOBS, c.separation = -1), "separation:");
#undef BAD
  /* the values and ranges are in the message */
  c = def, c.noise_level = -0.25;
  dsc_data_config_check(&c, &e);
  CHECK(has(&e, "-0.25") && has(&e, ">= 0"));
  /* fields of other generators are ignored */
  c = def, c.frequency = -1, c.separation = -1, c.degree = 0;
  CHECK(dsc_data_config_check(&c, &e) == DSC_OK);
  c = def, c.generator = DSC_GEN_POLYNOMIAL, c.coefficients = coef, c.n_coefficients = 2;
  CHECK(dsc_data_config_check(&c, &e) == DSC_OK);
  c = def, c.generator = DSC_GEN_POLYNOMIAL; /* NULL coefficients, n_coefficients 0: the default */
  CHECK(dsc_data_config_check(&c, &e) == DSC_OK);
}

/* create/free cycles do not leak */
/* The 2-D two-class sets: d must be 2; labels 0/1; noise-free points lie on their curves; the draws
   per row are fixed (a row's label then its uniforms then two normals), so the same seed replays. */
static void test_plane_generators(void) {
  dsc_error e;
  for (int g = DSC_GEN_MOONS; g <= DSC_GEN_SPIRAL; g++) {
    dsc_data_config cfg;
    dsc_data_config_default(&cfg, (dsc_generator)g);
    cfg.d = 3;
    CHECK(dsc_data_config_check(&cfg, &e) == DSC_EINVAL && strstr(e.message, "d: must be 2"));
    cfg.d = 2;
    cfg.noise_level = 0;
    cfg.test_fraction = 0;
    dsc_data *a = generate(&cfg, 5u), *b = generate(&cfg, 5u);
    CHECK(a && b);
    if (!a || !b) continue;
    const float *X = dsc_data_x_train(a), *y = dsc_data_y_train(a);
    int ones = 0, on_curve = 1;
    for (int i = 0; i < 200; i++) {
      const double x0 = X[2 * i], x1 = X[2 * i + 1];
      CHECK(y[i] == 0.0f || y[i] == 1.0f);
      ones += y[i] == 1.0f;
      if (g == DSC_GEN_CIRCLES) on_curve &= fabs(hypot(x0, x1) - (y[i] ? 0.5 : 1.0)) < 1e-6;
      if (g == DSC_GEN_XOR) on_curve &= (float)((x0 > 0) != (x1 > 0)) == y[i];
      if (g == DSC_GEN_MOONS) on_curve &= fabs(y[i] ? hypot(x0 - 1, x1 - 0.5) - 1 : hypot(x0, x1) - 1) < 1e-6;
    }
    CHECK(on_curve);
    CHECK(ones > 70 && ones < 130);
    CHECK(memcmp(X, dsc_data_x_train(b), 400 * sizeof(float)) == 0);
    CHECK(dsc_data_raw_train(a) == NULL);
    dsc_data_free(a), dsc_data_free(b);
  }
}

static void test_no_leak(void) {
  dsc_data_config cfg;
  dsc_data_config_default(&cfg, DSC_GEN_LINEAR);
  cfg.n = 1000;
  cfg.test_fraction = 0.5;
  dsc_data_free(generate(&cfg, 1u));
  size_t before = dsc_heap_used();
  for (int k = 0; k < 20; k++) dsc_data_free(generate(&cfg, (uint64_t)k));
  CHECK(dsc_heap_used() == before);
}

int main(void) {
  test_defaults();
  test_seed_experiment();
  test_split_and_determinism();
  test_standardize();
  test_generators();
  test_from_arrays();
  test_bad_configs();
  test_plane_generators();
  test_no_leak();
  return check_summary("test_data");
}
