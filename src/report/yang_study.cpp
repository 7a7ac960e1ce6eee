// Yang et al.'s figures: the data computed once, and each figure's CSV.
#include "yang_study.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "infergy/output.hpp"

namespace infergy::report::detail {
namespace {

using nlohmann::json;
constexpr const char* kStudy = "Yang et al. 2024";

json opt(const std::optional<double>& v) { return v ? json(*v) : json(); }

std::string csv(const Table& t) {
  std::ostringstream out;
  print_table(out, t, OutputFormat::csv);
  return out.str();
}

double top1(const compare::ModelPoint& m) {
  auto it = m.accuracy_pct_by_test_set.find(compare::kDefaultTestSet);
  return it == m.accuracy_pct_by_test_set.end() ? std::nan("") : it->second;
}

const FigureInfo& info(int number) {
  for (const auto& f : yang_figure_catalog()) {
    if (f.number == number) return f;
  }
  return yang_figure_catalog().front();
}

Table models_table(const YangStudy& s) {
  Table t;
  t.columns = {{"setup"},        {"model"},        {"input_px"},    {"family"},
               {"architecture"}, {"accuracy_pct"}, {"energy_j"},    {"throughput_items_per_s"},
               {"params"},       {"flop_count"},   {"activations"}, {"release_year"},
               {"on_front"}};
  for (const auto& p : s.panels) {
    for (const auto& m : p.view->models) {
      bool front = std::any_of(p.front.begin(), p.front.end(), [&](const auto& f) {
        return f.model == m.model && f.energy_j == m.energy_j;
      });
      auto year = compare::release_year(m);
      t.rows.push_back({p.view->setup.name, m.model, m.input_px, m.family, m.architecture,
                        std::isnan(top1(m)) ? json() : json(top1(m)), m.energy_j,
                        m.throughput_items_per_s > 0 ? json(m.throughput_items_per_s) : json(),
                        opt(m.params), opt(m.flop_count), opt(m.activations),
                        year ? json(*year) : json(), front});
    }
  }
  return t;
}

Table frontier_table(const YangStudy& s) {
  Table t;
  t.columns = {{"setup"}, {"year"}, {"models_so_far"}, {"model"}, {"accuracy_pct"}, {"energy_j"}};
  for (const auto& y : s.analysis.frontier_by_year) {
    for (const auto& f : y.front) {
      t.rows.push_back(
          {s.analysis.frontier_setup, y.year, y.models, f.model, f.accuracy_pct, f.energy_j});
    }
  }
  return t;
}

Table input_size_table(const YangStudy& s) {
  Table t;
  t.columns = {{"setup"},
               {"model"},
               {"from_px"},
               {"to_px"},
               {"size_increase_pct"},
               {"energy_increase_pct"},
               {"accuracy_increase_pct"}};
  if (!s.input_size) return t;
  for (const auto& st : s.input_size->steps) {
    t.rows.push_back({s.input_size->setup, st.model, st.from_px, st.to_px, st.size_increase_pct,
                      st.energy_increase_pct, st.accuracy_increase_pct});
  }
  return t;
}

Table naive_table(const YangStudy& s) {
  Table t;
  t.columns = {{"setup"}, {"macs_tool"}, {"precision"}, {"ratio"}};
  for (const auto& p : s.panels) {
    if (!p.naive) continue;
    for (double r : p.naive->ratios) {
      t.rows.push_back({p.naive->setup, p.naive->macs_tool, p.naive->precision, r});
    }
  }
  return t;
}

Table sweeps_table(const YangStudy& s) {
  Table t;
  t.columns = {{"sweep"},
               {"batch_size"},
               {"energy_per_item_j"},
               {"throughput_items_per_s"},
               {"latency_s"},
               {"avg_power_w"},
               {"tdp_w"}};
  for (const auto& sw : s.sweeps) {
    for (const auto& p : sw.points) {
      t.rows.push_back({sw.label, p.batch_size, p.energy_per_item_j, p.throughput_items_per_s,
                        p.latency_s, p.avg_power_w, opt(sw.tdp_w)});
    }
  }
  return t;
}

Table runtime_table(const YangStudy& s) {
  Table t;
  t.columns = {{"gpu"},
               {"from_setup"},
               {"to_setup"},
               {"model"},
               {"input_px"},
               {"from_energy_j"},
               {"to_energy_j"},
               {"energy_reduction"},
               {"from_throughput_items_per_s"},
               {"to_throughput_items_per_s"}};
  for (const auto& c : s.runtimes) {
    for (const auto& p : c.pairs) {
      auto tp = [](double v) { return v > 0 ? json(v) : json(); };
      t.rows.push_back({c.gpu, c.from_setup, c.to_setup, p.model, p.input_px, p.from_energy_j,
                        p.to_energy_j, p.from_energy_j / p.to_energy_j,
                        tp(p.from_throughput_items_per_s), tp(p.to_throughput_items_per_s)});
    }
  }
  return t;
}

}  // namespace

const std::vector<FigureInfo>& yang_figure_catalog() {
  static const std::vector<FigureInfo> list = {
      {2, "yang_fig02_energy_per_setup", "Accuracy against energy per image, per setup", kStudy,
       "Every measured model by architecture type, the centre of each type, the Pareto front "
       "and the nested-logarithm fit to it (Yang et al. Fig. 2)."},
      {3, "yang_fig03_frontier_by_year", "The efficient frontier by year", kStudy,
       "The Pareto front of the models released up to each year (Yang et al. Fig. 3)."},
      {4, "yang_fig04_energy_vs_size", "Energy against parameters, FLOPs and activations", kStudy,
       "Energy per image against each model statistic, with Pearson's r beside the paper's "
       "(Yang et al. Fig. 4)."},
      {5, "yang_fig05_input_size", "Energy and accuracy against input size", kStudy,
       "Increase in energy and accuracy of models measured at several input sizes, over their "
       "smallest size, with linear fits (Yang et al. Fig. 5)."},
      {6, "yang_fig06_naive_error", "Error of the naive FLOPs/TDP estimate", kStudy,
       "Measured energy divided by FLOPs / (peak FLOP/s / TDP), per model, with the geometric "
       "mean (Yang et al. Fig. 6)."},
      {7, "yang_fig07_batch_size", "Energy and throughput against batch size", kStudy,
       "infergy's own sweeps: energy per item and throughput per batch size, with the TDP "
       "line (Yang et al. Fig. 7)."},
      {8, "yang_fig08_energy_vs_throughput", "Energy against throughput, and the TDP line", kStudy,
       "Every model at its most efficient batch size against the TDP line, and the gain from "
       "PyTorch to TensorRT in both (Yang et al. Fig. 8)."},
      {9, "yang_fig09_tensorrt_reduction", "Energy reduction from PyTorch to TensorRT", kStudy,
       "Distribution of PyTorch energy / TensorRT energy per model, with the geometric mean "
       "(Yang et al. Fig. 9)."},
  };
  return list;
}

std::vector<FigureInfo> YangStudy::figures() const {
  std::vector<FigureInfo> out;
  for (const auto& f : yang_figure_catalog()) {
    if (f.number == 3 && analysis.frontier_by_year.empty()) continue;
    if (f.number == 5 && !input_size) continue;
    if (f.number == 6 && std::none_of(panels.begin(), panels.end(),
                                      [](const YangPanel& p) { return p.naive.has_value(); }))
      continue;
    if (f.number == 7 && sweeps.empty()) continue;
    if ((f.number == 8 || f.number == 9) && runtimes.empty()) continue;
    out.push_back(f);
  }
  return out;
}

YangStudy compute_yang_study(const std::vector<compare::SetupView>& measured,
                             const std::vector<compare::BatchSweep>& sweeps,
                             const catalog::Catalog& catalog) {
  YangStudy s;
  s.analysis = compare::analyze(measured, catalog);
  for (const auto& view : measured) {
    YangPanel p;
    p.view = &view;
    p.centres = compare::architecture_centres(view);
    for (size_t i : compare::pareto(view, {compare::kDefaultTestSet})) {
      const auto& m = view.models[i];
      p.front.push_back({m.model, top1(m), m.energy_j});
    }
    for (const auto& d : s.analysis.diminishing_returns) {
      if (d.setup == view.setup.name) p.fit = d;
    }
    p.naive = compare::naive_error_sample(view, catalog, catalog::Precision::fp32);
    p.tdp_w = compare::tdp_w(view, catalog);
    s.panels.push_back(std::move(p));
  }
  s.main = &s.panels.front();
  for (const auto& p : s.panels) {
    if (p.view->setup.name == s.analysis.frontier_setup) s.main = &p;
  }
  s.input_size = compare::input_size_effect(*s.main->view);
  s.runtimes = compare::runtime_comparisons(measured);
  s.sweeps = sweeps;
  return s;
}

std::vector<std::pair<std::string, std::string>> yang_data_files(const YangStudy& s) {
  std::vector<std::pair<std::string, std::string>> out;
  auto name = [](int n) { return info(n).stem + ".csv"; };
  auto models = csv(models_table(s));
  for (const auto& f : s.figures()) {
    switch (f.number) {
      case 2:
      case 4:
        out.emplace_back(name(f.number), models);
        break;
      case 3:
        out.emplace_back(name(3), csv(frontier_table(s)));
        break;
      case 5:
        out.emplace_back(name(5), csv(input_size_table(s)));
        break;
      case 6:
        out.emplace_back(name(6), csv(naive_table(s)));
        break;
      case 7:
        out.emplace_back(name(7), csv(sweeps_table(s)));
        break;
      case 8:
      case 9:
        out.emplace_back(name(f.number), csv(runtime_table(s)));
        break;
    }
  }
  return out;
}

}  // namespace infergy::report::detail
