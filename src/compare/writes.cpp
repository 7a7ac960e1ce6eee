#include "writes.hpp"

#include <chrono>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace infergy::compare::detail {
namespace {

template <typename T>
nlohmann::json opt(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

std::string utc_now_iso() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
}

void replace_setup(sql::Database& db, const Setup& setup, const std::vector<MeasurementRow>& rows) {
  db.prepare("DELETE FROM setup_measurements WHERE setup = ?")
      .bind(1, std::string_view(setup.name))
      .run();
  db.prepare("DELETE FROM setups WHERE name = ?").bind(1, std::string_view(setup.name)).run();
  auto head = db.prepare(
      "INSERT INTO setups(name, gpu, runtime, source, origin, imported_at) VALUES(?,?,?,?,?,?)");
  head.bind(1, std::string_view(setup.name)).bind(2, std::string_view(setup.gpu));
  head.bind(3, std::string_view(setup.runtime)).bind(4, std::string_view(setup.source));
  head.bind(5, std::string_view(setup.origin)).bind(6, std::string_view(setup.imported_at));
  head.run();
  auto stmt = db.prepare(
      "INSERT INTO setup_measurements(setup, model, input_px, energy_j, throughput_items_per_s, "
      "latency_s, batch_size, max_batch_size, accuracy_pct, origin) VALUES(?,?,?,?,?,?,?,?,?,?)");
  for (const auto& r : rows) {
    stmt.bind(1, std::string_view(setup.name)).bind(2, std::string_view(r.model));
    stmt.bind(3, static_cast<int64_t>(r.input_px)).bind(4, r.energy_j);
    stmt.bind(5, opt(r.throughput_items_per_s)).bind(6, opt(r.latency_s));
    stmt.bind(7, opt(r.batch_size)).bind(8, opt(r.max_batch_size)).bind(9, opt(r.accuracy_pct));
    stmt.bind(10, std::string_view(setup.origin));
    stmt.run();
  }
}

void upsert_stats(sql::Database& db, const std::vector<StatsRow>& rows, const std::string& origin) {
  auto stmt = db.prepare(
      "INSERT INTO model_stats(model, input_px, params, params_tool, macs, macs_tool, macs_alt, "
      "macs_alt_tool, activations, activations_tool, url, origin) VALUES(?,?,?,?,?,?,?,?,?,?,?,?) "
      "ON CONFLICT(model, input_px) DO UPDATE SET "
      "params = COALESCE(excluded.params, params), "
      "params_tool = CASE WHEN excluded.params IS NULL THEN params_tool ELSE excluded.params_tool "
      "END, "
      "macs = COALESCE(excluded.macs, macs), "
      "macs_tool = CASE WHEN excluded.macs IS NULL THEN macs_tool ELSE excluded.macs_tool END, "
      "macs_alt = COALESCE(excluded.macs_alt, macs_alt), "
      "macs_alt_tool = CASE WHEN excluded.macs_alt IS NULL THEN macs_alt_tool "
      "ELSE excluded.macs_alt_tool END, "
      "activations = COALESCE(excluded.activations, activations), "
      "activations_tool = CASE WHEN excluded.activations IS NULL THEN activations_tool "
      "ELSE excluded.activations_tool END, "
      "url = CASE WHEN excluded.url = '' THEN url ELSE excluded.url END, "
      "origin = excluded.origin");
  for (const auto& r : rows) {
    stmt.bind(1, std::string_view(r.model)).bind(2, static_cast<int64_t>(r.input_px));
    stmt.bind(3, opt(r.params)).bind(4, std::string_view(r.params_tool));
    stmt.bind(5, opt(r.macs)).bind(6, std::string_view(r.macs_tool));
    stmt.bind(7, opt(r.macs_alt)).bind(8, std::string_view(r.macs_alt_tool));
    stmt.bind(9, opt(r.activations)).bind(10, std::string_view(r.activations_tool));
    stmt.bind(11, std::string_view(r.url)).bind(12, std::string_view(origin));
    stmt.run();
  }
}

void upsert_accuracies(sql::Database& db, const std::vector<AccuracyRow>& rows,
                       const std::string& origin) {
  auto stmt = db.prepare(
      "INSERT INTO model_accuracies(model, input_px, test_set, top1_pct, top5_pct, origin) "
      "VALUES(?,?,?,?,?,?) ON CONFLICT(model, input_px, test_set) DO UPDATE SET "
      "top1_pct = excluded.top1_pct, top5_pct = excluded.top5_pct, origin = excluded.origin");
  for (const auto& r : rows) {
    stmt.bind(1, std::string_view(r.model)).bind(2, static_cast<int64_t>(r.input_px));
    stmt.bind(3, std::string_view(r.test_set)).bind(4, r.top1_pct).bind(5, opt(r.top5_pct));
    stmt.bind(6, std::string_view(origin));
    stmt.run();
  }
}

}  // namespace infergy::compare::detail
