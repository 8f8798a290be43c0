// JSON mapping on payloads shaped as Discord sends them (unknown fields included), and round trips.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "discord/gateway/frames.hpp"
#include "discord/json.hpp"
#include "discord/model.hpp"
#include "discord/model/time.hpp"

namespace {

std::string sample(const std::string& name) {
  std::ifstream in(std::string(GUICHET_SAMPLES_DIR) + "/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(model_json, component_interaction_from_discord) {
  auto i = discord::from_json_text<discord::interaction>(sample("interaction_component.json"));
  ASSERT_TRUE(i) << i.error().message;
  EXPECT_EQ(i->type, discord::interaction_type::message_component);
  EXPECT_EQ(i->id.value, 1199375780456017980ULL);
  EXPECT_EQ(i->guild->value, 1138846637563449354ULL);
  EXPECT_EQ(i->channel->value, 1138846637563449357ULL);
  ASSERT_TRUE(i->data);
  EXPECT_EQ(i->data->custom_id, "gt1:open");
  EXPECT_EQ(i->data->values, std::vector<std::string>{"Support"});
  ASSERT_TRUE(i->guild_member && i->guild_member->account);
  EXPECT_EQ(i->guild_member->account->username, "alice");
  EXPECT_EQ(i->guild_member->display_name(), "Ali");
  EXPECT_TRUE(i->guild_member->channel_permissions->has(discord::permission::administrator));
  EXPECT_EQ(i->locale, "fr");
  ASSERT_TRUE(i->source_message);
  ASSERT_EQ(i->source_message->embeds.size(), 1u);
  EXPECT_EQ(i->source_message->embeds[0].title, "Bienvenue sur le support");
  EXPECT_EQ(i->source_message->embeds[0].image->url, "https://example.com/b.png");
  ASSERT_EQ(i->source_message->components.size(), 1u);
  EXPECT_EQ(i->source_message->components[0].components[0].options[0].emoji->name, "🎧");
  EXPECT_EQ(i->app_permissions->bits(), 2251799813685247ULL);
}

TEST(model_json, command_interaction_with_subcommand_options) {
  auto i = discord::from_json_text<discord::interaction>(sample("interaction_command.json"));
  ASSERT_TRUE(i) << i.error().message;
  ASSERT_TRUE(i->data);
  EXPECT_EQ(i->data->name, "ticket");
  ASSERT_EQ(i->data->options.size(), 1u);
  EXPECT_EQ(i->data->options[0].name, "close");
  EXPECT_EQ(i->data->options[0].type, discord::command_option_type::sub_command);
  EXPECT_EQ(i->data->options[0].options[0].value, "1138846637563449999");
  EXPECT_EQ(i->data->resolved.channels.at("1138846637563449999").name, "12-bob");
  EXPECT_EQ(i->guild_member->channel_permissions->bits(), 32u);
}

TEST(model_json, modal_submission_fields_are_flattened) {
  auto i = discord::from_json_text<discord::interaction>(sample("interaction_modal.json"));
  ASSERT_TRUE(i) << i.error().message;
  const auto& f = i->data->fields;
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].custom_id, "title");
  EXPECT_EQ(f[0].value, "Bienvenue");
  EXPECT_EQ(f[1].value, "Ligne 1\nLigne 2");
  EXPECT_EQ(f[2].values, (std::vector<std::string>{"111", "222"}));
}

TEST(model_json, guild_create_with_roles_channels_members) {
  auto g = discord::from_json_text<discord::guild>(sample("guild_create.json"));
  ASSERT_TRUE(g) << g.error().message;
  EXPECT_EQ(g->name, "Clan des Pingouins");
  EXPECT_EQ(g->preferred_locale, "fr");
  ASSERT_EQ(g->roles.size(), 3u);
  EXPECT_EQ(g->roles[1].color, 3447003u);
  EXPECT_TRUE(g->roles[2].managed);
  ASSERT_EQ(g->channels.size(), 2u);
  EXPECT_EQ(g->channels[0].type, discord::channel_type::guild_category);
  EXPECT_EQ(g->channels[1].guild->value, g->id.value);  // filled in from the guild
  ASSERT_EQ(g->channels[1].permission_overwrites.size(), 1u);
  EXPECT_TRUE(g->channels[1].permission_overwrites[0].deny.has(discord::permission::send_messages));
  EXPECT_EQ(g->members[0].roles[0].value, 1138846637563449360ULL);
}

