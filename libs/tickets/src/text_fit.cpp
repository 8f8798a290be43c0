#include "tickets/text_fit.hpp"

namespace tickets {

std::size_t utf8_sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

std::size_t utf8_chars(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string utf8_prefix(std::string s, std::size_t max_chars) {
  std::size_t chars = 0, i = 0;
  while (i < s.size() && chars < max_chars) {
    i += utf8_sequence_length(static_cast<unsigned char>(s[i]));
    ++chars;
  }
  if (i < s.size()) s.resize(i);
  return s;
}

std::string fit(std::string s, std::size_t max_chars) {
  if (utf8_chars(s) <= max_chars) return s;
  if (max_chars == 0) return {};
  return utf8_prefix(std::move(s), max_chars - 1) + "…";
}

}  // namespace tickets
