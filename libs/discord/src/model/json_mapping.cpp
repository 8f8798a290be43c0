#include "json_mapping.hpp"

#include "message_reader.hpp"

#include <functional>

#include "discord/json.hpp"

namespace discord {

using json_detail::read;
using json_detail::read_permissions;
using json_detail::write;

void from_json(const json& j, user& v) {
  read(j, "id", v.id);
  read(j, "username", v.username);
  read(j, "global_name", v.global_name);
  read(j, "discriminator", v.discriminator);
  read(j, "avatar", v.avatar);
  read(j, "bot", v.bot);
  read(j, "system", v.system);
}
void to_json(json& j, const user& v) {
  j = json{{"id", v.id}, {"username", v.username}, {"discriminator", v.discriminator}};
  j["global_name"] = v.global_name ? json(*v.global_name) : json(nullptr);
  j["avatar"] = v.avatar ? json(*v.avatar) : json(nullptr);
  if (v.bot) j["bot"] = true;
  if (v.system) j["system"] = true;
}

void from_json(const json& j, member& v) {
  read(j, "user", v.account);
  read(j, "nick", v.nick);
  read(j, "avatar", v.avatar);
  read(j, "roles", v.roles);
  read(j, "joined_at", v.joined_at);
  read(j, "communication_disabled_until", v.communication_disabled_until);
  if (auto it = j.find("permissions"); it != j.end() && !it->is_null()) v.channel_permissions = read_permissions(*it);
}
void to_json(json& j, const member& v) {
  j = json{{"roles", v.roles}, {"joined_at", v.joined_at}, {"deaf", false}, {"mute", false}, {"flags", 0}};
  write(j, "user", v.account);
  j["nick"] = v.nick ? json(*v.nick) : json(nullptr);
  write(j, "avatar", v.avatar);
  write(j, "communication_disabled_until", v.communication_disabled_until);
  if (v.channel_permissions) j["permissions"] = v.channel_permissions->str();
}

void from_json(const json& j, role& v) {
  read(j, "id", v.id);
  read(j, "name", v.name);
  read(j, "color", v.color);
  read(j, "position", v.position);
  if (auto it = j.find("permissions"); it != j.end()) v.perms = read_permissions(*it);
  read(j, "hoist", v.hoist);
  read(j, "managed", v.managed);
  read(j, "mentionable", v.mentionable);
}
void to_json(json& j, const role& v) {
  j = json{{"id", v.id},          {"name", v.name},        {"color", v.color},
           {"position", v.position}, {"permissions", v.perms.str()}, {"hoist", v.hoist},
           {"managed", v.managed}, {"mentionable", v.mentionable}, {"flags", 0}};
}

void from_json(const json& j, permission_overwrite& v) {
  read(j, "id", v.id);
  if (auto it = j.find("type"); it != j.end()) {
    // Old payloads used "role"/"member".
    if (it->is_string()) v.type = it->get<std::string>() == "member" ? overwrite_type::member : overwrite_type::role;
    else v.type = static_cast<overwrite_type>(it->get<int>());
  }
  if (auto it = j.find("allow"); it != j.end()) v.allow = read_permissions(*it);
  if (auto it = j.find("deny"); it != j.end()) v.deny = read_permissions(*it);
}
void to_json(json& j, const permission_overwrite& v) {
  j = json{{"id", v.id}, {"type", static_cast<int>(v.type)}, {"allow", v.allow.str()}, {"deny", v.deny.str()}};
}

void from_json(const json& j, channel& v) {
  read(j, "id", v.id);
  if (auto it = j.find("type"); it != j.end()) v.type = static_cast<channel_type>(it->get<int>());
  read(j, "guild_id", v.guild);
  read(j, "name", v.name);
  read(j, "parent_id", v.parent_id);
  read(j, "topic", v.topic);
  read(j, "position", v.position);
  read(j, "permission_overwrites", v.permission_overwrites);
  if (auto it = j.find("permissions"); it != j.end() && !it->is_null()) v.resolved_permissions = read_permissions(*it);
}
void to_json(json& j, const channel& v) {
  j = json{{"id", v.id},
           {"type", static_cast<int>(v.type)},
           {"name", v.name},
           {"position", v.position},
           {"permission_overwrites", v.permission_overwrites}};
  write(j, "guild_id", v.guild);
  j["parent_id"] = v.parent_id ? json(*v.parent_id) : json(nullptr);
  if (v.type == channel_type::guild_text || v.type == channel_type::guild_announcement)
    j["topic"] = v.topic ? json(*v.topic) : json(nullptr);
  if (v.resolved_permissions) j["permissions"] = v.resolved_permissions->str();
}

void from_json(const json& j, guild& v) {
  read(j, "id", v.id);
  read(j, "name", v.name);
  read(j, "icon", v.icon);
  read(j, "owner_id", v.owner_id);
  read(j, "preferred_locale", v.preferred_locale);
  read(j, "roles", v.roles);
  read(j, "channels", v.channels);
  read(j, "members", v.members);
  read(j, "member_count", v.member_count);
  read(j, "unavailable", v.unavailable);
  for (auto& c : v.channels)
    if (!c.guild) c.guild = v.id;  // GUILD_CREATE's channels omit guild_id
}
void to_json(json& j, const guild& v) {
  j = json{{"id", v.id},       {"name", v.name},         {"owner_id", v.owner_id},
           {"preferred_locale", v.preferred_locale}, {"roles", v.roles}, {"channels", v.channels},
           {"members", v.members}, {"unavailable", v.unavailable}};
  j["icon"] = v.icon ? json(*v.icon) : json(nullptr);
  write(j, "member_count", v.member_count);
}

void from_json(const json& j, embed& v) {
  read(j, "title", v.title);
  read(j, "type", v.type);
  read(j, "description", v.description);
  read(j, "url", v.url);
  read(j, "timestamp", v.timestamp);
  read(j, "color", v.color);
  if (auto it = j.find("footer"); it != j.end() && it->is_object()) {
    embed_footer f;
    read(*it, "text", f.text);
    read(*it, "icon_url", f.icon_url);
    v.footer = f;
  }
  auto media = [&](const char* key, std::optional<embed_media>& out) {
    if (auto it = j.find(key); it != j.end() && it->is_object()) {
      embed_media m;
      read(*it, "url", m.url);
      read(*it, "width", m.width);
      read(*it, "height", m.height);
      out = m;
    }
  };
  media("image", v.image);
  media("thumbnail", v.thumbnail);
  if (auto it = j.find("author"); it != j.end() && it->is_object()) {
    embed_author a;
    read(*it, "name", a.name);
    read(*it, "url", a.url);
    read(*it, "icon_url", a.icon_url);
    v.author = a;
  }
  if (auto it = j.find("fields"); it != j.end() && it->is_array()) {
    for (const auto& f : *it) {
      embed_field field;
      read(f, "name", field.name);
      read(f, "value", field.value);
      read(f, "inline", field.inline_);
      v.fields.push_back(std::move(field));
    }
  }
}
void to_json(json& j, const embed& v) {
  // "type" is not settable by bots (always rich), so it is never sent.
  j = json::object();
  write(j, "title", v.title);
  write(j, "description", v.description);
  write(j, "url", v.url);
  write(j, "timestamp", v.timestamp);
  write(j, "color", v.color);
  if (v.footer) {
    j["footer"] = json{{"text", v.footer->text}};
    write(j["footer"], "icon_url", v.footer->icon_url);
  }
  if (v.image) j["image"] = json{{"url", v.image->url}};
  if (v.thumbnail) j["thumbnail"] = json{{"url", v.thumbnail->url}};
  if (v.author) {
    j["author"] = json{{"name", v.author->name}};
    write(j["author"], "url", v.author->url);
    write(j["author"], "icon_url", v.author->icon_url);
  }
  if (!v.fields.empty()) {
    json fields = json::array();
    for (const auto& f : v.fields) fields.push_back(json{{"name", f.name}, {"value", f.value}, {"inline", f.inline_}});
    j["fields"] = std::move(fields);
  }
}

void from_json(const json& j, partial_emoji& v) {
  read(j, "id", v.id);
  read(j, "name", v.name);
  read(j, "animated", v.animated);
}
void to_json(json& j, const partial_emoji& v) {
  j = json{{"name", v.name}};
  write(j, "id", v.id);
  if (v.animated) j["animated"] = true;
}

void from_json(const json& j, select_option& v) {
  read(j, "label", v.label);
  read(j, "value", v.value);
  read(j, "description", v.description);
  read(j, "emoji", v.emoji);
  read(j, "default", v.default_);
}
void to_json(json& j, const select_option& v) {
  j = json{{"label", v.label}, {"value", v.value}};
  write(j, "description", v.description);
  write(j, "emoji", v.emoji);
  if (v.default_) j["default"] = true;
}

void from_json(const json& j, component& v) {
  if (auto it = j.find("type"); it != j.end()) v.type = static_cast<component_type>(it->get<int>());
  read(j, "custom_id", v.custom_id);
  read(j, "style", v.style);
  read(j, "label", v.label);
  read(j, "emoji", v.emoji);
  read(j, "url", v.url);
  read(j, "disabled", v.disabled);
  read(j, "options", v.options);
  read(j, "placeholder", v.placeholder);
  read(j, "min_values", v.min_values);
  read(j, "max_values", v.max_values);
  read(j, "channel_types", v.channel_types);
  if (auto it = j.find("default_values"); it != j.end() && it->is_array())
    for (const auto& d : *it) v.default_values.push_back({d.value("id", ""), d.value("type", "")});
  read(j, "min_length", v.min_length);
  read(j, "max_length", v.max_length);
  read(j, "required", v.required);
  read(j, "value", v.value);
  read(j, "components", v.components);
  if (auto it = j.find("component"); it != j.end() && it->is_object()) v.label_component.push_back(it->get<component>());
  // A submitted select inside a modal carries its choices in "values".
  if (auto it = j.find("values"); it != j.end() && it->is_array())
    for (const auto& x : *it) v.options.push_back({x.get<std::string>(), x.get<std::string>(), {}, {}, true});
}
void to_json(json& j, const component& v) {
  j = json{{"type", static_cast<int>(v.type)}};
  write(j, "custom_id", v.custom_id);
  write(j, "style", v.style);
  write(j, "label", v.label);
  write(j, "emoji", v.emoji);
  write(j, "url", v.url);
  if (v.disabled) j["disabled"] = true;
  if (v.type == component_type::string_select) j["options"] = v.options;
  write(j, "placeholder", v.placeholder);
  write(j, "min_values", v.min_values);
  write(j, "max_values", v.max_values);
  if (!v.channel_types.empty()) j["channel_types"] = v.channel_types;
  if (!v.default_values.empty()) {
    json defaults = json::array();
    for (const auto& d : v.default_values) defaults.push_back(json{{"id", d.id}, {"type", d.type}});
    j["default_values"] = std::move(defaults);
  }
  write(j, "min_length", v.min_length);
  write(j, "max_length", v.max_length);
  write(j, "required", v.required);
  write(j, "value", v.value);
  if (v.type == component_type::action_row) j["components"] = v.components;
  if (v.type == component_type::label && !v.label_component.empty()) j["component"] = v.label_component.front();
}

void from_json(const json& j, attachment& v) {
  read(j, "id", v.id);
  read(j, "filename", v.filename);
  read(j, "content_type", v.content_type);
  read(j, "size", v.size);
  read(j, "url", v.url);
  read(j, "proxy_url", v.proxy_url);
  read(j, "width", v.width);
  read(j, "height", v.height);
}
void to_json(json& j, const attachment& v) {
  j = json{{"id", v.id}, {"filename", v.filename}, {"size", v.size}, {"url", v.url}};
  write(j, "content_type", v.content_type);
  write(j, "proxy_url", v.proxy_url);
  write(j, "width", v.width);
  write(j, "height", v.height);
}

static void from_json(const json& j, message_reference& v) {
  read(j, "message_id", v.message);
  read(j, "channel_id", v.channel);
  read(j, "guild_id", v.guild);
}
static void to_json(json& j, const message_reference& v) {
  j = json::object();
  write(j, "message_id", v.message);
  write(j, "channel_id", v.channel);
  write(j, "guild_id", v.guild);
}
static void from_json(const json& j, sticker_item& v) {
  read(j, "id", v.id);
  read(j, "name", v.name);
  read(j, "format_type", v.format_type);
}
static void to_json(json& j, const sticker_item& v) {
  j = json{{"id", v.id}, {"name", v.name}, {"format_type", v.format_type}};
}

bool deeper_than(const json& j, int max) {
  std::vector<std::pair<const json*, int>> todo{{&j, 0}};
  while (!todo.empty()) {
    auto [node, depth] = todo.back();
    todo.pop_back();
    if (!node->is_structured()) continue;
    if (depth + 1 > max) return true;
    for (const auto& child : *node) todo.emplace_back(&child, depth + 1);
  }
  return false;
}

void from_json(const json& j, message& v) {
  read(j, "id", v.id);
  read(j, "channel_id", v.channel);
  read(j, "guild_id", v.guild);
  read(j, "author", v.author);
  read(j, "member", v.author_member);
  read(j, "content", v.content);
  read(j, "timestamp", v.timestamp);
  read(j, "edited_timestamp", v.edited_timestamp);
  read(j, "type", v.type);
  read(j, "flags", v.flags);
  read(j, "pinned", v.pinned);
  read(j, "mention_everyone", v.mention_everyone);
  read(j, "mentions", v.mentions);
  read(j, "mention_roles", v.mention_roles);
  read(j, "embeds", v.embeds);
  read(j, "attachments", v.attachments);
  read(j, "components", v.components);
  read(j, "sticker_items", v.sticker_items);
  read(j, "message_reference", v.reference);
  // Discord sends the replied-to message one level deep: its own reference is not followed.
  if (auto it = j.find("referenced_message"); it != j.end() && it->is_object()) {
    json shallow = *it;
    shallow.erase("referenced_message");
    v.referenced_message = std::make_shared<const message>(shallow.get<message>());
  }
  read(j, "webhook_id", v.webhook);
}
void to_json(json& j, const message& v) {
  j = json{{"id", v.id},
           {"channel_id", v.channel},
           {"author", v.author},
           {"content", v.content},
           {"timestamp", v.timestamp},
           {"type", v.type},
           {"flags", v.flags},
           {"pinned", v.pinned},
           {"tts", false},
           {"mention_everyone", v.mention_everyone},
           {"mentions", v.mentions},
           {"mention_roles", v.mention_roles},
           {"embeds", v.embeds},
           {"attachments", v.attachments},
           {"components", v.components}};
  j["edited_timestamp"] = v.edited_timestamp ? json(*v.edited_timestamp) : json(nullptr);
  write(j, "guild_id", v.guild);
  write(j, "member", v.author_member);
  if (!v.sticker_items.empty()) j["sticker_items"] = v.sticker_items;
  write(j, "message_reference", v.reference);
  if (v.referenced_message) j["referenced_message"] = *v.referenced_message;
  write(j, "webhook_id", v.webhook);
}

void to_json(json& j, const allowed_mentions& v) {
  j = json{{"parse", v.parse}};
  if (!v.users.empty()) j["users"] = v.users;
  if (!v.roles.empty()) j["roles"] = v.roles;
  if (v.replied_user) j["replied_user"] = true;
}
void from_json(const json& j, allowed_mentions& v) {
  read(j, "parse", v.parse);
  read(j, "users", v.users);
  read(j, "roles", v.roles);
  read(j, "replied_user", v.replied_user);
}

void to_json(json& j, const message_create& v) {
  j = json::object();
  write(j, "content", v.content);
  write(j, "embeds", v.embeds);
  write(j, "components", v.components);
  write(j, "allowed_mentions", v.mentions);
  write(j, "flags", v.flags);
  write(j, "message_reference", v.reference);
  write(j, "attachments", v.attachments);
  write(j, "nonce", v.nonce);
  if (v.nonce && v.enforce_nonce) j["enforce_nonce"] = true;
}
void from_json(const json& j, message_create& v) {
  read(j, "content", v.content);
  read(j, "embeds", v.embeds);
  read(j, "components", v.components);
  v.mentions.reset();
  read(j, "allowed_mentions", v.mentions);
  read(j, "flags", v.flags);
  read(j, "message_reference", v.reference);
  read(j, "attachments", v.attachments);
}

static std::string option_text(const json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}
static void from_json(const json& j, command_option_value& v) {
  read(j, "name", v.name);
  if (auto it = j.find("type"); it != j.end()) v.type = static_cast<command_option_type>(it->get<int>());
  if (auto it = j.find("value"); it != j.end() && !it->is_null()) v.value = option_text(*it);
  read(j, "options", v.options);
}
static void to_json(json& j, const command_option_value& v) {
  j = json{{"name", v.name}, {"type", static_cast<int>(v.type)}};
  if (v.value) {
    if (v.type == command_option_type::integer || v.type == command_option_type::number ||
        v.type == command_option_type::boolean)
      j["value"] = json::parse(*v.value, nullptr, false);
    else
      j["value"] = *v.value;
  }
  if (!v.options.empty()) j["options"] = v.options;
}

// Modal submissions nest their inputs in action rows or labels: flatten them.
static void collect_fields(const json& components, std::vector<submitted_field>& out) {
  if (!components.is_array()) return;
  for (const auto& c : components) {
    if (auto it = c.find("custom_id"); it != c.end() && it->is_string()) {
      submitted_field f;
      f.custom_id = it->get<std::string>();
      read(c, "value", f.value);
      read(c, "values", f.values);
      out.push_back(std::move(f));
    }
    if (auto it = c.find("components"); it != c.end()) collect_fields(*it, out);
    if (auto it = c.find("component"); it != c.end()) collect_fields(json::array({*it}), out);
  }
}

static void from_json(const json& j, resolved_data& v) {
  read(j, "users", v.users);
  read(j, "members", v.members);
  read(j, "roles", v.roles);
  read(j, "channels", v.channels);
}
static void to_json(json& j, const resolved_data& v) {
  j = json::object();
  if (!v.users.empty()) j["users"] = v.users;
  if (!v.members.empty()) j["members"] = v.members;
  if (!v.roles.empty()) j["roles"] = v.roles;
  if (!v.channels.empty()) j["channels"] = v.channels;
}

static void from_json(const json& j, interaction_data& v) {
  read(j, "name", v.name);
  read(j, "id", v.command_id);
  read(j, "options", v.options);
  read(j, "custom_id", v.custom_id);
  if (auto it = j.find("component_type"); it != j.end()) v.component = static_cast<component_type>(it->get<int>());
  read(j, "values", v.values);
  if (auto it = j.find("components"); it != j.end()) collect_fields(*it, v.fields);
  read(j, "resolved", v.resolved);
}

void from_json(const json& j, interaction& v) {
  read(j, "id", v.id);
  read(j, "application_id", v.application);
  if (auto it = j.find("type"); it != j.end()) v.type = static_cast<interaction_type>(it->get<int>());
  read(j, "guild_id", v.guild);
  read(j, "channel_id", v.channel);
  if (!v.channel)
    if (auto it = j.find("channel"); it != j.end() && it->is_object()) read(*it, "id", v.channel);
  read(j, "member", v.guild_member);
  read(j, "user", v.dm_user);
  read(j, "token", v.token);
  read(j, "locale", v.locale);
  read(j, "guild_locale", v.guild_locale);
  if (auto it = j.find("app_permissions"); it != j.end() && !it->is_null()) v.app_permissions = read_permissions(*it);
  read(j, "message", v.source_message);
  read(j, "attachment_size_limit", v.attachment_size_limit);
  if (auto it = j.find("data"); it != j.end() && it->is_object()) v.data = it->get<interaction_data>();
}
void to_json(json& j, const interaction& v) {
  j = json{{"id", v.id},
           {"application_id", v.application},
           {"type", static_cast<int>(v.type)},
           {"token", v.token},
           {"version", 1}};
  write(j, "guild_id", v.guild);
  write(j, "channel_id", v.channel);
  write(j, "member", v.guild_member);
  write(j, "user", v.dm_user);
  write(j, "locale", v.locale);
  write(j, "guild_locale", v.guild_locale);
  if (v.app_permissions) j["app_permissions"] = v.app_permissions->str();
  write(j, "message", v.source_message);
  write(j, "attachment_size_limit", v.attachment_size_limit);
  if (v.data) {
    const auto& d = *v.data;
    json data = json::object();
    write(data, "name", d.name);
    write(data, "id", d.command_id);
    if (d.name) {
      data["type"] = 1;
      data["options"] = d.options;
    }
    write(data, "custom_id", d.custom_id);
    if (d.component) data["component_type"] = static_cast<int>(*d.component);
    if (d.component) data["values"] = d.values;
    if (!d.fields.empty()) {
      // Modal submissions: one action row per text input, as Discord shapes them.
      json rows = json::array();
      for (const auto& f : d.fields) {
        json input = json{{"type", f.value ? 4 : 3}, {"custom_id", f.custom_id}};
        if (f.value) input["value"] = *f.value;
        else input["values"] = f.values;
        rows.push_back(json{{"type", 1}, {"components", json::array({input})}});
      }
      data["components"] = std::move(rows);
    }
    json resolved = d.resolved;
    if (!resolved.empty()) data["resolved"] = std::move(resolved);
    j["data"] = std::move(data);
  }
}

void to_json(json& j, const interaction_response& v) {
  j = json{{"type", static_cast<int>(v.type)}};
  if (v.type == interaction_callback::modal && v.modal_data) {
    j["data"] = json{{"custom_id", v.modal_data->custom_id},
                     {"title", v.modal_data->title},
                     {"components", v.modal_data->components}};
  } else if (v.message) {
    j["data"] = *v.message;
  }
}
void from_json(const json& j, interaction_response& v) {
  v.type = static_cast<interaction_callback>(j.at("type").get<int>());
  if (auto it = j.find("data"); it != j.end() && it->is_object()) {
    if (v.type == interaction_callback::modal) {
      modal m;
      read(*it, "custom_id", m.custom_id);
      read(*it, "title", m.title);
      read(*it, "components", m.components);
      v.modal_data = std::move(m);
    } else {
      v.message = it->get<message_create>();
    }
  }
}

void to_json(json& j, const command_option& v) {
  j = json{{"type", static_cast<int>(v.type)}, {"name", v.name}, {"description", v.description}};
  if (!v.name_localizations.empty()) j["name_localizations"] = v.name_localizations;
  if (!v.description_localizations.empty()) j["description_localizations"] = v.description_localizations;
  bool is_sub = v.type == command_option_type::sub_command || v.type == command_option_type::sub_command_group;
  if (!is_sub && v.required) j["required"] = true;
  if (!v.channel_types.empty()) j["channel_types"] = v.channel_types;
  if (v.max_length) j["max_length"] = *v.max_length;
  if (!v.options.empty()) j["options"] = v.options;
}
void from_json(const json& j, command_option& v) {
  v.type = static_cast<command_option_type>(j.at("type").get<int>());
  read(j, "name", v.name);
  read(j, "name_localizations", v.name_localizations);
  read(j, "description", v.description);
  read(j, "description_localizations", v.description_localizations);
  read(j, "required", v.required);
  read(j, "channel_types", v.channel_types);
  read(j, "max_length", v.max_length);
  read(j, "options", v.options);
}

void to_json(json& j, const application_command& v) {
  j = json{{"type", v.type}, {"name", v.name}, {"description", v.description}, {"options", v.options}};
  write(j, "id", v.id);
  if (!v.name_localizations.empty()) j["name_localizations"] = v.name_localizations;
  if (!v.description_localizations.empty()) j["description_localizations"] = v.description_localizations;
  j["default_member_permissions"] =
      v.default_member_permissions ? json(v.default_member_permissions->str()) : json(nullptr);
  if (!v.contexts.empty()) j["contexts"] = v.contexts;
}
void from_json(const json& j, application_command& v) {
  read(j, "id", v.id);
  read(j, "type", v.type);
  read(j, "name", v.name);
  read(j, "name_localizations", v.name_localizations);
  read(j, "description", v.description);
  read(j, "description_localizations", v.description_localizations);
  read(j, "options", v.options);
  if (auto it = j.find("default_member_permissions"); it != j.end() && !it->is_null())
    v.default_member_permissions = read_permissions(*it);
  read(j, "contexts", v.contexts);
}

void from_json(const json& j, application_info& v) {
  read(j, "id", v.id);
  read(j, "name", v.name);
  read(j, "bot", v.bot);
  read(j, "flags", v.flags);
}

void from_json(const json& j, user_guild& v) {
  read(j, "id", v.id);
  read(j, "name", v.name);
  read(j, "owner", v.owner);
  if (auto it = j.find("permissions"); it != j.end() && !it->is_null()) v.perms = read_permissions(*it);
}

void from_json(const json& j, gateway_bot_info& v) {
  read(j, "url", v.url);
  read(j, "shards", v.shards);
  if (auto it = j.find("session_start_limit"); it != j.end() && it->is_object()) {
    read(*it, "total", v.limit.total);
    read(*it, "remaining", v.limit.remaining);
    read(*it, "reset_after", v.limit.reset_after_ms);
    read(*it, "max_concurrency", v.limit.max_concurrency);
  }
}

void to_json(json& j, const channel_create& v) {
  j = json{{"name", v.name}, {"type", static_cast<int>(v.type)}, {"permission_overwrites", v.permission_overwrites}};
  write(j, "parent_id", v.parent_id);
  write(j, "topic", v.topic);
}
void from_json(const json& j, channel_create& v) {
  read(j, "name", v.name);
  if (auto it = j.find("type"); it != j.end() && !it->is_null()) v.type = static_cast<channel_type>(it->get<int>());
  read(j, "parent_id", v.parent_id);
  read(j, "topic", v.topic);
  read(j, "permission_overwrites", v.permission_overwrites);
}
void to_json(json& j, const channel_modify& v) {
  j = json::object();
  write(j, "name", v.name);
  write(j, "topic", v.topic);
  write(j, "parent_id", v.parent_id);
  write(j, "permission_overwrites", v.permission_overwrites);
}
void from_json(const json& j, channel_modify& v) {
  read(j, "name", v.name);
  read(j, "topic", v.topic);
  read(j, "parent_id", v.parent_id);
  read(j, "permission_overwrites", v.permission_overwrites);
}

static void from_json(const json& j, guild_channel_pair& v) {
  read(j, "guild", v.guild_value);
  read(j, "channel", v.channel_value);
}
static void to_json(json& j, const guild_channel_pair& v) { j = json{{"guild", v.guild_value}, {"channel", v.channel_value}}; }

// ---- the public door -------------------------------------------------------

template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};

