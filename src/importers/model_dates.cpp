// Release dates of models, for the yearly frontier.
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "fields.hpp"
#include "infergy/error.hpp"
#include "infergy/importers.hpp"

namespace infergy::importers {

using detail::CellRef;

ImportSummary import_model_dates(compare::SetupRepository& repository, const std::string& file) {
  auto doc = csv::read_file(file);
  csv::require_data_rows(doc);
  detail::Columns cols(doc);
  const size_t model = cols.require("model"), date = cols.require("release_date");
  std::vector<compare::ReleaseDate> dates;
  std::unordered_map<std::string, int> line_of;  // a name dated twice is ambiguous
  for (const auto& row : doc.rows) {
    CellRef name{doc, row, model, "model"}, when{doc, row, date, "release_date"};
    auto parsed = parse_date(when.required_text());
    if (!parsed) when.fail(fmt::format("'{}' is not a date (YYYY-MM-DD)", when.text()));
    auto [it, added] = line_of.emplace(name.required_text(), row.line);
    if (!added)
      name.fail(fmt::format("'{}' appears twice (also line {})", name.text(), it->second));
    dates.push_back({name.required_text(), *parsed});
  }
  ImportSummary summary;
  for (size_t changed : repository.set_release_dates(dates)) {
    summary.models += changed;
    summary.skipped += changed == 0;
  }
  return summary;
}

}  // namespace infergy::importers