// GUILD_CREATE is read straight from the frame (simdjson On-Demand): the same guild as the mapping
// reads, in any key order, with only the bot's own member kept.
TEST(gateway_frame, guild_create_is_read_as_the_mapping_reads_it_keeping_only_the_bots_member) {
  const std::string d = sample("guild_create.json");
  auto mapped = discord::from_json_text<discord::guild>(d);
  ASSERT_TRUE(mapped);
  const discord::user_id bot = mapped->members.back().account->id;
  auto f = discord::gateway::parse_frame(R"({"t":"GUILD_CREATE","s":2,"op":0,"d":)" + d + "}", {bot});
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->seq, 2);
  auto* e = std::get_if<discord::guild_create_event>(&*f->event);
  ASSERT_TRUE(e);
  const discord::guild& g = e->value;
  EXPECT_EQ(g.id, mapped->id);
  EXPECT_EQ(g.name, mapped->name);
  EXPECT_EQ(g.owner_id, mapped->owner_id);
  EXPECT_EQ(g.preferred_locale, "fr");
  ASSERT_EQ(g.roles.size(), mapped->roles.size());
  for (std::size_t i = 0; i < g.roles.size(); ++i) {
    EXPECT_EQ(g.roles[i].id, mapped->roles[i].id);
    EXPECT_EQ(g.roles[i].perms, mapped->roles[i].perms);
    EXPECT_EQ(g.roles[i].managed, mapped->roles[i].managed);
    EXPECT_EQ(g.roles[i].position, mapped->roles[i].position);
  }
  ASSERT_EQ(g.channels.size(), mapped->channels.size());
  for (std::size_t i = 0; i < g.channels.size(); ++i) {
    EXPECT_EQ(g.channels[i].id, mapped->channels[i].id);
    EXPECT_EQ(g.channels[i].type, mapped->channels[i].type);
    EXPECT_EQ(g.channels[i].parent_id, mapped->channels[i].parent_id);
    EXPECT_EQ(g.channels[i].guild, g.id);
    EXPECT_EQ(g.channels[i].permission_overwrites, mapped->channels[i].permission_overwrites);
  }
  ASSERT_EQ(g.members.size(), 1u) << "members are not kept, but for the bot's own";
  EXPECT_EQ(g.members[0].account->id, bot);
  EXPECT_EQ(g.members[0].roles, mapped->members.back().roles);
  // "id" after the channels, ids as numbers, an old overwrite type as text.
  auto late = discord::gateway::parse_frame(
      R"({"op":0,"t":"GUILD_CREATE","d":{"channels":[{"id":7,"type":0,"name":"a","permission_overwrites":[{"id":"9","type":"member","allow":"1","deny":"0"}]}],"id":"5","roles":[],"members":[{"roles":["2"],"user":{"id":"1","username":"alice"}},{"user":{"id":"3","username":"guichet"},"roles":["4"]}]}})",
      {discord::user_id{3}});
  ASSERT_TRUE(late) << late.error().message;
  ASSERT_EQ(std::get<discord::guild_create_event>(*late->event).value.members.size(), 1u);
  EXPECT_EQ(std::get<discord::guild_create_event>(*late->event).value.members[0].roles, std::vector<discord::role_id>{discord::role_id{4}});
  const auto& lg = std::get<discord::guild_create_event>(*late->event).value;
  EXPECT_EQ(lg.channels.at(0).guild, discord::guild_id{5});
  EXPECT_EQ(lg.channels.at(0).id, discord::channel_id{7});
  EXPECT_EQ(lg.channels.at(0).permission_overwrites.at(0).type, discord::overwrite_type::member);
}

