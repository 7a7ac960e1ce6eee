// The Runs page's JSON (docs/api.md): the list of stored runs and one run in full.
#pragma once
#include <optional>

#include <nlohmann/json.hpp>

#include "infergy/server.hpp"

namespace infergy::server {

// One row of GET /api/runs: identity, sensor (simulated or not), protocol, status, the
// batch sizes and the most efficient one with its energy per item.
nlohmann::json run_summary_json(const RunView& view);

// GET /api/run: the summary's fields, the run's settings and provenance, its batches
// (measure::BatchResult's stored fields), the TDP line (`tdp`, the run's GPU or `gpu`
// when given) and the kept samples, one series per batch size.
nlohmann::json run_json(const RunView& view, const std::optional<GpuTdp>& gpu);

}  // namespace infergy::server
