// Release dates of models, for the yearly frontier.
#include <fmt/format.h>

#include "fields.hpp"
#include "infergy/compare.hpp"
#include "infergy/error.hpp"

namespace infergy::compare {

using detail::CellRef;

ImportSummary import_model_dates(Store& store, const std::string& file) {
  auto doc = csv::read_file(file);
  detail::Columns cols(doc);
  const size_t model = cols.require("model"), date = cols.require("release_date");
  std::vector<std::pair<std::string, std::string>> dates;
  for (const auto& row : doc.rows) {
    CellRef name{doc, row, model, "model"}, when{doc, row, date, "release_date"};
    auto parsed = parse_date(when.required_text());
    if (!parsed) when.fail(fmt::format("'{}' is not a date (YYYY-MM-DD)", when.text()));
    dates.emplace_back(name.required_text(), parsed->iso());
  }
  ImportSummary summary;
  sql::Transaction tx(store.database());
  auto stmt = store.database().prepare(
      "UPDATE model_stats SET release_date = ?1 WHERE model = ?2 OR "
      "(instr(?2, '.') = 0 AND substr(model, 1, length(?2) + 1) = ?2 || '.')");
  for (const auto& [name, iso] : dates) {
    stmt.bind(1, std::string_view(iso)).bind(2, std::string_view(name));
    stmt.run();
    auto changed = static_cast<size_t>(sqlite3_changes(store.database().handle()));
    summary.models += changed;
    summary.skipped += changed == 0;
  }
  tx.commit();
  return summary;
}

}  // namespace infergy::compare
