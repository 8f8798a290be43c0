#pragma once
// The user's guild document shape ↔ guild_config, in one place for both backends.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "tickets/model.hpp"

namespace storage {

using ordered_json = nlohmann::ordered_json;

// Typed ids ↔ the documents' decimal strings. An id that does not read as one is absent.
template <class Tag>
std::optional<discord::snowflake<Tag>> id_from(const std::optional<std::string>& text) {
  return text ? discord::snowflake<Tag>::parse(*text) : std::nullopt;
}
template <class Tag>
std::optional<std::string> text_of(const std::optional<discord::snowflake<Tag>>& id) {
  return id ? std::optional(id->str()) : std::nullopt;
}

// Reads a document as an admin (or an earlier bot) may have written it; unknown fields ignored.
tickets::guild_config config_from_document(const ordered_json& doc);
// Writes the user's shape, plus Guichet's own fields ("options", emoji/colour per category).
ordered_json config_to_document(const tickets::guild_config& config);

ordered_json ticket_to_document(const tickets::ticket& t);
tickets::ticket ticket_from_document(const ordered_json& doc);

}  // namespace storage
