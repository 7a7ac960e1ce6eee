// estimate, estimate-flops.
#include <cmath>
#include <memory>

#include <fmt/format.h>

#include "calibrated_estimate.hpp"
#include "context.hpp"
#include "infergy/analysis.hpp"
#include "infergy/compare_figures.hpp"
#include "infergy/error.hpp"
#include "infergy/estimate.hpp"
#include "infergy/setup_repository.hpp"
#include "infergy/units.hpp"

namespace infergy::cli {
namespace {

struct EstimateArgs {
  std::string model;
  std::optional<double> gflop_count;
  std::optional<double> gmacs;
  std::string gpu = "Tesla V100";
  std::string precision;
  std::string efficiency = "peak";
  std::string method;  // peak | adapted | paper; overrides --efficiency
  std::string task;
  std::optional<double> year;  // paper method with --gflops/--gmacs
  bool all_gpus = false;
  CalibratedArgs calibrated;  // --method calibrated
};

struct Compute {
  Record record;  // what was estimated and how its FLOPs were counted
  double flop_count = 0;
  std::optional<catalog::Domain> domain;
};

Compute resolve_compute(const EstimateArgs& a, const catalog::Catalog& catalog) {
  int given = !a.model.empty() + a.gflop_count.has_value() + a.gmacs.has_value();
  if (given != 1) throw InputError("give exactly one of --model, --gflops or --gmacs");
  Compute c;
  if (a.gflop_count || a.gmacs) {
    double value = a.gflop_count ? *a.gflop_count : *a.gmacs;
    if (!(value >= 0)) throw InputError("compute must be a non-negative number");
    c.flop_count = units::from_giga(a.gflop_count ? value : units::flop_count_from_macs(value));
    c.record["compute_as_given"] = fmt::format("{} {}", value, a.gflop_count ? "GFLOPs" : "GMACs");
  } else {
    const auto& m = catalog.find_model(a.model);
    c.flop_count = m.flop_count();
    c.domain = m.domain;
    c.record["model"] = m.display_name();
    c.record["domain"] = catalog::to_string(m.domain);
    c.record["release_date"] = m.release_date.iso();
    c.record["compute_as_given"] = fmt::format(
        "{} {}{}", m.compute, m.compute_unit == catalog::ComputeUnit::gflop ? "GFLOPs" : "GMACs",
        m.compute_flags.empty() ? "" : " " + m.compute_flags);
    c.record["compute_source"] = m.source;
  }
  c.record["counting"] = "1 multiply-add = 2 FLOPs";
  return c;
}

estimate::Efficiency resolve_efficiency(const EstimateArgs& a, const catalog::Catalog& catalog,
                                        std::optional<catalog::Domain> model_domain) {
  if (a.efficiency == "peak") {
    auto precision = catalog::parse_precision(a.precision.empty() ? "fp32" : a.precision);
    return estimate::peak_efficiency(catalog.find_gpu(a.gpu, precision));
  }
  auto task = !a.task.empty() ? catalog::parse_domain(a.task)
              : model_domain  ? *model_domain
                              : throw InputError(
                                    "--efficiency adapted needs --task cv|nlp "
                                     "when no --model is given");
  auto row =
      estimate::find_adapted(catalog, task, a.gpu, a.precision.empty() ? "mixed" : a.precision);
  return row.efficiency();
}

// Identity, the energy, then how it was computed.
const std::vector<std::string> kEstimateKeys = {"model",
                                                "gpu",
                                                "precision",
                                                "energy_j",
                                                "flop_count",
                                                "gflops",
                                                "flop_per_joule",
                                                "gflop_per_joule",
                                                "flop_per_second",
                                                "tdp_w",
                                                "efficiency_basis",
                                                "trend_year",
                                                "trend_factor_per_year",
                                                "domain",
                                                "release_date",
                                                "compute_as_given",
                                                "compute_source",
                                                "counting",
                                                "note"};

// The human form of every estimate; `efficiency` says where its FLOP per joule came from.
void print_estimate_text(std::ostream& out, const Record& r, const std::string& efficiency) {
  if (r.contains("model")) {
    out << fmt::format("model        {} ({}, released {})\n", r["model"].get<std::string>(),
                       r["domain"].get<std::string>(), r["release_date"].get<std::string>());
  }
  out << fmt::format("compute      {} GFLOPs per inference ({} as given; {})\n",
                     format_number(units::to_giga(r["flop_count"].get<double>())),
                     r["compute_as_given"].get<std::string>(), r["counting"].get<std::string>());
  out << "efficiency   " << efficiency << '\n';
  out << fmt::format("energy       {} J per inference ({} mJ)\n",
                     format_number(r["energy_j"].get<double>()),
                     format_number(units::to_milli(r["energy_j"].get<double>())));
  out << "note         " << r["note"].get<std::string>() << '\n';
}

void emit_estimate(Context& ctx, const Record& r, const std::string& efficiency) {
  auto record = in_key_order(r, kEstimateKeys);
  emit(ctx, {record, std::nullopt, [record, efficiency](std::ostream& out) {
               print_estimate_text(out, record, efficiency);
             }});
}

// The paper's method: the efficiency is the Fig. 8 trend of the task at the release date.
void print_paper_estimate(Context& ctx, const EstimateArgs& a, const catalog::Catalog& catalog,
                          const Compute& compute) {
  auto task = !a.task.empty()  ? catalog::parse_domain(a.task)
              : compute.domain ? *compute.domain
                               : throw InputError(
                                     "--method paper needs --task cv|nlp when no "
                                     "--model is given");
  double year = 0;
  if (!a.model.empty()) {
    year = fractional_year(catalog.find_model(a.model).release_date);
  } else if (a.year) {
    year = *a.year;
  } else {
    throw InputError("--method paper needs --model, or --year with --gflops/--gmacs");
  }
  analysis::GpuFilter gpus;
  gpus.paper_only = !a.all_gpus;
  auto trend = analysis::adapted_efficiency_trend(catalog, task, gpus);
  double gflop_per_joule = std::pow(10.0, trend.log10_fit.predict(year));
  auto r = compute.record;
  r["flop_count"] = compute.flop_count;
  r["gflops"] = units::to_giga(compute.flop_count);
  r["efficiency_basis"] = task == catalog::Domain::cv ? "paper-trend-cnn" : "paper-trend-nlp";
  r["trend_year"] = year;
  r["trend_factor_per_year"] = trend.factor_per_year;
  r["flop_per_joule"] = units::from_giga(gflop_per_joule);
  r["gflop_per_joule"] = gflop_per_joule;
  r["energy_j"] = estimate::energy_j(compute.flop_count, units::from_giga(gflop_per_joule));
  r["note"] =
      "the paper's estimate: FLOPs over the fitted GPU efficiency of the release date, not a "
      "measurement";
  emit_estimate(
      ctx, r,
      fmt::format("{} GFLOP/J: adapted {} GPU trend at {:.2f} (x{:.3f} per year)",
                  format_number(gflop_per_joule), task == catalog::Domain::cv ? "CNN" : "NLP", year,
                  trend.factor_per_year));
}

void register_estimate(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<EstimateArgs>();
  auto* cmd = app.add_subcommand(
      "estimate", "energy per inference = FLOPs / (FLOPs per joule of a GPU): an estimate");
  cmd->add_option("--model", a->model, "a catalog model (see 'infergy models list')");
  cmd->add_option("--gflops", a->gflop_count, "compute in GFLOPs (a multiply-add = 2 FLOPs)");
  cmd->add_option("--gmacs", a->gmacs, "compute in giga multiply-adds (converted: x2)");
  cmd->add_option("--gpu", a->gpu, "catalog GPU name")->capture_default_str();
  cmd->add_option("--precision", a->precision,
                  "peak: fp32 (default), fp16, fp16-tensor, tf32-tensor, bf16-tensor; "
                  "adapted: mixed (default) or tf32");
  cmd->add_option("--efficiency", a->efficiency,
                  "peak: peak FLOP/s / TDP; adapted: the paper's FP32 peak x measured speed-up")
      ->check(CLI::IsMember({"peak", "adapted"}))
      ->capture_default_str();
  cmd->add_option("--task", a->task,
                  "cv or nlp: which adapted speed-ups (default: model's domain)");
  add_format_option(*cmd, ctx);
  cmd->add_option("--method", a->method,
                  "peak or adapted (as --efficiency), or paper: FLOPs / the adapted-efficiency "
                  "trend at the model's release date (Desislavov et al. Eq. 1-2); "
                  "calibrated: learned from measured setups ('infergy calibrate fit')")
      ->check(CLI::IsMember({"peak", "adapted", "paper", "calibrated"}));
  add_calibrated_options(*cmd, a->calibrated);
  cmd->add_option("--year", a->year, "paper method without --model: the year to read the trend at");
  cmd->add_flag("--all-gpus", a->all_gpus,
                "paper method: trend from every GPU, not the paper's only");
  cmd->callback([&ctx, a] {
    if (a->method == "calibrated") {
      return print_calibrated_estimate(ctx, a->calibrated, a->model, a->gmacs, a->gpu);
    }
    auto catalog = ctx.store().catalog();
    auto compute = resolve_compute(*a, catalog);
    if (a->method == "paper") return print_paper_estimate(ctx, *a, catalog, compute);
    if (!a->method.empty()) a->efficiency = a->method;
    auto eff = resolve_efficiency(*a, catalog, compute.domain);
    auto r = compute.record;
    r["flop_count"] = compute.flop_count;
    r["gflops"] = units::to_giga(compute.flop_count);
    r["gpu"] = eff.gpu;
    r["precision"] = eff.precision;
    r["efficiency_basis"] = eff.basis;
    r["flop_per_second"] = eff.flop_per_second;
    r["tdp_w"] = eff.tdp_w;
    r["flop_per_joule"] = eff.flop_per_joule;
    r["gflop_per_joule"] = units::to_giga(eff.flop_per_joule);
    r["energy_j"] = estimate::energy_j(compute.flop_count, eff.flop_per_joule);
    r["note"] = compare::naive_estimate_note(compare::load_measured_setups(ctx.store().setups()),
                                             ctx.store().catalog());
    emit_estimate(ctx, r,
                  fmt::format("{} GFLOP/J = {} TFLOP/s / {} W ({} {}, {})",
                              format_number(units::to_giga(eff.flop_per_joule)),
                              format_number(units::to_tera(eff.flop_per_second)),
                              format_number(eff.tdp_w), eff.gpu, eff.precision, eff.basis));
  });
}

struct ScalingArgs {
  std::string base;
  std::optional<double> base_gflop_count;
  double depth = 1, width = 1, resolution = 1;
  std::string compare;
  bool paper_examples = false;
};

Table examples_table() {
  Table t;
  t.columns = {{"model"},
               {"recipe"},
               {"gflops", "computed_GFLOPs", 2},
               {"printed_gflops", "printed_GFLOPs", 2},
               {"difference_pct", "diff_%", 2}};
  for (const auto& e : estimate::paper_scaling_examples()) {
    t.rows.push_back({e.model, e.recipe, e.gflop_count(), e.printed_gflop_count,
                      100.0 * (e.gflop_count() - e.printed_gflop_count) / e.printed_gflop_count});
  }
  return t;
}

void register_scaling(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<ScalingArgs>();
  auto* cmd = app.add_subcommand(
      "estimate-flops",
      "compute of a scaled model (paper appendix Eq. 3-4): base x depth x width^2 x resolution^2");
  cmd->add_option("--base", a->base, "catalog model to scale from");
  cmd->add_option("--base-gflops", a->base_gflop_count, "or the base compute in GFLOPs");
  cmd->add_option("--depth-factor", a->depth, "depth multiplier d")->check(CLI::PositiveNumber);
  cmd->add_option("--width-factor", a->width, "width multiplier w")->check(CLI::PositiveNumber);
  cmd->add_option("--resolution-factor", a->resolution, "resolution multiplier r (ViT: r only)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--compare", a->compare, "catalog model whose printed GFLOPs to show beside");
  cmd->add_flag("--paper-examples", a->paper_examples,
                "the appendix's recipes, computed, beside the values Table 2 prints");
  add_format_option(*cmd, ctx);
  cmd->callback([&ctx, a] {
    if (a->paper_examples) return emit(ctx, {examples_table()});
    if (a->base.empty() == !a->base_gflop_count.has_value()) {
      throw InputError("give exactly one of --base MODEL or --base-gflops X");
    }
    Record r;
    double base = 0;
    if (a->base_gflop_count) {
      base = *a->base_gflop_count;
      r["base"] = fmt::format("{} GFLOPs", base);
    } else {
      auto catalog = ctx.store().catalog();
      const auto& m = catalog.find_model(a->base);
      base = m.gflop_count();
      r["base"] = m.display_name();
    }
    r["base_gflops"] = base;
    r["depth_factor"] = a->depth;
    r["width_factor"] = a->width;
    r["resolution_factor"] = a->resolution;
    r["rule"] = "GFLOPs = base x d x w^2 x r^2";
    r["gflops"] = estimate::compound_scaled_gflop_count(base, a->depth, a->width, a->resolution);
    if (!a->compare.empty()) {
      auto catalog = ctx.store().catalog();
      const auto& m = catalog.find_model(a->compare);
      r["compare_model"] = m.display_name();
      r["compare_printed_gflops"] = m.gflop_count();
    }
    r["note"] = "an estimate from scaling rules, not a count";
    emit(ctx, {in_key_order(std::move(r), {"base", "gflops"})});
  });
}

}  // namespace

void register_estimate_commands(CLI::App& app, Context& ctx) {
  register_estimate(app, ctx);
  register_scaling(app, ctx);
}

}  // namespace infergy::cli
