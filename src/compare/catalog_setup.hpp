// The catalog-estimate setup. Internal to the compare module.
#pragma once
#include <optional>

#include "infergy/compare.hpp"

namespace infergy::compare::detail {

// nullopt when the catalog lacks the adapted A100 efficiency.
std::optional<SetupView> catalog_estimate_setup(Store& store);

}  // namespace infergy::compare::detail
