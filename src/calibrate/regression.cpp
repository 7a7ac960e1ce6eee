// ln energy = quadratic in the ln counts + family intercept and slope + architecture
// effect, every effect penalised (ridge = a Gaussian prior, i.e. partial pooling).
// The normal equations are solved exactly: architecture effects are eliminated first
// (their block is diagonal), leaving a dense system of the count terms and the family
// effects (a few hundred unknowns) for GSL's Cholesky decomposition.
#include "regression.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <unordered_map>

#include "infergy/compare_figures.hpp"
#include "infergy/error.hpp"

namespace infergy::calibrate::detail {
namespace {

constexpr size_t kSlopeTerm = 1;  // family slopes multiply the standardised ln MACs
constexpr int kHuberIterations = 2;

std::vector<std::string> feature_names(bool with_activations) {
  if (with_activations) return {"ln_macs", "ln_params", "ln_activations", "ln_input_px"};
  return {"ln_macs", "ln_params", "ln_input_px"};
}

// "1", each feature, then each product of two (squares included), in a fixed order.
std::vector<std::string> term_names(const std::vector<std::string>& features) {
  std::vector<std::string> terms = {"1"};
  terms.insert(terms.end(), features.begin(), features.end());
  for (size_t i = 0; i < features.size(); ++i) {
    for (size_t j = i; j < features.size(); ++j) {
      terms.push_back(i == j ? features[i] + "^2" : features[i] + "*" + features[j]);
    }
  }
  return terms;
}

std::vector<double> raw_terms(const std::vector<double>& x) {
  std::vector<double> t = {1.0};
  t.insert(t.end(), x.begin(), x.end());
  for (size_t i = 0; i < x.size(); ++i) {
    for (size_t j = i; j < x.size(); ++j) t.push_back(x[i] * x[j]);
  }
  return t;
}

std::vector<double> standardised(const Regression& r, const std::vector<double>& x) {
  auto t = raw_terms(x);
  for (size_t k = 1; k < t.size(); ++k) t[k] = (t[k] - r.center[k]) / r.scale[k];
  return t;
}

// A row of the design: the terms (dense), its family intercept and slope (sparse).
struct SparseRow {
  std::vector<std::pair<size_t, double>> entries;
};

// Adds weight u u' to the upper triangle of m (mirror_upper() completes it): half the
// work of the full outer product, the bulk of a fit.
void add_outer(std::vector<double>& m, size_t q, const SparseRow& u, double weight) {
  const auto& e = u.entries;
  for (size_t a = 0; a < e.size(); ++a) {
    const double wa = weight * e[a].second;
    for (size_t b = a; b < e.size(); ++b) {
      const auto [i, j] = std::minmax(e[a].first, e[b].first);
      m[i * q + j] += wa * e[b].second;
    }
  }
}

void mirror_upper(std::vector<double>& m, size_t q) {
  for (size_t i = 0; i < q; ++i) {
    for (size_t j = i + 1; j < q; ++j) m[j * q + i] = m[i * q + j];
  }
}

// c += weight u, where c holds the same positions as u in the same order when
// `aligned` (an architecture's rows share their columns), else merged by position.
void add_scaled(SparseRow& c, const SparseRow& u, double weight, bool aligned) {
  if (c.entries.empty()) {
    for (const auto& [j, v] : u.entries) c.entries.emplace_back(j, weight * v);
    return;
  }
  for (size_t k = 0; k < u.entries.size(); ++k) {
    const auto& [j, v] = u.entries[k];
    if (aligned) {
      c.entries[k].second += weight * v;
      continue;
    }
    auto it = std::find_if(c.entries.begin(), c.entries.end(),
                           [j = j](const auto& e) { return e.first == j; });
    if (it == c.entries.end()) {
      c.entries.emplace_back(j, weight * v);
    } else {
      it->second += weight * v;
    }
  }
}

template <class Key>
std::map<Key, size_t> index_of(const std::vector<Key>& keys) {
  std::map<Key, size_t> index;
  for (const auto& k : keys) index.emplace(k, 0);
  size_t i = 0;
  for (auto& [k, v] : index) v = i++;
  return index;
}

}  // namespace

namespace {

// The type of one name, "" when unknown; memoised per thread: the prefix table is
// scanned once per name, not per point and refit.
const std::string& type_of_name(const std::string& name) {
  thread_local std::unordered_map<std::string, std::string> cache;
  auto [it, inserted] = cache.try_emplace(name);
  if (inserted) {
    if (auto info = compare::architecture_info(name)) it->second = compare::to_string(info->type);
  }
  return it->second;
}

// The first-paper year of one name's family, nullopt when unknown; memoised per thread.
std::optional<int> year_of_name(const std::string& name) {
  thread_local std::unordered_map<std::string, std::optional<int>> cache;
  auto [it, inserted] = cache.try_emplace(name);
  if (inserted) {
    if (auto info = compare::architecture_info(name)) it->second = info->year;
  }
  return it->second;
}

std::optional<int> family_year(const std::string& architecture, const std::string& family) {
  if (auto y = year_of_name(architecture)) return y;
  return year_of_name(family);
}

}  // namespace

std::string architecture_type(const std::string& architecture, const std::string& family) {
  const auto& by_architecture = type_of_name(architecture);
  if (!by_architecture.empty()) return by_architecture;
  const auto& by_family = type_of_name(family);
  return by_family.empty() ? compare::to_string(compare::ArchitectureType::other) : by_family;
}

std::vector<double> feature_values(const Counts& c, bool with_activations) {
  std::vector<double> x = {std::log(c.macs), std::log(c.params)};
  if (with_activations) x.push_back(std::log(*c.activations));
  x.push_back(std::log(static_cast<double>(c.input_px)));
  return x;
}

Regression fit_regression(const std::vector<const TrainingPoint*>& points, bool with_activations,
                          const Options& o) {
  Regression r;
  r.features = feature_names(with_activations);
  r.terms = term_names(r.features);
  r.points = points.size();
  const size_t n = points.size(), nt = r.terms.size();
  std::vector<std::vector<double>> raw;
  std::vector<double> y;
  std::vector<std::string> fams, archs, types;
  for (const auto* p : points) {
    raw.push_back(raw_terms(feature_values(p->counts, with_activations)));
    y.push_back(std::log(p->energy_j));
    fams.push_back(p->family);
    archs.push_back(p->architecture);
    types.push_back(architecture_type(p->architecture, p->family));
  }
  // Standardise each term (population mean and sd), so one penalty fits every term.
  r.center.assign(nt, 0);
  r.scale.assign(nt, 1);
  for (size_t k = 1; k < nt; ++k) {
    double mean = 0, sq = 0;
    for (const auto& t : raw) mean += t[k] / static_cast<double>(n);
    for (const auto& t : raw) sq += (t[k] - mean) * (t[k] - mean) / static_cast<double>(n);
    r.center[k] = mean;
    r.scale[k] = sq > 0 ? std::sqrt(sq) : 1;
  }
  const auto fam_index = index_of(fams);
  const auto arch_index = index_of(archs);
  const auto type_index = index_of(types);
  const bool with_year = o.year_penalty > 0;
  const size_t nf = fam_index.size(), ny = type_index.size();
  const size_t year_col = nt + 2 * nf + 2 * ny, q = year_col + (with_year ? 1 : 0);
  std::vector<std::optional<int>> years;
  if (with_year) {
    double sum = 0, sq = 0, known = 0;
    for (size_t i = 0; i < n; ++i) {
      years.push_back(family_year(archs[i], fams[i]));
      if (years.back()) sum += *years.back(), sq += *years.back() * *years.back(), known += 1;
    }
    if (known > 0) {
      r.year_center = sum / known;
      const double var = sq / known - r.year_center * r.year_center;
      r.year_scale = var > 0 ? std::sqrt(var) : 1;
    }
  }
  const size_t type0 = nt + 2 * nf;  // type intercepts, then type slopes

  // The design's rows (sparse: the terms, the point's family and type effects).
  const size_t na = arch_index.size();
  std::vector<SparseRow> rows(n);
  std::vector<size_t> arch_of(n);
  // Each architecture's family, to check that no architecture joins two families.
  std::vector<size_t> arch_family(na, nf);
  bool families_apart = true;
  for (size_t i = 0; i < n; ++i) {
    auto& u = rows[i];
    for (size_t k = 0; k < nt; ++k) {
      double z = k == 0 ? 1.0 : (raw[i][k] - r.center[k]) / r.scale[k];
      u.entries.emplace_back(k, z);
    }
    const size_t f = fam_index.at(fams[i]);
    u.entries.emplace_back(nt + f, 1.0);
    u.entries.emplace_back(nt + nf + f, u.entries[kSlopeTerm].second);
    const size_t t = type_index.at(types[i]);
    u.entries.emplace_back(type0 + t, 1.0);
    u.entries.emplace_back(type0 + ny + t, u.entries[kSlopeTerm].second);
    if (with_year) {
      u.entries.emplace_back(year_col, years[i] ? (*years[i] - r.year_center) / r.year_scale : 0.0);
    }
    const size_t a = arch_index.at(archs[i]);
    arch_of[i] = a;
    if (arch_family[a] != nf && arch_family[a] != f) families_apart = false;
    arch_family[a] = f;
  }
  std::vector<size_t> core;
  for (size_t k = 0; k < nt; ++k) core.push_back(k);
  for (size_t k = type0; k < q; ++k) core.push_back(k);
  std::vector<std::vector<size_t>> blocks;
  for (size_t f = 0; f < nf; ++f) blocks.push_back({nt + f, nt + nf + f});

  // One penalised least-squares solve with weights per point: the unknowns theta, and
  // the architecture effects into `arch_effect`.
  auto solve = [&](const std::vector<double>& w, std::vector<double>& arch_effect) {
    std::vector<double> m(q * q, 0), rhs(q, 0);
    std::vector<SparseRow> arch_c(na);
    std::vector<double> arch_y(na, 0), arch_w(na, 0);
    for (size_t i = 0; i < n; ++i) {
      add_outer(m, q, rows[i], w[i]);
      for (const auto& [j, v] : rows[i].entries) rhs[j] += w[i] * v * y[i];
      const size_t a = arch_of[i];
      add_scaled(arch_c[a], rows[i], w[i], families_apart);
      arch_y[a] += w[i] * y[i];
      arch_w[a] += w[i];
    }
    for (size_t k = 1; k < nt; ++k) m[k * q + k] += o.ridge;
    for (size_t f = 0; f < nf; ++f) {
      m[(nt + f) * q + nt + f] += o.family_penalty;
      m[(nt + nf + f) * q + nt + nf + f] += o.family_slope_penalty;
    }
    for (size_t t = 0; t < ny; ++t) {
      m[(type0 + t) * q + type0 + t] += o.type_penalty;
      m[(type0 + ny + t) * q + type0 + ny + t] += o.type_slope_penalty;
    }
    if (with_year) m[year_col * q + year_col] += o.year_penalty;
    // Eliminate the architecture effects: M -= c c' / d, rhs -= c y_a / d.
    for (size_t a = 0; a < na; ++a) {
      const double d = arch_w[a] + o.architecture_penalty;
      add_outer(m, q, arch_c[a], -1.0 / d);
      for (const auto& [j, v] : arch_c[a].entries) rhs[j] -= v * arch_y[a] / d;
    }
    mirror_upper(m, q);
    // Architectures given another family (--family) couple two families: dense solve.
    auto theta = families_apart ? solve_blocked(m, rhs, q, core, blocks) : solve_spd(m, rhs, q);
    arch_effect.assign(na, 0);
    for (size_t a = 0; a < na; ++a) {
      double ctheta = 0;
      for (const auto& [j, v] : arch_c[a].entries) ctheta += v * theta[j];
      arch_effect[a] = (arch_y[a] - ctheta) / (arch_w[a] + o.architecture_penalty);
    }
    return theta;
  };
  std::vector<double> weights(n, 1.0), arch_effect;
  auto theta = solve(weights, arch_effect);
  // Huber loss on the log residuals by iteratively reweighted least squares: a point
  // further than huber_k robust sds (1.4826 x median |residual|) from the fit weighs
  // huber_k sd / |residual|, so a few odd models do not drag the count terms and the
  // type effects that unseen families fall back to. A fixed number of iterations keeps
  // the fit deterministic.
  for (int it = 0; o.huber_k > 0 && it < kHuberIterations; ++it) {
    std::vector<double> res(n), abs_res(n);
    for (size_t i = 0; i < n; ++i) {
      double fitted = arch_effect[arch_of[i]];
      for (const auto& [j, v] : rows[i].entries) fitted += v * theta[j];
      res[i] = y[i] - fitted;
      abs_res[i] = std::fabs(res[i]);
    }
    std::nth_element(abs_res.begin(), abs_res.begin() + n / 2, abs_res.end());
    const double cut = o.huber_k * 1.4826 * abs_res[n / 2];
    if (!(cut > 0)) break;
    for (size_t i = 0; i < n; ++i) {
      weights[i] = std::fabs(res[i]) <= cut ? 1 : cut / std::fabs(res[i]);
    }
    theta = solve(weights, arch_effect);
  }

  r.coefficients.assign(theta.begin(), theta.begin() + static_cast<long>(nt));
  if (with_year) r.year_coefficient = theta[year_col];
  std::map<std::string, size_t> fam_points;
  for (const auto& f : fams) ++fam_points[f];
  for (const auto& [name, f] : fam_index) {
    r.families.push_back({name, fam_points[name], theta[nt + f], theta[nt + nf + f]});
  }
  std::map<std::string, size_t> type_points;
  for (const auto& t : types) ++type_points[t];
  for (const auto& [name, t] : type_index) {
    r.types.push_back({name, type_points[name], theta[type0 + t], theta[type0 + ny + t]});
  }
  for (const auto& [name, a] : arch_index) r.architectures.push_back({name, arch_effect[a]});
  // In sample every family and architecture is seen: the fitted value is the row's
  // terms and effects, what predict_ln() gives.
  double ss = 0;
  for (size_t i = 0; i < n; ++i) {
    double fitted = arch_effect[arch_of[i]];
    for (const auto& [j, v] : rows[i].entries) fitted += v * theta[j];
    ss += (y[i] - fitted) * (y[i] - fitted);
  }
  r.residual_sd = std::sqrt(ss / static_cast<double>(n));
  return r;
}

LnEstimate predict_ln(const Regression& r, const std::vector<double>& features,
                      const std::string& family, const std::string& architecture,
                      const Options& o) {
  const auto z = standardised(r, features);
  LnEstimate e;
  for (size_t k = 0; k < z.size(); ++k) e.ln_energy_j += r.coefficients[k] * z[k];
  auto effect = [&](const FamilyEffect& f) { return f.intercept + f.slope * z[kSlopeTerm]; };
  // The architecture type's effect applies to seen and unseen families alike: it is
  // what an unseen family falls back to.
  const std::string type = architecture_type(architecture, family);
  auto ty =
      std::lower_bound(r.types.begin(), r.types.end(), type,
                       [](const FamilyEffect& f, const std::string& k) { return f.family < k; });
  if (ty != r.types.end() && ty->family == type) e.ln_energy_j += effect(*ty);
  if (r.year_coefficient != 0) {
    if (auto year = family_year(architecture, family)) {
      e.ln_energy_j += r.year_coefficient * (*year - r.year_center) / r.year_scale;
    }
  }
  auto it =
      std::lower_bound(r.families.begin(), r.families.end(), family,
                       [](const FamilyEffect& f, const std::string& k) { return f.family < k; });
  if (it != r.families.end() && it->family == family) {
    e.ln_energy_j += effect(*it);
    e.family_seen = true;
    e.family_basis = "family";
  } else {
    // An unseen family borrows from families with similar names, weighted by
    // similarity x points; with none, the overall fit stands.
    double weight = 0, sum = 0;
    std::string names;
    for (const auto& f : r.families) {
      double s = family_similarity(f.family, family);
      if (s < o.similar_family_threshold) continue;
      double w = s * static_cast<double>(f.points);
      weight += w;
      sum += w * effect(f);
      names += (names.empty() ? "" : ", ") + f.family;
    }
    if (weight > 0) e.ln_energy_j += sum / weight;
    e.family_basis = weight > 0 ? "similar families: " + names : "unseen family";
  }
  auto a = std::lower_bound(
      r.architectures.begin(), r.architectures.end(), architecture,
      [](const ArchitectureEffect& x, const std::string& k) { return x.architecture < k; });
  if (a != r.architectures.end() && a->architecture == architecture) {
    e.ln_energy_j += a->effect;
    e.architecture_seen = true;
  }
  return e;
}

double conformal_quantile(std::vector<double> r, double level) {
  if (r.empty()) return 0;
  std::sort(r.begin(), r.end());
  auto rank = static_cast<size_t>(std::ceil(static_cast<double>(r.size() + 1) * level));
  return r[std::min(std::max<size_t>(rank, 1), r.size()) - 1];
}

}  // namespace infergy::calibrate::detail

namespace infergy::calibrate {

bool Regression::uses_activations() const {
  return std::find(features.begin(), features.end(), "ln_activations") != features.end();
}

}  // namespace infergy::calibrate
