/* check.h — a minimal test harness for the native C tests (one executable per module, run by ctest).
 *
 *   CHECK(cond)                   fails with the expression text
 *   CHECK_NEAR(a, b, tol)         |a − b| <= tol
 *   CHECK_REL(a, b, rel)          |a − b| <= rel·max(|a|, |b|, tiny)
 *   CHECK_EQ_U32(a, b)            exact integer equality, printed in hex
 *   return check_summary("name"); prints "name: N passed, N failed" and the exit code
 */
#ifndef DSC_TEST_CHECK_H
#define DSC_TEST_CHECK_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>

static int check_passed_;
static int check_failed_;

#define CHECK(cond)                                                                 \
  do {                                                                              \
    if (cond) {                                                                     \
      check_passed_++;                                                              \
    } else {                                                                        \
      check_failed_++;                                                              \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);     \
    }                                                                               \
  } while (0)

#define CHECK_NEAR(a, b, tol)                                                       \
  do {                                                                              \
    double a_ = (double)(a), b_ = (double)(b), t_ = (double)(tol);                  \
    if (fabs(a_ - b_) <= t_) {                                                      \
      check_passed_++;                                                              \
    } else {                                                                        \
      check_failed_++;                                                              \
      fprintf(stderr, "%s:%d: CHECK_NEAR failed: %s = %.17g, %s = %.17g, tol %.3g\n", \
              __FILE__, __LINE__, #a, a_, #b, b_, t_);                              \
    }                                                                               \
  } while (0)

#define CHECK_REL(a, b, rel)                                                        \
  do {                                                                              \
    double a_ = (double)(a), b_ = (double)(b), r_ = (double)(rel);                  \
    double m_ = fmax(fmax(fabs(a_), fabs(b_)), 1e-300);                             \
    if (fabs(a_ - b_) <= r_ * m_) {                                                 \
      check_passed_++;                                                              \
    } else {                                                                        \
      check_failed_++;                                                              \
      fprintf(stderr, "%s:%d: CHECK_REL failed: %s = %.17g, %s = %.17g, rel %.3g\n", \
              __FILE__, __LINE__, #a, a_, #b, b_, r_);                              \
    }                                                                               \
  } while (0)

#define CHECK_EQ_U32(a, b)                                                          \
  do {                                                                              \
    uint32_t a_ = (uint32_t)(a), b_ = (uint32_t)(b);                                \
    if (a_ == b_) {                                                                 \
      check_passed_++;                                                              \
    } else {                                                                        \
      check_failed_++;                                                              \
      fprintf(stderr, "%s:%d: CHECK_EQ_U32 failed: %s = 0x%08x, %s = 0x%08x\n",     \
              __FILE__, __LINE__, #a, a_, #b, b_);                                  \
    }                                                                               \
  } while (0)

static int check_summary(const char *name) {
  printf("%s: %d passed, %d failed\n", name, check_passed_, check_failed_);
  return check_failed_ == 0 && check_passed_ > 0 ? 0 : 1;
}

#endif
