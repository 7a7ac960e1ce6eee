#include "server/static_files.hpp"

#include <fstream>

#include <gtest/gtest.h>
#include <unistd.h>

namespace infergy::server {
namespace {
namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("infergy_static_" + std::to_string(::getpid()));
    fs::remove_all(base_);
    fs::create_directories(base_ / "root" / "sub");
    write(base_ / "root" / "index.html");
    write(base_ / "root" / "sub" / "a.js");
    write(base_ / "root" / ".hidden");
    write(base_ / "secret.txt");
    fs::create_symlink(base_ / "secret.txt", base_ / "root" / "link.txt");
  }
  void TearDown() override { fs::remove_all(base_); }
  static void write(const fs::path& file) { std::ofstream(file) << "x"; }
  fs::path root() const { return base_ / "root"; }

  fs::path base_;
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
