#include "context.hpp"

namespace infergy::cli {

Store& Context::store() {
  if (!store_) store_ = Store::open(db_path.empty() ? Store::default_location() : db_path);
  return *store_;
}

void add_format_option(CLI::App& command, Context& ctx) {
  command.add_option("--format", ctx.format, "output format (docs/output.md)")
      ->transform(
          CLI::CheckedTransformer(output_format_names()).description("{text,csv,json,markdown}"))
      ->type_name("FORMAT");
}

void emit(Context& ctx, const Output& output) { infergy::emit(*ctx.out, output, ctx.format); }

}  // namespace infergy::cli
