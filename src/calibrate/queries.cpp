// Batch queries from CSV, and the catalog's models as a calibrated setup.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "infergy/calibrate.hpp"
#include "infergy/error.hpp"
#include "infergy/parse.hpp"
#include "infergy/units.hpp"

namespace infergy::calibrate {
namespace {

std::optional<size_t> column(const csv::Document& doc, const std::string& name) {
  auto it = std::find(doc.header.begin(), doc.header.end(), name);
  if (it == doc.header.end()) return std::nullopt;
  return static_cast<size_t>(it - doc.header.begin());
}

size_t required_column(const csv::Document& doc, const std::string& name) {
  if (auto c = column(doc, name)) return *c;
  throw InputError(SourceLocation{doc.file, 1, static_cast<int>(doc.header.size()) + 1},
                   fmt::format("missing column '{}' (the header needs model, input_size, macs, "
                               "params and activations; family is optional)",
                               name));
}

}  // namespace

std::vector<Query> read_queries(const csv::Document& doc, const std::string& gpu,
                                const std::string& runtime) {
  const size_t model = required_column(doc, "model"), input = required_column(doc, "input_size"),
               macs = required_column(doc, "macs"), params = required_column(doc, "params"),
               activations = required_column(doc, "activations");
  const auto family = column(doc, "family");
  std::vector<Query> queries;
  for (const auto& row : doc.rows) {
    auto cell = [&](size_t i, const char* name) { return csv::LocatedCell(doc, row, i, name); };
    Query q;
    q.model = std::string(cell(model, "model").required_text());
    const long long px = cell(input, "input_size").positive_int();
    if (px > 100000) cell(input, "input_size").fail("an input side above 100000 px");
    q.counts.input_px = static_cast<int>(px);
    q.counts.macs = cell(macs, "macs").positive_real();
    q.counts.params = cell(params, "params").positive_real();
    q.counts.activations =
        cell(activations, "activations").optional(&csv::LocatedCell::positive_real);
    if (family) {
      auto f = cell(*family, "family");
      if (!f.empty()) q.family = std::string(f.text());
    }
    q.gpu = gpu;
    q.runtime = runtime;
    queries.push_back(std::move(q));
  }
  return queries;
}

compare::SetupView calibrated_setup(const Estimator& e, const catalog::Catalog& catalog,
                                    const SetupModel& setup) {
  compare::SetupView view;
  view.setup = {setup.setup.name + "_CALIBRATED",
                setup.setup.gpu,
                setup.setup.runtime,
                fmt::format("infergy calibrated estimate (trained on {}, {} points; not a "
                            "measurement)",
                            setup.setup.name, setup.full.points),
                "calibration " + e.training_hash,
                "",
                0,
                true};
  for (const auto& m : catalog.models) {
    if (m.domain != catalog::Domain::cv || !m.params_m || !m.accuracy_pct ||
        !(m.flop_count() > 0)) {
      continue;
    }
    Query q;
    q.model = m.display_name();
    q.counts = {m.flop_count() / units::kFlopPerMac, units::from_mega(*m.params_m), std::nullopt,
                224};
    q.gpu = setup.setup.gpu;
    q.runtime = setup.setup.runtime;
    auto p = predict(e, catalog, q);
    compare::ModelPoint point;
    point.model = q.model;
    point.family = p.family;
    point.input_px = q.counts.input_px;
    if (m.accuracy_pct) point.accuracy_pct_by_test_set[compare::kDefaultTestSet] = *m.accuracy_pct;
    point.energy_j = p.energy_j;
    point.params = q.counts.params;
    point.macs = q.counts.macs;
    point.flop_count = m.flop_count();
    point.release = m.release_date;
    view.models.push_back(std::move(point));
  }
  std::sort(view.models.begin(), view.models.end(),
            [](const auto& a, const auto& b) { return a.model < b.model; });
  view.setup.model_count = view.models.size();
  view.test_sets = {compare::kDefaultTestSet};
  return view;
}

}  // namespace infergy::calibrate
