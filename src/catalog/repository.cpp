// Catalog operations over a DatasetRepository: built-in loading, CSV import and export.
#include <filesystem>
#include <ostream>

#include <fmt/format.h>

#include "infergy/catalog_repository.hpp"
#include "infergy/embedded.hpp"

namespace infergy::catalog {
namespace {

// FNV-1a over the embedded catalog, to notice when a new binary ships new data.
std::string embedded_fingerprint() {
  uint64_t hash = 1469598103934665603ULL;
  for (const auto& spec : datasets()) {
    for (const auto& file : spec.builtin_files) {
      for (unsigned char c : embedded_file(file)) hash = (hash ^ c) * 1099511628211ULL;
    }
  }
  return fmt::format("{:016x}", hash);
}

std::vector<DatasetRows> builtin_rows() {
  std::vector<DatasetRows> all;
  for (const auto& spec : datasets()) {
    DatasetRows rows{&spec, {}};
    for (const auto& file : spec.builtin_files) {
      auto doc = csv::parse(embedded_file(file), "data/" + std::string(file));
      auto valid = validate(spec, doc);
      rows.rows.insert(rows.rows.end(), valid.begin(), valid.end());
    }
    all.push_back(std::move(rows));
  }
  return all;
}

std::string cell_text(const nlohmann::json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  return fmt::format("{}", v.get<double>());
}

}  // namespace

void ensure_builtin(DatasetRepository& repository) {
  // The cheap check first: validating the embedded files costs milliseconds at every start.
  const std::string fingerprint = embedded_fingerprint();
  if (repository.builtin_fingerprint() == fingerprint) return;
  repository.replace_builtin(builtin_rows(), fingerprint);
}

ImportResult import_csv(DatasetRepository& repository, const std::string& path,
                        const std::optional<std::string>& dataset) {
  auto doc = csv::read_file(path);
  auto origin = "import:" + std::filesystem::path(path).filename().string();
  return import_document(repository, doc, origin, dataset);
}

ImportResult import_document(DatasetRepository& repository, const csv::Document& doc,
                             const std::string& origin, const std::optional<std::string>& name) {
  const auto& spec = name ? catalog::dataset(*name) : detect_dataset(doc);
  csv::require_data_rows(doc);
  DatasetRows rows{&spec, validate(spec, doc)};  // every row checked before anything is written
  return {spec.name, repository.upsert(rows, origin)};
}

void export_csv(DatasetRepository& repository, const std::string& name, std::ostream& out) {
  const auto& spec = catalog::dataset(name);
  std::vector<std::string> fields;
  for (const auto& f : spec.fields) fields.push_back(f.name);
  csv::write_row(out, fields);
  for (const auto& row : repository.rows(spec)) {
    std::vector<std::string> cells;
    for (const auto& f : spec.fields) cells.push_back(cell_text(row.at(f.name)));
    csv::write_row(out, cells);
  }
}

Catalog load_catalog(DatasetRepository& repository) {
  auto rows = [&](const char* name) { return repository.rows(dataset(name)); };
  auto c = build_catalog(rows("models"), rows("gpus"), rows("throughputs"), rows("speedup_ratios"),
                         rows("human_references"));
  for (const auto& r : rows("gpu_memory")) c.gpu_memory.push_back(to_gpu_memory(r));
  return c;
}

}  // namespace infergy::catalog
