// One shape for a measured run, shared by measure, runs show and runs export: the same
// record in JSON, the same rows in CSV and Markdown (docs/output.md).
#pragma once
#include <cstdint>
#include <vector>

#include "infergy/measure.hpp"
#include "infergy/output.hpp"
#include "infergy/runs.hpp"

namespace infergy::cli {

struct RunWithBatches {
  measure::RunRecord run;
  std::vector<measure::BatchResult> batches;
};

// The run's fields (identity, status, times, idle power, settings, provenance), then
// `batches`: each batch size's result, `most_efficient` marking the one of
// measure::most_efficient_batch.
Record run_record(const RunWithBatches& run);

// One row per batch size: the run's identity (run_id, kind, workload, sensor, status,
// run_started_at), then the batch's fields in the record's order.
Table run_rows(const std::vector<RunWithBatches>& runs);

// The per-batch summary humans read: batch size, reps, throughput, latency, power, J/item.
Table batch_summary_table(const RunWithBatches& run);

// What text shows of a run: the summary table, or the run's fields above it.
enum class RunText { batches, fields_and_batches };

// run_record as JSON, run_rows as CSV and Markdown, batch_summary_table as text.
Output run_output(const RunWithBatches& run, RunText text);

}  // namespace infergy::cli
