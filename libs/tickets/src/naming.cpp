#include "tickets/naming.hpp"

#include "tickets/text_fit.hpp"

#include <cstdio>

#include "discord/limits.hpp"

namespace tickets {

namespace {

// Latin letters with accents → their base letter (the common ones in French and European names).
std::string_view fold(std::string_view utf8_char) {
  static const std::pair<std::string_view, std::string_view> table[] = {
      {"à", "a"}, {"á", "a"}, {"â", "a"}, {"ä", "a"}, {"ã", "a"}, {"å", "a"}, {"À", "a"}, {"Á", "a"}, {"Â", "a"},
      {"Ä", "a"}, {"ç", "c"}, {"Ç", "c"}, {"è", "e"}, {"é", "e"}, {"ê", "e"}, {"ë", "e"}, {"È", "e"}, {"É", "e"},
      {"Ê", "e"}, {"Ë", "e"}, {"ì", "i"}, {"í", "i"}, {"î", "i"}, {"ï", "i"}, {"Î", "i"}, {"Ï", "i"}, {"ñ", "n"},
      {"Ñ", "n"}, {"ò", "o"}, {"ó", "o"}, {"ô", "o"}, {"ö", "o"}, {"õ", "o"}, {"Ô", "o"}, {"Ö", "o"}, {"ù", "u"},
      {"ú", "u"}, {"û", "u"}, {"ü", "u"}, {"Ù", "u"}, {"Û", "u"}, {"Ü", "u"}, {"ÿ", "y"}, {"œ", "oe"}, {"Œ", "oe"},
      {"æ", "ae"}, {"Æ", "ae"}, {"ß", "ss"},
  };
  for (const auto& [from, to] : table)
    if (from == utf8_char) return to;
  return {};
}

// A channel name part, cut at a character boundary, without a trailing dash.
std::string cut(std::string s, std::size_t max_chars) {
  s = utf8_prefix(std::move(s), max_chars);
  while (!s.empty() && s.back() == '-') s.pop_back();
  return s;
}

}  // namespace

std::string normalise_for_channel(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    std::size_t len = std::min(utf8_sequence_length(c), text.size() - i);
    std::string_view ch = text.substr(i, len);
    i += len;
    char mapped = 0;
    if (len == 1) {
      if (c >= 'A' && c <= 'Z') mapped = static_cast<char>(c - 'A' + 'a');
      else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') mapped = static_cast<char>(c);
      else mapped = '-';
      if (mapped == '-' && (out.empty() || out.back() == '-')) continue;
      out += mapped;
    } else if (auto folded = fold(ch); !folded.empty()) {
      out += folded;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string channel_name(const naming_input& in, status state, lang guild_lang) {
  std::string owner = normalise_for_channel(in.owner_name);
  if (owner.empty()) owner = guild_lang == lang::fr ? "membre" : "member";
  std::string number = std::to_string(in.number);
  if (in.custom_name) {
    std::string named = normalise_for_channel(*in.custom_name);
    if (!named.empty()) {
      if (state == status::closed) named = std::string(text(guild_lang, msg::channel_closed_prefix)) + named;
      return cut(named, discord::limits::channel_name_max);
    }
  }
  std::string base;
  if (in.scheme == naming_scheme::emoji_category_number) {
    char padded[32];
    std::snprintf(padded, sizeof padded, "%04lld", static_cast<long long>(in.number));
    std::string cat = normalise_for_channel(in.category);
    if (state == status::closed) return cut(std::string(text(guild_lang, msg::channel_closed_prefix)) + cat + "-" + padded, discord::limits::channel_name_max);
    base = (in.emoji ? *in.emoji + "-" : std::string{}) + cat + "-" + padded;
  } else {
    if (state == status::closed) return cut(std::string(text(guild_lang, msg::channel_closed_prefix)) + owner, discord::limits::channel_name_max);
    base = number + "-" + owner;
  }
  if (state == status::claimed && in.claimer_name) {
    std::string staff = normalise_for_channel(*in.claimer_name);
    if (!staff.empty()) base += "-" + staff;
  }
  return cut(base, discord::limits::channel_name_max);
}

}  // namespace tickets
