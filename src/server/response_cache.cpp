#include "response_cache.hpp"

namespace infergy::server {

std::string ResponseCache::key(const std::string& path, const RawParams& params) {
  // RawParams is ordered by name; '\0' cannot occur in a decoded name or value (the
  // daemon refuses %00), so the key is unambiguous.
  std::string key = path;
  for (const auto& [name, value] : params) {
    key += '\0';
    key += name;
    key += '=';
    key += value;
  }
  return key;
}

std::shared_ptr<const Reply> ResponseCache::find(const std::string& key) const {
  if (max_entries_ == 0) return nullptr;
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : it->second;
}

void ResponseCache::insert(const std::string& key, std::shared_ptr<const Reply> reply) const {
  if (max_entries_ == 0) return;
  std::size_t size = key.size() + reply->body.size();
  if (size > max_bytes_) return;
  std::lock_guard lock(mutex_);
  if (entries_.size() >= max_entries_ || bytes_ + size > max_bytes_) {
    entries_.clear();
    bytes_ = 0;
  }
  if (entries_.emplace(key, std::move(reply)).second) bytes_ += size;
}

}  // namespace infergy::server
