// Request body validation, from Discord's OpenAPI spec and docs (see ../shared/discord/endpoints.md).

#include <set>

#include "fake_impl.hpp"

namespace fake_discord {

std::size_t text_length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

namespace {

struct checker {
  json errors = json::object();

  void fail(const std::string& path, const std::string& code, const std::string& message) {
    auto& slot = errors[json::json_pointer(path + "/_errors")];
    if (!slot.is_array()) slot = json::array();
    slot.push_back({{"code", code}, {"message", message}});
  }
  void max_len(const json& obj, const char* key, std::size_t max, const std::string& path) {
    if (!obj.is_object() || !obj.contains(key) || obj[key].is_null()) return;
    if (!obj[key].is_string()) return fail(path + "/" + key, "MODEL_TYPE_CONVERT", "Could not interpret as string.");
    if (text_length(obj[key].get<std::string>()) > max)
      fail(path + "/" + key, "BASE_TYPE_MAX_LENGTH", "Must be " + std::to_string(max) + " or fewer in length.");
  }
  void len_range(const json& obj, const char* key, std::size_t min, std::size_t max, const std::string& path,
                 bool required) {
    if (!obj.is_object() || !obj.contains(key) || obj[key].is_null()) {
      if (required) fail(path + "/" + key, "BASE_TYPE_REQUIRED", "This field is required");
      return;
    }
    if (!obj[key].is_string()) return fail(path + "/" + key, "MODEL_TYPE_CONVERT", "Could not interpret as string.");
    auto n = text_length(obj[key].get<std::string>());
    if (n < min || n > max)
      fail(path + "/" + key, "BASE_TYPE_BAD_LENGTH",
           "Must be between " + std::to_string(min) + " and " + std::to_string(max) + " in length.");
  }
  void http_url(const json& obj, const char* key, const std::string& path) {
    if (!obj.is_object() || !obj.contains(key) || !obj[key].is_string()) return;
    auto v = obj[key].get<std::string>();
    if (v.rfind("http://", 0) != 0 && v.rfind("https://", 0) != 0 && v.rfind("attachment://", 0) != 0)
      fail(path + "/" + key, "URL_TYPE_INVALID_URL", "Not a well formed URL.");
  }

  std::size_t embed_text(const json& e) {
    auto len = [&](const json& o, const char* k) -> std::size_t {
      if (!o.is_object() || !o.contains(k) || !o[k].is_string()) return 0;
      std::string s = o[k].get<std::string>();
      auto b = s.find_first_not_of(" \t\n\r");
      auto en = s.find_last_not_of(" \t\n\r");
      return b == std::string::npos ? 0 : text_length(s.substr(b, en - b + 1));
    };
    std::size_t n = len(e, "title") + len(e, "description");
    if (e.contains("footer")) n += len(e["footer"], "text");
    if (e.contains("author")) n += len(e["author"], "name");
    if (e.contains("fields") && e["fields"].is_array())
      for (const auto& f : e["fields"]) n += len(f, "name") + len(f, "value");
    return n;
  }

