// A campaign's done items as a setup (rank, analyze and serve read setups).
#include <fmt/format.h>

#include "infergy/campaign_worker.hpp"
#include "infergy/importers.hpp"

namespace infergy::campaign {
namespace {

constexpr int kMaxRebuilds = 20;  // each pass adds what other workers finished meanwhile

// The done items with a run and an input size, as one import request.
importers::MeasuredSetupRequest request_for(const CampaignInfo& info,
                                            const std::vector<ItemState>& done,
                                            measure::RunRepository& runs,
                                            const std::function<void(const std::string&)>& note) {
  importers::MeasuredSetupRequest r;
  r.setup = info.setup;
  r.gpu = info.gpu;
  for (const auto& s : done) {
    if (!s.run_id) continue;
    int px = s.item.input_px > 0 ? s.item.input_px : importers::run_input_px(runs.get(*s.run_id));
    if (px <= 0) {
      if (note) {
        note(
            fmt::format("item {} is left out of setup {}: its run records no input size "
                        "(give input_px in the campaign file)",
                        s.item.name, info.setup));
      }
      continue;
    }
    r.run_ids.push_back(*s.run_id);
    r.names.push_back(s.item.name);
    r.input_pxs.push_back(px);
    r.optional_accuracies_pct.push_back(s.item.accuracy_pct);
  }
  return r;
}

}  // namespace

// Workers finishing at once each rebuild the setup; the last import to commit wins. So
// each rebuild reads the done items again after its import and imports once more if
// they changed: the import that commits last then holds every item done before it.
void refresh_setup(const CampaignInfo& info, CampaignRepository& campaigns,
                   measure::RunRepository& runs, compare::SetupRepository& setups,
                   const std::function<void(const std::string&)>& note) {
  if (info.setup.empty()) return;
  std::vector<int64_t> imported;
  for (int pass = 0; pass < kMaxRebuilds; ++pass) {
    auto request = request_for(info, campaigns.items(info.name, kDone), runs,
                               pass == 0 ? note : std::function<void(const std::string&)>());
    if (request.run_ids.empty() || request.run_ids == imported) return;
    importers::import_measured_runs(runs, setups, request);
    imported = request.run_ids;
  }
}

}  // namespace infergy::campaign
