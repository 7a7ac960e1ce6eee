// data/*.csv: each figure's data, every fitted trend and every model's energy.
#include <sstream>

#include "infergy/output.hpp"
#include "infergy/report.hpp"
#include "study.hpp"

namespace infergy::report::detail {
namespace {

using analysis::ModelPoint;
using nlohmann::json;

json opt(const std::optional<double>& v) { return v ? json(*v) : json(); }

Table model_table(const std::vector<std::pair<std::string, const std::vector<ModelPoint>*>>& sets) {
  Table t;
  t.columns = {{"series"},       {"model"},        {"architecture"}, {"extra_data"},
               {"release_date"}, {"year"},         {"accuracy_pct"}, {"params_m"},
               {"gflops"},       {"input_tokens"}, {"energy_j"}};
  for (const auto& [series, points] : sets) {
    for (const auto& p : *points) {
      t.rows.push_back({series, p.name, p.architecture, p.extra_data, p.release_date.iso(), p.year,
                        opt(p.accuracy_pct), opt(p.params_m), p.gflop_count,
                        p.input_tokens ? json(*p.input_tokens) : json(), p.energy_j});
    }
  }
  return t;
}

Table trend_points_table(const Study& s, const std::vector<std::string>& ids) {
  Table t;
  t.columns = {{"series"}, {"label"}, {"year"}, {"value"}, {"fitted"}};
  for (const auto& id : ids) {
    const auto& f = s.fit(id);
    for (const auto& p : f.points) {
      t.rows.push_back({id, p.label, p.year, p.value, f.trend.predict(p.year)});
    }
  }
  return t;
}

Table gpu_table(
    const std::vector<std::pair<std::string, const std::vector<analysis::GpuPoint>*>>& sets) {
  Table t;
  t.columns = {{"series"}, {"gpu"}, {"precision"}, {"launch_date"}, {"year"}, {"gflops_per_watt"}};
  for (const auto& [series, points] : sets) {
    for (const auto& p : *points) {
      t.rows.push_back(
          {series, p.name, p.precision, p.launch_date.iso(), p.year, p.gflop_per_joule});
    }
  }
  return t;
}

Table trends_table(const Study& s) {
  Table t;
  t.columns = {{"series"},
               {"figure"},
               {"n"},
               {"factor_per_year"},
               {"factor_ci_low"},
               {"factor_ci_high"},
               {"doubling_years"},
               {"halving"},
               {"doubling_ci_low"},
               {"doubling_ci_high"},
               {"r2"},
               {"p_value"},
               {"unit"}};
  for (const auto& id : s.series_ids) {
    const auto& f = s.fit(id);
    const auto& tr = f.trend;
    t.rows.push_back({id, f.info.figure, f.points.size(), tr.factor_per_year, tr.factor_ci_low,
                      tr.factor_ci_high, tr.doubling_years, tr.halving, opt(tr.doubling_ci_low),
                      opt(tr.doubling_ci_high), tr.log10_fit.r2, tr.log10_fit.p_value,
                      f.info.unit});
  }
  return t;
}

Table human_table(const Study& s) {
  Table t;
  t.columns = {{"reference"}, {"power_w"}, {"paper_w"}};
  t.rows = {{"internal", s.human.internal_w, 100.0}, {"external", s.human.external_w, 10000.0}};
  return t;
}

std::string csv(const Table& t) {
  std::ostringstream out;
  print_table(out, t, OutputFormat::csv);
  return out.str();
}

}  // namespace

std::vector<std::pair<std::string, std::string>> data_files(const Study& s) {
  const auto& f = figures();
  auto name = [&](int n) { return f[n - 1].stem + ".csv"; };
  std::vector<std::pair<std::string, std::string>> out;
  out.emplace_back(name(1), csv(model_table({{"cv", &s.cv}})));
  out.emplace_back(name(2), csv(model_table({{"cv", &s.cv}})));
  out.emplace_back(name(3), csv(trend_points_table(
                                s, {"cv-all-gflops", "cv-best-gflops", "cv-average-gflops"})));
  out.emplace_back(name(4),
                   csv(model_table({{"cv", &s.cv}, {"pareto", &s.cv_pareto_gflop_count}})));
  out.emplace_back(name(5),
                   csv(model_table({{"nlp", &s.nlp}, {"pareto", &s.nlp_pareto_gflop_count}})));
  out.emplace_back(
      name(6),
      csv(trend_points_table(s, {"nlp-all-gflops", "nlp-demanding-gflops", "nlp-average-gflops"})));
  out.emplace_back(
      name(7), csv(gpu_table({{"fp32", &s.fp32}, {"fp16", &s.fp16}, {"fp16-tensor", &s.tensor}})));
  out.emplace_back(name(8), csv(gpu_table({{"cnn", &s.cnn_adapted}, {"nlp", &s.nlp_adapted}})));
  out.emplace_back(name(9), csv(trend_points_table(
                                s, {"cv-all-energy", "cv-best-energy", "cv-average-energy"})));
  out.emplace_back(
      name(10),
      csv(trend_points_table(s, {"nlp-all-energy", "nlp-demanding-energy", "nlp-average-energy"})));
  out.emplace_back(name(11), csv(model_table({{"cv", &s.cv}, {"pareto", &s.cv_pareto_energy}})));
  out.emplace_back(name(12), csv(model_table({{"nlp", &s.nlp}, {"pareto", &s.nlp_pareto_energy}})));
  out.emplace_back(name(13), csv(trend_points_table(s, {"cv-all-energy", "cv-best-energy"})));
  out.emplace_back(name(14),
                   csv(trend_points_table(s, {"nlp-all-energy", "nlp-demanding-energy"})));
  out.emplace_back("trends.csv", csv(trends_table(s)));
  out.emplace_back("models_energy.csv", csv(model_table({{"cv", &s.cv}, {"nlp", &s.nlp}})));
  out.emplace_back("human_references.csv", csv(human_table(s)));
  out.emplace_back("table1_alexnet_like.csv", csv(model_table({{"table1", &s.table1}})));
  return out;
}

}  // namespace infergy::report::detail
