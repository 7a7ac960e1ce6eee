// Shared helpers of the analysis module (not part of the public interface).
#pragma once
#include <string>

#include "infergy/analysis.hpp"

namespace infergy::analysis::detail {

std::string lower(std::string text);
bool in_range(const Date& date, const std::optional<Date>& from, const std::optional<Date>& until);
bool accepts(const GpuFilter& filter, const catalog::Gpu& gpu);
bool accepts(const ModelFilter& filter, const catalog::Model& model);
// Throws InputError naming `what` when fewer than 3 points remain to fit.
void require_points(size_t n, const std::string& what);

}  // namespace infergy::analysis::detail
