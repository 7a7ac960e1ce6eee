#include "rate_limiter.hpp"

#include <algorithm>
#include <chrono>

namespace infergy::server {
namespace {

// Bounds memory when many clients come and go: full buckets carry no state worth keeping.
constexpr std::size_t kMaxClients = 10000;

double steady_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

RateLimiter::RateLimiter(double rate_per_s, double burst, Clock now)
    : rate_per_s_(rate_per_s), burst_(std::max(1.0, burst)), now_(now ? now : steady_seconds) {}

bool RateLimiter::allow(const std::string& client) {
  if (rate_per_s_ <= 0) return true;
  double now_s = now_();
  std::lock_guard lock(mutex_);
  if (buckets_.size() >= kMaxClients && !buckets_.contains(client)) {
    std::erase_if(buckets_, [&](const auto& entry) {
      return entry.second.tokens + (now_s - entry.second.updated_s) * rate_per_s_ >= burst_;
    });
  }
  auto [it, inserted] = buckets_.try_emplace(client, Bucket{burst_, now_s});
  auto& bucket = it->second;
  bucket.tokens = std::min(burst_, bucket.tokens + (now_s - bucket.updated_s) * rate_per_s_);
  bucket.updated_s = now_s;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

}  // namespace infergy::server
