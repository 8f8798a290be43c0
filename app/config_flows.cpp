#include "config_flows.hpp"

#include "responder.hpp"

namespace app {

bool config_flows::handles(std::string_view custom_id) { return custom_id.rfind("gt1:cfg", 0) == 0; }

boost::asio::awaitable<void> config_flows::on_interaction(discord::interaction i) {
  responder r(s_.rest, i);
  co_await r.error("/ticket config");
}

}  // namespace app
