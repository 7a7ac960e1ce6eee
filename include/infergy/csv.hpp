// RFC 4180 CSV reading with line and column positions, and writing.
#pragma once
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "infergy/error.hpp"

namespace infergy::csv {

struct Cell {
  std::string text;
  int column = 0;  // 1-based column number (field index)
};

struct Row {
  std::vector<Cell> cells;
  int line = 0;  // 1-based line where the record starts
};

struct Document {
  std::string file;  // name used in error messages
  std::vector<std::string> header;
  std::vector<Row> rows;  // data rows, header excluded; blank lines skipped
};

// Parses CSV text (UTF-8, optional BOM, LF or CRLF, quoted fields with "" escapes).
// Throws InputError naming file:line:column on invalid UTF-8 (the column counts bytes),
// an unterminated quote, text after a closing quote, an empty header, a column name
// given twice, or a row whose field count differs from the header.
Document parse(std::string_view text, const std::string& file_name);

// Importers call it: a file holding only its header would replace data with nothing.
// Throws InputError "file:2:1: no data rows (only the header)".
void require_data_rows(const Document& doc);

// Reads and parses a file. Throws InputError if it cannot be opened.
Document read_file(const std::string& path);

// Quotes a field when it holds a comma, quote, CR or LF.
std::string escape(std::string_view field);

// Writes one record followed by '\n'.
void write_row(std::ostream& out, const std::vector<std::string>& fields);

}  // namespace infergy::csv
