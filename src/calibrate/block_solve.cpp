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
  std::vector<std::vector<double>> factors(blocks.size());
  for (size_t g = 0; g < blocks.size(); ++g) {
    const auto& blk = blocks[g];
    const size_t n = blk.size();
    auto& f = factors[g];
    f.resize(n * n);
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = 0; j < n; ++j) f[i * n + j] = m[blk[i] * q + blk[j]];
    }
    factor(f, n);
    std::vector<double> b_blk(n);
    for (size_t i = 0; i < n; ++i) b_blk[i] = b[blk[i]];
    const auto fb = solve_factored(f, b_blk, n);
    // g_i = F^-1 c_i for each core row i; then S_ij -= c_i' F^-1 c_j = g_i . c_j.
    std::vector<std::vector<double>> c(k, std::vector<double>(n)), gi(k);
    for (size_t i = 0; i < k; ++i) {
      for (size_t j = 0; j < n; ++j) c[i][j] = m[core[i] * q + blk[j]];
      gi[i] = solve_factored(f, c[i], n);
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
    const auto xb = solve_factored(factors[g], r, n);
    for (size_t t = 0; t < n; ++t) x[blk[t]] = xb[t];
  }
  return x;
}

}  // namespace infergy::calibrate::detail
