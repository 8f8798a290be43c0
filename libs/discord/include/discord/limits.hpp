#pragma once
// Discord's documented limits, one named constant each, with where they come from.
// Sources: openapi.json (v10) and discord-api-docs (see ../shared/discord/endpoints.md).
#include <cstddef>
#include <cstdint>

namespace discord::limits {

// Messages (resources/message.mdx)
inline constexpr std::size_t message_content_max = 2000;        // bots: 2000, the spec's 4000 is Nitro's
inline constexpr std::size_t embeds_per_message_max = 10;
inline constexpr std::size_t embed_title_max = 256;              // RichEmbed.title
inline constexpr std::size_t embed_description_max = 4096;       // RichEmbed.description
inline constexpr std::size_t embed_fields_max = 25;
inline constexpr std::size_t embed_field_name_max = 256;
inline constexpr std::size_t embed_field_value_max = 1024;
inline constexpr std::size_t embed_footer_text_max = 2048;
inline constexpr std::size_t embed_author_name_max = 256;
inline constexpr std::size_t embed_url_max = 2048;               // url, image.url, thumbnail.url
inline constexpr std::size_t embed_total_text_max = 6000;        // summed over all embeds of a message
inline constexpr std::uint32_t embed_color_max = 0xFFFFFF;
inline constexpr std::size_t files_per_message_max = 10;
inline constexpr std::uint64_t default_upload_limit_bytes = 10ULL * 1024 * 1024;  // attachment_size_limit default
inline constexpr std::uint64_t request_size_max_bytes = 25ULL * 1024 * 1024;
inline constexpr std::size_t message_nonce_max = 25;             // Create Message: nonce (string)

// Components (components/reference.mdx)
inline constexpr std::size_t action_rows_per_message_max = 5;    // legacy (non components-V2) messages
inline constexpr std::size_t buttons_per_row_max = 5;
inline constexpr std::size_t custom_id_max = 100;
inline constexpr std::size_t button_label_max = 80;
inline constexpr std::size_t select_placeholder_max = 150;
inline constexpr std::size_t select_options_max = 25;
inline constexpr std::size_t select_option_text_max = 100;       // label, value, description
inline constexpr int select_values_max = 25;
inline constexpr std::size_t modal_title_max = 45;
inline constexpr std::size_t text_input_label_max = 45;
inline constexpr std::size_t text_input_value_max = 4000;
inline constexpr std::size_t text_input_placeholder_max = 100;
inline constexpr std::size_t component_emoji_name_max = 32;

// Channels (resources/channel.mdx, opcodes-and-status-codes.mdx)
inline constexpr std::size_t channel_name_max = 100;
inline constexpr std::size_t channel_topic_max = 1024;           // text channels (4096 is forums')
inline constexpr std::size_t overwrites_per_request_max = 100;
inline constexpr std::size_t channels_per_category_max = 50;
inline constexpr std::size_t channels_per_guild_max = 500;
inline constexpr std::size_t pins_per_channel_max = 250;
inline constexpr int channel_renames_per_window = 2;             // per channel
inline constexpr int channel_rename_window_seconds = 600;        // 10 minutes
inline constexpr int list_messages_limit_max = 100;

// Application commands (interactions/application-commands.mdx)
inline constexpr std::size_t command_name_max = 32;
inline constexpr std::size_t command_description_max = 100;
inline constexpr std::size_t command_options_max = 25;
inline constexpr std::size_t commands_per_bulk_max = 130;

// Interactions (receiving-and-responding.mdx)
inline constexpr int interaction_initial_response_seconds = 3;
inline constexpr int interaction_token_minutes = 15;

// Users (resources/user.mdx; openapi: GET /users/@me/guilds, limit 1-200)
inline constexpr int user_guilds_page_max = 200;

// Rate limits (topics/rate-limits.mdx)
inline constexpr int global_requests_per_second = 50;

// Gateway (topics/gateway.mdx)
inline constexpr int identify_spacing_seconds = 5;               // per max_concurrency bucket
inline constexpr int gateway_version = 10;

}  // namespace discord::limits
