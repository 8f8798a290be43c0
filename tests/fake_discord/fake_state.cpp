// The fake's state and its REST and gateway logic.
#include <algorithm>
#include <random>
#include <sstream>

#include "discord/model/permissions.hpp"
#include "fake_impl.hpp"

namespace fake_discord {

namespace {

constexpr std::uint64_t p_view = 1ULL << 10, p_send = 1ULL << 11, p_manage_channels = 1ULL << 4,
                        p_manage_roles = 1ULL << 28, p_manage_messages = 1ULL << 13, p_embed = 1ULL << 14,
                        p_attach = 1ULL << 15, p_history = 1ULL << 16, p_admin = 1ULL << 3, p_pin = 1ULL << 51;
// @everyone's default permissions in a new guild (view, send, history, reactions, …).
constexpr std::uint64_t default_everyone = 0x0006'3E40ULL | (1ULL << 31) | (1ULL << 16) | (1ULL << 10) | (1ULL << 11);

std::string sid(id_t v) { return std::to_string(v); }
id_t to_id(const json& j) {
  if (j.is_string()) return std::stoull(j.get<std::string>());
  if (j.is_number()) return j.get<id_t>();
  return 0;
}
std::string iso_now() {
  auto now = std::chrono::system_clock::now();
  auto t = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  char buf[64];
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[96];
  std::snprintf(out, sizeof out, "%s.%03lld000+00:00", buf, static_cast<long long>(ms));
  return out;
}

http_answer error(int status, int code, const std::string& message, json errors = nullptr) {
  json body{{"code", code}, {"message", message}};
  if (!errors.is_null() && !errors.empty()) body["errors"] = errors;
  return {status, body, {}};
}
http_answer missing_access() { return error(403, 50001, "Missing Access"); }
http_answer missing_permissions() { return error(403, 50013, "Missing Permissions"); }
http_answer invalid_body(json errors) { return error(400, 50035, "Invalid Form Body", std::move(errors)); }

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> out;
  std::stringstream ss(path);
  std::string part;
  while (std::getline(ss, part, '/'))
    if (!part.empty()) out.push_back(part);
  return out;
}

std::map<std::string, std::string> query_of(const std::string& q) {
  std::map<std::string, std::string> out;
  std::stringstream ss(q);
  std::string kv;
  while (std::getline(ss, kv, '&')) {
    auto eq = kv.find('=');
    if (eq != std::string::npos) out[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return out;
}

// Discord normalises text-channel names: lower case, spaces to dashes.
std::string normalise_channel_name(std::string name) {
  for (auto& c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == ' ') c = '-';
  }
  return name;
}

struct multipart_part {
  std::string name, filename, content_type, data;
};
std::vector<multipart_part> parse_multipart(const std::string& content_type, const std::string& body) {
  std::vector<multipart_part> parts;
  auto b = content_type.find("boundary=");
  if (b == std::string::npos) return parts;
  std::string boundary = "--" + content_type.substr(b + 9);
  if (!boundary.empty() && boundary.back() == '"') boundary.pop_back();
  size_t pos = body.find(boundary);
  while (pos != std::string::npos) {
    pos += boundary.size();
    if (body.compare(pos, 2, "--") == 0) break;
    pos += 2;  // CRLF
    auto header_end = body.find("\r\n\r\n", pos);
    if (header_end == std::string::npos) break;
    std::string headers = body.substr(pos, header_end - pos);
    auto next = body.find("\r\n" + boundary, header_end + 4);
    if (next == std::string::npos) break;
    multipart_part part;
    part.data = body.substr(header_end + 4, next - header_end - 4);
    auto field = [&](const std::string& key) -> std::string {
      auto k = headers.find(key + "=\"");
      if (k == std::string::npos) return {};
      auto e = headers.find('"', k + key.size() + 2);
      return headers.substr(k + key.size() + 2, e - k - key.size() - 2);
    };
    part.name = field("name");
    part.filename = field("filename");
    auto ct = headers.find("Content-Type: ");
    if (ct != std::string::npos) part.content_type = headers.substr(ct + 14, headers.find("\r\n", ct) - ct - 14);
    parts.push_back(std::move(part));
    pos = next + 2;
  }
  return parts;
}

std::string bucket_hash(const std::string& key) {
  std::size_t h = std::hash<std::string>{}(key);
  std::ostringstream os;
  os << std::hex << h;
  return os.str().substr(0, 12);
}

}  // namespace

server::impl::impl(options o) : opts(std::move(o)) {
  app_id = next_id();
  bot_id = app_id;  // Discord: a bot user's id is its application's id
  users[bot_id] = json{{"id", sid(bot_id)}, {"username", "Guichet"}, {"global_name", nullptr},
                       {"discriminator", "0"}, {"avatar", nullptr}, {"bot", true}};
}

id_t server::impl::next_id() {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch()).count();
  std::uint64_t v = (static_cast<std::uint64_t>(ms - 1420070400000LL) << 22) | (++id_counter & 0x3FFFFF);
  return v;
}

std::uint64_t server::impl::permissions_of(id_t guild, id_t channel, id_t user) const {
  auto g = guilds.find(guild);
  if (g == guilds.end()) return 0;
  auto m = g->second.members.find(user);
  if (m == g->second.members.end()) return 0;
  discord::permission_subject subject{discord::user_id{user}, {}};
  for (const auto& r : m->second["roles"]) subject.roles.push_back(discord::role_id{to_id(r)});
  std::vector<discord::role_permissions> roles;
  for (const auto& [rid, r] : g->second.roles)
    roles.push_back({discord::role_id{rid}, discord::permissions::parse(r["permissions"].get<std::string>())});
  auto base = discord::compute_base_permissions(discord::guild_id{guild}, discord::user_id{to_id(g->second.data["owner_id"])},
                                                subject, roles);
  if (!channel) return base.bits();
  auto c = channels.find(channel);
  if (c == channels.end()) return base.bits();
  std::vector<discord::permission_overwrite> ows;
  for (const auto& o : c->second["permission_overwrites"])
    ows.push_back({discord::any_id{to_id(o["id"])}, static_cast<discord::overwrite_type>(o["type"].get<int>()),
                   discord::permissions::parse(o["allow"].get<std::string>()),
                   discord::permissions::parse(o["deny"].get<std::string>())});
  return discord::compute_channel_permissions(base, discord::guild_id{guild}, subject, ows).bits();
}

json server::impl::member_with_user(id_t guild, id_t user) const {
  json m = guilds.at(guild).members.at(user);
  m["user"] = users.at(user);
  return m;
}

std::map<id_t, std::vector<const json*>> server::impl::channels_by_guild() const {
  std::map<id_t, std::vector<const json*>> out;
  for (const auto& [id, c] : channels) out[to_id(c["guild_id"])].push_back(&c);
  return out;
}

