#include "discord/rest/client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <charconv>
#include <cmath>
#include <random>

#include "discord/json.hpp"
#include "discord/limits.hpp"
#include "discord/net/url.hpp"
#include "discord/rest/retry_policy.hpp"

namespace discord::rest {

namespace asio = boost::asio;

std::string error::describe() const {
  switch (kind) {
    case error_kind::transport: return "network error: " + message;
    case error_kind::rate_limited: return "rate limited by Discord: " + message;
    case error_kind::decode: return "unexpected answer from Discord: " + message;
    case error_kind::http: break;
  }
  std::string out = "Discord answered " + std::to_string(status);
  if (code) out += " (code " + std::to_string(code) + ")";
  if (!message.empty()) out += ": " + message;
  return out;
}

namespace {

double random01() {
  static thread_local std::mt19937 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

// A number Discord sends in a header or a 429 body: finite and within what a limit can be (a day,
// a count), or nothing; "inf", "1e999" or garbage must not reach a timer or an int conversion.
std::optional<double> bounded_number(std::string_view text) {
  constexpr double largest = 86'400.0 * 1000;
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end == text.data() || !std::isfinite(v) || v < 0 || v > largest) return std::nullopt;
  return v;
}

std::optional<double> header_double(const net::http_response& r, std::string_view name) {
  auto v = r.header(name);
  if (!v) return std::nullopt;
  return bounded_number(*v);
}

response_limits limits_of(const net::http_response& r) {
  response_limits l;
  l.status = r.status;
  l.bucket = r.header("x-ratelimit-bucket");
  if (auto v = header_double(r, "x-ratelimit-limit")) l.limit = static_cast<int>(*v);
  if (auto v = header_double(r, "x-ratelimit-remaining")) l.remaining = static_cast<int>(*v);
  l.reset_after = header_double(r, "x-ratelimit-reset-after");
  l.global = r.header("x-ratelimit-global").value_or("") == "true";
  l.scope = r.header("x-ratelimit-scope");
  if (r.status == 429) {
    // The body's retry_after is fractional seconds; the Retry-After header is whole seconds.
    auto body = parse_api_error(r.body);
    (void)body;
    auto pos = r.body.find("\"retry_after\"");
    if (pos != std::string::npos) {
      auto colon = r.body.find(':', pos);
      if (colon != std::string::npos) l.retry_after = bounded_number(std::string_view(r.body).substr(colon + 1));
    }
    if (!l.retry_after) l.retry_after = header_double(r, "retry-after");
    if (r.body.find("\"global\": true") != std::string::npos || r.body.find("\"global\":true") != std::string::npos)
      l.global = true;
  }
  return l;
}

asio::awaitable<void> sleep_for(asio::any_io_executor ex, std::chrono::steady_clock::duration d) {
  if (d <= std::chrono::steady_clock::duration::zero()) co_return;
  asio::steady_timer t(ex, d);
  co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
}

std::string encode_query_reason(const std::string& reason) {
  // X-Audit-Log-Reason is URL-encoded (resources/audit-log.mdx); at most 512 characters.
  std::string out;
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char c : reason.substr(0, 512)) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ' ') {
      out += c == ' ' ? std::string("%20") : std::string(1, static_cast<char>(c));
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

// Every request is shaped here, so that whether it may be replayed is decided in one place.
request make_request(std::string method, std::string path, std::optional<std::string> body,
                     std::vector<file_upload> files, std::optional<std::string> reason) {
  request r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.json_body = std::move(body);
  r.files = std::move(files);
  r.audit_log_reason = std::move(reason);
  r.replay_safe = replay_safe_method(r.method);
  return r;
}

// Unique enough among one bot's messages of the last minutes, which is what Discord compares.
std::string make_nonce() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string n = std::to_string(rng() % 10'000'000'000'000'000'000ULL);
  return n.substr(0, limits::message_nonce_max);
}

client::client(asio::any_io_executor ex, options opts, std::shared_ptr<net::http_transport> transport)
    : ex_(std::move(ex)), opts_(std::move(opts)), transport_(std::move(transport)) {
  auto u = net::parse_url(opts_.api_base);
  if (!u) throw std::invalid_argument("DISCORD_API_URL is not an http(s) URL: " + opts_.api_base);
  base_path_ = u->target == "/" ? "" : u->target;
  while (!base_path_.empty() && base_path_.back() == '/') base_path_.pop_back();
  if (!transport_) transport_ = net::make_http_transport(ex_, u->scheme, u->host, u->port);
}

void client::log(log_level level, const std::string& text) const {
  if (opts_.log) opts_.log(level, text);
}

net::http_request client::to_http(const request& req) const {
  net::http_request http;
  http.method = req.method;
  http.replay_safe = req.replay_safe;
  http.target = base_path_ + req.path;
  http.headers.emplace_back("Authorization", "Bot " + opts_.token);
  http.headers.emplace_back("User-Agent", opts_.user_agent);
  if (req.audit_log_reason) http.headers.emplace_back("X-Audit-Log-Reason", encode_query_reason(*req.audit_log_reason));
  if (!req.files.empty()) {
    auto mp = make_multipart(req.json_body.value_or("{}"), req.files);
    http.headers.emplace_back("Content-Type", mp.content_type);
    http.body = std::move(mp.body);
  } else if (req.json_body) {
    http.headers.emplace_back("Content-Type", "application/json");
    http.body = *req.json_body;
  }
  return http;
}

// What to do after one attempt: give the caller an answer, or wait and try again.
client::verdict client::judge(const request& req, const route& r, boost::system::result<net::http_response, net::http_failure>& sent,
                              retry_state& state) {
  verdict v;
  if (!sent) {
    const auto& f = sent.error();
    if (may_resend(f, req.replay_safe) && state.failures < opts_.max_retries) {
      ++state.failures;
      state.resent = true;
      log(log_level::warn, r.key + ": " + f.describe() + ", sending again");
      v.pause = backoff(state.failures, random01());
      return v;
    }
    v.answer = error{error_kind::transport, 0, 0, f.describe(), {}, {}};
    return v;
  }
  net::http_response& res = *sent;
  auto retry = limiter_.update(r, limits_of(res), std::chrono::steady_clock::now());
  if (res.status == 429) {
    double wait = retry.value_or(duration{1}).count();
    if (!req.retry_rate_limits) {
      v.answer = error{error_kind::rate_limited, 429, 0, "rate limited", {}, wait};
      return v;
    }
    if (state.rate_limited >= opts_.max_rate_limit_retries) {
      v.answer = error{error_kind::rate_limited, 429, 0, "still limited after retries", {}, wait};
      return v;
    }
    ++state.rate_limited;
    log(log_level::warn, r.key + ": 429, retrying in " + std::to_string(wait) + " s");
    if (opts_.on_rate_limit_wait) opts_.on_rate_limit_wait(wait);
    v.pause = std::chrono::duration_cast<std::chrono::steady_clock::duration>(duration{wait});
    return v;
  }
  if (may_resend(res.status, req.replay_safe) && state.failures < opts_.max_retries) {
    ++state.failures;
    state.resent = true;
    log(log_level::warn, r.key + ": HTTP " + std::to_string(res.status) + ", sending again");
    v.pause = backoff(state.failures, random01());
    return v;
  }
  if (res.status >= 400) {
    auto body = parse_api_error(res.body);
    if (req.acknowledgement && state.resent && body.code == codes::interaction_already_acknowledged) {
      // The first callback arrived; only its answer was lost.
      res.status = 204;
      res.body.clear();
      v.answer = std::move(res);
      return v;
    }
    v.answer = error{error_kind::http, res.status, body.code, body.message, body.errors, {}};
    return v;
  }
  v.answer = std::move(res);
  return v;
}

asio::awaitable<void> client::wait_for_slot(route r) {
  global_pass pass;
  for (;;) {
    auto wait = limiter_.acquire(r, std::chrono::steady_clock::now(), pass);
    if (wait <= duration::zero()) co_return;
    if (opts_.on_rate_limit_wait) opts_.on_rate_limit_wait(std::chrono::duration<double>(wait).count());
    co_await sleep_for(ex_, std::chrono::duration_cast<std::chrono::steady_clock::duration>(wait));
  }
}

// Kept flat on purpose: every decision is in judge(), the loop only waits and sends.
asio::awaitable<result<net::http_response>> client::send(request req) {
  const route r = route_of(req.method, req.path);
  const net::http_request http = to_http(req);
  retry_state state;
  for (;;) {
    co_await wait_for_slot(r);
    if (limiter_.quarantined(r, std::chrono::steady_clock::now())) {
      error e{error_kind::http, 403, codes::missing_permissions,
              "not sent: Discord refused this route several times in a row, waiting before asking again", {}, {}};
      e.not_sent = true;
      co_return e;
    }
    boost::system::result<net::http_response, net::http_failure> sent = co_await transport_->send(http);
    if (opts_.on_attempt) opts_.on_attempt(r.key, sent ? sent->status : 0);
    verdict v = judge(req, r, sent, state);
    if (v.answer) co_return std::move(*v.answer);
    co_await sleep_for(ex_, v.pause);
  }
}

template <class T>
asio::awaitable<result<T>> client::send_json(request req) {
  auto res = co_await send(std::move(req));
  if (!res) co_return res.error();
  auto parsed = from_json_text<T>(res->body);
  if (!parsed) co_return error{error_kind::decode, res->status, 0, parsed.error().message, {}};
  co_return std::move(*parsed);
}

asio::awaitable<result<void>> client::send_empty(request req) {
  auto res = co_await send(std::move(req));
  if (!res) co_return res.error();
  co_return result<void>{};
}

asio::awaitable<result<gateway_bot_info>> client::get_gateway_bot() {
  request req = make_request("GET", "/gateway/bot", {}, {}, {});
  co_return co_await send_json<gateway_bot_info>(std::move(req));
}

asio::awaitable<result<application_info>> client::get_current_application() {
  request req = make_request("GET", "/applications/@me", {}, {}, {});
  co_return co_await send_json<application_info>(std::move(req));
}

asio::awaitable<result<std::vector<application_command>>> client::bulk_overwrite_global_commands(
    application_id app, std::vector<application_command> commands) {
  request req = make_request("PUT", "/applications/" + app.str() + "/commands", to_json_text(commands), {}, {});
  co_return co_await send_json<std::vector<application_command>>(std::move(req));
}

asio::awaitable<result<channel>> client::get_channel(channel_id id) {
  request req = make_request("GET", "/channels/" + id.str(), {}, {}, {});
  co_return co_await send_json<channel>(std::move(req));
}

asio::awaitable<result<std::vector<channel>>> client::get_guild_channels(guild_id id) {
  request req = make_request("GET", "/guilds/" + id.str() + "/channels", {}, {}, {});
  co_return co_await send_json<std::vector<channel>>(std::move(req));
}

asio::awaitable<result<guild>> client::get_guild(guild_id id) {
  request req = make_request("GET", "/guilds/" + id.str(), {}, {}, {});
  co_return co_await send_json<guild>(std::move(req));
}

asio::awaitable<result<std::vector<user_guild>>> client::get_current_user_guilds(std::optional<guild_id> after) {
  std::string path = "/users/@me/guilds?limit=" + std::to_string(limits::user_guilds_page_max);
  if (after) path += "&after=" + after->str();
  request req = make_request("GET", path, {}, {}, {});
  co_return co_await send_json<std::vector<user_guild>>(std::move(req));
}

asio::awaitable<result<std::vector<role>>> client::get_guild_roles(guild_id id) {
  request req = make_request("GET", "/guilds/" + id.str() + "/roles", {}, {}, {});
  co_return co_await send_json<std::vector<role>>(std::move(req));
}

asio::awaitable<result<member>> client::get_guild_member(guild_id g, user_id u) {
  request req = make_request("GET", "/guilds/" + g.str() + "/members/" + u.str(), {}, {}, {});
  co_return co_await send_json<member>(std::move(req));
}

asio::awaitable<result<channel>> client::create_dm(user_id u) {
  request req = make_request("POST", "/users/@me/channels", "{\"recipient_id\":\"" + u.str() + "\"}", {}, {});
  co_return co_await send_json<channel>(std::move(req));
}

asio::awaitable<result<channel>> client::create_guild_channel(guild_id g, channel_create body,
                                                              std::optional<std::string> reason) {
  request req = make_request("POST", "/guilds/" + g.str() + "/channels", to_json_text(body), {}, std::move(reason));
  co_return co_await send_json<channel>(std::move(req));
}

asio::awaitable<result<channel>> client::modify_channel(channel_id id, channel_modify body,
                                                        std::optional<std::string> reason) {
  request req = make_request("PATCH", "/channels/" + id.str(), to_json_text(body), {}, std::move(reason));
  co_return co_await send_json<channel>(std::move(req));
}

asio::awaitable<result<channel>> client::rename_channel(channel_id id, std::string name, std::optional<std::string> reason) {
  channel_modify body;
  body.name = std::move(name);
  request req = make_request("PATCH", "/channels/" + id.str(), to_json_text(body), {}, std::move(reason));
  req.retry_rate_limits = false;
  co_return co_await send_json<channel>(std::move(req));
}

asio::awaitable<result<void>> client::delete_channel(channel_id id, std::optional<std::string> reason) {
  request req = make_request("DELETE", "/channels/" + id.str(), {}, {}, std::move(reason));
  co_return co_await send_empty(std::move(req));
}

asio::awaitable<result<void>> client::edit_channel_permissions(channel_id id, permission_overwrite overwrite,
                                                               std::optional<std::string> reason) {
  std::string body = to_json_text(overwrite);
  request req = make_request("PUT", "/channels/" + id.str() + "/permissions/" + overwrite.id.str(), std::move(body), {}, std::move(reason));
  co_return co_await send_empty(std::move(req));
}

asio::awaitable<result<void>> client::delete_channel_permission(channel_id id, any_id target,
                                                                std::optional<std::string> reason) {
  request req = make_request("DELETE", "/channels/" + id.str() + "/permissions/" + target.str(), {}, {}, std::move(reason));
  co_return co_await send_empty(std::move(req));
}

asio::awaitable<result<message>> client::create_message(channel_id id, message_create body,
                                                        std::vector<file_upload> files) {
  // A nonce Discord enforces makes the POST safe to resend: a lost answer never posts twice.
  if (!body.nonce) body.nonce = make_nonce();
  body.enforce_nonce = true;
  request req = make_request("POST", "/channels/" + id.str() + "/messages", to_json_text(body), std::move(files), {});
  req.replay_safe = true;
  co_return co_await send_json<message>(std::move(req));
}

asio::awaitable<result<message>> client::edit_message(channel_id id, message_id m, message_create body) {
  request req = make_request("PATCH", "/channels/" + id.str() + "/messages/" + m.str(), to_json_text(body), {}, {});
  co_return co_await send_json<message>(std::move(req));
}

asio::awaitable<result<void>> client::pin_message(channel_id id, message_id m, std::optional<std::string> reason) {
  request req = make_request("PUT", "/channels/" + id.str() + "/messages/pins/" + m.str(), {}, {}, std::move(reason));
  co_return co_await send_empty(std::move(req));
}

asio::awaitable<result<std::vector<message>>> client::get_messages(channel_id id, std::optional<message_id> before,
                                                                   int limit) {
  std::string path = "/channels/" + id.str() + "/messages?limit=" + std::to_string(limit);
  if (before) path += "&before=" + before->str();
  request req = make_request("GET", std::move(path), {}, {}, {});
  co_return co_await send_json<std::vector<message>>(std::move(req));
}

asio::awaitable<result<void>> client::create_interaction_response(interaction_id id, std::string token,
                                                                  interaction_response body) {
  request req = make_request("POST", "/interactions/" + id.str() + "/" + token + "/callback", to_json_text(body), {}, {});
  req.replay_safe = true;  // Discord accepts one callback per interaction
  req.acknowledgement = true;
  co_return co_await send_empty(std::move(req));
}

asio::awaitable<result<message>> client::edit_original_response(application_id app, std::string token,
                                                                message_create body) {
  request req = make_request("PATCH", "/webhooks/" + app.str() + "/" + token + "/messages/@original", to_json_text(body), {}, {});
  co_return co_await send_json<message>(std::move(req));
}

asio::awaitable<result<message>> client::create_followup(application_id app, std::string token, message_create body,
                                                         std::vector<file_upload> files) {
  request req = make_request("POST", "/webhooks/" + app.str() + "/" + token + "?wait=true", to_json_text(body), std::move(files), {});
  co_return co_await send_json<message>(std::move(req));
}

}  // namespace discord::rest

namespace boost::system {
void throw_exception_from_error(const discord::rest::error& e, const boost::source_location&) {
  throw std::runtime_error(e.describe());
}
}  // namespace boost::system
