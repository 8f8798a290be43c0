#pragma once
// The gateway session as a sans-I/O state machine: frames, closes and clock ticks go in; actions to
// carry out come back. No sockets, no clock reads: the caller passes `now`, so it is tested alone.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "discord/gateway/frames.hpp"

namespace discord::gateway {

using clock = std::chrono::steady_clock;
using time_point = clock::time_point;
using millis = std::chrono::milliseconds;

enum class shard_state { disconnected, waiting_hello, identifying, resuming, active, fatally_closed };

struct send_action { std::string text; };
// IDENTIFY, to be sent once the identify gate (spacing, max_concurrency) lets this shard through.
struct identify_action { std::string text; };
struct dispatch_action { gateway_event event; };
// Close the socket with close_code (not 1000/1001 when resuming: those invalidate the session),
// wait delay, connect again to session::connect_url.
struct reconnect_action { bool resume = true; millis delay{0}; std::uint16_t close_code = 4900; std::string reason; };
// Stop this shard for good: the message tells a person what to do.
struct fatal_action { int close_code = 0; std::string message; };

// Something worth a log line (a frame that could not be read is dropped, not fatal).
struct note_action { std::string text; };

using action = std::variant<send_action, identify_action, dispatch_action, reconnect_action, fatal_action, note_action>;

struct session_config {
  identify_params identify;
  // In [0, 1): the first heartbeat waits interval × jitter (topics/gateway.mdx "Heartbeat Interval").
  double jitter = 0.5;
};

// Close codes (topics/opcodes-and-status-codes.mdx): may this session reconnect after it?
bool close_code_may_reconnect(int code);
// Fatal close codes as a sentence a person can act on.
std::string describe_fatal_close(int code);

// A connection that says nothing within hello_timeout is replaced; HELLO's heartbeat_interval must
// lie in [heartbeat_interval_min, heartbeat_interval_max] (Discord sends 41,250 ms).
inline constexpr millis hello_timeout{20'000};
inline constexpr millis heartbeat_interval_min{100};  // a floor against 0 and a busy loop
inline constexpr millis heartbeat_interval_max{600'000};

class session {
 public:
  explicit session(session_config config);

  void on_connected(time_point now);
  std::vector<action> on_text(std::string_view text, time_point now);
  // close_code 0: the connection dropped without a close frame.
  std::vector<action> on_closed(int close_code, time_point now);
  std::vector<action> on_tick(time_point now);

  std::optional<time_point> next_tick() const;
  shard_state state() const { return state_; }
  std::string connect_url(std::string_view gateway_url) const;
  const std::string& session_id() const { return session_id_; }
  std::optional<std::int64_t> last_sequence() const { return seq_; }
  int shard_id() const { return config_.identify.shard_id; }
  // From the last heartbeat this session sent to its ACK (none before the first ACK).
  std::optional<std::chrono::microseconds> heartbeat_latency() const { return latency_; }

 private:
  std::vector<action> reconnect(bool resume, std::uint16_t close_code, std::string reason);
  millis backoff() const;

  session_config config_;
  shard_state state_ = shard_state::disconnected;
  std::string session_id_;
  std::string resume_url_;
  std::optional<user_id> self_;  // from READY: the one member GUILD_CREATE keeps (see parse_frame)
  std::optional<std::int64_t> seq_;
  bool want_resume_ = false;
  millis heartbeat_interval_{0};
  std::optional<time_point> next_heartbeat_;
  std::optional<time_point> hello_deadline_;
  bool awaiting_ack_ = false;
  time_point heartbeat_sent_{};
  std::optional<std::chrono::microseconds> latency_;
  int failed_attempts_ = 0;
};

}  // namespace discord::gateway
