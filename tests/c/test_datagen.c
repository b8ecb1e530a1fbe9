/* test_datagen.c — the stepped data generator (dsc_datagen_*): the bytes of dsc_data_generate for every
 * generator, with and without standardisation, however the work is divided; progress; states and
 * argument errors. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "descent.h"

static int has(const dsc_error *e, const char *s) { return strstr(e->message, s) != NULL; }

/* FNV-1a 64 over bytes. */
static uint64_t fnv(uint64_t h, const void *p, size_t bytes) {
  const unsigned char *b = p;
  for (size_t i = 0; i < bytes; i++) h = (h ^ b[i]) * 0x100000001b3ull;
  return h;
}

/* Everything a dataset holds: X and y (train then test: one slab), raw x, the statistics. */
static uint64_t data_hash(const dsc_data *data) {
  const size_t n = (size_t)dsc_data_n_train(data) + (size_t)dsc_data_n_test(data);
  const size_t d = (size_t)dsc_data_d(data);
  uint64_t h = 0xcbf29ce484222325ull;
  h = fnv(h, dsc_data_x_train(data), n * d * sizeof(float));
  h = fnv(h, dsc_data_y_train(data), n * sizeof(float));
  if (dsc_data_raw_train(data)) h = fnv(h, dsc_data_raw_train(data), n * sizeof(float));
  h = fnv(h, dsc_data_feature_mean(data), d * sizeof(double));
  h = fnv(h, dsc_data_feature_scale(data), d * sizeof(double));
  return h;
}

/* Byte equality of two datasets, part by part. */
static int same_bytes(const dsc_data *a, const dsc_data *b) {
  const size_t n = (size_t)dsc_data_n_train(a) + (size_t)dsc_data_n_test(a);
  const size_t d = (size_t)dsc_data_d(a);
  if (dsc_data_n_train(a) != dsc_data_n_train(b) || dsc_data_n_test(a) != dsc_data_n_test(b) ||
      dsc_data_d(b) != (int32_t)d || !dsc_data_raw_train(a) != !dsc_data_raw_train(b))
    return 0;
  return memcmp(dsc_data_x_train(a), dsc_data_x_train(b), n * d * sizeof(float)) == 0 &&
         memcmp(dsc_data_y_train(a), dsc_data_y_train(b), n * sizeof(float)) == 0 &&
         (!dsc_data_raw_train(a) ||
          memcmp(dsc_data_raw_train(a), dsc_data_raw_train(b), n * sizeof(float)) == 0) &&
         memcmp(dsc_data_feature_mean(a), dsc_data_feature_mean(b), d * sizeof(double)) == 0 &&
         memcmp(dsc_data_feature_scale(a), dsc_data_feature_scale(b), d * sizeof(double)) == 0;
}

static const double case_weights[3] = {1.5, -2.0, 0.25}, case_scales[3] = {10.0, 0.1, 3.0};

/* One config per (generator, standardize): odd n, a test split, the generator's own parameters. */
static void case_config(dsc_data_config *cfg, int gen, int standardize) {
  dsc_data_config_default(cfg, (dsc_generator)gen);
  cfg->n = 503;
  cfg->test_fraction = 0.3;
  cfg->standardize = standardize;
  if (gen == DSC_GEN_LINEAR) {
    cfg->d = 3;
    cfg->weights = case_weights;
    cfg->scales = case_scales;
    cfg->bias = 0.5;
  }
  if (gen == DSC_GEN_BLOBS) cfg->d = 5;
  if (gen == DSC_GEN_SINE) cfg->degree = 7;
}

/* Hashes of case_config(gen, standardize) with seed 11 as dsc_data_generate made them in one call before
   it ran the stepped generator (commit 8c50767): the stream order and the standardisation did not
   change. Sine and the 2-D sets call sin/cos: these pins assume glibc's (correctly rounded) libm. */
