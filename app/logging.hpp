#pragma once
#include <string>

#include <cstdint>

#include <spdlog/fmt/fmt.h>

#include "discord/log.hpp"
#include "discord/model/snowflake.hpp"

namespace app {

// Sets up spdlog at `level` and remembers the token so that no log line ever carries it. Lines are
// one JSON object each with `json`; under systemd (JOURNAL_STREAM set) they carry journald's
// priority prefix ("<3>") instead of a timestamp; otherwise a timestamp and the level.
void init_logging(const std::string& level, const std::string& token, bool json = false);
// Replaces every occurrence of the token with "[token]".
std::string redact(std::string text);
// The sink handed to libs/discord.
discord::log_sink discord_log_sink();

}  // namespace app

// Ids in log lines as Discord writes them: decimal.
template <class Tag>
struct fmt::formatter<discord::snowflake<Tag>> : fmt::formatter<std::uint64_t> {
  template <class FormatContext>
  auto format(discord::snowflake<Tag> id, FormatContext& ctx) const {
    return fmt::formatter<std::uint64_t>::format(id.value, ctx);
  }
};
