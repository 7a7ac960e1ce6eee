#include "filters.hpp"

#include <algorithm>
#include <cctype>

#include "infergy/error.hpp"

namespace infergy::analysis::detail {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool in_range(const Date& date, const std::optional<Date>& from, const std::optional<Date>& until) {
  return (!from || date >= *from) && (!until || date <= *until);
}

bool accepts(const GpuFilter& filter, const catalog::Gpu& gpu) {
  if (filter.paper_only && gpu.source.rfind("Desislavov", 0) != 0) return false;
  return in_range(gpu.launch_date, filter.from, filter.until);
}

bool accepts(const ModelFilter& filter, const catalog::Model& model) {
  if (!filter.architecture.empty() && lower(filter.architecture) != lower(model.architecture)) {
    return false;
  }
  if (filter.extra_data && *filter.extra_data == model.extra_data.empty()) return false;
  return in_range(model.release_date, filter.from, filter.until);
}

void require_points(size_t n, const std::string& what) {
  if (n < 3) {
    throw InputError(what + ": " + std::to_string(n) +
                     " point(s) left after filtering; a trend needs at least 3");
  }
}

}  // namespace infergy::analysis::detail
