#pragma once
// A ticket's archive: messages + context → one self-contained HTML page that looks like Discord's
// dark theme, and a plain-text version (one line per message). Pure functions: no I/O.
// Everything that comes from users is escaped; only http(s) URLs are ever linked or loaded.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "discord/model/guild.hpp"
#include "discord/model/message.hpp"
#include "transcript/media.hpp"

namespace transcript {

struct ticket_facts {
  std::int64_t number = 0;
  std::string category;
  std::string owner_id;
  std::string owner_name;
  std::optional<std::string> claimer_id;
  std::optional<std::int64_t> created_at_ms, claimed_at_ms, closed_at_ms;
  std::optional<std::string> closed_by_id;
  std::optional<std::string> close_reason;
  std::vector<std::string> added_member_ids;  // members staff added to the ticket
  std::optional<std::int64_t> first_staff_reply_at_ms;
  std::optional<int> rating;  // the owner's, 1 … 5
  std::optional<std::string> rating_comment;
  std::int64_t reopened = 0;
  std::optional<std::string> deleted_by_id;  // the transcript made for a deletion: who deletes it
};

struct context {
  discord::guild guild;       // name, roles (colours), members (nicknames, roles)
  discord::channel channel;
  std::optional<ticket_facts> ticket;
  std::string locale = "fr";  // "fr" or "en…": the page's own words
  // Set: the pictures kept inside the page (every <img> is a data: URI; what was not fetched is a
  // link or a placeholder). None: pictures point at Discord's CDN.
  const inlined_media* media = nullptr;
};

struct summary {
  std::size_t messages = 0;
  std::vector<std::string> participants;  // display names, in order of first message
  bool content_missing = false;           // Discord sent empty contents (no Message Content intent)
};

// Messages in any order; they are sorted oldest first.
std::string render_html(const std::vector<discord::message>& messages, const context& ctx, summary* out = nullptr);
std::string render_text(const std::vector<discord::message>& messages, const context& ctx);

// Discord markdown to HTML (exposed for tests). Mentions are resolved through ctx.
std::string markdown_to_html(std::string_view text, const context& ctx);
std::string escape_html(std::string_view text);

}  // namespace transcript
