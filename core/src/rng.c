/* rng.c — PCG32 random numbers (O'Neill, pcg-random.org: pcg32_srandom_r, pcg32_random_r,
 * pcg32_boundedrand_r from the minimal C implementation) and the deviates built on it.
 *
 * Every draw below consumes a fixed number of 32-bit outputs (except dsc_rng_below, whose rejection
 * loop is itself deterministic), so a seed replays bit for bit on every host that runs the same code. */
#include <math.h>

#include "descent.h"

#define PCG32_MULT 6364136223846793005ULL

/* splitmix64 (Steele, Lea, Flood 2014; Vigna's splitmix64.c): the first output for state = x.
   Spreads nearby experiment seeds (0, 1, 2, ...) over the whole 64-bit initstate space. */
static uint64_t splitmix64(uint64_t x) {
  uint64_t z = x + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void dsc_rng_seed(dsc_rng *rng, uint64_t initstate, uint64_t initseq) {
  rng->state = 0u;
  rng->inc = (initseq << 1u) | 1u;
  (void)dsc_rng_u32(rng);
  rng->state += initstate;
  (void)dsc_rng_u32(rng);
}

void dsc_rng_stream(dsc_rng *rng, uint64_t seed, dsc_stream stream) {
  dsc_rng_seed(rng, splitmix64(seed), (uint64_t)stream);
}

/* XSH-RR output of the old state; LCG step state' = state·6364136223846793005 + inc (mod 2⁶⁴). */
uint32_t dsc_rng_u32(dsc_rng *rng) {
  uint64_t old = rng->state;
  rng->state = old * PCG32_MULT + rng->inc;
  uint32_t xorshifted = (uint32_t)(((old >> 18u) ^ old) >> 27u);
  uint32_t rot = (uint32_t)(old >> 59u);
  return (xorshifted >> rot) | (xorshifted << ((0u - rot) & 31u));
}

/* u = (a·2²⁶ + b) / 2⁵³ with a = 27 bits of the first draw and b = 26 bits of the second
   (the MT19937 genrand_res53 construction): 2⁵³ equally spaced values in [0, 1). */
double dsc_rng_uniform(dsc_rng *rng) {
  uint32_t a = dsc_rng_u32(rng) >> 5;
  uint32_t b = dsc_rng_u32(rng) >> 6;
  return ((double)a * 67108864.0 + (double)b) * (1.0 / 9007199254740992.0);
}

/* pcg32_boundedrand_r: reject draws below 2³² mod bound so that r mod bound is unbiased. */
uint32_t dsc_rng_below(dsc_rng *rng, uint32_t bound) {
  if (bound <= 1u) return 0u; /* bound 0 is out of contract; answer 0 rather than divide by zero */
  uint32_t threshold = (0u - bound) % bound;
  for (;;) {
    uint32_t r = dsc_rng_u32(rng);
    if (r >= threshold) return r % bound;
  }
}

/* Box–Muller (basic form, cosine branch): z = √(−2 ln(1 − u₁)) · cos(2π u₂), u₁ then u₂ drawn in
   that order. 1 − u₁ lies in (0, 1], so the log is finite. The sine branch is discarded so that the
   state is only the rng (no cached spare). */
double dsc_rng_normal(dsc_rng *rng) {
  double u1 = dsc_rng_uniform(rng);
  double u2 = dsc_rng_uniform(rng);
  return sqrt(-2.0 * log(1.0 - u1)) * cos(6.283185307179586 * u2);
}

/* Fisher–Yates (Durstenfeld): for i = n−1 down to 1, swap idx[i] with idx[j], j uniform in [0, i]. */
void dsc_rng_shuffle(dsc_rng *rng, uint32_t *idx, size_t n) {
  for (size_t i = n; i-- > 1;) {
    uint32_t j = dsc_rng_below(rng, (uint32_t)(i + 1));
    uint32_t t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
}
