#pragma once
// Messages read straight into the model with simdjson's On-Demand API: a
// channel's history (every transcript reads up to thousands of them),
// MESSAGE_CREATE, and the transcript command's input. Everything the transcript
// renders is read (content, author and member, embeds, attachments, stickers,
// components, the reply's target one level deep); unknown fields are skipped.
#include <string_view>
#include <vector>

#include <boost/system/result.hpp>
#include <simdjson.h>

#include "discord/json.hpp"
#include "discord/model/message.hpp"

namespace discord::fast {

// Throws simdjson::simdjson_error on a value of the wrong type.
message read_message(simdjson::ondemand::object o, bool with_reply = true);

// A JSON array of messages (GET /channels/{id}/messages, an exported history).
// Deeper than json_depth_max is refused.
boost::system::result<std::vector<message>, json_error>
read_messages(std::string_view text);
boost::system::result<message, json_error>
read_one_message(std::string_view text);

} // namespace discord::fast