template <class T>
boost::system::result<T, json_error> from_json_text(std::string_view text) {
  // Messages come by the thousand (histories, transcripts): read straight into the model.
  if constexpr (std::is_same_v<T, std::vector<message>>) return fast::read_messages(text);
  if constexpr (std::is_same_v<T, message>) return fast::read_one_message(text);
  auto j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return json_error{"not valid JSON"};
  if (deeper_than(j, json_depth_max)) return json_error{"JSON nested deeper than " + std::to_string(json_depth_max) + " levels"};
  if constexpr (is_vector<T>::value) {
    if (!j.is_array()) return json_error{"expected a JSON array"};
  } else {
    if (!j.is_object()) return json_error{"expected a JSON object"};
  }
  try {
    return j.get<T>();
  } catch (const std::exception& e) {
    return json_error{e.what()};
  }
}

template <class T>
std::string to_json_text(const T& value) {
  return json(value).dump(-1, ' ', false, json::error_handler_t::replace);
}

#define GUICHET_JSON_TYPE(T)                                                             \
  template boost::system::result<T, json_error> from_json_text<T>(std::string_view); \
  template std::string to_json_text<T>(const T&);
GUICHET_JSON_TYPE(user)
GUICHET_JSON_TYPE(member)
GUICHET_JSON_TYPE(role)
GUICHET_JSON_TYPE(channel)
GUICHET_JSON_TYPE(guild)
GUICHET_JSON_TYPE(embed)
GUICHET_JSON_TYPE(component)
GUICHET_JSON_TYPE(message)
GUICHET_JSON_TYPE(message_create)
GUICHET_JSON_TYPE(interaction)
GUICHET_JSON_TYPE(interaction_response)
GUICHET_JSON_TYPE(application_command)
GUICHET_JSON_TYPE(permission_overwrite)
GUICHET_JSON_TYPE(channel_create)
GUICHET_JSON_TYPE(channel_modify)
GUICHET_JSON_TYPE(std::vector<member>)
GUICHET_JSON_TYPE(guild_channel_pair)
GUICHET_JSON_TYPE(std::vector<message>)
GUICHET_JSON_TYPE(std::vector<role>)
GUICHET_JSON_TYPE(std::vector<channel>)
GUICHET_JSON_TYPE(std::vector<application_command>)
#undef GUICHET_JSON_TYPE

template boost::system::result<application_info, json_error> from_json_text<application_info>(std::string_view);
template boost::system::result<gateway_bot_info, json_error> from_json_text<gateway_bot_info>(std::string_view);
template boost::system::result<std::vector<user_guild>, json_error> from_json_text<std::vector<user_guild>>(std::string_view);

api_error_body parse_api_error(std::string_view body) {
  api_error_body out;
  auto j = json::parse(body, nullptr, false);
  if (!j.is_object()) {
    out.message = std::string(body.substr(0, 200));
    return out;
  }
  read(j, "code", out.code);
  read(j, "message", out.message);
  if (auto it = j.find("errors"); it != j.end()) out.errors = it->dump();
  return out;
}

}  // namespace discord

namespace boost::system {
void throw_exception_from_error(const discord::json_error& e, const boost::source_location&) {
  throw std::runtime_error("JSON mapping: " + e.message);
}
}  // namespace boost::system
