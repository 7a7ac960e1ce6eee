// "Did you mean": names close to a mistyped one, for error messages (commands, models,
// GPUs). Closeness: a name containing the typed text comes first (shorter first), then
// by edit distance, case-insensitive.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace infergy {

// Levenshtein distance (insertions, deletions, substitutions), case-insensitive.
std::size_t edit_distance(const std::string& a, const std::string& b);

// Up to `count` of `names`, closest to `wanted` first (see above).
std::vector<std::string> closest_names(const std::string& wanted,
                                       const std::vector<std::string>& names,
                                       std::size_t count = 3);

// " (did you mean: a, b, c?)", or "" when names is empty.
std::string did_you_mean(const std::string& wanted, const std::vector<std::string>& names);

}  // namespace infergy
