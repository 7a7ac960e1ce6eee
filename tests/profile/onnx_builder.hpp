// Builds small ONNX models in memory for the profiler's tests.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

namespace infergy::profile::testing {

class ModelBuilder {
 public:
  explicit ModelBuilder(int64_t opset = 17) {
    model_.set_ir_version(8);
    auto* op = model_.add_opset_import();
    op->set_domain("");
    op->set_version(opset);
    model_.mutable_graph()->set_name("test");
  }

  // A graph input; a negative dimension becomes the symbolic dimension `dim_name`.
  ModelBuilder& input(const std::string& name, const std::vector<int64_t>& dims,
                      int32_t type = onnx::TensorProto::FLOAT,
                      const std::string& dim_name = "batch") {
    add_value(model_.mutable_graph()->add_input(), name, dims, type, dim_name);
    return *this;
  }

  ModelBuilder& output(const std::string& name) {
    auto* v = model_.mutable_graph()->add_output();
    v->set_name(name);
    return *this;
  }

  // A float initializer with distinct values in raw_data.
  ModelBuilder& weight(const std::string& name, const std::vector<int64_t>& dims) {
    auto* t = model_.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    uint64_t n = 1;
    for (auto d : dims) {
      t->add_dims(d);
      n *= static_cast<uint64_t>(d);
    }
    std::string raw(n * 4, '\0');
    for (uint64_t i = 0; i < n * 4; ++i) raw[i] = static_cast<char>(i * 7 + 1);
    t->set_raw_data(raw);
    return *this;
  }

  ModelBuilder& int64s(const std::string& name, const std::vector<int64_t>& values) {
    auto* t = model_.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::INT64);
    t->add_dims(static_cast<int64_t>(values.size()));
    for (auto v : values) t->add_int64_data(v);
    return *this;
  }

  onnx::NodeProto& node(const std::string& op, const std::vector<std::string>& inputs,
                        const std::vector<std::string>& outputs, const std::string& name = "") {
    auto* n = model_.mutable_graph()->add_node();
    n->set_op_type(op);
    n->set_name(name.empty() ? outputs.at(0) + "_node" : name);
    for (const auto& i : inputs) n->add_input(i);
    for (const auto& o : outputs) n->add_output(o);
    return *n;
  }

  static void ints(onnx::NodeProto& n, const std::string& name, const std::vector<int64_t>& v) {
    auto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (auto x : v) a->add_ints(x);
  }
  static void integer(onnx::NodeProto& n, const std::string& name, int64_t v) {
    auto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(v);
  }
  static void text(onnx::NodeProto& n, const std::string& name, const std::string& v) {
    auto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::STRING);
    a->set_s(v);
  }

  onnx::ModelProto& proto() { return model_; }
  std::string bytes() const { return model_.SerializeAsString(); }

 private:
  static void add_value(onnx::ValueInfoProto* v, const std::string& name,
                        const std::vector<int64_t>& dims, int32_t type,
                        const std::string& dim_name) {
    v->set_name(name);
    auto* t = v->mutable_type()->mutable_tensor_type();
    t->set_elem_type(type);
    auto* shape = t->mutable_shape();
    for (auto d : dims) {
      auto* dim = shape->add_dim();
      if (d >= 0)
        dim->set_dim_value(d);
      else
        dim->set_dim_param(dim_name);
    }
  }

  onnx::ModelProto model_;
};

}  // namespace infergy::profile::testing
