// Issue 13: the real server on a loopback port, driven with raw bytes: ranges, limits,
// malformed requests, pipelining, slow and idle clients, precompressed assets, reload.
#include "infergy/server.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "fixture.hpp"
#include "raw_client.hpp"
#include "support/temp_dir.hpp"

namespace infergy::server {
namespace {

using testing::get_request;
using testing::RawClient;
using testing::status_of;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    big_file_ = std::string(200'000, 'x');
    for (std::size_t i = 0; i < big_file_.size(); i += 97) big_file_[i] = 'y';
    dir_.write_file("web/index.html", "<!doctype html><title>explorer</title>");
    dir_.write_file("web/app-4F2KX7QZ.js", big_file_);
    dir_.write_file("web/app-4F2KX7QZ.js.gz", "GZIPPED-BYTES");
  }
  void start(ServeOptions options = {}) {
    options.port = 0;
    options.web_dir = dir_.path("web");
    options.rate_limit_per_s = 0;
    options.reload_interval_s = 0.05;
    DataSource source;
    source.revision = [this] { return std::to_string(revision_.load()); };
    source.load = [this] {
      auto data = testing::data();
      if (revision_.load() > 0) data.setups.push_back(testing::setup("NEW_SETUP", {}));
      return data;
    };
    server_ = std::make_unique<Server>(std::move(source), options);
    port_ = server_->bind();
    runner_ = std::thread([this] { server_->run(); });
  }
  void TearDown() override {
    if (server_) server_->stop();
    if (runner_.joinable()) runner_.join();
    server_.reset();
  }
  std::string request(const std::string& bytes) {
    RawClient client(port_);
    EXPECT_TRUE(client.connected());
    client.send(bytes);
    return client.read_response();
  }

