// The estimator's stored form (JSON, every number at full precision) and back.
#include <fmt/format.h>

#include "infergy/calibrate.hpp"
#include "infergy/error.hpp"

namespace infergy::calibrate {
namespace {

using json = nlohmann::json;

json to_json(const GpuSpecs& g) {
  return {{"gpu", g.gpu},
          {"precision", catalog::to_string(g.precision)},
          {"peak_flop_per_second", g.peak_flop_per_second},
          {"bandwidth_bytes_per_second", g.bandwidth_bytes_per_second},
          {"tdp_w", g.tdp_w},
          {"source", g.source}};
}

GpuSpecs specs_from_json(const json& j) {
  return {j.at("gpu").get<std::string>(),
          catalog::parse_precision(j.at("precision").get<std::string>()),
          j.at("peak_flop_per_second").get<double>(),
          j.at("bandwidth_bytes_per_second").get<double>(),
          j.at("tdp_w").get<double>(),
          j.at("source").get<std::string>()};
}

json to_json(const Regression& r) {
  json families = json::array(), architectures = json::array();
  for (const auto& f : r.families) {
    families.push_back({{"family", f.family},
                        {"points", f.points},
                        {"intercept", f.intercept},
                        {"slope", f.slope}});
  }
  json types = json::array();
  for (const auto& t : r.types) {
    types.push_back(
        {{"type", t.family}, {"points", t.points}, {"intercept", t.intercept}, {"slope", t.slope}});
  }
  for (const auto& a : r.architectures) {
    architectures.push_back({{"architecture", a.architecture}, {"effect", a.effect}});
  }
  return {{"features", r.features},
          {"terms", r.terms},
          {"center", r.center},
          {"scale", r.scale},
          {"coefficients", r.coefficients},
          {"points", r.points},
          {"residual_sd", r.residual_sd},
          {"seen_quantile", r.seen_quantile},
          {"unseen_quantile", r.unseen_quantile},
          {"seen_residuals", r.seen_residuals},
          {"unseen_residuals", r.unseen_residuals},
          {"families", families},
          {"types", types},
          {"architectures", architectures},
          {"year_center", r.year_center},
          {"year_scale", r.year_scale},
          {"year_coefficient", r.year_coefficient}};
}

Regression regression_from_json(const json& j) {
  Regression r;
  r.features = j.at("features").get<std::vector<std::string>>();
  r.terms = j.at("terms").get<std::vector<std::string>>();
  r.center = j.at("center").get<std::vector<double>>();
  r.scale = j.at("scale").get<std::vector<double>>();
  r.coefficients = j.at("coefficients").get<std::vector<double>>();
  r.points = j.at("points").get<size_t>();
  r.residual_sd = j.at("residual_sd").get<double>();
  r.seen_quantile = j.at("seen_quantile").get<double>();
  r.unseen_quantile = j.at("unseen_quantile").get<double>();
  r.seen_residuals = j.at("seen_residuals").get<size_t>();
  r.unseen_residuals = j.at("unseen_residuals").get<size_t>();
  for (const auto& f : j.at("families")) {
    r.families.push_back({f.at("family").get<std::string>(), f.at("points").get<size_t>(),
                          f.at("intercept").get<double>(), f.at("slope").get<double>()});
  }
  for (const auto& t : j.at("types")) {
    r.types.push_back({t.at("type").get<std::string>(), t.at("points").get<size_t>(),
                       t.at("intercept").get<double>(), t.at("slope").get<double>()});
  }
  for (const auto& a : j.at("architectures")) {
    r.architectures.push_back(
        {a.at("architecture").get<std::string>(), a.at("effect").get<double>()});
  }
  r.year_center = j.value("year_center", 0.0);
  r.year_scale = j.value("year_scale", 1.0);
  r.year_coefficient = j.value("year_coefficient", 0.0);
  if (r.terms.size() != r.coefficients.size() || r.terms.size() != r.center.size() ||
      r.terms.size() != r.scale.size()) {
    throw InputError("stored calibration: terms and coefficients differ in number");
  }
  return r;
}

}  // namespace

json to_json(const Options& o) {
  return {{"level", o.level},
          {"folds", o.folds},
          {"family_penalty", o.family_penalty},
          {"family_slope_penalty", o.family_slope_penalty},
          {"architecture_penalty", o.architecture_penalty},
          {"type_penalty", o.type_penalty},
          {"tensorrt_type_penalty", o.tensorrt_type_penalty},
          {"type_slope_penalty", o.type_slope_penalty},
          {"huber_k", o.huber_k},
          {"ridge", o.ridge},
          {"similar_family_threshold", o.similar_family_threshold},
          {"year_penalty", o.year_penalty}};
}

Options options_from_json(const json& j) {
  Options o;
  o.level = j.at("level").get<double>();
  o.folds = j.at("folds").get<int>();
  o.family_penalty = j.at("family_penalty").get<double>();
  o.family_slope_penalty = j.at("family_slope_penalty").get<double>();
  o.architecture_penalty = j.at("architecture_penalty").get<double>();
  o.type_penalty = j.at("type_penalty").get<double>();
  o.type_slope_penalty = j.at("type_slope_penalty").get<double>();
  o.huber_k = j.at("huber_k").get<double>();
  o.ridge = j.at("ridge").get<double>();
  o.similar_family_threshold = j.at("similar_family_threshold").get<double>();
  // Absent from estimators stored before the year term: none.
  o.year_penalty = j.value("year_penalty", 0.0);
  o.tensorrt_type_penalty = j.value("tensorrt_type_penalty", o.type_penalty);
  return o;
}

json to_json(const Estimator& e) {
  json setups = json::array(), transfer = json::array();
  for (const auto& s : e.setups) {
    setups.push_back({{"setup", s.setup.name},
                      {"gpu", s.setup.gpu},
                      {"runtime", s.setup.runtime},
                      {"source", s.setup.source},
                      {"points", s.setup.points},
                      {"hardware", s.hardware ? to_json(*s.hardware) : json(nullptr)},
                      {"full", to_json(s.full)},
                      {"without_activations", to_json(s.without_activations)}});
  }
  for (const auto& t : e.transfer) {
    transfer.push_back({{"runtime", t.runtime},
                        {"residuals", t.residuals},
                        {"quantile", t.quantile},
                        {"error_factor", t.error_factor}});
  }
  return {{"format_version", e.format_version},
          {"training_hash", e.training_hash},
          {"options_hash", e.options_hash},
          {"options", to_json(e.options)},
          {"points", e.points},
          {"skipped", e.skipped},
          {"setups", setups},
          {"transfer", transfer},
          {"notes", e.notes}};
}

Estimator estimator_from_json(const json& j) {
  const int version = j.value("format_version", 0);
  if (version != kFormatVersion) {
    throw InputError(
        fmt::format("the stored calibration has format {}, this infergy reads {}: "
                    "run 'infergy calibrate fit' again",
                    version, kFormatVersion));
  }
  try {
    Estimator e;
    e.format_version = version;
    e.training_hash = j.at("training_hash").get<std::string>();
    e.options_hash = j.at("options_hash").get<std::string>();
    e.options = options_from_json(j.at("options"));
    e.points = j.at("points").get<size_t>();
    e.skipped = j.at("skipped").get<size_t>();
    for (const auto& s : j.at("setups")) {
      SetupModel m;
      m.setup = {s.at("setup").get<std::string>(), s.at("gpu").get<std::string>(),
                 s.at("runtime").get<std::string>(), s.at("source").get<std::string>(),
                 s.at("points").get<size_t>()};
      if (!s.at("hardware").is_null()) m.hardware = specs_from_json(s.at("hardware"));
      m.full = regression_from_json(s.at("full"));
      m.without_activations = regression_from_json(s.at("without_activations"));
      e.setups.push_back(std::move(m));
    }
    for (const auto& t : j.at("transfer")) {
      e.transfer.push_back({t.at("runtime").get<std::string>(), t.at("residuals").get<size_t>(),
                            t.at("quantile").get<double>(), t.at("error_factor").get<double>()});
    }
    e.notes = j.at("notes").get<std::vector<std::string>>();
    return e;
  } catch (const json::exception& ex) {
    throw InputError(std::string("the stored calibration is malformed: ") + ex.what());
  }
}

}  // namespace infergy::calibrate
