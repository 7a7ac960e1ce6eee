// One rule for text (issue 13): every string infergy stores or prints is valid UTF-8
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). Entry points
// (importers, CLI arguments, URLs, ONNX names) reject invalid text with its position;
// where rejecting would lose a measurement (a wrapped command's output) the invalid
// bytes are replaced by U+FFFD and the caller warns. Validation is utfcpp's (Debian).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "infergy/error.hpp"

namespace infergy::text {

// The byte offset of the first invalid sequence; nullopt when `text` is valid UTF-8.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);
inline bool is_valid_utf8(std::string_view text) { return !first_invalid_utf8(text); }

// `text` with each invalid sequence replaced by U+FFFD (valid text comes back unchanged).
std::string replace_invalid_utf8(std::string_view text);

// Throws InputError "where: WHAT is not valid UTF-8 (byte 0xE9 at column C)" where the
// column is where's column plus the offset of the bad byte. WHAT names the field.
void require_utf8(std::string_view text, const SourceLocation& where, std::string_view what);
// Without a position (command-line values): "WHAT is not valid UTF-8 (byte 0xE9 at byte N)".
void require_utf8(std::string_view text, std::string_view what);

}  // namespace infergy::text
