#include "infergy/server.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>

#include "api.hpp"
#include "http_daemon.hpp"
#include "http_rules.hpp"
#include "infergy/error.hpp"
#include "infergy/text.hpp"
#include "rate_limiter.hpp"
#include "response_cache.hpp"
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

HttpResponse from_reply(const Reply& reply) {
  HttpResponse res;
  res.status = reply.status;
  res.headers = {{"Content-Type", reply.content_type}};
  res.body = std::make_shared<const std::string>(reply.body);
  return res;
}

HttpResponse error_response(int status, const std::string& message) {
  return from_reply(error_reply(status, message));
}

// The request's path, parameter names and values: valid UTF-8 or a 400 naming it.
std::optional<std::string> invalid_text(const HttpRequest& req) {
  if (!text::is_valid_utf8(req.path)) return "the request path is not valid UTF-8";
  for (const auto& [name, value] : req.params) {
    if (!text::is_valid_utf8(name)) return "a parameter name is not valid UTF-8";
    if (!text::is_valid_utf8(value)) return "parameter '" + name + "' is not valid UTF-8";
  }
  return std::nullopt;
}

// The explorer's data as served: the API with its response cache, replaced as a whole.
struct Snapshot {
  Snapshot(ExplorerData data, std::vector<std::string> figures, std::string rev,
           const ServeOptions& o)
      : api(std::move(data), std::move(figures)),
        cache(o.cache_entries, o.cache_bytes),
        revision(std::move(rev)) {}
  Api api;
  ResponseCache cache;
  std::string revision;
};

}  // namespace

struct Server::Impl {
  Impl(DataSource src, ServeOptions opts)
      : options(std::move(opts)),
        source(std::move(src)),
        limiter(options.rate_limit_per_s, options.rate_burst),
        daemon(daemon_options(options), [this](const HttpRequest& req) { return handle(req); }) {
    auto revision = source.revision ? source.revision() : std::string();
    current = std::make_shared<const Snapshot>(source.load(), figure_names(options.report_dir),
                                               revision, options);
  }

  static DaemonOptions daemon_options(const ServeOptions& o) {
    DaemonOptions d;
    d.host = o.host;
    d.port = o.port;
    d.threads = o.threads;
    d.connection_limit = o.max_connections;
    d.per_client_connection_limit = o.max_connections_per_client;
    d.idle_timeout_s = o.idle_timeout_s;
    d.max_header_count = o.max_header_count;
    d.header_memory_bytes = o.max_header_bytes;
    return d;
  }

  std::shared_ptr<const Snapshot> snapshot() const {
    std::lock_guard lock(mutex);
    return current;
  }

  HttpResponse handle(const HttpRequest& req);
  HttpResponse screen(const HttpRequest& req);
  HttpResponse serve_api(const HttpRequest& req);
  HttpResponse serve_get(const HttpRequest& req);
  HttpResponse serve_file(const fs::path& root, const std::string& path,
                          const HttpRequest& req) const;
  void reload_loop();

  ServeOptions options;
  DataSource source;
  RateLimiter limiter;
  HttpDaemon daemon;
  mutable std::mutex mutex;  // guards current, stopping
  std::shared_ptr<const Snapshot> current;
  std::condition_variable wake;
  bool stopping = false;
  std::thread reloader;
  int stop_pipe[2] = {-1, -1};
};

HttpResponse Server::Impl::handle(const HttpRequest& req) {
  auto res = screen(req);
  if (res.status == 0) res = serve_get(req);
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  res.headers.emplace_back("Referrer-Policy", "no-referrer");
  return res;
}

// Refuses what the server never serves before routing: other methods, bodies, long or
// invalid targets, floods. status 0 = go on.
HttpResponse Server::Impl::screen(const HttpRequest& req) {
  if (req.refusal) return error_response(req.refusal->first, req.refusal->second);
  if (req.method != "GET" && req.method != "HEAD") {
    auto res = error_response(405, "method " + text::replace_invalid_utf8(req.method) +
                                       " not allowed: the API is read-only (GET, HEAD)");
    res.headers.emplace_back("Allow", "GET, HEAD");
    res.close_connection = req.header("Content-Length").has_value();
    return res;
  }
  auto length = req.header("Content-Length");
  if (req.header("Transfer-Encoding") || (length && *length != "0")) {
    auto res = error_response(413, "request body too large: the API is read-only");
    res.close_connection = true;
    return res;
  }
  if (req.target_bytes > options.max_target_bytes) {
    return error_response(
        414, "request target longer than " + std::to_string(options.max_target_bytes) + " bytes");
  }
  if (auto problem = invalid_text(req)) return error_response(400, *problem);
  if (!limiter.allow(req.remote_addr)) {
    auto res = error_response(429, "too many requests from this client; slow down");
    res.headers.emplace_back("Retry-After", "1");
    return res;
  }
  HttpResponse go_on;
  go_on.status = 0;
  return go_on;
}

HttpResponse Server::Impl::serve_api(const HttpRequest& req) {
  auto snap = snapshot();
  auto key = ResponseCache::key(req.path, req.params);
  auto reply = snap->cache.find(key);
  if (!reply) {
    reply = std::make_shared<const Reply>(snap->api.handle(req.path, req.params));
    if (reply->status == 200) snap->cache.insert(key, reply);
  }
  HttpResponse res;
  res.status = reply->status;
  res.headers = {{"Content-Type", reply->content_type}, {"Cache-Control", "no-store"}};
  // The body stays owned by the cached reply: no copy per request.
  res.body = std::shared_ptr<const std::string>(reply, &reply->body);
  return res;
}

