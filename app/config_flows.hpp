#pragma once
// /ticket config: the whole setup inside Discord — modals for free text, role and channel selects
// for ids. Every change goes into the guild's draft (stored, shared by its admins); ✅ Valider checks
// the whole draft against the server and only then writes the user's document.
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
  // `config_changed`: called after every validation (the live tickets of that guild follow it).
  config_flows(services& s, std::function<void(discord::guild_id)> config_changed)
      : s_(s), config_changed_(std::move(config_changed)) {}
  static bool handles(std::string_view custom_id);
  boost::asio::awaitable<void> on_interaction(discord::interaction i);

 private:
  // What the store holds for the guild: the saved configuration, and what the screens show (the
  // draft, or the saved configuration when there is none or it is stale).
  struct loaded {
    tickets::guild_config saved;
    tickets::config_draft shown;
    std::optional<std::string> stored_stamp;  // the stored draft's, stale or not: the next save's expectation
  };
  boost::asio::awaitable<std::optional<loaded>> load(discord::guild_id g);
  boost::asio::awaitable<bool> show(const discord::interaction& i, responder& r, const tickets::config_draft& shown,
                                    tickets::lang l);
  boost::asio::awaitable<void> validate(const discord::interaction& i, responder& r, const loaded& state, tickets::lang l);
  boost::asio::awaitable<void> cancel(const discord::interaction& i, responder& r, const loaded& state, tickets::lang l);
  tickets::config_outcome apply(const discord::interaction& i, tickets::guild_config& c, tickets::lang l) const;
  discord::message_create main_screen(const tickets::config_draft& shown, discord::guild_id g, tickets::lang l) const;
  static std::string control_arg(const discord::interaction& i);
  static std::string first_value(const discord::interaction& i);
  tickets::server_view view(discord::guild_id g) const;
  services& s_;
  std::function<void(discord::guild_id)> config_changed_;
};

}  // namespace app