json server::impl::guild_create_payload(id_t guild) const {
  auto all = channels_by_guild();
  return guild_create_payload(guild, all[guild]);
}

json server::impl::guild_create_payload(id_t guild, const std::vector<const json*>& its_channels) const {
  const auto& g = guilds.at(guild);
  json out = g.data;
  out["roles"] = json::array();
  for (const auto& [id, r] : g.roles) out["roles"].push_back(r);
  out["channels"] = json::array();
  for (const json* c : its_channels) {
    json copy = *c;
    copy.erase("guild_id");  // GUILD_CREATE's channels carry no guild_id
    out["channels"].push_back(copy);
  }
  out["members"] = json::array();
  for (const auto& [uid, m] : g.members) out["members"].push_back(member_with_user(guild, uid));
  out["member_count"] = g.members.size();
  out["threads"] = json::array();
  out["unavailable"] = false;
  out["large"] = false;
  out["joined_at"] = iso_now();
  return out;
}

void server::impl::dispatch(id_t guild, const std::string& event, const json& data) {
  std::uint32_t needed = 1u << 0;  // GUILDS
  if (event.rfind("GUILD_MEMBER", 0) == 0) needed = 1u << 1;
  if (event == "MESSAGE_CREATE") needed = 1u << 9;
  if (event == "INTERACTION_CREATE") needed = 0;
  for (auto& [id, s] : sessions) {
    // Events outside guilds (DMs) go to shard 0 (topics/gateway.mdx, Sharding).
    const int shard = guild ? static_cast<int>((guild >> 22) % static_cast<std::uint64_t>(s.shard_count)) : 0;
    if (shard != s.shard) continue;
    if (needed && !(s.intents & needed)) continue;
    json d = data;
    if (event == "MESSAGE_CREATE" && !(s.intents & (1u << 15)) && to_id(d["author"]["id"]) != bot_id) {
      d["content"] = "";  // without MESSAGE_CONTENT, other users' messages arrive empty
      d["embeds"] = json::array();
      d["attachments"] = json::array();
      d["components"] = json::array();
    }
    json frame{{"op", 0}, {"t", event}, {"s", ++s.seq}, {"d", std::move(d)}};
    s.log.push_back(frame);
    if (s.connection) {
      frames.push_back({s.connection, false, frame, std::chrono::steady_clock::now()});
      send_text(s.connection, frame.dump());
    }
  }
  notify();
}

// ---- gateway --------------------------------------------------------------------------------------

int server::impl::on_ws_open() {
  std::lock_guard lock(mu);
  int conn = ++next_conn;
  conn_session[conn] = "";
  json hello{{"op", 10}, {"d", {{"heartbeat_interval", opts.heartbeat_interval_ms}}}};
  frames.push_back({conn, false, hello, std::chrono::steady_clock::now()});
  send_text(conn, hello.dump());
  notify();
  return conn;
}

void server::impl::on_ws_closed(int conn) {
  std::lock_guard lock(mu);
  auto it = conn_session.find(conn);
  if (it == conn_session.end()) return;
  if (!it->second.empty()) {
    auto s = sessions.find(it->second);
    if (s != sessions.end() && s->second.connection == conn) s->second.connection = 0;
  }
  conn_session.erase(it);
  notify();
}

void server::impl::on_ws_text(int conn, const std::string& text) {
  std::lock_guard lock(mu);
  auto frame = json::parse(text, nullptr, false);
  auto now = std::chrono::steady_clock::now();
  if (!frame.is_object() || !frame.contains("op")) {
    close_conn(conn, 4002);  // decode error
    return;
  }
  frames.push_back({conn, true, frame, now});
  notify();
  int op = frame["op"].get<int>();
  const json& d = frame.contains("d") ? frame["d"] : json(nullptr);
  auto& current = conn_session[conn];
  switch (op) {
    case 1: {
      if (!ignore_hb) {
        json ack{{"op", 11}};
        frames.push_back({conn, false, ack, now});
        send_text(conn, ack.dump());
      }
      return;
    }
    case 2: {
      if (!current.empty()) return close_conn(conn, 4005);  // already authenticated
      if (!d.is_object() || d.value("token", "") != opts.token) return close_conn(conn, 4004);
      std::uint32_t intents = d.value("intents", 0u);
      bool privileged_refused = ((intents & (1u << 1)) && !opts.members_intent_enabled) ||
                                ((intents & (1u << 15)) && !opts.message_content_intent_enabled) ||
                                (intents & (1u << 8));
      if (privileged_refused) return close_conn(conn, 4014);
      int shard = 0, count = 1;
      if (d.contains("shard") && d["shard"].is_array() && d["shard"].size() == 2) {
        shard = d["shard"][0].get<int>();
        count = d["shard"][1].get<int>();
      }
      if (count < 1 || shard < 0 || shard >= count) return close_conn(conn, 4010);
      if (count < opts.shard_count) return close_conn(conn, 4011);
      static std::mt19937_64 rng{std::random_device{}()};
      std::ostringstream os;
      os << std::hex << rng() << rng();
      gw_session s;
      s.id = os.str();
      s.shard = shard;
      s.shard_count = count;
      s.intents = intents;
      s.connection = conn;
      current = s.id;
      auto [it, _] = sessions.emplace(s.id, std::move(s));
      json unavailable = json::array();
      std::vector<id_t> mine;
      for (const auto& [gid, g] : guilds)
        if (static_cast<int>((gid >> 22) % static_cast<std::uint64_t>(count)) == shard) {
          unavailable.push_back({{"id", sid(gid)}, {"unavailable", true}});
          mine.push_back(gid);
        }
      json ready{{"v", 10},
                 {"user", users[bot_id]},
                 {"guilds", unavailable},
                 {"session_id", it->second.id},
                 {"resume_gateway_url", "ws://127.0.0.1:" + std::to_string(port) + "/resume"},
                 {"shard", json::array({shard, count})},
                 {"application", {{"id", sid(app_id)}, {"flags", 0}}},
                 {"private_channels", json::array()}};
      auto& sess = it->second;
      auto send_dispatch = [&](const std::string& t, json data) {
        json f{{"op", 0}, {"t", t}, {"s", ++sess.seq}, {"d", std::move(data)}};
        sess.log.push_back(f);
        frames.push_back({conn, false, f, now});
        send_text(conn, f.dump());
      };
      send_dispatch("READY", ready);
      auto by_guild = channels_by_guild();
      for (id_t gid : mine) send_dispatch("GUILD_CREATE", guild_create_payload(gid, by_guild[gid]));
      notify();
      return;
    }
    case 6: {
      if (!d.is_object() || d.value("token", "") != opts.token) return close_conn(conn, 4004);
      auto s = sessions.find(d.value("session_id", ""));
      std::int64_t seq = d.value("seq", static_cast<std::int64_t>(-1));
      if (s == sessions.end() || seq < 0 || seq > s->second.seq) {
        json invalid{{"op", 9}, {"d", false}};
        frames.push_back({conn, false, invalid, now});
        send_text(conn, invalid.dump());
        return;
      }
      current = s->second.id;
      s->second.connection = conn;
      for (const auto& f : s->second.log)
        if (f["s"].get<std::int64_t>() > seq) {
          frames.push_back({conn, false, f, now});
          send_text(conn, f.dump());
        }
      json resumed{{"op", 0}, {"t", "RESUMED"}, {"s", ++s->second.seq}, {"d", json::object()}};
      s->second.log.push_back(resumed);
      frames.push_back({conn, false, resumed, now});
      send_text(conn, resumed.dump());
      notify();
      return;
    }
    default:
      if (current.empty()) close_conn(conn, 4003);  // not authenticated
      return;
  }
}

