#include "http_daemon.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include <microhttpd.h>

#include "infergy/error.hpp"

namespace infergy::server {
namespace {

// Per request: the target exactly as sent (libmicrohttpd decodes the path and the query
// before the handler sees them, and a decoded "%00" would silently cut a C string).
struct RequestState {
  std::string raw_target;
  bool headers_seen = false;
};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

MHD_Result collect(void* cls, MHD_ValueKind, const char* key, size_t key_size, const char* value,
                   size_t value_size) {
  static_cast<Pairs*>(cls)->emplace_back(std::string(key, key_size),
                                         value ? std::string(value, value_size) : std::string());
  return MHD_YES;
}

Pairs values(MHD_Connection* connection, MHD_ValueKind kind) {
  Pairs out;
  MHD_get_connection_values_n(connection, kind, collect, &out);
  return out;
}

std::string client_address(MHD_Connection* connection) {
  const auto* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (!info || !info->client_addr) return "unknown";
  char text[INET6_ADDRSTRLEN] = {};
  const sockaddr* addr = info->client_addr;
  if (addr->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(addr)->sin_addr, text, sizeof text);
  } else if (addr->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr, text, sizeof text);
  }
  return text[0] ? text : "unknown";
}

void release_body(void* cls) { delete static_cast<std::shared_ptr<const std::string>*>(cls); }

MHD_Response* make_response(const HttpResponse& reply) {
  MHD_Response* response = nullptr;
  if (reply.file_fd >= 0) {
    response =
        MHD_create_response_from_fd_at_offset64(reply.file_bytes, reply.file_fd, reply.file_offset);
  } else if (reply.body && !reply.body->empty()) {
    auto* keep = new std::shared_ptr<const std::string>(reply.body);
    response = MHD_create_response_from_buffer_with_free_callback_cls(
        reply.body->size(), const_cast<char*>(reply.body->data()), release_body, keep);
    if (!response) delete keep;
  } else {
    response = MHD_create_response_from_buffer(0, const_cast<char*>(""), MHD_RESPMEM_PERSISTENT);
  }
  if (!response) return nullptr;
  for (const auto& [name, value] : reply.headers) {
    MHD_add_response_header(response, name.c_str(), value.c_str());
  }
  if (reply.close_connection) MHD_add_response_header(response, "Connection", "close");
  return response;
}

// The socket address for host:port (a name or a numeric address, IPv4 or IPv6).
sockaddr_storage socket_address(const std::string& host, int port, bool& ipv6) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  auto port_text = std::to_string(port);
  if (getaddrinfo(host.c_str(), port_text.c_str(), &hints, &found) != 0 || !found) {
    throw Failure("cannot listen on " + host + ":" + port_text + " (not an address)");
  }
  sockaddr_storage address{};
  std::memcpy(&address, found->ai_addr, found->ai_addrlen);
  ipv6 = found->ai_family == AF_INET6;
  freeaddrinfo(found);
  return address;
}

// Connections are file descriptors: lift the soft limit so the connection limit is real.
void raise_open_file_limit(rlim_t wanted) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= wanted) return;
  limit.rlim_cur = std::min(wanted, limit.rlim_max);
  setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace

std::optional<std::string> HttpRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return std::nullopt;
}

struct HttpDaemon::Impl {
  DaemonOptions options;
  HttpHandler handler;
  MHD_Daemon* daemon = nullptr;

