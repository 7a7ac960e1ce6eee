// The normal equations of a setup model have an arrowhead shape: the count terms and
// the architecture-type effects (a few dozen unknowns) couple with everything, but the
// effects of two families never meet (no point and no architecture belongs to two
// families). Eliminating each family's small block first leaves a system of the dense
// core alone: exact, and O(families x core^2) instead of a Cholesky of every unknown
// (a few hundred), which made the refits of cross-validation the fit's cost.
#include <gsl/gsl_linalg.h>

#include "infergy/error.hpp"
#include "regression.hpp"

namespace infergy::calibrate::detail {
namespace {

// Cholesky factor of the s x s matrix `a` (row-major), in place.
void factor(std::vector<double>& a, size_t s) {
  gsl_matrix_view v = gsl_matrix_view_array(a.data(), s, s);
  if (gsl_linalg_cholesky_decomp1(&v.matrix) != 0) {
    throw Failure("the calibration's normal equations could not be solved");
  }
}

// x = A^-1 b with A's Cholesky factor from factor().
std::vector<double> solve_factored(std::vector<double>& a, std::vector<double> b, size_t s) {
  gsl_matrix_view v = gsl_matrix_view_array(a.data(), s, s);
  gsl_vector_view rhs = gsl_vector_view_array(b.data(), s);
  std::vector<double> x(s);
  gsl_vector_view sol = gsl_vector_view_array(x.data(), s);
  if (gsl_linalg_cholesky_solve(&v.matrix, &rhs.vector, &sol.vector) != 0) {
    throw Failure("the calibration's normal equations could not be solved");
  }
  return x;
}

// The inverse of a small symmetric positive definite block (row-major), by Gauss-Jordan
// elimination without pivoting (safe for positive definite matrices): cheaper than a
// library call per core row for the 2 x 2 family blocks.
std::vector<double> small_inverse(std::vector<double> a, size_t n) {
  std::vector<double> inv(n * n, 0);
  for (size_t i = 0; i < n; ++i) inv[i * n + i] = 1;
  for (size_t p = 0; p < n; ++p) {
    const double pivot = a[p * n + p];
    if (!(pivot > 0)) throw Failure("the calibration's normal equations could not be solved");
    for (size_t j = 0; j < n; ++j) a[p * n + j] /= pivot, inv[p * n + j] /= pivot;
    for (size_t r = 0; r < n; ++r) {
      if (r == p) continue;
      const double f = a[r * n + p];
      for (size_t j = 0; j < n; ++j)
        a[r * n + j] -= f * a[p * n + j], inv[r * n + j] -= f * inv[p * n + j];
    }
  }
  return inv;
}

std::vector<double> times(const std::vector<double>& a, const std::vector<double>& x, size_t n) {
  std::vector<double> y(n, 0);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) y[i] += a[i * n + j] * x[j];
  }
  return y;
}

}  // namespace

std::vector<double> solve_spd(std::vector<double> m, std::vector<double> b, size_t q) {
  factor(m, q);
  return solve_factored(m, std::move(b), q);
}

std::vector<double> solve_blocked(const std::vector<double>& m, const std::vector<double>& b,
                                  size_t q, const std::vector<size_t>& core,
                                  const std::vector<std::vector<size_t>>& blocks) {
  const size_t k = core.size();
  std::vector<double> s(k * k), rhs(k);
  for (size_t i = 0; i < k; ++i) {
    rhs[i] = b[core[i]];
    for (size_t j = 0; j < k; ++j) s[i * k + j] = m[core[i] * q + core[j]];
  }
  // Per block: F = m[B,B], C = m[core,B]; S -= C F^-1 C', rhs -= C F^-1 b_B.
  std::vector<std::vector<double>> factors(blocks.size());  // F^-1 per block
  for (size_t g = 0; g < blocks.size(); ++g) {
    const auto& blk = blocks[g];
    const size_t n = blk.size();
    auto& f = factors[g];
    f.resize(n * n);
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = 0; j < n; ++j) f[i * n + j] = m[blk[i] * q + blk[j]];
    }
    f = small_inverse(f, n);
    std::vector<double> b_blk(n);
    for (size_t i = 0; i < n; ++i) b_blk[i] = b[blk[i]];
    const auto fb = times(f, b_blk, n);
    // g_i = F^-1 c_i for each core row i; then S_ij -= c_i' F^-1 c_j = g_i . c_j.
    std::vector<std::vector<double>> c(k, std::vector<double>(n)), gi(k);
    for (size_t i = 0; i < k; ++i) {
      for (size_t j = 0; j < n; ++j) c[i][j] = m[core[i] * q + blk[j]];
      gi[i] = times(f, c[i], n);
    }
    for (size_t i = 0; i < k; ++i) {
      for (size_t t = 0; t < n; ++t) rhs[i] -= c[i][t] * fb[t];
      for (size_t j = 0; j < k; ++j) {
        double v = 0;
        for (size_t t = 0; t < n; ++t) v += gi[i][t] * c[j][t];
        s[i * k + j] -= v;
      }
    }
  }
  const auto x_core = solve_spd(std::move(s), std::move(rhs), k);
  std::vector<double> x(q, 0);
  for (size_t i = 0; i < k; ++i) x[core[i]] = x_core[i];
  // Back-substitution: x_B = F^-1 (b_B - C' x_core).
  for (size_t g = 0; g < blocks.size(); ++g) {
    const auto& blk = blocks[g];
    const size_t n = blk.size();
    std::vector<double> r(n);
    for (size_t t = 0; t < n; ++t) {
      r[t] = b[blk[t]];
      for (size_t i = 0; i < k; ++i) r[t] -= m[core[i] * q + blk[t]] * x_core[i];
    }
    const auto xb = times(factors[g], r, n);
    for (size_t t = 0; t < n; ++t) x[blk[t]] = xb[t];
  }
  return x;
}

}  // namespace infergy::calibrate::detail
