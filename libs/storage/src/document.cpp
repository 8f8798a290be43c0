#include "document.hpp"

#include <charconv>

namespace storage {

namespace {

std::string id_text(const ordered_json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_unsigned()) return std::to_string(v.get<unsigned long long>());
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  return {};
}

std::optional<std::string> opt_id(const ordered_json& doc, const char* key) {
  auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return std::nullopt;
  auto s = id_text(*it);
  if (s.empty()) return std::nullopt;
  return s;
}

std::optional<std::string> opt_text(const ordered_json& doc, const char* key) {
  auto it = doc.find(key);
  if (it == doc.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<std::int64_t> opt_int(const ordered_json& doc, const char* key) {
  auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return std::nullopt;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_number_float()) {  // a document edited by hand; out of range is unreadable, not UB
    const double d = it->get<double>();
    if (d >= -9.0e18 && d <= 9.0e18) return static_cast<std::int64_t>(d);
    return std::nullopt;
  }
  if (it->is_object()) {  // extended JSON: {"$numberLong": "123"}
    auto text = opt_text(*it, "$numberLong");
    std::int64_t v = 0;
    if (text && std::from_chars(text->data(), text->data() + text->size(), v).ec == std::errc{}) return v;
  }
  return std::nullopt;
}

// The reader never throws on a document edited by hand: a field of the wrong type reads as absent.
std::string text_or(const ordered_json& doc, const char* key, const char* fallback) {
  return opt_text(doc, key).value_or(fallback);
}

bool flag_or(const ordered_json& doc, const char* key, bool fallback) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

}  // namespace

tickets::guild_config config_from_document(const ordered_json& doc) {
  tickets::guild_config c;
  static const ordered_json no_object = ordered_json::object();
  const ordered_json& ours = doc.contains("guichet") && doc["guichet"].is_object() ? doc["guichet"] : no_object;
  const ordered_json& category_ids =
      ours.contains("category_ids") && ours["category_ids"].is_object() ? ours["category_ids"] : no_object;
  c.guild_id = discord::guild_id::parse(doc.contains("guild_id") ? id_text(doc["guild_id"]) : std::string{}).value_or(discord::guild_id{});
  if (auto it = doc.find("panel_embed"); it != doc.end() && it->is_object()) {
    tickets::panel_embed p;
    p.title = text_or(*it, "title", "");
    p.description = text_or(*it, "description", "");
    p.footer = opt_text(*it, "footer");
    p.image = opt_text(*it, "image");
    c.panel = p;
  }
  if (auto it = doc.find("categories"); it != doc.end() && it->is_object()) {
    for (const auto& [name, value] : it->items()) {
      tickets::category cat;
      cat.name = name;
      cat.id = name;  // stored before ids existed: its tickets named it
      if (auto id = opt_text(category_ids, name.c_str()); id && !id->empty()) cat.id = *id;
      if (value.is_object()) {
        if (auto id = opt_text(value, "id"); id && !id->empty() && cat.id == name) cat.id = *id;  // schema 1
        cat.description = text_or(value, "description", "");
        if (auto r = value.find("roles"); r != value.end() && r->is_array())
          for (const auto& role : *r)
            if (auto id = discord::role_id::parse(id_text(role))) cat.roles.push_back(*id);
        cat.emoji = opt_text(value, "emoji");
        if (auto col = opt_int(value, "color")) cat.color = static_cast<std::uint32_t>(*col);
        if (auto m = opt_int(value, "first_response_minutes"); m && *m > 0 && *m <= tickets::first_response_minutes_max)
          cat.first_response_minutes = static_cast<int>(*m);
        if (auto qs = value.find("questions"); qs != value.end() && qs->is_array())
          for (const auto& q : *qs) {
            if (!q.is_object() || cat.questions.size() >= tickets::questions_max) continue;
            tickets::question one;
            one.label = text_or(q, "label", "");
            if (one.label.empty()) continue;
            one.placeholder = opt_text(q, "placeholder");
            one.paragraph = text_or(q, "style", "short") == "paragraph";
            one.required = !q.contains("required") || !q["required"].is_boolean() || q["required"].get<bool>();
            if (auto n = opt_int(q, "max_length"); n && *n >= 1 && *n <= 4000) one.max_length = static_cast<int>(*n);
            cat.questions.push_back(std::move(one));
          }
      }
      // A hand-edited document may repeat an id: the later category gets its name instead, so
      // that no two categories ever share their tickets.
      if (c.category_by_id(cat.id)) cat.id = name;
      while (c.category_by_id(cat.id)) cat.id += "~";
      c.categories.push_back(std::move(cat));
    }
  }
  c.log_channel = id_from<discord::channel_tag>(opt_id(doc, "log_channel"));
  c.transcript_channel = id_from<discord::channel_tag>(opt_id(doc, "transcript_channel"));
  c.ticket_category = id_from<discord::channel_tag>(opt_id(doc, "ticket_category"));
  c.ticket_count = opt_int(doc, "ticket_count").value_or(0);
  if (auto it = doc.find("options"); it != doc.end() && it->is_object()) {
    const auto& o = *it;
    if (text_or(o, "naming", "") == "emoji_category_number") c.options.naming = tickets::naming_scheme::emoji_category_number;
    c.options.transcript_on_close = flag_or(o, "transcript_on_close", false);
    if (text_or(o, "on_member_left", "") == "delete") c.options.on_member_left = tickets::member_left_action::remove;
    if (auto h = opt_int(o, "auto_delete_hours"); h && *h > 0 && *h <= 24 * 366) c.options.auto_delete_hours = static_cast<int>(*h);
    if (auto h = opt_int(o, "close_request_hours"); h && *h > 0 && *h <= 24 * 366) c.options.close_request_hours = static_cast<int>(*h);
    c.options.dm_summary = flag_or(o, "dm_summary", true);
    c.options.dm_transcript = flag_or(o, "dm_transcript", true);
    if (auto h = opt_int(o, "inactivity_warn_hours"); h && *h > 0 && *h <= 24 * 366) c.options.inactivity_warn_hours = static_cast<int>(*h);
    if (auto h = opt_int(o, "inactivity_close_hours"); h && *h > 0 && *h <= 24 * 366) c.options.inactivity_close_hours = static_cast<int>(*h);
    if (auto n = opt_int(o, "opens_per_window"); n && *n > 0 && *n <= 100) c.options.opens_per_window = static_cast<int>(*n);
    if (auto m = opt_int(o, "open_window_minutes"); m && *m > 0 && *m <= 24 * 60) c.options.open_window_minutes = static_cast<int>(*m);
    if (auto k = opt_int(o, "closed_per_member_max"); k && *k > 0 && *k <= 50) c.options.closed_per_member_max = static_cast<int>(*k);
    if (auto f = opt_int(o, "overflow_categories_max"); f && *f >= 0 && *f <= 9) c.options.overflow_categories_max = static_cast<int>(*f);
  }
  // Schema 1 kept Guichet's bookkeeping at the top level; a document not migrated yet reads the same.
  const ordered_json& overflow = ours.contains("overflow_categories") ? ours : doc;
  if (auto it = overflow.find("overflow_categories"); it != overflow.end() && it->is_array())
    for (const auto& v : *it)
      if (auto id = discord::channel_id::parse(id_text(v))) c.overflow_categories.push_back(*id);
  c.revision = opt_int(ours, "revision").value_or(opt_int(doc, "config_revision").value_or(0));
  if (auto b = doc.find("blacklist"); b != doc.end() && b->is_object()) {
    if (auto r = b->find("roles"); r != b->end() && r->is_array())
      for (const auto& v : *r)
        if (auto id = discord::role_id::parse(id_text(v))) c.blocked_roles.push_back(*id);
    if (auto m = b->find("members"); m != b->end() && m->is_array())
      for (const auto& v : *m)
        if (auto id = discord::user_id::parse(id_text(v))) c.blocked_members.push_back(*id);
  }
  return c;
}

ordered_json config_to_document(const tickets::guild_config& c) {
  ordered_json doc;
  doc["guild_id"] = c.guild_id.str();
  if (c.panel) {
    ordered_json p;
    p["title"] = c.panel->title;
    p["description"] = c.panel->description;
    if (c.panel->footer) p["footer"] = *c.panel->footer;
    if (c.panel->image) p["image"] = *c.panel->image;
    doc["panel_embed"] = p;
  }
  ordered_json cats = ordered_json::object();
  for (const auto& cat : c.categories) {
    ordered_json v;
    v["description"] = cat.description;
    ordered_json roles = ordered_json::array();
    for (auto r : cat.roles) roles.push_back(r.str());
    v["roles"] = roles;
    if (cat.emoji) v["emoji"] = *cat.emoji;
    if (cat.color) v["color"] = *cat.color;
    if (cat.first_response_minutes) v["first_response_minutes"] = *cat.first_response_minutes;
    if (!cat.questions.empty()) {
      ordered_json qs = ordered_json::array();
      for (const auto& q : cat.questions) {
        ordered_json one{{"label", q.label}, {"style", q.paragraph ? "paragraph" : "short"}, {"required", q.required}, {"max_length", q.max_length}};
        if (q.placeholder) one["placeholder"] = *q.placeholder;
        qs.push_back(std::move(one));
      }
      v["questions"] = std::move(qs);
    }
    cats[cat.name] = v;
  }
  doc["categories"] = cats;
  ordered_json ids = ordered_json::object();
  for (const auto& cat : c.categories) ids[cat.name] = cat.id;
  if (c.log_channel) doc["log_channel"] = c.log_channel->str();
  if (c.transcript_channel) doc["transcript_channel"] = c.transcript_channel->str();
  if (c.ticket_category) doc["ticket_category"] = c.ticket_category->str();
  doc["ticket_count"] = c.ticket_count;
  ordered_json o;
  o["naming"] = c.options.naming == tickets::naming_scheme::emoji_category_number ? "emoji_category_number" : "number_username";
  o["transcript_on_close"] = c.options.transcript_on_close;
  o["on_member_left"] = c.options.on_member_left == tickets::member_left_action::remove ? "delete" : "close";
  if (c.options.auto_delete_hours) o["auto_delete_hours"] = *c.options.auto_delete_hours;
  if (c.options.close_request_hours) o["close_request_hours"] = *c.options.close_request_hours;
  o["dm_summary"] = c.options.dm_summary;
  o["dm_transcript"] = c.options.dm_transcript;
  if (c.options.inactivity_warn_hours) o["inactivity_warn_hours"] = *c.options.inactivity_warn_hours;
  const tickets::guild_options defaults;  // written only when an admin changed them
  if (c.options.inactivity_close_hours != defaults.inactivity_close_hours) o["inactivity_close_hours"] = c.options.inactivity_close_hours;
  if (c.options.opens_per_window != defaults.opens_per_window) o["opens_per_window"] = c.options.opens_per_window;
  if (c.options.open_window_minutes != defaults.open_window_minutes) o["open_window_minutes"] = c.options.open_window_minutes;
  if (c.options.closed_per_member_max != defaults.closed_per_member_max) o["closed_per_member_max"] = c.options.closed_per_member_max;
  if (c.options.overflow_categories_max != defaults.overflow_categories_max)
    o["overflow_categories_max"] = c.options.overflow_categories_max;
  doc["options"] = o;
  if (!c.blocked_roles.empty() || !c.blocked_members.empty()) {
    ordered_json roles = ordered_json::array(), members = ordered_json::array();
    for (auto r : c.blocked_roles) roles.push_back(r.str());
    for (auto m : c.blocked_members) members.push_back(m.str());
    doc["blacklist"] = ordered_json{{"roles", roles}, {"members", members}};
  }
  doc["guichet"] = ordered_json{{"schema", document_schema}, {"category_ids", ids}};
  return doc;  // no overflow categories (their own operations) nor revision (the store's)
}

bool migrate_document(ordered_json& doc) {
  if (!doc.is_object()) return false;
  const ordered_json before = doc;
  if (!doc.contains("guichet") || !doc["guichet"].is_object()) doc["guichet"] = ordered_json::object();
  ordered_json& ours = doc["guichet"];
  if (auto it = doc.find("categories"); it != doc.end() && it->is_object()) {
    for (auto& [name, value] : it->items()) {
      if (!value.is_object() || !value.contains("id")) continue;
      if (value["id"].is_string() && !value["id"].get<std::string>().empty()) {
        if (!ours.contains("category_ids") || !ours["category_ids"].is_object()) ours["category_ids"] = ordered_json::object();
        auto& known = ours["category_ids"][name];
        if (!known.is_string() || known.get<std::string>().empty()) known = value["id"];
      }
      value.erase("id");
    }
  }
  for (const auto& [old_key, new_key] : {std::pair{"overflow_categories", "overflow_categories"}, {"config_revision", "revision"},
                                         {"open_slots", "open_slots"}}) {
    auto it = doc.find(old_key);
    if (it == doc.end()) continue;
    const bool empty_object = it->is_object() && it->empty();
    if (!doc["guichet"].contains(new_key) && !empty_object) doc["guichet"][new_key] = *it;
    doc.erase(old_key);  // an ordered object is a vector: references into `doc` are invalid from here
  }
  doc["guichet"]["schema"] = document_schema;
  return doc != before;
}

ordered_json ticket_to_document(const tickets::ticket& t) {
  ordered_json d;
  d["guild_id"] = t.guild_id.str();
  d["number"] = t.number;
  d["channel_id"] = t.channel_id ? ordered_json(t.channel_id->str()) : ordered_json(nullptr);
  d["owner_id"] = t.owner_id.str();
  d["owner_name"] = t.owner_name;
  d["category"] = t.category;
  d["category_id"] = t.category_id;
  d["status"] = std::string(tickets::to_string(t.state));
  d["claimer_id"] = t.claimer_id ? ordered_json(t.claimer_id->str()) : ordered_json(nullptr);
  if (!t.claimer_name.empty()) d["claimer_name"] = t.claimer_name;
  d["created_at_ms"] = t.created_at_ms;
  auto opt = [&](const char* k, const std::optional<std::int64_t>& v) { d[k] = v ? ordered_json(*v) : ordered_json(nullptr); };
  opt("claimed_at_ms", t.claimed_at_ms);
  opt("first_staff_reply_at_ms", t.first_staff_reply_at_ms);
  opt("closed_at_ms", t.closed_at_ms);
  opt("first_closed_at_ms", t.first_closed_at_ms);
  opt("deleted_at_ms", t.deleted_at_ms);
  opt("delete_after_ms", t.delete_after_ms);
  if (t.archived_at_ms) d["archived_at_ms"] = *t.archived_at_ms;
  if (t.welcome_message_id) d["welcome_message_id"] = t.welcome_message_id->str();
  d["added_members"] = ordered_json::array();
  for (auto m : t.added_members) d["added_members"].push_back(m.str());
  if (t.close_reason) d["close_reason"] = *t.close_reason;
  if (t.custom_name) d["custom_name"] = *t.custom_name;
  if (t.closed_by) d["closed_by"] = t.closed_by->str();
  if (t.first_staff_reply_by) d["first_staff_reply_by"] = t.first_staff_reply_by->str();
  if (t.first_response_alerted_at_ms) d["first_response_alerted_at_ms"] = *t.first_response_alerted_at_ms;
  if (t.close_requested_at_ms) d["close_requested_at_ms"] = *t.close_requested_at_ms;
  if (t.close_request_message_id) d["close_request_message_id"] = t.close_request_message_id->str();
  if (t.summary_sent_at_ms) d["summary_sent_at_ms"] = *t.summary_sent_at_ms;
  if (t.rating) d["rating"] = *t.rating;
  if (t.rating_comment) d["rating_comment"] = *t.rating_comment;
  if (t.rated_at_ms) d["rated_at_ms"] = *t.rated_at_ms;
  if (t.activity_at_ms) d["activity_at_ms"] = *t.activity_at_ms;
  if (t.inactivity_warned_at_ms) d["inactivity_warned_at_ms"] = *t.inactivity_warned_at_ms;
  if (t.inactivity_off) d["inactivity_off"] = true;
  if (t.reopen_count) d["reopen_count"] = t.reopen_count;
  if (!t.answers.empty()) {
    d["answers"] = ordered_json::array();
    for (const auto& [q, a] : t.answers) d["answers"].push_back({{"question", q}, {"answer", a}});
  }
  return d;
}

tickets::ticket ticket_from_document(const ordered_json& d) {
  tickets::ticket t;
  t.guild_id = discord::guild_id::parse(d.contains("guild_id") ? id_text(d["guild_id"]) : "").value_or(discord::guild_id{});
  t.number = opt_int(d, "number").value_or(0);
  t.channel_id = id_from<discord::channel_tag>(opt_id(d, "channel_id"));
  t.owner_id = discord::user_id::parse(d.contains("owner_id") ? id_text(d["owner_id"]) : "").value_or(discord::user_id{});
  t.owner_name = text_or(d, "owner_name", "");
  t.category = text_or(d, "category", "");
  t.category_id = opt_text(d, "category_id").value_or(t.category);  // tickets from before ids: see category::id
  t.state = tickets::status_from_string(text_or(d, "status", "open")).value_or(tickets::status::open);
  t.claimer_id = id_from<discord::user_tag>(opt_id(d, "claimer_id"));
  t.claimer_name = text_or(d, "claimer_name", "");
  t.created_at_ms = opt_int(d, "created_at_ms").value_or(0);
  t.claimed_at_ms = opt_int(d, "claimed_at_ms");
  t.first_staff_reply_at_ms = opt_int(d, "first_staff_reply_at_ms");
  t.closed_at_ms = opt_int(d, "closed_at_ms");
  t.first_closed_at_ms = opt_int(d, "first_closed_at_ms");
  t.deleted_at_ms = opt_int(d, "deleted_at_ms");
  t.delete_after_ms = opt_int(d, "delete_after_ms");
  t.archived_at_ms = opt_int(d, "archived_at_ms");
  t.welcome_message_id = id_from<discord::message_tag>(opt_id(d, "welcome_message_id"));
  if (auto m = d.find("added_members"); m != d.end() && m->is_array())
    for (const auto& id : *m)
      if (auto u = discord::user_id::parse(id_text(id))) t.added_members.push_back(*u);
  t.close_reason = opt_text(d, "close_reason");
  t.custom_name = opt_text(d, "custom_name");
  t.closed_by = id_from<discord::user_tag>(opt_id(d, "closed_by"));
  t.first_staff_reply_by = id_from<discord::user_tag>(opt_id(d, "first_staff_reply_by"));
  t.first_response_alerted_at_ms = opt_int(d, "first_response_alerted_at_ms");
  t.close_requested_at_ms = opt_int(d, "close_requested_at_ms");
  t.close_request_message_id = id_from<discord::message_tag>(opt_id(d, "close_request_message_id"));
  t.summary_sent_at_ms = opt_int(d, "summary_sent_at_ms");
  if (auto r = opt_int(d, "rating"); r && *r >= 1 && *r <= tickets::rating_max) t.rating = static_cast<int>(*r);
  t.rating_comment = opt_text(d, "rating_comment");
  t.rated_at_ms = opt_int(d, "rated_at_ms");
  t.activity_at_ms = opt_int(d, "activity_at_ms");
  t.inactivity_warned_at_ms = opt_int(d, "inactivity_warned_at_ms");
  t.inactivity_off = flag_or(d, "inactivity_off", false);
  t.reopen_count = opt_int(d, "reopen_count").value_or(0);
  if (auto a = d.find("answers"); a != d.end() && a->is_array())
    for (const auto& qa : *a)
      if (qa.is_object()) t.answers.emplace_back(text_or(qa, "question", ""), text_or(qa, "answer", ""));
  return t;
}

}  // namespace storage
