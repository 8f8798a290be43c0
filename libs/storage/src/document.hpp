#pragma once
// The user's guild document shape ↔ guild_config, in one place for both backends.
#include <nlohmann/json.hpp>

#include "tickets/model.hpp"

namespace storage {

using ordered_json = nlohmann::ordered_json;

// Reads a document as an admin (or an earlier bot) may have written it; unknown fields ignored.
tickets::guild_config config_from_document(const ordered_json& doc);
// Writes the user's shape, plus Guichet's own fields ("options", emoji/colour per category).
ordered_json config_to_document(const tickets::guild_config& config);

ordered_json ticket_to_document(const tickets::ticket& t);
tickets::ticket ticket_from_document(const ordered_json& doc);

}  // namespace storage
