// Static files confined to their folder: a request path maps to a regular file
// inside the root or to nothing (no "..", no symlink out, no hidden files).
#pragma once
#include <filesystem>
#include <optional>
#include <string>

namespace infergy::server {

// REQUIRES: url_path is already percent-decoded. "/" maps to index.html.
std::optional<std::filesystem::path> resolve_static_file(const std::filesystem::path& root,
                                                         const std::string& url_path);

// The Content-Type for a file name ("application/octet-stream" when unknown).
std::string content_type_for(const std::filesystem::path& file);

}  // namespace infergy::server
