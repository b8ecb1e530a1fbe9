/* test_rng.c — PCG32 against the reference outputs, and the deviates built on it. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "descent.h"

/* Reference splitmix64 first output, written out independently of rng.c. */
static uint64_t ref_splitmix64(uint64_t x) {
  uint64_t z = x + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* pcg32-demo (pcg-c-basic), round 1: pcg32_srandom_r(&rng, 42u, 54u), then six pcg32_random_r,
   65 coins (pcg32_boundedrand_r(&rng, 2), H when 1) and 33 dice (pcg32_boundedrand_r(&rng, 6) + 1). */
static void test_known_answers(void) {
  static const uint32_t expected[6] = {0xa15c02b7u, 0x7b47f409u, 0xba1d3330u,
                                       0x83d2f293u, 0xbfa4784bu, 0xcbed606eu};
  static const char coins[] = "HHTTTHTHHHTHTTTHHHHHTTTHHHTHTHTHTTHTTTHHHHHHTTTTHHTTTTTHTTTTTTTHT";
  static const int rolls[33] = {3, 4, 1, 1, 2, 2, 3, 2, 4, 3, 2, 4, 3, 3, 5, 2, 3,
                                1, 3, 1, 5, 1, 4, 1, 5, 6, 4, 6, 6, 2, 6, 3, 3};
  dsc_rng rng;
  dsc_rng_seed(&rng, 42u, 54u);
  for (int i = 0; i < 6; i++) CHECK_EQ_U32(dsc_rng_u32(&rng), expected[i]);
  char got[66];
  for (int i = 0; i < 65; i++) got[i] = dsc_rng_below(&rng, 2) ? 'H' : 'T';
  got[65] = '\0';
  CHECK(strcmp(got, coins) == 0);
  int rolls_ok = 1;
  for (int i = 0; i < 33; i++) rolls_ok &= (int)dsc_rng_below(&rng, 6) + 1 == rolls[i];
  CHECK(rolls_ok);

  /* splitmix64(1234567) = 6457827717110365317 (Vigna's reference), and the stream seeding uses it */
  CHECK(ref_splitmix64(1234567u) == 6457827717110365317ULL);
  dsc_rng a, b;
  dsc_rng_stream(&a, 1234567u, DSC_STREAM_SHUFFLE);
  dsc_rng_seed(&b, ref_splitmix64(1234567u), DSC_STREAM_SHUFFLE);
  CHECK(a.state == b.state && a.inc == b.inc);
  CHECK(a.inc & 1u);
}

static void test_below(void) {
  dsc_rng rng;
  dsc_rng_stream(&rng, 7u, DSC_STREAM_DATA);
  /* range, including bound 1 and a bound just above 2³¹ (worst case of the rejection loop) */
  int in_range = 1;
  for (int i = 0; i < 10000; i++) in_range &= dsc_rng_below(&rng, 1) == 0u;
  for (int i = 0; i < 10000; i++) in_range &= dsc_rng_below(&rng, 7) < 7u;
  for (int i = 0; i < 10000; i++) in_range &= dsc_rng_below(&rng, 0x80000001u) < 0x80000001u;
  CHECK(in_range);
  /* no bias: bound 3·2³⁰ makes plain r mod bound put twice the mass on [0, 2³⁰); with the rejection
     the share below 2³⁰ is 1/3 (binomial, 1e5 draws: std ≈ 0.0015, allow 5 std) */
  const uint32_t bound = 3u << 30;
  int below = 0;
  for (int i = 0; i < 100000; i++) below += dsc_rng_below(&rng, bound) < (1u << 30);
  CHECK_NEAR(below / 1e5, 1.0 / 3.0, 0.0075);
  /* small bound: each of 6 faces has share 1/6 ± 5 std */
  int counts[6] = {0};
  for (int i = 0; i < 60000; i++) counts[dsc_rng_below(&rng, 6)]++;
  for (int k = 0; k < 6; k++) CHECK_NEAR(counts[k] / 60000.0, 1.0 / 6.0, 5 * sqrt(5.0 / 36 / 60000));
}

static void test_uniform_normal(void) {
  dsc_rng rng;
  dsc_rng_stream(&rng, 42u, DSC_STREAM_INIT);
  const int n = 100000;
  double lo = 1.0, hi = 0.0, s = 0.0;
  int in_range = 1;
  for (int i = 0; i < n; i++) {
    double u = dsc_rng_uniform(&rng);
    in_range &= u >= 0.0 && u < 1.0;
    lo = fmin(lo, u);
    hi = fmax(hi, u);
    s += u;
  }
  CHECK(in_range);
  CHECK(lo < 1e-3 && hi > 1.0 - 1e-3);
  CHECK_NEAR(s / n, 0.5, 4.0 * sqrt(1.0 / 12.0 / n)); /* mean of U(0,1): 1/2, var 1/12 */
  /* the construction: two draws a, b give (a>>5 · 2²⁶ + b>>6) / 2⁵³ */
  dsc_rng a, b;
  dsc_rng_seed(&a, 1u, 2u);
  b = a;
  uint32_t hi27 = dsc_rng_u32(&b) >> 5, lo26 = dsc_rng_u32(&b) >> 6;
  CHECK(dsc_rng_uniform(&a) == (hi27 * 67108864.0 + lo26) / 9007199254740992.0);
  CHECK(a.state == b.state);

  /* N(0,1): mean within 4 standard errors (1/√n); variance 1 within 4 standard errors (√(2/n)) */
  double m = 0.0, q = 0.0;
  int finite = 1;
  for (int i = 0; i < n; i++) {
    double z = dsc_rng_normal(&rng);
    finite &= isfinite(z);
    m += z;
    q += z * z;
  }
  m /= n;
  double var = q / n - m * m;
  CHECK(finite);
  CHECK_NEAR(m, 0.0, 4.0 / sqrt((double)n));
  CHECK_NEAR(var, 1.0, 4.0 * sqrt(2.0 / n));
}

static void test_shuffle(void) {
  dsc_rng rng;
  dsc_rng_stream(&rng, 3u, DSC_STREAM_SHUFFLE);
  enum { N = 1000 };
  uint32_t idx[N];
  int seen[N] = {0};
  for (uint32_t i = 0; i < N; i++) idx[i] = i;
  dsc_rng_shuffle(&rng, idx, N);
  int perm = 1, moved = 0;
  for (int i = 0; i < N; i++) {
    perm &= idx[i] < N && !seen[idx[i]];
    if (idx[i] < N) seen[idx[i]] = 1;
    moved += idx[i] != (uint32_t)i;
  }
  CHECK(perm);
  CHECK(moved > N / 2);
  /* n = 0 and 1 draw nothing and change nothing */
  dsc_rng before = rng;
  uint32_t one = 5;
  dsc_rng_shuffle(&rng, NULL, 0);
  dsc_rng_shuffle(&rng, &one, 1);
  CHECK(one == 5 && rng.state == before.state);
  /* Durstenfeld order: the first swap uses below(n) from the same stream */
  dsc_rng r1, r2;
  dsc_rng_seed(&r1, 9u, 9u);
  r2 = r1;
  uint32_t v[3] = {0, 1, 2};
  dsc_rng_shuffle(&r1, v, 3);
  uint32_t w[3] = {0, 1, 2}, t;
  uint32_t j = dsc_rng_below(&r2, 3);
  t = w[2], w[2] = w[j], w[j] = t;
  j = dsc_rng_below(&r2, 2);
  t = w[1], w[1] = w[j], w[j] = t;
  CHECK(memcmp(v, w, sizeof v) == 0);
  /* all 6 permutations of 3 appear with share 1/6 */
  int counts[6] = {0};
  for (int k = 0; k < 60000; k++) {
    uint32_t p[3] = {0, 1, 2};
    dsc_rng_shuffle(&rng, p, 3);
    counts[p[0] * 2 + (p[1] > p[2])]++;
  }
  for (int k = 0; k < 6; k++) CHECK_NEAR(counts[k] / 60000.0, 1.0 / 6.0, 5 * sqrt(5.0 / 36 / 60000));
}

static void test_streams(void) {
  dsc_rng s[4];
  for (int k = 0; k < 4; k++) dsc_rng_stream(&s[k], 2024u, (dsc_stream)(k + 1));
  uint32_t first[4][8];
  for (int k = 0; k < 4; k++)
    for (int i = 0; i < 8; i++) first[k][i] = dsc_rng_u32(&s[k]);
  for (int a = 0; a < 4; a++)
    for (int b = a + 1; b < 4; b++) CHECK(memcmp(first[a], first[b], sizeof first[a]) != 0);
  /* nearby seeds differ, the same seed and stream repeat */
  dsc_rng x, y, z;
  dsc_rng_stream(&x, 0u, DSC_STREAM_DATA);
  dsc_rng_stream(&y, 1u, DSC_STREAM_DATA);
  dsc_rng_stream(&z, 0u, DSC_STREAM_DATA);
  uint32_t x0 = dsc_rng_u32(&x), y0 = dsc_rng_u32(&y), z0 = dsc_rng_u32(&z);
  CHECK(x0 != y0);
  CHECK(x0 == z0);
}

int main(void) {
  test_known_answers();
  test_below();
  test_uniform_normal();
  test_shuffle();
  test_streams();
  return check_summary("test_rng");
}
