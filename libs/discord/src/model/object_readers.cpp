#include "object_readers.hpp"

namespace discord::fast {

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

channel read_channel(od::object o, std::optional<guild_id> g) {
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
    else if (key == "guild_id") c.guild = id<guild_tag>(v);
    else if (key == "permissions" && !v.is_null()) c.resolved_permissions = bits(v);
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
    else if (key == "system") u.system = v.get_bool();
  }
  return u;
}

member read_member(od::object o) {
  member m;
  for (auto field : o) {
    const std::string_view key = field.unescaped_key();
    od::value v = field.value();
    if (key == "user") m.account = read_user(v.get_object());
    else if (key == "roles") {
      for (od::value r : v.get_array()) m.roles.push_back(id<role_tag>(r));
    } else if (key == "nick") m.nick = nullable_text(v);
    else if (key == "avatar") m.avatar = nullable_text(v);
    else if (key == "joined_at") m.joined_at = std::string(text(v));
    else if (key == "communication_disabled_until") m.communication_disabled_until = nullable_text(v);
    else if (key == "permissions" && !v.is_null()) m.channel_permissions = bits(v);
  }
  return m;
}

}  // namespace discord::fast
