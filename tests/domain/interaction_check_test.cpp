// The door every interaction passes: a table of payload defects → verdict.
#include <gtest/gtest.h>

#include "tickets/interaction_check.hpp"

namespace {

using tickets::interaction_verdict;

discord::interaction good() {
  discord::interaction i;
  i.id = discord::interaction_id{10};
  i.application = discord::application_id{7};
  i.type = discord::interaction_type::message_component;
  i.token = "aW50ZXJhY3Rpb246abc_-.x";
  i.guild = discord::guild_id{1};
  i.channel = discord::channel_id{2};
  i.data = discord::interaction_data{};
  i.data->custom_id = "gt1:claim";
  discord::member m;
  m.account = discord::user{};
  m.account->id = discord::user_id{3};
  m.channel_permissions = discord::permissions{};
  i.guild_member = m;
  return i;
}

TEST(interaction_check, every_defect_is_caught_before_a_handler_sees_it) {
  const discord::application_id ours{7};
  EXPECT_EQ(tickets::check_interaction(good(), ours).verdict, interaction_verdict::handle);
  struct row {
    const char* defect;
    void (*spoil)(discord::interaction&);
  };
  const row table[] = {
      {"member without user", [](discord::interaction& i) { i.guild_member->account.reset(); }},
      {"no member", [](discord::interaction& i) { i.guild_member.reset(); }},
      {"no channel", [](discord::interaction& i) { i.channel.reset(); }},
      {"no data", [](discord::interaction& i) { i.data.reset(); }},
      {"no custom_id", [](discord::interaction& i) { i.data->custom_id.reset(); }},
      {"custom_id too long", [](discord::interaction& i) { i.data->custom_id = std::string(101, 'a'); }},
      {"token with a slash", [](discord::interaction& i) { i.token = "abc/../../x"; }},
      {"empty token", [](discord::interaction& i) { i.token.clear(); }},
      {"another application", [](discord::interaction& i) { i.application = discord::application_id{8}; }},
      {"ping", [](discord::interaction& i) { i.type = discord::interaction_type::ping; }},
      {"no id", [](discord::interaction& i) { i.id = discord::interaction_id{0}; }},
      {"user id 0", [](discord::interaction& i) { i.guild_member->account->id = discord::user_id{0}; }},
      {"no permissions", [](discord::interaction& i) { i.guild_member->channel_permissions.reset(); }},
  };
  for (const auto& r : table) {
    auto i = good();
    r.spoil(i);
    auto c = tickets::check_interaction(i, ours);
    EXPECT_EQ(c.verdict, interaction_verdict::drop) << r.defect;
    EXPECT_FALSE(c.problem.empty()) << r.defect;
  }
  auto dm = good();
  dm.guild.reset();
  dm.guild_member.reset();
  dm.dm_user = discord::user{};
  dm.dm_user->id = discord::user_id{3};
  EXPECT_EQ(tickets::check_interaction(dm, ours).verdict, interaction_verdict::outside_guild);
}

}  // namespace
