#pragma once
// Cuts a JSON array of objects, read piece by piece, into the text of each element, without parsing
// them: a file of 10,000 messages is then parsed one message at a time, so neither the whole file
// nor a parser's index of the whole file is ever in memory. Strings (and their escapes) are
// skipped, braces counted; the elements themselves are checked by the parser that reads them.
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace discord::fast {

class array_splitter {
 public:
  // Feeds the next bytes; calls on_element(std::string_view) for each complete element. False (and
  // error()) when the text is not an array of objects.
  template <class OnElement>
  bool feed(std::string_view bytes, OnElement&& on_element);

  bool finished() const { return state_ == state::done; }
  const std::string& error() const { return error_; }

 private:
  enum class state { before_array, before_element, in_element, after_element, done, failed };
  bool fail(std::string why) {
    state_ = state::failed;
    error_ = std::move(why);
    return false;
  }
  static bool blank(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

  state state_ = state::before_array;
  int depth_ = 0;
  bool in_string_ = false, escaped_ = false;
  std::size_t elements_ = 0;
  std::string partial_;  // an element cut by the end of a piece
  std::string error_;
};

template <class OnElement>
bool array_splitter::feed(std::string_view bytes, OnElement&& on_element) {
  std::size_t start = 0;  // of the element under way within `bytes`
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    switch (state_) {
      case state::before_array:
        if (blank(c)) continue;
        if (c != '[') return fail("not a JSON array");
        state_ = state::before_element;
        continue;
      case state::before_element:
        if (blank(c)) continue;
        if (c == ']' && elements_ == 0) {
          state_ = state::done;
          continue;
        }
        if (c != '{') return fail("element " + std::to_string(elements_ + 1) + " is not an object");
        state_ = state::in_element;
        depth_ = 1;
        start = i;
        continue;
      case state::in_element:
        if (in_string_) {
          if (escaped_) {
            escaped_ = false;
            continue;
          }
          // Most of the bytes are inside strings: jump to the next quote or backslash.
          const char* at = bytes.data() + i;
          const char* end = bytes.data() + bytes.size();
          const char* quote = static_cast<const char*>(std::memchr(at, '"', static_cast<std::size_t>(end - at)));
          const char* stop = quote ? quote : end;
          const char* slash = static_cast<const char*>(std::memchr(at, '\\', static_cast<std::size_t>(stop - at)));
          if (slash) {
            i = static_cast<std::size_t>(slash - bytes.data());
            escaped_ = true;
          } else if (quote) {
            i = static_cast<std::size_t>(quote - bytes.data());
            in_string_ = false;
          } else {
            i = bytes.size() - 1;
          }
          continue;
        }
        if (c == '"') in_string_ = true;
        else if (c == '{' || c == '[') ++depth_;
        else if ((c == '}' || c == ']') && --depth_ == 0) {
          ++elements_;
          state_ = state::after_element;
          if (partial_.empty()) {
            on_element(bytes.substr(start, i + 1 - start));
          } else {
            partial_.append(bytes.substr(0, i + 1));
            on_element(std::string_view(partial_));
            partial_.clear();
          }
        }
        continue;
      case state::after_element:
        if (blank(c)) continue;
        if (c == ',') state_ = state::before_element;
        else if (c == ']') state_ = state::done;
        else return fail("expected , or ] after element " + std::to_string(elements_));
        continue;
      case state::done:
        if (!blank(c)) return fail("text after the array");
        continue;
      case state::failed:
        return false;
    }
  }
  if (state_ == state::in_element) partial_.append(bytes.substr(partial_.empty() ? start : 0));
  return state_ != state::failed;
}

}  // namespace discord::fast
