#include "infergy/suggest.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

namespace infergy {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

std::size_t edit_distance(const std::string& a_text, const std::string& b_text) {
  const std::string a = lower(a_text), b = lower(b_text);
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::vector<std::string> closest_names(const std::string& wanted,
                                       const std::vector<std::string>& names, std::size_t count) {
  const std::string w = lower(wanted);
  // (not a substring, distance, length, name): containing the text beats any distance.
  std::vector<std::tuple<bool, std::size_t, std::size_t, std::string>> scored;
  for (const auto& n : names) {
    bool contains = !w.empty() && lower(n).find(w) != std::string::npos;
    scored.emplace_back(!contains, edit_distance(w, n), n.size(), n);
  }
  std::sort(scored.begin(), scored.end());
  scored.erase(std::unique(scored.begin(), scored.end()), scored.end());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < scored.size() && out.size() < count; ++i)
    out.push_back(std::get<3>(scored[i]));
  return out;
}

std::string did_you_mean(const std::string& wanted, const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : closest_names(wanted, names)) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "" : " (did you mean: " + out + "?)";
}

}  // namespace infergy
