#include "context.hpp"

#include <cstdlib>
#include <filesystem>

namespace infergy::cli {

Store& Context::store() {
  if (!store_) {
    auto location = db_path_given ? db_path : Store::default_location();
    // The default store's folder is made on first use, and said so; a folder the user
    // named must exist (Store::open refuses a missing one).
    auto folder = std::filesystem::path(location).parent_path();
    std::error_code ec;
    if (!db_path_given && !std::getenv("INFERGY_DB") && !folder.empty() &&
        !std::filesystem::exists(folder, ec)) {
      std::filesystem::create_directories(folder, ec);
      if (ec)
        throw Failure("cannot create the store's folder " + folder.string() + ": " + ec.message());
      *err << "infergy: created " << folder.string() << " for the default store\n";
    }
    store_ = Store::open(location);
  }
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
