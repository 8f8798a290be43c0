#include "discord/gateway/frames.hpp"

#include "json_mapping.hpp"

namespace discord::gateway {

namespace {

gateway_event parse_event(const std::string& name, const json& d) {
  using json_detail::read;
  if (name == "READY") {
    ready_event e;
    read(d, "user", e.self);
    read(d, "session_id", e.session_id);
    read(d, "resume_gateway_url", e.resume_gateway_url);
    if (auto it = d.find("application"); it != d.end() && it->is_object()) read(*it, "id", e.application);
    if (auto it = d.find("guilds"); it != d.end() && it->is_array())
      for (const auto& g : *it) e.guilds.push_back(g.at("id").get<guild_id>());
    return e;
  }
  if (name == "RESUMED") return resumed_event{};
  if (name == "GUILD_CREATE") return guild_create_event{d.get<guild>()};
  if (name == "GUILD_UPDATE") return guild_update_event{d.get<guild>()};
  if (name == "GUILD_DELETE") return guild_delete_event{d.at("id").get<guild_id>(), d.value("unavailable", false)};
  if (name == "INTERACTION_CREATE") return interaction_create_event{d.get<interaction>()};
  if (name == "GUILD_MEMBER_ADD") return member_add_event{d.at("guild_id").get<guild_id>(), d.get<member>()};
  if (name == "GUILD_MEMBER_UPDATE") return member_update_event{d.at("guild_id").get<guild_id>(), d.get<member>()};
  if (name == "GUILD_MEMBER_REMOVE")
    return member_remove_event{d.at("guild_id").get<guild_id>(), d.at("user").get<user>()};
  if (name == "CHANNEL_CREATE") return channel_create_event{d.get<channel>()};
  if (name == "CHANNEL_UPDATE") return channel_update_event{d.get<channel>()};
  if (name == "CHANNEL_DELETE") return channel_delete_event{d.get<channel>()};
  if (name == "GUILD_ROLE_CREATE") return role_create_event{d.at("guild_id").get<guild_id>(), d.at("role").get<role>()};
  if (name == "GUILD_ROLE_UPDATE") return role_update_event{d.at("guild_id").get<guild_id>(), d.at("role").get<role>()};
  if (name == "GUILD_ROLE_DELETE")
    return role_delete_event{d.at("guild_id").get<guild_id>(), d.at("role_id").get<role_id>()};
  if (name == "MESSAGE_CREATE") return message_create_event{d.get<message>()};
  return unknown_event{name};
}

}  // namespace

boost::system::result<frame, json_error> parse_frame(std::string_view text) {
  auto j = json::parse(text, nullptr, false);
  if (!j.is_object()) return json_error{"gateway frame is not a JSON object"};
  if (deeper_than(j, json_depth_max)) return json_error{"gateway frame nested deeper than " + std::to_string(json_depth_max) + " levels"};
  try {
    frame f;
    f.op = j.at("op").get<int>();
    if (auto it = j.find("s"); it != j.end() && it->is_number()) f.seq = it->get<std::int64_t>();
    if (auto it = j.find("t"); it != j.end() && it->is_string()) f.event_name = it->get<std::string>();
    const json& d = j.contains("d") ? j["d"] : json(nullptr);
    switch (static_cast<opcode>(f.op)) {
      case opcode::hello: f.heartbeat_interval_ms = d.at("heartbeat_interval").get<int>(); break;
      case opcode::invalid_session: f.resumable = d.is_boolean() && d.get<bool>(); break;
      case opcode::dispatch:
        if (f.event_name) f.event = parse_event(*f.event_name, d);
        break;
      default: break;
    }
    return f;
  } catch (const std::exception& e) {
    return json_error{std::string("gateway frame: ") + e.what()};
  }
}

std::string encode_identify(const identify_params& p) {
  json d{{"token", p.token},
         {"intents", p.intents},
         {"shard", json::array({p.shard_id, p.shard_count})},
         {"properties", {{"os", p.os}, {"browser", p.library}, {"device", p.library}}},
         {"compress", false},
         {"large_threshold", 250}};
  return json{{"op", static_cast<int>(opcode::identify)}, {"d", std::move(d)}}.dump();
}

std::string encode_resume(std::string_view token, std::string_view session_id, std::int64_t seq) {
  return json{{"op", static_cast<int>(opcode::resume)},
              {"d", {{"token", token}, {"session_id", session_id}, {"seq", seq}}}}
      .dump();
}

std::string encode_heartbeat(std::optional<std::int64_t> seq) {
  return json{{"op", static_cast<int>(opcode::heartbeat)}, {"d", seq ? json(*seq) : json(nullptr)}}.dump();
}

}  // namespace discord::gateway
