// A raw HTTP client for the server tests: bytes exactly as given (malformed requests,
// pipelining, slow clients), on 127.0.0.1. Reads wait up to 60 s: the machine is busy.
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

namespace infergy::server::testing {

class RawClient {
 public:
  explicit RawClient(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval timeout{60, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawClient() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return connected_; }
  bool send(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }
  // Everything until the server closes (or `limit` bytes, or the read timeout).
  std::string read_all(std::size_t limit = 64u << 20) {
    std::string out;
    char buffer[65536];
    while (out.size() < limit) {
      auto n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
  }
  // One response with a Content-Length body (the connection stays open).
  std::string read_response() {
    std::string out;
    char c;
    while (out.find("\r\n\r\n") == std::string::npos) {
      if (::recv(fd_, &c, 1, 0) != 1) return out;
      out += c;
    }
    auto at = out.find("Content-Length: ");
    std::size_t length = at == std::string::npos ? 0 : std::stoul(out.substr(at + 16));
    std::string body(length, '\0');
    std::size_t got = 0;
    while (got < length) {
      auto n = ::recv(fd_, body.data() + got, length - got, 0);
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    return out + body.substr(0, got);
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

// "GET TARGET HTTP/1.1" with a Host header and the extra header lines given.
inline std::string get_request(const std::string& target, const std::string& headers = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n";
}

inline int status_of(const std::string& response) {
  if (response.size() < 12 || response.rfind("HTTP/1.", 0) != 0) return 0;
  return std::stoi(response.substr(9, 3));
}

}  // namespace infergy::server::testing
