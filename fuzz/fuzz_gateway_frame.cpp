// libFuzzer: any gateway text frame → parsed and typed, or an error; never a crash or a hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "discord/gateway/frames.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto f = discord::gateway::parse_frame(std::string_view(reinterpret_cast<const char*>(data), size));
  (void)f;
  return 0;
}
