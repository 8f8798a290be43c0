#pragma once
// Discord's REST API: one request path that honours the rate limits and retries safely, and typed
// helpers for the endpoints Guichet uses.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "discord/log.hpp"
#include "discord/model.hpp"
#include "discord/net/transport.hpp"
#include "discord/rest/rate_limiter.hpp"

namespace discord::rest {

// Discord JSON error codes Guichet reacts to (topics/opcodes-and-status-codes.mdx).
namespace codes {
inline constexpr int unknown_channel = 10003;
inline constexpr int unknown_guild = 10004;
inline constexpr int unknown_member = 10007;
inline constexpr int unknown_message = 10008;
inline constexpr int unknown_role = 10011;
inline constexpr int unknown_user = 10013;
inline constexpr int unknown_interaction = 10062;
inline constexpr int max_guild_channels = 30013;
inline constexpr int max_pins = 30003;
inline constexpr int missing_access = 50001;
inline constexpr int invalid_form_body = 50035;
inline constexpr int missing_permissions = 50013;
inline constexpr int cannot_message_user = 50007;  // the user's DMs are closed to the bot
inline constexpr int interaction_already_acknowledged = 40060;
}  // namespace codes

enum class error_kind { transport, http, rate_limited, decode };

struct error {
  error_kind kind = error_kind::transport;
  int status = 0;        // HTTP status, 0 for transport errors
  int code = 0;          // Discord's JSON error code
  std::string message;   // Discord's message, or the transport's
  std::string details;   // Discord's "errors" object, for logs
  std::optional<double> retry_after;  // 429 answered without retrying: seconds to wait
  bool not_sent = false;               // refused here, before the network (see rate_limiter::quarantined)

  bool is(int discord_code) const { return code == discord_code; }
  std::string describe() const;
};

template <class T>
using result = boost::system::result<T, error>;

struct options {
  std::string api_base = "https://discord.com/api/v10";
  std::string token;
  std::string user_agent = "DiscordBot (https://discord.com/developers/docs/intro, 0.1.0)";
  int max_retries = 3;           // 5xx and broken connections, idempotent requests only
  int max_rate_limit_retries = 5;
  log_sink log;
  // Told of every attempt: its route (method and path template, never an id or a token) and the
  // HTTP status, 0 when no answer came. For metrics; called on the client's executor.
  std::function<void(std::string_view route, int status)> on_attempt;
  // Told of every wait the rate limits impose (a bucket or the global limit empty, a 429), in seconds.
  std::function<void(double seconds)> on_rate_limit_wait;
};

struct request {
  std::string method;
  std::string path;  // relative to the API base, e.g. "/channels/123/messages"
  std::optional<std::string> json_body;
  std::vector<file_upload> files;
  std::optional<std::string> audit_log_reason;
  // false: a 429 comes back as an error carrying retry_after instead of being waited out here
  // (a caller that may want to send something else after the wait, like a rename queue).
  bool retry_rate_limits = true;
  // Sending it twice does what sending it once does, so it may be resent after a failure the
  // server may have seen (see retry_policy.hpp). Defaults from the method (make_request).
  bool replay_safe = false;
  // An interaction callback: Discord takes one per interaction and answers 40060 to the next, so
  // 40060 on a resend means the first one arrived.
  bool acknowledgement = false;
};

// A fresh nonce for create_message (at most limits::message_nonce_max characters). Set it once per
// message, before any retry, so that every resend carries the same one.
std::string make_nonce();

request make_request(std::string method, std::string path, std::optional<std::string> body = {},
                     std::vector<file_upload> files = {}, std::optional<std::string> reason = {});

class client {
 public:
  client(boost::asio::any_io_executor ex, options opts, std::shared_ptr<net::http_transport> transport = nullptr);

  boost::asio::awaitable<result<net::http_response>> send(request req);

  boost::asio::awaitable<result<gateway_bot_info>> get_gateway_bot();
  boost::asio::awaitable<result<application_info>> get_current_application();
  boost::asio::awaitable<result<std::vector<application_command>>> bulk_overwrite_global_commands(
      application_id app, std::vector<application_command> commands);

