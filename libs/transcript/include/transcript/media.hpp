#pragma once
// The pictures and files of a transcript kept inside it: which ones to fetch (Discord's own CDN
// only, never an address a member chose), in which order within a size budget, how their bytes are
// checked (magic numbers, never the URL), and the data: URIs the page then uses. Pure: the
// fetching is the caller's.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "discord/model/message.hpp"

namespace transcript {

enum class media_kind { avatar, emoji, sticker, image, file };

struct media_ref {
  std::string url;            // as the page names it (https://cdn.discordapp.com/…)
  media_kind kind = media_kind::image;
  std::uint64_t size_hint = 0;  // the attachment's size; 0 when unknown (avatars, emoji, stickers)
  std::string filename;       // files: the name the download keeps
};

// https://cdn.discordapp.com/… or https://media.discordapp.net/…
bool is_discord_cdn(std::string_view url);

// Avatars (one per user, small), custom emoji, stickers, attachment images, then other attachments,
// each once, in the order to fetch them: the small pictures first, then images smallest first.
// Embeds are not included: their pictures are addresses the sender chose.
std::vector<media_ref> media_of(const std::vector<discord::message>& messages);

// The avatar URL the page shows for a user (custom, or Discord's default one).
std::string avatar_url(const discord::user& u);
std::string emoji_url(std::string_view id, bool animated);
std::string sticker_url(const discord::sticker_item& s);  // empty for Lottie stickers (not a picture)

// The picture type the bytes are (PNG, JPEG, GIF, WebP), from their first bytes; none otherwise.
std::optional<std::string> sniff_image(std::string_view bytes);
std::string base64(std::string_view bytes);
std::string data_uri(std::string_view mime, std::string_view bytes);

// What was fetched: URL → data: URI; and what was not (too large for the budget, or failed).
struct inlined_media {
  std::unordered_map<std::string, std::string> data;
  std::size_t not_archived = 0;
  // Filled while a page renders: pictures that repeat (avatars, emoji) are written once, as CSS
  // classes of the page's style sheet, not once per use.
  mutable std::unordered_map<std::string, std::size_t> classes;
  mutable std::vector<const std::string*> class_data;
};

}  // namespace transcript
