#pragma once
// Every sentence Guichet says, in French (the default) and English. One catalogue per language
// (src/texts_fr.cpp, src/texts_en.cpp); placeholders are {0}, {1}, ….
#include <cstddef>
#include <string>
#include <string_view>

namespace tickets {

enum class lang { fr, en };

// Discord locales ("fr", "en-US", "en-GB", …): English for en-*, French otherwise (the default).
lang lang_of(std::string_view discord_locale);

enum class msg {
  // generic
  error_title, success_title, label_value, storage_unavailable, restarting, discord_error, not_in_guild, unknown_action,
  // commands
  cmd_ticket_description, cmd_config_description, cmd_panel_description, cmd_stats_description,
  cmd_close_description, cmd_channel_option, cmd_panel_channel_option,
  admin_only,
  // panel
  panel_incomplete, panel_missing_title, panel_missing_description, panel_missing_category,
  panel_missing_category_role, panel_missing_log, panel_missing_transcript, panel_missing_ticket_category,
  panel_posted, panel_select_placeholder, panel_cannot_post,
  // opening
  open_unknown_category, open_already_open, open_cooldown, open_too_many_closed, open_missing_permissions, open_category_full, open_guild_full,
  open_no_staff_role, open_created, open_failed, welcome_title, welcome_owner, welcome_created, welcome_owner_id,
  welcome_category, welcome_claimed_by, welcome_status, status_open, status_claimed, status_closed,
  button_claim, button_close, button_reopen, button_delete, button_delete_confirm, button_cancel, button_transcript,
  channel_topic, channel_closed_prefix,
  // actions
  not_a_ticket, claim_not_staff, claim_already, claim_done, claim_not_open, close_not_allowed, close_done,
  close_already, closed_embed, reopen_not_staff, reopen_not_closed, reopen_other_ticket, reopen_done,
  delete_not_staff, delete_confirm, delete_cancelled, delete_done, ticket_changed, answer_claimed, answer_reopened, renamed_later,
  replies_restricted,
  // log channel
  log_created, log_claimed, log_closed, log_reopened, log_deleted, log_field_ticket, log_field_by,
  log_field_owner, log_field_category, log_field_channel, log_open_failed, log_no_staff_role,
  log_member_left, log_cleanup_blocked, log_role_deleted, log_channel_deleted,
  // staff's everyday actions
  members_not_staff, close_request_not_staff, ticket_is_closed, not_claimed, release_not_claimer, transfer_not_allowed, close_request_not_owner, add_is_owner, add_is_bot, target_not_member, add_is_staff, add_already, remove_is_owner, remove_not_added, transfer_same, transfer_not_staff, member_added_note, member_removed_note, release_note, transfer_note, close_refused_note, answer_member_added, answer_member_removed, answer_released, answer_transferred, answer_close_requested, answer_close_refused, button_add, button_remove, button_release, button_transfer, button_close_reason, button_close_request, button_accept, button_refuse, welcome_members, closed_reason_line, pick_add_prompt, pick_remove_prompt, pick_transfer_prompt, pick_staff_placeholder, pick_member_placeholder, pick_remove_none, pick_remove_current, close_reason_label, close_reason_placeholder, close_reason_title, close_request_text, close_request_accepted, close_request_refused, log_member_added, log_member_removed, log_released, log_transferred, log_close_requested, log_close_refused, log_field_new_claimer, log_field_member, log_field_reason,
  rename_not_staff, rename_invalid, renamed_note, answer_renamed, log_renamed, cmd_staff_description, cmd_add_description, cmd_remove_description, cmd_claim_description, cmd_release_description, cmd_transfer_description, cmd_close_reason_description, cmd_rename_description, cmd_member_option, cmd_staff_member_option, cmd_reason_option, cmd_name_option,
  stats_window_week, stats_window_month, stats_window_all, stats_per_staff, stats_staff_line, stats_staff_first_reply, stats_staff_resolution, stats_staff_more, stats_staff_definitions, button_window_week, button_window_month, button_window_all,
  open_blocked, cfg_button_blacklist, cfg_blacklist_title, cfg_blacklist_intro, cfg_blacklist_roles, cfg_blacklist_members, cfg_err_everyone_blocked, cfg_change_blacklist,
  cfg_field_first_response, cfg_err_first_response, first_response_alert, log_first_response_alert,
  cfg_edit_questions, cfg_questions_title, cfg_questions_intro, cfg_questions_none, cfg_questions_pick, cfg_question_paragraph, cfg_question_short, cfg_question_required, cfg_question_optional, cfg_question_edit_text, cfg_question_make_optional, cfg_question_make_required, cfg_question_make_short, cfg_question_make_paragraph, cfg_question_up, cfg_question_remove, cfg_button_add_question, cfg_modal_question, cfg_field_question, cfg_field_placeholder, cfg_field_max_length, cfg_err_max_length, cfg_err_sixth_question, open_questions_title, welcome_answer_below, answers_full_title,
  cfg_button_delays, cfg_delays_title, cfg_delays_intro, cfg_opt_close_request, close_request_timeout_reason,
  stats_category_first_reply, stats_category_in_time,
  dm_summary_title, dm_summary_intro, dm_field_opened, dm_field_closed, dm_nobody, dm_transcript_attached, dm_transcript_too_big, rating_prompt, rating_thanks, button_rating_comment, rating_comment_title, rating_comment_label, rating_comment_placeholder, rating_comment_thanks, rating_already, rating_not_owner, rating_unknown_ticket, rating_comment_already, rating_comment_first, log_rated, log_rating_comment, log_dm_closed, log_dm_failed, inactivity_warning, button_keep_open, button_watch_off, inactivity_warning_settled, inactivity_warning_off, watch_on_note, answer_kept_open, answer_watch_off, answer_watch_on, inactivity_reason, keep_open_not_participant, watch_not_staff, log_inactivity_warned, cfg_opt_inactivity_warn, cfg_opt_inactivity_close, cfg_opt_dm, cfg_opt_dm_with, cfg_opt_dm_without, stats_category_rating, stats_staff_rating, cmd_inactivity_description, cmd_watch_option,
  // members
  member_left, member_left_button, member_back,
  // stats
  stats_title, stats_total, stats_open, stats_claimed, stats_closed, stats_deleted, stats_per_category,
  stats_avg_resolution, stats_avg_first_reply, stats_busiest, stats_none, stats_open_split, stats_last_number,
  stats_category_line, stats_definitions,
  // forced close
  force_close_not_ticket,
  // config (issue 5)
  config_title,
  transcript_saved, transcript_failed, button_delete_anyway, delete_transcript_failed,
  transcript_no_channel, transcript_no_target, transcript_history_failed, transcript_upload_failed, transcript_title,
  transcript_field_owner, transcript_field_category, transcript_field_messages, transcript_field_duration,
  transcript_field_requested, transcript_note_compressed, transcript_note_split, transcript_note_no_content,
  transcript_continued, transcript_logged,
  cfg_panel, cfg_categories, cfg_log, cfg_transcript, cfg_ticket_category, cfg_options, cfg_missing, cfg_gone, cfg_no_role, cfg_role_gone, cfg_bot_lacks, cfg_intro, cfg_button_panel, cfg_button_add, cfg_button_options, cfg_button_start, cfg_button_validate, cfg_button_cancel, cfg_draft_banner, cfg_problems, cfg_ready, cfg_validated, cfg_validated_next, cfg_no_changes, cfg_draft_dropped, cfg_change_panel, cfg_change_added, cfg_change_removed, cfg_change_renamed, cfg_change_text, cfg_change_staff, cfg_change_options, cfg_pick_log, cfg_pick_transcript, cfg_pick_category, cfg_pick_edit, cfg_edit_text, cfg_edit_roles, cfg_remove, cfg_modal_panel, cfg_field_title, cfg_field_description, cfg_field_footer, cfg_field_image, cfg_modal_category, cfg_field_name, cfg_field_message, cfg_roles_prompt, cfg_roles_placeholder, cfg_err_required, cfg_err_too_long, cfg_err_url, cfg_err_sixth, cfg_err_duplicate, cfg_err_no_role, cfg_err_everyone_role, cfg_err_managed_role, cfg_err_not_text, cfg_err_not_category, cfg_err_channel_perms, cfg_err_category_perms, cfg_err_gone, cfg_invalid, cfg_outdated, cfg_opt_naming, cfg_opt_naming_default, cfg_opt_naming_ts, cfg_opt_transcript, cfg_opt_yes, cfg_opt_no, cfg_opt_left, cfg_opt_left_close, cfg_opt_left_delete, cfg_opt_autodelete, cfg_opt_off, cfg_opt_after, cfg_start_support, cfg_start_recruitment,
};

std::string_view text(lang l, msg m);
// text(l, m) with {0}, {1}, … replaced.
std::string format_args(lang l, msg m, const std::string_view* args, std::size_t count);
// A variadic front (not an initializer_list: g++ 12 miscompiles those inside coroutines).
template <class... A>
std::string format(lang l, msg m, const A&... args) {
  const std::string_view list[sizeof...(A) + 1] = {std::string_view(args)..., std::string_view{}};
  return format_args(l, m, list, sizeof...(A));
}

}  // namespace tickets
