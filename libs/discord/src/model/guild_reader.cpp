#include "guild_reader.hpp"

#include "object_readers.hpp"

namespace discord::fast {

namespace {

// The member if it is `wanted`; the others are skipped as soon as their user's id is read.
std::optional<member> read_member_if(od::object o, user_id wanted) {
  member m;
  for (auto field : o) {
    const std::string_view key = field.unescaped_key();
    od::value v = field.value();
    if (key == "user") {
      m.account = read_user(v.get_object());
      if (m.account->id != wanted) return std::nullopt;
    } else if (key == "roles") {
      for (od::value r : v.get_array()) m.roles.push_back(id<role_tag>(r));
    } else if (key == "nick") m.nick = nullable_text(v);
    else if (key == "joined_at") m.joined_at = std::string(text(v));
  }
  if (!m.account) return std::nullopt;
  return m;
}

}  // namespace

guild read_guild(od::object o, std::optional<user_id> keep_member) {
  guild g;
  for (auto field : o) {
    const std::string_view key = field.unescaped_key();
    od::value v = field.value();
    if (key == "id") g.id = id<guild_tag>(v);
    else if (key == "name") g.name = std::string(text(v));
    else if (key == "icon") g.icon = nullable_text(v);
    else if (key == "owner_id") g.owner_id = id<user_tag>(v);
    else if (key == "preferred_locale") g.preferred_locale = std::string(text(v));
    else if (key == "unavailable") g.unavailable = v.get_bool();
    else if (key == "member_count") g.member_count = static_cast<int>(v.get_int64());
    else if (key == "roles") {
      for (od::object r : v.get_array()) g.roles.push_back(read_role(r));
    } else if (key == "channels") {
      for (od::object c : v.get_array()) g.channels.push_back(read_channel(c, g.id));
    } else if (key == "members" && keep_member) {
      for (od::object m : v.get_array())
        if (auto kept = read_member_if(m, *keep_member)) g.members.push_back(std::move(*kept));
    }
  }
  // "id" may come after "channels": the channels get the guild's id once it is known.
  for (auto& c : g.channels) c.guild = g.id;
  return g;
}

}  // namespace discord::fast
