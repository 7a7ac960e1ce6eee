// Reading setups back through the repository, with what a view derives.
#include <fmt/format.h>

#include "infergy/error.hpp"
#include "infergy/setup_repository.hpp"

namespace infergy::compare {
namespace {

std::string names_of(const std::vector<Setup>& setups) {
  std::string names;
  for (const auto& s : setups) names += (names.empty() ? "" : ", ") + s.name;
  return names;
}

}  // namespace

std::vector<Setup> list_setups(SetupRepository& setups, const catalog::Catalog& catalog) {
  auto all = setups.list();
  if (auto estimate = catalog_estimate_setup(catalog)) all.push_back(estimate->setup);
  return all;
}

SetupView load_setup(SetupRepository& setups, const catalog::Catalog& catalog,
                     const std::string& name) {
  if (name == kCatalogEstimateSetup) {
    if (auto estimate = catalog_estimate_setup(catalog)) return *estimate;
  }
  auto view = setups.load(name);
  if (!view) {
    throw InputError(fmt::format("unknown setup '{}'; known setups: {}", name,
                                 names_of(list_setups(setups, catalog))));
  }
  finish_view(*view);
  return *view;
}

std::vector<SetupView> load_measured_setups(SetupRepository& setups) {
  std::vector<SetupView> views;
  for (const auto& s : setups.list()) {
    if (auto view = setups.load(s.name)) {
      finish_view(*view);
      views.push_back(std::move(*view));
    }
  }
  return views;
}

}  // namespace infergy::compare
