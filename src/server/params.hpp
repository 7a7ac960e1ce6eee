// Strict parsing of query parameters: every parameter is known, given once and in range,
// or the request is refused with a ParamError naming it (the API answers 400).
#pragma once
#include <initializer_list>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace infergy::server {

// The raw query as the HTTP layer decoded it, ordered by name, duplicates kept.
using RawParams = std::multimap<std::string, std::string>;

class ParamError : public std::runtime_error {
 public:
  // status: 400 for a malformed value, 404 for a well-formed name that names nothing.
  ParamError(std::string parameter, const std::string& what, int status = 400)
      : std::runtime_error(what), parameter_(std::move(parameter)), status_(status) {}
  const std::string& parameter() const { return parameter_; }
  int status() const { return status_; }

 private:
  std::string parameter_;
  int status_;
};

class QueryParams {
 public:
  // Throws ParamError for a parameter not in `allowed`, or one given twice.
  QueryParams(const RawParams& raw, std::initializer_list<std::string_view> allowed);

  std::optional<std::string> text(const std::string& name) const;
  std::string required_text(const std::string& name) const;
  // A finite decimal number in [min, max].
  std::optional<double> number(const std::string& name, double min, double max) const;
  // A whole number in [min, max].
  std::optional<long> integer(const std::string& name, long min, long max) const;
  // One of `choices`; `fallback` when absent.
  std::string choice(const std::string& name, std::initializer_list<std::string_view> choices,
                     const std::string& fallback) const;
  // A comma-separated list of non-empty items (empty when absent).
  std::vector<std::string> list(const std::string& name) const;

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace infergy::server
