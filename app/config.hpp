#pragma once
// Guichet's configuration, read from the environment (and an optional .env file).
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace app {

struct shard_selection {
  std::vector<int> ids;         // empty: every shard
  std::optional<int> total;     // empty: the count Discord recommends
};

// Where the health and metrics endpoints listen (GUICHET_HTTP_ADDR); off when absent.
struct http_address {
  std::string host;  // an IP literal: 127.0.0.1, ::1, 0.0.0.0
  unsigned short port = 0;
};

struct config {
  std::string token;
  std::string api_url = "https://discord.com/api/v10";
  // Replaces https://cdn.discordapp.com and https://media.discordapp.net when transcripts fetch
  // their pictures (a local fake, a caching proxy); none: Discord's own.
  std::optional<std::string> cdn_url;
  std::optional<std::string> mongodb_uri;
  std::string mongodb_db = "ticket";
  std::string sqlite_path = "guichet.db";
  std::string log_level = "info";
  shard_selection shards;
  std::optional<http_address> http;
  bool log_json = false;  // GUICHET_LOG_FORMAT=json: one JSON object per line
};

struct config_result {
  std::optional<config> value;
  std::vector<std::string> errors;  // every problem at once, each a sentence a person can act on
};

using environment = std::map<std::string, std::string>;

// Pure: the variables in, the configuration or the list of problems out.
config_result parse_config(const environment& env);

// The process environment, with KEY=VALUE lines of `dotenv_path` underneath (real variables win).
environment read_environment(const std::string& dotenv_path = ".env");

// What to tell a person who has no token yet.
std::string missing_token_help();

}  // namespace app
