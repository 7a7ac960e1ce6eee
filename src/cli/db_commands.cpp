// db import|export|info.
#include <filesystem>
#include <fstream>
#include <memory>

#include "context.hpp"
#include "infergy/error.hpp"

namespace infergy::cli {
namespace {

struct DbArgs {
  std::vector<std::string> files;
  std::string table;
  std::string out_path;
};

// Writes through a temporary file so a failed export never leaves half a file.
// A folder, or a file in a missing folder, is refused before anything is written.
void write_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw InputError("--out " + path + " is a folder: name a file");
  auto folder = fs::path(path).parent_path();
  if (!folder.empty() && !fs::is_directory(folder, ec)) {
    throw InputError("--out " + path + ": folder " + folder.string() + " does not exist");
  }
  std::string temporary = path + ".tmp";
  try {
    {
      std::ofstream out(temporary, std::ios::binary);
      if (!out) throw Failure("cannot write " + temporary);
      write(out);
      if (!out.flush()) throw Failure("error writing " + temporary);
    }
    fs::rename(temporary, path);
  } catch (const fs::filesystem_error& e) {
    fs::remove(temporary, ec);
    throw Failure("cannot write " + path + ": " + e.code().message());
  } catch (...) {
    fs::remove(temporary, ec);
    throw;
  }
}

void register_import(CLI::App& db, Context& ctx, const std::shared_ptr<DbArgs>& args) {
  auto* import =
      db.add_subcommand("import",
                        "import CSV files into the catalog, each file in one transaction "
                        "(the header names the table; see docs/data.md)");
  import->add_option("files", args->files, "CSV files")->required()->check(CLI::ExistingFile);
  import->add_option("--table", args->table, "table to import into (default: from the header)");
  import->callback([&ctx, args] {
    std::optional<std::string> table;
  if (!args->table.empty()) table = args->table;
  for (const auto& file : args->files) {
    auto result = catalog::import_csv(ctx.store().datasets(), file, table);
    *ctx.err << "imported " << result.rows << " rows into " << result.dataset << " from " << file
             << '\n';
  }
});
}  // namespace

void register_export(CLI::App& db, Context& ctx, const std::shared_ptr<DbArgs>& args) {
  auto* export_cmd = db.add_subcommand("export", "write a table as CSV (the import format)");
  export_cmd
      ->add_option("table", args->table,
                   "models, gpus, throughputs, speedup_ratios, human_references or gpu_memory")
      ->required();
  export_cmd->add_option("--out", args->out_path, "file to write (default: stdout)");
  export_cmd->callback([&ctx, args] {
    catalog::dataset(args->table);  // validates the name before touching files
    if (args->out_path.empty()) {
      return catalog::export_csv(ctx.store().datasets(), args->table, *ctx.out);
    }
    write_atomically(args->out_path, [&](std::ostream& out) {
      catalog::export_csv(ctx.store().datasets(), args->table, out);
    });
    *ctx.err << "wrote " << args->out_path << '\n';
  });
}

void register_info(CLI::App& db, Context& ctx) {
  auto* info = db.add_subcommand("info", "database path, schema version and row counts");
  add_format_option(*info, ctx);
  info->callback([&ctx] {
    auto& store = ctx.store();
    Record record;
    record["path"] = store.location();
    record["schema_version"] = store.schema_version();
    for (const auto& spec : catalog::datasets()) {
      record[spec.name + "_rows"] = store.datasets().row_count(spec);
    }
    emit(ctx, {record});
  });
}

}  // namespace infergy::cli

void register_db_commands(CLI::App& app, Context& ctx) {
  auto* db = app.add_subcommand("db", "the store: import and export CSV, show where it is");
  db->require_subcommand(1);
  auto args = std::make_shared<DbArgs>();
  register_import(*db, ctx, args);
  register_export(*db, ctx, args);
  register_info(*db, ctx);
}

}  // namespace infergy::cli
