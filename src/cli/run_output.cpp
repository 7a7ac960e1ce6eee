#include "run_output.hpp"

#include <ostream>
#include <string>
#include <utility>

#include <fmt/format.h>

namespace infergy::cli {
namespace {

// Identity first, then the main figures, then details.
const std::vector<std::string> kRunKeys = {
    "run_id",     "kind",     "workload",     "sensor",   "status",    "status_reason",
    "started_at", "ended_at", "idle_power_w", "settings", "provenance"};

const std::vector<std::string> kBatchKeys = {"batch_size",
                                             "most_efficient",
                                             "energy_per_item_j",
                                             "energy_per_item_ci95_j",
                                             "throughput_items_per_s",
                                             "latency_mean_s",
                                             "latency_p50_s",
                                             "latency_p99_s",
                                             "avg_power_w",
                                             "energy_j",
                                             "energy_method",
                                             "energy_counter_j",
                                             "energy_trapezoid_j",
                                             "counter_trapezoid_disagreement",
                                             "sensor_accuracy_fraction",
                                             "idle_subtracted",
                                             "flop_per_second",
                                             "flop_per_joule",
                                             "utilization_pct",
                                             "memory_used_bytes",
                                             "temperature_c",
                                             "sm_clock_mhz",
                                             "reps",
                                             "duration_s",
                                             "started_at",
                                             "ended_at",
                                             "stop_reason",
                                             "warnings"};

Record batch_record(const measure::BatchResult& batch, bool most_efficient) {
  Record record(batch.to_json());
  record["most_efficient"] = most_efficient;
  return in_key_order(std::move(record), kBatchKeys);
}

std::vector<Record> batch_records(const std::vector<measure::BatchResult>& batches) {
  int best = measure::most_efficient_batch(batches);
  std::vector<Record> records;
  for (const auto& b : batches) records.push_back(batch_record(b, b.batch_size == best));
  return records;
}

}  // namespace

Record run_record(const RunWithBatches& r) {
  auto record = in_key_order(Record(r.run.to_json()), kRunKeys);
  record["batches"] = Record::array();
  for (auto& b : batch_records(r.batches)) record["batches"].push_back(std::move(b));
  return record;
}

Table run_rows(const std::vector<RunWithBatches>& runs) {
  Table t;
  t.columns = {{"run_id"}, {"kind"}, {"workload"}, {"sensor"}, {"status"}, {"run_started_at"}};
  auto batch_keys = batch_record(measure::BatchResult{}, false);
  for (const auto& [key, value] : batch_keys.items()) t.columns.emplace_back(key);
  for (const auto& r : runs) {
    for (const auto& b : batch_records(r.batches)) {
      auto& row = t.rows.emplace_back();
      row = {r.run.id, r.run.kind, r.run.workload, r.run.sensor, r.run.status, r.run.started_at};
      for (const auto& [key, value] : b.items()) row.push_back(nlohmann::json(value));
    }
  }
  return t;
}

Table batch_summary_table(const RunWithBatches& r) {
  Table t;
  t.columns = {{"run_id", "run"},
               {"batch_size", "batch"},
               {"reps"},
               {"throughput_items_per_s", "items/s"},
               {"latency_p50_s", "p50 latency s"},
               {"avg_power_w", "avg W"},
               {"energy_per_item_j", "J/item"},
               {"energy_per_item_ci95_j", "+-95% CI J"},
               {"energy_method", "method"},
               {"most_efficient", "best"}};
  for (const auto& b : batch_records(r.batches)) {
    t.rows.push_back({r.run.id});
    for (size_t c = 1; c < t.columns.size(); ++c) {
      t.rows.back().push_back(nlohmann::json(b[t.columns[c].name]));
    }
  }
  return t;
}

namespace {

std::string run_headline(const RunWithBatches& r) {
  const auto& run = r.run;
  std::string line =
      fmt::format("run {} ({}, {}{}): {} on {}, {} → {}", run.id, run.kind, run.status,
                  run.status_reason.empty() ? "" : ": " + run.status_reason, run.workload,
                  run.sensor, run.started_at, run.ended_at.empty() ? "…" : run.ended_at);
  if (run.idle_power_w) line += fmt::format(", idle {} W", format_number(*run.idle_power_w));
  if (run.provenance.contains("result") && run.provenance["result"].contains("energy_j")) {
    const auto& w = run.provenance["result"];  // a wrapped command's energy (docs/measuring.md)
    line += fmt::format("\n{} J in {} s, {} W average, exit {}",
                        format_number(w["energy_j"].get<double>()),
                        format_number(w["duration_s"].get<double>()),
                        format_number(w["avg_power_w"].get<double>()), w["exit_code"].dump());
  }
  const int best = measure::most_efficient_batch(r.batches);
  for (const auto& b : r.batches) {
    if (b.batch_size != best) continue;
    line += fmt::format("\nbest batch size {}: {} J/item, {} items/s at {} W ({} batch sizes)",
                        b.batch_size, format_number(b.energy_per_item_j),
                        format_number(b.throughput_items_per_s), format_number(b.avg_power_w),
                        r.batches.size());
  }
  return line;
}

}  // namespace

Output run_output(const RunWithBatches& r, RunText text) {
  auto record = run_record(r);
  // runs show: one human headline above the table, not a dump of every key (those are in
  // --format json).
  std::string headline = text == RunText::fields_and_batches ? run_headline(r) : "";
  auto summary = batch_summary_table(r);
  auto print_text = [headline, summary](std::ostream& out) {
    if (!headline.empty()) out << headline << '\n';
    if (summary.rows.empty()) return;  // a wrapped command has no batch sizes
    if (!headline.empty()) out << '\n';
    print_table(out, summary, OutputFormat::text);
  };
  return {std::move(record), run_rows({r}), print_text};
}

}  // namespace infergy::cli
