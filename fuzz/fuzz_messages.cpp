// libFuzzer: the transcript command's input (a JSON array of messages) → mapped and rendered; and
// the same bytes cut into elements a piece at a time, as `guichet transcript` reads its file: cut
// in one piece or in many, the elements and the verdict are the same, and an array the whole-text
// reader maps has as many elements as it has messages.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "array_splitter.hpp"
#include "discord/json.hpp"
#include "discord/model.hpp"
#include "transcript/render.hpp"

namespace {

struct split {
  bool ok = false, finished = false;
  std::vector<std::string> elements;
  bool operator==(const split&) const = default;
};

split cut(std::string_view text, std::size_t piece) {
  discord::fast::array_splitter splitter;
  split out;
  out.ok = true;
  for (std::size_t at = 0; at < text.size() && out.ok; at += piece)
    out.ok = splitter.feed(text.substr(at, piece), [&](std::string_view e) { out.elements.emplace_back(e); });
  out.finished = out.ok && splitter.finished();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const split whole = cut(text, text.size() + 1);
  const std::size_t piece = size == 0 ? 1 : 1 + data[0] % 17;
  if (!(cut(text, piece) == whole)) __builtin_trap();

  auto messages = discord::from_json_text<std::vector<discord::message>>(text);
  if (!messages) return 0;
  if (whole.finished && whole.elements.size() != messages->size()) __builtin_trap();
  static const transcript::context ctx{};
  (void)transcript::render_html(*messages, ctx);
  return 0;
}
