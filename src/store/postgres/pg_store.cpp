#include "pg_store.hpp"

#include "schema.hpp"

namespace infergy::store::postgres {

PostgresStore::PostgresStore(const std::string& url) : db_(url) { migrate(db_); }

std::vector<SchemaVersion> PostgresStore::schema_versions() { return applied_versions(db_); }

}  // namespace infergy::store::postgres
