#pragma once
// INTERACTION_CREATE read straight from the frame into the model with simdjson's On-Demand API:
// every click and command arrives this way. The message a component belongs to is read shallow (its
// id, channel, author and flags: what Guichet uses of it), not its embeds and components.
#include <simdjson.h>

#include "discord/model/interaction.hpp"

namespace discord::fast {

// Throws simdjson::simdjson_error on a value of the wrong type.
interaction read_interaction(simdjson::ondemand::object object);

}  // namespace discord::fast
