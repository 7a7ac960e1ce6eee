// libFuzzer target for every CSV importer (issue 13): db import's table detection and
// validation, Yang et al.'s folder, timm's result files and release dates. Any input
// must import or throw InputError; anything else (a crash, another exception, a
// sanitizer report, invalid UTF-8 reaching the repository) is a bug.
// The first byte picks the importer; for Yang's folder, NUL bytes split the rest into
// the setup file, model_accuracy.csv and model_stats.csv.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "infergy/catalog.hpp"
#include "infergy/csv.hpp"
#include "infergy/error.hpp"
#include "infergy/importers.hpp"
#include "infergy/text.hpp"

namespace {

using namespace infergy;

// Keeps nothing; checks what an importer hands over is valid text.
class CheckingSetups : public compare::SetupRepository {
 public:
  void apply(const compare::SetupImport& import) override {
    for (const auto& s : import.setups) {
      for (const auto& row : s.rows) check(row.model);
    }
    for (const auto& row : import.stats) check(row.model);
    for (const auto& row : import.accuracies) check(row.model + row.test_set);
  }
  std::vector<compare::Setup> list() override { return {}; }
  std::optional<compare::SetupView> load(const std::string&) override { return std::nullopt; }
  std::vector<size_t> set_release_dates(const std::vector<compare::ReleaseDate>& d) override {
    for (const auto& date : d) check(date.model);
    return std::vector<size_t>(d.size(), 0);
  }

 private:
  static void check(const std::string& text) {
    if (!text::is_valid_utf8(text)) __builtin_trap();  // the CSV reader must refuse it
  }
};

std::filesystem::path scratch() {
  static const auto dir = [] {
    auto d =
        std::filesystem::temp_directory_path() / ("infergy-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

std::string write(const std::string& name, std::string_view bytes) {
  auto path = scratch() / name;
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), bytes.size());
  return path.string();
}

void run(unsigned char mode, std::string_view bytes) {
  CheckingSetups setups;
  switch (mode % 4) {
    case 0: {  // db import: detect the table, validate every row
      auto doc = csv::parse(bytes, "fuzz.csv");
      catalog::validate(catalog::detect_dataset(doc), doc);
      break;
    }
    case 1: {  // Yang et al.'s folder
      std::vector<std::string_view> parts;
      std::size_t start = 0;
      for (int i = 0; i < 2; ++i) {
        auto nul = bytes.find('\0', start);
        if (nul == std::string_view::npos) break;
        parts.push_back(bytes.substr(start, nul - start));
        start = nul + 1;
      }
      parts.push_back(bytes.substr(start));
      auto dir = scratch() / "yang";
      std::filesystem::remove_all(dir);
      std::filesystem::create_directories(dir);
      write("yang/A100_TRT.csv", parts[0]);
      if (parts.size() > 1) write("yang/model_accuracy.csv", parts[1]);
      if (parts.size() > 2) write("yang/model_stats.csv", parts[2]);
      importers::import_yang(setups, dir.string());
      break;
    }
    case 2:
      importers::import_timm(setups, write("results-imagenet.csv", bytes));
      break;
    case 3:
      importers::import_model_dates(setups, write("dates.csv", bytes));
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  try {
    run(data[0], std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  } catch (const infergy::InputError&) {
    // rejected cleanly, with its position
  }
  return 0;
}
