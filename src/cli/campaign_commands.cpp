// campaign create|list|status|retry|work|submit: measurement campaigns over many workers
// (Slurm job arrays or local processes) sharing one store (docs/scale-out.md).
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "campaign_cli.hpp"
#include "context.hpp"
#include "infergy/campaign.hpp"
#include "infergy/campaign_worker.hpp"
#include "infergy/error.hpp"

namespace infergy::cli {
namespace {

struct StatusArgs {
  std::string name;
  bool items = false;
  bool wait = false;
  double timeout_s = 0;
  double poll_s = 1;
};

void run_create(Context& ctx, const std::string& file) {
  auto campaign = campaign::load_campaign(file);
  auto result = ctx.store().campaigns().create(campaign);
  *ctx.err << fmt::format(
      "{} campaign {}: {} new items, {} already stored\n",
      result.created ? "created" : (result.added_items ? "extended" : "nothing new in"),
      campaign.name, result.added_items, result.existing_items);
  emit(ctx, {Record{{"campaign", campaign.name},
                    {"created", result.created},
                    {"items", campaign.items.size()},
                    {"added_items", result.added_items},
                    {"existing_items", result.existing_items},
                    {"setup", campaign.setup}}});
}

void run_list(Context& ctx) {
  auto& campaigns = ctx.store().campaigns();
  Table t;
  t.columns = {{"name"},   {"items"}, {"pending"}, {"running"},    {"done"},
               {"failed"}, {"setup"}, {"job_id"},  {"created_at"}, {"source"}};
  for (const auto& c : campaigns.list()) {
    auto n = campaigns.counts(c.name);
    t.rows.push_back({c.name, c.item_count, n.pending, n.running, n.done, n.failed, c.setup,
                      c.job_id, c.created_at, c.source});
  }
  emit(ctx, {t});
}

// Polls until nothing is pending or running; progress on stderr when it changes.
void wait_until_finished(Context& ctx, const StatusArgs& a) {
  auto& platform = ctx.platform();
  const double start = platform.now_s();
  std::string last;
  while (true) {
    auto counts = ctx.store().campaigns().counts(a.name);
    auto line = campaign::progress_bar(counts);
    if (line != last) *ctx.err << line << std::endl;
    last = line;
    if (counts.pending + counts.running == 0) return;
    if (a.timeout_s > 0 && platform.now_s() - start > a.timeout_s) {
      throw Failure(fmt::format("campaign {} did not finish within {} s ({} pending, {} running)",
                                a.name, a.timeout_s, counts.pending, counts.running));
    }
    platform.sleep_until(platform.now_s() + a.poll_s);
  }
}

void run_status(Context& ctx, const StatusArgs& a) {
  if (a.wait) wait_until_finished(ctx, a);
  if (a.items) {
    emit(ctx, {campaign::items_table(ctx.store().campaigns().items(a.name))});
  } else {
    emit(ctx, campaign_status_output(ctx, a.name));
  }
}

void run_retry(Context& ctx, const std::string& name) {
  auto n = ctx.store().campaigns().requeue_failed(name);
  *ctx.err << fmt::format("requeued {} failed items of campaign {}\n", n, name);
  emit(ctx, {Record{{"campaign", name}, {"requeued", n}}});
}

}  // namespace

Output campaign_status_output(Context& ctx, const std::string& name) {
  auto& campaigns = ctx.store().campaigns();
  auto info = campaigns.find(name);
  if (!info)
    throw InputError(fmt::format("no campaign named '{}' (see infergy campaign list)", name));
  auto counts = campaigns.counts(name);
  auto running = campaigns.items(name, campaign::kRunning);
  auto failed = campaigns.items(name, campaign::kFailed);
  auto record = campaign::status_record(*info, counts, running, failed);
  Record flat = record;
  flat.erase("running_items");
  flat.erase("failed_items");
  bool terminal = ctx.out == &std::cout && isatty(STDOUT_FILENO);
  auto text = [record, counts, running, failed, terminal](std::ostream& out) {
    out << fmt::format("campaign {}: {} items: {} pending, {} running, {} done, {} failed\n",
                       record["campaign"].get<std::string>(), counts.total(), counts.pending,
                       counts.running, counts.done, counts.failed);
    if (terminal) out << campaign::progress_bar(counts) << '\n';
    for (const auto& s : running) {
      out << fmt::format("  running  {}  on {} (pid {}, job {}) since {}{}\n", s.item.name,
                         s.owner.host, s.owner.pid, s.owner.job.empty() ? "-" : s.owner.job,
                         s.claimed_at,
                         s.lease_left_s && *s.lease_left_s < 0 ? "  LEASE EXPIRED" : "");
    }
    for (const auto& s : failed) out << fmt::format("  failed   {}: {}\n", s.item.name, s.reason);
  };
  return {record, flat, text};
}

void register_campaign_commands(CLI::App& app, Context& ctx) {
  auto* campaign = app.add_subcommand(
      "campaign",
      "measurement campaigns: models x settings measured by many workers (Slurm job arrays "
      "or local processes) into one store (see docs/scale-out.md)");
  campaign->require_subcommand(1);

  auto file = std::make_shared<std::string>();
  auto* create = campaign->add_subcommand(
      "create", "store a campaign file's campaign and items (the same file twice adds nothing)");
  create->add_option("file", *file, "campaign file (TOML, docs/scale-out.md)")->required();
  add_format_option(*create, ctx);
  create->callback([&ctx, file] { run_create(ctx, *file); });

  auto* list = campaign->add_subcommand("list", "the campaigns in the store with their counts");
  add_format_option(*list, ctx);
  list->callback([&ctx] { run_list(ctx); });

  auto s = std::make_shared<StatusArgs>();
  auto* status = campaign->add_subcommand(
      "status", "items pending, running (node, since), done and failed (reason)");
  status->add_option("name", s->name, "campaign name")->required();
  status->add_flag("--items", s->items, "one row per item instead of the summary");
  status->add_flag("--wait", s->wait, "first wait until nothing is pending or running");
  status->add_option("--timeout", s->timeout_s, "with --wait: fail after this many seconds")
      ->check(CLI::NonNegativeNumber);
  status->add_option("--poll-seconds", s->poll_s, "with --wait: how often to look")
      ->capture_default_str()
      ->check(CLI::Range(0.05, 3600.0));
  add_format_option(*status, ctx);
  status->callback([&ctx, s] { run_status(ctx, *s); });

  auto retry_name = std::make_shared<std::string>();
  auto retry_failed = std::make_shared<bool>(false);
  auto* retry = campaign->add_subcommand("retry", "requeue the failed items of a campaign");
  retry->add_option("name", *retry_name, "campaign name")->required();
  retry->add_flag("--failed", *retry_failed, "requeue the failed items (what retry does)")
      ->required();
  add_format_option(*retry, ctx);
  retry->callback([&ctx, retry_name] { run_retry(ctx, *retry_name); });

  register_campaign_work(*campaign, ctx);
  register_campaign_submit(*campaign, ctx);
}

}  // namespace infergy::cli
