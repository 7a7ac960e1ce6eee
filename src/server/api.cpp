#include "api.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <set>
#include <sstream>

#include "runs_api.hpp"

#include "infergy/output.hpp"
#include "infergy/version.hpp"

namespace infergy::server {
namespace {

using nlohmann::json;
constexpr long kMaxTop = 100000;

Reply json_reply(const json& body) { return {200, "application/json", dump_json(body)}; }

const char* const kCsvColumns[] = {"rank",     "model", "family", "input_px", "accuracy_pct",
                                   "energy_j", "score", "stars",  "url"};

Reply ranking_csv(const json& ranking) {
  Table table;
  for (const char* name : kCsvColumns) table.columns.emplace_back(name);
  for (const auto& entry : ranking["entries"]) {
    std::vector<json> cells;
    for (const char* name : kCsvColumns) cells.push_back(entry.value(name, json(nullptr)));
    table.rows.push_back(std::move(cells));
  }
  std::ostringstream out;
  print_table(out, table, OutputFormat::csv);
  return {200, "text/csv; charset=utf-8", out.str()};
}

}  // namespace

std::vector<std::string> test_sets_of(const compare::SetupView& view) {
  std::vector<std::string> ordered = view.test_sets;
  auto first = std::find(ordered.begin(), ordered.end(), compare::kDefaultTestSet);
  if (first != ordered.end()) std::rotate(ordered.begin(), first, first + 1);
  return ordered;
}

Reply error_reply(int status, const std::string& message, const std::string& parameter) {
  json error = {{"status", status}, {"message", message}};
  if (!parameter.empty()) error["parameter"] = parameter;
  return {status, "application/json", dump_json(json{{"error", error}})};
}

Api::Api(ExplorerData data, std::vector<std::string> figure_names)
    : data_(std::move(data)), figure_names_(std::move(figure_names)) {
  for (std::size_t i = 0; i < data_.setups.size(); ++i) {
    const auto& view = data_.setups[i];
    setup_index_[view.setup.name] = i;
    test_sets_[view.setup.name] = test_sets_of(view);
    json models = json::array();
    for (const auto& model : view.models) models.push_back(compare::to_json(model));
    models_body_[view.setup.name] =
        dump_json(json{{"setup", setup_json(view)}, {"models", std::move(models)}});
    rank_indices_.emplace_back(view);
  }
  // The list newest first (ids grow with time), as the Runs page shows it.
  json runs = json::array(), gpus = json::array();
  for (std::size_t i = data_.runs.size(); i-- > 0;) {
    run_index_[data_.runs[i].run.id] = i;
    runs.push_back(run_summary_json(data_.runs[i]));
  }
  for (const auto& gpu : data_.gpus) gpus.push_back({{"name", gpu.name}, {"tdp_w", gpu.tdp_w}});
  runs_body_ = dump_json(json{{"runs", std::move(runs)}, {"gpus", std::move(gpus)}});
}

Reply Api::handle(const std::string& path, const RawParams& params) const {
  using Handler = Reply (Api::*)(const QueryParams&) const;
  struct Route {
    const char* path;
    Handler handler;
    std::initializer_list<std::string_view> allowed;
  };
  static const Route routes[] = {
      {"/api/health", &Api::health, {}},
      {"/api/setups", &Api::setups, {}},
      {"/api/test-sets", &Api::test_sets, {"setup"}},
      {"/api/models", &Api::models, {"setup"}},
      {"/api/model", &Api::model, {"setup", "name", "input_px"}},
      {"/api/ranking",
       &Api::ranking,
       {"setup", "test_sets", "metric", "weight", "min_accuracy", "max_energy_j", "top", "format"}},
      {"/api/pareto", &Api::pareto, {"setup", "test_sets", "min_accuracy", "max_energy_j"}},
      {"/api/figures", &Api::figures, {}},
      {"/api/runs", &Api::runs, {}},
      {"/api/run", &Api::run, {"id", "gpu"}},
  };
  for (const auto& route : routes) {
    if (path != route.path) continue;
    try {
      return (this->*route.handler)(QueryParams(params, route.allowed));
    } catch (const ParamError& e) {
      return error_reply(e.status(), e.what(), e.parameter());
    }
  }
  return error_reply(404, "no such endpoint: " + path);
}

json Api::setup_json(const compare::SetupView& view) const {
  auto j = compare::to_json(view.setup);
  j["test_sets"] = test_sets_of(view);
  return j;
}

const compare::SetupView& Api::setup(const QueryParams& query) const {
  auto name = query.required_text("setup");
  auto it = setup_index_.find(name);
  if (it == setup_index_.end()) throw ParamError("setup", "unknown setup '" + name + "'", 404);
  return data_.setups[it->second];
}

// Every ranking parameter, checked here so each error names its parameter.
compare::RankOptions Api::rank_options(const QueryParams& query,
                                       const compare::SetupView& view) const {
  compare::RankOptions o;
  const auto& known = test_sets_.at(view.setup.name);
  o.test_sets = query.list("test_sets");
  if (o.test_sets.empty() && !known.empty()) o.test_sets = {known.front()};
  for (const auto& set : o.test_sets) {
    if (std::find(known.begin(), known.end(), set) == known.end()) {
      throw ParamError("test_sets",
                       "unknown test set '" + set + "' for setup '" + view.setup.name + "'");
    }
  }
  if (o.test_sets.empty())
    throw ParamError("test_sets", "setup '" + view.setup.name + "' has no accuracies", 404);
  o.metric =
      compare::parse_metric(query.choice("metric", {"manhattan", "acc-per-joule"}, "manhattan"));
  o.weight = query.number("weight", 0, 1).value_or(0.5);
  o.min_accuracy_pct = query.number("min_accuracy", 0, 100).value_or(0);
  // Bounds, not units: any positive energy a double holds comfortably.
  o.max_energy_j = query.number("max_energy_j", 1e-300, 1e300);
  o.top_n = static_cast<std::size_t>(query.integer("top", 1, kMaxTop).value_or(10));
  return o;
}

Reply Api::health(const QueryParams&) const {
  return json_reply({{"status", "ok"}, {"version", kVersion}, {"setups", data_.setups.size()}});
}

Reply Api::setups(const QueryParams&) const {
  json list = json::array();
  for (const auto& view : data_.setups) list.push_back(setup_json(view));
  return json_reply({{"setups", list}});
}

Reply Api::test_sets(const QueryParams& query) const {
  if (query.text("setup"))
    return json_reply({{"test_sets", test_sets_.at(setup(query).setup.name)}});
  std::set<std::string> all;
  for (const auto& [name, sets] : test_sets_) all.insert(sets.begin(), sets.end());
  return json_reply({{"test_sets", all}});
}

Reply Api::models(const QueryParams& query) const {
  return {200, "application/json", models_body_.at(setup(query).setup.name)};
}

Reply Api::model(const QueryParams& query) const {
  const auto& view = setup(query);
  auto name = query.required_text("name");
  auto input_px = query.integer("input_px", 1, 100000);
  for (const auto& m : view.models) {
    if (m.model == name && (!input_px || m.input_px == *input_px))
      return json_reply({{"setup", view.setup.name}, {"model", compare::to_json(m)}});
  }
  return error_reply(404, "no model '" + name + "' in setup '" + view.setup.name + "'", "name");
}

Reply Api::ranking(const QueryParams& query) const {
  const auto& view = setup(query);
  auto options = rank_options(query, view);
  auto format = query.choice("format", {"json", "csv"}, "json");
  auto ranking =
      compare::to_json(rank_indices_[setup_index_.at(view.setup.name)].rank(options), view);
  if (format == "csv") return ranking_csv(ranking);
  ranking["min_accuracy"] = options.min_accuracy_pct;
  ranking["max_energy_j"] = options.max_energy_j ? json(*options.max_energy_j) : json(nullptr);
  ranking["top"] = options.top_n;
  return json_reply(ranking);
}

Reply Api::pareto(const QueryParams& query) const {
  const auto& view = setup(query);
  auto options = rank_options(query, view);
  json front = json::array();
  for (std::size_t i : compare::pareto(view, options.test_sets)) {
    const auto& m = view.models[i];
    double accuracy = *m.mean_accuracy_pct(options.test_sets);
    if (accuracy < options.min_accuracy_pct) continue;
    if (options.max_energy_j && m.energy_j > *options.max_energy_j) continue;
    front.push_back({{"model", m.model}, {"accuracy_pct", accuracy}, {"energy_j", m.energy_j}});
  }
  return json_reply(
      {{"setup", view.setup.name}, {"test_sets", options.test_sets}, {"front", front}});
}

Reply Api::figures(const QueryParams&) const {
  json list = json::array();
  for (const auto& name : figure_names_)
    list.push_back({{"name", name}, {"url", "/figures/" + name}});
  return json_reply({{"figures", list}});
}

}  // namespace infergy::server

namespace infergy::server {

Reply Api::runs(const QueryParams&) const { return {200, "application/json", runs_body_}; }

Reply Api::run(const QueryParams& query) const {
  auto id = query.integer("id", 1, std::numeric_limits<long>::max());
  if (!id) throw ParamError("id", "parameter 'id' is required");
  auto it = run_index_.find(*id);
  if (it == run_index_.end()) throw ParamError("id", "no run " + std::to_string(*id), 404);
  std::optional<GpuTdp> gpu;
  if (auto name = query.text("gpu")) {
    auto same = [](const std::string& a, const std::string& b) {  // any case, as the catalog
      return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
      });
    };
    for (const auto& g : data_.gpus) {
      if (same(g.name, *name)) gpu = g;
    }
    if (!gpu) throw ParamError("gpu", "unknown GPU '" + *name + "' (see /api/runs: gpus)", 404);
  }
  return json_reply(run_json(data_.runs[it->second], gpu));
}

}  // namespace infergy::server
