#include "pg_store.hpp"

#include "schema.hpp"

namespace infergy::store::postgres {

PostgresStore::PostgresStore(const std::string& url) : db_(url) { migrate(db_); }

std::vector<SchemaVersion> PostgresStore::schema_versions() { return applied_versions(db_); }

// A sequence every write statement advances (triggers from the catalog migration on).
std::string PostgresStore::revision() {
  return in_transaction(db_, "reading the revision", [](pqxx::work& tx) {
    auto r = exec(tx, "SELECT last_value, is_called FROM infergy_revision");
    return text(r[0][0]) + (r[0][1].as<bool>() ? "" : ".0");
  });
}

}  // namespace infergy::store::postgres
