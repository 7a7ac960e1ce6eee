#include "server/static_files.hpp"

#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

namespace infergy::server {
namespace {
namespace fs = std::filesystem;

class StaticFilesTest : public test_support::TempDirTest {
 protected:
  void SetUp() override {
    for (const char* file : {"root/index.html", "root/sub/a.js", "root/.hidden", "secret.txt"}) {
      write_file(file, "x");
    }
    fs::create_symlink(dir_.path() / "secret.txt", root() / "link.txt");
  }
  fs::path root() const { return dir_.path() / "root"; }
};

TEST_F(StaticFilesTest, ServesFilesInsideTheRoot) {
  EXPECT_EQ(resolve_static_file(root(), "/"), fs::canonical(root() / "index.html"));
  EXPECT_EQ(resolve_static_file(root(), "/sub/a.js"), fs::canonical(root() / "sub" / "a.js"));
}

TEST_F(StaticFilesTest, RefusesPathTraversal) {
  for (const char* path :
       {"/../secret.txt", "/sub/../../secret.txt", "/sub/../index.html", "/./index.html", "/..",
        "//etc/passwd", "/sub//a.js", "/..\\secret.txt", "relative.html", ""}) {
    EXPECT_FALSE(resolve_static_file(root(), path).has_value()) << path;
  }
}

TEST_F(StaticFilesTest, RefusesHiddenFilesSymlinksOutAndFolders) {
  EXPECT_FALSE(resolve_static_file(root(), "/.hidden").has_value());
  EXPECT_FALSE(resolve_static_file(root(), "/link.txt").has_value());
  EXPECT_FALSE(resolve_static_file(root(), "/sub").has_value());
  EXPECT_FALSE(resolve_static_file(root(), "/missing.js").has_value());
  EXPECT_FALSE(resolve_static_file(root(), std::string("/index.html\0x", 13)).has_value());
  EXPECT_FALSE(resolve_static_file(fs::path(), "/index.html").has_value());
}

TEST(ContentTypeTest, KnownAndUnknownExtensions) {
  EXPECT_EQ(content_type_for("a.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("app.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("blob.bin"), "application/octet-stream");
}

}  // namespace
}  // namespace infergy::server