// Every click and command is read from the frame by the fast reader: it must read what the mapping
// reads, field for field (the component's message shallow: its id, channel, author and flags).
TEST(gateway_frame, interaction_create_is_read_as_the_mapping_reads_it) {
  for (const char* name : {"interaction_component.json", "interaction_command.json", "interaction_modal.json"}) {
    SCOPED_TRACE(name);
    const std::string d = sample(name);
    auto mapped = discord::from_json_text<discord::interaction>(d);
    ASSERT_TRUE(mapped) << mapped.error().message;
    if (mapped->source_message) {
      discord::message shallow;
      shallow.id = mapped->source_message->id;
      shallow.channel = mapped->source_message->channel;
      shallow.author = mapped->source_message->author;
      shallow.flags = mapped->source_message->flags;
      mapped->source_message = shallow;
    }
    auto f = discord::gateway::parse_frame(R"({"op":0,"t":"INTERACTION_CREATE","s":9,"d":)" + d + "}");
    ASSERT_TRUE(f) << f.error().message;
    auto* e = std::get_if<discord::interaction_create_event>(&*f->event);
    ASSERT_TRUE(e);
    EXPECT_EQ(discord::to_json_text(e->value), discord::to_json_text(*mapped));
    EXPECT_EQ(e->value.token, mapped->token);
  }
  // A wrong type where a field is read is refused, not guessed.
  EXPECT_FALSE(discord::gateway::parse_frame(R"({"op":0,"t":"INTERACTION_CREATE","d":{"id":"1","type":"three"}})"));
  EXPECT_FALSE(discord::gateway::parse_frame(R"({"op":0,"t":"INTERACTION_CREATE","d":{"id":"1","type":3,"data":{"values":[1]}}})"));
}

// An event Guichet does not handle is named and not read any further; broken JSON where it is read
// is an error.
TEST(gateway_frame, unhandled_events_are_skipped_and_broken_ones_refused) {
  auto skipped = discord::gateway::parse_frame(R"({"op":0,"t":"TYPING_START","s":3,"d":{"whatever":[1,2,{"x":null}]}})");
  ASSERT_TRUE(skipped);
  ASSERT_TRUE(std::holds_alternative<discord::unknown_event>(*skipped->event));
  EXPECT_EQ(std::get<discord::unknown_event>(*skipped->event).name, "TYPING_START");
  EXPECT_FALSE(discord::gateway::parse_frame(R"({"op":0,"t":"GUILD_CREATE","d":{"id":"5","roles":[{"id":}]}})"));
  EXPECT_FALSE(discord::gateway::parse_frame(R"({"op":0,"t":"GUILD_CREATE","d":{"id":"5","roles":"no"}})"));
  EXPECT_FALSE(discord::gateway::parse_frame(std::string(R"({"op":0,"t":"MESSAGE_CREATE","d":)") + std::string(5000, '[') + "}"));
  EXPECT_FALSE(discord::gateway::parse_frame("[1]"));
  EXPECT_FALSE(discord::gateway::parse_frame(R"({"t":"READY"})")) << "no op";
}

TEST(model_json, message_reply_with_attachments_embeds_stickers) {
  auto m = discord::from_json_text<discord::message>(sample("message_reply.json"));
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->type, 19);
  EXPECT_EQ(m->author.display_name(), "Bob");
  EXPECT_EQ(m->author_member->nick, "Bobby");
  EXPECT_TRUE(m->edited_timestamp);
  ASSERT_EQ(m->attachments.size(), 1u);
  EXPECT_EQ(m->attachments[0].size, 48213u);
  EXPECT_EQ(m->embeds[0].fields[0].inline_, true);
  EXPECT_EQ(m->sticker_items[0].name, "Wave");
  ASSERT_TRUE(m->referenced_message);
  EXPECT_EQ(m->referenced_message->content, "Bonjour");
  // Round trip: what we write reads back the same.
  auto again = discord::from_json_text<discord::message>(discord::to_json_text(*m));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->content, m->content);
  EXPECT_EQ(again->attachments[0].url, m->attachments[0].url);
  EXPECT_EQ(again->referenced_message->id, m->referenced_message->id);
  EXPECT_EQ(again->embeds[0].fields[0].name, "Statut");
}

