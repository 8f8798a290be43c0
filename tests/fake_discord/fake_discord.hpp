#pragma once
// A fake Discord for the tests: a loopback server that speaks Discord's HTTP API (v10) and gateway
// protocol, holds state (guilds, roles, members, channels, messages, pins, overwrites), computes
// permissions as Discord documents them, validates request bodies against Discord's limits and
// answers with Discord's error JSON. The real bot connects to it through DISCORD_API_URL.
//
// Thread-safe: the server runs on its own thread; tests call these methods from theirs.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace fake_discord {

using json = nlohmann::json;
using id_t = std::uint64_t;

struct recorded_request {
  std::string method;
  std::string path;  // without /api/v10, with query
  json body;         // JSON body or payload_json; null when none
  std::vector<std::string> file_names;
  std::vector<std::string> file_contents;
  std::string audit_log_reason;
  bool authorized = false;  // it carried an Authorization header
  int status = 0;
  json response;
  std::chrono::steady_clock::time_point at;
};

struct gateway_frame_record {
  int connection = 0;
  bool from_bot = true;
  json frame;
  std::chrono::steady_clock::time_point at;
};

struct interaction_outcome {
  bool responded = false;
  int callback_type = 0;
  json callback_data;   // the callback's data (message or modal)
  json original;        // the original response message, after edits
  std::vector<json> followups;
  std::chrono::steady_clock::duration response_time{};  // from dispatch to callback
};

// A fault for the next `times` requests that match. With status 0 the request is carried out as
// usual and only its answer misbehaves (late by delay_ms, or cut off in the middle), as a slow or
// crashing real server would.
struct fault {
  std::string method;         // "" = any
  std::string path_contains;  // "" = any
  int status = 429;           // 429, 5xx, 4xx, or 0: no status fault
  double retry_after = 1.0;   // for 429
  std::string scope = "user";  // for 429: user | global | shared
  int times = 1;
  int delay_ms = 0;            // the answer waits this long (past the client's timeout, say)
  bool cut_response = false;   // headers and half the body are written, then the TCP connection is closed
  std::string path_equals;     // "" = any; else the whole path (without /api/v10 and query)
};

struct options {
  std::string token = "fake-token";
  int heartbeat_interval_ms = 41250;
  int shard_count = 1;
  int max_concurrency = 1;
  bool members_intent_enabled = true;        // privileged intents toggled in the "Developer Portal"
  bool message_content_intent_enabled = true;
  int rename_limit = 2;                      // renames per channel per window (Discord: 2 per 10 min)
  std::chrono::milliseconds rename_window{600'000};
  int interaction_deadline_ms = 3000;        // initial response within 3 s
  std::uint64_t attachment_size_limit = 10ULL * 1024 * 1024;  // what interactions report (boost tier)
  // Real servers close kept-alive connections that stay idle (Node: 5 s). 0: never.
  std::chrono::milliseconds idle_timeout{0};
  bool advertise_keep_alive = false;         // send "Keep-Alive: timeout=N" as Node does
};

// A valid 1×1 PNG (what the CDN serves for pictures no test put there).
const std::string& small_png();

class server {
 public:
  explicit server(options opts = {});
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  std::uint16_t port() const;
  std::string api_url() const;  // http://127.0.0.1:PORT/api/v10
  id_t application_id() const;
  id_t bot_user_id() const;
  const options& opts() const;

  // ---- world building --------------------------------------------------------------------------
  // A guild with @everyone (default permissions), the bot as a member with a managed role whose
  // permissions are bot_permissions, and an owner. Returns the guild id.
  id_t add_guild(const std::string& name, std::uint64_t bot_permissions, const std::string& locale = "fr");
  id_t owner_of(id_t guild) const;
  id_t add_role(id_t guild, const std::string& name, std::uint64_t permissions, std::uint32_t color = 0);
  id_t bot_role(id_t guild) const;
  void set_role_permissions(id_t guild, id_t role, std::uint64_t permissions);
  id_t add_user(const std::string& username, const std::string& global_name = "");
  void add_member(id_t guild, id_t user, const std::vector<id_t>& roles = {}, bool dispatch = false);
  void remove_member(id_t guild, id_t user);   // GUILD_MEMBER_REMOVE
  void delete_role(id_t guild, id_t role);     // GUILD_ROLE_DELETE
  id_t add_channel(id_t guild, const std::string& name, int type = 0, std::optional<id_t> parent = {},
                   const json& overwrites = json::array(), bool dispatch = false);
  void delete_channel_by_user(id_t channel);   // CHANNEL_DELETE, as if a person deleted it
  void delete_message_by_user(id_t channel, id_t message);  // MESSAGE_DELETE
  void set_overwrites_by_user(id_t channel, const json& overwrites);  // CHANNEL_UPDATE, edited by a person
  id_t post_user_message(id_t channel, id_t author, const std::string& content);  // MESSAGE_CREATE
  // The same with attachments (Discord's attachment objects) and embeds, as a client would send.
  id_t post_user_message(id_t channel, id_t author, const std::string& content, const json& attachments, const json& embeds);
  void set_avatar(id_t user, const std::string& hash);
  // Discord's CDN, served on this server's port (GET, no token needed): `path` as in
  // https://cdn.discordapp.com<path>. Avatars, emoji and stickers not put here are small PNGs.
  void put_cdn_file(const std::string& path, std::string bytes, const std::string& content_type);
  std::string cdn_url() const;  // http://127.0.0.1:PORT, for DISCORD_CDN_URL

