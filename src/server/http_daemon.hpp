// The HTTP/1.1 layer of the explorer: GNU libmicrohttpd, event driven (epoll), so a
// connection costs a socket and a few KiB, never a thread. Slow clients, idle keep-alive
// connections and reconnect bursts cannot hold the workers the way a thread per
// connection does (issue 13); libmicrohttpd also parses pipelined requests in order,
// refuses a malformed Content-Length, and bounds the request header by its per-connection
// memory limit. This layer knows nothing of the API: it hands each request to a handler.
// Thread safety: the handler runs on the daemon's threads, several at once.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "params.hpp"

namespace infergy::server {

struct HttpRequest {
  std::string method;
  std::string path;              // percent-decoded, without the query
  RawParams params;              // percent-decoded query parameters, duplicates kept
  std::size_t target_bytes = 0;  // the request target as sent (path and query)
  std::vector<std::pair<std::string, std::string>> headers;
  std::string remote_addr;
  // Set when the daemon refuses the request itself (too many headers, an encoded NUL):
  // the handler only renders the error.
  std::optional<std::pair<int, std::string>> refusal;
  // The first header of that name (case-insensitive), if any.
  std::optional<std::string> header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  // The body: a shared string (cached replies are not copied) or a slice of an open
  // file, sent with sendfile; the daemon closes the file.
  std::shared_ptr<const std::string> body;
  int file_fd = -1;
  std::uint64_t file_offset = 0;
  std::uint64_t file_bytes = 0;
  bool close_connection = false;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct DaemonOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                              // 0 = any free port
  int threads = 2;                              // event loops (not one per connection)
  unsigned connection_limit = 2000;             // open connections in all
  unsigned per_client_connection_limit = 512;   // open connections from one address
  unsigned listen_backlog = 4096;               // pending connections the kernel queues
  unsigned idle_timeout_s = 10;                 // a connection silent this long is closed
  std::size_t header_memory_bytes = 32 * 1024;  // request line + headers -> 431 beyond
  std::size_t max_header_count = 100;           // -> 431 beyond
};

class HttpDaemon {
 public:
  HttpDaemon(DaemonOptions options, HttpHandler handler);
  ~HttpDaemon();
  HttpDaemon(const HttpDaemon&) = delete;
  HttpDaemon& operator=(const HttpDaemon&) = delete;

  // Starts listening and serving on the daemon's own threads; returns the port bound.
  // Throws Failure if it cannot listen.
  int start();
  // Stops serving (closes every connection). Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace infergy::server
