/* bandwidth.c — single-thread memory-read bandwidth probe for `npm run bench`.
 *
 * Sums a 512 MiB float32 array (far larger than any cache) with 8 independent vector accumulators,
 * so the loop is limited by how fast one core can stream memory, not by the adds. The best of
 * `reps` passes (after one warm-up pass that also faults the pages in) is the bandwidth floor that
 * bench.mjs compares every large case with: one read of X and y takes (bytes of X and y) / GB/s.
 *
 * Usage: bandwidth [MiB] [reps]   → prints {"bytes":…, "reps":…, "bestGBs":…, "medianGBs":…, "sum":…}
 * Built by bench.mjs in build/bench-native (-O3 -march=native, no -ffast-math: explicit vectors). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef float v8f __attribute__((vector_size(32))); /* 8 float32 lanes (GCC/Clang vector extension) */

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Σ a[0..n) as 8 vector accumulators (n a multiple of 64). */
static float sum(const float *a, size_t n) {
  v8f s[8] = {{0}};
  for (size_t i = 0; i < n; i += 64) {
    for (int k = 0; k < 8; k++) {
      v8f v;
      memcpy(&v, a + i + 8 * k, sizeof v);
      s[k] += v;
    }
  }
  v8f t = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
  float out = 0;
  for (int k = 0; k < 8; k++) out += t[k];
  return out;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  const size_t mib = argc > 1 ? (size_t)atol(argv[1]) : 512;
  int reps = argc > 2 ? atoi(argv[2]) : 7;
  if (reps < 1) reps = 1;
  if (reps > 64) reps = 64;
  const size_t bytes = mib << 20, n = bytes / sizeof(float);
  float *a = aligned_alloc(64, bytes);
  if (!a) {
    fprintf(stderr, "bandwidth: cannot allocate %zu MiB\n", mib);
    return 1;
  }
  for (size_t i = 0; i < n; i++) a[i] = (float)(i & 1023) * 0.001f; /* fault every page in */
  double gbs[64], check = sum(a, n);                                  /* warm-up pass */
  for (int r = 0; r < reps; r++) {
    const double t0 = now_s();
    check += sum(a, n);
    gbs[r] = (double)bytes / (now_s() - t0) / 1e9;
  }
  qsort(gbs, (size_t)reps, sizeof gbs[0], cmp_double);
  printf("{\"bytes\":%zu,\"reps\":%d,\"bestGBs\":%.3f,\"medianGBs\":%.3f,\"sum\":%.6g}\n", bytes, reps,
         gbs[reps - 1], gbs[reps / 2], check);
  free(a);
  return 0;
}