  // ---- interactions ----------------------------------------------------------------------------
  // Dispatches INTERACTION_CREATE as Discord shapes it; returns the interaction id.
  id_t slash_command(id_t guild, id_t channel, id_t user, const json& data, const std::string& locale = "fr");
  id_t click(id_t guild, id_t channel, id_t user, id_t message, const std::string& custom_id,
             const std::string& locale = "fr");
  id_t select(id_t guild, id_t channel, id_t user, id_t message, const std::string& custom_id, int component_type,
              const std::vector<std::string>& values, const std::string& locale = "fr");
  // A select of an ephemeral reply (the original response of `reply_of`), which only the
  // interaction chain knows.
  id_t select_on_reply(id_t guild, id_t channel, id_t user, id_t reply_of, const std::string& custom_id, int component_type,
                       const std::vector<std::string>& values, const std::string& locale = "fr");
  id_t submit_modal(id_t guild, id_t channel, id_t user, const std::string& custom_id,
                    const std::vector<std::pair<std::string, std::string>>& fields, const std::string& locale = "fr");
  // In the user's DMs with the bot: a button of one of its messages, and a modal opened from one.
  id_t click_in_dm(id_t user, id_t message, const std::string& custom_id, const std::string& locale = "fr");
  id_t submit_modal_in_dm(id_t user, id_t message, const std::string& custom_id,
                          const std::vector<std::pair<std::string, std::string>>& fields, const std::string& locale = "fr");
  // An interaction as built by slash_command/click/select, before it is sent: tests of hostile
  // payloads change it, then send it with dispatch_raw_interaction.
  json interaction_payload(id_t guild, id_t channel, id_t user, const std::string& custom_id);
  id_t dispatch_raw_interaction(id_t guild, const json& payload);
  // A gateway text frame sent as is (no JSON of ours around it): broken, truncated or hostile.
  void send_raw_gateway_text(const std::string& text);
  interaction_outcome outcome(id_t interaction) const;
  // Waits until the interaction is answered and, if deferred, its original response has content.
  std::optional<interaction_outcome> wait_outcome(id_t interaction,
                                                  std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

  // ---- observation -----------------------------------------------------------------------------
  std::optional<json> channel(id_t id) const;
  std::vector<json> channels(id_t guild) const;
  std::vector<json> messages(id_t channel) const;  // oldest first
  std::vector<json> pins(id_t channel) const;
  std::vector<json> dm_messages(id_t user) const;  // the bot's DM channel with `user`, oldest first
  // The user's privacy setting "allow direct messages from server members": off, sending answers 50007.
  void set_dms_closed(id_t user, bool closed);
  std::optional<json> guild(id_t id) const;
  std::vector<recorded_request> requests() const;
  std::vector<recorded_request> rejected_requests() const;  // 4xx answers caused by invalid bodies
  std::vector<gateway_frame_record> gateway_frames() const;
  std::vector<json> registered_commands() const;
  int connected_shards() const;
  int http_connections() const;  // TCP connections accepted for HTTP so far
  std::uint64_t computed_permissions(id_t guild, id_t channel, id_t user) const;

  // Waits until pred() holds (checked on every state change and every 20 ms).
  bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

  // ---- faults ----------------------------------------------------------------------------------
  void inject(fault f);
  void drop_gateway();                     // TCP dropped, no close frame
  void close_gateway(int code);            // close frame with this code
  void ignore_heartbeats(bool ignore);     // no ACKs: the bot should see a zombie connection

  struct impl;

 private:
  std::unique_ptr<impl> impl_;
};

}  // namespace fake_discord
