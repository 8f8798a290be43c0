// The English catalogue.
#include "texts_tables.hpp"

namespace tickets::detail {

std::string_view english(msg m) {
  switch (m) {
    case msg::error_title: return "❌ Not possible";
    case msg::success_title: return "✅ Done";
    case msg::storage_unavailable: return "The database is unavailable for a moment. Nothing was changed: try again shortly.";
    case msg::discord_error: return "Discord refused the operation ({0}). Nothing was left half-done; try again, or tell an administrator if it keeps happening.";
    case msg::not_in_guild: return "This command only works in a server.";
    case msg::unknown_action: return "This button is no longer recognised. Open the menu again and retry.";
    case msg::cmd_ticket_description: return "Manage the server's tickets";
    case msg::cmd_config_description: return "Configure the ticket system";
    case msg::cmd_panel_description: return "Post the ticket panel";
    case msg::cmd_stats_description: return "Show ticket statistics";
    case msg::cmd_close_description: return "Force-close a ticket";
    case msg::cmd_channel_option: return "The ticket channel (default: this one)";
    case msg::cmd_panel_channel_option: return "Where to post the panel (default: this channel)";
    case msg::admin_only: return "This command is for administrators (Manage Server permission).";
    case msg::panel_incomplete: return "The configuration is not complete. Missing:\n{0}\n\nComplete it with `/ticket config`, then run `/ticket panel` again.";
    case msg::panel_missing_title: return "• the panel title";
    case msg::panel_missing_description: return "• the panel description";
    case msg::panel_missing_category: return "• at least one category";
    case msg::panel_missing_category_role: return "• a staff role for the category \"{0}\"";
    case msg::panel_missing_log: return "• the log channel";
    case msg::panel_missing_transcript: return "• the transcript channel";
    case msg::panel_missing_ticket_category: return "• the category where tickets are created";
    case msg::panel_posted: return "The panel is posted in {0}.";
    case msg::panel_select_placeholder: return "Choose a category";
    case msg::panel_cannot_post: return "I cannot post in {0}: I am missing {1}.";
    case msg::open_unknown_category: return "This category no longer exists. Pick another one in the panel.";
    case msg::open_already_open: return "You already have an open ticket: {0}.";
    case msg::open_missing_permissions: return "I cannot create a ticket: I am missing these permissions in the ticket category:\n{0}\n\nAn administrator has been told.";
    case msg::open_category_full: return "The ticket category is full (50 channels at most) and I could not create another one. Try again later; an administrator has been told.";
    case msg::open_guild_full: return "The server has reached Discord's 500-channel limit: no ticket can be created. An administrator has been told.";
    case msg::open_no_staff_role: return "The category \"{0}\" has no staff role left: tickets cannot be opened for now. An administrator has been told.";
    case msg::open_created: return "Your ticket is open: {0}";
    case msg::open_failed: return "Your ticket could not be created ({0}). Nothing was kept; try again shortly.";
    case msg::welcome_title: return "Ticket #{0} — {1}";
    case msg::welcome_owner: return "Opened by";
    case msg::welcome_created: return "Created";
    case msg::welcome_owner_id: return "Member ID";
    case msg::welcome_category: return "Category";
    case msg::welcome_claimed_by: return "Claimed by";
    case msg::welcome_status: return "Status";
    case msg::status_open: return "🟢 Open";
    case msg::status_claimed: return "📥 Claimed";
    case msg::status_closed: return "🔒 Closed";
    case msg::button_claim: return "Claim";
    case msg::button_close: return "Close";
    case msg::button_reopen: return "Reopen";
    case msg::button_delete: return "Delete";
    case msg::button_delete_confirm: return "Yes, delete";
    case msg::button_cancel: return "Cancel";
    case msg::button_transcript: return "Save the logs";
    case msg::channel_topic: return "Ticket #{0} by {1} ({2}) — category {3}";
    case msg::not_a_ticket: return "This channel is not (or no longer) a ticket.";
    case msg::claim_not_staff: return "Only the staff of the category \"{0}\" or an administrator can claim this ticket.";
    case msg::claim_already: return "This ticket is already claimed by {0}.";
    case msg::claim_done: return "{0} claimed this ticket. Replies are now reserved to {0}.";
    case msg::claim_not_open: return "This ticket is not open: it cannot be claimed.";
    case msg::close_not_allowed: return "Only the ticket's author or the staff can close it.";
    case msg::close_done: return "Ticket closed.";
    case msg::close_already: return "This ticket is already closed.";
    case msg::closed_embed: return "🔒 Ticket closed by {0}. The staff can reopen or delete it.";
    case msg::reopen_not_staff: return "Only the staff can reopen a ticket.";
    case msg::reopen_not_closed: return "This ticket is not closed.";
    case msg::reopen_other_ticket: return "Cannot reopen: {0} opened another ticket meanwhile ({1}).";
    case msg::reopen_done: return "♻️ Ticket reopened by {0}.";
    case msg::delete_not_staff: return "Only the staff can delete a ticket.";
    case msg::delete_confirm: return "Delete this ticket for good? The channel will be erased.";
    case msg::delete_cancelled: return "Deletion cancelled.";
    case msg::delete_done: return "The ticket is being deleted.";
    case msg::ticket_changed: return "Someone acted on this ticket just before you (it is now: {0}). Nothing was done.";
    case msg::renamed_later: return "The channel will be renamed as soon as Discord allows (2 renames per 10 minutes).";
    case msg::replies_restricted: return "Replies are reserved to the person who claimed the ticket.";
    case msg::log_created: return "🎫 Ticket created";
    case msg::log_claimed: return "📥 Ticket claimed";
    case msg::log_closed: return "🔒 Ticket closed";
    case msg::log_reopened: return "♻️ Ticket reopened";
    case msg::log_deleted: return "🗑️ Ticket deleted";
    case msg::log_field_ticket: return "Ticket";
    case msg::log_field_by: return "By";
    case msg::log_field_owner: return "Author";
    case msg::log_field_category: return "Category";
    case msg::log_field_channel: return "Channel";
    case msg::log_open_failed: return "⚠️ A ticket for {0} could not be created: {1}";
    case msg::log_no_staff_role: return "⚠️ The category \"{0}\" has no existing staff role left: {1} could not open a ticket. Fix it with `/ticket config`.";
    case msg::log_member_left: return "👋 {0} left the server; their tickets await a staff decision.";
    case msg::log_role_deleted: return "⚠️ The role {0}, staff of \"{1}\", was deleted. Tickets open with the remaining roles.";
    case msg::log_channel_deleted: return "🗑️ The channel of ticket #{0} was deleted by hand; the ticket is marked deleted.";
    case msg::member_left: return "{0} left the server. Do you want to close this ticket?";
    case msg::member_left_button: return "Yes, close";
    case msg::member_back: return "{0} is back on the server: their access to the ticket is restored.";
    case msg::stats_title: return "📊 Ticket statistics";
    case msg::stats_total: return "Created";
    case msg::stats_open: return "Open";
    case msg::stats_claimed: return "Claimed";
    case msg::stats_closed: return "Closed";
    case msg::stats_deleted: return "Deleted";
    case msg::stats_per_category: return "Open per category";
    case msg::stats_avg_resolution: return "Average resolution time";
    case msg::stats_avg_first_reply: return "Average time to the first staff reply";
    case msg::stats_busiest: return "Busiest category";
    case msg::stats_none: return "—";
    case msg::force_close_not_ticket: return "{0} is not a ticket.";
    case msg::config_title: return "⚙️ Ticket configuration";
  }
  return "";
}

}  // namespace tickets::detail
