// The HTTP decisions of static file serving, as pure functions (tested and fuzzed
// without sockets): which byte range to send, whether the client takes gzip, and how
// long a file may be cached.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace infergy::server {

// The answer to a Range header for a representation of `size` bytes. Only one range
// is ever served: several ranges (or a malformed header) get the whole file with 200,
// which RFC 9110 allows, so no answer is ever larger than the file (issue 13: 40
// overlapping ranges once gave 188 MB for a 4.7 MB file).
struct RangePlan {
  enum Kind { whole, partial, unsatisfiable } kind = whole;
  std::uint64_t first = 0;  // partial: the first byte sent
  std::uint64_t bytes = 0;  // partial: how many
};
RangePlan plan_range(const std::optional<std::string>& range_header, std::uint64_t size);

// True when Accept-Encoding accepts gzip (gzip, x-gzip or *, with a q-value above 0).
bool accepts_gzip(const std::optional<std::string>& accept_encoding);

// A content-hashed name ("app-4F2KX7QZ.js", "style.3fa9c2d1.css"): its last '-' or
// '.' separated part before the extension is 8 to 64 letters and digits, at least one
// a digit. Such a file never changes, so it may be cached for good.
bool is_content_hashed(std::string_view file_name);

// "public, max-age=31536000, immutable" for content-hashed names, else "no-cache"
// (index.html and other fixed names: revalidate, so a new build is seen at once).
std::string cache_control_for(std::string_view file_name);

}  // namespace infergy::server
