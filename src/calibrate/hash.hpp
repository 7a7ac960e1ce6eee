// FNV-1a 64: the training-data hash, the options hash and the fold of a model.
// Private to src/calibrate.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace infergy::calibrate::detail {

class Fnv1a {
 public:
  Fnv1a& add(std::string_view text) {
    for (unsigned char c : text) mix(c);
    mix(0);  // a separator, so ("ab", "c") and ("a", "bc") differ
    return *this;
  }
  // The double's bits: any change in a value changes the hash.
  Fnv1a& add(double value) {
    uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    for (int i = 0; i < 8; ++i) mix(static_cast<unsigned char>(bits >> (8 * i)));
    return *this;
  }
  uint64_t value() const { return hash_; }
  std::string hex() const { return fmt::format("{:016x}", hash_); }

 private:
  void mix(unsigned char c) { hash_ = (hash_ ^ c) * 1099511628211ULL; }
  uint64_t hash_ = 1469598103934665603ULL;
};

// The cross-validation fold of a key (a model name, or a family for grouped folds).
inline int fold_of(std::string_view key, int folds) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : key) h = (h ^ c) * 1099511628211ULL;
  return static_cast<int>(h % static_cast<uint64_t>(folds));
}

}  // namespace infergy::calibrate::detail
