#include "database.hpp"

#include <utility>

#include "infergy/error.hpp"
#include "infergy/output.hpp"

namespace infergy::sql {
namespace {

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
  if (db && (sqlite3_extended_errcode(db) & 0xff) == SQLITE_READONLY) {
    throw Failure("the store is read-only (its file is not writable): " + what +
                  " needs a writable store");
  }
  throw Failure("database error: " + what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

}  // namespace

Database::Database(const std::string& path, bool read_only) : path_(path), read_only_(read_only) {
  int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (path.rfind("file:", 0) == 0) flags |= SQLITE_OPEN_URI;  // only read_only_fallback()
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string message = "cannot open database " + path + ": " + sqlite3_errmsg(db_);
    sqlite3_close(db_);
    db_ = nullptr;
    throw Failure(message);
  }
  sqlite3_busy_timeout(db_, 5000);
  sqlite3_extended_result_codes(db_, 1);
}

Database::~Database() { sqlite3_close(db_); }

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      path_(std::move(other.path_)),
      read_only_(other.read_only_) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    sqlite3_close(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
    read_only_ = other.read_only_;
  }
  return *this;
}

void Database::exec(std::string_view sql) {
  char* message = nullptr;
  std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string what = message ? message : "unknown error";
    sqlite3_free(message);
    if ((sqlite3_extended_errcode(db_) & 0xff) == SQLITE_READONLY) {
      throw Failure("the store " + path_ + " is read-only (its file is not writable)");
    }
    throw Failure("database error in " + path_ + ": " + what);
  }
}

Statement Database::prepare(std::string_view sql) { return {db_, sql}; }

int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

int64_t Database::changes() const { return sqlite3_changes64(db_); }

int64_t Database::total_changes() const { return sqlite3_total_changes64(db_); }

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
      SQLITE_OK) {
    fail(db, "preparing '" + std::string(sql.substr(0, 60)) + "'");
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

// SQLite numbers a named parameter ($1, $7, ...) by its first appearance; PostgreSQL by
// its digits. The statements both backends share mean PostgreSQL's numbering.
int Statement::slot(int i) const {
  int named = sqlite3_bind_parameter_index(stmt_, ("$" + std::to_string(i)).c_str());
  return named > 0 ? named : i;
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::bind(int i, const nlohmann::json& value) {
  if (value.is_null()) return bind_null(i);
  if (value.is_number_integer()) return bind(i, value.get<int64_t>());
  if (value.is_number()) return bind(i, value.get<double>());
  if (value.is_boolean()) return bind(i, static_cast<int64_t>(value.get<bool>()));
  if (value.is_string()) return bind(i, std::string_view(value.get_ref<const std::string&>()));
  return bind(i, std::string_view(dump_json(value)));
}

Statement& Statement::bind(int i, std::string_view text) {
  if (sqlite3_bind_text(stmt_, slot(i), text.data(), static_cast<int>(text.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK) {
    fail(db_, "binding text");
  }
  return *this;
}

Statement& Statement::bind(int i, double value) {
  if (sqlite3_bind_double(stmt_, slot(i), value) != SQLITE_OK) fail(db_, "binding a number");
  return *this;
}

Statement& Statement::bind(int i, int64_t value) {
  if (sqlite3_bind_int64(stmt_, slot(i), value) != SQLITE_OK) fail(db_, "binding an integer");
  return *this;
}

Statement& Statement::bind_null(int i) {
  if (sqlite3_bind_null(stmt_, slot(i)) != SQLITE_OK) fail(db_, "binding null");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, "executing statement");
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int Statement::columns() const { return sqlite3_column_count(stmt_); }

std::string Statement::column_name(int i) const { return sqlite3_column_name(stmt_, i); }

bool Statement::is_null(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }

std::string Statement::text(int i) const {
  const auto* p = sqlite3_column_text(stmt_, i);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<size_t>(sqlite3_column_bytes(stmt_, i)))
           : std::string();
}

double Statement::real(int i) const { return sqlite3_column_double(stmt_, i); }

std::optional<double> Statement::optional_real(int i) const {
  return is_null(i) ? std::nullopt : std::optional<double>(real(i));
}

int64_t Statement::integer(int i) const { return sqlite3_column_int64(stmt_, i); }

nlohmann::json Statement::column(int i) const {
  switch (sqlite3_column_type(stmt_, i)) {
    case SQLITE_NULL:
      return nullptr;
    case SQLITE_INTEGER:
      return integer(i);
    case SQLITE_FLOAT:
      return real(i);
    default:
      return text(i);
  }
}

nlohmann::json Statement::row() const {
  nlohmann::json object = nlohmann::json::object();
  for (int i = 0; i < columns(); ++i) object[column_name(i)] = column(i);
  return object;
}

Transaction::Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.exec("ROLLBACK");
    } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw
    }
  }
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace infergy::sql
