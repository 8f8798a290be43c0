#include "tickets/texts.hpp"

#include "texts_tables.hpp"

namespace tickets {

lang lang_of(std::string_view locale) { return locale.rfind("en", 0) == 0 ? lang::en : lang::fr; }

std::string_view text(lang l, msg m) { return l == lang::en ? detail::english(m) : detail::french(m); }

std::string format_args(lang l, msg m, const std::string_view* args, std::size_t count) {
  std::string_view pattern = text(l, m);
  std::string out;
  out.reserve(pattern.size() + 32);
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' && pattern[i + 1] >= '0' && pattern[i + 1] <= '9') {
      std::size_t index = static_cast<std::size_t>(pattern[i + 1] - '0');
      if (index < count) out += args[index];
      i += 2;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

}  // namespace tickets
