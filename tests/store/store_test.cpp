// What only the SQLite backend does: files, the schema of infergy 0.1, refusing
// files it cannot read, and where the default store lives.
#include "infergy/store.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "infergy/error.hpp"
#include "store/sqlite/database.hpp"
#include "support/temp_dir.hpp"

using namespace infergy;

namespace {

using SqliteStoreTest = test_support::TempDirTest;

measure::RunRecord a_run() {
  measure::RunRecord r;
  r.kind = "measure";
  r.workload = "gemm:8";
  r.sensor = "sim:1";
  r.settings_key = "k";
  r.started_at = "2026-01-01T00:00:00.000Z";
  return r;
}

}  // namespace

TEST_F(SqliteStoreTest, CreatesTheFile) {
  auto store = Store::open(path("a.db"));
  EXPECT_TRUE(std::filesystem::exists(path("a.db")));
  EXPECT_EQ(store->location(), path("a.db"));
  EXPECT_EQ(store->backend(), "sqlite");
}

// Issue 13: --db in a missing folder silently created it; a zero-length file was
// re-initialised; a folder gave a message about journals.
TEST_F(SqliteStoreTest, Issue13RefusesAMissingFolderAnEmptyFileAndAFolder) {
  EXPECT_THROW(Store::open(path("sub/dir/a.db")), InputError);
  EXPECT_FALSE(std::filesystem::exists(path("sub")));
  write_file("empty.db", "");
  EXPECT_THROW(Store::open(path("empty.db")), InputError);
  EXPECT_EQ(std::filesystem::file_size(path("empty.db")), 0u);
  std::filesystem::create_directories(path("folder.db"));
  EXPECT_THROW(Store::open(path("folder.db")), InputError);
  EXPECT_THROW(Store::open(""), InputError);
  EXPECT_THROW(Store::open("mysql://host/db"), InputError);
}

TEST_F(SqliteStoreTest, RejectsAFileThatIsNotADatabase) {
  write_file("junk.db", std::string(4096, 'x'));
  EXPECT_THROW(Store::open(path("junk.db")), Failure);
}

TEST_F(SqliteStoreTest, OpensAStoreOfInfergy01) {
  {
    auto store = Store::open(path("old.db"));
    store->runs().create(a_run());
  }
  {  // infergy 0.1 kept one user_version (3), no per-module table and no campaigns
    sql::Database db(path("old.db"));
    // ... and none of the tables or columns migrations added since (catalog 2, runs 2,
    // campaigns 1, calibrations 1).
    db.exec(
        "DROP TABLE campaign_items; DROP TABLE campaigns; DROP TABLE schema_versions; "
        "DROP TABLE gpu_memory; DROP TABLE calibrations; PRAGMA user_version = 3;");
    db.exec(
        "ALTER TABLE runs DROP COLUMN claim_owner; ALTER TABLE runs DROP COLUMN claim_expires_s;");
  }
  auto store = Store::open(path("old.db"));  // migrated on
  EXPECT_EQ(store->schema_version(), 7);
  EXPECT_EQ(store->schema_versions().size(), 5u);
  EXPECT_EQ(store->runs().list().size(), 1u);
}

TEST_F(SqliteStoreTest, RefusesAStoreOfANewerInfergy) {
  Store::open(path("new.db"));
  {
    sql::Database db(path("new.db"));
    db.exec("UPDATE schema_versions SET version = 99 WHERE module = 'runs'");
  }
  try {
    Store::open(path("new.db"));
    FAIL() << "expected Failure";
  } catch (const Failure& e) {
    EXPECT_NE(std::string(e.what()).find("schema runs version 99, newer than this infergy"),
              std::string::npos)
        << e.what();
  }
  {
    sql::Database db(path("new.db"));
    db.exec("UPDATE schema_versions SET version = 1; INSERT INTO schema_versions VALUES('x', 1)");
  }
  EXPECT_THROW(Store::open(path("new.db")), Failure);  // a module this binary lacks
}

TEST_F(SqliteStoreTest, SchemaVersionIsWhatOlderBinariesRead) {
  Store::open(path("a.db"));
  sql::Database db(path("a.db"));
  auto stmt = db.prepare("PRAGMA user_version");
  ASSERT_TRUE(stmt.step());
  EXPECT_EQ(stmt.integer(0), 7);  // the sum of every module's migrations
}

TEST_F(SqliteStoreTest, InMemoryStoresAreSeparate) {
  auto a = Store::open_in_memory(), b = Store::open_in_memory();
  a->runs().create(a_run());
  EXPECT_EQ(a->runs().list().size(), 1u);
  EXPECT_TRUE(b->runs().list().empty());
  EXPECT_EQ(b->catalog().gpus.size(), 64u);
}

TEST(StoreLocation, DefaultHonoursEnvironment) {
  setenv("INFERGY_DB", "/tmp/custom.db", 1);
  EXPECT_EQ(Store::default_location(), "/tmp/custom.db");
  unsetenv("INFERGY_DB");
  setenv("XDG_DATA_HOME", "/tmp/xdg", 1);
  EXPECT_EQ(Store::default_location(), "/tmp/xdg/infergy/infergy.db");
  unsetenv("XDG_DATA_HOME");
}
