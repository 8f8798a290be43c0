#pragma once
// What the gateway told us about each guild (roles, channels, the bot's own member, locale), kept
// current by the events. Lives on the network thread only. Other members are not kept: interactions
// and messages carry the member they are about, and tickets store the names they need.
#include <map>
#include <optional>
#include <vector>

#include "discord/model.hpp"

#include "tickets/config_screen.hpp"
#include "tickets/texts.hpp"

namespace app {

class guild_cache {
 public:
  // The server's language (its community locale): what channels, notes and logs are written in.
  tickets::lang language(discord::guild_id g) const;
  // The server as the configuration checks see it: its roles, its channels and what `self` may do
  // in each.
  tickets::server_view view(discord::guild_id g, discord::user_id self) const;
  void upsert_guild(discord::guild g);
  void remove_guild(discord::guild_id id);
  void upsert_channel(const discord::channel& c);
  void remove_channel(const discord::channel& c);
  void upsert_role(discord::guild_id g, const discord::role& r);
  void remove_role(discord::guild_id g, discord::role_id r);
  // Members other than `self` (the bot) are ignored.
  void keep_member(discord::user_id self) { self_ = self; }
  void upsert_member(discord::guild_id g, const discord::member& m);
  void remove_member(discord::guild_id g, discord::user_id u);

  const discord::guild* guild(discord::guild_id id) const;
  const discord::channel* channel(discord::guild_id g, discord::channel_id c) const;
  const discord::role* role(discord::guild_id g, discord::role_id r) const;
  const discord::member* member(discord::guild_id g, discord::user_id u) const;
  std::vector<const discord::channel*> children_of(discord::guild_id g, discord::channel_id category) const;
  std::size_t channel_count(discord::guild_id g) const;
  std::size_t guild_count() const { return guilds_.size(); }

  // Discord's permission algorithm over the cached roles and overwrites.
  discord::permissions permissions_in(discord::guild_id g, discord::channel_id c, discord::user_id u) const;
  discord::permissions guild_permissions(discord::guild_id g, discord::user_id u) const;
  // For a member the cache does not keep, from the roles an event carried.
  discord::permissions guild_permissions(discord::guild_id g, discord::user_id u, const std::vector<discord::role_id>& roles) const;

 private:
  std::map<discord::guild_id, discord::guild> guilds_;
  discord::user_id self_;
};

}  // namespace app
