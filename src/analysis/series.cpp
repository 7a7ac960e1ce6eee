// The fitted series of Figs 3, 6, 7, 8, 9 and 10, by id.
#include <functional>

#include "filters.hpp"
#include "infergy/error.hpp"

namespace infergy::analysis {
namespace {

using catalog::Domain;
using catalog::Precision;

constexpr const char* kNoNumber = "; the paper prints no fitted number";

std::vector<TrendPoint> from_gpus(const std::vector<GpuPoint>& gpus) {
  std::vector<TrendPoint> out;
  out.reserve(gpus.size());
  for (const auto& g : gpus) out.push_back({g.name + " " + g.precision, g.year, g.gflop_per_joule});
  return out;
}

std::vector<TrendPoint> from_models(const std::vector<ModelPoint>& models, Quantity quantity) {
  std::vector<TrendPoint> out;
  out.reserve(models.size());
  for (const auto& m : models) {
    out.push_back({m.name, m.year, quantity == Quantity::gflop_count ? m.gflop_count : m.energy_j});
  }
  return out;
}

// Which models a model series keeps before fitting.
enum class Pick { all, best, demanding, average };

std::vector<TrendPoint> model_series(const catalog::Catalog& catalog, Domain domain, Pick pick,
                                     Quantity quantity, const TrendOptions& options) {
  // The efficiency trend behind energies uses every GPU of the scope, whatever
  // dates the models are filtered to.
  GpuFilter efficiency_gpus;
  efficiency_gpus.paper_only = options.gpus.paper_only;
  auto models = model_points(catalog, domain, options.models, efficiency_gpus);
  switch (pick) {
    case Pick::all:
      return from_models(models, quantity);
    case Pick::best:
      return from_models(best_per_year(models), quantity);
    case Pick::demanding:
      return from_models(most_demanding(models), quantity);
    case Pick::average:
      return yearly_average(models, quantity);
  }
  return {};
}

struct SeriesDef {
  SeriesInfo info;
  std::function<std::vector<TrendPoint>(const catalog::Catalog&, const TrendOptions&)> points;
};

SeriesDef peak(const std::string& id, const std::string& title, Precision precision,
               const std::string& says) {
  return {{id, "Fig. 7", title, "GFLOPS/W", says + kNoNumber},
          [precision](const catalog::Catalog& c, const TrendOptions& o) {
            return from_gpus(peak_efficiency_points(c, precision, o.gpus));
          }};
}

SeriesDef adapted(const std::string& id, const std::string& title, Domain task) {
  return {
      {id, "Fig. 8", title, "GFLOPS/W",
       "a good log-linear fit (solid line); T4 mixed (2018) stands out" + std::string(kNoNumber)},
      [task](const catalog::Catalog& c, const TrendOptions& o) {
        return from_gpus(adapted_efficiency_points(c, task, o.gpus));
      }};
}

SeriesDef models(const std::string& id, const std::string& figure, const std::string& title,
                 Domain domain, Pick pick, Quantity quantity, const std::string& says) {
  return {{id, figure, title, quantity == Quantity::gflop_count ? "GFLOPs" : "J", says + kNoNumber},
          [=](const catalog::Catalog& c, const TrendOptions& o) {
            return model_series(c, domain, pick, quantity, o);
          }};
}

const std::vector<SeriesDef>& definitions() {
  static const std::vector<SeriesDef> defs = {
      peak("gpu-fp32-gflops-per-watt", "GPU peak efficiency, FP32", Precision::fp32,
           "slow steady growth"),
      peak("gpu-fp16-gflops-per-watt", "GPU peak efficiency, FP16", Precision::fp16,
           "higher than FP32"),
      peak("gpu-tensor-gflops-per-watt", "GPU peak efficiency, FP16/FP32 Tensor",
           Precision::fp16_tensor, "very high theoretical values"),
      {{"gpu-peak-gflops-per-watt", "Fig. 7", "GPU peak efficiency, precision from --precision",
        "GFLOPS/W", "Table 8 rows of one precision (default FP32)"},
       [](const catalog::Catalog& c, const TrendOptions& o) {
         return from_gpus(peak_efficiency_points(c, o.precision.value_or(Precision::fp32), o.gpus));
       }},
      adapted("gpu-cnn-adapted-gflops-per-watt", "GPU efficiency adapted for CNNs (Table 9)",
              Domain::cv),
      adapted("gpu-nlp-adapted-gflops-per-watt", "GPU efficiency adapted for NLP (Table 9)",
              Domain::nlp),
      models("cv-all-gflops", "Fig. 3", "CV models, all", Domain::cv, Pick::all,
             Quantity::gflop_count, "solid line: grows far less than the best models"),
      models("cv-best-gflops", "Fig. 3", "CV models, most accurate of each year", Domain::cv,
             Pick::best, Quantity::gflop_count, "dashed line: clear exponential growth"),
      models("cv-average-gflops", "Fig. 3", "CV models, mean GFLOPs per year", Domain::cv,
             Pick::average, Quantity::gflop_count, "dotted line: average per year"),
      models("nlp-all-gflops", "Fig. 6", "NLP models, all", Domain::nlp, Pick::all,
             Quantity::gflop_count, "solid line: does not scale so aggressively"),
      models("nlp-demanding-gflops", "Fig. 6", "NLP models, most demanding when released",
             Domain::nlp, Pick::demanding, Quantity::gflop_count,
             "dashed line: clear exponential growth"),
      models("nlp-average-gflops", "Fig. 6", "NLP models, mean GFLOPs per year", Domain::nlp,
             Pick::average, Quantity::gflop_count, "not drawn in Fig. 6"),
      models("cv-all-energy", "Fig. 9", "CV energy per forward pass, all models", Domain::cv,
             Pick::all, Quantity::energy_j, "solid line: almost horizontal"),
      models("cv-best-energy", "Fig. 9", "CV energy per forward pass, most accurate of each year",
             Domain::cv, Pick::best, Quantity::energy_j, "dashed line: still clearly exponential"),
      models("cv-average-energy", "Fig. 9", "CV energy per forward pass, mean per year", Domain::cv,
             Pick::average, Quantity::energy_j, "dotted line: average per year"),
      models("nlp-all-energy", "Fig. 10", "NLP energy per forward pass, all models", Domain::nlp,
             Pick::all, Quantity::energy_j, "solid line; regular models may even decrease"),
      models("nlp-demanding-energy", "Fig. 10",
             "NLP energy per forward pass, most demanding when released", Domain::nlp,
             Pick::demanding, Quantity::energy_j, "dashed line: grows much faster"),
      models("nlp-average-energy", "Fig. 10", "NLP energy per forward pass, mean per year",
             Domain::nlp, Pick::average, Quantity::energy_j, "not drawn in Fig. 10"),
  };
  return defs;
}

const SeriesDef& definition(const std::string& id) {
  std::string known;
  for (const auto& d : definitions()) {
    if (d.info.id == id) return d;
    known += "\n  " + d.info.id;
  }
  throw InputError("unknown series '" + id + "'; known series:" + known);
}

}  // namespace

const std::vector<SeriesInfo>& series_catalog() {
  static const std::vector<SeriesInfo> infos = [] {
    std::vector<SeriesInfo> out;
    for (const auto& d : definitions()) out.push_back(d.info);
    return out;
  }();
  return infos;
}

TrendSeries trend_series(const catalog::Catalog& catalog, const std::string& id,
                         const TrendOptions& options) {
  const auto& def = definition(id);
  TrendSeries s;
  s.info = def.info;
  s.points = def.points(catalog, options);
  detail::require_points(s.points.size(), "series " + id);
  std::vector<double> years, values;
  for (const auto& p : s.points) {
    years.push_back(p.year);
    values.push_back(p.value);
  }
  s.trend = stats::exponential_trend(years, values);
  return s;
}

}  // namespace infergy::analysis