TEST(model_json, outgoing_bodies_have_discords_shape) {
  discord::message_create m;
  m.content = "<@1>";
  discord::embed e;
  e.title = "T";
  e.type = "rich";  // never sent: Discord forces rich
  e.color = 0x3498DB;
  m.embeds = std::vector<discord::embed>{e};
  discord::allowed_mentions am;
  am.users.push_back(discord::user_id{1});
  m.mentions = am;
  auto text = discord::to_json_text(m);
  EXPECT_EQ(text.find("\"type\":\"rich\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"allowed_mentions\":{\"parse\":[],\"users\":[\"1\"]}"), std::string::npos) << text;
  discord::permission_overwrite o{discord::any_id{5}, discord::overwrite_type::member,
                                  discord::permissions{discord::permission::view_channel}, {}};
  EXPECT_EQ(discord::to_json_text(o), R"({"allow":"1024","deny":"0","id":"5","type":1})");
  discord::message_create plain;  // by default nothing may ping
  EXPECT_NE(discord::to_json_text(plain).find("\"allowed_mentions\":{\"parse\":[]}"), std::string::npos);
}

TEST(model_json, interaction_round_trip_keeps_what_matters) {
  auto i = discord::from_json_text<discord::interaction>(sample("interaction_component.json"));
  ASSERT_TRUE(i);
  auto back = discord::from_json_text<discord::interaction>(discord::to_json_text(*i));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->id, i->id);
  EXPECT_EQ(back->token, i->token);
  EXPECT_EQ(back->data->custom_id, i->data->custom_id);
  EXPECT_EQ(back->data->values, i->data->values);
  EXPECT_EQ(back->guild_member->account->id, i->guild_member->account->id);
}

TEST(model_json, broken_input_is_an_error_not_a_crash) {
  EXPECT_FALSE(discord::from_json_text<discord::message>("{not json"));
  EXPECT_FALSE(discord::from_json_text<discord::message>("[1, 2]"));
  EXPECT_FALSE(discord::from_json_text<std::vector<discord::message>>(R"({"id": "1"})"));
  // Fields of another type than Discord documents do not crash the reader either.
  auto odd = discord::from_json_text<discord::message>(R"({"id": {"nested": true}, "author": 5, "content": "x"})");
  ASSERT_TRUE(odd);
  EXPECT_EQ(odd->content, "x");
}

TEST(permissions, discords_algorithm_with_overwrites) {
  using namespace discord;
  guild_id g{100};
  role_id staff{200}, muted{300};
  std::vector<role_permissions> roles{{everyone_role(g), permissions{permission::view_channel, permission::send_messages}},
                                      {staff, permissions{permission::manage_messages}},
                                      {muted, permissions{}}};
  permission_subject alice{user_id{1}, {staff}};
  auto base = compute_base_permissions(g, user_id{999}, alice, roles);
  EXPECT_TRUE(base.has(permission::manage_messages));
  // @everyone denied view; staff role allowed it back; the member overwrite denies send.
  std::vector<permission_overwrite> ows{
      {any_id{g.value}, overwrite_type::role, {}, permissions{permission::view_channel}},
      {any_id{staff.value}, overwrite_type::role, permissions{permission::view_channel}, {}},
      {any_id{1}, overwrite_type::member, {}, permissions{permission::send_messages}}};
  auto in_channel = compute_channel_permissions(base, g, alice, ows);
  EXPECT_TRUE(in_channel.has(permission::view_channel));
  EXPECT_FALSE(in_channel.has(permission::send_messages));
  // A stranger cannot view, hence has nothing.
  permission_subject bob{user_id{2}, {}};
  EXPECT_TRUE(compute_channel_permissions(compute_base_permissions(g, user_id{999}, bob, roles), g, bob, ows).empty());
  // The owner and administrators bypass overwrites.
  EXPECT_EQ(compute_base_permissions(g, user_id{2}, bob, roles), permissions::all());
  // Role allows win over role denies.
  permission_subject both{user_id{3}, {staff, muted}};
  std::vector<permission_overwrite> conflict{{any_id{staff.value}, overwrite_type::role, permissions{permission::attach_files}, {}},
                                             {any_id{muted.value}, overwrite_type::role, {}, permissions{permission::attach_files}}};
  EXPECT_TRUE(compute_channel_permissions(base, g, both, conflict).has(permission::attach_files));
  // No send → no embed links / attach files (implicit).
  std::vector<permission_overwrite> no_send{{any_id{g.value}, overwrite_type::role, permissions{permission::embed_links}, permissions{permission::send_messages}}};
  EXPECT_FALSE(compute_channel_permissions(base, g, bob, no_send).has(permission::embed_links));
}

}  // namespace

