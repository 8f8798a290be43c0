// The fake's test-facing API: building the world, playing users, observing what the bot did.
#include <functional>
#include <thread>

#include "fake_impl.hpp"

namespace fake_discord {

namespace {
std::string sid(id_t v) { return std::to_string(v); }
id_t to_id(const json& j) { return j.is_string() ? std::stoull(j.get<std::string>()) : j.get<id_t>(); }
// A modal submit's data: one text input per row, as Discord sends them.
json modal_data(const std::string& custom_id, const std::vector<std::pair<std::string, std::string>>& fields) {
  json rows = json::array();
  for (const auto& [id, value] : fields)
    rows.push_back({{"type", 1}, {"components", json::array({{{"type", 4}, {"custom_id", id}, {"value", value}}})}});
  return {{"custom_id", custom_id}, {"components", rows}};
}
}  // namespace

std::string server::api_url() const { return "http://127.0.0.1:" + std::to_string(port()) + "/api/v10"; }
id_t server::application_id() const { return impl_->app_id; }
id_t server::bot_user_id() const { return impl_->bot_id; }
const options& server::opts() const { return impl_->opts; }

id_t server::add_user(const std::string& username, const std::string& global_name) {
  std::lock_guard lock(impl_->mu);
  id_t id = impl_->next_id();
  impl_->users[id] = json{{"id", sid(id)},
                          {"username", username},
                          {"global_name", global_name.empty() ? json(nullptr) : json(global_name)},
                          {"discriminator", "0"},
                          {"avatar", nullptr}};
  return id;
}

id_t server::add_guild(const std::string& name, std::uint64_t bot_permissions, const std::string& locale) {
  id_t owner = add_user(name + "-owner");
  std::lock_guard lock(impl_->mu);
  auto& I = *impl_;
  id_t gid = I.next_id();
  auto& g = I.guilds[gid];
  g.data = json{{"id", sid(gid)},          {"name", name},       {"owner_id", sid(owner)},
                {"preferred_locale", locale == "fr" ? "fr" : "en-US"}, {"icon", nullptr}, {"features", json::array()}};
  // @everyone: view, send, history, reactions, embed, attach, use application commands…
  std::uint64_t everyone = (1ULL << 6) | (1ULL << 10) | (1ULL << 11) | (1ULL << 14) | (1ULL << 15) | (1ULL << 16) |
                           (1ULL << 18) | (1ULL << 31) | (1ULL << 26);
  g.roles[gid] = json{{"id", sid(gid)}, {"name", "@everyone"}, {"permissions", std::to_string(everyone)},
                      {"position", 0}, {"color", 0}, {"hoist", false}, {"managed", false}, {"mentionable", false}, {"flags", 0}};
  id_t bot_role = I.next_id();
  g.roles[bot_role] = json{{"id", sid(bot_role)}, {"name", "Guichet"}, {"permissions", std::to_string(bot_permissions)},
                           {"position", 1}, {"color", 0}, {"hoist", false}, {"managed", true}, {"mentionable", false},
                           {"tags", {{"bot_id", sid(I.bot_id)}}}, {"flags", 0}};
  g.bot_role = bot_role;
  auto member = [](id_t, std::vector<id_t> roles) {
    json r = json::array();
    for (auto x : roles) r.push_back(std::to_string(x));
    return json{{"roles", r}, {"joined_at", "2026-01-01T00:00:00.000000+00:00"}, {"nick", nullptr}, {"deaf", false},
                {"mute", false}, {"flags", 0}, {"pending", false}, {"avatar", nullptr}};
  };
  g.members[I.bot_id] = member(I.bot_id, {bot_role});
  g.members[owner] = member(owner, {});
  if (!I.sessions.empty()) I.dispatch(gid, "GUILD_CREATE", I.guild_create_payload(gid));
  return gid;
}

id_t server::owner_of(id_t guild) const {
  std::lock_guard lock(impl_->mu);
  return to_id(impl_->guilds.at(guild).data["owner_id"]);
}

id_t server::bot_role(id_t guild) const {
  std::lock_guard lock(impl_->mu);
  return impl_->guilds.at(guild).bot_role;
}

id_t server::add_role(id_t guild, const std::string& name, std::uint64_t permissions, std::uint32_t color) {
  std::lock_guard lock(impl_->mu);
  auto& I = *impl_;
  id_t id = I.next_id();
  auto& g = I.guilds.at(guild);
  json role{{"id", sid(id)}, {"name", name}, {"permissions", std::to_string(permissions)},
            {"position", static_cast<int>(g.roles.size())}, {"color", color}, {"hoist", false}, {"managed", false},
            {"mentionable", false}, {"flags", 0}};
  g.roles[id] = role;
  I.dispatch(guild, "GUILD_ROLE_CREATE", {{"guild_id", sid(guild)}, {"role", role}});
  return id;
}

void server::set_role_permissions(id_t guild, id_t role, std::uint64_t permissions) {
  std::lock_guard lock(impl_->mu);
  auto& r = impl_->guilds.at(guild).roles.at(role);
  r["permissions"] = std::to_string(permissions);
  impl_->dispatch(guild, "GUILD_ROLE_UPDATE", {{"guild_id", sid(guild)}, {"role", r}});
}

void server::add_member(id_t guild, id_t user, const std::vector<id_t>& roles, bool dispatch) {
  std::lock_guard lock(impl_->mu);
  json r = json::array();
  for (auto x : roles) r.push_back(sid(x));
  impl_->guilds.at(guild).members[user] =
      json{{"roles", r}, {"joined_at", "2026-01-01T00:00:00.000000+00:00"}, {"nick", nullptr}, {"deaf", false},
           {"mute", false}, {"flags", 0}, {"pending", false}, {"avatar", nullptr}};
  if (dispatch) {
    json ev = impl_->member_with_user(guild, user);
    ev["guild_id"] = sid(guild);
    impl_->dispatch(guild, "GUILD_MEMBER_ADD", ev);
  }
}

void server::remove_member(id_t guild, id_t user) {
  std::lock_guard lock(impl_->mu);
  impl_->guilds.at(guild).members.erase(user);
  impl_->dispatch(guild, "GUILD_MEMBER_REMOVE", {{"guild_id", sid(guild)}, {"user", impl_->users.at(user)}});
}

void server::delete_role(id_t guild, id_t role) {
  std::lock_guard lock(impl_->mu);
  auto& g = impl_->guilds.at(guild);
  g.roles.erase(role);
  for (auto& [uid, m] : g.members) {
    json kept = json::array();
    for (const auto& r : m["roles"])
      if (r != sid(role)) kept.push_back(r);
    m["roles"] = kept;
  }
  for (auto& [cid, c] : impl_->channels) {
    json kept = json::array();
    for (const auto& o : c["permission_overwrites"])
      if (o["id"] != sid(role)) kept.push_back(o);
    c["permission_overwrites"] = kept;
  }
  impl_->dispatch(guild, "GUILD_ROLE_DELETE", {{"guild_id", sid(guild)}, {"role_id", sid(role)}});
}

id_t server::add_channel(id_t guild, const std::string& name, int type, std::optional<id_t> parent,
                         const json& overwrites, bool dispatch) {
  std::lock_guard lock(impl_->mu);
  id_t id = impl_->next_id();
  json ch{{"id", sid(id)},
          {"type", type},
          {"guild_id", sid(guild)},
          {"name", name},
          {"position", static_cast<int>(impl_->channels.size())},
          {"parent_id", parent ? json(sid(*parent)) : json(nullptr)},
          {"permission_overwrites", overwrites},
          {"nsfw", false},
          {"flags", 0}};
  if (type == 0 || type == 5) ch["topic"] = nullptr;
  impl_->channels[id] = ch;
  if (dispatch) impl_->dispatch(guild, "CHANNEL_CREATE", ch);
  return id;
}

void server::set_overwrites_by_user(id_t channel, const json& overwrites) {
  std::lock_guard lock(impl_->mu);
  auto it = impl_->channels.find(channel);
  if (it == impl_->channels.end()) return;
  it->second["permission_overwrites"] = overwrites;
  impl_->dispatch(to_id(it->second["guild_id"]), "CHANNEL_UPDATE", it->second);
}

void server::delete_message_by_user(id_t channel, id_t message) {
  std::lock_guard lock(impl_->mu);
  auto& list = impl_->messages[channel];
  std::erase_if(list, [&](const json& m) { return to_id(m["id"]) == message; });
  auto c = impl_->channels.find(channel);
  if (c == impl_->channels.end()) return;
  impl_->dispatch(to_id(c->second["guild_id"]), "MESSAGE_DELETE",
                  {{"id", sid(message)}, {"channel_id", sid(channel)}, {"guild_id", c->second["guild_id"]}});
}

void server::delete_channel_by_user(id_t channel) {
  std::lock_guard lock(impl_->mu);
  auto it = impl_->channels.find(channel);
  if (it == impl_->channels.end()) return;
  json gone = it->second;
  impl_->channels.erase(it);
  impl_->dispatch(to_id(gone["guild_id"]), "CHANNEL_DELETE", gone);
}

id_t server::post_user_message(id_t channel, id_t author, const std::string& content) {
  std::lock_guard lock(impl_->mu);
  json m = impl_->post_message(channel, impl_->users.at(author), {{"content", content}}, {});
  return to_id(m["id"]);
}

id_t server::post_user_message(id_t channel, id_t author, const std::string& content, const json& attachments, const json& embeds) {
  std::lock_guard lock(impl_->mu);
  std::vector<json> files(attachments.begin(), attachments.end());
  json m = impl_->post_message(channel, impl_->users.at(author), {{"content", content}, {"embeds", embeds}}, files);
  return to_id(m["id"]);
}

id_t server::slash_command(id_t guild, id_t channel, id_t user, const json& data, const std::string& locale) {
  std::lock_guard lock(impl_->mu);
  json d = data;
  if (!d.contains("type")) d["type"] = 1;
  if (!d.contains("id")) {
    for (const auto& c : impl_->commands)
      if (c["name"] == d["name"]) d["id"] = c["id"];
    if (!d.contains("id")) d["id"] = sid(impl_->next_id());
  }
  // User options come with their user and member resolved, as from a user select.
  std::vector<std::string> users;
  const std::function<void(const json&)> collect = [&](const json& options) {
    for (const auto& o : options) {
      if (o.value("type", 0) == 6 && o.contains("value")) users.push_back(o["value"].get<std::string>());
      if (o.contains("options")) collect(o["options"]);
    }
  };
  collect(d.value("options", json::array()));
  if (!users.empty() && !d.contains("resolved")) d = impl_->with_resolved(std::move(d), guild, channel, user, 5, users);
  auto payload = impl_->make_interaction(guild, channel, user, 2, d, locale, 0);
  return impl_->dispatch_interaction(std::move(payload), guild, channel, 0);
}

id_t server::click(id_t guild, id_t channel, id_t user, id_t message, const std::string& custom_id,
                   const std::string& locale) {
  std::lock_guard lock(impl_->mu);
  json d{{"custom_id", custom_id}, {"component_type", 2}};
  auto payload = impl_->make_interaction(guild, channel, user, 3, d, locale, message);
  return impl_->dispatch_interaction(std::move(payload), guild, channel, message);
}

json server::interaction_payload(id_t guild, id_t channel, id_t user, const std::string& custom_id) {
  std::lock_guard lock(impl_->mu);
  json d{{"custom_id", custom_id}, {"component_type", 2}};
  return impl_->make_interaction(guild, channel, user, 3, d, "fr", 0);
}

id_t server::dispatch_raw_interaction(id_t guild, const json& payload) {
  std::lock_guard lock(impl_->mu);
  id_t channel = payload.contains("channel_id") && payload["channel_id"].is_string()
                     ? std::stoull(payload["channel_id"].get<std::string>()) : 0;
  return impl_->dispatch_interaction(payload, guild, channel, 0);
}

void server::send_raw_gateway_text(const std::string& text) {
  std::lock_guard lock(impl_->mu);
  for (const auto& [id, s] : impl_->sessions)
    if (s.connection) impl_->send_text(s.connection, text);
}

id_t server::select(id_t guild, id_t channel, id_t user, id_t message, const std::string& custom_id,
                    int component_type, const std::vector<std::string>& values, const std::string& locale) {
  std::lock_guard lock(impl_->mu);
  json d{{"custom_id", custom_id}, {"component_type", component_type}, {"values", values}};
  d = impl_->with_resolved(std::move(d), guild, channel, user, component_type, values);
  auto payload = impl_->make_interaction(guild, channel, user, 3, d, locale, message);
  return impl_->dispatch_interaction(std::move(payload), guild, channel, message);
}

id_t server::select_on_reply(id_t guild, id_t channel, id_t user, id_t reply_of, const std::string& custom_id, int component_type,
                             const std::vector<std::string>& values, const std::string& locale) {
  std::lock_guard lock(impl_->mu);
  json d{{"custom_id", custom_id}, {"component_type", component_type}, {"values", values}};
  d = impl_->with_resolved(std::move(d), guild, channel, user, component_type, values);
  auto payload = impl_->make_interaction(guild, channel, user, 3, d, locale, 0);
  // An ephemeral reply lives only in the interaction chain: Discord sends it whole, flags 64.
  json reply = impl_->interactions.at(reply_of).outcome.original;
  reply["flags"] = 64;
  payload["message"] = reply;
  return impl_->dispatch_interaction(std::move(payload), guild, channel, 0);
}

// Selects' resolved data as Discord sends it: users; members without their user, with their
// permissions in the channel; roles; partial channels.
json server::impl::with_resolved(json d, id_t guild, id_t channel, id_t user, int component_type, const std::vector<std::string>& values) {
  if (component_type == 5 || component_type == 7) {
    json resolved = json::object();
    for (const auto& v : values) {
      id_t id = std::stoull(v);
      if (users.count(id)) resolved["users"][v] = users.at(id);
      if (guilds.at(guild).members.count(id)) {
        json m = member_with_user(guild, id);
        m.erase("user");
        m["permissions"] = std::to_string(permissions_of(guild, channel, id));
        resolved["members"][v] = m;
      }
      if (component_type == 7 && guilds.at(guild).roles.count(id)) resolved["roles"][v] = guilds.at(guild).roles.at(id);
    }
    d["resolved"] = resolved;
  }
  if (component_type == 6 || component_type == 8) {
    json resolved = json::object();
    auto& I = *this;
    for (const auto& v : values) {
      id_t id = std::stoull(v);
      if (component_type == 6) {
        auto& roles = I.guilds.at(guild).roles;
        if (roles.count(id)) resolved["roles"][v] = roles.at(id);
      } else if (I.channels.count(id)) {
        json c = I.channels.at(id);
        resolved["channels"][v] = {{"id", c["id"]}, {"type", c["type"]}, {"name", c["name"]},
                                    {"permissions", std::to_string(I.permissions_of(guild, id, user))},
                                    {"parent_id", c.value("parent_id", json(nullptr))}};
      }
    }
    d["resolved"] = resolved;
  }
  return d;
}

id_t server::submit_modal(id_t guild, id_t channel, id_t user, const std::string& custom_id,
                          const std::vector<std::pair<std::string, std::string>>& fields, const std::string& locale) {
  std::lock_guard lock(impl_->mu);
  auto payload = impl_->make_interaction(guild, channel, user, 5, modal_data(custom_id, fields), locale, 0);
  return impl_->dispatch_interaction(std::move(payload), guild, channel, 0);
}

id_t server::click_in_dm(id_t user, id_t message, const std::string& custom_id, const std::string& locale) {
  std::lock_guard lock(impl_->mu);
  json d{{"custom_id", custom_id}, {"component_type", 2}};
  auto payload = impl_->make_dm_interaction(user, 3, d, locale, message);
  return impl_->dispatch_interaction(std::move(payload), 0, impl_->dm_channel_with(user), message);
}

id_t server::submit_modal_in_dm(id_t user, id_t message, const std::string& custom_id,
                                const std::vector<std::pair<std::string, std::string>>& fields, const std::string& locale) {
  std::lock_guard lock(impl_->mu);
  // Opened from a button of `message`: the submit carries it, and may update it (callback 7).
  auto payload = impl_->make_dm_interaction(user, 5, modal_data(custom_id, fields), locale, message);
  return impl_->dispatch_interaction(std::move(payload), 0, impl_->dm_channel_with(user), message);
}

interaction_outcome server::outcome(id_t interaction) const {
  std::lock_guard lock(impl_->mu);
  auto it = impl_->interactions.find(interaction);
  return it == impl_->interactions.end() ? interaction_outcome{} : it->second.outcome;
}

std::optional<interaction_outcome> server::wait_outcome(id_t interaction, std::chrono::milliseconds timeout) const {
  bool done = wait_until(
      [&] {
        std::lock_guard lock(impl_->mu);
        auto it = impl_->interactions.find(interaction);
        if (it == impl_->interactions.end() || !it->second.outcome.responded) return false;
        const auto& o = it->second.outcome;
        // A deferred answer counts once the bot has edited it.
        if ((o.callback_type == 5) && o.original.value("loading", false)) return false;
        return true;
      },
      timeout);
  if (!done) return std::nullopt;
  std::lock_guard lock(impl_->mu);
  return impl_->interactions.at(interaction).outcome;
}

bool server::wait_until(const std::function<bool()>& pred, std::chrono::milliseconds timeout) const {
  // pred() runs without the lock: it may call the public (locking) observers.
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (pred()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::unique_lock lock(impl_->mu);
    impl_->changed.wait_for(lock, std::chrono::milliseconds(20));
  }
}

std::optional<json> server::channel(id_t id) const {
  std::lock_guard lock(impl_->mu);
  auto it = impl_->channels.find(id);
  if (it == impl_->channels.end()) return std::nullopt;
  return it->second;
}

std::vector<json> server::channels(id_t guild) const {
  std::lock_guard lock(impl_->mu);
  std::vector<json> out;
  for (const auto& [id, c] : impl_->channels)
    if (to_id(c["guild_id"]) == guild) out.push_back(c);
  return out;
}

std::vector<json> server::messages(id_t channel) const {
  std::lock_guard lock(impl_->mu);
  auto it = impl_->messages.find(channel);
  return it == impl_->messages.end() ? std::vector<json>{} : it->second;
}

void server::set_avatar(id_t user, const std::string& hash) {
  std::lock_guard lock(impl_->mu);
  impl_->users.at(user)["avatar"] = hash;
}

void server::put_cdn_file(const std::string& path, std::string bytes, const std::string& content_type) {
  std::lock_guard lock(impl_->mu);
  impl_->cdn_files[path] = {content_type, std::move(bytes)};
}

std::string server::cdn_url() const { return "http://127.0.0.1:" + std::to_string(port()); }

std::vector<json> server::dm_messages(id_t user) const {
  std::lock_guard lock(impl_->mu);
  for (const auto& [id, ch] : impl_->dm_channels)
    if (ch["recipients"][0]["id"] == std::to_string(user)) return impl_->messages[id];
  return {};
}

void server::set_dms_closed(id_t user, bool closed) {
  std::lock_guard lock(impl_->mu);
  if (closed) impl_->dms_closed.insert(user);
  else impl_->dms_closed.erase(user);
}

std::vector<json> server::pins(id_t channel) const {
  std::lock_guard lock(impl_->mu);
  std::vector<json> out;
  for (id_t mid : impl_->pinned[channel])
    for (const auto& m : impl_->messages[channel])
      if (to_id(m["id"]) == mid) out.push_back(m);
  return out;
}

std::optional<json> server::guild(id_t id) const {
  std::lock_guard lock(impl_->mu);
  if (!impl_->guilds.count(id)) return std::nullopt;
  return impl_->guild_create_payload(id);
}

std::vector<recorded_request> server::requests() const {
  std::lock_guard lock(impl_->mu);
  return impl_->requests;
}

std::vector<recorded_request> server::rejected_requests() const {
  std::lock_guard lock(impl_->mu);
  return impl_->rejected;
}

std::vector<gateway_frame_record> server::gateway_frames() const {
  std::lock_guard lock(impl_->mu);
  return impl_->frames;
}

std::vector<json> server::registered_commands() const {
  std::lock_guard lock(impl_->mu);
  return impl_->commands;
}

int server::http_connections() const {
  std::lock_guard lock(impl_->mu);
  return impl_->http_connections;
}

int server::connected_shards() const {
  std::lock_guard lock(impl_->mu);
  int n = 0;
  for (const auto& [id, s] : impl_->sessions)
    if (s.connection) ++n;
  return n;
}

std::uint64_t server::computed_permissions(id_t guild, id_t channel, id_t user) const {
  std::lock_guard lock(impl_->mu);
  return impl_->permissions_of(guild, channel, user);
}

void server::inject(fault f) {
  std::lock_guard lock(impl_->mu);
  impl_->faults.push_back(std::move(f));
}

void server::ignore_heartbeats(bool ignore) {
  std::lock_guard lock(impl_->mu);
  impl_->ignore_hb = ignore;
}

}  // namespace fake_discord
