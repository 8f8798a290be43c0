#include "interaction_reader.hpp"

#include "object_readers.hpp"

namespace discord::fast {

namespace {

// An option's value is kept as text: strings as they are, numbers and booleans as written.
std::string option_value_text(od::value v) {
  if (v.type() == od::json_type::string) return std::string(text(v));
  if (v.type() == od::json_type::boolean) {
    bool b = false;
    return v.get_bool().get(b) ? std::string{} : std::string(b ? "true" : "false");
  }
  // A number as Discord wrote it; the raw token may run on to the next structural character.
  std::string_view raw = v.raw_json_token();
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t' || raw.back() == '}' ||
                          raw.back() == ',' || raw.back() == ']'))
    raw.remove_suffix(1);
  return std::string(raw);
}

command_option_value read_option(od::object o) {
  command_option_value opt;
  for (auto field : o) {
    const std::string_view key = field.unescaped_key();
    od::value v = field.value();
    if (key == "name") opt.name = std::string(text(v));
    else if (key == "type") opt.type = static_cast<command_option_type>(std::int64_t(v.get_int64()));
    else if (key == "value" && !v.is_null()) opt.value = option_value_text(v);
    else if (key == "options")
      for (od::object sub : v.get_array()) opt.options.push_back(read_option(sub));
  }
  return opt;
}

// Modal submissions nest their inputs in action rows or labels: flattened, each input before the
// inputs nested in it.
void collect_fields(od::object c, std::vector<submitted_field>& out) {
  submitted_field own;
  bool has_own = false;
  std::vector<submitted_field> nested;
  for (auto field : c) {
    const std::string_view key = field.unescaped_key();
    od::value v = field.value();
    if (key == "custom_id" && v.type() == od::json_type::string) {
      own.custom_id = std::string(text(v));
      has_own = true;
    } else if (key == "value") own.value = nullable_text(v);
    else if (key == "values") {
      for (od::value s : v.get_array()) own.values.emplace_back(text(s));
    } else if (key == "components" && v.type() == od::json_type::array) {
      for (od::object inner : v.get_array()) collect_fields(inner, nested);
    } else if (key == "component" && v.type() == od::json_type::object) collect_fields(v.get_object(), nested);
  }
  if (has_own) out.push_back(std::move(own));
  for (auto& f : nested) out.push_back(std::move(f));
}

template <class T, class Read>
void read_keyed(od::value v, std::map<std::string, T>& out, Read read) {
  for (auto field : v.get_object()) {
    std::string key(field.unescaped_key().value());
    out.emplace(std::move(key), read(field.value().get_object()));
  }
}

resolved_data read_resolved(od::object o) {
  resolved_data r;
  for (auto field : o) {
    const std::string_view key = field.unescaped_key();
    od::value v = field.value();
    if (key == "users") read_keyed(v, r.users, read_user);
    else if (key == "members") read_keyed(v, r.members, read_member);
    else if (key == "roles") read_keyed(v, r.roles, read_role);
    else if (key == "channels") read_keyed(v, r.channels, [](od::object c) { return read_channel(c, std::nullopt); });
  }
  return r;
}

interaction_data read_data(od::object o) {
  interaction_data d;
  for (auto field : o) {
    const std::string_view key = field.unescaped_key();
    od::value v = field.value();
    if (key == "name") d.name = std::string(text(v));
    else if (key == "id") d.command_id = std::string(text(v));
    else if (key == "options") {
      for (od::object opt : v.get_array()) d.options.push_back(read_option(opt));
    } else if (key == "custom_id") d.custom_id = std::string(text(v));
    else if (key == "component_type") d.component = static_cast<component_type>(std::int64_t(v.get_int64()));
    else if (key == "values") {
      for (od::value s : v.get_array()) d.values.emplace_back(text(s));
    } else if (key == "components" && v.type() == od::json_type::array) {
      for (od::object c : v.get_array()) collect_fields(c, d.fields);
    } else if (key == "resolved") d.resolved = read_resolved(v.get_object());
  }
  return d;
}

message read_message_shallow(od::object o) {
  message m;
  for (auto field : o) {
    const std::string_view key = field.unescaped_key();
    od::value v = field.value();
    if (key == "id") m.id = id<message_tag>(v);
    else if (key == "channel_id") m.channel = id<channel_tag>(v);
    else if (key == "author") m.author = read_user(v.get_object());
    else if (key == "flags") m.flags = v.get_uint64();
  }
  return m;
}

}  // namespace

interaction read_interaction(od::object o) {
  interaction i;
  for (auto field : o) {
    const std::string_view key = field.unescaped_key();
    od::value v = field.value();
    if (key == "id") i.id = id<interaction_tag>(v);
    else if (key == "application_id") i.application = id<application_tag>(v);
    else if (key == "type") i.type = static_cast<interaction_type>(std::int64_t(v.get_int64()));
    else if (key == "guild_id") i.guild = id<guild_tag>(v);
    else if (key == "channel_id") i.channel = id<channel_tag>(v);
    else if (key == "channel" && v.type() == od::json_type::object) {
      for (auto cf : v.get_object())
        if (cf.unescaped_key().value() == "id" && !i.channel) i.channel = id<channel_tag>(cf.value());
    } else if (key == "member") i.guild_member = read_member(v.get_object());
    else if (key == "user") i.dm_user = read_user(v.get_object());
    else if (key == "token") i.token = std::string(text(v));
    else if (key == "locale") i.locale = nullable_text(v);
    else if (key == "guild_locale") i.guild_locale = nullable_text(v);
    else if (key == "app_permissions" && !v.is_null()) i.app_permissions = bits(v);
    else if (key == "message") i.source_message = read_message_shallow(v.get_object());
    else if (key == "attachment_size_limit") i.attachment_size_limit = v.get_uint64();
    else if (key == "data" && v.type() == od::json_type::object) i.data = read_data(v.get_object());
  }
  return i;
}

}  // namespace discord::fast
