// Fused attention operators of ONNX Runtime's com.microsoft domain
// (Attention, MultiHeadAttention), registered with libonnx so shape inference
// can go through them; every other custom operator stays unsupported.
// Internal to the profile module. Thread safe; registers once per process.
#pragma once
#include <string>

namespace infergy::profile {

inline constexpr const char* kMicrosoftDomain = "com.microsoft";

void register_contrib_schemas();

}  // namespace infergy::profile
