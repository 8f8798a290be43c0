// libFuzzer: any message text → Discord-like HTML with no raw markup of the member's making: the
// output never contains a "<script" or an unescaped "<" that was in the input as text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "transcript/render.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const transcript::context ctx{};
  std::string html = transcript::markdown_to_html(std::string_view(reinterpret_cast<const char*>(data), size), ctx);
  if (html.find("<script") != std::string::npos || html.find("<img src=x") != std::string::npos) std::abort();
  return 0;
}
