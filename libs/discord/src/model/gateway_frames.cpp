#include "discord/gateway/frames.hpp"

#include <simdjson.h>

#include "guild_reader.hpp"
#include "interaction_reader.hpp"
#include "message_reader.hpp"
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

// The dispatches Guichet handles; any other is named and nothing more of it is read.
bool handled(std::string_view name) {
  static constexpr std::string_view names[] = {
      "READY", "RESUMED", "GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE", "INTERACTION_CREATE", "GUILD_MEMBER_ADD",
      "GUILD_MEMBER_UPDATE", "GUILD_MEMBER_REMOVE", "CHANNEL_CREATE", "CHANNEL_UPDATE", "CHANNEL_DELETE",
      "GUILD_ROLE_CREATE", "GUILD_ROLE_UPDATE", "GUILD_ROLE_DELETE", "MESSAGE_CREATE"};
  for (auto n : names)
    if (n == name) return true;
  return false;
}

// The other, low-volume dispatches go through the model mapping (json_mapping.cpp), from `d`'s text.
gateway_event mapped_event(const std::string& name, std::string_view d_text) {
  auto d = json::parse(d_text, nullptr, false);
  if (d.is_discarded()) throw std::runtime_error("its d is not JSON");
  if (deeper_than(d, json_depth_max)) throw std::runtime_error("nested deeper than " + std::to_string(json_depth_max) + " levels");
  return parse_event(name, d);
}

// A field that may be absent; any other error (broken JSON, too deep) is the frame's.
std::optional<simdjson::ondemand::value> optional_field(simdjson::ondemand::document& doc, std::string_view key) {
  simdjson::ondemand::value v;
  const auto error = doc[key].get(v);
  if (error == simdjson::NO_SUCH_FIELD) return std::nullopt;
  if (error) throw simdjson::simdjson_error(error);
  return v;
}

}  // namespace

// simdjson's On-Demand reads the envelope, then only what the event needs: GUILD_CREATE,
// INTERACTION_CREATE and MESSAGE_CREATE straight into the model, an unhandled event not at all.
boost::system::result<frame, json_error> parse_frame(std::string_view text, const frame_options& options) {
  namespace od = simdjson::ondemand;
  // The same depth bound as the other readers (json_depth_max below `d`): hostile nesting is refused,
  // never recursed into.
  thread_local od::parser parser = [] {
    od::parser p;
    if (p.allocate(64 * 1024, json_depth_max + 2) != simdjson::SUCCESS) throw std::bad_alloc();
    return p;
  }();
  // simdjson reads past the end (SIMD blocks): the frame is copied into a buffer with that padding,
  // kept from frame to frame so that a login's thousands of frames do not allocate one each.
  // A rare huge frame does not keep its size resident afterwards.
  constexpr std::size_t kept_max = 1 << 20;
  thread_local std::vector<char> padded;
  if (padded.size() > kept_max && text.size() + simdjson::SIMDJSON_PADDING <= kept_max) std::vector<char>().swap(padded);
  if (padded.size() < text.size() + simdjson::SIMDJSON_PADDING) padded.resize(text.size() + simdjson::SIMDJSON_PADDING);
  std::copy(text.begin(), text.end(), padded.begin());
  try {
    od::document doc = parser.iterate(simdjson::padded_string_view(padded.data(), text.size(), padded.size()));
    if (doc.type() != od::json_type::object) return json_error{"gateway frame is not a JSON object"};
    frame f;
    f.op = static_cast<int>(doc["op"].get_int64());
    if (auto s = optional_field(doc, "s"); s && s->type() == od::json_type::number) f.seq = s->get_int64();
    if (auto t = optional_field(doc, "t"); t && t->type() == od::json_type::string) f.event_name = std::string(t->get_string().value());
    switch (static_cast<opcode>(f.op)) {
      case opcode::hello: f.heartbeat_interval_ms = static_cast<int>(doc["d"]["heartbeat_interval"].get_int64()); break;
      case opcode::invalid_session: {
        auto d = optional_field(doc, "d");
        f.resumable = d && d->type() == od::json_type::boolean && d->get_bool();
        break;
      }
      case opcode::dispatch:
        if (!f.event_name) break;
        if (!handled(*f.event_name)) f.event = unknown_event{*f.event_name};
        else if (*f.event_name == "GUILD_CREATE") f.event = guild_create_event{fast::read_guild(doc["d"].get_object(), options.keep_member)};
        else if (*f.event_name == "INTERACTION_CREATE") f.event = interaction_create_event{fast::read_interaction(doc["d"].get_object())};
        else if (*f.event_name == "MESSAGE_CREATE") f.event = message_create_event{fast::read_message(doc["d"].get_object())};
        else {
          od::object d = doc["d"].get_object();
          f.event = mapped_event(*f.event_name, d.raw_json());
        }
        break;
      default: break;
    }
    return f;
  } catch (const simdjson::simdjson_error& e) {
    return json_error{std::string("gateway frame: ") + e.what()};
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
