#include "tickets/member_copy.hpp"

#include <charconv>

#include "components.hpp"
#include "discord/limits.hpp"
#include "tickets/custom_id.hpp"
#include "tickets/screens.hpp"
#include "tickets/text_fit.hpp"

namespace tickets {

using detail::button;
using detail::row;
using discord::component;
using discord::component_type;
using discord::embed;
using discord::message_create;

std::string rating_arg(const rating_target& r) {
  std::string out = r.guild.str() + "-" + std::to_string(r.number);
  if (r.stars) out += "-" + std::to_string(r.stars);
  return out;
}

std::optional<rating_target> parse_rating_arg(std::string_view arg) {
  const auto number_at = [](std::string_view s, auto& into) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), into);
    return ec == std::errc{} && end == s.data() + s.size();
  };
  const auto dash = arg.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  rating_target r;
  auto guild = discord::guild_id::parse(std::string(arg.substr(0, dash)));
  if (!guild) return std::nullopt;
  r.guild = *guild;
  std::string_view rest = arg.substr(dash + 1);
  const auto second = rest.find('-');
  if (!number_at(rest.substr(0, second), r.number) || r.number <= 0) return std::nullopt;
  if (second != std::string_view::npos && (!number_at(rest.substr(second + 1), r.stars) || r.stars < 1 || r.stars > rating_max))
    return std::nullopt;
  return r;
}

std::string stars_text(int stars) {
  std::string out;
  for (int i = 1; i <= rating_max; ++i) out += i <= stars ? "⭐" : "☆";
  return out;
}

message_create summary_dm(const ticket& t, std::string_view guild_name, transcript_in_dm transcript, lang l) {
  embed e;
  e.title = fit(format(l, msg::dm_summary_title, std::to_string(t.number), std::string(guild_name)), discord::limits::embed_title_max);
  e.description = format(l, msg::dm_summary_intro, escape_markdown(guild_name));
  if (transcript != transcript_in_dm::none)
    *e.description += "\n" + std::string(text(l, transcript == transcript_in_dm::attached ? msg::dm_transcript_attached : msg::dm_transcript_too_big));
  e.color = colors::closed;
  e.fields.push_back({std::string(text(l, msg::log_field_category)), fit(escape_markdown(t.category), discord::limits::embed_field_value_max), true});
  e.fields.push_back({std::string(text(l, msg::welcome_claimed_by)),
                      t.claimer_id ? user_mention(*t.claimer_id) + (t.claimer_name.empty() ? "" : " (" + escape_markdown(t.claimer_name) + ")")
                                   : std::string(text(l, msg::dm_nobody)),
                      true});
  e.fields.push_back({std::string(text(l, msg::dm_field_opened)), discord_time(t.created_at_ms), true});
  if (t.closed_at_ms) e.fields.push_back({std::string(text(l, msg::dm_field_closed)), discord_time(*t.closed_at_ms), true});
  if (t.close_reason && !t.close_reason->empty())
    e.fields.push_back({std::string(text(l, msg::log_field_reason)), fit(escape_markdown(*t.close_reason), discord::limits::embed_field_value_max), false});
  message_create m;
  m.embeds = std::vector<embed>{std::move(e)};
  m.content = std::string(text(l, msg::rating_prompt));
  std::vector<component> stars;
  for (int s = 1; s <= rating_max; ++s)
    stars.push_back(button(std::to_string(s), "⭐", encode(action::rate, rating_arg({t.guild_id, t.number, s})), discord::button_style::secondary));
  m.components = std::vector<component>{row(std::move(stars))};
  return m;
}

message_create rated_dm_update(const ticket& t, int stars, bool commented, lang l) {
  message_create m;
  m.content = format(l, msg::rating_thanks, stars_text(stars), std::to_string(stars));
  if (commented) {
    *m.content += "\n" + std::string(text(l, msg::rating_comment_thanks));
    m.components = std::vector<component>{};
  } else {
    m.components = std::vector<component>{row({button(std::string(text(l, msg::button_rating_comment)), "💬",
                                                      encode(action::rate_comment, rating_arg({t.guild_id, t.number, 0})),
                                                      discord::button_style::primary)})};
  }
  return m;
}

discord::modal rating_comment_modal(const ticket& t, lang l) {
  return detail::paragraph_modal(encode(action::rate_comment_submit, rating_arg({t.guild_id, t.number, 0})), std::string(text(l, msg::rating_comment_title)),
                                 std::string(rating_comment_field), std::string(text(l, msg::rating_comment_label)),
                                 std::string(text(l, msg::rating_comment_placeholder)), true, rating_comment_max);
}

message_create rating_log(const ticket& t, int stars, const std::optional<std::string>& comment, lang l) {
  const std::string owner = user_mention(t.owner_id);
  embed e;
  e.color = stars >= 4 ? colors::success : stars == 3 ? colors::warning : colors::error;
  if (comment) {
    e.description = format(l, msg::log_rating_comment, std::to_string(t.number), std::to_string(stars), owner);
    e.fields.push_back({std::string(text(l, msg::rating_comment_label)), fit(escape_markdown(*comment), discord::limits::embed_field_value_max), false});
  } else {
    e.description = format(l, msg::log_rated, std::to_string(t.number), std::to_string(stars), owner) + " " + stars_text(stars);
  }
  e.fields.push_back({std::string(text(l, msg::log_field_category)), fit(escape_markdown(t.category), discord::limits::embed_field_value_max), true});
  if (t.claimer_id) e.fields.push_back({std::string(text(l, msg::welcome_claimed_by)), user_mention(*t.claimer_id), true});
  return embed_message(std::move(e));  // no mentions: the owner and claimer are named, not pinged
}

message_create inactivity_warning_message(const ticket& t, std::int64_t silent_ms, std::int64_t close_at_ms, lang l) {
  message_create m;
  m.content = user_mention(t.owner_id);
  m.embeds = std::vector<embed>{info_embed(format(l, msg::inactivity_warning, user_mention(t.owner_id),
                                                  human_duration(static_cast<double>(silent_ms), l), discord_time(close_at_ms, 'R')),
                                           colors::warning)};
  m.components = std::vector<component>{row({
      button(std::string(text(l, msg::button_keep_open)), "✋", encode(action::keep_open), discord::button_style::success),
      button(std::string(text(l, msg::button_watch_off)), "💤", encode(action::inactivity_off), discord::button_style::secondary),
  })};
  discord::allowed_mentions am;
  am.users.push_back(t.owner_id);
  m.mentions = am;
  return m;
}

message_create settled_inactivity_warning(discord::user_id by, bool watch_stopped, lang l) {
  message_create m;
  m.embeds = std::vector<embed>{info_embed(format(l, watch_stopped ? msg::inactivity_warning_off : msg::inactivity_warning_settled, user_mention(by)),
                                           watch_stopped ? colors::panel : colors::reopened)};
  m.components = std::vector<component>{};
  return m;
}

}  // namespace tickets