  static void* begin(void*, const char* uri, MHD_Connection*) {
    return new RequestState{uri ? uri : ""};
  }
  static void end(void*, MHD_Connection*, void** state, MHD_RequestTerminationCode) {
    delete static_cast<RequestState*>(*state);
    *state = nullptr;
  }
  static MHD_Result access(void* cls, MHD_Connection* connection, const char* url,
                           const char* method, const char*, const char*, size_t* upload_bytes,
                           void** state) {
    auto* self = static_cast<Impl*>(cls);
    auto* request_state = static_cast<RequestState*>(*state);
    // A body is never read (the API is read-only): the handler answered on the first
    // call, and a body still arriving only ends with the connection.
    if (*upload_bytes != 0) {
      *upload_bytes = 0;
      return MHD_YES;
    }
    // libmicrohttpd closes the connection after a response queued on the first call
    // (it has not yet seen whether a body follows), so a request without a body is
    // answered on the second call, which follows at once; one with a body is refused
    // on the first, and that connection closes.
    if (request_state && !request_state->headers_seen && !announces_body(connection)) {
      request_state->headers_seen = true;
      return MHD_YES;
    }
    HttpRequest request;
    request.method = method;
    request.path = url ? url : "";
    request.target_bytes = request_state ? request_state->raw_target.size() : request.path.size();
    request.headers = values(connection, MHD_HEADER_KIND);
    request.remote_addr = client_address(connection);
    if (request.headers.size() > self->options.max_header_count) {
      request.refusal = {
          431, "more than " + std::to_string(self->options.max_header_count) + " request headers"};
    } else if (request_state && has_encoded_nul(request_state->raw_target)) {
      request.refusal = {400, "the request target holds an encoded NUL (%00)"};
    } else {
      for (auto& [key, value] : values(connection, MHD_GET_ARGUMENT_KIND)) {
        request.params.emplace(std::move(key), std::move(value));
      }
    }
    HttpResponse reply = self->handler(request);
    MHD_Response* response = make_response(reply);
    if (!response) return MHD_NO;
    auto queued = MHD_queue_response(connection, static_cast<unsigned>(reply.status), response);
    MHD_destroy_response(response);
    return queued;
  }

  static bool announces_body(MHD_Connection* connection) {
    const char* length = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Content-Length");
    return MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Transfer-Encoding") ||
           (length && std::string_view(length) != "0");
  }

  static bool has_encoded_nul(const std::string& raw) {
    for (std::size_t i = 0; i + 2 < raw.size(); ++i) {
      if (raw[i] == '%' && raw[i + 1] == '0' && raw[i + 2] == '0') return true;
    }
    return false;
  }
};

HttpDaemon::HttpDaemon(DaemonOptions options, HttpHandler handler)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
}

HttpDaemon::~HttpDaemon() { stop(); }

int HttpDaemon::start() {
  const auto& o = impl_->options;
  bool ipv6 = false;
  auto address = socket_address(o.host, o.port, ipv6);
  raise_open_file_limit(o.connection_limit + 64);
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO;
  if (ipv6) flags |= MHD_USE_IPv6;
  impl_->daemon =
      MHD_start_daemon(flags, static_cast<uint16_t>(o.port), nullptr, nullptr, &Impl::access,
                       impl_.get(), MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr*>(&address),  //
                       MHD_OPTION_THREAD_POOL_SIZE, static_cast<unsigned>(std::max(1, o.threads)),
                       MHD_OPTION_CONNECTION_LIMIT, o.connection_limit,                    //
                       MHD_OPTION_PER_IP_CONNECTION_LIMIT, o.per_client_connection_limit,  //
                       MHD_OPTION_LISTEN_BACKLOG_SIZE, o.listen_backlog,                   //
                       MHD_OPTION_CONNECTION_TIMEOUT, o.idle_timeout_s,                    //
                       MHD_OPTION_CONNECTION_MEMORY_LIMIT, o.header_memory_bytes,          //
                       MHD_OPTION_STRICT_FOR_CLIENT, 1,                                    //
                       MHD_OPTION_URI_LOG_CALLBACK, &Impl::begin, nullptr,                 //
                       MHD_OPTION_NOTIFY_COMPLETED, &Impl::end, nullptr,                   //
                       MHD_OPTION_END);
  if (!impl_->daemon) {
    throw Failure("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                  " (address in use, or not an address of this machine)");
  }
  const auto* info = MHD_get_daemon_info(impl_->daemon, MHD_DAEMON_INFO_BIND_PORT);
  return info ? info->port : o.port;
}

void HttpDaemon::stop() {
  if (impl_->daemon) MHD_stop_daemon(impl_->daemon);
  impl_->daemon = nullptr;
}

}  // namespace infergy::server
