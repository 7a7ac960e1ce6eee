#include "api.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "infergy/output.hpp"
#include "infergy/version.hpp"
#include "ranking.hpp"

namespace infergy::server {
namespace {

using nlohmann::json;
constexpr const char* kDefaultTestSet = "imagenet-original";
constexpr long kMaxTop = 100000;

Reply json_reply(const json& body) { return {200, "application/json", body.dump()}; }

json optional_json(const auto& value) { return value ? json(*value) : json(nullptr); }

json model_json(const ExplorerModel& model) {
  return {{"name", model.name},
          {"input_size_px", model.input_size_px ? json(model.input_size_px) : json(nullptr)},
          {"family", model.family},
          {"accuracy_pct", model.accuracy_pct},
          {"energy_j", model.energy_j},
          {"throughput_items_per_s", optional_json(model.throughput_items_per_s)},
          {"latency_s", optional_json(model.latency_s)},
          {"batch_size", optional_json(model.batch_size)},
          {"flop_count", optional_json(model.flop_count)},
          {"parameter_count", optional_json(model.parameter_count)},
          {"url", model.url}};
}

json setup_json(const ExplorerSetup& setup) {
  return {{"name", setup.name},
          {"gpu", setup.gpu},
          {"runtime", setup.runtime},
          {"source", setup.source},
          {"model_count", setup.models.size()},
          {"test_sets", test_sets_of(setup)}};
}

// The test sets asked for, each one the setup knows; its default when none is given.
std::vector<std::string> chosen_test_sets(const QueryParams& query, const ExplorerSetup& setup) {
  auto known = test_sets_of(setup);
  auto chosen = query.list("test_sets");
  if (chosen.empty() && !known.empty()) chosen.push_back(known.front());
  for (const auto& set : chosen) {
    if (std::find(known.begin(), known.end(), set) == known.end()) {
      throw ParamError("test_sets",
                       "unknown test set '" + set + "' for setup '" + setup.name + "'");
    }
  }
  return chosen;
}

RankQuery rank_query(const QueryParams& query, const ExplorerSetup& setup) {
  RankQuery rank;
  rank.test_sets = chosen_test_sets(query, setup);
  auto metric = query.choice("metric", {"manhattan", "acc-per-joule"}, "manhattan");
  rank.metric = metric == "manhattan" ? Metric::manhattan : Metric::acc_per_joule;
  rank.weight = query.number("weight", 0, 1).value_or(0.5);
  rank.min_accuracy_pct = query.number("min_accuracy", 0, 100).value_or(0);
  rank.max_energy_j = query.number("max_energy_j", 1e-300, 1e300);
  return rank;
}

json query_json(const RankQuery& rank, const std::string& setup) {
  return {{"setup", setup},
          {"test_sets", rank.test_sets},
          {"metric", rank.metric == Metric::manhattan ? "manhattan" : "acc-per-joule"},
          {"weight", rank.weight},
          {"min_accuracy", rank.min_accuracy_pct},
          {"max_energy_j", optional_json(rank.max_energy_j)}};
}

json ranked_json(const RankedModel& entry, std::size_t position) {
  const auto& m = *entry.model;
  return {{"rank", position},
          {"name", m.name},
          {"input_size_px", m.input_size_px ? json(m.input_size_px) : json(nullptr)},
          {"family", m.family},
          {"accuracy_pct", entry.accuracy_pct},
          {"energy_j", m.energy_j},
          {"score", entry.score},
          {"url", m.url}};
}

Reply ranking_csv(const std::vector<RankedModel>& ranked, std::size_t top) {
  Table table;
  for (const char* name :
       {"rank", "name", "input_size_px", "family", "accuracy_pct", "energy_j", "score", "url"}) {
    table.columns.emplace_back(name);
  }
  for (std::size_t i = 0; i < ranked.size() && i < top; ++i) {
    auto row = ranked_json(ranked[i], i + 1);
    std::vector<json> cells;
    for (const auto& column : table.columns) cells.push_back(row[column.name]);
    table.rows.push_back(std::move(cells));
  }
  std::ostringstream out;
  print_table(out, table, OutputFormat::csv);
  return {200, "text/csv; charset=utf-8", out.str()};
}

}  // namespace

std::vector<std::string> test_sets_of(const ExplorerSetup& setup) {
  std::set<std::string> names;
  for (const auto& model : setup.models) {
    for (const auto& [set, accuracy] : model.accuracy_pct) names.insert(set);
  }
  std::vector<std::string> ordered;
  if (names.erase(kDefaultTestSet)) ordered.push_back(kDefaultTestSet);
  ordered.insert(ordered.end(), names.begin(), names.end());
  return ordered;
}

Reply error_reply(int status, const std::string& message, const std::string& parameter) {
  json error = {{"status", status}, {"message", message}};
  if (!parameter.empty()) error["parameter"] = parameter;
  return {status, "application/json", json{{"error", error}}.dump()};
}

Api::Api(ExplorerData data, std::vector<std::string> figure_names)
    : data_(std::move(data)), figure_names_(std::move(figure_names)) {
  for (std::size_t i = 0; i < data_.setups.size(); ++i) {
    const auto& setup = data_.setups[i];
    setup_index_[setup.name] = i;
    json models = json::array();
    for (const auto& model : setup.models) models.push_back(model_json(model));
    models_body_[setup.name] =
        json{{"setup", setup_json(setup)}, {"models", std::move(models)}}.dump();
  }
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
      {"/api/model", &Api::model, {"setup", "name"}},
      {"/api/ranking",
       &Api::ranking,
       {"setup", "test_sets", "metric", "weight", "min_accuracy", "max_energy_j", "top", "format"}},
      {"/api/pareto", &Api::pareto, {"setup", "test_sets", "min_accuracy", "max_energy_j"}},
      {"/api/figures", &Api::figures, {}},
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

const ExplorerSetup& Api::setup(const QueryParams& query) const {
  auto name = query.required_text("setup");
  auto it = setup_index_.find(name);
  if (it == setup_index_.end()) throw ParamError("setup", "unknown setup '" + name + "'", 404);
  return data_.setups[it->second];
}

Reply Api::health(const QueryParams&) const {
  return json_reply({{"status", "ok"}, {"version", kVersion}, {"setups", data_.setups.size()}});
}

Reply Api::setups(const QueryParams&) const {
  json list = json::array();
  for (const auto& setup : data_.setups) list.push_back(setup_json(setup));
  return json_reply({{"setups", list}});
}

Reply Api::test_sets(const QueryParams& query) const {
  if (query.text("setup")) return json_reply({{"test_sets", test_sets_of(setup(query))}});
  std::set<std::string> all;
  for (const auto& s : data_.setups) {
    for (auto& name : test_sets_of(s)) all.insert(name);
  }
  return json_reply({{"test_sets", all}});
}

Reply Api::models(const QueryParams& query) const {
  return {200, "application/json", models_body_.at(setup(query).name)};
}

Reply Api::model(const QueryParams& query) const {
  const auto& s = setup(query);
  auto name = query.required_text("name");
  for (const auto& m : s.models) {
    if (m.name == name) return json_reply({{"setup", s.name}, {"model", model_json(m)}});
  }
  return error_reply(404, "no model '" + name + "' in setup '" + s.name + "'", "name");
}

Reply Api::ranking(const QueryParams& query) const {
  const auto& s = setup(query);
  auto rank = rank_query(query, s);
  auto top = static_cast<std::size_t>(query.integer("top", 1, kMaxTop).value_or(10));
  auto format = query.choice("format", {"json", "csv"}, "json");
  auto ranked = rank_models(s, rank);
  if (format == "csv") return ranking_csv(ranked, top);
  json list = json::array();
  for (std::size_t i = 0; i < ranked.size() && i < top; ++i)
    list.push_back(ranked_json(ranked[i], i + 1));
  return json_reply(
      {{"query", query_json(rank, s.name)}, {"considered", ranked.size()}, {"ranking", list}});
}

Reply Api::pareto(const QueryParams& query) const {
  const auto& s = setup(query);
  auto rank = rank_query(query, s);
  json front = json::array();
  for (const auto& entry : pareto_front(s, rank)) {
    front.push_back({{"name", entry.model->name},
                     {"accuracy_pct", entry.accuracy_pct},
                     {"energy_j", entry.model->energy_j}});
  }
  return json_reply({{"query", query_json(rank, s.name)}, {"front", front}});
}

Reply Api::figures(const QueryParams&) const {
  json list = json::array();
  for (const auto& name : figure_names_)
    list.push_back({{"name", name}, {"url", "/figures/" + name}});
  return json_reply({{"figures", list}});
}

}  // namespace infergy::server
