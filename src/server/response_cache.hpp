// API replies kept by their normalized query, so a repeated ranking is a lookup. The
// data a snapshot serves never changes (a store change brings a new snapshot with an
// empty cache), so entries never go stale. Bounded in entries and bytes: when full it
// starts afresh, so a client sending endless distinct queries costs memory only up to
// the bound. Thread-safe.
#pragma once
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "api.hpp"

namespace infergy::server {

class ResponseCache {
 public:
  ResponseCache(std::size_t max_entries, std::size_t max_bytes)
      : max_entries_(max_entries), max_bytes_(max_bytes) {}

  // The path and the parameters in name order ("a=1&b=2" and "b=2&a=1" are one query;
  // a parameter given twice stays twice, and the API refuses it).
  static std::string key(const std::string& path, const RawParams& params);

  std::shared_ptr<const Reply> find(const std::string& key) const;
  void insert(const std::string& key, std::shared_ptr<const Reply> reply) const;

 private:
  std::size_t max_entries_;
  std::size_t max_bytes_;
  mutable std::mutex mutex_;
  mutable std::unordered_map<std::string, std::shared_ptr<const Reply>> entries_;
  mutable std::size_t bytes_ = 0;
};

}  // namespace infergy::server
