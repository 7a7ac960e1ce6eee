// The campaign commands that run workers (campaign_work_commands.cpp), registered by
// register_campaign_commands. Private to src/cli.
#pragma once
#include <string>

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace infergy::cli {

void register_campaign_work(CLI::App& campaign, Context& ctx);
void register_campaign_submit(CLI::App& campaign, Context& ctx);

// What `campaign status NAME` prints (campaign_commands.cpp). Throws InputError if there
// is no such campaign.
Output campaign_status_output(Context& ctx, const std::string& name);

}  // namespace infergy::cli
