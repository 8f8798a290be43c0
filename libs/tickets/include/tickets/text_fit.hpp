#pragma once
// Lengths as Discord counts them (characters, not bytes), and cuts that keep UTF-8 valid: a byte
// cut in the middle of "é" makes a body Discord refuses.
#include <cstddef>
#include <string>
#include <string_view>

namespace tickets {

// Bytes of the UTF-8 sequence that starts with `lead` (1 for a stray continuation byte).
std::size_t utf8_sequence_length(unsigned char lead);
std::size_t utf8_chars(std::string_view s);
// The first `max_chars` characters.
std::string utf8_prefix(std::string s, std::size_t max_chars);
// Within a Discord limit (in characters): whole if it fits, else cut with "…" as its last
// character, so that a cut text is seen as cut. Inputs are validated at configuration time; this
// is for what members and Discord supply.
std::string fit(std::string s, std::size_t max_chars);

}  // namespace tickets
