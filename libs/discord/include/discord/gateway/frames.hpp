#pragma once
// Gateway payloads (topics/gateway-events.mdx): parsed frames in, encoded frames out.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/system/result.hpp>

#include "discord/json.hpp"
#include "discord/model/gateway_events.hpp"

namespace discord::gateway {

enum class opcode : int {
  dispatch = 0,
  heartbeat = 1,
  identify = 2,
  presence_update = 3,
  voice_state_update = 4,
  resume = 6,
  reconnect = 7,
  request_guild_members = 8,
  invalid_session = 9,
  hello = 10,
  heartbeat_ack = 11,
};

struct frame {
  int op = -1;
  std::optional<std::int64_t> seq;
  std::optional<std::string> event_name;
  std::optional<int> heartbeat_interval_ms;  // HELLO
  bool resumable = false;                    // INVALID_SESSION's d
  std::optional<gateway_event> event;        // DISPATCH, typed
};

struct frame_options {
  // GUILD_CREATE keeps this member only (the bot's own, known from READY); nullopt: none.
  std::optional<user_id> keep_member;
};
boost::system::result<frame, json_error> parse_frame(std::string_view text, const frame_options& options = {});

struct identify_params {
  std::string token;
  std::uint32_t intents = 0;
  int shard_id = 0;
  int shard_count = 1;
  std::string os = "linux";
  std::string library = "guichet";
};

std::string encode_identify(const identify_params& p);
std::string encode_resume(std::string_view token, std::string_view session_id, std::int64_t seq);
std::string encode_heartbeat(std::optional<std::int64_t> seq);

}  // namespace discord::gateway
