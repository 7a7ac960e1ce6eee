// Importer for timm's accuracy tables (results-<test set>.csv).
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "fields.hpp"
#include "infergy/error.hpp"
#include "infergy/importers.hpp"
#include "infergy/units.hpp"

namespace infergy::importers {
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
  return name == "imagenet" ? compare::kDefaultTestSet : name;
}

}  // namespace

ImportSummary import_timm(compare::SetupRepository& repository, const std::string& file,
                          const std::optional<std::string>& test_set) {
  auto doc = csv::read_file(file);
  csv::require_data_rows(doc);
  const std::string set = test_set ? *test_set : test_set_from_file(file);
  if (set.empty()) throw InputError("the test set name is empty");
  detail::Columns cols(doc);
  const size_t model = cols.require("model"), size = cols.require("img_size"),
               top1 = cols.require("top1");
  auto top5 = cols.find("top5");
  auto params = cols.find("param_count");
  std::vector<compare::AccuracyRow> accuracies;
  std::vector<compare::StatsRow> stats;
  std::set<std::pair<std::string, int>> seen;
  for (const auto& row : doc.rows) {
    auto cell = [&](size_t i) { return CellRef{doc, row, i, doc.header[i]}; };
    compare::AccuracyRow a;
    a.model = cell(model).required_text();
    a.input_px = cell(size).positive_int();
    if (!seen.insert({a.model, a.input_px}).second)
      cell(model).fail("model and img_size appear twice");
    a.test_set = set;
    a.top1_pct = cell(top1).percent();
    if (top5) a.top5_pct = cell(*top5).optional_percent();
    if (params) {
      if (auto millions = cell(*params).optional_positive_real()) {
        stats.push_back({a.model,
                         a.input_px,
                         units::from_mega(*millions),
                         "timm param_count",
                         {},
                         "",
                         {},
                         "",
                         {},
                         "",
                         ""});
      }
    }
    accuracies.push_back(std::move(a));
  }
  auto origin = "timm:" + fs::path(file).filename().string();
  compare::SetupImport import;
  import.accuracies = std::move(accuracies);
  import.accuracies_origin = origin;
  import.stats = std::move(stats);
  import.stats_origin = origin;
  repository.apply(import);
  ImportSummary summary;
  summary.models = seen.size();
  summary.accuracies = import.accuracies.size();
  return summary;
}

}  // namespace infergy::importers
