// Discord's markdown, rendered safely: text is escaped as it is copied, markup is only ever
// produced by this code, links only for http(s).
#include <charconv>
#include <ctime>

#include "transcript/render.hpp"
#include "transcript_internal.hpp"

namespace transcript {

void append_escaped(std::string& out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  append_escaped(out, text);
  return out;
}

bool safe_url(std::string_view url) {
  if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) return false;
  for (char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`') return false;
  return true;
}

namespace {

struct inline_renderer {
  const context& ctx;
  std::string& out;

  static bool digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
      if (c < '0' || c > '9') return false;
    return true;
  }

  // <…> forms: mentions, emoji, timestamps, suppressed links. Returns the length consumed, 0 if none.
  std::size_t angle(std::string_view s) {
    auto close = s.find('>');
    if (close == std::string_view::npos || close > 200) return 0;
    std::string_view body = s.substr(1, close - 1);
    if (body.size() > 1 && body[0] == '@') {
      std::string_view id = body.substr(1);
      bool role = false;
      if (!id.empty() && (id[0] == '!' || id[0] == '&')) {
        role = id[0] == '&';
        id.remove_prefix(1);
      }
      if (!digits(id)) return 0;
      out += role ? "<span class=\"mention role\">@" : "<span class=\"mention\">@";
      append_escaped(out, role ? role_name(ctx, id) : user_name(ctx, id));
      out += "</span>";
      return close + 1;
    }
    if (body.size() > 1 && body[0] == '#' && digits(body.substr(1))) {
      out += "<span class=\"mention\">#";
      append_escaped(out, channel_name(ctx, body.substr(1)));
      out += "</span>";
      return close + 1;
    }
    if ((body.rfind(":", 0) == 0 || body.rfind("a:", 0) == 0)) {
      bool animated = body[0] == 'a';
      std::string_view rest = body.substr(animated ? 2 : 1);
      auto colon = rest.find(':');
      if (colon == std::string_view::npos) return 0;
      std::string_view name = rest.substr(0, colon), id = rest.substr(colon + 1);
      if (!digits(id)) return 0;
      if (ctx.media) {  // a page that keeps its pictures: the emoji's class, written once
        if (auto pic = picture_class(ctx, emoji_url(id, animated))) {
          out += pic->first_use ? "<img class=\"emoji\" alt=\":" : "<span class=\"emoji " + pic->css_class + "\" role=\"img\" aria-label=\":";
          append_escaped(out, name);
          out += ":\" title=\":";
          append_escaped(out, name);
          if (pic->first_use) {
            out += ":\" src=\"";
            append_escaped(out, *pic->first_use);
            out += "\">";
          } else {
            out += ":\"></span>";
          }
          return close + 1;
        }
      }
      const auto src = picture(ctx, emoji_url(id, animated));
      if (!src) {  // not kept: its name, as Discord shows an emoji it cannot load
        out += ":";
        append_escaped(out, name);
        out += ":";
        return close + 1;
      }
      out += "<img class=\"emoji\" alt=\":";
      append_escaped(out, name);
      out += ":\" title=\":";
      append_escaped(out, name);
      out += ":\" src=\"";
      append_escaped(out, *src);
      out += "\">";
      return close + 1;
    }
    if (body.rfind("t:", 0) == 0) {
      std::string_view rest = body.substr(2);
      auto colon = rest.find(':');
      std::string_view secs = rest.substr(0, colon);
      long long v = 0;
      auto [p, ec] = std::from_chars(secs.data(), secs.data() + secs.size(), v);
      if (ec != std::errc{} || p != secs.data() + secs.size()) return 0;
      // What a JavaScript Date (Discord's client) can show: ±8.64e12 s. Beyond, it is plain text.
      constexpr long long seconds_max = 8'640'000'000'000LL;
      if (v < -seconds_max || v > seconds_max) return 0;
      std::string iso = iso_from_ms(v * 1000);
      out += "<time class=\"ts\" datetime=\"" + iso + "\" title=\"" + iso + "\">" + readable_time(v * 1000, ctx.locale) + "</time>";
      return close + 1;
    }
    if (safe_url(body)) {
      link(body, body);
      return close + 1;
    }
    return 0;
  }

  void link(std::string_view url, std::string_view label, bool markdown_label = false) {
    out += "<a href=\"";
    append_escaped(out, url);
    out += "\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">";
    if (markdown_label) render(label);
    else append_escaped(out, label);
    out += "</a>";
  }

  // A delimited span "**…**" etc.; returns consumed length or 0.
  std::size_t span(std::string_view s, std::string_view mark, const char* open, const char* close_tag) {
    if (s.substr(0, mark.size()) != mark) return 0;
    auto end = s.find(mark, mark.size());
    if (end == std::string_view::npos || end == mark.size()) return 0;
    out += open;
    render(s.substr(mark.size(), end - mark.size()));
    out += close_tag;
    return end + mark.size();
  }

  void render(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
      std::string_view rest = s.substr(i);
      char c = s[i];
      std::size_t used = 0;
      if (c == '\\' && i + 1 < s.size() && std::string_view("*_~`|<>[]()#-\\").find(s[i + 1]) != std::string_view::npos) {
        append_escaped(out, s.substr(i + 1, 1));
        i += 2;
        continue;
      }
      if (c == '`') {
        std::size_t ticks = rest.rfind("``", 0) == 0 ? 2 : 1;
        auto end = rest.find(ticks == 2 ? "``" : "`", ticks);
        if (end != std::string_view::npos) {
          out += "<code>";
          append_escaped(out, rest.substr(ticks, end - ticks));
          out += "</code>";
          i += end + ticks;
          continue;
        }
      }
      if (c == '*') used = span(rest, "***", "<strong><em>", "</em></strong>");
      if (!used && c == '*') used = span(rest, "**", "<strong>", "</strong>");
      if (!used && c == '_') used = span(rest, "__", "<u>", "</u>");
      if (!used && c == '~') used = span(rest, "~~", "<s>", "</s>");
      if (!used && c == '|') used = span(rest, "||", "<span class=\"spoiler\">", "</span>");
      if (!used && (c == '*' || c == '_') && rest.size() > 2 && rest[1] != ' ') {
        auto end = rest.find(c, 1);
        if (end != std::string_view::npos && rest[end - 1] != ' ') {
          out += "<em>";
          render(rest.substr(1, end - 1));
          out += "</em>";
          used = end + 1;
        }
      }
      if (!used && c == '[') {
        auto close = rest.find("](");
        auto end = close == std::string_view::npos ? close : rest.find(')', close + 2);
        if (end != std::string_view::npos && close < 256) {
          std::string_view label = rest.substr(1, close - 1), url = rest.substr(close + 2, end - close - 2);
          if (safe_url(url)) {
            link(url, label, true);
            used = end + 1;
          }
        }
      }
      if (!used && c == '<') used = angle(rest);
      if (!used && c == 'h' && (rest.rfind("https://", 0) == 0 || rest.rfind("http://", 0) == 0)) {
        std::size_t end = 0;
        while (end < rest.size() && !std::isspace(static_cast<unsigned char>(rest[end])) && rest[end] != '<' &&
               rest[end] != '"' && rest[end] != '\'')
          ++end;
        while (end > 0 && std::string_view(".,;:!?)").find(rest[end - 1]) != std::string_view::npos) --end;
        if (safe_url(rest.substr(0, end))) {
          link(rest.substr(0, end), rest.substr(0, end));
          used = end;
        }
      }
      if (used) {
        i += used;
        continue;
      }
      append_escaped(out, s.substr(i, 1));
      ++i;
    }
  }
};

