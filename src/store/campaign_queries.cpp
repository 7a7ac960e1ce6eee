#include "campaign_queries.hpp"

#include <cmath>
#include <ctime>
#include <random>

#include <fmt/format.h>

namespace infergy::store::campaign_queries {

std::string campaign_by_name() {
  return fmt::format("SELECT {} FROM campaigns c WHERE c.name = $1", kCampaignColumns);
}

std::string list_campaigns() {
  return fmt::format("SELECT {} FROM campaigns c ORDER BY c.name", kCampaignColumns);
}

std::string claim(bool expired, bool skip_locked) {
  const char* condition =
      expired ? "status = 'running' AND lease_expires_s < CAST($2 AS DOUBLE PRECISION)"
              : "status = 'pending'";
  return fmt::format(
      "UPDATE campaign_items SET status = 'running', owner_host = $3, owner_pid = $4, "
      "owner_job = $5, lease_token = $6, lease_expires_s = CAST($2 AS DOUBLE PRECISION) + "
      "CAST($7 AS DOUBLE PRECISION), claimed_at_s = CAST($2 AS DOUBLE PRECISION), "
      "attempts = attempts + 1 WHERE id = (SELECT id FROM campaign_items WHERE "
      "campaign_id = $1 AND {} ORDER BY position LIMIT 1{}) RETURNING {}",
      condition, skip_locked ? " FOR UPDATE SKIP LOCKED" : "", kItemColumns);
}

std::string items(bool with_status) {
  return fmt::format("SELECT {} FROM campaign_items WHERE campaign_id = $1{} ORDER BY position",
                     kItemColumns, with_status ? " AND status = $2" : "");
}

std::string iso_from_epoch(double epoch_s) {
  double whole = std::floor(epoch_s);
  auto seconds = static_cast<std::time_t>(whole);
  int millis = static_cast<int>(std::lround((epoch_s - whole) * 1000));
  if (millis == 1000) {
    ++seconds;
    millis = 0;
  }
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
}

std::string new_lease_token() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  return fmt::format("{:016x}{:016x}", random(), random());
}

}  // namespace infergy::store::campaign_queries
