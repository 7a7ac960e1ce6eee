// Importers for timm's accuracy tables and for infergy's own measured runs.
#include <cmath>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "fields.hpp"
#include "infergy/compare.hpp"
#include "infergy/error.hpp"
#include "writes.hpp"

namespace infergy::compare {
namespace fs = std::filesystem;
using detail::CellRef;

namespace {

// results-imagenet.csv -> "imagenet-original" (the name Yang et al. use for it);
// results-<name>.csv -> "<name>".
std::string test_set_from_file(const fs::path& path) {
  auto stem = path.stem().string();
  if (!stem.starts_with("results-")) {
    throw InputError(path.string() +
                     ": cannot tell the test set from the file name (expected "
                     "results-<test set>.csv); give --test-set");
  }
  auto name = stem.substr(std::string_view("results-").size());
  if (name.empty()) throw InputError(path.string() + ": empty test set name; give --test-set");
  return name == "imagenet" ? kDefaultTestSet : name;
}

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

ImportSummary import_timm(Store& store, const std::string& file,
                          const std::optional<std::string>& test_set) {
  auto doc = csv::read_file(file);
  const std::string set = test_set ? *test_set : test_set_from_file(file);
  if (set.empty()) throw InputError("the test set name is empty");
  detail::Columns cols(doc);
  const size_t model = cols.require("model"), size = cols.require("img_size"),
               top1 = cols.require("top1");
  auto top5 = cols.find("top5");
  auto params = cols.find("param_count");
  std::vector<detail::AccuracyRow> accuracies;
  std::vector<detail::StatsRow> stats;
  std::set<std::pair<std::string, int>> seen;
  for (const auto& row : doc.rows) {
    auto cell = [&](size_t i) { return CellRef{doc, row, i, doc.header[i]}; };
    detail::AccuracyRow a;
    a.model = cell(model).required_text();
    a.input_px = cell(size).positive_int();
    if (!seen.insert({a.model, a.input_px}).second)
      cell(model).fail("model and img_size appear twice");
    a.test_set = set;
    a.top1_pct = cell(top1).percent();
    if (top5) a.top5_pct = cell(*top5).optional_percent();
    if (params) {
      if (auto millions = cell(*params).optional_positive_real()) {
        stats.push_back(
            {a.model, a.input_px, *millions * 1e6, "timm param_count", {}, "", {}, "", {}, "", ""});
      }
    }
    accuracies.push_back(std::move(a));
  }
  auto origin = "timm:" + fs::path(file).filename().string();
  sql::Transaction tx(store.database());
  detail::upsert_accuracies(store.database(), accuracies, origin);
  detail::upsert_stats(store.database(), stats, origin);
  tx.commit();
  ImportSummary summary;
  summary.models = seen.size();
  summary.accuracies = accuracies.size();
  return summary;
}

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

namespace infergy::compare {

ImportSummary import_model_dates(Store& store, const std::string& file) {
  auto doc = csv::read_file(file);
  detail::Columns cols(doc);
  const size_t model = cols.require("model"), date = cols.require("release_date");
  std::vector<std::pair<std::string, std::string>> dates;
  for (const auto& row : doc.rows) {
    CellRef name{doc, row, model, "model"}, when{doc, row, date, "release_date"};
    auto parsed = parse_date(when.required_text());
    if (!parsed) when.fail(fmt::format("'{}' is not a date (YYYY-MM-DD)", when.text()));
    dates.emplace_back(name.required_text(), parsed->iso());
  }
  ImportSummary summary;
  sql::Transaction tx(store.database());
  auto stmt = store.database().prepare(
      "UPDATE model_stats SET release_date = ?1 WHERE model = ?2 OR "
      "(instr(?2, '.') = 0 AND substr(model, 1, length(?2) + 1) = ?2 || '.')");
  for (const auto& [name, iso] : dates) {
    stmt.bind(1, std::string_view(iso)).bind(2, std::string_view(name));
    stmt.run();
    auto changed = static_cast<size_t>(sqlite3_changes(store.database().handle()));
    summary.models += changed;
    summary.skipped += changed == 0;
  }
  tx.commit();
  return summary;
}

}  // namespace infergy::compare