// ---- interactions --------------------------------------------------------------------------------

json server::impl::make_interaction(id_t guild, id_t channel, id_t user, int type, const json& data,
                                    const std::string& locale, id_t source_message) {
  id_t id = next_id();
  static std::mt19937_64 rng{std::random_device{}()};
  std::ostringstream token;
  token << "aW50ZXJhY3Rpb246" << std::hex << rng() << rng();
  json member = member_with_user(guild, user);
  member["permissions"] = std::to_string(permissions_of(guild, channel, user));
  json ch = channels.at(channel);
  json payload{{"id", sid(id)},
               {"application_id", sid(app_id)},
               {"type", type},
               {"data", data},
               {"guild_id", sid(guild)},
               {"channel_id", sid(channel)},
               {"channel", ch},
               {"member", member},
               {"token", token.str()},
               {"version", 1},
               {"locale", locale},
               {"guild_locale", guilds.at(guild).data["preferred_locale"]},
               {"app_permissions", std::to_string(permissions_of(guild, channel, bot_id))},
               {"entitlements", json::array()},
               {"authorizing_integration_owners", {{"0", sid(guild)}}},
               {"context", 0},
               {"attachment_size_limit", opts.attachment_size_limit}};
  if (source_message) {
    for (const auto& m : messages[channel])
      if (to_id(m["id"]) == source_message) payload["message"] = m;
  }
  return payload;
}

json server::impl::make_dm_interaction(id_t user, int type, const json& data, const std::string& locale, id_t source_message) {
  const id_t channel = dm_channel_with(user);
  id_t id = next_id();
  static std::mt19937_64 rng{std::random_device{}()};
  std::ostringstream token;
  token << "aW50ZXJhY3Rpb246" << std::hex << rng() << rng();
  json payload{{"id", sid(id)},
               {"application_id", sid(app_id)},
               {"type", type},
               {"data", data},
               {"channel_id", sid(channel)},
               {"channel", dm_channels.at(channel)},
               {"user", users.at(user)},
               {"token", token.str()},
               {"version", 1},
               {"locale", locale},
               {"app_permissions", std::to_string(p_view | p_send | p_embed | p_attach | p_history)},
               {"entitlements", json::array()},
               {"authorizing_integration_owners", {{"0", "0"}}},
               {"context", 1},
               {"attachment_size_limit", opts.attachment_size_limit}};
  if (source_message)
    for (const auto& m : messages[channel])
      if (to_id(m["id"]) == source_message) payload["message"] = m;
  return payload;
}

id_t server::impl::dm_channel_with(id_t user) {
  for (const auto& [id, ch] : dm_channels)
    if (ch["recipients"][0]["id"] == sid(user)) return id;
  id_t id = next_id();
  dm_channels[id] = json{{"id", sid(id)}, {"type", 1}, {"last_message_id", nullptr}, {"flags", 0}, {"recipients", json::array({users.at(user)})}};
  return id;
}

id_t server::impl::dispatch_interaction(json payload, id_t guild, id_t channel, id_t source_message) {
  id_t id = to_id(payload["id"]);
  interaction_state st;
  st.payload = payload;
  st.dispatched = std::chrono::steady_clock::now();
  st.guild = guild;
  st.channel = channel;
  st.source_message = source_message;
  if (auto t = payload.find("token"); t != payload.end() && t->is_string()) interaction_by_token[t->get<std::string>()] = id;
  interactions[id] = std::move(st);
  dispatch(guild, "INTERACTION_CREATE", payload);
  return id;
}

json server::impl::post_message(id_t channel, const json& author, const json& body,
                                const std::vector<json>& attachments, std::optional<json> interaction_meta) {
  id_t id = next_id();
  const bool in_dm = dm_channels.count(channel) > 0;
  const json guild_of = in_dm ? json(nullptr) : channels.at(channel)["guild_id"];
  json m{{"id", sid(id)},
         {"channel_id", sid(channel)},
         {"author", author},
         {"content", body.value("content", "")},
         {"timestamp", iso_now()},
         {"edited_timestamp", nullptr},
         {"tts", false},
         {"mention_everyone", false},
         {"mentions", json::array()},
         {"mention_roles", json::array()},
         {"attachments", attachments},
         {"embeds", body.value("embeds", json::array())},
         {"components", body.value("components", json::array())},
         {"pinned", false},
         {"type", interaction_meta ? 20 : 0},
         {"flags", body.value("flags", 0) & ~64}};
  if (interaction_meta) m["interaction_metadata"] = *interaction_meta;
  if (body.contains("nonce")) m["nonce"] = body["nonce"];
  if (!in_dm) m["guild_id"] = guild_of;
  messages[channel].push_back(m);
  if (in_dm) return m;  // MESSAGE_CREATE in DMs needs DIRECT_MESSAGES, which Guichet does not ask for
  id_t guild = to_id(guild_of);
  json event = m;
  if (guilds.count(guild) && guilds[guild].members.count(to_id(author["id"])))
    event["member"] = guilds[guild].members[to_id(author["id"])];
  dispatch(guild, "MESSAGE_CREATE", event);
  return m;
}

// ---- CDN --------------------------------------------------------------------------------------------

namespace {
// A 1×1 PNG: what the CDN serves for an avatar, emoji or sticker no test put there.
const unsigned char tiny_png_bytes[] = {137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 31, 21, 196, 137, 0, 0, 0, 13, 73, 68, 65, 84, 120, 156, 99, 136, 137, 79, 251, 15, 0, 4, 93, 2, 33, 207, 12, 117, 137, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130};
const std::string tiny_png(reinterpret_cast<const char*>(tiny_png_bytes), sizeof tiny_png_bytes);
}  // namespace

