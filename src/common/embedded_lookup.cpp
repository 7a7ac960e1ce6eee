#include <stdexcept>
#include <string>

#include "infergy/embedded.hpp"

namespace infergy {

std::string_view embedded_file(std::string_view name) {
  for (const auto& file : embedded_files()) {
    if (file.name == name) return file.text;
  }
  throw std::out_of_range("no embedded file named " + std::string(name));
}

}  // namespace infergy
