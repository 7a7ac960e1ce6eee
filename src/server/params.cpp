#include "params.hpp"

#include <fmt/format.h>

#include "infergy/parse.hpp"

namespace infergy::server {
namespace {

constexpr std::size_t kMaxValueBytes = 512;

std::string joined(std::initializer_list<std::string_view> items) {
  std::string all;
  for (auto item : items) all += (all.empty() ? "" : ", ") + std::string(item);
  return all;
}

}  // namespace

QueryParams::QueryParams(const RawParams& raw, std::initializer_list<std::string_view> allowed) {
  for (const auto& [name, value] : raw) {
    bool known = false;
    for (auto a : allowed) known = known || a == name;
    if (!known) {
      throw ParamError(name, fmt::format("unknown parameter '{}' (allowed: {})", name,
                                         allowed.size() ? joined(allowed) : "none"));
    }
    if (value.size() > kMaxValueBytes) {
      throw ParamError(name,
                       fmt::format("parameter '{}' is longer than {} bytes", name, kMaxValueBytes));
    }
    if (!values_.emplace(name, value).second) {
      throw ParamError(name, fmt::format("parameter '{}' is given more than once", name));
    }
  }
}

std::optional<std::string> QueryParams::text(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string QueryParams::required_text(const std::string& name) const {
  auto value = text(name);
  if (!value || value->empty())
    throw ParamError(name, fmt::format("parameter '{}' is required", name));
  return *value;
}

std::optional<double> QueryParams::number(const std::string& name, double min, double max) const {
  auto value = text(name);
  if (!value) return std::nullopt;
  auto parsed = try_parse_real(*value);
  if (!parsed) {
    throw ParamError(name, fmt::format("parameter '{}' must be a number, got '{}'", name, *value));
  }
  if (*parsed < min || *parsed > max) {
    throw ParamError(name, fmt::format("parameter '{}' must be between {} and {}, got {}", name,
                                       min, max, *value));
  }
  return parsed;
}

std::optional<long> QueryParams::integer(const std::string& name, long min, long max) const {
  auto value = text(name);
  if (!value) return std::nullopt;
  auto parsed = try_parse_int(*value);
  if (!parsed) {
    throw ParamError(name,
                     fmt::format("parameter '{}' must be a whole number, got '{}'", name, *value));
  }
  if (*parsed < min || *parsed > max) {
    throw ParamError(name, fmt::format("parameter '{}' must be between {} and {}, got {}", name,
                                       min, max, *value));
  }
  return static_cast<long>(*parsed);
}

std::string QueryParams::choice(const std::string& name,
                                std::initializer_list<std::string_view> choices,
                                const std::string& fallback) const {
  auto value = text(name);
  if (!value) return fallback;
  for (auto c : choices) {
    if (c == *value) return *value;
  }
  throw ParamError(name, fmt::format("parameter '{}' must be one of {}, got '{}'", name,
                                     joined(choices), *value));
}

std::vector<std::string> QueryParams::list(const std::string& name) const {
  std::vector<std::string> items;
  auto value = text(name);
  if (!value) return items;
  std::size_t start = 0;
  while (start <= value->size()) {
    auto comma = value->find(',', start);
    if (comma == std::string::npos) comma = value->size();
    auto item = value->substr(start, comma - start);
    if (item.empty()) throw ParamError(name, fmt::format("parameter '{}' has an empty item", name));
    items.push_back(item);
    start = comma + 1;
  }
  return items;
}

}  // namespace infergy::server
