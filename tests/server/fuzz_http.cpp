// libFuzzer target for the HTTP request layer's pure parts (issue 13): the Range,
// Accept-Encoding and file-name rules, and the API's parameter parsing and handlers.
// Any input must give an answer: a Range plan no larger than the file, and an API reply
// that is valid JSON (or CSV) with a 2xx/4xx status, never an exception or a crash.
// The input: a line holding the Range header, a line holding Accept-Encoding, a line
// holding a file name, then the API path and a query string ("/api/ranking?setup=...").
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fixture.hpp"
#include "server/api.hpp"
#include "server/http_rules.hpp"

namespace {

using namespace infergy::server;

std::string_view next_line(std::string_view& rest) {
  auto newline = rest.find('\n');
  auto line = rest.substr(0, newline);
  rest = newline == std::string_view::npos ? std::string_view{} : rest.substr(newline + 1);
  return line;
}

// Percent-decoding as the daemon does it, so the API sees what a real request gives.
std::string decoded(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

const Api& api() {
  static const Api instance(testing::data(), {"trend.svg"});
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::string range(next_line(rest));
  constexpr std::uint64_t kFile = 4'700'000;
  auto plan = plan_range(range, kFile);
  if (plan.kind == RangePlan::partial && (plan.bytes == 0 || plan.first + plan.bytes > kFile)) {
    __builtin_trap();  // a range answer larger than the file, or outside it
  }
  accepts_gzip(std::string(next_line(rest)));
  cache_control_for(next_line(rest));

  auto target = next_line(rest);
  auto question = target.find('?');
  std::string path = "/api/" + decoded(target.substr(0, question));
  RawParams params;
  if (question != std::string_view::npos) {
    auto query = target.substr(question + 1);
    while (!query.empty()) {
      auto amp = query.find('&');
      auto item = query.substr(0, amp);
      query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
      auto eq = item.find('=');
      params.emplace(decoded(item.substr(0, eq)),
                     eq == std::string_view::npos ? "" : decoded(item.substr(eq + 1)));
    }
  }
  auto reply = api().handle(path, params);
  if (reply.status < 200 || reply.status >= 500) __builtin_trap();
  if (reply.content_type == "application/json") {
    if (!nlohmann::json::accept(reply.body)) __builtin_trap();  // not JSON
  }
  return 0;
}
