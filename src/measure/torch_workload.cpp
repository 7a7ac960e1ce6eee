// TorchScript models through libtorch: the only translation unit that includes torch
// (it compiles slowly), built when INFERGY_WITH_TORCH is ON.
#include <torch/cuda.h>
#include <torch/script.h>
#include <torch/version.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "infergy/measure.hpp"
#include "infergy/parse.hpp"

namespace infergy::measure {
namespace {

constexpr int64_t kDefaultImageSide = 224;

c10::ScalarType scalar_type(const std::string& precision) {
  if (precision == "fp32" || precision == "tf32") return torch::kFloat32;
  if (precision == "fp16") return torch::kFloat16;
  if (precision == "bf16") return torch::kBFloat16;
  throw InputError("precision must be fp32, tf32, fp16 or bf16, got '" + precision + "'");
}

bool is_out_of_memory(const std::exception& e) {
  std::string what = e.what();
  return what.find("out of memory") != std::string::npos ||
         what.find("DefaultCPUAllocator: can't allocate") != std::string::npos;
}

// "3,224,224" or "[3, 224, 224]"; empty (the caller asks for --input-shape) unless
// every dimension is a positive whole number.
std::vector<int64_t> parse_shape(std::string text) {
  std::vector<int64_t> shape;
  for (char& c : text) {
    if (c == '[' || c == ']' || c == ',' || c == 'x') c = ' ';
  }
  std::istringstream in(text);
  std::string word;
  while (in >> word) {
    auto dimension = try_parse_int(word);
    if (!dimension || *dimension <= 0) return {};
    shape.push_back(*dimension);
  }
  return shape;
}

class TorchScriptWorkload final : public Workload {
 public:
  explicit TorchScriptWorkload(TorchOptions options)
      : options_(std::move(options)),
        device_(parse_device(options_.device)),
        dtype_(scalar_type(options_.precision)) {
    if (device_.is_cuda() && !torch::cuda::is_available()) {
      throw Failure("--device " + options_.device +
                    ": this libtorch has no CUDA or no GPU is visible");
    }
    torch::jit::ExtraFilesMap extra{{"input_shape", ""}};
    try {
      module_ = torch::jit::load(options_.model_path, device_, extra);
    } catch (const c10::Error& e) {
      throw InputError(fmt::format("{}: not a TorchScript model ({})", options_.model_path,
                                   e.what_without_backtrace()));
    }
    module_.eval();
    module_.to(device_, dtype_);
    if (options_.channels_last) convert_weights_to_channels_last();
    bool tf32 = options_.precision == "tf32";
    at::globalContext().setAllowTF32CuBLAS(tf32);
    at::globalContext().setAllowTF32CuDNN(tf32);
    shape_ = !options_.input_shape.empty()   ? options_.input_shape
             : !extra["input_shape"].empty() ? parse_shape(extra["input_shape"])
                                             : shape_from_parameters();
    if (shape_.empty()) {
      throw InputError(options_.model_path + ": cannot tell the input shape; pass --input-shape");
    }
  }

  std::string name() const override { return options_.model_path; }

  nlohmann::json describe() const override {
    return {{"workload", options_.model_path},
            {"kind", "torchscript"},
            {"device", options_.device},
            {"precision", options_.precision},
            {"channels_last", options_.channels_last},
            {"input_shape", shape_},
            {"torch_version", TORCH_VERSION},
            {"cuda_available", torch::cuda::is_available()}};
  }

  std::optional<double> memory_bytes(int batch_size) const override {
    double elements = batch_size;
    for (auto d : shape_) elements *= static_cast<double>(d);
    return elements * static_cast<double>(c10::elementSize(dtype_));
  }

  void prepare(int batch_size) override {
    guarded([&] {
      std::vector<int64_t> sizes{batch_size};
      sizes.insert(sizes.end(), shape_.begin(), shape_.end());
      auto input = torch::rand(sizes, torch::TensorOptions().dtype(dtype_).device(device_));
      if (options_.channels_last && input.dim() == 4) {
        input = input.contiguous(at::MemoryFormat::ChannelsLast);
      }
      inputs_ = {input};
    });
  }

  void run_batch() override {
    guarded([&] {
      c10::InferenceMode inference;
      auto output = module_.forward(inputs_);
      if (device_.is_cuda()) torch::cuda::synchronize(device_.index());
    });
  }

 private:
  static c10::Device parse_device(const std::string& text) {
    try {
      return c10::Device(text);
    } catch (const c10::Error&) {
      throw InputError("--device must be cpu, cuda or cuda:N, got '" + text + "'");
    }
  }

  void convert_weights_to_channels_last() {
    torch::NoGradGuard no_grad;
    for (auto p : module_.parameters()) {
      if (p.dim() == 4) p.set_data(p.contiguous(at::MemoryFormat::ChannelsLast));
    }
  }

  // Conv first: (C, 224, 224); linear first: (in_features).
  std::vector<int64_t> shape_from_parameters() {
    for (const auto& p : module_.parameters()) {
      if (p.dim() == 4) return {p.size(1), kDefaultImageSide, kDefaultImageSide};
      if (p.dim() == 2) return {p.size(1)};
      return {};
    }
    return {};
  }

  template <typename F>
  void guarded(F body) {
    try {
      body();
    } catch (const c10::OutOfMemoryError& e) {
      throw OutOfMemory(e.what_without_backtrace());
    } catch (const std::bad_alloc&) {
      throw OutOfMemory("allocation failed");
    } catch (const c10::Error& e) {
      if (is_out_of_memory(e)) throw OutOfMemory(e.what_without_backtrace());
      throw Failure(fmt::format("{} failed with input shape [{}]: {}", options_.model_path,
                                fmt::join(shape_, ", "), e.what_without_backtrace()));
    } catch (const std::runtime_error& e) {  // the TorchScript interpreter's errors
      if (is_out_of_memory(e)) throw OutOfMemory(e.what());
      throw Failure(fmt::format("{} failed with input shape [{}] (pass --input-shape?): {}",
                                options_.model_path, fmt::join(shape_, ", "), e.what()));
    }
  }

  TorchOptions options_;
  c10::Device device_;
  c10::ScalarType dtype_;
  torch::jit::Module module_;
  std::vector<int64_t> shape_;
  std::vector<torch::jit::IValue> inputs_;
};

}  // namespace

std::unique_ptr<Workload> make_torchscript_workload(const TorchOptions& options) {
  return std::make_unique<TorchScriptWorkload>(options);
}

bool torch_available() { return true; }
std::string torch_version() { return TORCH_VERSION; }

}  // namespace infergy::measure
