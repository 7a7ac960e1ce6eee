#include "infergy/text.hpp"

#include <fmt/format.h>
#include <utf8.h>

namespace infergy::text {
namespace {

std::string bad_byte(std::string_view text, std::size_t offset) {
  return fmt::format("0x{:02X}", static_cast<unsigned char>(text[offset]));
}

}  // namespace

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  auto bad = utf8::find_invalid(text.begin(), text.end());
  if (bad == text.end()) return std::nullopt;
  return static_cast<std::size_t>(bad - text.begin());
}

std::string replace_invalid_utf8(std::string_view text) {
  if (is_valid_utf8(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  utf8::replace_invalid(text.begin(), text.end(), std::back_inserter(out), 0xFFFD);
  return out;
}

void require_utf8(std::string_view text, const SourceLocation& where, std::string_view what) {
  auto offset = first_invalid_utf8(text);
  if (!offset) return;
  SourceLocation at = where;
  if (at.column > 0) at.column += static_cast<int>(*offset);
  throw InputError(at, fmt::format("{} is not valid UTF-8 (byte {} at column {})", what,
                                   bad_byte(text, *offset), at.column > 0 ? at.column : 0));
}

void require_utf8(std::string_view text, std::string_view what) {
  auto offset = first_invalid_utf8(text);
  if (!offset) return;
  throw InputError(fmt::format("{} is not valid UTF-8 (byte {} at byte {})", what,
                               bad_byte(text, *offset), *offset + 1));
}

}  // namespace infergy::text
