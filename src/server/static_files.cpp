#include "static_files.hpp"

#include <map>
#include <system_error>

namespace infergy::server {
namespace fs = std::filesystem;
namespace {

// Every segment a plain name: no ".", "..", hidden files, backslashes or NULs.
bool plain_relative_path(const std::string& relative) {
  if (relative.find('\\') != std::string::npos || relative.find('\0') != std::string::npos) {
    return false;
  }
  std::size_t start = 0;
  while (start <= relative.size()) {
    auto slash = relative.find('/', start);
    if (slash == std::string::npos) slash = relative.size();
    auto segment = relative.substr(start, slash - start);
    if (segment.empty() || segment.front() == '.') return false;
    start = slash + 1;
  }
  return true;
}

bool is_inside(const fs::path& root, const fs::path& file) {
  auto r = root.begin();
  auto f = file.begin();
  for (; r != root.end(); ++r, ++f) {
    if (f == file.end() || *r != *f) return false;
  }
  return f != file.end();
}

}  // namespace

std::optional<fs::path> resolve_static_file(const fs::path& root, const std::string& url_path) {
  if (root.empty() || url_path.empty() || url_path.front() != '/') return std::nullopt;
  std::string relative = url_path == "/" ? "index.html" : url_path.substr(1);
  if (!plain_relative_path(relative)) return std::nullopt;
  std::error_code ec;
  auto canonical_root = fs::canonical(root, ec);
  if (ec) return std::nullopt;
  // canonical() follows symlinks, so a link pointing out of the root is refused too.
  auto file = fs::canonical(canonical_root / relative, ec);
  if (ec || !is_inside(canonical_root, file) || !fs::is_regular_file(file, ec)) return std::nullopt;
  return file;
}

std::string content_type_for(const fs::path& file) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
      {".csv", "text/csv; charset=utf-8"},
      {".ico", "image/x-icon"}};
  auto it = types.find(file.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

}  // namespace infergy::server
