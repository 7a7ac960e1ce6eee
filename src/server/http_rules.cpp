#include "http_rules.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace infergy::server {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Digits only (no sign, no spaces), within uint64.
std::optional<std::uint64_t> digits(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The q-value of one Accept-Encoding item ("gzip;q=0.5" -> 0.5); 1 when absent.
double q_value(std::string_view params) {
  auto q = params.find("q=");
  if (q == std::string_view::npos) return 1;
  auto text = trim(params.substr(q + 2));
  double value = 1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() ? value : 0;
}

}  // namespace

RangePlan plan_range(const std::optional<std::string>& header, std::uint64_t size) {
  if (!header) return {};
  std::string_view h = trim(*header);
  constexpr std::string_view kUnit = "bytes=";
  if (h.size() < kUnit.size() || lower(h.substr(0, kUnit.size())) != kUnit) return {};
  auto spec = trim(h.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return {};  // several ranges: the whole file
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return {};
  auto first_text = trim(spec.substr(0, dash));
  auto last_text = trim(spec.substr(dash + 1));
  RangePlan plan;
  if (first_text.empty()) {  // "-N": the last N bytes
    auto suffix = digits(last_text);
    if (!suffix) return {};
    if (*suffix == 0 || size == 0) return {RangePlan::unsatisfiable};
    plan.bytes = std::min(*suffix, size);
    plan.first = size - plan.bytes;
  } else {
    auto first = digits(first_text);
    if (!first) return {};
    std::uint64_t last = size == 0 ? 0 : size - 1;
    if (!last_text.empty()) {
      auto given = digits(last_text);
      if (!given || *given < *first) return {};
      last = std::min(*given, last);
    }
    if (*first >= size) return {RangePlan::unsatisfiable};
    plan.first = *first;
    plan.bytes = last - *first + 1;
  }
  plan.kind = plan.first == 0 && plan.bytes == size ? RangePlan::whole : RangePlan::partial;
  return plan;
}

bool accepts_gzip(const std::optional<std::string>& accept_encoding) {
  if (!accept_encoding) return false;
  std::string_view rest = *accept_encoding;
  bool star = false;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    auto item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    auto semicolon = item.find(';');
    auto coding = lower(trim(item.substr(0, semicolon)));
    double q = semicolon == std::string_view::npos ? 1 : q_value(item.substr(semicolon + 1));
    if (coding == "gzip" || coding == "x-gzip") return q > 0;
    if (coding == "*") star = q > 0;
  }
  return star;
}

bool is_content_hashed(std::string_view name) {
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return false;
  auto stem = name.substr(0, dot);
  auto cut = stem.find_last_of(".-");
  if (cut == std::string_view::npos) return false;
  auto hash = stem.substr(cut + 1);
  if (hash.size() < 8 || hash.size() > 64) return false;
  bool digit = false;
  for (unsigned char c : hash) {
    if (!std::isalnum(c)) return false;
    digit = digit || std::isdigit(c);
  }
  return digit;
}

std::string cache_control_for(std::string_view name) {
  return is_content_hashed(name) ? "public, max-age=31536000, immutable" : "no-cache";
}

}  // namespace infergy::server
