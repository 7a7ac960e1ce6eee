// profile MODEL.onnx, models add --onnx FILE.
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "context.hpp"
#include "infergy/csv.hpp"
#include "infergy/error.hpp"
#include "infergy/profile.hpp"
#include "infergy/units.hpp"

namespace infergy::cli {
namespace {

struct ProfileArgs {
  std::string file;
  std::vector<std::string> inputs;
  std::string mode = "full";
  bool per_layer = false;
};

profile::Options options_of(const std::vector<std::string>& inputs, const std::string& mode) {
  profile::Options options;
  options.mode = profile::parse_mode(mode);
  for (const auto& binding : inputs) profile::add_input_binding(options, binding);
  return options;
}

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string text;
  for (auto d : shape) text += (text.empty() ? "" : "x") + std::to_string(d);
  return text;
}

std::string mode_summary(profile::Mode mode) {
  return mode == profile::Mode::torchvision
             ? "torchvision (multiply-adds of convolutions, linear layers and matmuls only; "
               "FLOPs = 2 x MACs; activations = their outputs)"
             : "full (FLOPs = 2 x MACs + elementwise, normalisation, pooling, softmax and "
               "reduction work; activations = every node's outputs)";
}

Record uncounted_json(const profile::Profile& p) {
  auto list = Record::array();
  for (const auto& u : p.uncounted_ops) {
    list.push_back({{"op_type", u.op_type},
                    {"domain", u.domain},
                    {"nodes", u.nodes},
                    {"share_of_nodes", u.share_of_nodes}});
  }
  return list;
}

Record totals_json(const profile::Profile& p) {
  const auto& t = p.totals;
  return {{"params", t.params},
          {"buffers", t.buffers},
          {"macs", t.macs},
          {"flops", t.flop_count},
          {"attention_macs", t.attention_macs},
          {"activations", t.activations},
          {"bytes_read", t.bytes_read},
          {"bytes_written", t.bytes_written},
          {"weight_bytes", t.weight_bytes},
          {"arithmetic_intensity_flop_per_byte", t.arithmetic_intensity()},
          {"uncounted_ops", uncounted_json(p)}};
}

Table layers_table(const profile::Profile& p) {
  Table t;
  t.columns = {{"node"},          {"op_type", "op"},
               {"role"},          {"params"},
               {"macs", "MACs"},  {"flops", "FLOPs"},
               {"activations"},   {"bytes_read"},
               {"bytes_written"}, {"arithmetic_intensity_flop_per_byte", "FLOP/byte", 2},
               {"counted"}};
  for (const auto& l : p.layers) {
    t.rows.push_back({l.name, l.op_type, l.role, l.counts.params, l.counts.macs,
                      l.counts.flop_count, l.counts.activations, l.counts.bytes_read,
                      l.counts.bytes_written, l.counts.arithmetic_intensity(), l.counted});
  }
  return t;
}

Record profile_json(const profile::Profile& p, bool per_layer) {
  Record inputs = Record::array();
  for (const auto& in : p.inputs) {
    inputs.push_back({{"name", in.name}, {"shape", in.shape}, {"element_type", in.element_type}});
  }
  Record rules = Record::array();
  for (const auto& r : profile::op_costs(p.mode)) {
    rules.push_back({{"op_types", r.op_types}, {"rule", r.rule}});
  }
  Record out = {{"file", p.file},
                {"mode", profile::to_string(p.mode)},
                {"profiler_version", std::string(profile::kProfilerVersion)},
                {"opset", p.opset},
                {"nodes", p.node_count},
                {"inputs", inputs},
                {"totals", totals_json(p)},
                {"uncounted_ops", uncounted_json(p)},
                {"unresolved_shapes", p.unresolved_shapes},
                {"counting", {{"mode", mode_summary(p.mode)}, {"rules", rules}}}};
  if (per_layer) out["layers"] = table_json(layers_table(p));
  return out;
}

void print_text(std::ostream& out, const profile::Profile& p, bool per_layer) {
  if (per_layer) {
    print_table(out, layers_table(p), OutputFormat::text);
    out << '\n';
  }
  const auto& t = p.totals;
  out << fmt::format("file           {}\n", p.file);
  for (const auto& in : p.inputs) {
    out << fmt::format("input          {}={} ({})\n", in.name, shape_text(in.shape),
                       in.element_type);
  }
  out << fmt::format("mode           {}\n", mode_summary(p.mode));
  out << fmt::format("params         {} ({} M)\n", t.params,
                     format_number(units::to_mega(t.params), 6));
  out << fmt::format(
      "buffers        {} (BatchNorm running statistics and integer tensors, not parameters)\n",
      t.buffers);
  out << fmt::format("MACs           {} G (multiply-adds; attention {} G)\n",
                     format_number(units::to_giga(t.macs), 6),
                     format_number(units::to_giga(t.attention_macs), 4));
  out << fmt::format("FLOPs          {} G (floating-point operations)\n",
                     format_number(units::to_giga(t.flop_count), 6));
  out << fmt::format("activations    {} M elements\n",
                     format_number(units::to_mega(t.activations), 6));
  out << fmt::format("bytes read     {} MB\n", format_number(units::to_mega(t.bytes_read), 6));
  out << fmt::format("bytes written  {} MB\n", format_number(units::to_mega(t.bytes_written), 6));
  out << fmt::format("intensity      {} FLOP/byte\n", format_number(t.arithmetic_intensity()));
  out << fmt::format("nodes          {} (opset {})\n", p.node_count, p.opset);
  if (p.uncounted_ops.empty()) out << "uncounted ops  none\n";
  for (const auto& u : p.uncounted_ops) {
    out << fmt::format("uncounted op   {} ({}): {} nodes, {:.1f}% of nodes\n", u.op_type, u.domain,
                       u.nodes, 100 * u.share_of_nodes);
  }
  out << "counting rules:\n";
  for (const auto& r : profile::op_costs(p.mode)) {
    out << fmt::format("  {}: {}\n", r.op_types, r.rule);
  }
}

// CSV and Markdown: one row per node, or the totals as one flat record.
Data flat_view(const profile::Profile& p, bool per_layer) {
  if (per_layer) return layers_table(p);
  auto totals = totals_json(p);
  totals.erase("uncounted_ops");
  totals["mode"] = profile::to_string(p.mode);
  return totals;
}

void warn_unresolved(std::ostream& err, const profile::Profile& p) {
  if (p.unresolved_shapes.empty()) return;
  err << fmt::format(
      "infergy: warning: {} tensors kept an unknown shape and count as 0 "
      "(first: '{}')\n",
      p.unresolved_shapes.size(), p.unresolved_shapes[0]);
}

void register_profile(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ProfileArgs>();
  auto* cmd = app.add_subcommand(
      "profile", "count parameters, MACs, FLOPs, activations and bytes of an ONNX model");
  cmd->add_option("model", args->file, "ONNX model file")->required();
  cmd->add_option("--input", args->inputs,
                  "bind an input's shape, NAME=1x3x224x224 (repeatable; needed for dynamic "
                  "dimensions)")
      ->allow_extra_args(false);
  cmd->add_option("--mode", args->mode,
                  "torchvision: conv/linear/matmul multiply-adds only; full: all work")
      ->check(CLI::IsMember({"torchvision", "full"}));
  cmd->add_flag("--per-layer", args->per_layer, "one row per node");
  add_format_option(*cmd, ctx);
  cmd->callback([&ctx, args] {
    const auto result = profile::profile_file(args->file, options_of(args->inputs, args->mode));
    warn_unresolved(*ctx.err, result);
    emit(ctx, {profile_json(result, args->per_layer), flat_view(result, args->per_layer),
               [&](std::ostream& out) { print_text(out, result, args->per_layer); }});
  });
}

struct AddArgs {
  std::string onnx;
  std::string name;
  std::string domain = "cv";
  std::string architecture;
  std::string date;
  std::string accuracy;
  std::string accuracy_metric;
  std::string citation;
  std::vector<std::string> inputs;
  std::string mode = "torchvision";
};

// One models row in the catalog's CSV layout, validated by the store like an import.
csv::Document model_row(const AddArgs& a, const profile::Profile& p) {
  const bool macs = p.mode == profile::Mode::torchvision;
  const std::string provenance =
      fmt::format("counted by infergy profile v{}, mode {}, from {}", profile::kProfilerVersion,
                  profile::to_string(p.mode), std::filesystem::path(a.onnx).filename().string());
  std::string metric = a.accuracy_metric;
  if (metric.empty() && !a.accuracy.empty()) {
    metric = a.domain == "nlp" ? "glue-test" : "imagenet-top1";
  }
  std::string tokens;
  if (a.domain == "nlp" && !p.inputs.empty() && p.inputs[0].shape.size() == 2) {
    tokens = std::to_string(p.inputs[0].shape[1]);
  }
  csv::Document doc;
  doc.file = "models add";
  doc.header = {"name",           "domain",       "extra_data",      "architecture",
                "release_date",   "accuracy_pct", "accuracy_metric", "accuracy_source",
                "accuracy_flags", "params_m",     "params_source",   "params_flags",
                "compute",        "compute_unit", "compute_source",  "compute_flags",
                "input_tokens",   "citation",     "source"};
  const auto cells = std::vector<std::string>{
      a.name,
      a.domain,
      "",
      a.architecture,
      a.date,
      a.accuracy,
      metric,
      "",
      "",
      fmt::format("{:.6f}", units::to_mega(p.totals.params)),
      provenance,
      "",
      fmt::format("{:.6f}", units::to_giga(macs ? p.totals.macs : p.totals.flop_count)),
      macs ? "GMACs" : "GFLOPs",
      provenance,
      "",
      tokens,
      a.citation,
      provenance};
  csv::Row row;
  row.line = 2;
  for (size_t i = 0; i < cells.size(); ++i)
    row.cells.push_back({cells[i], static_cast<int>(i + 1)});
  doc.rows.push_back(std::move(row));
  return doc;
}

void register_models_add(CLI::App& app, Context& ctx) {
  auto* models = app.get_subcommand("models");
  auto args = std::make_shared<AddArgs>();
  auto* add = models->add_subcommand("add",
                                     "add a model to the catalog with counts from its "
                                     "ONNX file (infergy profile)");
  add->add_option("--onnx", args->onnx, "ONNX model file")->required();
  add->add_option("--name", args->name, "model name in the catalog")->required();
  add->add_option("--date", args->date, "release date, YYYY-MM-DD")->required();
  add->add_option("--domain", args->domain, "cv or nlp")->check(CLI::IsMember({"cv", "nlp"}));
  add->add_option("--architecture", args->architecture, "e.g. CNN, Transformer");
  add->add_option("--accuracy", args->accuracy, "accuracy in percent (e.g. ImageNet top-1)");
  add->add_option("--accuracy-metric", args->accuracy_metric,
                  "default: imagenet-top1 (cv), glue-test (nlp)");
  add->add_option("--citation", args->citation, "where the model comes from");
  add->add_option("--input", args->inputs, "bind an input's shape, NAME=1x3x224x224")
      ->allow_extra_args(false);
  add->add_option("--mode", args->mode,
                  "torchvision (stored as GMACs, the default) or full (stored as GFLOPs)")
      ->check(CLI::IsMember({"torchvision", "full"}));
  add_format_option(*add, ctx);
  add->callback([&ctx, args] {
    const auto result = profile::profile_file(args->onnx, options_of(args->inputs, args->mode));
    warn_unresolved(*ctx.err, result);
    const auto doc = model_row(*args, result);
    const auto imported =
        catalog::import_document(ctx.store().datasets(), doc, "profile:" + args->onnx, "models");
    Record record;
    for (size_t i = 0; i < doc.header.size(); ++i) {
      record[doc.header[i]] = doc.rows[0].cells[i].text;
    }
    record["rows"] = imported.rows;
    emit(ctx, {record});
  });
}

}  // namespace

void register_profile_commands(CLI::App& app, Context& ctx) {
  register_profile(app, ctx);
  register_models_add(app, ctx);
}

}  // namespace infergy::cli
