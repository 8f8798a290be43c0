#pragma once
// /ticket config: the whole setup inside Discord — modals for free text, role and channel selects
// for ids — validated and saved at once in the user's document shape.
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "services.hpp"
#include "tickets/config_screen.hpp"

namespace app {

class config_flows {
 public:
  explicit config_flows(services& s) : s_(s) {}
  static bool handles(std::string_view custom_id);
  boost::asio::awaitable<void> on_interaction(discord::interaction i);

 private:
  tickets::server_view view(discord::guild_id g) const;
  tickets::lang guild_lang(discord::guild_id g) const;
  services& s_;
};

}  // namespace app
