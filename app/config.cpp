#include "config.hpp"

#include <charconv>
#include <fstream>
#include <set>

#include <boost/asio/ip/address.hpp>

#include "discord/net/url.hpp"

extern char** environ;

namespace app {

namespace {

std::string get(const environment& env, const std::string& key) {
  auto it = env.find(key);
  return it == env.end() ? std::string{} : it->second;
}

std::optional<int> to_int(std::string_view s) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// GUICHET_SHARDS: "all" (default), "0-3/8" (shards 0 to 3 of 8), "0,2/4", or "0-3" with Discord's count.
std::optional<shard_selection> parse_shards(const std::string& text, std::string& why) {
  shard_selection out;
  if (text.empty() || text == "all") return out;
  std::string ids = text;
  if (auto slash = text.find('/'); slash != std::string::npos) {
    ids = text.substr(0, slash);
    auto total = to_int(text.substr(slash + 1));
    if (!total || *total < 1) {
      why = "the shard count after '/' must be a positive number";
      return std::nullopt;
    }
    out.total = *total;
  }
  size_t start = 0;
  while (start <= ids.size()) {
    auto comma = ids.find(',', start);
    std::string part = ids.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    auto dash = part.find('-');
    auto a = to_int(part.substr(0, dash));
    auto b = dash == std::string::npos ? a : to_int(part.substr(dash + 1));
    if (!a || !b || *a < 0 || *b < *a) {
      why = "'" + part + "' is not a shard number or range";
      return std::nullopt;
    }
    for (int i = *a; i <= *b; ++i) out.ids.push_back(i);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (out.total)
    for (int id : out.ids)
      if (id >= *out.total) {
        why = "shard " + std::to_string(id) + " is not below the shard count " + std::to_string(*out.total);
        return std::nullopt;
      }
  return out;
}

// GUICHET_HTTP_ADDR: "127.0.0.1:9464", "[::1]:9464", "0.0.0.0:9464".
std::optional<http_address> parse_http_address(const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  boost::system::error_code ec;
  boost::asio::ip::make_address(host, ec);
  auto port = to_int(text.substr(colon + 1));
  if (ec || !port || *port < 0 || *port > 65535) return std::nullopt;  // 0: any free port (logged)
  return http_address{host, static_cast<unsigned short>(*port)};
}

}  // namespace

std::string missing_token_help() {
  return "DISCORD_TOKEN is not set: Guichet needs a bot token to connect to Discord.\n"
         "  1. Open https://discord.com/developers/applications and create an application (New Application).\n"
         "  2. In Bot: Reset Token, copy it; enable the Server Members Intent and the Message Content Intent.\n"
         "  3. Put it in the environment or in a .env file next to where you start Guichet:\n"
         "       DISCORD_TOKEN=your-token-here\n"
         "  4. Invite the bot (see README.md, \"Create the Discord application\") and start Guichet again.";
}

config_result parse_config(const environment& env) {
  config_result r;
  config c;
  c.token = get(env, "DISCORD_TOKEN");
  if (c.token.empty()) r.errors.push_back(missing_token_help());
  else if (c.token.find_first_of(" \t\r\n") != std::string::npos)
    r.errors.push_back("DISCORD_TOKEN contains spaces or line breaks: copy the token alone, without quotes.");

  if (auto v = get(env, "DISCORD_API_URL"); !v.empty()) {
    auto u = discord::net::parse_url(v);
    if (!u || (u->scheme != "http" && u->scheme != "https"))
      r.errors.push_back("DISCORD_API_URL must be an http:// or https:// URL including /api/v10 (got '" + v + "').");
    while (!v.empty() && v.back() == '/') v.pop_back();
    c.api_url = v;
  }
  if (auto v = get(env, "DISCORD_CDN_URL"); !v.empty()) {
    auto u = discord::net::parse_url(v);
    if (!u || (u->scheme != "http" && u->scheme != "https") || (u->target != "/" && !u->target.empty()))
      r.errors.push_back("DISCORD_CDN_URL must be an http:// or https:// address without a path, e.g. http://127.0.0.1:8081 (got '" + v + "').");
    c.cdn_url = v;
  }
  if (auto v = get(env, "MONGODB_URI"); !v.empty()) {
    if (v.rfind("mongodb://", 0) != 0 && v.rfind("mongodb+srv://", 0) != 0)
      r.errors.push_back("MONGODB_URI must start with mongodb:// or mongodb+srv://.");
    c.mongodb_uri = v;
  }
  if (auto v = get(env, "MONGODB_DB"); !v.empty()) {
    if (v.find_first_of("/\\. \"$") != std::string::npos)
      r.errors.push_back("MONGODB_DB '" + v + "' is not a valid MongoDB database name.");
    c.mongodb_db = v;
  }
  if (auto v = get(env, "GUICHET_DB"); !v.empty()) c.sqlite_path = v;
  if (auto v = get(env, "GUICHET_LOG_LEVEL"); !v.empty()) {
    static const std::set<std::string> levels{"trace", "debug", "info", "warn", "error", "critical", "off"};
    if (!levels.count(v))
      r.errors.push_back("GUICHET_LOG_LEVEL must be one of trace, debug, info, warn, error, critical, off (got '" + v + "').");
    c.log_level = v;
  }
  std::string why;
  auto shards = parse_shards(get(env, "GUICHET_SHARDS"), why);
  if (!shards) r.errors.push_back("GUICHET_SHARDS: " + why + " (examples: all, 0-3/8, 0,2/4).");
  else c.shards = *shards;

  if (auto v = get(env, "GUICHET_HTTP_ADDR"); !v.empty()) {
    c.http = parse_http_address(v);
    if (!c.http)
      r.errors.push_back("GUICHET_HTTP_ADDR must be an IP address and a port, e.g. 127.0.0.1:9464 (got '" + v + "').");
  }
  if (auto v = get(env, "GUICHET_LOG_FORMAT"); !v.empty()) {
    if (v != "text" && v != "json") r.errors.push_back("GUICHET_LOG_FORMAT must be text or json (got '" + v + "').");
    c.log_json = v == "json";
  }

  if (r.errors.empty()) r.value = std::move(c);
  return r;
}

environment read_environment(const std::string& dotenv_path) {
  environment env;
  if (std::ifstream in(dotenv_path); in) {
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      auto first = line.find_first_not_of(" \t");
      if (first == std::string::npos || line[first] == '#') continue;
      line = line.substr(first);
      if (line.rfind("export ", 0) == 0) line = line.substr(7);
      auto eq = line.find('=');
      if (eq == std::string::npos) continue;
      std::string key = line.substr(0, eq), value = line.substr(eq + 1);
      while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.pop_back();
      if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
        value = value.substr(1, value.size() - 2);
      env[key] = value;
    }
  }
  for (char** e = environ; e && *e; ++e) {
    std::string kv = *e;
    auto eq = kv.find('=');
    if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return env;
}

}  // namespace app