static const uint64_t pinned[8][2] = {
    {0x5b11b1dd64e15081ull, 0x75fc0bf67d4c08dbull}, /* linear d = 3 */
    {0xce1f1f8b047bfa5full, 0x9f45d2514251430eull}, /* polynomial */
    {0x6f030aa9dfaedb5bull, 0xe7cdbcde6ef52654ull}, /* sine, degree 7 */
    {0xa585eedd79467e02ull, 0x2eb327f0216780b2ull}, /* blobs d = 5 */
    {0x9312393f16a87bd2ull, 0x047dd86b95e0d00eull}, /* moons */
    {0xde2318d2f488574cull, 0xf2e532038c1456ebull}, /* circles */
    {0xba5386ff06d4c55full, 0xaa7f7e5fc60b4996ull}, /* xor */
    {0x69c48dcc5b71674eull, 0x4fba63b6414c9869ull}, /* spiral */
};

static void test_pinned(void) {
  for (int gen = DSC_GEN_LINEAR; gen <= DSC_GEN_SPIRAL; gen++)
    for (int s = 0; s <= 1; s++) {
      dsc_data_config cfg;
      case_config(&cfg, gen, s);
      dsc_data *data = NULL;
      CHECK(dsc_data_generate(&cfg, 11u, &data, NULL) == DSC_OK);
      if (!data) continue;
      if (data_hash(data) != pinned[gen][s])
        fprintf(stderr, "generator %d, standardize %d: hash 0x%016llx\n", gen, s,
                (unsigned long long)data_hash(data));
      CHECK(data_hash(data) == pinned[gen][s]);
      dsc_data_free(data);
    }
  /* the seed experiment's linear d = 1 (raw x), standardised */
  dsc_data_config cfg;
  dsc_data_config_default(&cfg, DSC_GEN_LINEAR);
  cfg.n = 1000;
  cfg.standardize = 1;
  dsc_data *data = NULL;
  CHECK(dsc_data_generate(&cfg, 42u, &data, NULL) == DSC_OK);
  CHECK(data && data_hash(data) == 0x74ea9523b38700a3ull);
  dsc_data_free(data);
}

/* Runs a generator in steps of max_values; checks progress on the way. NULL on failure. */
static dsc_data *stepped(const dsc_data_config *cfg, uint64_t seed, int64_t max_values, int *steps) {
  dsc_datagen *g = NULL;
  dsc_error e;
  if (dsc_datagen_create(cfg, seed, &g, &e) != DSC_OK) {
    fprintf(stderr, "create: %s\n", e.message);
    return NULL;
  }
  CHECK(dsc_datagen_values(g) == 0);
  int32_t done = 0;
  int64_t last = 0;
  *steps = 0;
  while (!done) {
    if (dsc_datagen_advance(g, max_values, &done, &e) != DSC_OK) {
      fprintf(stderr, "advance: %s\n", e.message);
      break;
    }
    ++*steps;
    CHECK(dsc_datagen_values(g) > last); /* every step makes progress */
    CHECK(dsc_datagen_values(g) <= dsc_datagen_max_values(g));
    last = dsc_datagen_values(g);
  }
  CHECK(dsc_datagen_values(g) == dsc_datagen_max_values(g));
  CHECK(dsc_datagen_advance(g, 5, &done, &e) == DSC_OK && done == 1); /* done: nothing more */
  CHECK(dsc_datagen_values(g) == dsc_datagen_max_values(g));
  dsc_data *data = NULL;
  CHECK(dsc_datagen_finish(g, &data, &e) == DSC_OK && data != NULL);
  dsc_datagen_free(g); /* the data were handed over: not freed here */
  return data;
}

/* Every generator, standardised or not: steps of 1, 7, 1000 values and all at once give
   dsc_data_generate's bytes; a step of 1 value is one row. */