const std::string& small_png() { return tiny_png; }

std::optional<http_answer> server::impl::cdn(const std::string& method, const std::string& path) {
  bool cdn_path = false;
  for (const char* p : {"/attachments/", "/avatars/", "/emojis/", "/stickers/", "/embed/avatars/", "/ephemeral-attachments/"})
    cdn_path = cdn_path || path.rfind(p, 0) == 0;
  if (!cdn_path) return std::nullopt;
  http_answer a;
  if (method != "GET") {
    a.status = 405;
    return a;
  }
  if (auto it = cdn_files.find(path); it != cdn_files.end()) {
    a.raw = it->second;
    return a;
  }
  if (path.rfind("/attachments/", 0) == 0 || path.rfind("/ephemeral-attachments/", 0) == 0) {
    a.status = 404;
    a.raw = std::make_pair(std::string("text/plain"), std::string("Not Found"));
    return a;
  }
  a.raw = std::make_pair(std::string("image/png"), tiny_png);
  return a;
}

// ---- REST -------------------------------------------------------------------------------------------

http_answer server::impl::handle(const http_input& in) {
  std::lock_guard lock(mu);
  auto now = std::chrono::steady_clock::now();
  recorded_request rec;
  rec.method = in.method;
  rec.at = now;
  rec.audit_log_reason = in.audit_log_reason;
  rec.authorized = !in.authorization.empty();
  std::string target = in.target;
  const std::string prefix = "/api/v10";
  if (target.rfind(prefix, 0) == 0) target = target.substr(prefix.size());
  rec.path = target;
  std::string path = target, query;
  if (auto q = target.find('?'); q != std::string::npos) {
    path = target.substr(0, q);
    query = target.substr(q + 1);
  }
  auto params = query_of(query);
  if (auto served = cdn(in.method, path)) {
    rec.status = served->status;
    requests.push_back(std::move(rec));
    notify();
    return *served;
  }

  // Body: JSON, or multipart with payload_json and files[n].
  json body = nullptr;
  std::vector<multipart_part> files;
  if (in.content_type.rfind("multipart/form-data", 0) == 0) {
    for (auto& part : parse_multipart(in.content_type, in.body)) {
      if (part.name == "payload_json") body = json::parse(part.data, nullptr, false);
      else if (part.name.rfind("files[", 0) == 0) files.push_back(std::move(part));
    }
  } else if (!in.body.empty()) {
    body = json::parse(in.body, nullptr, false);
  }
  rec.body = body.is_discarded() ? json("<invalid json>") : body;
  for (const auto& f : files) {
    rec.file_names.push_back(f.filename);
    rec.file_contents.push_back(f.data);
  }

  std::optional<fault> pending_misbehaviour;
  auto finish = [&](http_answer a, bool body_rejection = false) {
    if (pending_misbehaviour) {
      a.delay_ms = pending_misbehaviour->delay_ms;
      a.cut_response = pending_misbehaviour->cut_response;
    }
    rec.status = a.status;
    rec.response = a.body;
    requests.push_back(rec);
    if (body_rejection) rejected.push_back(rec);
    notify();
    return a;
  };

  auto parts = split(path);
  bool is_interaction_route = !parts.empty() && (parts[0] == "interactions" || parts[0] == "webhooks");
  if (!is_interaction_route && in.authorization != "Bot " + opts.token)
    return finish(error(401, 0, "401: Unauthorized"));
  if (body.is_discarded()) return finish(error(400, 50109, "The request body contains invalid JSON."), true);

  // Route key and bucket, as Discord groups them (major parameter: channel / guild / webhook).
  std::string key = in.method;
  std::string major;
  for (size_t i = 0; i < parts.size(); ++i) {
    bool digits = std::all_of(parts[i].begin(), parts[i].end(), ::isdigit);
    if (i == 1 && (parts[0] == "channels" || parts[0] == "guilds" || parts[0] == "webhooks")) {
      // Discord (topics/rate-limits): webhooks count by webhook_id + webhook_token, so each
      // interaction's follow-ups and edits of its answer have limits of their own.
      major = parts[1] + (parts[0] == "webhooks" && parts.size() > 2 ? "/" + parts[2] : std::string{});
      key += "/{major}";
    } else if (digits || (i == 2 && (parts[0] == "interactions" || parts[0] == "webhooks"))) {
      key += "/{id}";
    } else {
      key += "/" + parts[i];
    }
  }
  std::string bucket = bucket_hash(key);

  // Injected faults.
  for (auto it = faults.begin(); it != faults.end(); ++it) {
    if ((!it->method.empty() && it->method != in.method) ||
        (!it->path_contains.empty() && path.find(it->path_contains) == std::string::npos) ||
        (!it->path_equals.empty() && path.substr(0, path.find('?')) != it->path_equals))
      continue;
    fault f = *it;
    if (--it->times <= 0) faults.erase(it);
    if (f.status == 0) {  // carried out as usual; only the answer misbehaves
      pending_misbehaviour = f;
      break;
    }
    if (f.status == 429) {
      json b{{"message", "You are being rate limited."}, {"retry_after", f.retry_after}, {"global", f.scope == "global"}};
      http_answer a{429, b, {}};
      a.headers = {{"Retry-After", std::to_string(static_cast<int>(std::ceil(f.retry_after)))},
                   {"X-RateLimit-Scope", f.scope}};
      if (f.scope == "global") a.headers.push_back({"X-RateLimit-Global", "true"});
      else {
        a.headers.push_back({"X-RateLimit-Bucket", bucket});
        a.headers.push_back({"X-RateLimit-Limit", "5"});
        a.headers.push_back({"X-RateLimit-Remaining", "0"});
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.3f", f.retry_after);
        a.headers.push_back({"X-RateLimit-Reset-After", buf});
      }
      return finish(a);
    }
    return finish(error(f.status, 0, f.status >= 500 ? "Internal Server Error" : "injected"));
  }

  // Rate limits: 5 messages per 5 s per channel, renames 2 per window per channel, else 50 per second.
  int limit = 50;
  auto window = std::chrono::milliseconds(1000);
  if (in.method == "POST" && key == "POST/channels/{major}/messages") {
    limit = 5;
    window = std::chrono::milliseconds(5000);
  }
  bool rename = in.method == "PATCH" && parts.size() == 2 && parts[0] == "channels" && body.is_object() &&
                body.contains("name") && channels.count(to_id(json(parts[1]))) &&
                channels[to_id(json(parts[1]))]["name"] != json(normalise_channel_name(body.value("name", "")));
  std::string wkey = rename ? "rename|" + major : bucket + "|" + major;
  if (rename) {
    limit = opts.rename_limit;
    window = opts.rename_window;
  }
  std::vector<std::pair<std::string, std::string>> rl_headers;
  if (!is_interaction_route || parts[0] == "webhooks") {
    auto& times = windows[wkey];
    while (!times.empty() && now - times.front() >= window) times.pop_front();
    if (static_cast<int>(times.size()) >= limit) {
      double retry = std::chrono::duration<double>(times.front() + window - now).count();
      json b{{"message", "You are being rate limited."}, {"retry_after", retry}, {"global", false}};
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.3f", retry);
      http_answer a{429, b,
                    {{"X-RateLimit-Limit", std::to_string(limit)},
                     {"X-RateLimit-Remaining", "0"},
                     {"X-RateLimit-Reset-After", buf},
                     {"X-RateLimit-Bucket", rename ? bucket + "-rename" : bucket},
                     {"X-RateLimit-Scope", rename ? "shared" : "user"},
                     {"Retry-After", std::to_string(static_cast<int>(std::ceil(retry)))}}};
      return finish(a);
    }
    times.push_back(now);
    double reset_after = std::chrono::duration<double>(times.front() + window - now).count();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", reset_after);
    rl_headers = {{"X-RateLimit-Limit", std::to_string(limit)},
                  {"X-RateLimit-Remaining", std::to_string(limit - static_cast<int>(times.size()))},
                  {"X-RateLimit-Reset-After", buf},
                  {"X-RateLimit-Bucket", rename ? bucket + "-rename" : bucket}};
  }
  auto ok = [&](int status, json b) {
    http_answer a{status, std::move(b), rl_headers};
    return finish(a);
  };
  auto reject = [&](json errors) { return finish(invalid_body(std::move(errors)), true); };
  const json bot_user = users[bot_id];

  // GET /gateway/bot
  if (in.method == "GET" && path == "/gateway/bot") {
    return ok(200, {{"url", "ws://127.0.0.1:" + std::to_string(port)},
                    {"shards", opts.shard_count},
                    {"session_start_limit",
                     {{"total", 1000}, {"remaining", 999}, {"reset_after", 14400000}, {"max_concurrency", opts.max_concurrency}}}});
  }
  if (in.method == "GET" && path == "/applications/@me") {
    // The portal's privileged intent toggles, as an application under 100 servers reports them:
    // GATEWAY_GUILD_MEMBERS_LIMITED (1 << 15), GATEWAY_MESSAGE_CONTENT_LIMITED (1 << 19).
    std::uint64_t flags = (opts.members_intent_enabled ? 1ULL << 15 : 0) | (opts.message_content_intent_enabled ? 1ULL << 19 : 0);
    return ok(200, {{"id", sid(app_id)}, {"name", "Guichet"}, {"bot", bot_user}, {"flags", flags}, {"verify_key", "0"}});
  }
  // GET /users/@me/guilds: partial guilds in id order, `after` and `limit` (1-200, default 200).
  if (in.method == "GET" && path == "/users/@me/guilds") {
    int lim = params.count("limit") ? std::stoi(params["limit"]) : 200;
    if (lim < 1 || lim > 200) return reject({{"limit", {{"_errors", {{{"code", "NUMBER_TYPE_MAX"}}}}}}});
    id_t after = params.count("after") ? std::stoull(params["after"]) : 0;
    json out = json::array();
    for (auto it = guilds.upper_bound(after); it != guilds.end() && static_cast<int>(out.size()) < lim; ++it) {
      const json& d = it->second.data;
      out.push_back({{"id", sid(it->first)}, {"name", d.value("name", "")}, {"icon", d.value("icon", json(nullptr))},
                     {"owner", d.contains("owner_id") && to_id(d["owner_id"]) == bot_id},
                     {"permissions", std::to_string(permissions_of(it->first, 0, bot_id))}, {"features", json::array()}});
    }
    return ok(200, out);
  }
  // PUT /applications/{app}/commands
  if (parts.size() == 3 && parts[0] == "applications" && parts[2] == "commands" && in.method == "PUT") {
    if (to_id(json(parts[1])) != app_id) return finish(missing_access());
    auto errors = validate_commands(body);
    if (!errors.empty()) return reject(errors);
    commands.clear();
    json out = json::array();
    for (auto c : body) {
      c["id"] = sid(next_id());
      c["application_id"] = sid(app_id);
      c["version"] = sid(next_id());
      commands.push_back(c);
      out.push_back(c);
    }
    return ok(200, out);
  }

  // Interactions: POST /interactions/{id}/{token}/callback
  if (parts.size() == 4 && parts[0] == "interactions" && parts[3] == "callback" && in.method == "POST") {
    auto it = interactions.find(to_id(json(parts[1])));
    if (it == interactions.end() || it->second.payload["token"] != parts[2])
      return finish(error(404, 10062, "Unknown interaction"));
    auto& st = it->second;
    if (st.outcome.responded) return finish(error(400, 40060, "Interaction has already been acknowledged."));
    if (now - st.dispatched > std::chrono::milliseconds(opts.interaction_deadline_ms))
      return finish(error(404, 10062, "Unknown interaction"));
    if (!body.is_object() || !body.contains("type")) return reject({{"type", {{"_errors", {{{"code", "BASE_TYPE_REQUIRED"}}}}}}});
    int type = body["type"].get<int>();
    int itype = st.payload["type"].get<int>();
    json data = body.value("data", json::object());
    if (type == 9) {
      if (itype == 5) return reject({{"type", {{"_errors", {{{"code", "INTERACTION_MODAL_IN_MODAL"}, {"message", "A modal cannot answer a modal submit"}}}}}}});
      auto errors = validate_modal(data);
      if (!errors.empty()) return reject(errors);
    } else if (type == 4 || type == 5 || type == 6 || type == 7) {
      if ((type == 6 || type == 7) && itype != 3 && !(itype == 5 && st.source_message))
        return reject({{"type", {{"_errors", {{{"code", "INTERACTION_RESPONSE_TYPE_INVALID"}}}}}}});
      auto errors = validate_message_body(data, true);
      if (!errors.empty()) return reject({{"data", errors}});
    } else {
      return reject({{"type", {{"_errors", {{{"code", "BASE_TYPE_CHOICES"}}}}}}});
    }
    st.outcome.responded = true;
    st.outcome.callback_type = type;
    st.outcome.callback_data = data;
    st.outcome.response_time = now - st.dispatched;
    bool ephemeral = data.value("flags", 0) & 64;
    const json& actor = st.payload.contains("member") ? st.payload["member"]["user"] : st.payload["user"];
    json meta{{"id", st.payload["id"]}, {"type", itype}, {"user", actor}};
    if (type == 4) {
      if (ephemeral) {
        st.outcome.original = data;
        st.outcome.original["id"] = sid(next_id());
        st.outcome.original["flags"] = 64;
      } else {
        st.outcome.original = post_message(st.channel, bot_user, data, {}, meta);
        st.original_in_channel = true;
      }
    } else if (type == 5) {
      st.outcome.original = {{"id", sid(next_id())}, {"flags", ephemeral ? 64 : 0}, {"content", ""}, {"loading", true}};
      st.original_in_channel = false;
    } else if (type == 7 || type == 6) {
      for (auto& m : messages[st.channel])
        if (to_id(m["id"]) == st.source_message) {
          if (type == 7) {
            for (const char* k : {"content", "embeds", "components"})
              if (data.contains(k)) m[k] = data[k];
            m["edited_timestamp"] = iso_now();
          }
          st.outcome.original = m;
        }
      if (st.payload.contains("message") && st.payload["message"].value("flags", 0) & 64) {
        // An ephemeral source message lives only in the interaction chain.
        st.outcome.original = st.payload["message"];
        if (type == 7)
          for (const char* k : {"content", "embeds", "components"})
            if (data.contains(k)) st.outcome.original[k] = data[k];
      }
    }
    http_answer a{204, nullptr, {}};
    return finish(a);
  }

  // Webhooks: PATCH /webhooks/{app}/{token}/messages/@original, POST /webhooks/{app}/{token}
  if (parts.size() >= 3 && parts[0] == "webhooks") {
    if (to_id(json(parts[1])) != app_id) return finish(error(404, 10015, "Unknown Webhook"));
    interaction_state* st = nullptr;
    if (auto t = interaction_by_token.find(parts[2]); t != interaction_by_token.end()) st = &interactions.at(t->second);
    if (!st) return finish(error(404, 10015, "Unknown Webhook"));
    if (now - st->dispatched > std::chrono::minutes(15)) return finish(error(401, 50027, "Invalid Webhook Token"));
    if (!st->outcome.responded) return finish(error(404, 10015, "Unknown Webhook"));
    auto errors = validate_message_body(body.is_object() ? body : json::object(), true);
    if (!errors.empty()) return reject(errors);
    json meta{{"id", st->payload["id"]}, {"type", st->payload["type"]}, {"user", st->payload["member"]["user"]}};
    std::vector<json> attachments;
    for (const auto& f : files)
      attachments.push_back({{"id", sid(next_id())}, {"filename", f.filename}, {"size", f.data.size()},
                             {"url", "https://cdn.discordapp.com/attachments/" + sid(st->channel) + "/" + f.filename},
                             {"content_type", f.content_type}});
    if (parts.size() == 5 && parts[3] == "messages" && parts[4] == "@original" && in.method == "PATCH") {
      auto& orig = st->outcome.original;
      for (const char* k : {"content", "embeds", "components"})
        if (body.contains(k)) orig[k] = body[k];
      orig.erase("loading");
      if (st->original_in_channel) {
        for (auto& m : messages[st->channel])
          if (m["id"] == orig["id"]) {
            for (const char* k : {"content", "embeds", "components"})
              if (body.contains(k)) m[k] = body[k];
            m["edited_timestamp"] = iso_now();
            orig = m;
          }
      } else if (st->outcome.callback_type == 5 && !(orig.value("flags", 0) & 64)) {
        // A deferred public answer becomes a message in the channel on its first edit.
        json posted = post_message(st->channel, bot_user, orig, attachments, meta);
        st->original_in_channel = true;
        orig = posted;
      } else if (st->outcome.callback_type == 6 && st->source_message) {
        for (auto& m : messages[st->channel])
          if (to_id(m["id"]) == st->source_message) {
            for (const char* k : {"content", "embeds", "components"})
              if (body.contains(k)) m[k] = body[k];
            orig = m;
          }
      }
      return ok(200, orig);
    }
    if (parts.size() == 3 && in.method == "POST") {
      json msg;
      if (body.value("flags", 0) & 64) {
        msg = body;
        msg["id"] = sid(next_id());
        msg["attachments"] = attachments;
      } else {
        msg = post_message(st->channel, bot_user, body, attachments, meta);
      }
      st->outcome.followups.push_back(msg);
      return ok(200, msg);
    }
    return finish(error(405, 0, "405: Method Not Allowed"));
  }

  // Guild routes
  if (parts.size() >= 2 && parts[0] == "guilds") {
    id_t gid = to_id(json(parts[1]));
    auto g = guilds.find(gid);
    if (g == guilds.end()) return finish(error(404, 10004, "Unknown Guild"));
    std::uint64_t gperm = permissions_of(gid, 0, bot_id);
    if (parts.size() == 2 && in.method == "GET") {  // the guild object: no channels, no members
      json out = g->second.data;
      out["roles"] = json::array();
      for (const auto& [id, r] : g->second.roles) out["roles"].push_back(r);
      return ok(200, out);
    }
    if (parts.size() == 3 && parts[2] == "roles" && in.method == "GET") {
      json out = json::array();
      for (const auto& [id, r] : g->second.roles) out.push_back(r);
      return ok(200, out);
    }
    if (parts.size() == 3 && parts[2] == "channels" && in.method == "GET") {
      json out = json::array();
      for (const auto& [id, c] : channels)
        if (to_id(c["guild_id"]) == gid) out.push_back(c);
      return ok(200, out);
    }
    if (parts.size() == 4 && parts[2] == "members" && in.method == "GET") {
      id_t uid = to_id(json(parts[3]));
      if (!g->second.members.count(uid)) return finish(error(404, 10007, "Unknown Member"));
      return ok(200, member_with_user(gid, uid));
    }
    if (parts.size() == 3 && parts[2] == "channels" && in.method == "POST") {
      auto errors = validate_channel_body(body, true);
      if (!errors.empty()) return reject(errors);
      int type = body.value("type", 0);
      std::optional<id_t> parent;
      if (body.contains("parent_id") && !body["parent_id"].is_null()) {
        parent = to_id(body["parent_id"]);
        auto pc = channels.find(*parent);
        if (pc == channels.end() || to_id(pc->second["guild_id"]) != gid || pc->second["type"] != 4)
          return reject({{"parent_id", {{"_errors", {{{"code", "CHANNEL_PARENT_INVALID"}, {"message", "Not a category"}}}}}}});
      }
      std::uint64_t where = parent ? permissions_of(gid, *parent, bot_id) : gperm;
      if (!(where & p_manage_channels) && !(gperm & p_admin)) return finish(missing_permissions());
      const json ows = body.value("permission_overwrites", json::array());
      if (!ows.empty()) {
        // Overwrites need Manage Roles, and only permissions the bot holds (where the channel is
        // created) can be allowed or denied, unless it is an administrator.
        if (!(gperm & p_admin)) {
          if (!(where & p_manage_roles) && !(gperm & p_manage_roles)) return finish(missing_permissions());
          for (const auto& o : ows) {
            std::uint64_t bits = std::stoull(o.value("allow", std::string("0"))) | std::stoull(o.value("deny", std::string("0")));
            if (bits & ~where) return finish(missing_permissions());
          }
        }
      }
      std::size_t in_guild = 0, in_parent = 0;
      for (const auto& [id, c] : channels) {
        if (to_id(c["guild_id"]) != gid) continue;
        ++in_guild;
        if (parent && c.contains("parent_id") && !c["parent_id"].is_null() && to_id(c["parent_id"]) == *parent) ++in_parent;
      }
      if (in_guild >= 500) return finish(error(400, 30013, "Maximum number of guild channels reached (500)"));
      if (parent && in_parent >= 50)
        return reject({{"parent_id", {{"_errors", {{{"code", "CHANNEL_PARENT_MAX_CHANNELS"},
                                                   {"message", "Maximum number of channels in category reached (50)"}}}}}}});
      id_t cid = next_id();
      json ch{{"id", sid(cid)},
              {"type", type},
              {"guild_id", sid(gid)},
              {"name", type == 0 || type == 5 ? json(normalise_channel_name(body["name"].get<std::string>())) : body["name"]},
              {"position", static_cast<int>(in_guild)},
              {"parent_id", parent ? json(sid(*parent)) : json(nullptr)},
              {"permission_overwrites", json::array()},
              {"nsfw", false},
              {"rate_limit_per_user", 0},
              {"flags", 0},
              {"last_message_id", nullptr}};
      if (type == 0 || type == 5) ch["topic"] = body.value("topic", json(nullptr));
      for (const auto& o : ows)
        ch["permission_overwrites"].push_back({{"id", o["id"].is_string() ? o["id"] : json(o["id"].dump())},
                                               {"type", o["type"]},
                                               {"allow", o.value("allow", std::string("0"))},
                                               {"deny", o.value("deny", std::string("0"))}});
      if (ows.empty() && parent) ch["permission_overwrites"] = channels[*parent]["permission_overwrites"];  // synced
      channels[cid] = ch;
      dispatch(gid, "CHANNEL_CREATE", ch);
      return ok(201, ch);
    }
    return finish(error(404, 0, "404: Not Found"));
  }

  // Create Message in a guild channel or a DM, once the channel's own checks passed.
  auto post_in = [&](id_t cid, bool may_embed, bool may_attach) -> http_answer {
    auto errors = validate_message_body(body.is_object() ? body : json::object(), false);
    if (!errors.empty()) return reject(errors);
    if (body.contains("embeds") && !body["embeds"].empty() && !may_embed) return finish(missing_permissions());
    if (!files.empty() && !may_attach) return finish(missing_permissions());
    if (files.size() > 10) return reject({{"files", {{"_errors", {{{"code", "BASE_TYPE_MAX_LENGTH"}}}}}}});
    std::uint64_t total = 0;
    std::vector<json> attachments;
    for (const auto& f : files) {
      if (f.data.size() > opts.attachment_size_limit) return finish(error(413, 40005, "Request entity too large"));
      total += f.data.size();
      const std::string path = "/attachments/" + sid(cid) + "/" + sid(next_id()) + "/" + f.filename;
      attachments.push_back({{"id", sid(next_id())}, {"filename", f.filename}, {"size", f.data.size()},
                             {"url", "https://cdn.discordapp.com" + path}, {"content_type", f.content_type}});
      cdn_files[path] = {f.content_type, f.data};  // downloadable again, as from Discord's CDN
    }
    if (total > 25ULL * 1024 * 1024) return finish(error(413, 40005, "Request entity too large"));
    bool has_content = (body.contains("content") && !body["content"].get<std::string>().empty()) ||
                       (body.contains("embeds") && !body["embeds"].empty()) || !files.empty() ||
                       (body.contains("components") && !body["components"].empty());
    if (!has_content) return finish(error(400, 50006, "Cannot send an empty message"), true);
    // enforce_nonce: the same author's message with this nonce, sent in the last few minutes, is
    // returned instead of posting a second one (resources/message.mdx, Create Message).
    if (body.contains("nonce") && body.value("enforce_nonce", false))
      for (const auto& m : messages[cid])
        if (m.contains("nonce") && m["nonce"] == body["nonce"] && m["author"]["id"] == bot_user["id"]) return ok(200, m);
    return ok(200, post_message(cid, bot_user, body, attachments));
  };

  // Create DM: the bot's DM channel with a user (resources/user.mdx), the same one every time.
  if (in.method == "POST" && path == "/users/@me/channels") {
    const id_t to = body.is_object() && body.contains("recipient_id") ? to_id(body["recipient_id"]) : 0;
    if (!users.count(to) || to == bot_id) return finish(error(400, 50033, "Invalid Recipient(s)"));
    return ok(200, dm_channels.at(dm_channel_with(to)));
  }
  // DM channels: the bot reads and writes its own; a user refusing DMs answers 50007 to a message.
  if (parts.size() >= 2 && parts[0] == "channels" && dm_channels.count(to_id(json(parts[1])))) {
    const id_t cid = to_id(json(parts[1]));
    const json& dm = dm_channels.at(cid);
    if (parts.size() == 2 && in.method == "GET") return ok(200, dm);
    if (parts.size() == 3 && parts[2] == "messages" && in.method == "POST") {
      if (dms_closed.count(to_id(dm["recipients"][0]["id"]))) return finish(error(403, 50007, "Cannot send messages to this user"));
      return post_in(cid, true, true);
    }
    if (parts.size() == 4 && parts[2] == "messages" && in.method == "PATCH")
      for (auto& m : messages[cid])
        if (m["id"] == parts[3]) {
          auto errors = validate_message_body(body.is_object() ? body : json::object(), false);
          if (!errors.empty()) return reject(errors);
          for (const char* k : {"content", "embeds", "components"})
            if (body.contains(k)) m[k] = body[k];
          return ok(200, m);
        }
    return finish(error(404, 0, "404: Not Found"));
  }

  // Channel routes
  if (parts.size() >= 2 && parts[0] == "channels") {
    id_t cid = to_id(json(parts[1]));
    auto c = channels.find(cid);
    if (c == channels.end()) return finish(error(404, 10003, "Unknown Channel"));
    id_t gid = to_id(c->second["guild_id"]);
    std::uint64_t perm = permissions_of(gid, cid, bot_id);
    std::uint64_t gperm = permissions_of(gid, 0, bot_id);
    bool admin = gperm & p_admin;
    if (!(perm & p_view)) return finish(missing_access());

    if (parts.size() == 2 && in.method == "GET") return ok(200, c->second);
    if (parts.size() == 2 && in.method == "PATCH") {
      auto errors = validate_channel_body(body, false);
      if (!errors.empty()) return reject(errors);
      if (!(perm & p_manage_channels)) return finish(missing_permissions());
      if (body.contains("permission_overwrites")) {
        if (!admin && !(perm & p_manage_roles)) return finish(missing_permissions());
        if (!admin)
          for (const auto& o : body["permission_overwrites"]) {
            std::uint64_t bits = std::stoull(o.value("allow", std::string("0"))) | std::stoull(o.value("deny", std::string("0")));
            if (bits & ~perm) return finish(missing_permissions());
          }
        json list = json::array();
        for (const auto& o : body["permission_overwrites"])
          list.push_back({{"id", o["id"]}, {"type", o["type"]}, {"allow", o.value("allow", std::string("0"))},
                          {"deny", o.value("deny", std::string("0"))}});
        c->second["permission_overwrites"] = list;
      }
      if (body.contains("name")) {
        int type = c->second["type"].get<int>();
        c->second["name"] = type == 0 || type == 5 ? json(normalise_channel_name(body["name"].get<std::string>())) : body["name"];
      }
      if (body.contains("topic")) c->second["topic"] = body["topic"];
      if (body.contains("parent_id")) c->second["parent_id"] = body["parent_id"];
      dispatch(gid, "CHANNEL_UPDATE", c->second);
      return ok(200, c->second);
    }
    if (parts.size() == 2 && in.method == "DELETE") {
      if (!(perm & p_manage_channels)) return finish(missing_permissions());
      json gone = c->second;
      channels.erase(c);
      messages.erase(cid);
      pinned.erase(cid);
      dispatch(gid, "CHANNEL_DELETE", gone);
      return ok(200, gone);
    }
    if (parts.size() == 4 && parts[2] == "permissions" && (in.method == "PUT" || in.method == "DELETE")) {
      if (!admin && !(perm & p_manage_roles)) return finish(missing_permissions());
      std::string target_id = parts[3];
      auto& list = c->second["permission_overwrites"];
      json kept = json::array();
      for (const auto& o : list)
        if (o["id"] != target_id) kept.push_back(o);
      if (in.method == "PUT") {
        auto errors = json::object();
        int type = body.is_object() ? body.value("type", -1) : -1;
        if (type != 0 && type != 1) errors["type"] = {{"_errors", {{{"code", "BASE_TYPE_CHOICES"}, {"message", "Value must be one of {0, 1}."}}}}};
        if (!errors.empty()) return reject(errors);
        std::uint64_t allow = std::stoull(body.value("allow", std::string("0")));
        std::uint64_t deny = std::stoull(body.value("deny", std::string("0")));
        if (!admin && ((allow | deny) & ~perm)) return finish(missing_permissions());
        kept.push_back({{"id", target_id}, {"type", type}, {"allow", std::to_string(allow)}, {"deny", std::to_string(deny)}});
      }
      list = kept;
      dispatch(gid, "CHANNEL_UPDATE", c->second);
      return finish(http_answer{204, nullptr, rl_headers});
    }
    if (parts.size() == 3 && parts[2] == "messages" && in.method == "GET") {
      if (!(perm & p_history)) return ok(200, json::array());
      int lim = params.count("limit") ? std::stoi(params["limit"]) : 50;
      if (lim < 1 || lim > 100) return reject({{"limit", {{"_errors", {{{"code", "NUMBER_TYPE_MAX"}}}}}}});
      json out = json::array();
      const auto& list = messages[cid];
      id_t before = params.count("before") ? std::stoull(params["before"]) : ~0ULL;
      for (auto it = list.rbegin(); it != list.rend() && static_cast<int>(out.size()) < lim; ++it)
        if (to_id((*it)["id"]) < before) out.push_back(*it);
      return ok(200, out);
    }
    if (parts.size() == 3 && parts[2] == "messages" && in.method == "POST") {
      if (!(perm & p_send)) return finish(missing_permissions());
      return post_in(cid, perm & p_embed, perm & p_attach);
    }
    if (parts.size() == 4 && parts[2] == "messages" && (in.method == "PATCH" || in.method == "GET")) {
      for (auto& m : messages[cid])
        if (m["id"] == parts[3]) {
          if (in.method == "GET") return ok(200, m);
          if (to_id(m["author"]["id"]) != bot_id) return finish(error(403, 50005, "Cannot edit a message authored by another user"));
          auto errors = validate_message_body(body.is_object() ? body : json::object(), false);
          if (!errors.empty()) return reject(errors);
          for (const char* k : {"content", "embeds", "components"})
            if (body.contains(k)) m[k] = body[k];
          m["edited_timestamp"] = iso_now();
          return ok(200, m);
        }
      return finish(error(404, 10008, "Unknown Message"));
    }
    if ((parts.size() == 5 && parts[2] == "messages" && parts[3] == "pins" && in.method == "PUT") ||
        (parts.size() == 4 && parts[2] == "pins" && in.method == "PUT")) {
      if (!(perm & p_pin) && !(perm & p_manage_messages && false)) return finish(missing_permissions());
      std::string mid = parts.back();
      for (auto& m : messages[cid])
        if (m["id"] == mid) {
          auto& pins = pinned[cid];
          if (pins.size() >= 250) return finish(error(400, 30003, "Maximum number of pins reached (250)"));
          if (!m["pinned"].get<bool>()) pins.push_back(to_id(m["id"]));
          m["pinned"] = true;
          return finish(http_answer{204, nullptr, rl_headers});
        }
      return finish(error(404, 10008, "Unknown Message"));
    }
    if ((parts.size() == 4 && parts[2] == "messages" && parts[3] == "pins" && in.method == "GET") ||
        (parts.size() == 3 && parts[2] == "pins" && in.method == "GET")) {
      json items = json::array();
      for (auto it = pinned[cid].rbegin(); it != pinned[cid].rend(); ++it)
        for (const auto& m : messages[cid])
          if (to_id(m["id"]) == *it) items.push_back({{"pinned_at", m["timestamp"]}, {"message", m}});
      if (parts.size() == 3) {
        json legacy = json::array();
        for (const auto& i : items) legacy.push_back(i["message"]);
        return ok(200, legacy);
      }
      return ok(200, {{"items", items}, {"has_more", false}});
    }
    return finish(error(404, 0, "404: Not Found"));
  }
  return finish(error(404, 0, "404: Not Found"));
}

}  // namespace fake_discord
