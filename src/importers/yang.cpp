// Importer for the published measurements of Yang, Adamek and Armour (2024).
#include <algorithm>
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
using detail::Columns;

namespace {

constexpr const char* kSource =
    "Yang, Adamek and Armour 2024, Double-Exponential Increases in Inference Energy, published "
    "measurements";
constexpr const char* kAccuracyFile = "model_accuracy.csv";
constexpr const char* kStatsFile = "model_stats.csv";

using compare::AccuracyRow;
using compare::MeasurementRow;
using compare::StatsRow;

struct SetupFile {
  compare::SetupImport::SetupRows setup;
  size_t skipped = 0;
};

// The paper's GPUs are the PCIe cards; other names are kept as given.
std::string catalog_gpu(const std::string& token) {
  if (token == "A100") return "A100 PCIe 40GB";
  if (token == "H100") return "H100 PCIe 80GB";
  return token;
}

std::string runtime_name(const std::string& token) {
  if (token == "PT") return "PyTorch";
  if (token == "TRT") return "TensorRT";
  return token;
}

// The model and input size identify a row in every file.
using RowKey = std::pair<std::string, int>;

void check_unique(std::set<RowKey>& seen, const RowKey& key, const CellRef& cell) {
  if (!seen.insert(key).second) {
    cell.fail(fmt::format("'{}' at {} px appears twice", key.first, key.second));
  }
}

SetupFile read_setup_file(const fs::path& path) {
  auto doc = csv::read_file(path.string());
  csv::require_data_rows(doc);  // a header alone would empty the setup
  Columns cols(doc);
  const size_t model = cols.require("Model Name"), input = cols.require("Input Size"),
               energy = cols.require("Energy"), accuracy = cols.require("Accuracy"),
               throughput = cols.require("Throughput"), latency = cols.require("Latency"),
               optimal = cols.require("Optimal BS"), max_bs = cols.require("Max BS");
  SetupFile f;
  auto stem = path.stem().string();
  auto split = stem.find('_');
  auto& setup = f.setup.setup;
  setup.name = stem;
  setup.gpu = catalog_gpu(stem.substr(0, split));
  setup.runtime = runtime_name(stem.substr(split + 1));
  setup.source = kSource;
  setup.origin = "yang:" + path.filename().string();
  std::set<RowKey> seen;
  for (const auto& row : doc.rows) {
    auto cell = [&](size_t i, std::string_view name) { return CellRef{doc, row, i, name}; };
    MeasurementRow m;
    m.model = cell(model, "Model Name").required_text();
    m.input_px = cell(input, "Input Size").positive_int();
    check_unique(seen, {m.model, m.input_px}, cell(model, "Model Name"));
    auto energy_mj = cell(energy, "Energy").optional_positive_real();
    if (!energy_mj) {  // the model failed in this runtime: no measurement, not zero
      ++f.skipped;
      continue;
    }
    m.energy_j = units::joules_from_millijoules(*energy_mj);  // the files hold mJ per image
    m.accuracy_pct = cell(accuracy, "Accuracy").optional_percent();
    m.throughput_items_per_s = cell(throughput, "Throughput").optional_positive_real();
    auto latency_ms = cell(latency, "Latency").optional_positive_real();
    if (latency_ms) m.latency_s = units::seconds_from_milliseconds(*latency_ms);
    m.batch_size = cell(optimal, "Optimal BS").optional_positive_int();
    m.max_batch_size = cell(max_bs, "Max BS").optional_positive_int();
    f.setup.rows.push_back(std::move(m));
  }
  return f;
}

std::vector<AccuracyRow> read_accuracy_file(const fs::path& path) {
  auto doc = csv::read_file(path.string());
  csv::require_data_rows(doc);
  Columns cols(doc);
  const size_t model = cols.require("Model Name"), input = cols.require("Input Size");
  auto url = cols.find("url");
  std::vector<AccuracyRow> out;
  std::set<RowKey> seen;
  for (const auto& row : doc.rows) {
    CellRef name{doc, row, model, "Model Name"};
    RowKey key{name.required_text(), CellRef{doc, row, input, "Input Size"}.positive_int()};
    check_unique(seen, key, name);
    for (size_t c = 0; c < doc.header.size(); ++c) {
      if (c == model || c == input || (url && c == *url)) continue;
      auto top1 = CellRef{doc, row, c, doc.header[c]}.optional_percent();
      if (top1) out.push_back({key.first, key.second, doc.header[c], *top1, std::nullopt});
    }
  }
  return out;
}

// Per-model statistics, indexed by model and input size as they are read.
struct StatsTable {
  std::vector<StatsRow> rows;
  std::map<RowKey, size_t> index;

