#include "guarded_schemas.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <set>

namespace infergy::profile {
namespace {

bool is_guarded(const std::string& op) {
  static const std::set<std::string> ops = {
      "Conv",        "ConvTranspose", "ConvInteger",  "QLinearConv", "MaxPool",
      "AveragePool", "LpPool",        "MaxRoundPool", "MaxUnpool",   "DeformConv"};
  return ops.count(op) > 0;
}

const onnx::TensorShapeProto* input_shape(onnx::InferenceContext& ctx, size_t index) {
  if (ctx.getNumInputs() <= index) return nullptr;
  const auto* type = ctx.getInputType(index);
  if (!type || !type->has_tensor_type() || !type->tensor_type().has_shape()) return nullptr;
  return &type->tensor_type().shape();
}

// An INTS attribute, when present, must have `expected` values of at least `minimum`.
void require_length(onnx::InferenceContext& ctx, const char* name, int expected,
                    int64_t minimum = 1) {
  const auto* a = ctx.getAttribute(name);
  if (!a) return;
  if (a->ints_size() != expected) {
    fail_shape_inference("attribute ", name, " has ", a->ints_size(), " values, the input's ",
                         "spatial rank needs ", expected);
  }
  for (auto v : a->ints()) {
    if (v < minimum)
      fail_shape_inference("attribute ", name, " holds ", v, " (below ", minimum, ")");
  }
}

// The checks convPoolShapeInference and its relatives assume without making.
void check_ranks(onnx::InferenceContext& ctx, bool weight_second) {
  const auto* x = input_shape(ctx, 0);
  if (!x) return;
  const int rank = x->dim_size();
  if (rank < 3)
    fail_shape_inference("input has rank ", rank, "; N, C and a spatial dimension needed");
  const int spatial = rank - 2;
  require_length(ctx, "kernel_shape", spatial);
  require_length(ctx, "strides", spatial);
  require_length(ctx, "dilations", spatial);
  require_length(ctx, "pads", 2 * spatial, 0);
  require_length(ctx, "output_padding", spatial, 0);
  require_length(ctx, "output_shape", spatial, 0);
  if (const auto* group = ctx.getAttribute("group"); group && group->i() < 1) {
    fail_shape_inference("attribute group holds ", group->i());
  }
  if (const auto* w = weight_second ? input_shape(ctx, 1) : nullptr) {
    if (w->dim_size() != rank) {
      fail_shape_inference("weight has rank ", w->dim_size(), ", the input ", rank);
    }
  }
}

class GuardedRegistry final : public onnx::ISchemaRegistry {
 public:
  const onnx::OpSchema* GetSchema(const std::string& key, const int max_version,
                                  const std::string& domain) const override {
    const auto* schema = onnx::OpSchemaRegistry::Instance()->GetSchema(key, max_version, domain);
    if (!schema || !is_guarded(key) || !schema->has_type_and_shape_inference_function()) {
      return schema;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    auto& guarded = guarded_[schema];
    if (!guarded) {
      guarded = std::make_unique<onnx::OpSchema>(*schema);
      guarded->TypeAndShapeInferenceFunction(
          [inner = schema->GetTypeAndShapeInferenceFunction(),
           weight_second = key.find("Conv") != std::string::npos &&
                           key != "QLinearConv"](onnx::InferenceContext& ctx) {
            check_ranks(ctx, weight_second);
            inner(ctx);
          });
    }
    return guarded.get();
  }

 private:
  mutable std::mutex mutex_;
  mutable std::map<const onnx::OpSchema*, std::unique_ptr<onnx::OpSchema>> guarded_;
};

}  // namespace

const onnx::ISchemaRegistry* guarded_schema_registry() {
  static const GuardedRegistry registry;
  return &registry;
}

}  // namespace infergy::profile
