#pragma once
// /ticket config: the whole setup inside Discord — modals for free text, role and channel selects
// for ids — validated and saved at once in the user's document shape.
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "responder.hpp"
#include "services.hpp"
#include "tickets/config_edit.hpp"

namespace app {

class config_flows {
 public:
  // `config_changed`: called after every save (the live tickets of that guild are brought to it).
  config_flows(services& s, std::function<void(discord::guild_id)> config_changed)
      : s_(s), config_changed_(std::move(config_changed)) {}
  static bool handles(std::string_view custom_id);
  boost::asio::awaitable<void> on_interaction(discord::interaction i);

 private:
  boost::asio::awaitable<bool> show(const discord::interaction& i, responder& r, const tickets::guild_config& c,
                                    tickets::lang l);
  tickets::config_outcome apply(const discord::interaction& i, tickets::guild_config& c, tickets::lang l) const;
  static std::string control_arg(const discord::interaction& i);
  static std::string first_value(const discord::interaction& i);
  tickets::server_view view(discord::guild_id g) const;
  services& s_;
  std::function<void(discord::guild_id)> config_changed_;
};

}  // namespace app
