/* linalg.h — private to the core: the row-by-row Cholesky factorisation that the closed-form solve
 * (solve.c) and the Hessian diagnostics (hessian.c) share. Matrices are n×n, row-major, double; only
 * the lower triangle is read and written. */
#ifndef DSC_LINALG_H
#define DSC_LINALG_H

#include <stddef.h>

/* Row i of the lower Cholesky factor of A in place (rows 0..i−1 already factored): for j <= i,
   L_ij = (A_ij − Σ_{k<j} L_ik L_jk) / L_jj and L_ii = √(A_ii − Σ_{k<i} L_ik²). Returns 0 with
   *pivot_out set when the pivot is not finite or <= rel_tol·A_ii (rel_tol 0: the plain
   positive-definiteness test), else 1. Multiply-adds: i(i+1)/2 + i + 1. */
int dsc_cholesky_row(double *A, size_t n, size_t i, double rel_tol, double *pivot_out);
/* Solves L Lᵀ x = b with the factor in L's lower triangle (forward, then backward); x may alias b.
   Multiply-adds: n². */
void dsc_cholesky_solve_factor(const double *L, size_t n, const double *b, double *x);

#endif /* DSC_LINALG_H */