HttpResponse Server::Impl::serve_get(const HttpRequest& req) {
  if (req.path.rfind("/api/", 0) == 0) return serve_api(req);
  if (!req.params.empty() && req.path != "/") {
    // The page keeps its state in the query; only "/" (index.html) reads it.
    return error_response(400, "static files take no query parameters");
  }
  if (req.path.rfind(kFiguresPrefix, 0) == 0) {
    if (options.report_dir.empty()) return error_response(404, "no --report-dir given");
    // Keep the slash: "/figures/a.svg" -> "/a.svg" inside DIR/figures.
    auto inside = req.path.substr(std::string_view(kFiguresPrefix).size() - 1);
    return serve_file(options.report_dir / "figures", inside, req);
  }
  if (req.path.rfind(kDataPrefix, 0) == 0) {
    if (options.report_dir.empty()) return error_response(404, "no --report-dir given");
    auto inside = req.path.substr(std::string_view(kDataPrefix).size() - 1);
    return serve_file(options.report_dir / "data", inside, req);
  }
  return serve_file(options.web_dir, req.path, req);
}

HttpResponse Server::Impl::serve_file(const fs::path& root, const std::string& path,
                                      const HttpRequest& req) const {
  auto file = resolve_static_file(root, path);
  if (!file) return error_response(404, "not found");
  auto range_header = req.header("Range");
  // The precompressed sibling (the web build writes NAME.gz) when the client takes gzip;
  // a Range request gets the plain file, so its byte offsets mean what the client thinks.
  auto gz = resolve_static_file(root, path == "/" ? "/index.html.gz" : path + ".gz");
  bool gzip = gz && !range_header && accepts_gzip(req.header("Accept-Encoding"));
  int fd = ::open((gzip ? *gz : *file).c_str(), O_RDONLY | O_CLOEXEC);
  struct stat info {};
  if (fd < 0 || ::fstat(fd, &info) != 0) {
    if (fd >= 0) ::close(fd);
    return error_response(404, "not found");
  }
  auto size = static_cast<std::uint64_t>(info.st_size);
  HttpResponse res;
  res.headers = {{"Content-Type", content_type_for(*file)},
                 {"Content-Security-Policy", kContentSecurityPolicy},
                 {"Cache-Control", cache_control_for(file->filename().string())},
                 {"Accept-Ranges", "bytes"}};
  if (gz) res.headers.emplace_back("Vary", "Accept-Encoding");
  if (gzip) res.headers.emplace_back("Content-Encoding", "gzip");
  auto plan = plan_range(range_header, size);
  if (plan.kind == RangePlan::unsatisfiable) {
    ::close(fd);
    auto refused = error_response(416, "range not satisfiable");
    refused.headers.emplace_back("Content-Range", "bytes */" + std::to_string(size));
    return refused;
  }
  res.file_fd = fd;
  res.file_offset = plan.kind == RangePlan::partial ? plan.first : 0;
  res.file_bytes = plan.kind == RangePlan::partial ? plan.bytes : size;
  if (plan.kind == RangePlan::partial) {
    res.status = 206;
    res.headers.emplace_back("Content-Range", "bytes " + std::to_string(plan.first) + "-" +
                                                  std::to_string(plan.first + plan.bytes - 1) +
                                                  "/" + std::to_string(size));
  }
  return res;
}

// Polls the store's revision (at most once per interval) and swaps in freshly loaded
// data when it changed; requests in flight keep the snapshot they started with.
void Server::Impl::reload_loop() {
  std::unique_lock lock(mutex);
  auto interval = std::chrono::duration<double>(options.reload_interval_s);
  while (!wake.wait_for(lock, interval, [this] { return stopping; })) {
    auto seen = current->revision;
    lock.unlock();
    try {
      auto revision = source.revision();
      if (revision != seen) {
        auto fresh = std::make_shared<const Snapshot>(
            source.load(), figure_names(options.report_dir), revision, options);
        lock.lock();
        current = std::move(fresh);
        lock.unlock();
        std::cerr << "infergy: the store changed; serving the new data" << std::endl;
      }
    } catch (const std::exception& e) {
      std::cerr << "infergy: could not reload the store (still serving the old data): " << e.what()
                << std::endl;
    }
    lock.lock();
  }
}

fs::path default_web_dir() {
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  auto dir = exe.parent_path() / "web";
  return fs::is_regular_file(dir / "index.html", ec) ? dir : fs::path{};
}

Server::Server(ExplorerData data, ServeOptions options) {
  auto shared = std::make_shared<ExplorerData>(std::move(data));
  DataSource fixed;
  fixed.load = [shared] { return *shared; };
  impl_ = std::make_unique<Impl>(std::move(fixed), std::move(options));
}

Server::Server(DataSource source, ServeOptions options)
    : impl_(std::make_unique<Impl>(std::move(source), std::move(options))) {}

Server::~Server() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  if (impl_->reloader.joinable()) impl_->reloader.join();
  impl_->daemon.stop();
  for (int fd : impl_->stop_pipe) {
    if (fd >= 0) ::close(fd);
  }
}

int Server::bind() {
  if (::pipe2(impl_->stop_pipe, O_CLOEXEC) != 0) throw Failure("cannot create a pipe");
  return impl_->daemon.start();
}

void Server::run() {
  if (impl_->source.revision && impl_->options.reload_interval_s > 0) {
    impl_->reloader = std::thread([this] { impl_->reload_loop(); });
  }
  char byte = 0;
  while (::read(impl_->stop_pipe[0], &byte, 1) < 0 && errno == EINTR) {
  }
}

// Async-signal-safe: one write to a pipe (the CLI calls it from SIGINT/SIGTERM).
void Server::stop() {
  char byte = 1;
  if (impl_->stop_pipe[1] >= 0) (void)!::write(impl_->stop_pipe[1], &byte, 1);
}

}  // namespace infergy::server
