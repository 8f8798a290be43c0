// libFuzzer: any custom_id → decoded or refused; what decodes encodes back within Discord's limit.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "discord/limits.hpp"
#include "tickets/custom_id.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto id = tickets::decode(std::string_view(reinterpret_cast<const char*>(data), size));
  if (id && size <= discord::limits::custom_id_max && tickets::encode(id->what, id->arg).size() > discord::limits::custom_id_max) std::abort();
  return 0;
}
