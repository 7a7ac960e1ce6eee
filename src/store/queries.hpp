// The SQL both backends run, written once: SQLite and PostgreSQL share these statements
// ($1, $2, ... parameters, ON CONFLICT upserts, RETURNING). What differs between them
// (DDL types, locking, the SQLite wrapper vs libpqxx) stays in each backend's folder.
// Private to src/store.
#pragma once
#include <string>

#include "infergy/catalog.hpp"

namespace infergy::store::queries {

// ---------------------------------------------------------------- catalog datasets
inline constexpr const char* kMetaValue = "SELECT value FROM meta WHERE key = $1";
inline constexpr const char* kSetMeta =
    "INSERT INTO meta(key, value) VALUES($1, $2) "
    "ON CONFLICT(key) DO UPDATE SET value = EXCLUDED.value";
// "name, domain, ..., origin": a dataset's fields as columns, then the row's origin.
std::string dataset_columns(const catalog::DatasetSpec& spec);
// INSERT ... ON CONFLICT(key) DO UPDATE (or DO NOTHING, for built-in reloads).
std::string dataset_insert(const catalog::DatasetSpec& spec, bool replace);
std::string dataset_delete_origin(const catalog::DatasetSpec& spec);  // WHERE origin = $1
std::string dataset_count(const catalog::DatasetSpec& spec);

// ---------------------------------------------------------------- runs
inline constexpr const char* kRunColumns =
    "id, kind, workload, sensor, status, status_reason, settings_key, settings, provenance, "
    "started_at, ended_at, idle_power_w";
inline constexpr const char* kInsertRun =
    "INSERT INTO runs(kind, workload, sensor, status, status_reason, settings_key, settings, "
    "provenance, started_at, ended_at, idle_power_w) "
    "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
inline constexpr const char* kFindResumable =
    "SELECT id, kind, workload, sensor, status, status_reason, settings_key, settings, "
    "provenance, started_at, ended_at, idle_power_w FROM runs WHERE settings_key = $1 AND "
    "status != 'complete' ORDER BY id DESC LIMIT 1";
inline constexpr const char* kListRuns =
    "SELECT id, kind, workload, sensor, status, status_reason, settings_key, settings, "
    "provenance, started_at, ended_at, idle_power_w FROM runs ORDER BY id";
inline constexpr const char* kGetRun =
    "SELECT id, kind, workload, sensor, status, status_reason, settings_key, settings, "
    "provenance, started_at, ended_at, idle_power_w FROM runs WHERE id = $1";
inline constexpr const char* kSetIdlePower = "UPDATE runs SET idle_power_w = $1 WHERE id = $2";
inline constexpr const char* kFinishRun =
    "UPDATE runs SET status = $1, status_reason = $2, ended_at = $3 WHERE id = $4";
inline constexpr const char* kInsertBatch =
    "INSERT INTO batch_results(run_id, batch_size, reps, started_at, ended_at, duration_s, "
    "throughput_items_per_s, avg_power_w, energy_per_item_j, energy_per_item_ci95_j, "
    "energy_method, details) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
// The batch fields bound as $2..$11 of kInsertBatch, from BatchResult::to_json().
inline constexpr const char* kBatchColumns[] = {"batch_size",
                                                "reps",
                                                "started_at",
                                                "ended_at",
                                                "duration_s",
                                                "throughput_items_per_s",
                                                "avg_power_w",
                                                "energy_per_item_j",
                                                "energy_per_item_ci95_j",
                                                "energy_method"};
inline constexpr const char* kInsertSample =
    "INSERT INTO samples(run_id, batch_size, time_s, power_w, energy_j) "
    "VALUES($1, $2, $3, $4, $5)";
inline constexpr const char* kBatches =
    "SELECT details FROM batch_results WHERE run_id = $1 ORDER BY batch_size";
inline constexpr const char* kSamples =
    "SELECT batch_size, time_s, power_w, energy_j FROM samples WHERE run_id = $1 "
    "ORDER BY batch_size, time_s";

// ---------------------------------------------------------------- setups
inline constexpr const char* kListSetups =
    "SELECT s.name, s.gpu, s.runtime, s.source, s.origin, s.imported_at, "
    "(SELECT COUNT(*) FROM setup_measurements m WHERE m.setup = s.name) FROM setups s "
    "ORDER BY s.name";
inline constexpr const char* kGetSetup =
    "SELECT s.name, s.gpu, s.runtime, s.source, s.origin, s.imported_at, "
    "(SELECT COUNT(*) FROM setup_measurements m WHERE m.setup = s.name) FROM setups s "
    "WHERE s.name = $1";
inline constexpr const char* kSetupPoints =
    "SELECT m.model, m.input_px, m.energy_j, m.throughput_items_per_s, m.latency_s, "
    "m.batch_size, m.accuracy_pct, s.params, s.macs, s.macs_alt, s.activations, s.url, "
    "s.release_date FROM setup_measurements m LEFT JOIN model_stats s "
    "ON s.model = m.model AND s.input_px = m.input_px "
    "WHERE m.setup = $1 ORDER BY m.model, m.input_px";
inline constexpr const char* kSetupAccuracies =
    "SELECT a.model, a.input_px, a.test_set, a.top1_pct FROM model_accuracies a "
    "JOIN setup_measurements m ON m.model = a.model AND m.input_px = a.input_px "
    "WHERE m.setup = $1";
inline constexpr const char* kDeleteMeasurements =
    "DELETE FROM setup_measurements WHERE setup = $1";
inline constexpr const char* kDeleteSetup = "DELETE FROM setups WHERE name = $1";
inline constexpr const char* kInsertSetup =
    "INSERT INTO setups(name, gpu, runtime, source, origin, imported_at) "
    "VALUES($1, $2, $3, $4, $5, $6)";
inline constexpr const char* kInsertMeasurement =
    "INSERT INTO setup_measurements(setup, model, input_px, energy_j, throughput_items_per_s, "
    "latency_s, batch_size, max_batch_size, accuracy_pct, origin) "
    "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
// A value already stored is kept where the new row has none (COALESCE).
inline constexpr const char* kUpsertStats =
    "INSERT INTO model_stats AS t(model, input_px, params, params_tool, macs, macs_tool, "
    "macs_alt, macs_alt_tool, activations, activations_tool, url, origin) "
    "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
    "ON CONFLICT(model, input_px) DO UPDATE SET "
    "params = COALESCE(EXCLUDED.params, t.params), "
    "params_tool = CASE WHEN EXCLUDED.params IS NULL THEN t.params_tool "
    "ELSE EXCLUDED.params_tool END, "
    "macs = COALESCE(EXCLUDED.macs, t.macs), "
    "macs_tool = CASE WHEN EXCLUDED.macs IS NULL THEN t.macs_tool ELSE EXCLUDED.macs_tool END, "
    "macs_alt = COALESCE(EXCLUDED.macs_alt, t.macs_alt), "
    "macs_alt_tool = CASE WHEN EXCLUDED.macs_alt IS NULL THEN t.macs_alt_tool "
    "ELSE EXCLUDED.macs_alt_tool END, "
    "activations = COALESCE(EXCLUDED.activations, t.activations), "
    "activations_tool = CASE WHEN EXCLUDED.activations IS NULL THEN t.activations_tool "
    "ELSE EXCLUDED.activations_tool END, "
    "url = CASE WHEN EXCLUDED.url = '' THEN t.url ELSE EXCLUDED.url END, "
    "origin = EXCLUDED.origin";
inline constexpr const char* kUpsertAccuracy =
    "INSERT INTO model_accuracies(model, input_px, test_set, top1_pct, top5_pct, origin) "
    "VALUES($1, $2, $3, $4, $5, $6) ON CONFLICT(model, input_px, test_set) DO UPDATE SET "
    "top1_pct = EXCLUDED.top1_pct, top5_pct = EXCLUDED.top5_pct, origin = EXCLUDED.origin";
// Run claims (the lease test itself is per backend: each reads its own clock).
inline constexpr const char* kReleaseClaim =
    "UPDATE runs SET claim_owner = '', claim_expires_s = 0 WHERE id = $1 AND claim_owner = $2";
inline constexpr const char* kReleaseAnyClaim =
    "UPDATE runs SET claim_owner = '', claim_expires_s = 0 WHERE id = $1";
// An exact name, and (for a name without a tag) the byte range of its tagged variants,
// "resnet50." up to "resnet50/" ('/' follows '.'): both use the (model, input_px) index.
inline constexpr const char* kDateExact =
    "UPDATE model_stats SET release_date = $1 WHERE model = $2";
inline constexpr const char* kDateTagged =
    "UPDATE model_stats SET release_date = $1 "
    "WHERE model >= CAST($2 AS TEXT) || '.' AND model < CAST($2 AS TEXT) || '/'";

// ---------------------------------------------------------------- calibrations
inline constexpr const char* kInsertCalibration =
    "INSERT INTO calibrations(format_version, created_at, training_hash, options_hash, "
    "options, estimator) VALUES($1, $2, $3, $4, $5, $6) RETURNING version";
inline constexpr const char* kCalibrationColumns =
    "version, format_version, created_at, training_hash, options_hash, options";
inline constexpr const char* kLatestCalibration =
    "SELECT version, format_version, created_at, training_hash, options_hash, options, "
    "estimator FROM calibrations ORDER BY version DESC LIMIT 1";
inline constexpr const char* kFindCalibration =
    "SELECT version, format_version, created_at, training_hash, options_hash, options, "
    "estimator FROM calibrations WHERE version = $1";
inline constexpr const char* kListCalibrations =
    "SELECT version, format_version, created_at, training_hash, options_hash, options "
    "FROM calibrations ORDER BY version";

}  // namespace infergy::store::queries
