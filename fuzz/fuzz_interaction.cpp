// libFuzzer: any INTERACTION_CREATE payload → mapped, then judged by the door every interaction
// passes (check_interaction); a payload it lets through has everything the handlers dereference.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "discord/json.hpp"
#include "discord/model.hpp"
#include "tickets/custom_id.hpp"
#include "tickets/interaction_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto i = discord::from_json_text<discord::interaction>(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!i) return 0;
  auto c = tickets::check_interaction(*i, i->application);
  if (c.verdict == tickets::interaction_verdict::handle) {
    // What the handlers rely on after the door.
    if (!i->actor() || !i->guild || !i->channel || !i->data) std::abort();
    if (i->data->custom_id) (void)tickets::decode(*i->data->custom_id);
  }
  return 0;
}
