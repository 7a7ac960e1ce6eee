#include "infergy/csv.hpp"

#include <algorithm>

#include <fstream>
#include <ostream>
#include <sstream>

#include <fmt/format.h>

#include "infergy/text.hpp"

namespace infergy::csv {
namespace {

// Splits CSV text into records of cells, tracking where each record starts.
class Parser {
 public:
  Parser(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {
    if (text_.starts_with("\xEF\xBB\xBF")) text_.remove_prefix(3);
  }

  bool next(Row& row) {
    while (pos_ < text_.size() && at_line_end()) skip_line_end();  // blank lines
    if (pos_ >= text_.size()) return false;
    row = Row{{}, line_};
    for (;;) {
      row.cells.push_back(Cell{read_field(), static_cast<int>(row.cells.size()) + 1});
      if (pos_ >= text_.size()) break;
      if (text_[pos_] == ',') {
        ++pos_;
        ++column_;
        continue;
      }
      skip_line_end();
      break;
    }
    return true;
  }

 private:
  bool at_line_end() const { return text_[pos_] == '\n' || text_[pos_] == '\r'; }
  void skip_line_end() {
    if (text_[pos_] == '\r') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    ++line_;
    column_ = 1;
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw InputError(SourceLocation{file_, line_, column_}, what);
  }

  std::string read_field() {
    if (pos_ < text_.size() && text_[pos_] == '"') return read_quoted();
    std::string field;
    while (pos_ < text_.size() && text_[pos_] != ',' && !at_line_end()) {
      if (text_[pos_] == '"') fail("quote inside an unquoted field");
      field += text_[pos_++];
    }
    return field;
  }

  std::string read_quoted() {
    const int start_line = line_;
    ++pos_;
    std::string field;
    for (;;) {
      if (pos_ >= text_.size()) {
        throw InputError(SourceLocation{file_, start_line, column_}, "unterminated quoted field");
      }
      char c = text_[pos_++];
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          field += '"';
          ++pos_;
          continue;
        }
        if (pos_ < text_.size() && text_[pos_] != ',' && !at_line_end()) {
          fail("text after a closing quote");
        }
        return field;
      }
      if (c == '\n') ++line_;
      field += c;
    }
  }

  std::string_view text_;
  std::string file_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

// Invalid UTF-8 anywhere is refused at the byte: line and column (in bytes) of it.
void require_utf8(std::string_view text, const std::string& file_name) {
  auto bad = text::first_invalid_utf8(text);
  if (!bad) return;
  auto line_start = text.rfind('\n', *bad == 0 ? 0 : *bad - 1);
  bool first_line = line_start == std::string_view::npos || *bad == 0;
  int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + *bad, '\n'));
  int column = static_cast<int>(first_line ? *bad : *bad - line_start - 1) + 1;
  throw InputError(
      SourceLocation{file_name, line, column},
      fmt::format("not valid UTF-8 (byte 0x{:02X})", static_cast<unsigned char>(text[*bad])));
}

void require_unique_columns(const Row& header, const std::string& file_name) {
  for (std::size_t i = 0; i < header.cells.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (header.cells[i].text == header.cells[j].text) {
        throw InputError(SourceLocation{file_name, header.line, header.cells[i].column},
                         fmt::format("duplicate column '{}' (also column {})", header.cells[i].text,
                                     header.cells[j].column));
      }
    }
  }
}

}  // namespace

Document parse(std::string_view text, const std::string& file_name) {
  require_utf8(text, file_name);
  Document doc;
  doc.file = file_name;
  Parser parser(text, file_name);
  Row row;
  if (!parser.next(row)) throw InputError(SourceLocation{file_name, 1, 1}, "empty file: no header");
  require_unique_columns(row, file_name);
  for (auto& cell : row.cells) doc.header.push_back(cell.text);
  while (parser.next(row)) {
    if (row.cells.size() != doc.header.size()) {
      int column = static_cast<int>(std::min(row.cells.size(), doc.header.size())) + 1;
      throw InputError(SourceLocation{file_name, row.line, column},
                       "expected " + std::to_string(doc.header.size()) + " fields, found " +
                           std::to_string(row.cells.size()));
    }
    doc.rows.push_back(std::move(row));
  }
  return doc;
}

void require_data_rows(const Document& doc) {
  if (doc.rows.empty()) {
    throw InputError(SourceLocation{doc.file, 2, 1},
                     "no data rows (only the header): nothing would be imported");
  }
}

Document read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(SourceLocation{path, 0, 0}, "cannot open file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

std::string escape(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

void write_row(std::ostream& out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out << ',';
    out << escape(fields[i]);
  }
  out << '\n';
}

}  // namespace infergy::csv
