#pragma once
// A fake Discord with one guild, and the real bot connected to it.
#include <gtest/gtest.h>

#include <memory>
#include <thread>

#include "bot_process.hpp"
#include "fake_discord.hpp"

namespace e2e {

using fake_discord::id_t;
using fake_discord::json;

// Everything the bot needs in the ticket category and the channels: the invite's permissions.
inline constexpr std::uint64_t bot_permissions =
    (1ULL << 4) | (1ULL << 28) | (1ULL << 10) | (1ULL << 11) | (1ULL << 14) | (1ULL << 15) | (1ULL << 16) |
    (1ULL << 13) | (1ULL << 51);
inline constexpr std::uint64_t manage_guild = 1ULL << 5;

inline std::map<std::string, std::string> bot_env(const fake_discord::server& fake, const std::string& db) {
  return {{"DISCORD_TOKEN", fake.opts().token},
          {"DISCORD_API_URL", fake.api_url()},
          {"DISCORD_CDN_URL", fake.cdn_url()},  // transcripts fetch their pictures from the fake's CDN
          {"GUICHET_DB", db},
          {"GUICHET_LOG_LEVEL", "debug"}};
}

// The bot is up when it has identified and the guilds have reached it.
inline bool wait_ready(const fake_discord::server& fake, const bot_process& bot) {
  return fake.wait_until([&] { return fake.connected_shards() > 0; }, std::chrono::seconds(15)) &&
         bot.wait_output("available", std::chrono::seconds(15));
}

// Gives gateway events (role or member changes) time to reach the bot when nothing it does in
// return can be observed.
inline void settle(std::chrono::milliseconds d) { std::this_thread::sleep_for(d); }

}  // namespace e2e