namespace {
// A timestamp's fraction has 1 to 6 digits; a short one is read as far as it goes, never past the
// end of the text (an out-of-bounds read before).
TEST(model_time, fractions_of_any_length_and_truncated_timestamps) {
  const std::int64_t base = discord::ms_from_iso8601("2024-05-01T10:20:30");
  EXPECT_EQ(discord::ms_from_iso8601("2024-05-01T10:20:30.123456+00:00"), base + 123);
  EXPECT_EQ(discord::ms_from_iso8601("2024-05-01T10:20:30.5"), base + 500);
  EXPECT_EQ(discord::ms_from_iso8601("2024-05-01T10:20:30.12"), base + 120);
  const std::string cut = "2024-05-01T10:20:30.9";  // the buffer ends right after the digit
  EXPECT_EQ(discord::ms_from_iso8601(std::string_view(cut.data(), cut.size())), base + 900);
  EXPECT_EQ(discord::ms_from_iso8601("2024"), 0);
}
}  // namespace

namespace {

std::string written(const std::string& text) {
  static int n = 0;
  const std::string path = ::testing::TempDir() + "messages-" + std::to_string(++n) + ".json";
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

}  // namespace

// The file is read a piece (1 MiB) at a time and each message parsed on its own: strings holding
// braces, brackets, quotes and backslashes, and elements cut by the end of a piece, read exactly
// as the whole text parsed at once.
TEST(model_json, a_messages_file_read_in_pieces_is_the_whole_text_parsed_at_once) {
  std::string text = "[\n";
  for (int i = 0; i < 4000; ++i) {
    if (i) text += ",\n";
    text += R"({"id":")" + std::to_string(1000 + i) + R"(","channel_id":"7","timestamp":"2024-01-01T00:00:00.000Z",)"
            R"("author":{"id":"9","username":"u\"{[}]"},"content":"m)" + std::to_string(i) + R"( {\"a\": [1, \"}\"]} \\ \\\" )" +
            std::string(static_cast<std::size_t>(i % 1200), 'x') + R"(","embeds":[{"title":"[{"}],"attachments":[]})";
  }
  text += "\n]\n";
  ASSERT_GT(text.size(), 2u << 20) << "the text must cross pieces";
  auto whole = discord::from_json_text<std::vector<discord::message>>(text);
  auto pieces = discord::messages_from_file(written(text));
  ASSERT_TRUE(whole) << whole.error().message;
  ASSERT_TRUE(pieces) << pieces.error().message;
  ASSERT_EQ(pieces->size(), 4000u);
  for (std::size_t i = 0; i < whole->size(); ++i) {
    EXPECT_EQ((*pieces)[i].id, (*whole)[i].id);
    EXPECT_EQ((*pieces)[i].content, (*whole)[i].content);
    EXPECT_EQ((*pieces)[i].author.username, "u\"{[}]");
    ASSERT_EQ((*pieces)[i].embeds.size(), 1u);
    EXPECT_EQ((*pieces)[i].embeds[0].title, "[{");
  }
  EXPECT_NE((*pieces)[3999].content.find("{\"a\": [1, \"}\"]} \\ \\\" "), std::string::npos);

  auto empty = discord::messages_from_file(written(" [ ] "));
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST(model_json, a_broken_messages_file_is_an_error_that_says_where) {
  EXPECT_FALSE(discord::messages_from_file(::testing::TempDir() + "no-such-file.json"));
  EXPECT_FALSE(discord::messages_from_file(written(R"({"id":"1"})")));                       // not an array
  EXPECT_FALSE(discord::messages_from_file(written(R"([{"id":"1","content":"a"})")));        // cut short
  EXPECT_FALSE(discord::messages_from_file(written(R"([{"id":"1"}, 2])")));                  // not an object
  EXPECT_FALSE(discord::messages_from_file(written(R"([{"id":"1"}] trailing)")));            // text after
  EXPECT_FALSE(discord::messages_from_file(written(R"([{"id":"1"} {"id":"2"}])")));          // no comma
  auto bad = discord::messages_from_file(written(R"([{"id":"1"}, {"id":"2","content":"a" "b"}])"));
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("message 2"), std::string::npos) << bad.error().message;
}
