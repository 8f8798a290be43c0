#include "commands.hpp"

#include "discord/limits.hpp"
#include "tickets/model.hpp"
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

command_option typed_option(command_option_type type, std::string name, std::string fr_name, msg description, bool required) {
  command_option o;
  o.type = type;
  o.name = std::move(name);
  o.name_localizations = {{"fr", std::move(fr_name)}};
  o.description = std::string(tickets::text(lang::en, description));
  o.description_localizations = both(description);
  o.required = required;
  return o;
}

// A subcommand of /this-ticket, named in English with its French name.
command_option action_sub(std::string name, std::string fr_name, msg description, std::vector<command_option> options = {}) {
  command_option o = sub(std::move(name), description, std::move(options));
  o.name_localizations = {{"fr", std::move(fr_name)}};
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
  // For the people in a ticket who prefer typing: staff and the owner, checked at every use against
  // the ticket's category (so not restricted by default_member_permissions). /ce-ticket in French.
  discord::application_command here;
  here.name = "this-ticket";
  here.name_localizations = {{"fr", "ce-ticket"}};
  here.description = std::string(tickets::text(lang::en, msg::cmd_staff_description));
  here.description_localizations = both(msg::cmd_staff_description);
  here.contexts = {0};
  const auto member = [](msg description) { return typed_option(command_option_type::user, "member", "membre", description, true); };
  command_option reason = typed_option(command_option_type::string, "reason", "raison", msg::cmd_reason_option, false);
  reason.max_length = static_cast<int>(tickets::close_reason_max);
  command_option name = typed_option(command_option_type::string, "name", "nom", msg::cmd_name_option, true);
  name.max_length = static_cast<int>(discord::limits::channel_name_max);
  here.options = {
      action_sub("add", "ajouter", msg::cmd_add_description, {member(msg::cmd_member_option)}),
      action_sub("remove", "retirer", msg::cmd_remove_description, {member(msg::cmd_member_option)}),
      action_sub("claim", "prendre", msg::cmd_claim_description),
      action_sub("release", "liberer", msg::cmd_release_description),
      action_sub("transfer", "transferer", msg::cmd_transfer_description, {member(msg::cmd_staff_member_option)}),
      action_sub("close", "fermer", msg::cmd_close_reason_description, {reason}),
      action_sub("rename", "renommer", msg::cmd_rename_description, {name}),
      action_sub("inactivity", "inactivite", msg::cmd_inactivity_description,
                 {typed_option(command_option_type::boolean, "watch", "surveiller", msg::cmd_watch_option, true)}),
  };
  return {ticket, here};
}

}  // namespace app
