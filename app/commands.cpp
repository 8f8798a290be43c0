#include "commands.hpp"

#include "tickets/texts.hpp"

namespace app {

using discord::command_option;
using discord::command_option_type;
using tickets::lang;
using tickets::msg;

namespace {

discord::localizations both(msg m) {
  return {{"fr", std::string(tickets::text(lang::fr, m))},
          {"en-US", std::string(tickets::text(lang::en, m))},
          {"en-GB", std::string(tickets::text(lang::en, m))}};
}

command_option sub(std::string name, msg description, std::vector<command_option> options = {}) {
  command_option o;
  o.type = command_option_type::sub_command;
  o.name = std::move(name);
  o.description = std::string(tickets::text(lang::en, description));
  o.description_localizations = both(description);
  o.options = std::move(options);
  return o;
}

command_option channel_option(msg description, std::vector<int> types) {
  command_option o;
  o.type = command_option_type::channel;
  o.name = "channel";
  o.name_localizations = {{"fr", "salon"}};
  o.description = std::string(tickets::text(lang::en, description));
  o.description_localizations = both(description);
  o.required = false;
  o.channel_types = std::move(types);
  return o;
}

}  // namespace

std::vector<discord::application_command> guichet_commands() {
  discord::application_command ticket;
  ticket.name = "ticket";
  ticket.description = std::string(tickets::text(lang::en, msg::cmd_ticket_description));
  ticket.description_localizations = both(msg::cmd_ticket_description);
  ticket.default_member_permissions = discord::permissions{discord::permission::manage_guild};
  ticket.contexts = {0};  // guilds only
  ticket.options = {
      sub("config", msg::cmd_config_description),
      sub("panel", msg::cmd_panel_description, {channel_option(msg::cmd_panel_channel_option, {0, 5})}),
      sub("stats", msg::cmd_stats_description),
      sub("close", msg::cmd_close_description, {channel_option(msg::cmd_channel_option, {0})}),
  };
  return {ticket};
}

}  // namespace app
