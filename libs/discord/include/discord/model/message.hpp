#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "discord/model/snowflake.hpp"
#include "discord/model/user.hpp"

namespace discord {

struct embed_footer { std::string text; std::optional<std::string> icon_url; };
struct embed_media { std::string url; std::optional<int> width; std::optional<int> height; };
struct embed_author { std::string name; std::optional<std::string> url; std::optional<std::string> icon_url; };
struct embed_field { std::string name; std::string value; bool inline_ = false; };

struct embed {
  std::optional<std::string> title;
  std::optional<std::string> type;
  std::optional<std::string> description;
  std::optional<std::string> url;
  std::optional<std::string> timestamp;  // ISO 8601
  std::optional<std::uint32_t> color;
  std::optional<embed_footer> footer;
  std::optional<embed_media> image;
  std::optional<embed_media> thumbnail;
  std::optional<embed_author> author;
  std::vector<embed_field> fields;
};

struct partial_emoji {
  std::optional<emoji_id> id;
  std::string name;
  bool animated = false;
};

enum class component_type : int {
  action_row = 1,
  button = 2,
  string_select = 3,
  text_input = 4,
  user_select = 5,
  role_select = 6,
  mentionable_select = 7,
  channel_select = 8,
  label = 18,
};

enum class button_style : int { primary = 1, secondary = 2, success = 3, danger = 4, link = 5 };
enum class text_input_style : int { short_ = 1, paragraph = 2 };

struct select_option {
  std::string label;
  std::string value;
  std::optional<std::string> description;
  std::optional<partial_emoji> emoji;
  bool default_ = false;
};

struct select_default_value { std::string id; std::string type; };  // type: "user" | "role" | "channel"

// One struct for every component kind: the fields that do not apply stay empty.
struct component {
  component_type type = component_type::action_row;
  std::optional<std::string> custom_id;
  std::optional<int> style;
  std::optional<std::string> label;
  std::optional<partial_emoji> emoji;
  std::optional<std::string> url;
  bool disabled = false;
  // selects
  std::vector<select_option> options;
  std::optional<std::string> placeholder;
  std::optional<int> min_values;
  std::optional<int> max_values;
  std::vector<int> channel_types;
  std::vector<select_default_value> default_values;
  // text inputs
  std::optional<int> min_length;
  std::optional<int> max_length;
  std::optional<bool> required;
  std::optional<std::string> value;
  // children (action row); a label holds one component
  std::vector<component> components;
  std::vector<component> label_component;  // 0 or 1 (type 18 "label" wraps one)
};

struct attachment {
  attachment_id id;
  std::string filename;
  std::optional<std::string> content_type;
  std::uint64_t size = 0;
  std::string url;
  std::optional<std::string> proxy_url;
  std::optional<int> width;
  std::optional<int> height;
};

struct sticker_item { sticker_id id; std::string name; int format_type = 1; };

struct message_reference {
  std::optional<message_id> message;
  std::optional<channel_id> channel;
  std::optional<guild_id> guild;
};

struct message {
  message_id id;
  channel_id channel;
  std::optional<guild_id> guild;
  user author;
  std::optional<member> author_member;
  std::string content;
  std::string timestamp;
  std::optional<std::string> edited_timestamp;
  int type = 0;
  std::uint64_t flags = 0;
  bool pinned = false;
  bool mention_everyone = false;
  std::vector<user> mentions;
  std::vector<role_id> mention_roles;
  std::vector<embed> embeds;
  std::vector<attachment> attachments;
  std::vector<component> components;
  std::vector<sticker_item> sticker_items;
  std::optional<message_reference> reference;
  std::shared_ptr<const message> referenced_message;  // the reply's target, when Discord includes it
  std::optional<webhook_id> webhook;
};

struct allowed_mentions {
  std::vector<std::string> parse;  // "users", "roles", "everyone"; empty = nothing parsed
  std::vector<user_id> users;
  std::vector<role_id> roles;
  bool replied_user = false;

  // Nothing pings: the safe default for any message that carries user text.
  static allowed_mentions none() { return {}; }
};

inline constexpr std::uint64_t message_flag_ephemeral = 1ULL << 6;
inline constexpr std::uint64_t message_flag_suppress_embeds = 1ULL << 2;

// Body of create message, edit message, interaction responses and follow-ups.
struct message_create {
  std::optional<std::string> content;
  std::optional<std::vector<embed>> embeds;
  std::optional<std::vector<component>> components;
  std::optional<allowed_mentions> mentions = allowed_mentions::none();
  std::optional<std::uint64_t> flags;
  std::optional<message_reference> reference;
  // For edits with uploads: the attachments to keep (empty = replace all).
  std::optional<std::vector<attachment>> attachments;
  // With enforce_nonce, Discord returns the message already made with this nonce (same author, last
  // few minutes) instead of posting it twice: what makes a resent POST safe. At most 25 characters.
  std::optional<std::string> nonce;
  bool enforce_nonce = false;
};

struct file_upload {
  std::string filename;
  std::string content_type = "application/octet-stream";
  std::string data;
  std::optional<std::string> description;
};

}  // namespace discord
