// Campaigns in PostgreSQL: many workers on many nodes claim with SELECT ... FOR UPDATE
// SKIP LOCKED (a claimer passes over rows another is taking, never waits on them), and
// leases run on the server's clock, the one clock every node shares.
#include <map>

#include <fmt/format.h>

#include "../campaign_queries.hpp"
#include "infergy/error.hpp"
#include "repositories.hpp"
#include "schema.hpp"

namespace infergy::store::postgres {

const ModuleSchema& campaigns_schema() {
  static const ModuleSchema schema{"campaigns", {{1, "campaigns and their items (issue 14)", R"sql(
CREATE TABLE campaigns(
  id BIGSERIAL PRIMARY KEY, name TEXT COLLATE "C" NOT NULL UNIQUE,
  setup TEXT NOT NULL DEFAULT '', gpu TEXT NOT NULL DEFAULT '', source TEXT NOT NULL,
  created_at TEXT NOT NULL, sbatch_script TEXT NOT NULL DEFAULT '',
  job_id TEXT NOT NULL DEFAULT '', submitted_at TEXT NOT NULL DEFAULT '');
CREATE TABLE campaign_items(
  id BIGSERIAL PRIMARY KEY,
  campaign_id BIGINT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  position BIGINT NOT NULL, item_key TEXT COLLATE "C" NOT NULL, name TEXT COLLATE "C" NOT NULL,
  spec TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK(status IN ('pending','running','done','failed')),
  owner_host TEXT NOT NULL DEFAULT '', owner_pid BIGINT NOT NULL DEFAULT 0,
  owner_job TEXT NOT NULL DEFAULT '', lease_token TEXT NOT NULL DEFAULT '',
  lease_expires_s DOUBLE PRECISION, claimed_at_s DOUBLE PRECISION,
  attempts BIGINT NOT NULL DEFAULT 0, run_id BIGINT, reason TEXT NOT NULL DEFAULT '',
  finished_at_s DOUBLE PRECISION,
  UNIQUE(campaign_id, item_key), UNIQUE(campaign_id, name));
CREATE INDEX campaign_items_by_status ON campaign_items(campaign_id, status, position);
CREATE TRIGGER campaigns_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON campaigns
  FOR EACH STATEMENT EXECUTE FUNCTION infergy_bump_revision();
CREATE TRIGGER campaign_items_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON campaign_items FOR EACH STATEMENT EXECUTE FUNCTION infergy_bump_revision();
)sql"}}};
  return schema;
}

namespace {

namespace q = store::campaign_queries;

double now_s(pqxx::transaction_base& tx) {
  return real(exec(tx, "SELECT EXTRACT(EPOCH FROM clock_timestamp())::float8")[0][0]);
}

campaign::CampaignInfo read_info(const pqxx::row& r) {
  return {text(r[1]), text(r[2]), text(r[3]),
          text(r[4]), text(r[5]), static_cast<size_t>(integer(r[9])),
          text(r[6]), text(r[7]), text(r[8])};
}

campaign::ItemState read_item(const pqxx::row& r, double now) {
  campaign::ItemState state;
  state.id = integer(r[0]);
  state.item = campaign::item_from_json(nlohmann::json::parse(text(r[1])));
  state.status = text(r[2]);
  state.owner = {text(r[3]), integer(r[4]), text(r[5])};
  if (!r[6].is_null()) state.claimed_at = q::iso_from_epoch(real(r[6]));
  if (state.status == campaign::kRunning && !r[7].is_null()) state.lease_left_s = real(r[7]) - now;
  state.attempts = static_cast<int>(integer(r[8]));
  if (!r[9].is_null()) state.run_id = integer(r[9]);
  state.reason = text(r[10]);
  if (!r[11].is_null()) state.finished_at = q::iso_from_epoch(real(r[11]));
  return state;
}

int64_t campaign_id(pqxx::transaction_base& tx, const std::string& name) {
  auto r = exec(tx, "SELECT id FROM campaigns WHERE name = $1", Params().text(name));
  if (r.empty()) {
    throw InputError(fmt::format("no campaign named '{}' (see infergy campaign list)", name));
  }
  return integer(r[0][0]);
}

void check_same_campaign(pqxx::transaction_base& tx, const campaign::Campaign& c) {
  auto info = read_info(exec(tx, q::campaign_by_name(), Params().text(c.name))[0]);
  if (info.setup != c.setup || info.gpu != c.gpu) {
    throw InputError(fmt::format(
        "campaign '{}' exists with setup '{}' and GPU '{}'; {} gives '{}' and '{}' (use a "
        "new campaign name)",
        c.name, info.setup, info.gpu, c.source, c.setup, c.gpu));
  }
}

// A statement that changes at most one row: true if it did.
bool changed_one(pqxx::transaction_base& tx, const std::string& sql, const Params& params) {
  return exec(tx, sql, params).affected_rows() == 1;
}

}  // namespace

campaign::CreateResult Campaigns::create(const campaign::Campaign& c) {
  return in_transaction(db_, "storing campaign " + c.name, [&](pqxx::work& tx) {
    campaign::CreateResult result;
    // One creator at a time per store: two creates of one campaign would race on its items.
    exec(tx, "SELECT pg_advisory_xact_lock(hashtext('infergy campaigns'))");
    auto inserted = exec(tx, q::kInsertCampaign,
                         Params().text(c.name).text(c.setup).text(c.gpu).text(c.source).text(
                             q::iso_from_epoch(now_s(tx))));
    result.created = inserted.affected_rows() > 0;
    if (!result.created) check_same_campaign(tx, c);
    int64_t id = campaign_id(tx, c.name);
    std::map<std::string, std::string> names_by_key, keys_by_name;
    for (const auto& row : exec(tx, q::kItemNames, Params().integer(id))) {
      names_by_key[text(row[0])] = text(row[1]);
      keys_by_name[text(row[1])] = text(row[0]);
    }
    int64_t position = integer(exec(tx, q::kLastPosition, Params().integer(id))[0][0]);
    for (auto item : c.items) {
      if (names_by_key.count(item.key)) {
        ++result.existing_items;
        continue;
      }
      if (keys_by_name.count(item.name)) {
        throw InputError(fmt::format(
            "campaign '{}' already has an item '{}' with other settings; name it apart or use "
            "a new campaign name (nothing was stored)",
            c.name, item.name));
      }
      item.position = static_cast<int>(++position);
      exec(tx, q::kInsertItem,
           Params().integer(id).integer(position).text(item.key).text(item.name).text(
               campaign::item_to_json(item).dump()));
      keys_by_name[item.name] = item.key;
      ++result.added_items;
    }
    return result;
  });
}

std::vector<campaign::CampaignInfo> Campaigns::list() {
  return in_transaction(db_, "listing campaigns", [&](pqxx::work& tx) {
    std::vector<campaign::CampaignInfo> out;
    for (const auto& row : exec(tx, q::list_campaigns())) out.push_back(read_info(row));
    return out;
  });
}

std::optional<campaign::CampaignInfo> Campaigns::find(const std::string& name) {
  return in_transaction(db_, "reading campaign " + name, [&](pqxx::work& tx) {
    auto r = exec(tx, q::campaign_by_name(), Params().text(name));
    return r.empty() ? std::nullopt : std::optional<campaign::CampaignInfo>(read_info(r[0]));
  });
}

std::optional<campaign::Lease> Campaigns::claim(const std::string& name,
                                                const campaign::Owner& owner, double lease_s) {
  return in_transaction(db_, "claiming an item of " + name, [&](pqxx::work& tx) {
    int64_t id = campaign_id(tx, name);
    double now = now_s(tx);
    auto token = q::new_lease_token();
    for (bool expired : {true, false}) {
      auto r = exec(tx, q::claim(expired, true),
                    Params()
                        .integer(id)
                        .real(now)
                        .text(owner.host)
                        .integer(owner.pid)
                        .text(owner.job)
                        .text(token)
                        .real(lease_s));
      if (!r.empty()) return std::optional<campaign::Lease>({token, read_item(r[0], now)});
    }
    return std::optional<campaign::Lease>();
  });
}

bool Campaigns::renew(const campaign::Lease& lease, double lease_s) {
  return in_transaction(db_, "renewing a lease", [&](pqxx::work& tx) {
    return changed_one(
        tx, q::kRenew,
        Params().integer(lease.item.id).text(lease.token).real(now_s(tx)).real(lease_s));
  });
}

bool Campaigns::attach_run(const campaign::Lease& lease, int64_t run_id) {
  return in_transaction(db_, "recording an item's run", [&](pqxx::work& tx) {
    return changed_one(tx, q::kAttachRun,
                       Params().integer(lease.item.id).text(lease.token).integer(run_id));
  });
}

bool Campaigns::finish(const campaign::Lease& lease, const std::string& status,
                       const std::string& reason) {
  return in_transaction(db_, "finishing an item", [&](pqxx::work& tx) {
    Params p;
    p.integer(lease.item.id).text(lease.token).text(status).text(reason);
    if (status == campaign::kPending) {
      p.null();
    } else {
      p.real(now_s(tx));
    }
    return changed_one(tx, q::kFinish, p);
  });
}

campaign::StatusCounts Campaigns::counts(const std::string& name) {
  return in_transaction(db_, "counting items of " + name, [&](pqxx::work& tx) {
    double now = now_s(tx);
    campaign::StatusCounts counts;
    for (const auto& row :
         exec(tx, q::kCounts, Params().integer(campaign_id(tx, name)).real(now))) {
      auto status = text(row[0]);
      auto n = static_cast<size_t>(integer(row[1]));
      if (status == campaign::kPending) counts.pending = n;
      if (status == campaign::kDone) counts.done = n;
      if (status == campaign::kFailed) counts.failed = n;
      if (status == campaign::kRunning) {
        counts.running = n;
        counts.lease_expired = static_cast<size_t>(integer(row[2]));
        if (!row[3].is_null()) counts.next_expiry_s = real(row[3]) - now;
      }
    }
    return counts;
  });
}

std::vector<campaign::ItemState> Campaigns::items(const std::string& name,
                                                  const std::string& status) {
  return in_transaction(db_, "reading items of " + name, [&](pqxx::work& tx) {
    double now = now_s(tx);
    Params p;
    p.integer(campaign_id(tx, name));
    if (!status.empty()) p.text(status);
    std::vector<campaign::ItemState> out;
    for (const auto& row : exec(tx, q::items(!status.empty()), p)) {
      out.push_back(read_item(row, now));
    }
    return out;
  });
}

size_t Campaigns::requeue_failed(const std::string& name) {
  return in_transaction(db_, "requeueing failed items of " + name, [&](pqxx::work& tx) {
    return static_cast<size_t>(
        exec(tx, q::kRequeueFailed, Params().integer(campaign_id(tx, name))).affected_rows());
  });
}

void Campaigns::record_submission(const std::string& name, const std::string& script,
                                  const std::string& job_id) {
  in_transaction(db_, "recording a submission of " + name, [&](pqxx::work& tx) {
    campaign_id(tx, name);
    exec(tx, q::kRecordSubmission,
         Params().text(name).text(script).text(job_id).text(q::iso_from_epoch(now_s(tx))));
  });
}

}  // namespace infergy::store::postgres
