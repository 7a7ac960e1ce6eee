#include "migrations.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "infergy/error.hpp"

namespace infergy::store {

int version_of(const std::vector<SchemaVersion>& applied, const std::string& module) {
  for (const auto& v : applied) {
    if (v.module == module) return v.version;
  }
  return 0;
}

bool pending(const std::vector<SchemaVersion>& applied, const ModuleSchemas& known) {
  return std::any_of(known.begin(), known.end(), [&](const ModuleSchema* s) {
    return version_of(applied, s->module) < s->latest();
  });
}

void check_not_newer(const std::vector<SchemaVersion>& applied, const ModuleSchemas& known,
                     const std::string& location) {
  for (const auto& v : applied) {
    auto schema = std::find_if(known.begin(), known.end(),
                               [&](const ModuleSchema* s) { return s->module == v.module; });
    if (schema == known.end() || v.version > (*schema)->latest()) {
      throw Failure(
          fmt::format("{} has schema {} version {}, newer than this infergy knows; upgrade infergy",
                      location, v.module, v.version));
    }
  }
}

}  // namespace infergy::store
