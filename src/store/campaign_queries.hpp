// The campaign statements both backends run (as queries.hpp: $N parameters, RETURNING),
// and the helpers their row readers share. What differs stays in each backend: the
// database clock, the claim's row lock (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: the
// IMMEDIATE transaction around it) and the DDL. Times are epoch seconds of the database's
// clock, cast so PostgreSQL knows the parameters' type. Private to src/store.
#pragma once
#include <string>

namespace infergy::store::campaign_queries {

inline constexpr const char* kInsertCampaign =
    "INSERT INTO campaigns(name, setup, gpu, source, created_at) VALUES($1, $2, $3, $4, $5) "
    "ON CONFLICT(name) DO NOTHING";
inline constexpr const char* kCampaignColumns =
    "c.id, c.name, c.setup, c.gpu, c.source, c.created_at, c.sbatch_script, c.job_id, "
    "c.submitted_at, (SELECT COUNT(*) FROM campaign_items i WHERE i.campaign_id = c.id)";
std::string campaign_by_name();  // WHERE c.name = $1
std::string list_campaigns();    // ORDER BY c.name
inline constexpr const char* kItemNames =
    "SELECT item_key, name FROM campaign_items WHERE campaign_id = $1";
inline constexpr const char* kLastPosition =
    "SELECT COALESCE(MAX(position), -1) FROM campaign_items WHERE campaign_id = $1";
inline constexpr const char* kInsertItem =
    "INSERT INTO campaign_items(campaign_id, position, item_key, name, spec) "
    "VALUES($1, $2, $3, $4, $5)";

// The columns an ItemState is read from, in this order.
inline constexpr const char* kItemColumns =
    "id, spec, status, owner_host, owner_pid, owner_job, claimed_at_s, lease_expires_s, "
    "attempts, run_id, reason, finished_at_s, lease_token";

// $1 campaign id, $2 now, $3 host, $4 pid, $5 job, $6 lease token, $7 lease seconds.
// expired: running items whose lease has expired; else pending ones. Both by position.
std::string claim(bool expired, bool skip_locked);

// $1 item id, $2 lease token, $3 now, $4 lease seconds.
inline constexpr const char* kRenew =
    "UPDATE campaign_items SET lease_expires_s = CAST($3 AS DOUBLE PRECISION) + "
    "CAST($4 AS DOUBLE PRECISION) WHERE id = $1 AND lease_token = $2 AND status = 'running'";
// $1 item id, $2 lease token, $3 run id.
inline constexpr const char* kAttachRun =
    "UPDATE campaign_items SET run_id = $3 WHERE id = $1 AND lease_token = $2 AND "
    "status = 'running'";
// $1 item id, $2 lease token, $3 status, $4 reason, $5 finished at (NULL when released).
inline constexpr const char* kFinish =
    "UPDATE campaign_items SET status = $3, reason = $4, finished_at_s = "
    "CAST($5 AS DOUBLE PRECISION), lease_expires_s = NULL WHERE id = $1 AND "
    "lease_token = $2 AND status = 'running'";
// $1 campaign id, $2 now: per status, its count, expired leases, the next expiry.
inline constexpr const char* kCounts =
    "SELECT status, COUNT(*), SUM(CASE WHEN status = 'running' AND lease_expires_s < "
    "CAST($2 AS DOUBLE PRECISION) THEN 1 ELSE 0 END), MIN(CASE WHEN status = 'running' AND "
    "lease_expires_s >= CAST($2 AS DOUBLE PRECISION) THEN lease_expires_s END) "
    "FROM campaign_items WHERE campaign_id = $1 GROUP BY status";
std::string items(bool with_status);  // $1 campaign id [, $2 status], by position
inline constexpr const char* kRequeueFailed =
    "UPDATE campaign_items SET status = 'pending', attempts = 0, reason = '', "
    "finished_at_s = NULL WHERE campaign_id = $1 AND status = 'failed'";
inline constexpr const char* kRecordSubmission =
    "UPDATE campaigns SET sbatch_script = $2, job_id = $3, submitted_at = $4 WHERE name = $1";

// ISO 8601 UTC with milliseconds, "2026-01-01T00:00:00.000Z", of epoch seconds.
std::string iso_from_epoch(double epoch_s);
// A fresh lease token: unique across processes and hosts (random, 128 bits).
std::string new_lease_token();

}  // namespace infergy::store::campaign_queries
