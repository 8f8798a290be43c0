#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "transcript/render.hpp"

namespace transcript {

void append_escaped(std::string& out, std::string_view s);
void append_markdown(std::string& out, std::string_view text, const context& ctx);
// A reply's preview: mentions as names, markdown removed, one line, cut at a word boundary within
// `max` code points (with "…" when cut). Plain text: the caller escapes it.
std::string plain_preview(std::string_view text, const context& ctx, std::size_t max);
bool safe_url(std::string_view url);
// The src of a picture: its data: URI when the page keeps its pictures (none if it was not
// fetched), else the URL itself if it is a safe one.
std::optional<std::string> picture(const context& ctx, const std::string& url);
// For pictures that repeat, in a page that keeps its pictures: the CSS class that shows it ("p3")
// and, at its first use only, its data: URI (that use is an <img>, the later ones the class); none
// when it was not kept.
struct repeated_picture {
  std::string css_class;
  const std::string* first_use = nullptr;
};
std::optional<repeated_picture> picture_class(const context& ctx, const std::string& url);

std::string user_name(const context& ctx, std::string_view id);
std::string role_name(const context& ctx, std::string_view id);
std::string channel_name(const context& ctx, std::string_view id);

std::int64_t parse_iso_ms(std::string_view iso);
std::string iso_from_ms(std::int64_t ms);
std::string readable_time(std::int64_t ms, std::string_view locale);
// "2 h 05 min", "3 j 4 h" ("3 d 4 h"), "45 s".
std::string readable_duration(std::int64_t ms, std::string_view locale);

}  // namespace transcript