  boost::asio::awaitable<result<channel>> get_channel(channel_id id);
  // The guild object (roles included; no channels, no members).
  boost::asio::awaitable<result<guild>> get_guild(guild_id id);
  // The guilds the bot is in, one page of at most 200 (Discord's limit) after `after`.
  boost::asio::awaitable<result<std::vector<user_guild>>> get_current_user_guilds(std::optional<guild_id> after);
  boost::asio::awaitable<result<std::vector<channel>>> get_guild_channels(guild_id id);
  boost::asio::awaitable<result<std::vector<role>>> get_guild_roles(guild_id id);
  boost::asio::awaitable<result<member>> get_guild_member(guild_id g, user_id u);
  // Create DM (resources/user.mdx): the bot's DM channel with this user.
  boost::asio::awaitable<result<channel>> create_dm(user_id u);
  boost::asio::awaitable<result<channel>> create_guild_channel(guild_id g, channel_create body,
                                                               std::optional<std::string> reason = {});
  boost::asio::awaitable<result<channel>> modify_channel(channel_id id, channel_modify body,
                                                         std::optional<std::string> reason = {});
  // Renames answer 429 to the caller (Discord allows 2 renames per channel per 10 minutes).
  boost::asio::awaitable<result<channel>> rename_channel(channel_id id, std::string name,
                                                         std::optional<std::string> reason = {});
  boost::asio::awaitable<result<void>> delete_channel(channel_id id, std::optional<std::string> reason = {});
  boost::asio::awaitable<result<void>> edit_channel_permissions(channel_id id, permission_overwrite overwrite,
                                                                std::optional<std::string> reason = {});
  boost::asio::awaitable<result<void>> delete_channel_permission(channel_id id, any_id target,
                                                                 std::optional<std::string> reason = {});

  boost::asio::awaitable<result<message>> create_message(channel_id id, message_create body,
                                                         std::vector<file_upload> files = {});
  boost::asio::awaitable<result<message>> edit_message(channel_id id, message_id m, message_create body);
  boost::asio::awaitable<result<void>> pin_message(channel_id id, message_id m, std::optional<std::string> reason = {});
  // Newest first, as Discord returns them; up to 100 per page.
  boost::asio::awaitable<result<std::vector<message>>> get_messages(channel_id id, std::optional<message_id> before,
                                                                    int limit = 100);

  boost::asio::awaitable<result<void>> create_interaction_response(interaction_id id, std::string token,
                                                                   interaction_response body);
  boost::asio::awaitable<result<message>> edit_original_response(application_id app, std::string token,
                                                                 message_create body);
  boost::asio::awaitable<result<message>> create_followup(application_id app, std::string token, message_create body,
                                                          std::vector<file_upload> files = {});

  rate_limiter& limiter() { return limiter_; }
  const boost::asio::any_io_executor& executor() const { return ex_; }

 private:
  struct retry_state {
    int failures = 0;
    int rate_limited = 0;
    bool resent = false;
  };
  struct verdict {
    std::optional<result<net::http_response>> answer;
    std::chrono::steady_clock::duration pause{};
  };
  net::http_request to_http(const request& req) const;
  verdict judge(const request& req, const route& r, boost::system::result<net::http_response, net::http_failure>& sent,
                retry_state& state);
  boost::asio::awaitable<void> wait_for_slot(route r);

  template <class T>
  boost::asio::awaitable<result<T>> send_json(request req);
  boost::asio::awaitable<result<void>> send_empty(request req);
  void log(log_level level, const std::string& text) const;

  boost::asio::any_io_executor ex_;
  options opts_;
  std::string base_path_;  // "/api/v10"
  std::shared_ptr<net::http_transport> transport_;
  rate_limiter limiter_;
};

// Builds a multipart/form-data body with payload_json and files[n] (reference.mdx "Uploading Files").
struct multipart_body {
  std::string content_type;
  std::string body;
};
multipart_body make_multipart(const std::string& payload_json, const std::vector<file_upload>& files);

}  // namespace discord::rest

namespace boost::system {
[[noreturn]] void throw_exception_from_error(const discord::rest::error& e, const boost::source_location& loc);
}
