// Per-client token buckets: each client may send `burst` requests at once and
// `rate_per_s` per second after that. Thread-safe.
#pragma once
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace infergy::server {

class RateLimiter {
 public:
  using Clock = std::function<double()>;  // seconds, monotonic
  // rate_per_s <= 0 turns the limit off. `now` defaults to std::chrono::steady_clock.
  RateLimiter(double rate_per_s, double burst, Clock now = {});

  // Takes one token from the client's bucket; false when it is empty (answer 429).
  bool allow(const std::string& client);

 private:
  struct Bucket {
    double tokens;
    double updated_s;
  };
  double rate_per_s_;
  double burst_;
  Clock now_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace infergy::server
