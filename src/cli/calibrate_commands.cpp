// calibrate fit | show | evaluate, and `estimate --method calibrated` (one model, or a
// CSV of them). The estimator itself lives in src/calibrate; this file parses and prints.
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "calibrated_estimate.hpp"
#include "context.hpp"
#include "infergy/calibrate.hpp"
#include "infergy/csv.hpp"
#include "infergy/dates.hpp"
#include "infergy/error.hpp"
#include "infergy/profile.hpp"
#include "infergy/setup_repository.hpp"
#include "infergy/units.hpp"

namespace infergy::cli {
namespace {

struct FitArgs {
  calibrate::Options options;
  std::optional<int64_t> version;  // show
};

calibrate::TrainingData load_training(Context& ctx) {
  return calibrate::training_data(compare::load_measured_setups(ctx.store().setups()));
}

calibrate::Options options_of(const FitArgs& a) { return a.options; }

void add_fit_options(CLI::App& cmd, FitArgs& a) {
  auto& o = a.options;
  cmd.option_defaults()->always_capture_default();  // --help shows every default
  cmd.add_option("--level", o.level, "prediction interval level, in (0, 1)");
  cmd.add_option("--folds", o.folds, "cross-validation folds (fold = FNV-1a(model) mod folds)");
  // The tuning knobs (docs/estimation.md: chosen by cross-validation on the sample).
  cmd.add_option("--family-penalty", o.family_penalty, "shrinkage of family intercepts");
  cmd.add_option("--family-slope-penalty", o.family_slope_penalty,
                 "shrinkage of family slopes on ln MACs");
  cmd.add_option("--architecture-penalty", o.architecture_penalty,
                 "shrinkage of architecture effects toward the family");
  cmd.add_option("--type-penalty", o.type_penalty,
                 "shrinkage of architecture-type intercepts (CNN, Transformer, ...)");
  cmd.add_option("--tensorrt-type-penalty", o.tensorrt_type_penalty, "the same, TensorRT setups");
  cmd.add_option("--type-slope-penalty", o.type_slope_penalty,
                 "shrinkage of architecture-type slopes on ln MACs");
  cmd.add_option("--huber", o.huber_k,
                 "Huber loss cut in robust sds of ln energy (0: least squares)");
  cmd.add_option("--ridge", o.ridge, "ridge on the standardised count terms");
  cmd.add_option("--similar-family-threshold", o.similar_family_threshold,
                 "name similarity an unseen family needs to borrow a family's effect");
  cmd.add_option("--year-penalty", o.year_penalty,
                 "shrinkage of a slope on the family's first-paper year (0: no year term)");
  cmd.option_defaults()->always_capture_default(false);  // not for --format, added next
}

constexpr const char* kNoCalibration =
    "no calibrated estimator in the store: import measurements ('infergy import yang DIR' or "
    "'infergy import runs ID...') and run 'infergy calibrate fit'";

struct Loaded {
  calibrate::StoredCalibration stored;
  calibrate::Estimator estimator;
};

Loaded load_estimator(Context& ctx, std::optional<int64_t> version) {
  auto& repo = ctx.store().calibrations();
  auto stored = version ? repo.find(*version) : repo.latest();
  if (!stored) {
    if (version) throw InputError(fmt::format("no calibration version {} in the store", *version));
    throw InputError(kNoCalibration);
  }
  return {*stored, calibrate::estimator_from_json(stored->estimator)};
}

Table setups_table(const calibrate::Estimator& e) {
  Table t;
  t.columns = {{"setup"},
               {"gpu"},
               {"runtime"},
               {"points"},
               {"families"},
               {"architectures"},
               {"residual_sd", "resid_sd", 3},
               {"seen_factor", "interval_seen_x", 3},
               {"unseen_factor", "interval_unseen_x", 3},
               {"without_activations_residual_sd", "resid_sd_no_act", 3}};
  for (const auto& s : e.setups) {
    t.rows.push_back({s.setup.name, s.setup.gpu, s.setup.runtime, s.full.points,
                      s.full.families.size(), s.full.architectures.size(), s.full.residual_sd,
                      std::exp(s.full.seen_quantile), std::exp(s.full.unseen_quantile),
                      s.without_activations.residual_sd});
  }
  return t;
}

Record summary(const Loaded& l) {
  const auto& e = l.estimator;
  Record r;
  r["version"] = l.stored.version;
  r["created_at"] = l.stored.created_at;
  r["training_hash"] = e.training_hash;
  r["options_hash"] = e.options_hash;
  r["points"] = e.points;
  r["skipped"] = e.skipped;
  r["level"] = e.options.level;
  r["setups"] = table_json(setups_table(e));
  Record transfer = Record::array();
  for (const auto& t : e.transfer) {
    transfer.push_back({{"runtime", t.runtime},
                        {"residuals", t.residuals},
                        {"error_factor", t.error_factor},
                        {"interval_factor", std::exp(t.quantile)}});
  }
  r["transfer"] = transfer;
  r["notes"] = e.notes;
  return r;
}

void print_summary_text(std::ostream& out, const Loaded& l) {
  const auto& e = l.estimator;
  out << fmt::format("calibration  version {} ({}), training data {}, options {}\n",
                     l.stored.version, l.stored.created_at, e.training_hash, e.options_hash);
  out << fmt::format(
      "trained on   {} points ({} measurements without counts skipped); "
      "{}% intervals\n\n",
      e.points, e.skipped, format_number(100 * e.options.level));
  print_table(out, setups_table(e), OutputFormat::text);
  for (const auto& t : e.transfer) {
    out << fmt::format("transfer     {}: {} cross-GPU residuals, error factor {}, interval x{}\n",
                       t.runtime, t.residuals, format_number(t.error_factor),
                       format_number(std::exp(t.quantile)));
  }
  for (const auto& n : e.notes) out << "note         " << n << '\n';
}

// The coefficients of one regression, the architecture-type and family effects after them.
Table coefficients_table(const calibrate::Estimator& e) {
  Table t;
  t.columns = {
      {"setup"}, {"kind"}, {"name"}, {"points"}, {"value", "value", 4}, {"slope", "slope", 4}};
  for (const auto& s : e.setups) {
    for (size_t k = 0; k < s.full.terms.size(); ++k) {
      t.rows.push_back(
          {s.setup.name, "term", s.full.terms[k], s.full.points, s.full.coefficients[k], nullptr});
    }
    if (s.full.year_coefficient != 0) {  // per sd of the family's first-paper year
      t.rows.push_back({s.setup.name, "year", "first_paper_year", s.full.points,
                        s.full.year_coefficient, nullptr});
    }
    for (const auto& y : s.full.types) {
      t.rows.push_back({s.setup.name, "type", y.family, y.points, y.intercept, y.slope});
    }
    for (const auto& f : s.full.families) {
      t.rows.push_back({s.setup.name, "family", f.family, f.points, f.intercept, f.slope});
    }
  }
  return t;
}

void register_fit(CLI::App& calibrate, Context& ctx) {
  auto a = std::make_shared<FitArgs>();
  auto* cmd = calibrate.add_subcommand(
      "fit", "fit the calibrated estimator on the store's measured setups and save it");
  add_fit_options(*cmd, *a);
  add_format_option(*cmd, ctx);
  cmd->callback([&ctx, a] {
    const auto data = load_training(ctx);
    const auto catalog = ctx.store().catalog();
    *ctx.err << fmt::format("fitting on {} points of {} setups...\n", data.points.size(),
                            data.setups.size());
    auto estimator = calibrate::fit(data, catalog, options_of(*a));
    calibrate::StoredCalibration stored;
    stored.format_version = estimator.format_version;
    stored.created_at = utc_now_iso();
    stored.training_hash = estimator.training_hash;
    stored.options_hash = estimator.options_hash;
    stored.options = calibrate::to_json(estimator.options);
    stored.estimator = calibrate::to_json(estimator);
    stored.version = ctx.store().calibrations().save(stored);
    Loaded l{stored, std::move(estimator)};
    auto record = summary(l);
    emit(ctx, {record, std::nullopt, [l](std::ostream& out) { print_summary_text(out, l); }});
  });
}

void register_show(CLI::App& calibrate, Context& ctx) {
  auto a = std::make_shared<FitArgs>();
  auto* cmd = calibrate.add_subcommand(
      "show", "print the saved estimator: setups, coefficients, families, residual spread");
  cmd->add_option("--version", a->version, "a saved version (default: the latest)");
  add_format_option(*cmd, ctx);
  cmd->callback([&ctx, a] {
    const auto l = load_estimator(ctx, a->version);
    auto record = summary(l);
    record["coefficients"] = table_json(coefficients_table(l.estimator));
    emit(ctx, {record, coefficients_table(l.estimator), [l](std::ostream& out) {
                 print_summary_text(out, l);
                 out << '\n';
                 print_table(out, coefficients_table(l.estimator), OutputFormat::text);
               }});
  });
}

void register_evaluate(CLI::App& calibrate, Context& ctx) {
  auto a = std::make_shared<FitArgs>();
  auto* cmd = calibrate.add_subcommand(
      "evaluate",
      "k-fold and leave-one-family-out errors per setup, beside the naive and adapted "
      "estimates, and the transfer between measured GPUs");
  add_fit_options(*cmd, *a);
  add_format_option(*cmd, ctx);
  cmd->callback([&ctx, a] {
    const auto data = load_training(ctx);
    const auto catalog = ctx.store().catalog();
    *ctx.err << fmt::format("evaluating on {} points of {} setups...\n", data.points.size(),
                            data.setups.size());
    const auto ev = calibrate::evaluate(data, catalog, options_of(*a));
    auto setups = calibrate::evaluation_table(ev);
    auto transfers = calibrate::transfer_table(ev);
    auto notes = ev.notes;
    emit(ctx, {calibrate::to_json(ev), setups, [setups, transfers, notes](std::ostream& out) {
                 print_table(out, setups, OutputFormat::text);
                 out << '\n';
                 print_table(out, transfers, OutputFormat::text);
                 for (const auto& n : notes) out << "note  " << n << '\n';
               }});
  });
}

// ---------------------------------------------------------------- estimate --method calibrated

// Counts of an ONNX file per image: the profiler's multiply-adds, parameters and the
// outputs of every node (full mode). Yang et al.'s activations count more than the
// conv/linear/matmul outputs: ResNet-50 at 224 px has 43.3 M there, 37.6 M here (every
// node) and 11.1 M for conv/linear/matmul alone, so every node is the nearer count.
calibrate::Counts onnx_counts(const std::string& path) {
  const auto p = profile::profile_file(path, {});
  double batch = 1;
  int input_px = 0;
  for (const auto& in : p.inputs) {
    if (in.shape.size() == 4) {
      batch = static_cast<double>(std::max<int64_t>(in.shape[0], 1));
      input_px = static_cast<int>(in.shape[3]);
      break;
    }
  }
  if (input_px <= 0) {
    throw InputError(path +
                     ": no image input (N x C x H x W) to read the input size from; "
                     "give the counts with --gmacs, --params, --input-size");
  }
  const auto activations = static_cast<double>(p.totals.activations);
  calibrate::Counts c;
  c.macs = p.totals.macs / batch;
  c.params = static_cast<double>(p.totals.params);
  if (activations > 0) c.activations = activations / batch;
  c.input_px = input_px;
  return c;
}

calibrate::Query single_query(const CalibratedArgs& a, const std::string& model,
                              std::optional<double> gmacs, const std::string& gpu,
                              const catalog::Catalog& catalog) {
  calibrate::Query q;
  q.gpu = gpu;
  q.runtime = a.runtime;
  if (!a.family.empty()) q.family = a.family;
  int given = !model.empty() + !a.onnx.empty() + gmacs.has_value();
  if (given != 1) {
    throw InputError(
        "--method calibrated needs exactly one of --model, --onnx FILE or --gmacs "
        "(with --params and --input-size), or --input FILE.csv");
  }
  if (!a.onnx.empty()) {
    q.model = std::filesystem::path(a.onnx).stem().string();
    q.counts = onnx_counts(a.onnx);
  } else if (gmacs) {
    if (!a.params || !a.input_size) {
      throw InputError("--gmacs with --method calibrated needs --params and --input-size too");
    }
    q.model = a.name;
    q.counts = {units::from_giga(*gmacs), *a.params, a.activations, *a.input_size};
  } else {
    const auto& m = catalog.find_model(model);
    if (!m.params_m) throw InputError("catalog model '" + model + "' has no parameter count");
    q.model = m.display_name();
    q.counts = {m.flop_count() / units::kFlopPerMac, units::from_mega(*m.params_m), std::nullopt,
                a.input_size.value_or(224)};
  }
  if (a.activations) q.counts.activations = a.activations;
  if (a.params && !gmacs) q.counts.params = *a.params;
  calibrate::validate(q.counts, q.model.empty() ? "the counts" : q.model);
  return q;
}

const std::vector<std::string> kBatchColumns = {"model",         "input_size",     "gpu",
                                                "runtime",       "energy_j",       "energy_low_j",
                                                "energy_high_j", "interval_level", "family"};

Record prediction_record(const calibrate::Query& q, const calibrate::Prediction& p,
                         const Loaded& l) {
  Record r;
  r["model"] = q.model;
  r["input_size"] = q.counts.input_px;
  r["gpu"] = p.gpu;
  r["runtime"] = p.runtime;
  r["energy_j"] = p.energy_j;
  r["energy_low_j"] = p.low_j;
  r["energy_high_j"] = p.high_j;
  r["interval_level"] = p.level;
  r["family"] = p.family_seen || p.family_basis != "unseen family" ? p.family : "unseen family";
  r["family_basis"] = p.family_basis;
  r["setup"] = p.setup;
  r["points"] = p.points;
  r["trained_on"] = p.trained_on;
  r["features"] = p.features;
  r["macs"] = q.counts.macs;
  r["params"] = q.counts.params;
  r["activations"] = q.counts.activations ? Record(*q.counts.activations) : Record(nullptr);
  r["estimator_version"] = l.stored.version;
  r["training_hash"] = l.estimator.training_hash;
  r["label"] = p.label;
  return r;
}

void print_prediction_text(std::ostream& out, const Record& r) {
  out << fmt::format("model        {} ({} px)\n", r["model"].get<std::string>(),
                     r["input_size"].get<int>());
  out << fmt::format("energy       {} J per inference ({}% interval {} .. {} J)\n",
                     format_number(r["energy_j"].get<double>()),
                     format_number(100 * r["interval_level"].get<double>()),
                     format_number(r["energy_low_j"].get<double>()),
                     format_number(r["energy_high_j"].get<double>()));
  out << fmt::format("on           {}, {}\n", r["gpu"].get<std::string>(),
                     r["runtime"].get<std::string>());
  out << fmt::format("family       {} ({})\n", r["family"].get<std::string>(),
                     r["family_basis"].get<std::string>());
  out << fmt::format("trained on   {} ({} points of {}; estimator version {})\n",
                     r["trained_on"].dump(), r["points"].get<size_t>(),
                     r["setup"].get<std::string>(), r["estimator_version"].get<int64_t>());
  out << "features     " << r["features"].get<std::string>() << '\n';
  out << "note         " << r["label"].get<std::string>()
      << "; at the most efficient batch size; not a measurement\n";
}

}  // namespace

void add_calibrated_options(CLI::App& cmd, CalibratedArgs& a) {
  cmd.add_option("--onnx", a.onnx, "calibrated: counts of an ONNX file, from the profiler");
  cmd.add_option("--params", a.params, "calibrated: parameters (with --gmacs)");
  cmd.add_option("--activations", a.activations,
                 "calibrated: elements output per image (as Yang et al.'s model_stats count)");
  cmd.add_option("--input-size", a.input_size, "calibrated: input image side in px");
  cmd.add_option("--runtime", a.runtime, "calibrated: pytorch or tensorrt")->capture_default_str();
  cmd.add_option("--name", a.name,
                 "calibrated, with --gmacs: the model's name (its family and architecture)");
  cmd.add_option("--family", a.family,
                 "calibrated: architecture family (default: from the model name)");
  cmd.add_option("--input", a.input,
                 "calibrated: CSV with model,input_size,macs,params,activations[,family]: one "
                 "estimate per row");
}

void print_calibrated_estimate(Context& ctx, const CalibratedArgs& a, const std::string& model,
                               std::optional<double> gmacs, const std::string& gpu) {
  const auto l = load_estimator(ctx, std::nullopt);
  const auto catalog = ctx.store().catalog();
  if (!a.input.empty()) {
    if (!model.empty() || !a.onnx.empty() || gmacs) {
      throw InputError("--input FILE.csv replaces --model, --onnx and --gmacs");
    }
    const auto doc = csv::read_file(a.input);
    Table t;
    for (const auto& c : kBatchColumns) t.columns.emplace_back(c);
    for (const auto& q : calibrate::read_queries(doc, gpu, a.runtime)) {
      auto r = prediction_record(q, calibrate::predict(l.estimator, catalog, q), l);
      std::vector<nlohmann::json> row;
      for (const auto& c : kBatchColumns) row.push_back(r[c]);
      t.rows.push_back(std::move(row));
    }
    return emit(ctx, {t});
  }
  const auto q = single_query(a, model, gmacs, gpu, catalog);
  const auto record = prediction_record(q, calibrate::predict(l.estimator, catalog, q), l);
  emit(ctx,
       {record, std::nullopt, [record](std::ostream& out) { print_prediction_text(out, record); }});
}

void register_calibrate_commands(CLI::App& app, Context& ctx) {
  auto* calibrate = app.add_subcommand(
      "calibrate", "the calibrated estimator: learned from measured setups (docs/estimation.md)");
  calibrate->require_subcommand(1);
  register_fit(*calibrate, ctx);
  register_show(*calibrate, ctx);
  register_evaluate(*calibrate, ctx);
}

}  // namespace infergy::cli
