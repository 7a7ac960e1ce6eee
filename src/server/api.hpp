// The JSON API (docs/api.md) as a pure function of the request: no sockets, so
// tests call it directly. Read-only: nothing here changes the data.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "infergy/server.hpp"
#include "params.hpp"

namespace infergy::server {

struct Reply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

// A JSON error body: {"error": {"status": S, "message": M, "parameter": P}}.
Reply error_reply(int status, const std::string& message, const std::string& parameter = "");

class Api {
 public:
  // figure_names: the SVG files the Trends page lists (under /figures/).
  Api(ExplorerData data, std::vector<std::string> figure_names);
  Api(const Api&) = delete;  // the rank indices point into data_
  Api& operator=(const Api&) = delete;

  // REQUIRES: path starts with "/api/". Bad parameters -> 400, unknown names -> 404.
  Reply handle(const std::string& path, const RawParams& params) const;

  const ExplorerData& data() const { return data_; }

 private:
  const compare::SetupView& setup(const QueryParams& query) const;
  compare::RankOptions rank_options(const QueryParams& query, const compare::SetupView& view) const;
  nlohmann::json setup_json(const compare::SetupView& view) const;
  Reply health(const QueryParams& query) const;
  Reply setups(const QueryParams& query) const;
  Reply test_sets(const QueryParams& query) const;
  Reply models(const QueryParams& query) const;
  Reply model(const QueryParams& query) const;
  Reply ranking(const QueryParams& query) const;
  Reply pareto(const QueryParams& query) const;
  Reply figures(const QueryParams& query) const;
  Reply runs(const QueryParams& query) const;
  Reply run(const QueryParams& query) const;

  ExplorerData data_;
  std::vector<compare::RankIndex> rank_indices_;  // per setup, as data_.setups
  std::vector<std::string> figure_names_;
  std::unordered_map<std::string, std::vector<std::string>> test_sets_;  // per setup
  std::unordered_map<std::string, std::size_t> setup_index_;
  std::unordered_map<std::string, std::string> models_body_;  // per setup, serialised once
  std::string runs_body_;                                     // GET /api/runs, serialised once
  std::unordered_map<int64_t, std::size_t> run_index_;        // run id -> data_.runs
};

// The test sets a setup's models carry, "imagenet-original" first when present.
std::vector<std::string> test_sets_of(const compare::SetupView& view);

}  // namespace infergy::server
