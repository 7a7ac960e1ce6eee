// The built-in matrix-multiply workload: the machine's achieved FLOP/s and FLOP per joule,
// the measured counterpart of the paper's peak FLOPS / TDP.
#include <random>

#include <fmt/format.h>

#include "infergy/measure.hpp"
#include "infergy/units.hpp"

namespace infergy::measure {
namespace {

class GemmWorkload final : public Workload {
 public:
  explicit GemmWorkload(int n) : n_(n) {}

  std::string name() const override { return fmt::format("gemm:{}", n_); }

  nlohmann::json describe() const override {
    return {{"workload", name()},  {"kind", "gemm"},  {"matrix_size", n_},
            {"precision", "fp32"}, {"device", "cpu"}, {"kernel", "built-in blocked i-k-j loop"}};
  }

  std::optional<double> flop_count_per_item() const override {
    return units::flop_count_from_macs(static_cast<double>(n_) * n_ * n_);
  }

  // One A and one C per item, B shared.
  std::optional<double> memory_bytes(int batch_size) const override {
    return (2.0 * batch_size + 1) * n_ * n_ * sizeof(float);
  }

  void prepare(int batch_size) override {
    try {
      size_t nn = static_cast<size_t>(n_) * n_;
      std::mt19937 random(42);
      std::uniform_real_distribution<float> uniform(-1, 1);
      b_.assign(nn, 0);
      for (auto& v : b_) v = uniform(random);
      a_.assign(static_cast<size_t>(batch_size) * nn, 0);
      for (auto& v : a_) v = uniform(random);
      c_.assign(static_cast<size_t>(batch_size) * nn, 0);
      batch_size_ = batch_size;
    } catch (const std::bad_alloc&) {
      throw OutOfMemory(
          fmt::format("cannot allocate {} matrices of {}x{}", 2 * batch_size + 1, n_, n_));
    }
  }

  void run_batch() override {
    size_t nn = static_cast<size_t>(n_) * n_;
    for (int item = 0; item < batch_size_; ++item) multiply(&a_[item * nn], &c_[item * nn]);
  }

 private:
  void multiply(const float* __restrict a, float* __restrict c) const {
    const float* __restrict b = b_.data();
    std::fill(c, c + static_cast<size_t>(n_) * n_, 0.0f);
    for (int i = 0; i < n_; ++i) {
      for (int k = 0; k < n_; ++k) {
        float aik = a[i * n_ + k];
        for (int j = 0; j < n_; ++j) c[i * n_ + j] += aik * b[k * n_ + j];
      }
    }
  }

  int n_;
  int batch_size_ = 0;
  std::vector<float> a_, b_, c_;
};

}  // namespace

std::unique_ptr<Workload> make_gemm_workload(int n) {
  if (n < 1 || n > 16384) throw InputError("gemm matrix size must be between 1 and 16384");
  return std::make_unique<GemmWorkload>(n);
}

}  // namespace infergy::measure
