#include "tickets/interaction_check.hpp"

#include <algorithm>

#include "discord/limits.hpp"

namespace tickets {

namespace {

// Interaction tokens are URL-safe text; anything else would change the path it is put in.
bool token_is_safe(const std::string& t) {
  return !t.empty() && t.size() <= 512 && std::all_of(t.begin(), t.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '_' || c == '-';
  });
}

interaction_check dropped(std::string why) { return {interaction_verdict::drop, std::move(why)}; }

}  // namespace

interaction_check check_interaction(const discord::interaction& i, discord::application_id ours) {
  using discord::interaction_type;
  if (!i.id.value) return dropped("no interaction id");
  if (!token_is_safe(i.token)) return dropped("no usable token");
  if (ours.value && i.application.value != ours.value) return dropped("for another application");
  if (i.type != interaction_type::application_command && i.type != interaction_type::message_component &&
      i.type != interaction_type::modal_submit)
    return dropped("a type Guichet does not handle");
  if (!i.data) return dropped("no data");
  if (i.type != interaction_type::application_command &&
      (!i.data->custom_id || i.data->custom_id->empty() || i.data->custom_id->size() > discord::limits::custom_id_max))
    return dropped("no usable custom_id");
  if (!i.guild) {
    if (i.dm_user && i.dm_user->id.value) return {interaction_verdict::outside_guild, {}};
    return dropped("neither a guild nor a user");
  }
  if (!i.guild->value) return dropped("a guild id that does not parse");
  if (!i.channel || !i.channel->value) return dropped("no channel");
  if (!i.guild_member || !i.guild_member->account || !i.guild_member->account->id.value)
    return dropped("a guild interaction without its member's user");
  if (!i.guild_member->channel_permissions) return dropped("a member without permissions");
  return {interaction_verdict::handle, {}};
}

}  // namespace tickets