static void test_steps(void) {
  static const int64_t sizes[] = {1, 7, 1000, INT64_MAX};
  for (int gen = DSC_GEN_LINEAR; gen <= DSC_GEN_SPIRAL; gen++)
    for (int s = 0; s <= 1; s++) {
      dsc_data_config cfg;
      case_config(&cfg, gen, s);
      dsc_data *once = NULL;
      CHECK(dsc_data_generate(&cfg, 11u, &once, NULL) == DSC_OK);
      if (!once) continue;
      const int64_t n = 503, n_train = dsc_data_n_train(once), cols = dsc_data_d(once);
      for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        int steps = 0;
        dsc_data *data = stepped(&cfg, 11u, sizes[k], &steps);
        CHECK(data && same_bytes(data, once));
        if (sizes[k] == 1) CHECK(steps == (s ? 2 * n + 2 * n_train : n)); /* one row a step */
        if (sizes[k] == INT64_MAX) CHECK(steps == 1);
        if (sizes[k] == 1000) CHECK(steps >= (n * cols * (s ? 2 : 1)) / 1000);
        dsc_data_free(data);
      }
      /* max_values: n·cols to generate, plus (2·n_train + n)·cols to standardise */
      dsc_datagen *g = NULL;
      CHECK(dsc_datagen_create(&cfg, 11u, &g, NULL) == DSC_OK);
      CHECK(dsc_datagen_max_values(g) == n * cols + (s ? (2 * n_train + n) * cols : 0));
      dsc_datagen_free(g);
      dsc_data_free(once);
    }
}

/* The config's arrays are copied at create: changing them afterwards changes nothing. */
static void test_arrays_copied(void) {
  double w[3] = {1.5, -2.0, 0.25}, sc[3] = {10.0, 0.1, 3.0}, coef[3] = {1.0, 2.0, -1.0};
  dsc_data_config cfg;
  dsc_data_config_default(&cfg, DSC_GEN_LINEAR);
  cfg.d = 3, cfg.weights = w, cfg.scales = sc;
  dsc_data *once = NULL, *data = NULL;
  CHECK(dsc_data_generate(&cfg, 5u, &once, NULL) == DSC_OK);
  dsc_datagen *g = NULL;
  int32_t done = 0;
  CHECK(dsc_datagen_create(&cfg, 5u, &g, NULL) == DSC_OK);
  CHECK(dsc_datagen_advance(g, 30, &done, NULL) == DSC_OK && !done);
  w[0] = 100.0, sc[1] = 7.0;
  CHECK(dsc_datagen_advance(g, INT64_MAX, &done, NULL) == DSC_OK && done);
  CHECK(dsc_datagen_finish(g, &data, NULL) == DSC_OK);
  CHECK(once && data && same_bytes(data, once));
  dsc_datagen_free(g), dsc_data_free(once), dsc_data_free(data);

  dsc_data_config_default(&cfg, DSC_GEN_POLYNOMIAL);
  cfg.coefficients = coef, cfg.n_coefficients = 3;
  once = data = NULL;
  CHECK(dsc_data_generate(&cfg, 5u, &once, NULL) == DSC_OK);
  CHECK(dsc_datagen_create(&cfg, 5u, &g, NULL) == DSC_OK);
  coef[2] = 9.0;
  CHECK(dsc_datagen_advance(g, INT64_MAX, &done, NULL) == DSC_OK && done);
  CHECK(dsc_datagen_finish(g, &data, NULL) == DSC_OK);
  CHECK(once && data && same_bytes(data, once));
  dsc_datagen_free(g), dsc_data_free(once), dsc_data_free(data);
}

