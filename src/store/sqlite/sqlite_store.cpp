#include "sqlite_store.hpp"

#include <filesystem>

#include "infergy/error.hpp"
#include "schema.hpp"

namespace infergy::store::sqlite {
namespace {

sql::Database open_file(const std::string& path) {
  auto parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (path != ":memory:" && !parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) throw Failure("cannot create folder " + parent.string() + ": " + ec.message());
  sql::Database db(path);
  try {
    db.exec("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;");
  } catch (const Failure& e) {
    throw Failure(path + " is not an infergy database (" + e.what() + ")");
  }
  return db;
}

}  // namespace

SqliteStore::SqliteStore(const std::string& path) : db_(open_file(path)) { migrate(db_); }

std::vector<SchemaVersion> SqliteStore::schema_versions() { return applied_versions(db_); }

// data_version moves when another connection commits; total_changes counts this one's.
std::string SqliteStore::revision() {
  auto stmt = db_.prepare("PRAGMA data_version");
  stmt.step();
  return std::to_string(stmt.integer(0)) + "." + std::to_string(db_.total_changes());
}

}  // namespace infergy::store::sqlite
