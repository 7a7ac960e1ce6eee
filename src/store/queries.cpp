#include "queries.hpp"

#include <fmt/format.h>

namespace infergy::store::queries {

std::string dataset_columns(const catalog::DatasetSpec& spec) {
  std::string columns;
  for (const auto& f : spec.fields) columns += f.name + ", ";
  return columns + "origin";
}

std::string dataset_insert(const catalog::DatasetSpec& spec, bool replace) {
  std::string params, updates, key;
  for (size_t i = 0; i < spec.fields.size(); ++i) {
    params += fmt::format("${}, ", i + 1);
    updates += spec.fields[i].name + " = EXCLUDED." + spec.fields[i].name + ", ";
  }
  for (const auto& k : spec.key) key += (key.empty() ? "" : ", ") + k;
  std::string sql = fmt::format("INSERT INTO {}({}) VALUES({}${}) ON CONFLICT({}) DO ", spec.name,
                                dataset_columns(spec), params, spec.fields.size() + 1, key);
  return sql + (replace ? "UPDATE SET " + updates + "origin = EXCLUDED.origin" : "NOTHING");
}

std::string dataset_delete_origin(const catalog::DatasetSpec& spec) {
  return "DELETE FROM " + spec.name + " WHERE origin = $1";
}

std::string dataset_count(const catalog::DatasetSpec& spec) {
  return "SELECT COUNT(*) FROM " + spec.name;
}

}  // namespace infergy::store::queries
