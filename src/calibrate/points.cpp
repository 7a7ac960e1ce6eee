// Training points from the measured setups, and the hash that identifies them.
#include <cmath>

#include <fmt/format.h>

#include "hash.hpp"
#include "infergy/calibrate.hpp"
#include "infergy/error.hpp"

namespace infergy::calibrate {
namespace {

constexpr const char* kNoData =
    "no measured setup in the store to calibrate on: import published measurements with "
    "'infergy import yang DIR' (e.g. ../shared/reference-data/yang2024) or your own runs "
    "with 'infergy import runs ID... --setup NAME'";

bool positive(const std::optional<double>& v) { return v && std::isfinite(*v) && *v > 0; }

void hash_point(detail::Fnv1a& h, const TrainingPoint& p) {
  h.add(p.setup).add(p.model).add(static_cast<double>(p.counts.input_px));
  h.add(p.counts.macs).add(p.counts.params).add(p.counts.activations.value_or(0));
  h.add(p.energy_j);
}

}  // namespace

void validate(const Counts& c, const std::string& what) {
  auto check = [&](double v, const char* name) {
    if (!(std::isfinite(v) && v > 0)) {
      throw InputError(fmt::format("{}: {} must be a number > 0", what, name));
    }
  };
  check(c.macs, "macs");
  check(c.params, "params");
  if (c.activations) check(*c.activations, "activations");
  check(static_cast<double>(c.input_px), "input size");
}

TrainingData training_data(const std::vector<compare::SetupView>& measured) {
  if (measured.empty()) throw InputError(kNoData);
  TrainingData data;
  detail::Fnv1a h;
  for (const auto& view : measured) {
    SetupInfo info{view.setup.name, view.setup.gpu, runtime_key(view.setup.runtime),
                   view.setup.source, 0};
    for (const auto& m : view.models) {
      if (!positive(m.macs) || !positive(m.params) || !positive(m.activations) ||
          !(m.energy_j > 0) || m.input_px <= 0) {
        ++data.skipped;
        continue;
      }
      TrainingPoint p{view.setup.name,
                      m.model,
                      model_architecture(m.model),
                      model_family(m.model),
                      {*m.macs, *m.params, *m.activations, m.input_px},
                      m.energy_j,
                      m.batch_size};
      hash_point(h, p);
      data.points.push_back(std::move(p));
      ++info.points;
    }
    h.add(info.name).add(info.gpu).add(info.runtime);
    if (info.points > 0) data.setups.push_back(std::move(info));
  }
  if (data.points.empty()) {
    throw InputError(std::string(kNoData) +
                     " (the measured setups have no model with MACs, parameters and "
                     "activations)");
  }
  data.hash = h.hex();
  return data;
}

}  // namespace infergy::calibrate
