#include "transcript/media.hpp"

#include <algorithm>
#include <charconv>
#include <set>

namespace transcript {

bool is_discord_cdn(std::string_view url) {
  for (std::string_view host : {"https://cdn.discordapp.com/", "https://media.discordapp.net/"})
    if (url.substr(0, host.size()) == host) return true;
  return false;
}

std::string avatar_url(const discord::user& u) {
  if (u.avatar && !u.avatar->empty()) {
    const bool animated = u.avatar->rfind("a_", 0) == 0;
    return "https://cdn.discordapp.com/avatars/" + u.id.str() + "/" + *u.avatar + (animated ? ".gif" : ".png") + "?size=64";
  }
  // Default avatars: (id >> 22) % 6 for the new usernames, discriminator % 5 for the old ones.
  unsigned old = 0;
  std::from_chars(u.discriminator.data(), u.discriminator.data() + u.discriminator.size(), old);
  const unsigned index = u.discriminator == "0" || u.discriminator.empty() ? static_cast<unsigned>((u.id.value >> 22) % 6) : old % 5;
  return "https://cdn.discordapp.com/embed/avatars/" + std::to_string(index) + ".png";
}

std::string emoji_url(std::string_view id, bool animated) {
  return "https://cdn.discordapp.com/emojis/" + std::string(id) + (animated ? ".gif" : ".png");
}

std::string sticker_url(const discord::sticker_item& s) {
  // format_type: 1 PNG, 2 APNG, 3 Lottie (JSON, not a picture), 4 GIF (resources/sticker.mdx).
  if (s.format_type == 3) return {};
  return "https://media.discordapp.net/stickers/" + s.id.str() + (s.format_type == 4 ? ".gif" : ".png");
}

namespace {

// Custom emoji in a message's text: <:name:id> and <a:name:id>.
void emoji_in(std::string_view text, std::vector<media_ref>& out, std::set<std::string>& seen) {
  for (std::size_t at = text.find('<'); at != std::string_view::npos; at = text.find('<', at + 1)) {
    std::string_view rest = text.substr(at + 1);
    const bool animated = rest.rfind("a:", 0) == 0;
    if (!animated && rest.rfind(':', 0) != 0) continue;
    rest.remove_prefix(animated ? 2 : 1);
    const auto colon = rest.find(':');
    const auto close = rest.find('>');
    if (colon == std::string_view::npos || close == std::string_view::npos || colon > close) continue;
    const std::string_view id = rest.substr(colon + 1, close - colon - 1);
    if (id.empty() || id.size() > 20 || !std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    std::string url = emoji_url(id, animated);
    if (seen.insert(url).second) out.push_back({std::move(url), media_kind::emoji, 0, {}});
  }
}

bool is_picture(const discord::attachment& a) {
  const std::string type = a.content_type.value_or("");
  for (const char* t : {"image/png", "image/jpeg", "image/gif", "image/webp"})
    if (type.rfind(t, 0) == 0) return true;
  return false;
}

}  // namespace

std::vector<media_ref> media_of(const std::vector<discord::message>& messages) {
  std::vector<media_ref> small, images, files;
  std::set<std::string> seen;
  const auto add = [&](std::vector<media_ref>& into, media_ref r) {
    if (is_discord_cdn(r.url) && seen.insert(r.url).second) into.push_back(std::move(r));
  };
  for (const auto& m : messages) {
    add(small, {avatar_url(m.author), media_kind::avatar, 0, {}});
    std::vector<media_ref> emoji;
    emoji_in(m.content, emoji, seen);
    for (auto& e : emoji) small.push_back(std::move(e));
    for (const auto& s : m.sticker_items)
      if (auto url = sticker_url(s); !url.empty()) add(small, {std::move(url), media_kind::sticker, 0, {}});
    for (const auto& a : m.attachments)
      add(is_picture(a) ? images : files, {a.url, is_picture(a) ? media_kind::image : media_kind::file, a.size, a.filename});
  }
  const auto by_size = [](const media_ref& a, const media_ref& b) { return a.size_hint < b.size_hint; };
  std::stable_sort(images.begin(), images.end(), by_size);
  std::stable_sort(files.begin(), files.end(), by_size);
  for (auto* more : {&images, &files})
    for (auto& r : *more) small.push_back(std::move(r));
  return small;
}

std::optional<std::string> sniff_image(std::string_view b) {
  if (b.size() >= 8 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return "image/png";
  if (b.size() >= 3 && b.substr(0, 3) == std::string_view("\xff\xd8\xff", 3)) return "image/jpeg";
  if (b.size() >= 6 && (b.substr(0, 6) == "GIF87a" || b.substr(0, 6) == "GIF89a")) return "image/gif";
  if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") return "image/webp";
  return std::nullopt;
}

std::string base64(std::string_view in) {
  static constexpr char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) | static_cast<unsigned char>(in[i + 2]);
    out += table[v >> 18];
    out += table[(v >> 12) & 63];
    out += table[(v >> 6) & 63];
    out += table[v & 63];
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += table[v >> 18];
    out += table[(v >> 12) & 63];
    out += i + 1 < in.size() ? table[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string data_uri(std::string_view mime, std::string_view bytes) {
  return "data:" + std::string(mime) + ";base64," + base64(bytes);
}

}  // namespace transcript
