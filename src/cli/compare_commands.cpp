// import (yang, timm, model-dates), setups, rank, analyze.
#include <memory>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "context.hpp"
#include "infergy/compare.hpp"
#include "infergy/error.hpp"
#include "infergy/importers.hpp"

namespace infergy::cli {
namespace {

void print_summary(std::ostream& err, const importers::ImportSummary& s, const std::string& from) {
  if (!s.setups.empty()) {
    err << fmt::format(
        "imported {} measurements into setups {} from {} ({} rows without an "
        "energy skipped)\n",
        s.measurements, fmt::join(s.setups, ", "), from, s.skipped);
  }
  err << fmt::format("stored {} model rows and {} test-set accuracies\n", s.models, s.accuracies);
  for (const auto& w : s.warnings) err << "warning: " << w << '\n';
}

void register_import(CLI::App& app, Context& ctx) {
  auto* import = app.add_subcommand(
      "import", "import published measurements and accuracies (each in one transaction)");
  import->require_subcommand(1);
  auto path = std::make_shared<std::string>();
  auto test_set = std::make_shared<std::string>();

  auto* yang = import->add_subcommand(
      "yang", "Yang et al. 2024 CSVs: one setup per <GPU>_<RUNTIME>.csv (energy in mJ/image)");
  yang->add_option("dir", *path,
                   "folder with A100_PT.csv, ..., model_accuracy.csv, model_stats.csv")
      ->required();
  yang->callback([&ctx, path] {
    print_summary(*ctx.err, importers::import_yang(ctx.store().setups(), *path), *path);
  });

  auto* timm = import->add_subcommand(
      "timm", "timm's results-<test set>.csv (model, img_size, top1, top5, param_count, ...)");
  timm->add_option("file", *path, "results CSV")->required();
  timm->add_option("--test-set", *test_set,
                   "test set name (default: from the file name; results-imagenet.csv = "
                   "imagenet-original)");
  timm->callback([&ctx, path, test_set] {
    std::optional<std::string> set;
    if (!test_set->empty()) set = *test_set;
    print_summary(*ctx.err, importers::import_timm(ctx.store().setups(), *path, set), *path);
  });

  auto runs = std::make_shared<importers::MeasuredSetupRequest>();
  auto* measured = import->add_subcommand(
      "runs",
      "infergy's own measured runs as a setup (one model per run, at its most "
      "efficient batch size)");
  measured->add_option("run_ids", runs->run_ids, "run ids (see 'infergy runs list')")->required();
  measured->add_option("--setup", runs->setup, "setup name to create or replace")->required();
  measured->add_option("--name", runs->names, "model name per run (default: the file's stem)");
  measured->add_option("--accuracy", runs->accuracies_pct, "ImageNet top-1 % per run");
  measured->add_option("--gpu", runs->gpu, "catalog GPU the runs were measured on");
  measured->add_option("--input-px", runs->input_px,
                       "input image side in pixels (default: from each run's --input-shape)");
  measured->callback([&ctx, runs] {
    print_summary(*ctx.err,
                  importers::import_measured_runs(ctx.store().runs(), ctx.store().setups(), *runs),
                  "runs");
  });

  auto* dates = import->add_subcommand(
      "model-dates", "release dates (columns model, release_date) for the yearly frontier");
  dates->add_option("file", *path, "CSV file")->required();
  dates->callback([&ctx, path] {
    auto s = importers::import_model_dates(ctx.store().setups(), *path);
    *ctx.err << fmt::format("dated {} model rows; {} names matched nothing\n", s.models, s.skipped);
  });
}

void register_setups(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("setups", "list imported setups (GPU x runtime)");
  add_format_option(*cmd, ctx);
  cmd->callback([&ctx] {
    Table t;
    t.columns = {{"name"},   {"gpu"},    {"runtime"},     {"model_count", "models"},
                 {"source"}, {"origin"}, {"imported_at"}, {"estimated"}};
    for (const auto& s : compare::list_setups(ctx.store().setups(), ctx.store().catalog())) {
      t.rows.push_back({s.name, s.gpu, s.runtime, s.model_count, s.source, s.origin, s.imported_at,
                        s.estimated});
    }
    emit(ctx, {t});
  });
}

struct RankArgs {
  std::string setup;
  std::string metric = "manhattan";
  std::vector<std::string> test_sets;
  double weight = 0.5;
  double min_accuracy_pct = 0;
  std::optional<double> max_energy_j;
  size_t top_n = 10;
};

Table rank_table(const compare::RankResult& r, const compare::SetupView& view) {
  Table t;
  t.columns = {{"rank"},
               {"model"},
               {"input_px", "px"},
               {"family"},
               {"accuracy_pct", "accuracy_%", 2},
               {"energy_j", "energy_J"},
               {"score", r.metric == compare::Metric::acc_per_joule ? "score_%/J" : "score"},
               {"stars"}};
  for (const auto& e : r.entries) {
    const auto& m = view.models[e.index];
    t.rows.push_back(
        {e.rank, m.model, m.input_px, m.family, e.accuracy_pct, e.energy_j, e.score, e.stars});
  }
  return t;
}

// compare::to_json's keys come sorted; the CLI prints identity and figures first.
Record rank_record(const compare::RankResult& r, const compare::SetupView& view) {
  auto record = in_key_order(Record(compare::to_json(r, view)),
                             {"setup", "metric", "score_unit", "weight", "test_sets", "candidates",
                              "considered", "normalizing_energy_j", "star_band_edges_j"});
  for (auto& entry : record["entries"]) {
    entry = in_key_order(std::move(entry), {"rank", "model", "input_px", "family", "accuracy_pct",
                                            "energy_j", "score", "stars"});
  }
  return record;
}

void register_rank(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<RankArgs>();
  auto* cmd = app.add_subcommand(
      "rank",
      "rank a setup's models: accuracy per joule or Yang et al.'s weighted Manhattan score");
  cmd->add_option("--setup", a->setup, "setup, e.g. A100_TRT (see 'infergy setups')")->required();
  cmd->add_option("--metric", a->metric, "acc-per-joule (%/J) or manhattan")
      ->check(CLI::IsMember({"acc-per-joule", "manhattan"}))
      ->capture_default_str();
  cmd->add_option("--test-set", a->test_sets,
                  "test set, repeatable; accuracies are averaged (default: imagenet-original)");
  cmd->add_option("--weight", a->weight, "manhattan: weight of energy, 0..1")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--min-accuracy", a->min_accuracy_pct, "minimum top-1 accuracy in %")
      ->check(CLI::Range(0.0, 100.0));
  cmd->add_option("--max-energy", a->max_energy_j, "maximum energy per image in joules")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--top", a->top_n, "how many to list (0 = all)")->capture_default_str();
  add_format_option(*cmd, ctx);
  cmd->callback([&ctx, a] {
    compare::RankOptions o;
    if (!a->test_sets.empty()) o.test_sets = a->test_sets;
    o.metric = compare::parse_metric(a->metric);
    o.weight = a->weight;
    o.min_accuracy_pct = a->min_accuracy_pct;
    o.max_energy_j = a->max_energy_j;
    o.top_n = a->top_n;
    auto view = compare::load_setup(ctx.store().setups(), ctx.store().catalog(), a->setup);
    auto result = compare::rank(view, o);
    if (ctx.format != OutputFormat::json) {
      *ctx.err << fmt::format(
          "{}: {} of {} models with these test sets pass the thresholds; N = {} J\n", result.setup,
          result.considered, result.candidates, format_number(result.normalizing_energy_j));
    }
    emit(ctx, {rank_record(result, view), rank_table(result, view)});
  });
}

Table analysis_table(const compare::Analysis& a) {
  Table t;
  t.columns = {{"analysis"}, {"subject"}, {"n"}, {"value", "value", 4}, {"spread", "spread", 4},
               {"paper"}};
  auto json = compare::to_json(a);
  for (const auto& e : json["naive_estimate_errors"]) {
    t.rows.push_back(
        {"naive_error_geomean",
         fmt::format("{} {} {}", e["setup"].get<std::string>(), e["macs_tool"].get<std::string>(),
                     e["precision"].get<std::string>()),
         e["n"], e["geometric_mean"], e["geometric_sd"], e["paper_geometric_mean"]});
  }
  for (const auto& r : json["runtime_reductions"]) {
    t.rows.push_back(
        {"runtime_reduction_geomean",
         r["from_setup"].get<std::string>() + " -> " + r["to_setup"].get<std::string>(), r["n"],
         r["geometric_mean"], r["geometric_sd"], r["paper_geometric_mean"]});
  }
  for (const auto& c : json["setup_correlations"]) {
    auto subject = c["setup_a"].get<std::string>() + " ~ " + c["setup_b"].get<std::string>();
    t.rows.push_back(
        {"pearson", subject, c["pearson"]["n"], c["pearson"]["r"], nullptr, c["paper_pearson"]});
    t.rows.push_back({"spearman", subject, c["spearman"]["n"], c["spearman"]["r"], nullptr,
                      c["paper_spearman"]});
  }
  for (const auto& c : json["property_correlations"]) {
    t.rows.push_back({"pearson_energy",
                      c["setup"].get<std::string>() + " ~ " + c["property"].get<std::string>(),
                      c["pearson"]["n"], c["pearson"]["r"], nullptr, c["paper_pearson"]});
  }
  for (const auto& d : json["diminishing_returns"]) {
    for (const auto& x : d["extrapolation"]) {
      t.rows.push_back(
          {fmt::format("energy_j_for_{}_pct", x["accuracy_pct"].get<double>()), d["setup"],
           d["front_size"], x["energy_j"], d["r2"],
           x["accuracy_pct"].get<double>() == 100 ? d["paper_energy_j_for_100_pct"] : nullptr});
    }
  }
  return t;
}

// "x (paper y)" where the paper gives a value.
std::string with_paper(const std::string& ours, const Record& paper, int digits = 3) {
  if (!paper.is_number()) return ours;
  return ours + " (paper " + format_number(paper.get<double>(), digits) + ")";
}

// The analyses for people: one line per kind, our value beside the paper's; the full
// table is --format csv, everything --format json.
void print_analysis_text(std::ostream& out, const Record& a) {
  std::vector<std::string> setups = a["setups"];
  out << fmt::format("Yang et al.'s analyses of {} setups ({})\n", setups.size(),
                     fmt::join(setups, ", "));
  std::vector<std::string> parts;
  for (const auto& e : a["naive_estimate_errors"]) {
    if (e["macs_tool"] != "ptflops" || e["precision"] != "fp32") continue;
    parts.push_back(with_paper(
        e["setup"].get<std::string>() + " " + format_number(e["geometric_mean"], 3) + "×",
        e["paper_geometric_mean"]));
  }
  if (!parts.empty())
    out << "naive estimate (2 × ptflops MACs ÷ fp32 peak × TDP), measured ÷ estimate: "
        << fmt::format("{}", fmt::join(parts, ", ")) << '\n';
  parts.clear();
  for (const auto& r : a["runtime_reductions"]) {
    parts.push_back(with_paper(r["from_setup"].get<std::string>() + " → " +
                                   r["to_setup"].get<std::string>() + " ÷" +
                                   format_number(r["geometric_mean"], 3),
                               r["paper_geometric_mean"]));
  }
  if (!parts.empty())
    out << "runtime energy reduction (geometric mean): "
        << fmt::format("{}", fmt::join(parts, ", ")) << '\n';
  parts.clear();
  for (const auto& c : a["setup_correlations"]) {
    if (!c["paper_pearson"].is_number()) continue;  // the pairs the paper reports
    parts.push_back(with_paper(c["setup_a"].get<std::string>() + "~" +
                                   c["setup_b"].get<std::string>() + " " +
                                   format_number(c["pearson"]["r"], 3),
                               c["paper_pearson"]));
  }
  if (!parts.empty())
    out << "energy correlation between setups (Pearson): "
        << fmt::format("{}", fmt::join(parts, ", ")) << '\n';
  parts.clear();
  for (const auto& c : a["property_correlations"]) {
    parts.push_back(with_paper(c["setup"].get<std::string>() + " " +
                                   c["property"].get<std::string>() + " " +
                                   format_number(c["pearson"]["r"], 3),
                               c["paper_pearson"]));
  }
  if (!parts.empty())
    out << "energy vs model statistics (Pearson): " << fmt::format("{}", fmt::join(parts, ", "))
        << '\n';
  parts.clear();
  for (const auto& d : a["diminishing_returns"]) {
    for (const auto& x : d["extrapolation"]) {
      if (x["accuracy_pct"].get<double>() != 100) continue;
      parts.push_back(
          with_paper(d["setup"].get<std::string>() + " " + format_number(x["energy_j"], 3) + " J",
                     d["paper_energy_j_for_100_pct"]));
    }
  }
  if (!parts.empty())
    out << "energy per image at 100 % accuracy (front extrapolated): "
        << fmt::format("{}", fmt::join(parts, ", ")) << '\n';
  out << "(every row: --format csv; everything: --format json)\n";
}

Record analysis_record(const compare::Analysis& a) {
  auto record = in_key_order(
      Record(compare::to_json(a)),
      {"setups", "naive_estimate_errors", "runtime_reductions", "setup_correlations",
       "property_correlations", "diminishing_returns", "frontier_setup", "frontier_by_year"});
  const std::vector<std::string> identity = {"setup",     "setup_a", "setup_b",  "from_setup",
                                             "to_setup",  "gpu",     "property", "macs_tool",
                                             "precision", "year",    "n"};
  for (auto& [key, value] : record.items()) {
    if (!value.is_array()) continue;
    for (auto& item : value) {
      if (item.is_object()) item = in_key_order(std::move(item), identity);
    }
  }
  return record;
}

void register_analyze(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "analyze",
      "Yang et al.'s analyses of every imported setup: naive-estimate error, runtime reduction, "
      "correlations, diminishing returns, yearly frontier (value beside the paper's figure)");
  add_format_option(*cmd, ctx);
  cmd->callback([&ctx] {
    auto analysis = compare::analyze(compare::load_measured_setups(ctx.store().setups()),
                                     ctx.store().catalog());
    auto record = analysis_record(analysis);
    emit(ctx, {record, analysis_table(analysis),
               [record](std::ostream& out) { print_analysis_text(out, record); }});
    if (ctx.format == OutputFormat::json) return;  // the notes are in the record
    for (const auto& note : analysis.notes) *ctx.err << "note: " << note << '\n';
  });
}

}  // namespace

void register_compare_commands(CLI::App& app, Context& ctx) {
  register_import(app, ctx);
  register_setups(app, ctx);
  register_rank(app, ctx);
  register_analyze(app, ctx);
}

}  // namespace infergy::cli
