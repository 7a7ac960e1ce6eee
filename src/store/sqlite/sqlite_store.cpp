#include "sqlite_store.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "infergy/error.hpp"
#include "schema.hpp"

namespace infergy::store::sqlite {
namespace {

namespace fs = std::filesystem;

// What the path names, refused before SQLite sees it (issue 13): SQLite would create
// missing folders' files nowhere, take a zero-length file for a new database and
// overwrite it, and fail on a folder with a message about journals.
// Returns whether the store must open read-only (an existing file we may not write).
bool check_store_path(const std::string& path) {
  if (path.empty()) throw InputError("the store path is empty: give a file or a postgresql:// URL");
  std::error_code ec;
  auto parent = fs::path(path).parent_path();
  if (!parent.empty() && !fs::is_directory(parent, ec)) {
    throw InputError("cannot open the store " + path + ": folder " + parent.string() +
                     " does not exist (create it first)");
  }
  auto status = fs::status(path, ec);
  if (!fs::exists(status)) return false;
  if (fs::is_directory(status)) throw InputError(path + " is a folder, not a store file");
  if (fs::is_regular_file(status) && fs::file_size(path, ec) == 0 && !ec) {
    throw InputError(path +
                     " is an empty file, not an infergy store (remove it to start a "
                     "new store there)");
  }
  return ::access(path.c_str(), W_OK) != 0;
}

// A WAL database read by a user who may not write its folder cannot make the -shm
// file SQLite wants: then it is read as immutable (nobody who may write it is us).
std::string immutable_uri(const std::string& path) {
  std::string uri = "file:";
  for (char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      uri += fmt::format("%{:02x}", static_cast<unsigned char>(c));
    } else {
      uri += c;
    }
  }
  return uri + "?immutable=1";
}

// A new store is made under a temporary name and linked into place, so no opener ever
// sees it as the zero-length file refused above: concurrent first opens race on link(),
// and the losers open the winner's file.
void create_store_file(const std::string& path) {
  std::string temporary = path + ".new-XXXXXX";
  int fd = ::mkstemp(temporary.data());
  if (fd < 0) throw Failure("cannot create the store " + path + ": " + std::strerror(errno));
  ::close(fd);
  try {
    sql::Database db(temporary);
    migrate(db);
  } catch (...) {
    ::unlink(temporary.c_str());
    throw;
  }
  int linked = ::link(temporary.c_str(), path.c_str());
  int error = errno;
  ::unlink(temporary.c_str());
  if (linked != 0 && error != EEXIST) {
    throw Failure("cannot create the store " + path + ": " + std::strerror(error));
  }
}

sql::Database open_file(const std::string& path) {
  bool read_only = path != ":memory:" && check_store_path(path);
  std::error_code ec;
  if (path != ":memory:" && !fs::exists(path, ec)) create_store_file(path);
  sql::Database db(path, read_only);
  if (read_only) {
    try {
      db.exec("SELECT count(*) FROM sqlite_master");
    } catch (const Failure&) {
      db = sql::Database(immutable_uri(path), true);
    }
  }
  try {
    // Changing the journal mode writes; a read-only store keeps the mode it has.
    db.exec(read_only ? "PRAGMA foreign_keys = ON;"
                      : "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;");
    if (read_only) db.exec("SELECT count(*) FROM sqlite_master");  // is it a database?
  } catch (const Failure& e) {
    throw Failure(path + " is not an infergy database (" + e.what() + ")");
  }
  return db;
}

}  // namespace

SqliteStore::SqliteStore(const std::string& path) : location_(path), db_(open_file(path)) {
  migrate(db_);
}

std::vector<SchemaVersion> SqliteStore::schema_versions() { return applied_versions(db_); }

// data_version moves when another connection commits; total_changes counts this one's.
std::string SqliteStore::revision() {
  auto stmt = db_.prepare("PRAGMA data_version");
  stmt.step();
  return std::to_string(stmt.integer(0)) + "." + std::to_string(db_.total_changes());
}

}  // namespace infergy::store::sqlite
