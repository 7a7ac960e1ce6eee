#include "infergy/server.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <httplib.h>

#include "api.hpp"
#include "infergy/error.hpp"
#include "rate_limiter.hpp"
#include "static_files.hpp"

namespace infergy::server {
namespace fs = std::filesystem;
namespace {

constexpr const char* kFiguresPrefix = "/figures/";
constexpr const char* kDataPrefix = "/data/";  // the report's data/*.csv, linked by the figures
// The page and Plotly need inline styles; scripts and data come only from this server.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "object-src 'none'; frame-ancestors 'none'";

std::vector<std::string> figure_names(const fs::path& report_dir) {
  std::vector<std::string> names;
  std::error_code ec;
  if (report_dir.empty() || !fs::is_directory(report_dir / "figures", ec)) return names;
  for (const auto& entry : fs::directory_iterator(report_dir / "figures", ec)) {
    auto name = entry.path().filename().string();
    if (entry.is_regular_file() && entry.path().extension() == ".svg" && name.front() != '.') {
      names.push_back(name);
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

void send(httplib::Response& res, const Reply& reply) {
  res.status = reply.status;
  res.set_content(reply.body, reply.content_type.c_str());
}

void send_error(httplib::Response& res, int status, const std::string& message) {
  send(res, error_reply(status, message));
}

std::string status_text(int status) {
  switch (status) {
    case 400:
      return "bad request";
    case 404:
      return "not found";
    case 405:
      return "method not allowed";
    case 413:
      return "request body too large: the API is read-only";
    case 414:
      return "request target too long";
    case 431:
      return "request headers too large";
    default:
      return "error " + std::to_string(status);
  }
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

struct Server::Impl {
  Impl(ExplorerData data, ServeOptions opts)
      : options(std::move(opts)),
        api(std::move(data), figure_names(options.report_dir)),
        limiter(options.rate_limit_per_s, options.rate_burst) {}

  void configure();
  httplib::Server::HandlerResponse screen(const httplib::Request& req, httplib::Response& res);
  void serve_get(const httplib::Request& req, httplib::Response& res) const;
  void serve_file(const fs::path& root, const std::string& path, httplib::Response& res) const;

  ServeOptions options;
  Api api;
  RateLimiter limiter;
  httplib::Server http;
};

void Server::Impl::configure() {
  int threads = std::max(1, options.threads);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // SO_REUSEADDR only: httplib's default SO_REUSEPORT would let a second server share the
  // port and split the requests silently instead of failing to start.
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  // Without it, a keep-alive reply written in two parts waits ~40 ms for a delayed ACK.
  http.set_tcp_nodelay(true);
  http.set_payload_max_length(options.max_body_bytes);
  http.set_keep_alive_max_count(1000);
  http.set_read_timeout(5);
  http.set_write_timeout(5);
  http.set_default_headers(
      {{"X-Content-Type-Options", "nosniff"}, {"Referrer-Policy", "no-referrer"}});
  http.set_pre_routing_handler(
      [this](const httplib::Request& req, httplib::Response& res) { return screen(req, res); });
  http.Get(".*",
           [this](const httplib::Request& req, httplib::Response& res) { serve_get(req, res); });
  http.set_exception_handler([](const httplib::Request&, httplib::Response& res,
                                std::exception_ptr) { send_error(res, 500, "internal error"); });
  http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    // Errors httplib raises itself (413, 414, bad requests) get a JSON body too.
    if (res.body.empty()) send_error(res, res.status, status_text(res.status));
  });
}

// Refuses what the server never serves before routing: other methods, long targets, floods.
httplib::Server::HandlerResponse Server::Impl::screen(const httplib::Request& req,
                                                      httplib::Response& res) {
  using R = httplib::Server::HandlerResponse;
  if (req.method != "GET" && req.method != "HEAD") {
    res.set_header("Allow", "GET, HEAD");
    send_error(res, 405, "method " + req.method + " not allowed: the API is read-only (GET, HEAD)");
    return R::Handled;
  }
  // httplib reads no body for GET, so refuse one here rather than parse it as a request.
  if (req.has_header("Transfer-Encoding") ||
      req.get_header_value<uint64_t>("Content-Length") > options.max_body_bytes) {
    res.set_header("Connection", "close");
    send_error(res, 413, "request body too large: the API is read-only");
    return R::Handled;
  }
  if (req.target.size() > options.max_target_bytes) {
    send_error(res, 414,
               "request target longer than " + std::to_string(options.max_target_bytes) + " bytes");
    return R::Handled;
  }
  if (!limiter.allow(req.remote_addr)) {
    res.set_header("Retry-After", "1");
    send_error(res, 429, "too many requests from this client; slow down");
    return R::Handled;
  }
  return R::Unhandled;
}

void Server::Impl::serve_get(const httplib::Request& req, httplib::Response& res) const {
  if (req.path.rfind("/api/", 0) == 0) {
    send(res, api.handle(req.path, req.params));
    res.set_header("Cache-Control", "no-store");
    return;
  }
  if (!req.params.empty()) {
    // The page keeps its state in the query; only "/" (index.html) reads it.
    if (req.path != "/") return send_error(res, 400, "static files take no query parameters");
  }
  if (req.path.rfind(kFiguresPrefix, 0) == 0) {
    if (options.report_dir.empty()) return send_error(res, 404, "no --report-dir given");
    // Keep the slash: "/figures/a.svg" -> "/a.svg" inside DIR/figures.
    auto inside = req.path.substr(std::string_view(kFiguresPrefix).size() - 1);
    return serve_file(options.report_dir / "figures", inside, res);
  }
  if (req.path.rfind(kDataPrefix, 0) == 0) {
    if (options.report_dir.empty()) return send_error(res, 404, "no --report-dir given");
    auto inside = req.path.substr(std::string_view(kDataPrefix).size() - 1);
    return serve_file(options.report_dir / "data", inside, res);
  }
  serve_file(options.web_dir, req.path, res);
}

void Server::Impl::serve_file(const fs::path& root, const std::string& path,
                              httplib::Response& res) const {
  auto file = resolve_static_file(root, path);
  if (!file) return send_error(res, 404, "not found");
  res.set_content(read_file(*file), content_type_for(*file).c_str());
  res.set_header("Content-Security-Policy", kContentSecurityPolicy);
}

fs::path default_web_dir() {
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  auto dir = exe.parent_path() / "web";
  return fs::is_regular_file(dir / "index.html", ec) ? dir : fs::path{};
}

Server::Server(ExplorerData data, ServeOptions options)
    : impl_(std::make_unique<Impl>(std::move(data), std::move(options))) {
  impl_->configure();
}

Server::~Server() = default;

int Server::bind() {
  const auto& o = impl_->options;
  int port = o.port == 0 ? impl_->http.bind_to_any_port(o.host)
                         : (impl_->http.bind_to_port(o.host, o.port) ? o.port : -1);
  if (port <= 0) {
    throw Failure("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                  " (address in use, or not an address of this machine)");
  }
  return port;
}

void Server::run() {
  if (!impl_->http.listen_after_bind()) throw Failure("the server stopped with an error");
}

void Server::stop() { impl_->http.stop(); }

}  // namespace infergy::server
