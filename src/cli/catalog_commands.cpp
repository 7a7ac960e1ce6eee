// models list|show, gpus list|show.
#include <memory>

#include "context.hpp"
#include "infergy/error.hpp"
#include "infergy/units.hpp"

namespace infergy::cli {
namespace {

struct Filters {
  std::string domain;
  std::string architecture;
  std::string extra_data;  // yes|no
  std::string precision;
  std::string type;
  int year_from = 0;
  int year_to = 9999;
};

void add_year_filters(CLI::App& cmd, Filters& f) {
  cmd.add_option("--from-year", f.year_from, "only items from this year on");
  cmd.add_option("--to-year", f.year_to, "only items up to this year");
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool keep_model(const catalog::Model& m, const Filters& f) {
  if (!f.domain.empty() && m.domain != catalog::parse_domain(f.domain)) return false;
  if (!f.architecture.empty() && lower(m.architecture) != lower(f.architecture)) return false;
  if (f.extra_data == "yes" && m.extra_data.empty()) return false;
  if (f.extra_data == "no" && !m.extra_data.empty()) return false;
  return m.release_date.year >= f.year_from && m.release_date.year <= f.year_to;
}

nlohmann::json opt(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nullptr; }

Table models_table(const std::vector<const catalog::Model*>& models) {
  Table t;
  t.columns = {{"name"},
               {"domain"},
               {"extra_data"},
               {"architecture"},
               {"release_date"},
               {"accuracy_pct", "accuracy_%", 2},
               {"accuracy_metric"},
               {"accuracy_flags", "acc_flags"},
               {"params_m", "params_M", 2},
               {"compute"},
               {"compute_unit"},
               {"compute_flags", "flags"},
               {"gflops", "GFLOPs", 2},
               {"input_tokens", "tokens"},
               {"source"}};
  for (const auto* m : models) {
    t.rows.push_back({m->name, catalog::to_string(m->domain), m->extra_data, m->architecture,
                      m->release_date.iso(), opt(m->accuracy_pct), m->accuracy_metric,
                      m->accuracy_flags, opt(m->params_m), m->compute,
                      m->compute_unit == catalog::ComputeUnit::gflop ? "GFLOPs" : "GMACs",
                      m->compute_flags, m->gflop_count(),
                      m->input_tokens ? nlohmann::json(*m->input_tokens) : nullptr, m->source});
  }
  return t;
}

Table gpus_table(const std::vector<const catalog::Gpu*>& gpus) {
  Table t;
  t.columns = {{"name"},
               {"precision"},
               {"paper_label", "label"},
               {"peak_tflops", "peak_TFLOP/s", 2},
               {"tdp_w", "TDP_W", 0},
               {"gflops_per_watt", "GFLOP/J", 2},
               {"printed_gflops_per_watt", "printed_GFLOP/J", 2},
               {"launch_date"},
               {"type"},
               {"source"}};
  for (const auto* g : gpus) {
    t.rows.push_back({g->name, catalog::to_string(g->precision), catalog::paper_label(g->precision),
                      g->peak_tflop_per_second, g->tdp_w, units::to_giga(g->flop_per_joule()),
                      opt(g->printed_gflop_per_joule), g->launch_date.iso(), g->type, g->source});
  }
  return t;
}

// Every stored field of a model in the catalog's column order, FLOPs beside the compute.
Record model_record(const nlohmann::json& row, const catalog::Model& m) {
  std::vector<std::string> order;
  for (const auto& field : catalog::dataset("models").fields) {
    order.push_back(field.name);
    if (field.name == "compute_flags") order.insert(order.end(), {"flop_count", "flop_count_note"});
  }
  Record record(row);
  record["flop_count"] = m.flop_count();
  record["flop_count_note"] = m.compute_unit == catalog::ComputeUnit::gmac
                                  ? "2 x the multiply-adds the source reported"
                                  : "FLOPs as the source reported them";
  return in_key_order(std::move(record), order);
}

// The text form says why a field is empty: an empty *_source means the value comes from
// the model's own paper (docs/data.md), empty extra_data means ImageNet only.
Record model_text_record(Record record) {
  const std::string citation = record.value("citation", "");
  for (const char* key : {"accuracy_source", "params_source", "compute_source"}) {
    if (record[key] == "") {
      record[key] = citation.empty() ? "the model's own paper" : "its own paper (" + citation + ")";
    }
  }
  if (record["extra_data"] == "")
    record["extra_data"] = record["domain"] == "cv" ? "none (ImageNet only)" : "none";
  for (const char* key : {"accuracy_flags", "params_flags", "compute_flags"}) {
    if (record[key] == "") record[key] = "none";
  }
  if (record["input_tokens"].is_null() && record["domain"] == "cv")
    record["input_tokens"] = "n/a (an image model)";
  if (record["accuracy_pct"].is_null()) record["accuracy_pct"] = "not printed by the source";
  return record;
}

void register_models(CLI::App& app, Context& ctx) {
  auto* models = app.add_subcommand("models", "list and show the models of the catalog");
  models->require_subcommand(1);
  auto filters = std::make_shared<Filters>();
  auto* list = models->add_subcommand("list", "list models (filters combine)");
  list->add_option("--domain", filters->domain, "cv or nlp")->check(CLI::IsMember({"cv", "nlp"}));
  list->add_option("--architecture", filters->architecture, "e.g. CNN, Transformer");
  list->add_option("--extra-data", filters->extra_data, "yes: trained with extra data; no: not")
      ->check(CLI::IsMember({"yes", "no"}));
  add_year_filters(*list, *filters);
  add_format_option(*list, ctx);
  list->callback([&ctx, filters] {
    auto catalog = ctx.store().catalog();
    std::vector<const catalog::Model*> rows;
    for (const auto& m : catalog.models) {
      if (keep_model(m, *filters)) rows.push_back(&m);
    }
    emit(ctx, {models_table(rows)});
  });

  auto name = std::make_shared<std::string>();
  auto* show = models->add_subcommand("show", "every field of one model, with sources");
  show->add_option("name", *name, "model name; 'name [extra data]' picks a variant")->required();
  add_format_option(*show, ctx);
  show->callback([&ctx, name] {
    const auto catalog = ctx.store().catalog();
    const auto& m = catalog.find_model(*name);
    for (const auto& row : ctx.store().datasets().rows(catalog::dataset("models"))) {
      if (row["name"] == m.name && row["extra_data"] == m.extra_data &&
          row["domain"] == catalog::to_string(m.domain)) {
        auto record = model_record(row, m);
        auto text = model_text_record(record);
        emit(ctx, {record, std::nullopt,
                   [text](std::ostream& out) { print_record(out, text, OutputFormat::text); }});
      }
    }
  });
}

void register_gpus(CLI::App& app, Context& ctx) {
  auto* gpus = app.add_subcommand("gpus", "list and show the GPUs of the catalog");
  gpus->require_subcommand(1);
  auto filters = std::make_shared<Filters>();
  auto* list = gpus->add_subcommand("list", "list GPU rows (one per GPU and precision)");
  list->add_option("--precision", filters->precision,
                   "fp32, fp16, fp16-tensor, tf32-tensor or bf16-tensor");
  list->add_option("--type", filters->type, "Desktop or Server");
  add_year_filters(*list, *filters);
  add_format_option(*list, ctx);
  list->callback([&ctx, filters] {
    auto catalog = ctx.store().catalog();
    std::optional<catalog::Precision> precision;
    if (!filters->precision.empty()) precision = catalog::parse_precision(filters->precision);
    std::vector<const catalog::Gpu*> rows;
    for (const auto& g : catalog.gpus) {
      if (precision && g.precision != *precision) continue;
      if (!filters->type.empty() && lower(g.type) != lower(filters->type)) continue;
      if (g.launch_date.year < filters->year_from || g.launch_date.year > filters->year_to) {
        continue;
      }
      rows.push_back(&g);
    }
    emit(ctx, {gpus_table(rows)});
  });

  auto name = std::make_shared<std::string>();
  auto* show = gpus->add_subcommand("show", "every precision row of one GPU");
  show->add_option("name", *name, "GPU name or part of it, e.g. \"Tesla V100\" or V100")
      ->required();
  add_format_option(*show, ctx);
  show->callback([&ctx, name] {
    auto catalog = ctx.store().catalog();
    auto rows = catalog.gpu_rows(catalog.resolve_gpu_name(*name));  // "V100" finds Tesla V100
    emit(ctx, {gpus_table(rows)});
  });
}

}  // namespace

void register_catalog_commands(CLI::App& app, Context& ctx) {
  register_models(app, ctx);
  register_gpus(app, ctx);
}

}  // namespace infergy::cli
