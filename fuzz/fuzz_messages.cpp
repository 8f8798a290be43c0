// libFuzzer: the transcript command's input (a JSON array of messages) → mapped and rendered.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "discord/json.hpp"
#include "discord/model.hpp"
#include "transcript/render.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto messages = discord::from_json_text<std::vector<discord::message>>(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!messages) return 0;
  static const transcript::context ctx{};
  (void)transcript::render_html(std::move(*messages), ctx);
  return 0;
}
