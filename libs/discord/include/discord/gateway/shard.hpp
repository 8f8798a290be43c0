#pragma once
// One gateway shard: the sans-I/O session driven over a WebSocket, with heartbeats, resumes and
// reconnects. Identifies pass through an identify_gate shared by the shards of a process.
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "discord/gateway/session.hpp"
#include "discord/log.hpp"
#include "discord/net/transport.hpp"

namespace discord::gateway {

// Discord allows one IDENTIFY per 5 s per bucket, bucket = shard_id % max_concurrency.
class identify_gate {
 public:
  identify_gate(boost::asio::any_io_executor ex, int max_concurrency, std::chrono::milliseconds spacing);
  boost::asio::awaitable<void> wait(int shard_id);

 private:
  boost::asio::any_io_executor ex_;
  int max_concurrency_;
  std::chrono::milliseconds spacing_;
  std::map<int, clock::time_point> next_allowed_;
};

struct shard_options {
  identify_params identify;
  std::string gateway_url;  // from GET /gateway/bot
  log_sink log;
};

struct shard_exit {
  int close_code = 0;
  std::string message;  // for a person: what to do
};

using event_handler = std::function<void(int shard_id, gateway_event&& event)>;

class shard {
 public:
  shard(boost::asio::any_io_executor ex, shard_options opts, identify_gate& gate, event_handler on_event,
        net::ws_factory factory = {});

  // Runs until a fatal close (returned) or stop().
  boost::asio::awaitable<shard_exit> run();
  void stop();
  const session& state() const { return session_; }
  int id() const { return opts_.identify.shard_id; }

 private:
  boost::asio::awaitable<std::optional<reconnect_action>> read_loop(std::shared_ptr<net::ws_connection> ws);
  boost::asio::awaitable<std::optional<reconnect_action>> heartbeat_loop(std::shared_ptr<net::ws_connection> ws);
  // Carries out actions; returns a reconnect or fatal action that ends this connection.
  boost::asio::awaitable<std::optional<action>> perform(std::vector<action> actions, net::ws_connection& ws);
  boost::asio::awaitable<void> identify_when_allowed(std::shared_ptr<net::ws_connection> ws, std::string text);
  void log(log_level level, const std::string& text) const;

  boost::asio::any_io_executor ex_;
  shard_options opts_;
  identify_gate& gate_;
  event_handler on_event_;
  net::ws_factory factory_;
  session session_;
  std::optional<fatal_action> fatal_;
  bool stopped_ = false;
  std::shared_ptr<net::ws_connection> current_;
};

}  // namespace discord::gateway
