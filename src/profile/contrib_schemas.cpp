#include "contrib_schemas.hpp"

#include <mutex>

#include <onnx/defs/schema.h>
#include <onnx/defs/shape_inference.h>

namespace infergy::profile {
namespace {

using onnx::OpSchema;

const onnx::TensorShapeProto* shape_of(onnx::InferenceContext& ctx, size_t index) {
  if (ctx.getNumInputs() <= index || !ctx.getInputType(index)) return nullptr;
  const auto& type = *ctx.getInputType(index);
  if (!type.has_tensor_type() || !type.tensor_type().has_shape()) return nullptr;
  return &type.tensor_type().shape();
}

void set_output(onnx::InferenceContext& ctx, const onnx::TensorShapeProto::Dimension& batch,
                const onnx::TensorShapeProto::Dimension& sequence, int64_t hidden) {
  onnx::propagateElemTypeFromInputToOutput(ctx, 0, 0);
  auto* shape = onnx::getOutputShape(ctx, 0);
  *shape->add_dim() = batch;
  *shape->add_dim() = sequence;
  shape->add_dim()->set_dim_value(hidden);
}

// Attention: input [B, S, D] x weights [D, q + k + v] -> output [B, S, v].
void attention_shapes(onnx::InferenceContext& ctx) {
  const auto* x = shape_of(ctx, 0);
  const auto* w = shape_of(ctx, 1);
  if (!x || !w || x->dim_size() != 3 || w->dim_size() != 2 || !w->dim(1).has_dim_value()) {
    fail_shape_inference("Attention needs input [B, S, D] and weights [D, 3 x hidden]");
  }
  int64_t v_hidden = w->dim(1).dim_value() / 3;
  if (const auto* sizes = ctx.getAttribute("qkv_hidden_sizes"); sizes && sizes->ints_size() == 3) {
    v_hidden = sizes->ints(2);
  }
  set_output(ctx, x->dim(0), x->dim(1), v_hidden);
}

// MultiHeadAttention: query [B, S, D], key [B, L, D], value [B, L, Dv] -> [B, S, Dv].
void multi_head_attention_shapes(onnx::InferenceContext& ctx) {
  const auto* q = shape_of(ctx, 0);
  const auto* v = shape_of(ctx, 2);
  if (!q || !v || q->dim_size() != 3 || v->dim_size() != 3 || !v->dim(2).has_dim_value()) {
    fail_shape_inference("MultiHeadAttention needs query, key and value of rank 3");
  }
  set_output(ctx, q->dim(0), q->dim(1), v->dim(2).dim_value());
}

OpSchema fused(const char* name, const std::vector<const char*>& inputs,
               onnx::InferenceFunction shapes) {
  OpSchema schema;
  schema.SetName(name).SetDomain(kMicrosoftDomain).SinceVersion(1).AllowUncheckedAttributes();
  for (size_t i = 0; i < inputs.size(); ++i) {
    schema.Input(static_cast<int>(i), inputs[i], "", i < 1 ? "T" : "U",
                 i < 2 ? OpSchema::Single : OpSchema::Optional);
  }
  schema.Output(0, "output", "", "T")
      .Output(1, "present", "", "T", OpSchema::Optional)
      .Output(2, "present_value", "", "T", OpSchema::Optional)
      .TypeConstraint("T", {"tensor(float)", "tensor(float16)", "tensor(bfloat16)"}, "")
      .TypeConstraint("U", onnx::OpSchema::all_tensor_types(), "")
      .Attr("num_heads", "number of attention heads", onnx::AttributeProto::INT)
      .TypeAndShapeInferenceFunction(std::move(shapes));
  return schema;
}

}  // namespace

void register_contrib_schemas() {
  static std::once_flag once;
  std::call_once(once, [] {
    auto& versions = onnx::OpSchemaRegistry::DomainToVersionRange::Instance();
    if (!versions.Map().count(kMicrosoftDomain))
      versions.AddDomainToVersion(kMicrosoftDomain, 1, 1);
    auto attention = fused("Attention",
                           {"input", "weights", "bias", "mask_index", "past",
                            "relative_position_bias", "past_sequence_length"},
                           attention_shapes);
    onnx::OpSchemaRegistry::OpSchemaRegisterOnce register_attention(attention);
    auto mha = fused("MultiHeadAttention",
                     {"query", "key", "value", "bias", "key_padding_mask", "relative_position_bias",
                      "past_key", "past_value"},
                     multi_head_attention_shapes);
    onnx::OpSchemaRegistry::OpSchemaRegisterOnce register_mha(mha);
  });
}

}  // namespace infergy::profile
