#pragma once
// GUILD_CREATE read straight from the frame into the model with simdjson's On-Demand API: no DOM,
// one pass, fields Guichet does not read skipped. A login streams one of these per guild (with its
// roles, channels and members): it is most of what the gateway ever sends.
#include <optional>

#include <simdjson.h>

#include "discord/model/guild.hpp"

namespace discord::fast {

// Reads a guild object. Of its members only `keep_member`'s is kept (the bot's own: its roles give
// its permissions); interactions and messages carry the members they are about. Throws
// simdjson::simdjson_error on a value of the wrong type.
guild read_guild(simdjson::ondemand::object object, std::optional<user_id> keep_member);

}  // namespace discord::fast
