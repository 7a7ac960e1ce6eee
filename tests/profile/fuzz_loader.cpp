// libFuzzer target for the ONNX loader: any input must either load or throw
// InputError. Anything else (a crash, another exception, a sanitizer report) is a bug.
// Built with clang -fsanitize=fuzzer,address when available (tests/CMakeLists.txt),
// and always as a replay driver (fuzz_replay.cpp) that runs the corpus with GCC.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "infergy/error.hpp"
#include "loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    infergy::profile::load_model(bytes, "fuzz.onnx", "/nonexistent-infergy-fuzz-dir");
  } catch (const infergy::InputError&) {
    // rejected cleanly
  }
  return 0;
}
