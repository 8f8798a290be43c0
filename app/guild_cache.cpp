#include "guild_cache.hpp"

#include <algorithm>

namespace app {

using namespace discord;

tickets::server_view guild_cache::view(discord::guild_id g, discord::user_id self) const {
  tickets::server_view v;
  if (const auto* gd = guild(g)) {
    for (const auto& r : gd->roles) v.roles.insert(r.id);
    for (const auto& c : gd->channels) v.channels[c.id] = tickets::channel_facts{static_cast<int>(c.type), permissions_in(g, c.id, self)};
  }
  return v;
}

tickets::lang guild_cache::language(discord::guild_id g) const {
  const auto* gd = guild(g);
  return tickets::lang_of(gd ? gd->preferred_locale : "fr");
}

void guild_cache::upsert_guild(discord::guild g) {
  for (auto& c : g.channels) c.guild = g.id;
  std::erase_if(g.members, [&](const discord::member& m) { return !m.account || m.account->id != self_; });
  g.members.shrink_to_fit();
  g.roles.shrink_to_fit();
  g.channels.shrink_to_fit();
  guilds_[g.id] = std::move(g);
}
void guild_cache::remove_guild(guild_id id) { guilds_.erase(id); }

void guild_cache::upsert_channel(const discord::channel& c) {
  if (!c.guild) return;
  auto it = guilds_.find(*c.guild);
  if (it == guilds_.end()) return;
  auto& list = it->second.channels;
  auto found = std::find_if(list.begin(), list.end(), [&](const discord::channel& x) { return x.id == c.id; });
  if (found != list.end()) *found = c;
  else list.push_back(c);
}
void guild_cache::remove_channel(const discord::channel& c) {
  if (!c.guild) return;
  auto it = guilds_.find(*c.guild);
  if (it == guilds_.end()) return;
  std::erase_if(it->second.channels, [&](const discord::channel& x) { return x.id == c.id; });
}
void guild_cache::upsert_role(guild_id g, const discord::role& r) {
  auto it = guilds_.find(g);
  if (it == guilds_.end()) return;
  auto& list = it->second.roles;
  auto found = std::find_if(list.begin(), list.end(), [&](const discord::role& x) { return x.id == r.id; });
  if (found != list.end()) *found = r;
  else list.push_back(r);
}
void guild_cache::remove_role(guild_id g, role_id r) {
  auto it = guilds_.find(g);
  if (it == guilds_.end()) return;
  std::erase_if(it->second.roles, [&](const discord::role& x) { return x.id == r; });
  for (auto& m : it->second.members) std::erase(m.roles, r);
}
void guild_cache::upsert_member(guild_id g, const discord::member& m) {
  auto it = guilds_.find(g);
  if (it == guilds_.end() || !m.account || m.account->id != self_) return;
  auto& list = it->second.members;
  auto found = std::find_if(list.begin(), list.end(),
                            [&](const discord::member& x) { return x.account && x.account->id == m.account->id; });
  if (found != list.end()) *found = m;
  else list.push_back(m);
}
void guild_cache::remove_member(guild_id g, user_id u) {
  auto it = guilds_.find(g);
  if (it == guilds_.end()) return;
  std::erase_if(it->second.members, [&](const discord::member& x) { return x.account && x.account->id == u; });
}

const discord::guild* guild_cache::guild(guild_id id) const {
  auto it = guilds_.find(id);
  return it == guilds_.end() ? nullptr : &it->second;
}
const discord::channel* guild_cache::channel(guild_id g, channel_id c) const {
  auto* gd = guild(g);
  if (!gd) return nullptr;
  for (const auto& x : gd->channels)
    if (x.id == c) return &x;
  return nullptr;
}
const discord::role* guild_cache::role(guild_id g, role_id r) const {
  auto* gd = guild(g);
  if (!gd) return nullptr;
  for (const auto& x : gd->roles)
    if (x.id == r) return &x;
  return nullptr;
}
const discord::member* guild_cache::member(guild_id g, user_id u) const {
  auto* gd = guild(g);
  if (!gd) return nullptr;
  for (const auto& x : gd->members)
    if (x.account && x.account->id == u) return &x;
  return nullptr;
}
std::vector<const discord::channel*> guild_cache::children_of(guild_id g, channel_id category) const {
  std::vector<const discord::channel*> out;
  if (auto* gd = guild(g))
    for (const auto& x : gd->channels)
      if (x.parent_id && *x.parent_id == category) out.push_back(&x);
  return out;
}
std::size_t guild_cache::channel_count(guild_id g) const {
  auto* gd = guild(g);
  return gd ? gd->channels.size() : 0;
}

permissions guild_cache::guild_permissions(guild_id g, user_id u) const {
  const auto* m = member(g, u);
  return guild_permissions(g, u, m ? m->roles : std::vector<discord::role_id>{});
}

permissions guild_cache::guild_permissions(guild_id g, user_id u, const std::vector<discord::role_id>& member_roles) const {
  auto* gd = guild(g);
  if (!gd) return {};
  permission_subject subject{u, member_roles};
  std::vector<role_permissions> roles;
  roles.reserve(gd->roles.size());
  for (const auto& r : gd->roles) roles.push_back({r.id, r.perms});
  return compute_base_permissions(g, gd->owner_id, subject, roles);
}

permissions guild_cache::permissions_in(guild_id g, channel_id c, user_id u) const {
  auto base = guild_permissions(g, u);
  auto* ch = channel(g, c);
  if (!ch) return base;
  permission_subject subject{u, {}};
  if (auto* m = member(g, u)) subject.roles = m->roles;
  return compute_channel_permissions(base, g, subject, ch->permission_overwrites);
}

}  // namespace app