  void embed(const json& e, const std::string& p) {
    max_len(e, "title", 256, p);
    max_len(e, "description", 4096, p);
    max_len(e, "url", 2048, p);
    http_url(e, "url", p);
    if (e.contains("color") && e["color"].is_number() &&
        (e["color"].get<long long>() < 0 || e["color"].get<long long>() > 0xFFFFFF))
      fail(p + "/color", "NUMBER_TYPE_MAX", "int value should be less than or equal to 16777215.");
    if (e.contains("footer")) max_len(e["footer"], "text", 2048, p + "/footer");
    if (e.contains("author")) max_len(e["author"], "name", 256, p + "/author");
    for (const char* media : {"image", "thumbnail"})
      if (e.contains(media)) {
        max_len(e[media], "url", 2048, p + "/" + media);
        http_url(e[media], "url", p + "/" + media);
      }
    if (e.contains("fields") && e["fields"].is_array()) {
      if (e["fields"].size() > 25) fail(p + "/fields", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
      for (std::size_t i = 0; i < e["fields"].size(); ++i) {
        const auto& f = e["fields"][i];
        auto fp = p + "/fields/" + std::to_string(i);
        len_range(f, "name", 1, 256, fp, true);
        len_range(f, "value", 1, 1024, fp, true);
      }
    }
  }

  void select_common(const json& c, const std::string& p, std::size_t option_count) {
    max_len(c, "placeholder", 150, p);
    int min_v = c.value("min_values", 1), max_v = c.value("max_values", 1);
    if (min_v < 0 || min_v > 25) fail(p + "/min_values", "NUMBER_TYPE_MAX", "min_values must be 0..25");
    if (max_v < 1 || max_v > 25) fail(p + "/max_values", "NUMBER_TYPE_MAX", "max_values must be 1..25");
    if (min_v > max_v) fail(p + "/min_values", "SELECT_COMPONENT_MIN_MAX", "min_values must be <= max_values");
    if (option_count && static_cast<std::size_t>(max_v) > option_count)
      fail(p + "/max_values", "SELECT_COMPONENT_MAX_VALUES", "max_values exceeds the number of options");
  }

  void component(const json& c, const std::string& p, std::set<std::string>& ids, bool in_modal) {
    int type = c.value("type", 0);
    if (c.contains("custom_id")) {
      len_range(c, "custom_id", 1, 100, p, false);
      if (c["custom_id"].is_string() && !ids.insert(c["custom_id"].get<std::string>()).second)
        fail(p + "/custom_id", "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated");
    }
    switch (type) {
      case 2: {  // button
        max_len(c, "label", 80, p);
        int style = c.value("style", 0);
        if (style < 1 || style > 6) fail(p + "/style", "BASE_TYPE_CHOICES", "Value must be one of {1..6}.");
        if (style == 5) {
          if (!c.contains("url")) fail(p + "/url", "BASE_TYPE_REQUIRED", "This field is required");
          if (c.contains("custom_id")) fail(p + "/custom_id", "BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED", "A link button cannot have a custom_id");
          max_len(c, "url", 512, p);
        } else if (style != 6 && !c.contains("custom_id")) {
          fail(p + "/custom_id", "BASE_TYPE_REQUIRED", "This field is required");
        }
        if (!c.contains("label") && !c.contains("emoji"))
          fail(p, "BUTTON_COMPONENT_INVALID", "A button needs a label or an emoji");
        if (c.contains("emoji")) max_len(c["emoji"], "name", 32, p + "/emoji");
        break;
      }
      case 3: {  // string select
        if (!c.contains("custom_id")) fail(p + "/custom_id", "BASE_TYPE_REQUIRED", "This field is required");
        const auto& opts = c.contains("options") ? c["options"] : json::array();
        if (opts.empty() || opts.size() > 25)
          fail(p + "/options", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 25 in length.");
        std::set<std::string> values;
        for (std::size_t i = 0; i < opts.size(); ++i) {
          auto op = p + "/options/" + std::to_string(i);
          len_range(opts[i], "label", 1, 100, op, true);
          len_range(opts[i], "value", 1, 100, op, true);
          max_len(opts[i], "description", 100, op);
          if (opts[i].contains("emoji")) max_len(opts[i]["emoji"], "name", 32, op + "/emoji");
          if (opts[i].contains("value") && !values.insert(opts[i]["value"].dump()).second)
            fail(op + "/value", "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED", "Option values must be unique");
        }
        select_common(c, p, opts.size());
        break;
      }
      case 5: case 6: case 7: case 8: {  // user, role, mentionable, channel selects
        if (!c.contains("custom_id")) fail(p + "/custom_id", "BASE_TYPE_REQUIRED", "This field is required");
        select_common(c, p, 0);
        if (c.contains("default_values") && c["default_values"].size() > 25)
          fail(p + "/default_values", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
        break;
      }
      case 4: {  // text input
        if (!in_modal) fail(p, "COMPONENT_TYPE_INVALID", "Text inputs are only allowed in modals");
        len_range(c, "custom_id", 1, 100, p, true);
        max_len(c, "label", 45, p);
        max_len(c, "placeholder", 100, p);
        max_len(c, "value", 4000, p);
        int style = c.value("style", 0);
        if (style != 1 && style != 2) fail(p + "/style", "BASE_TYPE_CHOICES", "Value must be one of {1, 2}.");
        int min_l = c.value("min_length", 0), max_l = c.value("max_length", 4000);
        if (min_l < 0 || min_l > 4000 || max_l < 1 || max_l > 4000 || min_l > max_l)
          fail(p + "/max_length", "BASE_TYPE_BAD_LENGTH", "min_length/max_length out of range");
        if (c.contains("value") && c["value"].is_string() &&
            text_length(c["value"].get<std::string>()) > static_cast<std::size_t>(max_l))
          fail(p + "/value", "BASE_TYPE_MAX_LENGTH", "value longer than max_length");
        break;
      }
      case 18: {  // label (modals)
        if (!in_modal) fail(p, "COMPONENT_TYPE_INVALID", "Labels are only allowed in modals");
        len_range(c, "label", 1, 45, p, true);
        max_len(c, "description", 100, p);
        if (!c.contains("component")) fail(p + "/component", "BASE_TYPE_REQUIRED", "This field is required");
        else component(c["component"], p + "/component", ids, in_modal);
        break;
      }
      default:
        fail(p + "/type", "BASE_TYPE_CHOICES", "Unsupported component type " + std::to_string(type));
    }
  }

  void action_row(const json& row, const std::string& p, std::set<std::string>& ids, bool in_modal) {
    if (row.value("type", 0) != 1) {
      if (in_modal && row.value("type", 0) == 18) return component(row, p, ids, true);
      return fail(p + "/type", "BASE_TYPE_CHOICES", "Top-level components must be action rows");
    }
    const auto& children = row.contains("components") ? row["components"] : json::array();
    if (children.empty() || children.size() > 5)
      return fail(p + "/components", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.");
    int selects = 0, buttons = 0, inputs = 0;
    for (std::size_t i = 0; i < children.size(); ++i) {
      int t = children[i].value("type", 0);
      if (t == 2) ++buttons;
      else if (t == 4) ++inputs;
      else ++selects;
      component(children[i], p + "/components/" + std::to_string(i), ids, in_modal);
    }
    // An action row holds up to 5 buttons or exactly one select (components/reference.mdx).
    if (selects > 1 || (selects == 1 && children.size() > 1) || (inputs > 0 && children.size() > 1))
      fail(p + "/components", "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "The specified component exceeds the maximum width");
  }
};

}  // namespace

json validate_message_body(const json& body, bool is_interaction) {
  checker c;
  if (!body.is_object()) {
    c.fail("", "MODEL_TYPE_CONVERT", "Expected an object");
    return c.errors;
  }
  c.max_len(body, "content", 2000, "");
  if (body.contains("embeds") && body["embeds"].is_array()) {
    const auto& embeds = body["embeds"];
    if (embeds.size() > 10) c.fail("/embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.");
    std::size_t total = 0;
    for (std::size_t i = 0; i < embeds.size(); ++i) {
      c.embed(embeds[i], "/embeds/" + std::to_string(i));
      total += c.embed_text(embeds[i]);
    }
    if (total > 6000) c.fail("/embeds", "MESSAGE_EMBED_TOTAL_LENGTH", "Embed size exceeds maximum size of 6000");
  }
  if (body.contains("components") && body["components"].is_array()) {
    const auto& rows = body["components"];
    std::uint64_t flags = body.value("flags", 0ULL);
    bool v2 = flags & (1ULL << 15);
    if (!v2 && rows.size() > 5) c.fail("/components", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.");
    std::set<std::string> ids;
    for (std::size_t i = 0; i < rows.size(); ++i) c.action_row(rows[i], "/components/" + std::to_string(i), ids, false);
  }
  if (body.contains("allowed_mentions") && body["allowed_mentions"].is_object()) {
    const auto& am = body["allowed_mentions"];
    auto parse = am.value("parse", json::array());
    for (const char* kind : {"users", "roles"}) {
      bool parsed = std::find(parse.begin(), parse.end(), json(kind)) != parse.end();
      if (parsed && am.contains(kind) && !am[kind].empty())
        c.fail(std::string("/allowed_mentions/") + kind, "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
               "parse:[\"" + std::string(kind) + "\"] and " + kind + ": [ids...] are mutually exclusive.");
      if (am.contains(kind) && am[kind].size() > 100)
        c.fail(std::string("/allowed_mentions/") + kind, "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.");
    }
  }
  (void)is_interaction;
  return c.errors;
}

json validate_modal(const json& data) {
  checker c;
  c.len_range(data, "custom_id", 1, 100, "/data", true);
  c.len_range(data, "title", 1, 45, "/data", true);
  const auto& rows = data.contains("components") ? data["components"] : json::array();
  if (rows.empty() || rows.size() > 5) c.fail("/data/components", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < rows.size(); ++i) c.action_row(rows[i], "/data/components/" + std::to_string(i), ids, true);
  return c.errors;
}

json validate_channel_body(const json& body, bool creating) {
  checker c;
  if (creating || body.contains("name")) c.len_range(body, "name", 1, 100, "", creating);
  int type = body.value("type", 0);
  if (type == 0 || type == 5) c.max_len(body, "topic", 1024, "");
  if (body.contains("permission_overwrites")) {
    const auto& ows = body["permission_overwrites"];
    if (!ows.is_array() || ows.size() > 100)
      c.fail("/permission_overwrites", "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.");
    else
      for (std::size_t i = 0; i < ows.size(); ++i) {
        if (!ows[i].contains("id")) c.fail("/permission_overwrites/" + std::to_string(i) + "/id", "BASE_TYPE_REQUIRED", "This field is required");
        int t = ows[i].value("type", -1);
        if (t != 0 && t != 1) c.fail("/permission_overwrites/" + std::to_string(i) + "/type", "BASE_TYPE_CHOICES", "Value must be one of {0, 1}.");
      }
  }
  return c.errors;
}

json validate_commands(const json& body) {
  checker c;
  if (!body.is_array()) {
    c.fail("", "MODEL_TYPE_CONVERT", "Expected an array");
    return c.errors;
  }
  if (body.size() > 130) c.fail("", "BASE_TYPE_MAX_LENGTH", "Must be 130 or fewer in length.");
  std::function<void(const json&, const std::string&, bool)> check = [&](const json& cmd, const std::string& p, bool top) {
    c.len_range(cmd, "name", 1, 32, p, true);
    if (cmd.contains("name") && cmd["name"].is_string()) {
      auto n = cmd["name"].get<std::string>();
      for (unsigned char ch : n)
        if (ch < 0x80 && !(std::islower(ch) || std::isdigit(ch) || ch == '-' || ch == '_' || ch == '\''))
          c.fail(p + "/name", "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
    }
    c.len_range(cmd, "description", top ? 0 : 1, 100, p, !top);
    for (const char* loc : {"name_localizations", "description_localizations"})
      if (cmd.contains(loc) && cmd[loc].is_object())
        for (auto& [k, v] : cmd[loc].items())
          if (!v.is_string() || text_length(v.get<std::string>()) < 1 ||
              text_length(v.get<std::string>()) > (std::string(loc) == "name_localizations" ? 32u : 100u))
            c.fail(p + "/" + loc + "/" + k, "BASE_TYPE_BAD_LENGTH", "bad localization length");
    if (cmd.contains("options")) {
      if (cmd["options"].size() > 25) c.fail(p + "/options", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
      for (std::size_t i = 0; i < cmd["options"].size(); ++i) check(cmd["options"][i], p + "/options/" + std::to_string(i), false);
    }
  };
  for (std::size_t i = 0; i < body.size(); ++i) check(body[i], "/" + std::to_string(i), true);
  return c.errors;
}

}  // namespace fake_discord
