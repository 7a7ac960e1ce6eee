// The diminishing-returns fit and the yearly frontier. Internal to the compare module.
#pragma once
#include <optional>
#include <vector>

#include "infergy/compare.hpp"

namespace infergy::compare::detail {

// Fits the nested logarithm to the Pareto front on imagenet-original top-1;
// nullopt with fewer than 4 front points or no increasing fit.
std::optional<DiminishingReturns> fit_diminishing_returns(const SetupView& view);

// One front per year from the first to the last release year among dated models.
std::vector<FrontierYear> frontier_by_year(const SetupView& view);

}  // namespace infergy::compare::detail