  test_support::TempDir dir_{"infergy_server"};
  std::string big_file_;
  std::atomic<int> revision_{0};
  std::unique_ptr<Server> server_;
  std::thread runner_;
  int port_ = 0;
};

std::string body_of(const std::string& response) {
  auto at = response.find("\r\n\r\n");
  return at == std::string::npos ? "" : response.substr(at + 4);
}

TEST_F(ServerTest, Issue13FortyRangesGetNoMoreThanTheFile) {
  start();
  std::string ranges = "bytes=0-";
  for (int i = 0; i < 39; ++i) ranges += ",0-";
  RawClient client(port_);
  client.send(get_request("/app-4F2KX7QZ.js", "Range: " + ranges + "\r\nConnection: close\r\n"));
  auto response = client.read_all();
  EXPECT_EQ(status_of(response), 200);
  EXPECT_EQ(body_of(response), big_file_);
  EXPECT_LE(response.size(), big_file_.size() + 1024);
}

TEST_F(ServerTest, Issue13OneRangeIsPartialContent) {
  start();
  auto response = request(get_request("/app-4F2KX7QZ.js", "Range: bytes=100-199\r\n"));
  EXPECT_EQ(status_of(response), 206);
  EXPECT_NE(response.find("Content-Range: bytes 100-199/200000"), std::string::npos);
  EXPECT_EQ(body_of(response), big_file_.substr(100, 100));
  response = request(get_request("/app-4F2KX7QZ.js", "Range: bytes=999999-\r\n"));
  EXPECT_EQ(status_of(response), 416);
  // The API is never ranged.
  response = request(get_request("/api/health", "Range: bytes=0-3\r\n"));
  EXPECT_EQ(status_of(response), 200);
  EXPECT_NE(body_of(response).find("\"status\":\"ok\""), std::string::npos);
}

TEST_F(ServerTest, Issue13PrecompressedAssetsAndCacheHeaders) {
  start();
  auto gz = request(get_request("/app-4F2KX7QZ.js", "Accept-Encoding: gzip, br\r\n"));
  EXPECT_EQ(status_of(gz), 200);
  EXPECT_NE(gz.find("Content-Encoding: gzip"), std::string::npos);
  EXPECT_NE(gz.find("Vary: Accept-Encoding"), std::string::npos);
  EXPECT_NE(gz.find("Content-Type: text/javascript"), std::string::npos);
  EXPECT_NE(gz.find("Cache-Control: public, max-age=31536000, immutable"), std::string::npos);
  EXPECT_EQ(body_of(gz), "GZIPPED-BYTES");
  auto plain = request(get_request("/app-4F2KX7QZ.js"));
  EXPECT_EQ(plain.find("Content-Encoding"), std::string::npos);
  EXPECT_EQ(body_of(plain), big_file_);
  auto index = request(get_request("/"));
  EXPECT_NE(index.find("Cache-Control: no-cache"), std::string::npos);
}

TEST_F(ServerTest, Issue13InvalidUtf8InTheUrlIs400) {
  start();
  auto response = request(get_request("/api/model?setup=A100_TRT&name=%ff"));
  EXPECT_EQ(status_of(response), 400);
  EXPECT_NE(body_of(response).find("not valid UTF-8"), std::string::npos);
  EXPECT_EQ(status_of(request(get_request("/app%ff.js"))), 400);
  EXPECT_EQ(status_of(request(get_request("/index.html%00.png"))), 400);
}

TEST_F(ServerTest, Issue13HeaderFloodAndBadContentLengthAreRefused) {
  start();
  std::string headers;
  for (int i = 0; i < 2000; ++i)
    headers += "X-Flood-" + std::to_string(i) + ": " + std::string(8000, 'a') + "\r\n";
  RawClient flood(port_);
  flood.send(get_request("/api/health", headers));
  auto response = flood.read_all(1 << 20);
  EXPECT_TRUE(response.empty() || status_of(response) == 431 || status_of(response) == 413)
      << response.substr(0, 200);
  EXPECT_NE(status_of(response), 200);
  std::string many;
  for (int i = 0; i < 150; ++i) many += "X-H" + std::to_string(i) + ": 1\r\n";
  EXPECT_EQ(status_of(request(get_request("/api/health", many))), 431);
  auto bad = request(get_request("/api/health", "Content-Length: abc\r\n"));
  EXPECT_EQ(status_of(bad), 400);
}

TEST_F(ServerTest, Issue13PipelinedRequestsEachGetAnAnswer) {
  start();
  RawClient client(port_);
  client.send(get_request("/api/health") + get_request("/api/setups") +
              get_request("/api/health", "Connection: close\r\n"));
  auto all = client.read_all();
  std::size_t answers = 0;
  for (auto at = all.find("HTTP/1.1 200"); at != std::string::npos;
       at = all.find("HTTP/1.1 200", at + 1)) {
    ++answers;
  }
  EXPECT_EQ(answers, 3u) << all.substr(0, 300);
}

TEST_F(ServerTest, Issue13SlowAndIdleClientsDoNotBlockOthers) {
  start();
  // 64 clients that send half a request line, 100 idle keep-alive connections.
  std::vector<std::unique_ptr<RawClient>> held;
  for (int i = 0; i < 64; ++i) {
    held.push_back(std::make_unique<RawClient>(port_));
    held.back()->send("GET /api/health HTTP/1.1\r\nX-Slow: ");
  }
  for (int i = 0; i < 100; ++i) {
    held.push_back(std::make_unique<RawClient>(port_));
    held.back()->send(get_request("/api/health"));
    EXPECT_EQ(status_of(held.back()->read_response()), 200);
  }
  auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(status_of(request(get_request("/api/ranking?setup=A100_TRT"))), 200);
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // A blocked server makes these wait for the slow clients' timeouts (seconds each);
  // the bound is generous for a busy machine.
  EXPECT_LT(seconds, 10.0);
}

TEST_F(ServerTest, Issue13ReloadsWhenTheStoreRevisionChanges) {
  start();
  EXPECT_EQ(status_of(request(get_request("/api/models?setup=NEW_SETUP"))), 404);
  revision_ = 1;
  int status = 0;
  for (int i = 0; i < 600 && status != 200; ++i) {  // the poll runs every 50 ms
    status = status_of(request(get_request("/api/models?setup=NEW_SETUP")));
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(status, 200);
}

TEST_F(ServerTest, Issue13RepeatedRankingsAreServedFromTheCacheUnchanged) {
  start();
  auto first = body_of(request(get_request("/api/ranking?setup=A100_TRT&top=3&weight=0.5")));
  auto second = body_of(request(get_request("/api/ranking?weight=0.5&top=3&setup=A100_TRT")));
  EXPECT_EQ(first, second);
  EXPECT_NE(first.find("\"entries\""), std::string::npos);
}

}  // namespace
}  // namespace infergy::server
