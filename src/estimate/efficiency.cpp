#include <algorithm>
#include <map>
#include <tuple>

#include "infergy/error.hpp"
#include "infergy/estimate.hpp"
#include "infergy/units.hpp"

namespace infergy::estimate {

Efficiency peak_efficiency(const catalog::Gpu& gpu) {
  return Efficiency{gpu.name,
                    catalog::to_string(gpu.precision),
                    "peak",
                    gpu.flop_per_second(),
                    gpu.tdp_w,
                    gpu.flop_per_joule(),
                    gpu.launch_date.iso()};
}

Efficiency AdaptedEfficiency::efficiency() const {
  std::string basis = task == catalog::Domain::cv ? "adapted-cnn" : "adapted-nlp";
  return Efficiency{gpu,
                    precision,
                    basis,
                    units::from_tera(adapted_tflop_per_second),
                    tdp_w,
                    units::from_tera(adapted_tflop_per_second) / tdp_w,
                    launch_date.iso()};
}

namespace {

// Throughput ratio of one non-FP32 row to the FP32 row of the same model and
// framework on the reference GPU (unrounded; the printed speed-ups are rounded).
double measured_speedup(const catalog::Catalog& catalog, const catalog::Throughput& row) {
  const catalog::Throughput* reference = nullptr;
  for (const auto& t : catalog.throughputs) {
    if (t.precision == "fp32" && t.task == row.task && t.model == row.model &&
        t.framework == row.framework && t.gpu == row.reference_gpu) {
      if (reference) throw InputError("two FP32 reference throughputs for " + row.model);
      reference = &t;
    }
  }
  if (!reference) {
    throw InputError("no FP32 throughput of " + row.model + " (" + row.framework + ") on " +
                     row.reference_gpu + " to compute its speed-up");
  }
  return row.throughput_items_per_s / reference->throughput_items_per_s;
}

}  // namespace

std::vector<AdaptedEfficiency> adapted_efficiencies(const catalog::Catalog& catalog) {
  // Group the non-FP32 throughput rows by task, GPU and mode, in first-seen order.
  using Key = std::tuple<catalog::Domain, std::string, std::string>;
  std::vector<Key> order;
  std::map<Key, std::pair<double, int>> sums;
  std::map<Key, std::string> reference_of;
  for (const auto& t : catalog.throughputs) {
    if (t.precision == "fp32") continue;
    Key key{t.task, t.gpu, t.precision};
    if (!sums.count(key)) order.push_back(key);
    sums[key].first += measured_speedup(catalog, t);
    sums[key].second += 1;
    reference_of[key] = t.reference_gpu;
  }
  std::vector<AdaptedEfficiency> rows;
  for (const auto& key : order) {
    const auto& [task, gpu_name, mode] = key;
    const auto& reference = catalog.find_gpu(reference_of[key], catalog::Precision::fp32);
    const auto& own = catalog.find_gpu(gpu_name, catalog::Precision::fp32);
    AdaptedEfficiency row;
    row.task = task;
    row.gpu = gpu_name;
    row.precision = mode;
    row.reference_gpu = reference.name;
    row.throughput_rows = sums[key].second;
    row.mean_speedup = sums[key].first / sums[key].second;
    row.reference_fp32_tflop_per_second = reference.peak_tflop_per_second;
    row.adapted_tflop_per_second = reference.peak_tflop_per_second * row.mean_speedup;
    row.tdp_w = own.tdp_w;
    row.launch_date = own.launch_date;
    row.type = own.type;
    rows.push_back(row);
  }
  return rows;
}

AdaptedEfficiency find_adapted(const catalog::Catalog& catalog, catalog::Domain task,
                               const std::string& gpu, const std::string& precision) {
  auto rows = adapted_efficiencies(catalog);
  std::string have;
  auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
  };
  for (const auto& row : rows) {
    if (row.task != task) continue;
    if (lower(row.gpu) == lower(gpu) && row.precision == lower(precision)) return row;
    have += "\n  " + row.gpu + " " + row.precision;
  }
  throw InputError("no adapted " + std::string(task == catalog::Domain::cv ? "CNN" : "NLP") +
                   " efficiency for " + gpu + " " + precision + "; the paper has:" + have);
}

double energy_j(double flop_count, double flop_per_joule) { return flop_count / flop_per_joule; }

}  // namespace infergy::estimate
