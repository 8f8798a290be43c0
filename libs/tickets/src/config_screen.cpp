#include <algorithm>
#include "tickets/config_screen.hpp"

#include "tickets/config_edit.hpp"
#include "tickets/text_fit.hpp"

#include "discord/limits.hpp"
#include "tickets/custom_id.hpp"
#include "tickets/overwrites.hpp"
#include "tickets/screens.hpp"

namespace tickets {

using discord::component;
using discord::component_type;
using discord::permission;
using discord::permissions;

namespace {



component row(std::vector<component> children) {
  component r;
  r.type = component_type::action_row;
  r.components = std::move(children);
  return r;
}

component button(std::string label, std::string custom_id, discord::button_style style, bool disabled = false) {
  component b;
  b.type = component_type::button;
  b.style = static_cast<int>(style);
  b.label = std::move(label);
  b.custom_id = std::move(custom_id);
  b.disabled = disabled;
  return b;
}

component channel_select(std::string custom_id, std::string placeholder, std::vector<int> types,
                         const std::optional<discord::channel_id>& current) {
  component c;
  c.type = component_type::channel_select;
  c.custom_id = std::move(custom_id);
  c.placeholder = std::move(placeholder);
  c.channel_types = std::move(types);
  c.min_values = 1;
  c.max_values = 1;
  if (current) c.default_values.push_back({current->str(), "channel"});
  return c;
}

discord::select_option option(std::string label, std::string value, bool chosen = false) {
  discord::select_option o;
  o.label = std::move(label);
  o.value = std::move(value);
  o.default_ = chosen;
  return o;
}

component string_select(std::string custom_id, std::string placeholder, std::vector<discord::select_option> options) {
  component c;
  c.type = component_type::string_select;
  c.custom_id = std::move(custom_id);
  c.placeholder = std::move(placeholder);
  c.options = std::move(options);
  c.min_values = 1;
  c.max_values = 1;
  return c;
}

component text_input(std::string custom_id, std::string label, discord::text_input_style style, bool required,
                     std::size_t max, const std::optional<std::string>& value) {
  component t;
  t.type = component_type::text_input;
  t.custom_id = std::move(custom_id);
  t.label = std::move(label);
  t.style = static_cast<int>(style);
  t.required = required;
  t.max_length = static_cast<int>(max);
  if (value && !value->empty()) t.value = *value;
  return t;
}

std::string missing_names(const permissions& p) {
  std::string out;
  for (auto n : p.names()) out += (out.empty() ? "`" : ", `") + std::string(n) + "`";
  return out;
}

const permissions channel_needs{permission::view_channel, permission::send_messages, permission::embed_links,
                                permission::attach_files};

std::string channel_state(const std::optional<discord::channel_id>& id, const server_view& v, bool category, lang l) {
  if (!id) return std::string(text(l, msg::cfg_missing));
  auto it = v.channels.find(*id);
  if (it == v.channels.end()) return format(l, msg::cfg_gone, "`" + id->str() + "`");
  auto need = category ? bot_required_permissions() : channel_needs;
  auto lacking = it->second.bot.missing_from(need);
  std::string out = channel_mention(*id);
  if (!lacking.empty()) out += "\n" + format(l, msg::cfg_bot_lacks, missing_names(lacking));
  return out;
}

}  // namespace

namespace {

std::string categories_state(const guild_config& c, const server_view& v, lang l) {
  std::string cats;
  for (const auto& cat : c.categories) {
    cats += "• " + (cat.emoji ? *cat.emoji + " " : std::string{}) + "**" + cat.name + "** — ";
    std::string roles;
    bool any_alive = false;
    for (const auto& r : cat.roles) {
      roles += v.roles.count(r) ? role_mention(r) + " " : format(l, msg::cfg_role_gone, "`" + r.str() + "`") + " ";
      any_alive = any_alive || v.roles.count(r);
    }
    cats += roles.empty() || !any_alive ? roles + std::string(text(l, msg::cfg_no_role)) : roles;
    cats += "\n";
  }
  return cats.empty() ? std::string(text(l, msg::cfg_missing)) : cats;
}

std::string options_state(const guild_options& o, lang l) {
  std::string opts = std::string(text(l, o.naming == naming_scheme::emoji_category_number ? msg::cfg_opt_naming_ts : msg::cfg_opt_naming_default));
  opts += " · " + format(l, msg::label_value, text(l, msg::cfg_opt_transcript), text(l, o.transcript_on_close ? msg::cfg_opt_yes : msg::cfg_opt_no));
  opts += " · " + format(l, msg::label_value, text(l, msg::cfg_opt_autodelete),
                         o.auto_delete_hours ? format(l, msg::cfg_opt_after, std::to_string(*o.auto_delete_hours))
                                             : std::string(text(l, msg::cfg_opt_off)));
  return opts;
}

// Every problem a validation would refuse, listed while the admin edits.
std::string problems_state(const guild_config& c, const server_view& v, lang l) {
  std::string out;
  for (const auto& p : validate_setup(c, v, l)) out += p + "\n";
  return out.empty() ? std::string(text(l, msg::cfg_ready)) : out;
}

std::vector<component> control_rows(const config_draft& shown, lang l) {
  const guild_config& c = shown.config;
  const bool draft = !shown.stamp.empty();
  std::vector<component> buttons;
  if (draft) {
    buttons.push_back(button(std::string(text(l, msg::cfg_button_validate)), control_on(shown, config_control::validate), discord::button_style::success));
    buttons.push_back(button(std::string(text(l, msg::cfg_button_cancel)), control_on(shown, config_control::cancel), discord::button_style::danger));
  }
  buttons.push_back(button(std::string(text(l, msg::cfg_button_panel)), control_on(shown, config_control::panel), discord::button_style::primary));
  buttons.push_back(button(std::string(text(l, msg::cfg_button_add)), control_on(shown, config_control::add), discord::button_style::secondary,
                           c.categories.size() >= max_categories));
  buttons.push_back(button(std::string(text(l, msg::cfg_button_options)), control_on(shown, config_control::options), discord::button_style::secondary));
  std::vector<component> rows{row(std::move(buttons)),
                              row({channel_select(control_on(shown, config_control::log), std::string(text(l, msg::cfg_pick_log)), {0, 5}, c.log_channel)}),
                              row({channel_select(control_on(shown, config_control::transcript), std::string(text(l, msg::cfg_pick_transcript)), {0, 5}, c.transcript_channel)}),
                              row({channel_select(control_on(shown, config_control::ticket_category), std::string(text(l, msg::cfg_pick_category)), {4}, c.ticket_category)})};
  // Discord allows 5 rows: the last one edits the categories, or starts them on an empty server.
  if (c.categories.empty()) {
    rows.push_back(row({button(std::string(text(l, msg::cfg_button_start)), control_on(shown, config_control::start), discord::button_style::success)}));
    return rows;
  }
  std::vector<discord::select_option> edits;
  for (std::size_t i = 0; i < c.categories.size(); ++i) {
    std::string n = fit(c.categories[i].name, 60);  // four options per category, each within 100 characters
    edits.push_back(option(fit(format(l, msg::cfg_edit_text, n), discord::limits::select_option_text_max), encode_category_edit(category_edit::text, i)));
    edits.push_back(option(fit(format(l, msg::cfg_edit_roles, n), discord::limits::select_option_text_max), encode_category_edit(category_edit::roles, i)));
    edits.push_back(option(fit(format(l, msg::cfg_edit_questions, n), discord::limits::select_option_text_max),
                           encode_category_edit(category_edit::questions, i)));
    edits.push_back(option(fit(format(l, msg::cfg_remove, n), discord::limits::select_option_text_max), encode_category_edit(category_edit::remove, i)));
  }
  rows.push_back(row({string_select(control_on(shown, config_control::edit), std::string(text(l, msg::cfg_pick_edit)), std::move(edits))}));
  return rows;
}

}  // namespace

discord::message_create config_screen(const config_draft& shown, const server_view& v, lang l, lang guild_language) {
  const guild_config& c = shown.config;
  discord::embed e;
  e.title = std::string(text(l, msg::config_title));
  e.description = std::string(text(l, shown.stamp.empty() ? msg::cfg_intro : msg::cfg_draft_banner));
  e.color = shown.stamp.empty() ? colors::panel : colors::warning;
  std::string panel = std::string(text(l, msg::cfg_missing));
  if (c.panel && !c.panel->title.empty()) panel = "**" + c.panel->title + "**";
  e.fields.push_back({std::string(text(l, msg::cfg_panel)), fit(panel, discord::limits::embed_field_value_max), false});
  e.fields.push_back({format(l, msg::cfg_categories, std::to_string(c.categories.size())),
                      fit(categories_state(c, v, l), discord::limits::embed_field_value_max), false});
  e.fields.push_back({std::string(text(l, msg::cfg_log)), channel_state(c.log_channel, v, false, l), true});
  e.fields.push_back({std::string(text(l, msg::cfg_transcript)), channel_state(c.transcript_channel, v, false, l), true});
  e.fields.push_back({std::string(text(l, msg::cfg_ticket_category)), channel_state(c.ticket_category, v, true, l), true});
  e.fields.push_back({std::string(text(l, msg::cfg_options)), options_state(c.options, l), false});
  e.fields.push_back({std::string(text(l, msg::cfg_problems)), fit(problems_state(c, v, l), discord::limits::embed_field_value_max), false});
  discord::message_create m;
  m.embeds = std::vector<discord::embed>{std::move(e)};
  // The panel as members will see it, in the server's language.
  if (c.panel) {
    auto preview = panel_message(c, guild_language);
    if (preview.embeds && !preview.embeds->empty()) m.embeds->push_back(std::move(preview.embeds->front()));
  }
  m.components = control_rows(shown, l);
  m.flags = discord::message_flag_ephemeral;
  return m;
}

discord::message_create options_screen(const config_draft& shown, lang l) {
  const guild_config& c = shown.config;
  discord::embed e;
  e.title = std::string(text(l, msg::cfg_options));
  e.color = colors::panel;
  const auto& o = c.options;
  std::vector<discord::select_option> naming{
      option(std::string(text(l, msg::cfg_opt_naming_default)), "number_username", o.naming == naming_scheme::number_username),
      option(std::string(text(l, msg::cfg_opt_naming_ts)), "emoji_category_number", o.naming == naming_scheme::emoji_category_number)};
  std::vector<discord::select_option> transcript{
      option(format(l, msg::label_value, text(l, msg::cfg_opt_transcript), text(l, msg::cfg_opt_yes)), "yes", o.transcript_on_close),
      option(format(l, msg::label_value, text(l, msg::cfg_opt_transcript), text(l, msg::cfg_opt_no)), "no", !o.transcript_on_close)};
  std::vector<discord::select_option> left{
      option(std::string(text(l, msg::cfg_opt_left)) + " " + std::string(text(l, msg::cfg_opt_left_close)), "close", o.on_member_left == member_left_action::close),
      option(std::string(text(l, msg::cfg_opt_left)) + " " + std::string(text(l, msg::cfg_opt_left_delete)), "delete", o.on_member_left == member_left_action::remove)};
  std::vector<discord::select_option> autodelete{
      option(format(l, msg::label_value, text(l, msg::cfg_opt_autodelete), text(l, msg::cfg_opt_off)), "0", !o.auto_delete_hours)};
  for (int h : auto_delete_choices)
    autodelete.push_back(option(format(l, msg::label_value, text(l, msg::cfg_opt_autodelete), format(l, msg::cfg_opt_after, std::to_string(h))),
                                std::to_string(h), o.auto_delete_hours == h));
  discord::message_create m;
  m.embeds = std::vector<discord::embed>{std::move(e)};
  m.components = std::vector<component>{
      row({string_select(control_on(shown, config_control::opt_naming), std::string(text(l, msg::cfg_opt_naming)), std::move(naming))}),
      row({string_select(control_on(shown, config_control::opt_transcript), std::string(text(l, msg::cfg_opt_transcript)), std::move(transcript))}),
      row({string_select(control_on(shown, config_control::opt_left), std::string(text(l, msg::cfg_opt_left)), std::move(left))}),
      row({string_select(control_on(shown, config_control::opt_autodelete), std::string(text(l, msg::cfg_opt_autodelete)), std::move(autodelete))}),
      row({button("↩", control_on(shown, config_control::back), discord::button_style::secondary),
           button(std::string(text(l, msg::cfg_button_blacklist)), control_on(shown, config_control::blacklist), discord::button_style::secondary),
           button(std::string(text(l, msg::cfg_button_delays)), control_on(shown, config_control::delays), discord::button_style::secondary)})};
  m.flags = discord::message_flag_ephemeral;
  return m;
}

discord::message_create delays_screen(const config_draft& shown, lang l) {
  const auto& o = shown.config.options;
  discord::embed e;
  e.title = std::string(text(l, msg::cfg_delays_title));
  e.description = std::string(text(l, msg::cfg_delays_intro));
  e.color = colors::panel;
  // One select of delays in hours: `off` adds "0" (off) first; `current` is the chosen one.
  const auto hours_select = [&](config_control what, msg label, const auto& choices, bool off, std::optional<int> current) {
    std::vector<discord::select_option> options;
    if (off) options.push_back(option(format(l, msg::label_value, text(l, label), text(l, msg::cfg_opt_off)), "0", !current));
    for (int h : choices)
      options.push_back(option(format(l, msg::label_value, text(l, label), format(l, msg::cfg_opt_after, std::to_string(h))),
                               std::to_string(h), current == h));
    return row({string_select(control_on(shown, what), std::string(text(l, label)), std::move(options))});
  };
  const auto dm = [&](const char* value, msg said, bool chosen) {
    return option(format(l, msg::label_value, text(l, msg::cfg_opt_dm), text(l, said)), value, chosen);
  };
  std::vector<discord::select_option> dm_choices{dm("with", msg::cfg_opt_dm_with, o.dm_summary && o.dm_transcript),
                                                 dm("without", msg::cfg_opt_dm_without, o.dm_summary && !o.dm_transcript),
                                                 dm("off", msg::cfg_opt_off, !o.dm_summary)};
  discord::message_create m;
  m.embeds = std::vector<discord::embed>{std::move(e)};
  m.components = std::vector<component>{
      hours_select(config_control::opt_close_request, msg::cfg_opt_close_request, close_request_choices, true, o.close_request_hours),
      hours_select(config_control::opt_inactivity_warn, msg::cfg_opt_inactivity_warn, inactivity_choices, true, o.inactivity_warn_hours),
      hours_select(config_control::opt_inactivity_close, msg::cfg_opt_inactivity_close, inactivity_choices, false, o.inactivity_close_hours),
      row({string_select(control_on(shown, config_control::opt_dm), std::string(text(l, msg::cfg_opt_dm)), std::move(dm_choices))}),
      row({button("↩", control_on(shown, config_control::options), discord::button_style::secondary)})};
  m.flags = discord::message_flag_ephemeral;
  return m;
}

discord::message_create blacklist_screen(const config_draft& shown, lang l) {
  const guild_config& c = shown.config;
  discord::embed e;
  e.title = std::string(text(l, msg::cfg_blacklist_title));
  e.description = std::string(text(l, msg::cfg_blacklist_intro));
  e.color = colors::panel;
  const auto picker = [&](component_type type, config_control what, msg placeholder, const auto& current, const char* kind) {
    component s;
    s.type = type;
    s.custom_id = control_on(shown, what);
    s.placeholder = std::string(text(l, placeholder));
    s.min_values = 0;  // an empty pick clears the list
    s.max_values = discord::limits::select_values_max;
    for (const auto& id : current)
      if (static_cast<int>(s.default_values.size()) < discord::limits::select_values_max) s.default_values.push_back({id.str(), kind});
    return s;
  };
  discord::message_create m;
  m.embeds = std::vector<discord::embed>{std::move(e)};
  m.components = std::vector<component>{
      row({picker(component_type::role_select, config_control::block_roles, msg::cfg_blacklist_roles, c.blocked_roles, "role")}),
      row({picker(component_type::user_select, config_control::block_members, msg::cfg_blacklist_members, c.blocked_members, "user")}),
      row({button("↩", control_on(shown, config_control::options), discord::button_style::secondary)})};
  m.flags = discord::message_flag_ephemeral;
  return m;
}

discord::modal panel_modal(const config_draft& shown, lang l) {
  std::optional<panel_embed> p = shown.config.panel;
  auto v = [&](auto member) -> std::optional<std::string> { return p ? std::optional<std::string>((*p).*member) : std::nullopt; };
  discord::modal m;
  m.custom_id = control_on(shown, config_control::panel_modal);
  m.title = std::string(text(l, msg::cfg_modal_panel));
  m.components = {
      row({text_input("title", std::string(text(l, msg::cfg_field_title)), discord::text_input_style::short_, true,
                      discord::limits::embed_title_max, v(&panel_embed::title))}),
      // Discord's text inputs hold at most 4000 characters (the embed itself would take 4096).
      row({text_input("description", std::string(text(l, msg::cfg_field_description)), discord::text_input_style::paragraph, true,
                      discord::limits::text_input_value_max, v(&panel_embed::description))}),
      row({text_input("footer", std::string(text(l, msg::cfg_field_footer)), discord::text_input_style::short_, false,
                      discord::limits::embed_footer_text_max, p ? p->footer : std::nullopt)}),
      row({text_input("image", std::string(text(l, msg::cfg_field_image)), discord::text_input_style::short_, false,
                      discord::limits::embed_url_max, p ? p->image : std::nullopt)})};
  return m;
}

discord::modal category_modal(const config_draft& shown, std::optional<std::size_t> index, lang l) {
  const guild_config& c = shown.config;
  const category* cat = index && *index < c.categories.size() ? &c.categories[*index] : nullptr;
  discord::modal m;
  m.custom_id = control_on(shown, config_control::category_modal, index);
  m.title = std::string(text(l, msg::cfg_modal_category));
  m.components = {
      row({text_input("name", std::string(text(l, msg::cfg_field_name)), discord::text_input_style::short_, true,
                      discord::limits::select_option_text_max, cat ? std::optional(cat->name) : std::nullopt)}),
      row({text_input("message", std::string(text(l, msg::cfg_field_message)), discord::text_input_style::paragraph, true,
                      discord::limits::text_input_value_max, cat ? std::optional(cat->description) : std::nullopt)}),
      row({text_input("first_response", std::string(text(l, msg::cfg_field_first_response)), discord::text_input_style::short_, false, 5,
                      cat && cat->first_response_minutes ? std::optional(std::to_string(*cat->first_response_minutes)) : std::nullopt)})};
  return m;
}

discord::message_create roles_picker(const config_draft& shown, std::size_t index, lang l) {
  const category& cat = shown.config.categories.at(index);
  component select;
  select.type = component_type::role_select;
  select.custom_id = control_on(shown, config_control::roles, index);
  select.placeholder = std::string(text(l, msg::cfg_roles_placeholder));
  select.min_values = 1;
  select.max_values = discord::limits::select_values_max;
  for (const auto& r : cat.roles)
    if (select.default_values.size() < 25) select.default_values.push_back({r.str(), "role"});
  discord::message_create m;
  m.embeds = std::vector<discord::embed>{info_embed(format(l, msg::cfg_roles_prompt, cat.name), colors::panel)};
  m.components = std::vector<component>{row({std::move(select)}), row({button("↩", control_on(shown, config_control::back), discord::button_style::secondary)})};
  m.flags = discord::message_flag_ephemeral;
  return m;
}

std::vector<std::string> validate_panel(const panel_embed& p, lang l) {
  std::vector<std::string> out;
  auto check = [&](const std::string& value, msg label, std::size_t max, bool required) {
    if (required && value.find_first_not_of(" \t\r\n") == std::string::npos)
      out.push_back(format(l, msg::cfg_err_required, text(l, label)));
    else if (utf8_chars(value) > max)
      out.push_back(format(l, msg::cfg_err_too_long, text(l, label), std::to_string(max), std::to_string(utf8_chars(value))));
  };
  check(p.title, msg::cfg_field_title, discord::limits::embed_title_max, true);
  check(p.description, msg::cfg_field_description, discord::limits::embed_description_max, true);
  if (p.footer) check(*p.footer, msg::cfg_field_footer, discord::limits::embed_footer_text_max, false);
  if (p.image) {
    check(*p.image, msg::cfg_field_image, discord::limits::embed_url_max, false);
    if (p.image->rfind("http://", 0) != 0 && p.image->rfind("https://", 0) != 0) out.emplace_back(text(l, msg::cfg_err_url));
  }
  return out;
}

std::vector<std::string> validate_category(const guild_config& c, const category& cat, std::optional<std::size_t> index, lang l) {
  std::vector<std::string> out;
  if (!index && c.categories.size() >= max_categories) out.emplace_back(text(l, msg::cfg_err_sixth));
  if (cat.name.find_first_not_of(" \t\r\n") == std::string::npos)
    out.push_back(format(l, msg::cfg_err_required, text(l, msg::cfg_field_name)));
  else if (utf8_chars(cat.name) > discord::limits::select_option_text_max)
    out.push_back(format(l, msg::cfg_err_too_long, text(l, msg::cfg_field_name), std::to_string(discord::limits::select_option_text_max),
                         std::to_string(utf8_chars(cat.name))));
  if (cat.description.find_first_not_of(" \t\r\n") == std::string::npos)
    out.push_back(format(l, msg::cfg_err_required, text(l, msg::cfg_field_message)));
  else if (utf8_chars(cat.description) > discord::limits::embed_description_max)
    out.push_back(format(l, msg::cfg_err_too_long, text(l, msg::cfg_field_message), std::to_string(discord::limits::embed_description_max),
                         std::to_string(utf8_chars(cat.description))));
  for (std::size_t i = 0; i < c.categories.size(); ++i)
    if ((!index || *index != i) && c.categories[i].name == cat.name) out.push_back(format(l, msg::cfg_err_duplicate, cat.name));
  return out;
}

std::vector<std::string> validate_staff_roles(const std::vector<discord::role_id>& role_ids, discord::guild_id guild_id,
                                              const std::vector<std::string>& managed_names, lang l) {
  std::vector<std::string> out;
  if (role_ids.empty()) out.emplace_back(text(l, msg::cfg_err_no_role));
  if (std::find(role_ids.begin(), role_ids.end(), discord::everyone_role(guild_id)) != role_ids.end())
    out.emplace_back(text(l, msg::cfg_err_everyone_role));
  for (const auto& name : managed_names) out.push_back(format(l, msg::cfg_err_managed_role, "`" + name + "`"));
  return out;
}

std::vector<std::string> validate_text_channel(const std::optional<channel_facts>& f, lang l) {
  if (!f) return {std::string(text(l, msg::cfg_err_gone))};
  if (f->type != 0 && f->type != 5) return {std::string(text(l, msg::cfg_err_not_text))};
  auto lacking = f->bot.missing_from(channel_needs);
  if (!lacking.empty()) return {format(l, msg::cfg_err_channel_perms, missing_names(lacking))};
  return {};
}

std::vector<std::string> validate_ticket_category(const std::optional<channel_facts>& f, lang l) {
  if (!f) return {std::string(text(l, msg::cfg_err_gone))};
  if (f->type != 4) return {std::string(text(l, msg::cfg_err_not_category))};
  auto lacking = f->bot.missing_from(bot_required_permissions());
  if (!lacking.empty()) return {format(l, msg::cfg_err_category_perms, missing_names(lacking))};
  return {};
}

std::vector<std::string> validate_setup(const guild_config& c, const server_view& v, lang l) {
  std::vector<std::string> out;
  const auto blank = [](const std::string& t) { return t.find_first_not_of(" \t\r\n") == std::string::npos; };
  if (!c.panel || blank(c.panel->title)) out.emplace_back(text(l, msg::panel_missing_title));
  if (!c.panel || blank(c.panel->description)) out.emplace_back(text(l, msg::panel_missing_description));
  if (c.categories.empty()) out.emplace_back(text(l, msg::panel_missing_category));
  if (c.categories.size() > max_categories) out.push_back("• " + std::string(text(l, msg::cfg_err_sixth)));
  for (const auto& cat : c.categories) {
    if (blank(cat.name) || blank(cat.description))
      out.push_back("• " + format(l, msg::cfg_err_required, text(l, blank(cat.name) ? msg::cfg_field_name : msg::cfg_field_message)));
    const bool staffed = std::any_of(cat.roles.begin(), cat.roles.end(), [&](discord::role_id r) { return v.roles.count(r) > 0; });
    if (!staffed) out.push_back(format(l, msg::panel_missing_category_role, cat.name));
  }
  const auto channel = [&](const std::optional<discord::channel_id>& id, msg missing, msg label, bool category) {
    if (!id) {
      out.emplace_back(text(l, missing));
      return;
    }
    auto it = v.channels.find(*id);
    const std::optional<channel_facts> facts = it == v.channels.end() ? std::nullopt : std::optional(it->second);
    for (const auto& problem : category ? validate_ticket_category(facts, l) : validate_text_channel(facts, l))
      out.push_back("• " + format(l, msg::label_value, text(l, label), problem));
  };
  channel(c.log_channel, msg::panel_missing_log, msg::cfg_log, false);
  channel(c.transcript_channel, msg::panel_missing_transcript, msg::cfg_transcript, false);
  channel(c.ticket_category, msg::panel_missing_ticket_category, msg::cfg_ticket_category, true);
  return out;
}

std::vector<category> starting_categories(lang l, const std::string& id_seed) {
  return {category{id_seed + "-1", "Support", std::string(text(l, msg::cfg_start_support)), {}, std::string("🎧"), 0x3498DBu},
          category{id_seed + "-2", l == lang::fr ? "Recrutement" : "Recruitment", std::string(text(l, msg::cfg_start_recruitment)),
                   {}, std::string("💼"), 0x2ECC71u}};
}

discord::message_create questions_screen(const config_draft& shown, std::size_t index, lang l) {
  const category& cat = shown.config.categories.at(index);
  discord::embed e;
  e.title = fit(format(l, msg::cfg_questions_title, cat.name), discord::limits::embed_title_max);
  e.color = colors::panel;
  std::string list;
  for (std::size_t q = 0; q < cat.questions.size(); ++q) {
    const auto& one = cat.questions[q];
    list += std::to_string(q + 1) + ". **" + one.label + "** — " + std::string(text(l, one.paragraph ? msg::cfg_question_paragraph : msg::cfg_question_short)) +
            ", " + std::string(text(l, one.required ? msg::cfg_question_required : msg::cfg_question_optional)) + ", ≤ " +
            std::to_string(one.max_length) + "\n";
  }
  e.description = fit(std::string(text(l, msg::cfg_questions_intro)) + "\n\n" + (list.empty() ? std::string(text(l, msg::cfg_questions_none)) : list),
                      discord::limits::embed_description_max);
  std::vector<component> rows;
  if (!cat.questions.empty()) {
    std::vector<discord::select_option> changes;
    for (std::size_t q = 0; q < cat.questions.size(); ++q) {
      const auto& one = cat.questions[q];
      const std::string n = std::to_string(q + 1) + ". " + fit(one.label, 45);
      const auto add = [&](msg what, const char* name) {
        changes.push_back(option(fit(format(l, what, n), discord::limits::select_option_text_max), std::string(name) + ":" + std::to_string(q)));
      };
      add(msg::cfg_question_edit_text, "text");
      add(one.required ? msg::cfg_question_make_optional : msg::cfg_question_make_required, "required");
      add(one.paragraph ? msg::cfg_question_make_short : msg::cfg_question_make_paragraph, "style");
      if (q > 0) add(msg::cfg_question_up, "up");
      add(msg::cfg_question_remove, "remove");
    }
    rows.push_back(row({string_select(control_on(shown, config_control::question_edit, index), std::string(text(l, msg::cfg_questions_pick)),
                                      std::move(changes))}));
  }
  rows.push_back(row({button(std::string(text(l, msg::cfg_button_add_question)), control_on(shown, config_control::question_add, index),
                             discord::button_style::success, cat.questions.size() >= questions_max),
                      button("↩", control_on(shown, config_control::back), discord::button_style::secondary)}));
  discord::message_create m;
  m.embeds = std::vector<discord::embed>{std::move(e)};
  m.components = std::move(rows);
  m.flags = discord::message_flag_ephemeral;
  return m;
}

discord::modal question_modal(const config_draft& shown, std::size_t index, std::optional<std::size_t> question, lang l) {
  const auto& questions = shown.config.categories.at(index).questions;
  const tickets::question* q = question && *question < questions.size() ? &questions[*question] : nullptr;
  discord::modal m;
  m.custom_id = control_on(shown, config_control::question_modal, question_slot(index, q ? *question : new_question));
  m.title = std::string(text(l, msg::cfg_modal_question));
  m.components = {
      row({text_input("label", std::string(text(l, msg::cfg_field_question)), discord::text_input_style::short_, true,
                      discord::limits::text_input_label_max, q ? std::optional(q->label) : std::nullopt)}),
      row({text_input("placeholder", std::string(text(l, msg::cfg_field_placeholder)), discord::text_input_style::short_, false,
                      discord::limits::text_input_placeholder_max, q ? q->placeholder : std::nullopt)}),
      row({text_input("max_length", std::string(text(l, msg::cfg_field_max_length)), discord::text_input_style::short_, false, 4,
                      std::optional(std::to_string(q ? q->max_length : tickets::question{}.max_length)))})};
  return m;
}

}  // namespace tickets
