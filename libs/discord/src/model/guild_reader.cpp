#include "guild_reader.hpp"

namespace discord::fast {

namespace od = simdjson::ondemand;

namespace {

std::string_view text(od::value v) { return v.get_string(); }

std::optional<std::string> nullable_text(od::value v) {
  if (v.is_null()) return std::nullopt;
  return std::string(text(v));
}

// Ids arrive as strings (and, in a few old payloads, as numbers).
template <class Tag>
snowflake<Tag> id(od::value v) {
  if (v.type() == od::json_type::number) return snowflake<Tag>{v.get_uint64()};
  return snowflake<Tag>::parse(text(v)).value_or(snowflake<Tag>{});
}

template <class Tag>
std::optional<snowflake<Tag>> nullable_id(od::value v) {
  if (v.is_null()) return std::nullopt;
  return id<Tag>(v);
}

// Permission bitfields travel as decimal strings.
permissions bits(od::value v) {
  if (v.type() == od::json_type::number) return permissions{v.get_uint64()};
  return permissions::parse(text(v));
}

role read_role(od::object o) {
  role r;
  for (auto field : o) {
    const std::string_view key = field.unescaped_key();
    od::value v = field.value();
    if (key == "id") r.id = id<role_tag>(v);
    else if (key == "name") r.name = std::string(text(v));
    else if (key == "color") r.color = static_cast<std::uint32_t>(v.get_uint64());
    else if (key == "position") r.position = static_cast<int>(v.get_int64());
    else if (key == "permissions") r.perms = bits(v);
    else if (key == "hoist") r.hoist = v.get_bool();
    else if (key == "managed") r.managed = v.get_bool();
    else if (key == "mentionable") r.mentionable = v.get_bool();
  }
  return r;
}

permission_overwrite read_overwrite(od::object o) {
  permission_overwrite w;
  for (auto field : o) {
    const std::string_view key = field.unescaped_key();
    od::value v = field.value();
    if (key == "id") w.id = id<generic_tag>(v);
    else if (key == "type") {
      // Old payloads used "role"/"member".
      if (v.type() == od::json_type::string) w.type = text(v) == "member" ? overwrite_type::member : overwrite_type::role;
      else w.type = static_cast<overwrite_type>(std::int64_t(v.get_int64()));
    } else if (key == "allow") w.allow = bits(v);
    else if (key == "deny") w.deny = bits(v);
  }
  return w;
}

channel read_channel(od::object o, guild_id g) {
  channel c;
  c.guild = g;  // GUILD_CREATE's channels omit guild_id
  for (auto field : o) {
    const std::string_view key = field.unescaped_key();
    od::value v = field.value();
    if (key == "id") c.id = id<channel_tag>(v);
    else if (key == "type") c.type = static_cast<channel_type>(std::int64_t(v.get_int64()));
    else if (key == "name") c.name = std::string(text(v));
    else if (key == "parent_id") c.parent_id = nullable_id<channel_tag>(v);
    else if (key == "topic") c.topic = nullable_text(v);
    else if (key == "position") c.position = static_cast<int>(v.get_int64());
    else if (key == "permission_overwrites")
      for (od::object w : v.get_array()) c.permission_overwrites.push_back(read_overwrite(w));
  }
  return c;
}

user read_user(od::object o) {
  user u;
  for (auto field : o) {
    const std::string_view key = field.unescaped_key();
    od::value v = field.value();
    if (key == "id") u.id = id<user_tag>(v);
    else if (key == "username") u.username = std::string(text(v));
    else if (key == "global_name") u.global_name = nullable_text(v);
    else if (key == "discriminator") u.discriminator = std::string(text(v));
    else if (key == "avatar") u.avatar = nullable_text(v);
    else if (key == "bot") u.bot = v.get_bool();
  }
  return u;
}

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
