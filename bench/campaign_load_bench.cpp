// Load figures for campaigns on a shared store (bench/campaign_load.sh runs it on a
// throwaway PostgreSQL cluster). A benchmark: it prints figures, it asserts nothing.
//   commits  URL WORKERS COMMITS: WORKERS threads, one connection each, each committing
//            COMMITS batch results to its own run (what `campaign work` does per batch
//            size: renew the item's lease, then add the batch), all at once; prints
//            commits/s and p50/p99 commit latency.
//   populate URL NAME ITEMS: stores a campaign of ITEMS gemm items, a few of them
//            claimed, done and failed, for timing `infergy campaign status NAME`.
#include <algorithm>
#include <barrier>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "infergy/campaign.hpp"
#include "infergy/campaign_repository.hpp"
#include "infergy/parse.hpp"
#include "infergy/runs.hpp"
#include "infergy/store.hpp"

using namespace infergy;
using Clock = std::chrono::steady_clock;

namespace {

campaign::Item gemm_item(int i) {
  campaign::Item item;
  item.name = fmt::format("gemm{}", i);
  item.position = i;
  item.spec.model = "gemm:8";
  item.spec.sensor = "sim:50";
  item.spec.options.max_batch = 4;
  item.key = campaign::item_key(item.name, item.spec);
  return item;
}

campaign::Campaign make_campaign(const std::string& name, int items) {
  campaign::Campaign c{name, "", "", "bench", {}};
  c.items.reserve(items);
  for (int i = 0; i < items; ++i) c.items.push_back(gemm_item(i));
  return c;
}

measure::BatchResult batch(int batch_size) {
  measure::BatchResult b;
  b.batch_size = batch_size;
  b.reps = 13;
  b.started_at = b.ended_at = "2026-01-01T00:00:00Z";
  b.duration_s = 1;
  b.throughput_items_per_s = 1000.0 * batch_size;
  b.avg_power_w = 50;
  b.energy_j = 50;
  b.energy_per_item_j = 0.05 / batch_size;
  b.energy_method = "trapezoid";
  b.energy_trapezoid_j = 50;
  return b;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

int commits(const std::string& url, int workers, int per_worker) {
  std::string name =
      fmt::format("bench-commits-{}", std::chrono::system_clock::now().time_since_epoch().count());
  Store::open(url)->campaigns().create(make_campaign(name, workers));
  std::vector<std::vector<double>> latency_ms(workers);
  std::barrier start(workers + 1);
  Clock::time_point t0, t1;
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      auto store = Store::open(url);
      auto lease = store->campaigns().claim(name, {"bench", w, ""}, 600);
      measure::RunRecord run;
      run.kind = "measure";
      run.workload = "gemm:8";
      run.sensor = "sim:50";
      run.settings_key = fmt::format("{}-{}", name, w);
      int64_t id = store->runs().create(run);
      start.arrive_and_wait();
      for (int i = 1; i <= per_worker; ++i) {
        auto begin = Clock::now();
        store->campaigns().renew(*lease, 600);
        store->runs().add_batch(id, batch(i));
        latency_ms[w].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - begin).count());
      }
    });
  }
  start.arrive_and_wait();
  t0 = Clock::now();
  for (auto& t : threads) t.join();
  t1 = Clock::now();
  std::vector<double> all;
  for (const auto& l : latency_ms) all.insert(all.end(), l.begin(), l.end());
  double seconds = std::chrono::duration<double>(t1 - t0).count();
  std::printf(
      "commits: %d workers x %d batch results (lease renewal + batch insert) on %s: %.0f "
      "commits/s, latency p50 %.2f ms, "
      "p99 %.2f ms, max %.2f ms\n",
      workers, per_worker, Store::open(url)->location().c_str(), all.size() / seconds,
      percentile(all, 0.5), percentile(all, 0.99), percentile(all, 1.0));
  return 0;
}

int populate(const std::string& url, const std::string& name, int items) {
  auto store = Store::open(url);
  auto& campaigns = store->campaigns();
  auto begin = Clock::now();
  campaigns.create(make_campaign(name, items));
  double create_s = std::chrono::duration<double>(Clock::now() - begin).count();
  // Some history, so status has running, done and failed items to list.
  for (int i = 0; i < 30; ++i) {
    auto lease = campaigns.claim(name, {"bench", i, fmt::format("1_{}", i)}, 3600);
    if (i < 20)
      campaigns.finish(*lease, campaign::kDone, "complete");
    else if (i < 25)
      campaigns.finish(*lease, campaign::kFailed, "bench failure");
  }
  std::printf("populate: campaign %s with %d items stored in %.2f s\n", name.c_str(), items,
              create_s);
  // What `campaign status` reads, without the process start: counts, running, failed.
  double best_ms = 1e300;
  for (int i = 0; i < 5; ++i) {
    auto t0 = Clock::now();
    auto counts = campaigns.counts(name);
    auto running = campaigns.items(name, campaign::kRunning);
    auto failed = campaigns.items(name, campaign::kFailed);
    best_ms =
        std::min(best_ms, std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (counts.total() != static_cast<size_t>(items) || running.size() != 5 || failed.size() != 5) {
      std::fprintf(stderr, "populate: unexpected counts\n");
      return 1;
    }
  }
  std::printf(
      "populate: status queries (counts, running and failed items) on %s: %.1f ms (best of 5)\n",
      store->location().c_str(), best_ms);
  return 0;
}

int count(const std::string& text) {
  auto n = try_parse_int(text);
  if (!n || *n < 1 || *n > 10'000'000) {
    std::fprintf(stderr, "not a count: %s\n", text.c_str());
    std::exit(2);
  }
  return static_cast<int>(*n);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> a(argv + 1, argv + argc);
  if (a.size() == 4 && a[0] == "commits") {
    return commits(a[1], count(a[2]), count(a[3]));
  }
  if (a.size() == 4 && a[0] == "populate") {
    return populate(a[1], a[2], count(a[3]));
  }
  std::fprintf(
      stderr, "usage: bench_campaign_load commits URL WORKERS COMMITS | populate URL NAME ITEMS\n");
  return 2;
}
