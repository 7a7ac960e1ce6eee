// Files compiled into the binary (the built-in catalog under data/).
#pragma once
#include <string_view>
#include <vector>

namespace infergy {

struct EmbeddedFile {
  std::string_view name;  // file name without folder, e.g. "models.csv"
  std::string_view text;
};

// All embedded files, in the order CMake listed them. Thread-safe.
const std::vector<EmbeddedFile>& embedded_files();

// The text of one embedded file. Throws std::out_of_range if absent.
std::string_view embedded_file(std::string_view name);

}  // namespace infergy
