#include "context.hpp"

namespace infergy::cli {

Store& Context::store() {
  if (!store_) store_ = Store::open(db_path.empty() ? Store::default_location() : db_path);
  return *store_;
}

void add_format_option(CLI::App& command, Context& ctx) {
  command.add_option("--format", ctx.format_name, "output format: text, csv or json")
      ->check(CLI::IsMember({"text", "csv", "json"}));
}

}  // namespace infergy::cli