std::string_view trim_start(std::string_view s, std::string_view prefix) { return s.substr(prefix.size()); }

}  // namespace

void append_markdown(std::string& out, std::string_view text, const context& ctx) {
  inline_renderer inl{ctx, out};
  std::size_t pos = 0;
  bool in_list = false, in_quote = false;
  auto close_blocks = [&] {
    if (in_list) out += "</ul>";
    if (in_quote) out += "</blockquote>";
    in_list = in_quote = false;
  };
  bool first_line = true;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (line.rfind("```", 0) == 0) {
      // A fenced code block, with its language.
      auto end = text.find("```", pos + 3);
      if (end != std::string_view::npos) {
        close_blocks();
        std::string_view inner = text.substr(pos + 3, end - pos - 3);
        std::string_view lang;
        auto first_nl = inner.find('\n');
        if (first_nl != std::string_view::npos && inner.substr(0, first_nl).find(' ') == std::string_view::npos) {
          lang = inner.substr(0, first_nl);
          inner.remove_prefix(first_nl + 1);
        }
        out += "<pre class=\"code\"";
        if (!lang.empty()) {
          out += " data-lang=\"";
          append_escaped(out, lang);
          out += "\"";
        }
        out += "><code>";
        append_escaped(out, inner);
        out += "</code></pre>";
        pos = end + 3;
        if (pos < text.size() && text[pos] == '\n') ++pos;
        first_line = true;
        if (pos >= text.size()) break;
        continue;
      }
    }
    if (line.rfind(">>> ", 0) == 0) {
      close_blocks();
      out += "<blockquote>";
      append_markdown(out, text.substr(pos + 4), ctx);
      out += "</blockquote>";
      return;
    }
    bool quote = line.rfind("> ", 0) == 0;
    bool item = line.rfind("- ", 0) == 0 || line.rfind("* ", 0) == 0;
    if (!quote && in_quote) {
      out += "</blockquote>";
      in_quote = false;
      first_line = true;
    }
    if (!item && in_list) {
      out += "</ul>";
      in_list = false;
      first_line = true;
    }
    if (quote) {
      if (!in_quote) out += "<blockquote>";
      else out += "<br>";
      in_quote = true;
      inl.render(trim_start(line, "> "));
    } else if (item) {
      if (!in_list) out += "<ul>";
      in_list = true;
      out += "<li>";
      inl.render(trim_start(line, "- "));
      out += "</li>";
    } else if (line.rfind("### ", 0) == 0 || line.rfind("## ", 0) == 0 || line.rfind("# ", 0) == 0) {
      std::size_t level = line.find(' ');
      out += "<h" + std::to_string(level) + ">";
      inl.render(line.substr(level + 1));
      out += "</h" + std::to_string(level) + ">";
      first_line = true;
    } else if (line.rfind("-# ", 0) == 0) {
      out += "<small>";
      inl.render(line.substr(3));
      out += "</small>";
      first_line = true;
    } else {
      if (!first_line) out += "<br>";
      inl.render(line);
      first_line = false;
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  close_blocks();
}

std::string markdown_to_html(std::string_view text, const context& ctx) {
  std::string out;
  out.reserve(text.size() * 2);
  append_markdown(out, text, ctx);
  return out;
}

std::string plain_preview(std::string_view text, const context& ctx, std::size_t max) {
  std::string flat;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '<') {  // <@id>, <@!id>, <@&id>, <#id>, <:name:id>, <a:name:id>, <t:…>
      const auto close = text.find('>', i);
      if (close != std::string_view::npos) {
        std::string_view inner = text.substr(i + 1, close - i - 1);
        std::string said;
        if (inner.rfind("@&", 0) == 0) said = "@" + role_name(ctx, inner.substr(2));
        else if (inner.rfind("@!", 0) == 0) said = "@" + user_name(ctx, inner.substr(2));
        else if (inner.rfind('@', 0) == 0) said = "@" + user_name(ctx, inner.substr(1));
        else if (inner.rfind('#', 0) == 0) said = "#" + channel_name(ctx, inner.substr(1));
        else if (inner.rfind(':', 0) == 0 || inner.rfind("a:", 0) == 0) {
          auto name = inner.substr(inner[0] == 'a' ? 2 : 1);
          said = ":" + std::string(name.substr(0, name.find(':'))) + ":";
        }
        if (!said.empty()) {
          flat += said;
          i = close + 1;
          continue;
        }
      }
    }
    if (c == '[') {  // [text](url) → text
      const auto mid = text.find("](", i);
      const auto end = mid == std::string_view::npos ? mid : text.find(')', mid);
      if (mid != std::string_view::npos && end != std::string_view::npos && text.substr(i, mid - i).find('\n') == std::string_view::npos) {
        flat += text.substr(i + 1, mid - i - 1);
        i = end + 1;
        continue;
      }
    }
    if (c == '*' || c == '_' || c == '~' || c == '|' || c == '`') {
      ++i;
      continue;
    }
    // Line starts: quotes, headings, small text, list bullets.
    if (i == 0 || text[i - 1] == '\n') {
      std::size_t skip = 0;
      for (std::string_view lead : {"-# ", "### ", "## ", "# ", ">>> ", "> ", "- "})
        if (text.substr(i, lead.size()) == lead) {
          skip = lead.size();
          break;
        }
      if (skip) {
        i += skip;
        continue;
      }
    }
    flat += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    ++i;
  }
  // One line, spaces collapsed.
  std::string line;
  for (char c : flat)
    if (c != ' ' || (!line.empty() && line.back() != ' ')) line += c;
  while (!line.empty() && line.back() == ' ') line.pop_back();
  // Cut within `max` code points, at the last space if there is one.
  std::size_t points = 0, cut = std::string::npos;
  for (std::size_t b = 0; b < line.size(); ++b) {
    if ((static_cast<unsigned char>(line[b]) & 0xC0) == 0x80) continue;
    if (points == max) {
      cut = b;
      break;
    }
    ++points;
  }
  if (cut == std::string::npos) return line;
  const auto space = line.rfind(' ', cut);
  line.resize(space != std::string::npos && space > 0 ? space : cut);
  return line + "…";
}

}  // namespace transcript
