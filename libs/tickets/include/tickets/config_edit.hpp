#pragma once
// /ticket config as a pure function: the controls of the screen (written once, here: the screen
// encodes them, the app decodes them) and what each does to the configuration.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tickets/config_screen.hpp"
#include "tickets/model.hpp"
#include "tickets/texts.hpp"

namespace tickets {

enum class config_control {
  // show something, change nothing
  panel, add, options, back, blacklist,
  // the draft as a whole: write it as the configuration, or drop it
  validate, cancel,
  // change the configuration
  start, log, transcript, ticket_category, edit, roles, opt_naming, opt_transcript, opt_left, opt_autodelete,
  panel_modal, category_modal, block_roles, block_members,
  // a category's questions (index: the category; for the modal, question_slot())
  questions, question_add, question_edit, question_modal,
  // the delays screen
  delays, opt_close_request, opt_inactivity_warn, opt_inactivity_close, opt_dm,
};

// The question modal's index: which category, and which of its questions (new_question: one to add).
inline constexpr std::size_t new_question = 7;
inline std::size_t question_slot(std::size_t category, std::size_t question) { return category * 8 + question; }

// A control, for those about one category its index ("roles:2", "cat-modal:0"), and what the screen
// showed: the revision of the configuration and, when it showed a draft, the stamp of that draft
// ("@7" or "@7.1300000000000000000"). A press on a copy of an older screen is refused instead of
// acting on what that copy showed.
struct control_ref {
  config_control what = config_control::back;
  std::optional<std::size_t> index;
  std::optional<std::int64_t> revision;
  std::string draft;  // empty: the saved configuration
  bool operator==(const control_ref&) const = default;
};
std::string encode_control(const control_ref& c);    // the whole custom_id, "gt1:cfg:roles:2@7.13000…"
std::optional<control_ref> decode_control(std::string_view arg);  // the custom_id's argument
// The control on a screen that shows `shown` (a draft, or the saved configuration: stamp empty).
std::string control_on(const config_draft& shown, config_control what, std::optional<std::size_t> index = std::nullopt);
// Whether a control was pressed on a screen showing `shown` (one without a version is not a copy).
bool is_current(const control_ref& c, const config_draft& shown);

// The "edit a category" select: what its option values say.
enum class category_edit { text, roles, remove, questions };
std::string encode_category_edit(category_edit e, std::size_t index);
std::optional<std::pair<category_edit, std::size_t>> decode_category_edit(std::string_view value);

// What the admin sent with the control.
struct config_inputs {
  std::vector<std::string> values;            // a select's values
  std::map<std::string, std::string> fields;  // a modal's fields
  std::string seed_id;                        // the interaction's id: new categories take it
  std::vector<std::string> managed_role_names;  // picked roles that a bot or an integration manages
};

enum class next_screen { main, options, roles_picker, blacklist, questions, delays };
struct config_outcome {
  std::vector<std::string> problems;  // nothing was changed; every reason at once
  bool unknown = false;               // not a control that changes anything
  next_screen next = next_screen::main;
  std::size_t roles_index = 0;        // next_screen::roles_picker, questions: which category
};

// Applies the control to `c` when it is valid. The guild's language names the starting categories.
config_outcome apply_config_edit(guild_config& c, const control_ref& control, const config_inputs& in, const server_view& v,
                                 lang l, lang guild_language);

// What a validation changes, one line each ("• …"), for the admin's summary; empty: nothing.
std::vector<std::string> describe_changes(const guild_config& before, const guild_config& after, lang l);

}  // namespace tickets