  StatsRow& at(const RowKey& key) {
    auto [it, added] = index.emplace(key, rows.size());
    if (added) rows.push_back({key.first, key.second, {}, "", {}, "", {}, "", {}, "", ""});
    return rows[it->second];
  }
};

void read_stats_file(const fs::path& path, StatsTable& table) {
  auto doc = csv::read_file(path.string());
  csv::require_data_rows(doc);
  Columns cols(doc);
  const size_t model = cols.require("model_name"), input = cols.require("input_size_csv"),
               params = cols.require("params_tinfo"), macs_t = cols.require("macs_tinfo"),
               macs_p = cols.require("macs_ptflops"), act = cols.require("activations");
  for (const auto& row : doc.rows) {
    auto cell = [&](size_t i) { return CellRef{doc, row, i, doc.header[i]}; };
    RowKey key{cell(model).required_text(), cell(input).positive_int()};
    if (table.index.count(key)) cell(model).fail("model and input size appear twice");
    auto& s = table.at(key);
    s.params = cell(params).optional_positive_real();
    s.params_tool = "torchinfo";
    // torchinfo's counts of transformers are far too low (BEiT-B/16 at 224 px:
    // 0.18 G MACs against ptflops' 12.7 G), so ptflops gives the model's MACs.
    s.macs = cell(macs_p).optional_positive_real();
    s.macs_tool = "ptflops";
    s.macs_alt = cell(macs_t).optional_positive_real();
    s.macs_alt_tool = "torchinfo";
    s.activations = cell(act).optional_positive_real();
    s.activations_tool = "as published (model_stats.csv)";
  }
}

// The model pages' URLs live in the accuracy file.
void read_urls(const fs::path& path, StatsTable& table) {
  auto doc = csv::read_file(path.string());
  Columns cols(doc);
  auto url = cols.find("url");
  if (!url) return;
  const size_t model = cols.require("Model Name"), input = cols.require("Input Size");
  for (const auto& row : doc.rows) {
    RowKey key{CellRef{doc, row, model, "Model Name"}.required_text(),
               CellRef{doc, row, input, "Input Size"}.positive_int()};
    table.at(key).url = row.cells[*url].text;
  }
}

std::vector<fs::path> setup_files(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw InputError(dir.string() + ": not a folder");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    auto name = entry.path().filename().string();
    auto stem = entry.path().stem().string();
    if (entry.path().extension() != ".csv" || name == kAccuracyFile || name == kStatsFile) continue;
    auto split = stem.find('_');
    if (split == std::string::npos || split == 0 || split + 1 == stem.size()) {
      throw InputError(SourceLocation{entry.path().string(), 0, 0},
                       "a setup file is named <GPU>_<RUNTIME>.csv, e.g. A100_TRT.csv");
    }
    files.push_back(entry.path());
  }
  if (ec) throw Failure(dir.string() + ": " + ec.message());
  if (files.empty()) throw InputError(dir.string() + ": no <GPU>_<RUNTIME>.csv setup files");
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

ImportSummary import_yang(compare::SetupRepository& repository, const std::string& dir_name) {
  fs::path dir(dir_name);
  std::vector<SetupFile> setups;
  for (const auto& path : setup_files(dir)) setups.push_back(read_setup_file(path));
  std::vector<AccuracyRow> accuracies;
  if (fs::exists(dir / kAccuracyFile)) accuracies = read_accuracy_file(dir / kAccuracyFile);
  StatsTable stats;
  if (fs::exists(dir / kStatsFile)) read_stats_file(dir / kStatsFile, stats);
  if (fs::exists(dir / kAccuracyFile)) read_urls(dir / kAccuracyFile, stats);

  compare::SetupImport import;
  ImportSummary summary;
  auto now = utc_now_iso();
  for (auto& f : setups) {
    f.setup.setup.imported_at = now;
    summary.setups.push_back(f.setup.setup.name);
    summary.measurements += f.setup.rows.size();
    summary.skipped += f.skipped;
    import.setups.push_back(std::move(f.setup));
  }
  import.stats = stats.rows;
  import.stats_origin = "yang:" + std::string(kStatsFile);
  import.accuracies = accuracies;
  import.accuracies_origin = "yang:" + std::string(kAccuracyFile);
  repository.apply(import);
  summary.models = stats.rows.size();
  summary.accuracies = accuracies.size();
  return summary;
}

}  // namespace infergy::importers