/* Bad arguments: DSC_EINVAL with a message naming the argument; calls out of order: DSC_ESTATE. */
static void test_errors(void) {
  dsc_data_config cfg;
  dsc_data_config_default(&cfg, DSC_GEN_LINEAR);
  dsc_datagen *g = (dsc_datagen *)&cfg; /* overwritten with NULL on failure */
  dsc_data *data = NULL;
  int32_t done = 7;
  dsc_error e;
  CHECK(dsc_datagen_create(&cfg, 1u, NULL, &e) == DSC_EINVAL && has(&e, "out"));
  CHECK(dsc_datagen_create(NULL, 1u, &g, &e) == DSC_EINVAL && g == NULL && has(&e, "config"));
  cfg.n = 1;
  g = (dsc_datagen *)&cfg;
  CHECK(dsc_datagen_create(&cfg, 1u, &g, &e) == DSC_EINVAL && g == NULL && has(&e, "n: must be"));
  cfg.n = 100;
  cfg.test_fraction = 0.95;
  CHECK(dsc_datagen_create(&cfg, 1u, &g, &e) == DSC_EINVAL && has(&e, "test_fraction"));
  cfg.test_fraction = 0.2;

  CHECK(dsc_datagen_create(&cfg, 1u, &g, &e) == DSC_OK && g != NULL);
  CHECK(dsc_datagen_advance(g, 0, &done, &e) == DSC_EINVAL && has(&e, "max_values") && done == 0);
  CHECK(dsc_datagen_advance(g, -3, &done, &e) == DSC_EINVAL && has(&e, "-3"));
  CHECK(dsc_datagen_advance(NULL, 1, &done, &e) == DSC_EINVAL && has(&e, "gen"));
  CHECK(dsc_datagen_advance(g, 1, NULL, &e) == DSC_EINVAL && has(&e, "done_out"));
  CHECK(dsc_datagen_values(NULL) == 0 && dsc_datagen_max_values(NULL) == 0);
  CHECK(dsc_datagen_advance(g, 10, &done, &e) == DSC_OK && done == 0);
  /* not done: no data yet */
  data = (dsc_data *)&cfg;
  CHECK(dsc_datagen_finish(g, &data, &e) == DSC_ESTATE && data == NULL && has(&e, "10 of 100 values"));
  CHECK(dsc_datagen_finish(g, NULL, &e) == DSC_EINVAL && has(&e, "out"));
  CHECK(dsc_datagen_finish(NULL, &data, &e) == DSC_EINVAL && has(&e, "gen"));
  CHECK(dsc_datagen_advance(g, INT64_MAX, &done, &e) == DSC_OK && done == 1);
  CHECK(dsc_datagen_finish(g, &data, &e) == DSC_OK && data != NULL);
  /* taken: the generator is spent */
  dsc_data *again = NULL;
  CHECK(dsc_datagen_finish(g, &again, &e) == DSC_ESTATE && again == NULL && has(&e, "already taken"));
  CHECK(dsc_datagen_advance(g, 1, &done, &e) == DSC_ESTATE && has(&e, "already taken") && done == 0);
  dsc_datagen_free(g);
  CHECK(dsc_data_n_train(data) == 80); /* still the caller's */
  dsc_data_free(data);
  dsc_datagen_free(NULL);
}

/* A generator freed part-way frees its dataset too; one run to the end leaks nothing. */
static void leak_round(void) {
  dsc_data_config cfg;
  dsc_data_config_default(&cfg, DSC_GEN_LINEAR);
  cfg.n = 1000;
  cfg.d = 2;
  const double w[2] = {1, 2};
  cfg.weights = w;
  cfg.standardize = 1;
  for (int64_t k = 1; k <= 4000; k *= 7) {
    dsc_datagen *g = NULL;
    int32_t done = 0;
    CHECK(dsc_datagen_create(&cfg, 3u, &g, NULL) == DSC_OK);
    CHECK(dsc_datagen_advance(g, k, &done, NULL) == DSC_OK && !done);
    dsc_datagen_free(g);
  }
  int steps = 0;
  dsc_data_free(stepped(&cfg, 3u, 333, &steps));
  dsc_data *data = NULL;
  CHECK(dsc_data_generate(&cfg, 3u, &data, NULL) == DSC_OK);
  dsc_data_free(data);
  cfg.n = 1; /* refused: nothing allocated */
  dsc_datagen *g = NULL;
  CHECK(dsc_datagen_create(&cfg, 3u, &g, NULL) == DSC_EINVAL);
}

static void test_no_leak(void) {
  leak_round(); /* warms the allocator's caches (they count as in use) */
  size_t before = dsc_heap_used();
  leak_round();
  CHECK(dsc_heap_used() == before);
}

int main(void) {
  test_pinned();
  test_steps();
  test_arrays_copied();
  test_errors();
  test_no_leak();
  return check_summary("test_datagen");
}
