#pragma once
#include <string>

#include "discord/log.hpp"

namespace app {

// Sets up spdlog at `level` and remembers the token so that no log line ever carries it.
void init_logging(const std::string& level, const std::string& token);
// Replaces every occurrence of the token with "[token]".
std::string redact(std::string text);
// The sink handed to libs/discord.
discord::log_sink discord_log_sink();

}  // namespace app
