#pragma once
// The fake's state and protocol logic (no sockets). fake_server.cpp carries bytes to and from it.
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

#include "fake_discord.hpp"

namespace fake_discord {

using time_point = std::chrono::steady_clock::time_point;

struct http_answer {
  int status = 200;
  json body;  // null → empty body (204)
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<std::pair<std::string, std::string>> raw;  // (content type, bytes): a CDN file
  int delay_ms = 0;           // from a fault: answer late
  bool cut_response = false;  // from a fault: close in the middle of the answer
};

struct http_input {
  std::string method;
  std::string target;  // full target, e.g. /api/v10/channels/1/messages?limit=5
  std::string authorization;
  std::string content_type;
  std::string audit_log_reason;
  std::string body;
};

struct server::impl {
  explicit impl(options o);

  options opts;
  mutable std::mutex mu;
  mutable std::condition_variable changed;
  std::uint16_t port = 0;

  // ids
  std::uint64_t id_counter = 0;
  id_t app_id = 0;
  id_t bot_id = 0;
  id_t next_id();

  // world
  struct guild_state {
    json data;                       // id, name, owner_id, preferred_locale, …
    std::map<id_t, json> roles;      // includes @everyone (id = guild id)
    std::map<id_t, json> members;    // user id → member object
    id_t bot_role = 0;
  };
  std::map<id_t, json> users;
  std::map<id_t, guild_state> guilds;
  std::map<id_t, json> channels;     // every guild channel, with guild_id
  // Direct messages: the bot's DM channel with each user (type 1, made on first use), and the users
  // whose privacy settings refuse DMs from server members (sending answers 50007).
  std::map<id_t, json> dm_channels;
  std::set<id_t> dms_closed;
  // Discord's CDN, on the same port (DISCORD_CDN_URL points at it): path → (content type, bytes).
  std::map<std::string, std::pair<std::string, std::string>> cdn_files;
  std::optional<http_answer> cdn(const std::string& method, const std::string& path);
  id_t dm_channel_with(id_t user);
  std::map<id_t, std::vector<json>> messages;
  std::map<id_t, std::vector<id_t>> pinned;  // channel → message ids, in pin order
  std::vector<json> commands;

  // interactions
  struct interaction_state {
    json payload;
    time_point dispatched;
    interaction_outcome outcome;
    id_t guild = 0;
    id_t channel = 0;
    id_t source_message = 0;
    bool original_in_channel = false;
    id_t original_message_id = 0;
  };
  std::map<id_t, interaction_state> interactions;
  std::unordered_map<std::string, id_t> interaction_by_token;  // webhook routes name the token only

  // records
  std::vector<recorded_request> requests;
  std::vector<recorded_request> rejected;
  std::vector<gateway_frame_record> frames;
  std::vector<fault> faults;
  std::map<std::string, std::deque<time_point>> windows;  // rate-limit windows per bucket+major

  // gateway
  struct gw_session {
    std::string id;
    int shard = 0;
    int shard_count = 1;
    std::uint32_t intents = 0;
    std::int64_t seq = 0;
    std::vector<json> log;  // dispatches, for RESUME replay
    int connection = 0;     // 0 = none
  };
  std::map<std::string, gw_session> sessions;
  std::map<int, std::string> conn_session;  // connection → session id ("" before identify)
  int next_conn = 0;
  int http_connections = 0;
  bool ignore_hb = false;

  // I/O hooks, installed by the server; thread-safe (they post to the I/O thread).
  std::function<void(int, std::string)> send_text;
  std::function<void(int, int)> close_conn;  // code 0: drop the TCP connection

  // REST
  http_answer handle(const http_input& in);
  // Gateway
  int on_ws_open();
  void on_ws_text(int conn, const std::string& text);
  void on_ws_closed(int conn);

  // helpers (lock held)
  void dispatch(id_t guild, const std::string& event, const json& data);
  json guild_create_payload(id_t guild) const;
  // The channels of every guild, found once (a login of N guilds would otherwise scan them N times).
  std::map<id_t, std::vector<const json*>> channels_by_guild() const;
  json guild_create_payload(id_t guild, const std::vector<const json*>& its_channels) const;
  std::uint64_t permissions_of(id_t guild, id_t channel, id_t user) const;
  json member_with_user(id_t guild, id_t user) const;
  json with_resolved(json data, id_t guild, id_t channel, id_t user, int component_type, const std::vector<std::string>& values);
  json make_interaction(id_t guild, id_t channel, id_t user, int type, const json& data, const std::string& locale,
                        id_t source_message);
  // The same in the user's DM channel with the bot (context 1, BOT_DM): `user`, no guild, no member.
  json make_dm_interaction(id_t user, int type, const json& data, const std::string& locale, id_t source_message);
  id_t dispatch_interaction(json payload, id_t guild, id_t channel, id_t source_message);
  json post_message(id_t channel, const json& author, const json& body, const std::vector<json>& attachments,
                    std::optional<json> interaction_meta = std::nullopt);
  void notify() { changed.notify_all(); }
};

// Request body checks against Discord's documented limits; returns Discord's "errors" object
// (empty when valid).
json validate_message_body(const json& body, bool is_interaction);
json validate_modal(const json& data);
json validate_channel_body(const json& body, bool creating);
json validate_commands(const json& body);

std::size_t text_length(const std::string& utf8);  // in code points, as Discord counts

}  // namespace fake_discord
