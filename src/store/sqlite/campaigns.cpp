// Campaigns in SQLite: claims inside an IMMEDIATE transaction (one writer at a time, so
// no two processes take the same item), times from SQLite's clock.
#include <fmt/format.h>

#include "../campaign_queries.hpp"
#include "infergy/error.hpp"
#include "repositories.hpp"
#include "schema.hpp"

namespace infergy::store::sqlite {

const ModuleSchema& campaigns_schema() {
  static const ModuleSchema schema{"campaigns", {{1, "campaigns and their items (issue 14)", R"sql(
CREATE TABLE campaigns(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, setup TEXT NOT NULL DEFAULT '',
  gpu TEXT NOT NULL DEFAULT '', source TEXT NOT NULL, created_at TEXT NOT NULL,
  sbatch_script TEXT NOT NULL DEFAULT '', job_id TEXT NOT NULL DEFAULT '',
  submitted_at TEXT NOT NULL DEFAULT '');
CREATE TABLE campaign_items(
  id INTEGER PRIMARY KEY, campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  position INTEGER NOT NULL, item_key TEXT NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK(status IN ('pending','running','done','failed')),
  owner_host TEXT NOT NULL DEFAULT '', owner_pid INTEGER NOT NULL DEFAULT 0,
  owner_job TEXT NOT NULL DEFAULT '', lease_token TEXT NOT NULL DEFAULT '',
  lease_expires_s REAL, claimed_at_s REAL, attempts INTEGER NOT NULL DEFAULT 0,
  run_id INTEGER, reason TEXT NOT NULL DEFAULT '', finished_at_s REAL,
  UNIQUE(campaign_id, item_key), UNIQUE(campaign_id, name));
CREATE INDEX campaign_items_by_status ON campaign_items(campaign_id, status, position);
)sql"}}};
  return schema;
}

namespace {

namespace q = store::campaign_queries;

double now_s(sql::Database& db) {
  auto stmt = db.prepare("SELECT (julianday('now') - 2440587.5) * 86400.0");
  stmt.step();
  return stmt.real(0);
}

campaign::CampaignInfo read_info(const sql::Statement& s) {
  return {s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), static_cast<size_t>(s.integer(9)),
          s.text(6), s.text(7), s.text(8)};
}

campaign::ItemState read_item(const sql::Statement& s, double now) {
  campaign::ItemState state;
  state.id = s.integer(0);
  state.item = campaign::item_from_json(nlohmann::json::parse(s.text(1)));
  state.status = s.text(2);
  state.owner = {s.text(3), s.integer(4), s.text(5)};
  if (!s.is_null(6)) state.claimed_at = q::iso_from_epoch(s.real(6));
  if (state.status == campaign::kRunning && !s.is_null(7)) state.lease_left_s = s.real(7) - now;
  state.attempts = static_cast<int>(s.integer(8));
  if (!s.is_null(9)) state.run_id = s.integer(9);
  state.reason = s.text(10);
  if (!s.is_null(11)) state.finished_at = q::iso_from_epoch(s.real(11));
  return state;
}

// The campaign's id; throws InputError naming it if there is none.
int64_t campaign_id(sql::Database& db, const std::string& name) {
  auto stmt = db.prepare("SELECT id FROM campaigns WHERE name = $1");
  stmt.bind(1, std::string_view(name));
  if (!stmt.step()) {
    throw InputError(fmt::format("no campaign named '{}' (see infergy campaign list)", name));
  }
  return stmt.integer(0);
}

void check_same_campaign(sql::Database& db, const campaign::Campaign& c) {
  auto stmt = db.prepare(q::campaign_by_name());
  stmt.bind(1, std::string_view(c.name));
  stmt.step();
  auto info = read_info(stmt);
  if (info.setup != c.setup || info.gpu != c.gpu) {
    throw InputError(fmt::format(
        "campaign '{}' exists with setup '{}' and GPU '{}'; {} gives '{}' and '{}' (use a "
        "new campaign name)",
        c.name, info.setup, info.gpu, c.source, c.setup, c.gpu));
  }
}

}  // namespace

campaign::CreateResult Campaigns::create(const campaign::Campaign& c) {
  sql::Transaction tx(db_);
  campaign::CreateResult result;
  auto insert = db_.prepare(q::kInsertCampaign);
  insert.bind(1, std::string_view(c.name)).bind(2, std::string_view(c.setup));
  insert.bind(3, std::string_view(c.gpu)).bind(4, std::string_view(c.source));
  insert.bind(5, std::string_view(campaign_queries::iso_from_epoch(now_s(db_))));
  insert.run();
  result.created = db_.changes() > 0;
  if (!result.created) check_same_campaign(db_, c);
  int64_t id = campaign_id(db_, c.name);
  std::map<std::string, std::string> names_by_key, keys_by_name;
  auto names = db_.prepare(q::kItemNames);
  names.bind(1, id);
  while (names.step()) {
    names_by_key[names.text(0)] = names.text(1);
    keys_by_name[names.text(1)] = names.text(0);
  }
  auto last = db_.prepare(q::kLastPosition);
  last.bind(1, id);
  last.step();
  int64_t position = last.integer(0);
  auto item = db_.prepare(q::kInsertItem);
  for (auto stored : c.items) {
    if (names_by_key.count(stored.key)) {
      ++result.existing_items;
      continue;
    }
    if (keys_by_name.count(stored.name)) {
      throw InputError(fmt::format(
          "campaign '{}' already has an item '{}' with other settings; name it apart or use "
          "a new campaign name (nothing was stored)",
          c.name, stored.name));
    }
    stored.position = static_cast<int>(++position);
    item.bind(1, id).bind(2, position).bind(3, std::string_view(stored.key));
    item.bind(4, std::string_view(stored.name));
    item.bind(5, std::string_view(campaign::item_to_json(stored).dump()));
    item.run();
    keys_by_name[stored.name] = stored.key;
    ++result.added_items;
  }
  tx.commit();
  return result;
}

std::vector<campaign::CampaignInfo> Campaigns::list() {
  auto stmt = db_.prepare(q::list_campaigns());
  std::vector<campaign::CampaignInfo> out;
  while (stmt.step()) out.push_back(read_info(stmt));
  return out;
}

std::optional<campaign::CampaignInfo> Campaigns::find(const std::string& name) {
  auto stmt = db_.prepare(q::campaign_by_name());
  stmt.bind(1, std::string_view(name));
  if (!stmt.step()) return std::nullopt;
  return read_info(stmt);
}

std::optional<campaign::Lease> Campaigns::claim(const std::string& name,
                                                const campaign::Owner& owner, double lease_s) {
  sql::Transaction tx(db_);
  int64_t id = campaign_id(db_, name);
  double now = now_s(db_);
  auto token = q::new_lease_token();
  for (bool expired : {true, false}) {
    auto stmt = db_.prepare(q::claim(expired, false));
    stmt.bind(1, id).bind(2, now).bind(3, std::string_view(owner.host)).bind(4, owner.pid);
    stmt.bind(5, std::string_view(owner.job)).bind(6, std::string_view(token)).bind(7, lease_s);
    if (stmt.step()) {
      campaign::Lease lease{token, read_item(stmt, now)};
      stmt.reset();
      tx.commit();
      return lease;
    }
  }
  tx.commit();
  return std::nullopt;
}

bool Campaigns::renew(const campaign::Lease& lease, double lease_s) {
  auto stmt = db_.prepare(q::kRenew);
  stmt.bind(1, lease.item.id).bind(2, std::string_view(lease.token)).bind(3, now_s(db_));
  stmt.bind(4, lease_s);
  stmt.run();
  return db_.changes() == 1;
}

bool Campaigns::attach_run(const campaign::Lease& lease, int64_t run_id) {
  auto stmt = db_.prepare(q::kAttachRun);
  stmt.bind(1, lease.item.id).bind(2, std::string_view(lease.token)).bind(3, run_id);
  stmt.run();
  return db_.changes() == 1;
}

bool Campaigns::finish(const campaign::Lease& lease, const std::string& status,
                       const std::string& reason) {
  auto stmt = db_.prepare(q::kFinish);
  stmt.bind(1, lease.item.id).bind(2, std::string_view(lease.token));
  stmt.bind(3, std::string_view(status)).bind(4, std::string_view(reason));
  if (status == campaign::kPending) {
    stmt.bind_null(5);
  } else {
    stmt.bind(5, now_s(db_));
  }
  stmt.run();
  return db_.changes() == 1;
}

campaign::StatusCounts Campaigns::counts(const std::string& name) {
  int64_t id = campaign_id(db_, name);
  double now = now_s(db_);
  auto stmt = db_.prepare(q::kCounts);
  stmt.bind(1, id).bind(2, now);
  campaign::StatusCounts counts;
  while (stmt.step()) {
    auto status = stmt.text(0);
    auto n = static_cast<size_t>(stmt.integer(1));
    if (status == campaign::kPending) counts.pending = n;
    if (status == campaign::kDone) counts.done = n;
    if (status == campaign::kFailed) counts.failed = n;
    if (status == campaign::kRunning) {
      counts.running = n;
      counts.lease_expired = static_cast<size_t>(stmt.integer(2));
      if (!stmt.is_null(3)) counts.next_expiry_s = stmt.real(3) - now;
    }
  }
  return counts;
}

std::vector<campaign::ItemState> Campaigns::items(const std::string& name,
                                                  const std::string& status) {
  int64_t id = campaign_id(db_, name);
  double now = now_s(db_);
  auto stmt = db_.prepare(q::items(!status.empty()));
  stmt.bind(1, id);
  if (!status.empty()) stmt.bind(2, std::string_view(status));
  std::vector<campaign::ItemState> out;
  while (stmt.step()) out.push_back(read_item(stmt, now));
  return out;
}

size_t Campaigns::requeue_failed(const std::string& name) {
  int64_t id = campaign_id(db_, name);
  auto stmt = db_.prepare(q::kRequeueFailed);
  stmt.bind(1, id);
  stmt.run();
  return static_cast<size_t>(db_.changes());
}

void Campaigns::record_submission(const std::string& name, const std::string& script,
                                  const std::string& job_id) {
  campaign_id(db_, name);
  auto stmt = db_.prepare(q::kRecordSubmission);
  stmt.bind(1, std::string_view(name)).bind(2, std::string_view(script));
  stmt.bind(3, std::string_view(job_id));
  stmt.bind(4, std::string_view(campaign_queries::iso_from_epoch(now_s(db_))));
  stmt.run();
}

}  // namespace infergy::store::sqlite
