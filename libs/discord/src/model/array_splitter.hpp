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
  bool between(char c, std::size_t& start, std::size_t i);
  std::size_t through_string(std::string_view bytes, std::size_t i);

  state state_ = state::before_array;
  int depth_ = 0;
  bool in_string_ = false, escaped_ = false;
  std::size_t elements_ = 0;
  std::string partial_;  // an element cut by the end of a piece
  std::string error_;
};

// Outside an element: the brackets, commas and blanks around the elements. False on a byte that
// has no place there.
inline bool array_splitter::between(char c, std::size_t& start, std::size_t i) {
  switch (state_) {
    case state::before_array:
      if (blank(c)) return true;
      if (c != '[') return fail("not a JSON array");
      state_ = state::before_element;
      return true;
    case state::before_element:
      if (blank(c)) return true;
      if (c == ']' && elements_ == 0) {
        state_ = state::done;
        return true;
      }
      if (c != '{') return fail("element " + std::to_string(elements_ + 1) + " is not an object");
      state_ = state::in_element;
      depth_ = 1;
      start = i;
      return true;
    case state::after_element:
      if (blank(c)) return true;
      if (c == ',') state_ = state::before_element;
      else if (c == ']') state_ = state::done;
      else return fail("expected , or ] after element " + std::to_string(elements_));
      return true;
    case state::done:
      return blank(c) || fail("text after the array");
    case state::in_element:
    case state::failed:
      break;
  }
  return false;
}

// Inside a string at bytes[i]: the index of the last byte the string takes in this piece (most of
// the bytes are inside strings: memchr jumps to the next quote or backslash).
inline std::size_t array_splitter::through_string(std::string_view bytes, std::size_t i) {
  if (escaped_) {
    escaped_ = false;
    return i;
  }
  const char* at = bytes.data() + i;
  const char* end = bytes.data() + bytes.size();
  const char* quote = static_cast<const char*>(std::memchr(at, '"', static_cast<std::size_t>(end - at)));
  const char* stop = quote ? quote : end;
  if (const char* slash = static_cast<const char*>(std::memchr(at, '\\', static_cast<std::size_t>(stop - at)))) {
    escaped_ = true;
    return static_cast<std::size_t>(slash - bytes.data());
  }
  if (quote) {
    in_string_ = false;
    return static_cast<std::size_t>(quote - bytes.data());
  }
  return bytes.size() - 1;
}

template <class OnElement>
bool array_splitter::feed(std::string_view bytes, OnElement&& on_element) {
  std::size_t start = 0;  // of the element under way within `bytes`
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (state_ != state::in_element) {
      if (!between(bytes[i], start, i)) return false;
      continue;
    }
    if (in_string_) {
      i = through_string(bytes, i);
      continue;
    }
    const char c = bytes[i];
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
  }
  if (state_ == state::in_element) partial_.append(bytes.substr(partial_.empty() ? start : 0));
  return state_ != state::failed;
}

}  // namespace discord::fast
