// What `campaign status` shows: counts, a progress bar, running and failed items.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "infergy/campaign.hpp"

namespace infergy::campaign {
namespace {

Record optional_id(const std::optional<int64_t>& id) { return id ? Record(*id) : Record(nullptr); }

Record running_entry(const ItemState& s) {
  return {{"item", s.item.name},
          {"host", s.owner.host},
          {"pid", s.owner.pid},
          {"job", s.owner.job},
          {"since", s.claimed_at},
          {"lease_left_s", s.lease_left_s ? Record(*s.lease_left_s) : Record(nullptr)},
          {"attempts", s.attempts},
          {"run_id", optional_id(s.run_id)}};
}

Record failed_entry(const ItemState& s) {
  return {{"item", s.item.name},
          {"reason", s.reason},
          {"attempts", s.attempts},
          {"run_id", optional_id(s.run_id)},
          {"finished_at", s.finished_at}};
}

}  // namespace

Record status_record(const CampaignInfo& info, const StatusCounts& counts,
                     const std::vector<ItemState>& running, const std::vector<ItemState>& failed) {
  Record r = {{"campaign", info.name},
              {"total", counts.total()},
              {"pending", counts.pending},
              {"running", counts.running},
              {"done", counts.done},
              {"failed", counts.failed},
              {"lease_expired", counts.lease_expired},
              {"finished_fraction", counts.total() ? static_cast<double>(counts.finished()) /
                                                         static_cast<double>(counts.total())
                                                   : 1.0},
              {"setup", info.setup},
              {"job_id", info.job_id}};
  r["running_items"] = Record::array();
  for (const auto& s : running) r["running_items"].push_back(running_entry(s));
  r["failed_items"] = Record::array();
  for (const auto& s : failed) r["failed_items"].push_back(failed_entry(s));
  return r;
}

std::string progress_bar(const StatusCounts& counts, int width) {
  const size_t total = counts.total();
  double fraction = total ? static_cast<double>(counts.finished()) / static_cast<double>(total) : 1;
  int filled = static_cast<int>(std::floor(fraction * width));
  filled = std::clamp(filled, 0, width);
  return fmt::format("[{}{}] {:3.0f}% ({} of {} finished: {} done, {} failed)",
                     std::string(static_cast<size_t>(filled), '#'),
                     std::string(static_cast<size_t>(width - filled), '.'), fraction * 100,
                     counts.finished(), total, counts.done, counts.failed);
}

Table items_table(const std::vector<ItemState>& items) {
  Table t;
  t.columns = {{"item"},       {"status"},   {"host"},   {"pid"},    {"job"},
               {"claimed_at"}, {"attempts"}, {"run_id"}, {"reason"}, {"finished_at"}};
  for (const auto& s : items) {
    t.rows.push_back({s.item.name, s.status, s.owner.host,
                      s.owner.pid ? nlohmann::json(s.owner.pid) : nlohmann::json(nullptr),
                      s.owner.job, s.claimed_at, s.attempts,
                      s.run_id ? nlohmann::json(*s.run_id) : nlohmann::json(nullptr), s.reason,
                      s.finished_at});
  }
  return t;
}

}  // namespace infergy::campaign
