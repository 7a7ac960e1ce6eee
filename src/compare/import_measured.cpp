// Storing infergy's own measured runs as a setup.
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "infergy/compare.hpp"
#include "infergy/error.hpp"
#include "writes.hpp"

namespace infergy::compare {
namespace {

void check_measured(const MeasuredModel& m) {
  auto where = fmt::format("measured model '{}'", m.model);
  if (m.model.empty()) throw InputError("a measured model has no name");
  if (m.input_px <= 0) throw InputError(where + ": input size must be positive");
  if (!(m.energy_j > 0) || !std::isfinite(m.energy_j)) {
    throw InputError(where + ": energy must be a positive number of joules");
  }
  if (!(m.throughput_items_per_s >= 0) || !(m.latency_s >= 0)) {
    throw InputError(where + ": throughput and latency must not be negative");
  }
  if (m.accuracy_pct && !(*m.accuracy_pct >= 0 && *m.accuracy_pct <= 100)) {
    throw InputError(where + ": accuracy must be in [0, 100]");
  }
}

std::optional<double> positive_or_none(double value) {
  return value > 0 ? std::optional<double>(value) : std::nullopt;
}

}  // namespace

ImportSummary import_measured_runs(Store& store, const Setup& setup,
                                   const std::vector<MeasuredModel>& models) {
  if (setup.name.empty()) throw InputError("a setup needs a name");
  std::vector<detail::MeasurementRow> rows;
  std::set<std::pair<std::string, int>> seen;
  for (const auto& m : models) {
    check_measured(m);
    if (!seen.insert({m.model, m.input_px}).second) {
      throw InputError(
          fmt::format("measured model '{}' at {} px given twice", m.model, m.input_px));
    }
    rows.push_back({m.model, m.input_px, m.energy_j, positive_or_none(m.throughput_items_per_s),
                    positive_or_none(m.latency_s), m.batch_size, m.max_batch_size, m.accuracy_pct});
  }
  Setup stored = setup;
  if (stored.source.empty()) stored.source = "infergy measurement";
  if (stored.imported_at.empty()) stored.imported_at = detail::utc_now_iso();
  sql::Transaction tx(store.database());
  detail::replace_setup(store.database(), stored, rows);
  tx.commit();
  ImportSummary summary;
  summary.setups = {stored.name};
  summary.measurements = rows.size();
  return summary;
}

}  // namespace infergy::compare
