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

// Guichet's bookkeeping lives in one object of the user's document, beside the user's fields:
//   "guichet": { "schema": 2,
//                "category_ids": { "Support": "1300000000000000000-a" },  // tickets follow a category by it
//                "overflow_categories": ["…"],  // « Tickets 2 » … made when the ticket category was full
//                "revision": 7,                 // MongoDB: compare-and-set of configuration saves
//                "open_slots": { "<member>": 12 } }  // MongoDB: one active ticket per member
// (SQLite keeps the revision and the slots in its own columns and indexes.)
inline constexpr int document_schema = 2;

// Schema 1 kept that bookkeeping at the top level (`overflow_categories`, `config_revision`,
// `open_slots`) and inside each category (`id`): moves it into "guichet". Every other field, the
// user's or a foreign tool's, stays as it is. True when the document changed.
bool migrate_document(ordered_json& doc);

// Reads a document as an admin (or an earlier bot) may have written it; unknown fields ignored.
tickets::guild_config config_from_document(const ordered_json& doc);
// Writes the user's shape, plus "options", emoji/colour of the categories that have one, and
// "guichet" (schema and category ids; the stores add the rest).
ordered_json config_to_document(const tickets::guild_config& config);

// The guild document's fields config_to_document writes only when set: a save removes them from the
// stored document when the configuration no longer has them.
inline constexpr const char* optional_document_keys[] = {"panel_embed", "log_channel", "transcript_channel", "ticket_category",
                                                         "blacklist"};

ordered_json ticket_to_document(const tickets::ticket& t);
tickets::ticket ticket_from_document(const ordered_json& doc);

}  // namespace storage
