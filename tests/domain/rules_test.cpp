// The ticket domain as tables: (state × action × actor) → allowed or refused with the reason;
// the overwrites of each state; the channel names.
#include <gtest/gtest.h>

#include "tickets/custom_id.hpp"
#include "tickets/naming.hpp"
#include "discord/limits.hpp"
#include "tickets/opening.hpp"
#include "tickets/overwrites.hpp"
#include "tickets/plan.hpp"
#include "tickets/rules.hpp"
#include "tickets/screens.hpp"
#include "tickets/stats.hpp"
#include "tickets/text_fit.hpp"

namespace {

using namespace tickets;
using discord::permission;

const actor owner{true, false, false}, staff{false, true, false}, admin{false, false, true}, stranger{};
const actor claimer{false, true, false, true}, staff_of_absent_claimer{false, true, false, false, true};

struct row {
  status state;
  action what;
  actor who;
  refusal expected;
  status to;
};

TEST(rules, every_state_action_and_actor) {
  const std::vector<row> table = {
      // claim: staff or admin, only an open ticket
      {status::open, action::claim, staff, refusal::none, status::claimed},
      {status::open, action::claim, admin, refusal::none, status::claimed},
      {status::open, action::claim, owner, refusal::not_staff, status::open},
      {status::open, action::claim, stranger, refusal::not_staff, status::open},
      {status::claimed, action::claim, staff, refusal::already_claimed, status::claimed},
      {status::closed, action::claim, staff, refusal::not_open, status::closed},
      // close: owner or staff, open or claimed
      {status::open, action::close, owner, refusal::none, status::closed},
      {status::claimed, action::close, owner, refusal::none, status::closed},
      {status::open, action::close, staff, refusal::none, status::closed},
      {status::open, action::close, stranger, refusal::not_owner_or_staff, status::open},
      {status::closed, action::close, owner, refusal::already_closed, status::closed},
      // reopen: staff, closed only
      {status::closed, action::reopen, staff, refusal::none, status::open},
      {status::closed, action::reopen, admin, refusal::none, status::open},
      {status::closed, action::reopen, owner, refusal::not_staff, status::closed},
      {status::open, action::reopen, staff, refusal::not_closed, status::open},
      {status::claimed, action::reopen, staff, refusal::not_closed, status::claimed},
      // delete: staff, after confirmation, in any live state
      {status::open, action::remove, staff, refusal::none, status::open},
      {status::closed, action::remove_confirm, staff, refusal::none, status::deleted},
      {status::claimed, action::remove_confirm, admin, refusal::none, status::deleted},
      {status::open, action::remove, owner, refusal::not_staff, status::open},
      {status::closed, action::remove_confirm, owner, refusal::not_staff, status::closed},
      {status::closed, action::remove_without_transcript, staff, refusal::none, status::deleted},
      // after the owner left: staff only
      {status::open, action::close_after_leave, staff, refusal::none, status::closed},
      {status::open, action::close_after_leave, owner, refusal::not_staff, status::open},
      {status::closed, action::close_after_leave, staff, refusal::already_closed, status::closed},
      // transcripts: staff only
      {status::open, action::transcript, staff, refusal::none, status::open},
      {status::open, action::transcript, owner, refusal::not_staff, status::open},
      // members: staff of the category or admins, on a live ticket
      {status::open, action::member_add, staff, refusal::none, status::open},
      {status::claimed, action::member_add_pick, admin, refusal::none, status::claimed},
      {status::open, action::member_add, owner, refusal::not_staff, status::open},
      {status::open, action::member_remove_pick, stranger, refusal::not_staff, status::open},
      {status::closed, action::member_add_pick, staff, refusal::ticket_closed, status::closed},
      // release: the claimer or an admin, a claimed ticket
      {status::claimed, action::release, claimer, refusal::none, status::open},
      {status::claimed, action::release, admin, refusal::none, status::open},
      {status::claimed, action::release, staff, refusal::not_claimer, status::claimed},
      {status::claimed, action::release, staff_of_absent_claimer, refusal::not_claimer, status::claimed},
      {status::open, action::release, claimer, refusal::not_claimed, status::open},
      // transfer: the claimer, an admin, or staff once the claimer is absent
      {status::claimed, action::transfer_pick, claimer, refusal::none, status::claimed},
      {status::claimed, action::transfer, admin, refusal::none, status::claimed},
      {status::claimed, action::transfer, staff, refusal::not_claimer_transfer, status::claimed},
      {status::claimed, action::transfer_pick, staff_of_absent_claimer, refusal::none, status::claimed},
      {status::claimed, action::transfer, owner, refusal::not_claimer_transfer, status::claimed},
      {status::open, action::transfer, admin, refusal::not_claimed, status::open},
      // close with a reason: as close
      {status::open, action::close_with_reason, owner, refusal::none, status::closed},
      {status::claimed, action::close_reason_submit, staff, refusal::none, status::closed},
      {status::open, action::close_reason_submit, stranger, refusal::not_owner_or_staff, status::open},
      // close requests: staff ask, only the owner answers
      {status::open, action::close_request, staff, refusal::none, status::open},
      {status::open, action::close_request, owner, refusal::not_staff, status::open},
      {status::open, action::close_request_accept, owner, refusal::none, status::closed},
      {status::open, action::close_request_accept, staff, refusal::not_owner, status::open},
      {status::open, action::close_request_refuse, stranger, refusal::not_owner, status::open},
      {status::closed, action::close_request_accept, owner, refusal::already_closed, status::closed},
      // rename: staff
      {status::closed, action::rename, staff, refusal::none, status::closed},
      {status::open, action::rename, owner, refusal::not_staff, status::open},
      // nothing acts on a deleted or half-made ticket
      {status::deleted, action::reopen, admin, refusal::gone, status::deleted},
      {status::reserved, action::claim, staff, refusal::gone, status::reserved},
  };
  for (const auto& r : table) {
    auto d = decide(r.state, r.what, r.who);
    EXPECT_EQ(d.reason, r.expected) << to_string(r.state) << " / " << encode(r.what);
    if (d.allowed()) EXPECT_EQ(d.to, r.to) << to_string(r.state) << " / " << encode(r.what);
  }
}

// The member an action is about: who may be added, removed, or given the claim.
TEST(plans, the_picked_member_is_judged_before_anything_is_done) {
  ticket t;
  t.state = status::claimed;
  t.owner_id = discord::user_id{1};
  t.claimer_id = discord::user_id{2};
  t.category = "Support";
  t.added_members = {discord::user_id{4}};
  const guild_config c;
  const auto picked = [&](std::uint64_t id, bool staff_member, bool in_guild = true, bool is_bot = false) {
    action_facts f{discord::user_id{2}};
    f.target = target_facts{discord::user_id{id}, "x", in_guild, is_bot, staff_member};
    return f;
  };
  const auto refused = [&](action a, const action_facts& f) {
    auto p = decide(t, a, claimer, c, f);
    return p.refused ? p.refused->id : msg::unknown_action;
  };
  EXPECT_EQ(refused(action::member_add_pick, picked(1, false)), msg::add_is_owner);
  EXPECT_EQ(refused(action::member_add_pick, picked(3, true)), msg::add_is_staff);
  EXPECT_EQ(refused(action::member_add_pick, picked(3, false, false)), msg::target_not_member);
  EXPECT_EQ(refused(action::member_add_pick, picked(3, false, true, true)), msg::add_is_bot);
  EXPECT_EQ(refused(action::member_add_pick, picked(4, false)), msg::add_already);
  EXPECT_EQ(refused(action::member_remove_pick, picked(1, false)), msg::remove_is_owner);
  EXPECT_EQ(refused(action::member_remove_pick, picked(3, false)), msg::remove_not_added);
  EXPECT_EQ(refused(action::transfer_pick, picked(3, false)), msg::transfer_not_staff);
  EXPECT_EQ(refused(action::transfer_pick, picked(2, true)), msg::transfer_same);
  EXPECT_EQ(refused(action::transfer_pick, picked(3, true, false)), msg::target_not_member);
  // Allowed: the store's change, the channel, a note, a log entry.
  auto add = decide(t, action::member_add_pick, claimer, c, picked(3, false));
  ASSERT_FALSE(add.refused);
  ASSERT_EQ(add.effects.size(), 4u);
  EXPECT_EQ(add.effects[0].what, step::add_member);
  EXPECT_EQ(add.effects[1].what, step::sync_channel);
  EXPECT_EQ(add.effects[3].log, log_kind::member_added);
  auto accept = decide(t, action::close_request_accept, owner, c, action_facts{discord::user_id{1}});
  ASSERT_GE(accept.effects.size(), 2u);
  EXPECT_EQ(accept.effects[0].what, step::close);
  EXPECT_EQ(accept.effects[1].what, step::settle_request) << "the request settles once the close is stored";
  EXPECT_EQ(decide(t, action::member_add, claimer, c, action_facts{discord::user_id{2}}).reply, reply_kind::pick_member);
  EXPECT_EQ(decide(t, action::close_with_reason, owner, c, action_facts{discord::user_id{1}}).reply, reply_kind::reason_modal);
}

TEST(overwrites, added_members_follow_the_state_as_the_owner_does) {
  overwrite_input in{discord::guild_id{100}, discord::user_id{1}, discord::user_id{3}, {}, std::nullopt, true, {discord::user_id{9}}};
  const auto of = [](const std::vector<discord::permission_overwrite>& list) {
    for (const auto& o : list)
      if (o.id.value == 9) return o;
    return discord::permission_overwrite{};
  };
  EXPECT_TRUE(of(ticket_overwrites(in, status::open)).allow.has_all(owner_permissions()));
  EXPECT_TRUE(of(ticket_overwrites(in, status::claimed)).allow.has(permission::send_messages));
  auto closed = of(ticket_overwrites(in, status::closed));
  EXPECT_TRUE(closed.allow.has(permission::view_channel));
  EXPECT_TRUE(closed.deny.has(permission::send_messages));
}

const discord::guild_id guild{100};
const discord::user_id alice{1}, bob{2}, bot{3};
const discord::role_id support{50}, partners{51};

discord::permission_overwrite find(const std::vector<discord::permission_overwrite>& list, std::uint64_t id) {
  for (const auto& o : list)
    if (o.id.value == id) return o;
  ADD_FAILURE() << "no overwrite for " << id;
  return {};
}

TEST(overwrites, each_state) {
  overwrite_input in{guild, alice, bot, {support, partners}, std::nullopt, true};
  auto open = ticket_overwrites(in, status::open);
  EXPECT_TRUE(find(open, guild.value).deny.has(permission::view_channel));
  EXPECT_TRUE(find(open, alice.value).allow.has_all(owner_permissions()));
  EXPECT_TRUE(find(open, support.value).allow.has(permission::send_messages));
  EXPECT_TRUE(find(open, partners.value).allow.has(permission::view_channel));
  // The bot keeps its own access (it is not an administrator).
  EXPECT_TRUE(find(open, bot.value).allow.has_all(bot_channel_permissions()));

  in.claimer = bob;
  auto claimed = ticket_overwrites(in, status::claimed);
  EXPECT_TRUE(find(claimed, support.value).deny.has(permission::send_messages));
  EXPECT_TRUE(find(claimed, support.value).allow.has(permission::view_channel));
  EXPECT_TRUE(find(claimed, bob.value).allow.has(permission::send_messages));
  EXPECT_TRUE(find(claimed, alice.value).allow.has(permission::send_messages));

  auto closed = ticket_overwrites(in, status::closed);
  EXPECT_TRUE(find(closed, alice.value).deny.has(permission::send_messages));
  EXPECT_TRUE(find(closed, alice.value).allow.has(permission::view_channel));

  in.owner_present = false;  // the owner left: no member overwrite for them
  for (const auto& o : ticket_overwrites(in, status::open)) EXPECT_NE(o.id.value, alice.value);
}

TEST(naming, discords_channel_rules_and_the_states) {
  naming_input n{naming_scheme::number_username, 1, "alice", "Support", std::string("🎧"), std::nullopt};
  EXPECT_EQ(channel_name(n, status::open, lang::fr), "1-alice");
  n.claimer_name = "Bob";
  EXPECT_EQ(channel_name(n, status::claimed, lang::fr), "1-alice-bob");
  EXPECT_EQ(channel_name(n, status::closed, lang::fr), "fermé-alice");
  EXPECT_EQ(channel_name(n, status::closed, lang::en), "closed-alice");
  n.owner_name = "Élodie Dupont!!";
  EXPECT_EQ(channel_name(n, status::open, lang::fr), "1-elodie-dupont");
  n.owner_name = "🦊🦊";
  EXPECT_EQ(channel_name(n, status::open, lang::fr), "1-membre");
  n.owner_name = std::string(300, 'a');
  EXPECT_EQ(channel_name(n, status::open, lang::fr).size(), 100u);
  naming_input ts{naming_scheme::emoji_category_number, 12, "alice", "Support Technique", std::string("🎧"), std::nullopt};
  EXPECT_EQ(channel_name(ts, status::open, lang::fr), "🎧-support-technique-0012");
}

TEST(custom_ids, round_trip_and_limit) {
  auto id = encode(action::config, "roles:3");
  EXPECT_EQ(id, "gt1:cfg:roles:3");
  auto back = decode(id);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->what, action::config);
  EXPECT_EQ(back->arg, "roles:3");
  EXPECT_FALSE(decode("other:claim"));
  EXPECT_LE(encode(action::open, std::string(200, 'x')).size(), 100u);
}

TEST(screens, welcome_buttons_follow_the_state_and_only_the_owner_is_pinged) {
  ticket t;
  t.number = 7;
  t.owner_id = discord::user_id{1};
  t.category = "Support";
  t.state = status::claimed;
  t.claimer_id = discord::user_id{2};
  auto m = welcome_message(t, nullptr, lang::fr);
  const auto& buttons = (*m.components)[0].components;
  EXPECT_TRUE(buttons[0].disabled);   // claim: already claimed
  EXPECT_FALSE(buttons[1].disabled);  // close
  EXPECT_TRUE(buttons[2].disabled);   // reopen: not closed
  ASSERT_TRUE(m.mentions);
  EXPECT_TRUE(m.mentions->parse.empty());
  ASSERT_EQ(m.mentions->users.size(), 1u);
  EXPECT_EQ(m.mentions->users[0].value, 1u);
}

TEST(overwrites, everyone_is_never_weakened_even_when_given_as_a_staff_role) {
  tickets::overwrite_input in;
  in.guild = discord::guild_id{100};
  in.owner = discord::user_id{1};
  in.bot = discord::user_id{2};
  in.staff_roles = {discord::role_id{100}, discord::role_id{5}};
  for (auto state : {tickets::status::open, tickets::status::claimed, tickets::status::closed}) {
    int everyone = 0;
    for (const auto& o : tickets::ticket_overwrites(in, state))
      if (o.id.value == 100) {
        ++everyone;
        EXPECT_TRUE(o.deny.has(discord::permission::view_channel));
        EXPECT_FALSE(o.allow.has(discord::permission::view_channel));
      }
    EXPECT_EQ(everyone, 1);
  }
}

}  // namespace

namespace {

using tickets::effect;
using tickets::step;

std::vector<step> steps_of(const tickets::plan& p) {
  std::vector<step> out;
  for (const auto& e : p.effects) out.push_back(e.what);
  return out;
}

ticket live(status s) {
  ticket t;
  t.guild_id = discord::guild_id{100};
  t.number = 7;
  t.channel_id = discord::channel_id{900};
  t.owner_id = discord::user_id{1};
  t.category = "Support";
  t.category_id = "c1";
  t.state = s;
  if (s == status::claimed) t.claimer_id = discord::user_id{2};
  return t;
}

// (state, action, actor, options) → the plan: the store change first, then the channel, the
// notes and the log; the deletion archives before it deletes.
TEST(plans, every_action_as_the_effects_it_carries_out) {
  guild_config plain_guild;
  guild_config archiving = plain_guild;
  archiving.options.transcript_on_close = true;
  archiving.options.auto_delete_hours = 24;
  guild_config deleting_left = plain_guild;
  deleting_left.options.on_member_left = member_left_action::remove;
  guild_config no_dm = plain_guild;
  no_dm.options.dm_summary = false;
  const tickets::action_facts bob_acts{discord::user_id{2}, true};
  struct row {
    status state;
    action what;
    actor who;
    const guild_config* c;
    std::vector<step> effects;
    msg done;
  };
  const std::vector<row> table = {
      {status::open, action::claim, staff, &plain_guild, {step::claim, step::sync_channel, step::note, step::log}, msg::answer_claimed},
      {status::open, action::close, owner, &plain_guild, {step::close, step::sync_channel, step::closed_note, step::log, step::dm_summary}, msg::close_done},
      {status::open, action::close, owner, &no_dm, {step::close, step::sync_channel, step::closed_note, step::log}, msg::close_done},
      {status::claimed, action::close, staff, &archiving,
       {step::close, step::sync_channel, step::closed_note, step::set_deadline, step::log, step::archive, step::dm_summary}, msg::close_done},
      {status::closed, action::reopen, admin, &plain_guild, {step::reopen, step::reset_inactivity, step::sync_channel, step::note, step::log}, msg::answer_reopened},
      {status::closed, action::remove_confirm, staff, &plain_guild, {step::archive, step::delete_channel, step::log}, msg::delete_done},
      {status::closed, action::remove_without_transcript, staff, &plain_guild, {step::delete_channel, step::log}, msg::delete_done},
      {status::open, action::close_after_leave, staff, &plain_guild, {step::close, step::sync_channel, step::closed_note, step::log, step::dm_summary}, msg::close_done},
      // A ticket deleted without a close: the owner's summary too, while the channel can be read.
      {status::open, action::close_after_leave, staff, &deleting_left, {step::archive, step::dm_summary, step::delete_channel, step::log}, msg::delete_done},
      {status::open, action::keep_open, owner, &plain_guild, {step::reset_inactivity}, msg::answer_kept_open},
      {status::claimed, action::inactivity_off, staff, &plain_guild, {step::stop_inactivity_watch, step::note}, msg::answer_watch_off},
      {status::open, action::inactivity_on, admin, &plain_guild, {step::start_inactivity_watch, step::note}, msg::answer_watch_on},
      {status::open, action::transcript, staff, &plain_guild, {step::archive}, msg::transcript_saved},
      {status::open, action::remove, staff, &plain_guild, {}, msg::unknown_action},
  };
  for (const auto& r : table) {
    auto p = decide(live(r.state), r.what, r.who, *r.c, bob_acts);
    ASSERT_FALSE(p.refused) << encode(r.what);
    EXPECT_EQ(steps_of(p), r.effects) << to_string(r.state) << " / " << encode(r.what);
    EXPECT_EQ(p.done.id, r.done) << encode(r.what);
  }
  // The archive before a deletion is required (a failure stops it); the one at close is not.
  EXPECT_TRUE(decide(live(status::closed), action::remove_confirm, staff, plain_guild, bob_acts).effects[0].required);
  for (const auto& e : decide(live(status::open), action::close, staff, archiving, bob_acts).effects)
    if (e.what == step::archive) EXPECT_FALSE(e.required);
  // A deletion Discord refused after its transcript was saved does not archive again…
  auto archived = live(status::closed);
  archived.closed_at_ms = 1000;
  archived.archived_at_ms = 2000;
  EXPECT_EQ(steps_of(decide(archived, action::remove_confirm, staff, plain_guild, bob_acts)),
            (std::vector<step>{step::delete_channel, step::log}));
  // …unless the ticket was closed again since.
  archived.closed_at_ms = 3000;
  EXPECT_EQ(steps_of(decide(archived, action::remove_confirm, staff, plain_guild, bob_acts)).front(), step::archive);
  EXPECT_EQ(decide(live(status::open), action::remove, staff, plain_guild, bob_acts).reply, tickets::reply_kind::delete_question);
}

TEST(plans, refusals_name_the_reason_in_the_catalogue) {
  const tickets::action_facts f{discord::user_id{9}, true};
  const guild_config c;
  auto claim = decide(live(status::open), action::claim, stranger, c, f);
  ASSERT_TRUE(claim.refused);
  EXPECT_EQ(claim.refused->id, msg::claim_not_staff);
  EXPECT_EQ(claim.refused->args, (std::vector<std::string>{"Support"}));
  EXPECT_TRUE(claim.effects.empty());
  auto again = decide(live(status::claimed), action::claim, staff, c, f);
  ASSERT_TRUE(again.refused);
  EXPECT_EQ(again.refused->render(lang::fr), "Ce ticket est déjà pris en charge par <@2>.");
  EXPECT_EQ(decide(live(status::open), action::close, stranger, c, f).refused->id, msg::close_not_allowed);
  EXPECT_EQ(decide(live(status::open), action::reopen, staff, c, f).refused->id, msg::reopen_not_closed);
  EXPECT_EQ(decide(live(status::deleted), action::close, admin, c, f).refused->id, msg::not_a_ticket);
  // Keeping a ticket open: its people only; switching the watch: staff only; never once closed.
  EXPECT_EQ(decide(live(status::open), action::keep_open, stranger, c, f).refused->id, msg::keep_open_not_participant);
  EXPECT_EQ(decide(live(status::open), action::inactivity_off, owner, c, f).refused->id, msg::watch_not_staff);
  EXPECT_EQ(decide(live(status::closed), action::keep_open, owner, c, f).refused->id, msg::ticket_is_closed);
  tickets::actor added = stranger;
  added.is_added = true;
  EXPECT_FALSE(decide(live(status::open), action::keep_open, added, c, f).refused) << "a member staff added";
}

TEST(plans, the_actor_is_staff_by_the_category_s_roles_and_admin_by_permissions) {
  category cat{"c1", "Support", "d", {discord::role_id{50}, discord::role_id{51}}, std::nullopt, std::nullopt};
  EXPECT_TRUE(tickets::actor_of(false, false, {discord::role_id{7}, discord::role_id{51}}, &cat).is_staff);
  EXPECT_FALSE(tickets::actor_of(false, false, {discord::role_id{7}}, &cat).is_staff);
  EXPECT_FALSE(tickets::actor_of(false, false, {discord::role_id{50}}, nullptr).is_staff) << "a removed category has no staff";
  EXPECT_TRUE(tickets::actor_of(false, true, {}, nullptr).staff_rights());
  EXPECT_TRUE(tickets::has_admin_rights(discord::permissions{discord::permission::manage_guild}));
  EXPECT_FALSE(tickets::has_admin_rights(discord::permissions{discord::permission::manage_channels}));
}

// Overwrites are applied as a diff: what differs is set, what is not wanted goes.
TEST(overwrite_diff, sets_what_differs_and_removes_what_is_not_wanted) {
  using discord::any_id;
  using discord::overwrite_type;
  const discord::permissions view{permission::view_channel};
  const std::vector<discord::permission_overwrite> current = {
      {any_id{100}, overwrite_type::role, {}, view},       // @everyone: as wanted
      {any_id{50}, overwrite_type::role, view, {}},        // old staff role: not wanted
      {any_id{1}, overwrite_type::member, view, {}},       // owner: allow differs
  };
  const std::vector<discord::permission_overwrite> wanted = {
      {any_id{100}, overwrite_type::role, {}, view},
      {any_id{1}, overwrite_type::member, owner_permissions(), {}},
      {any_id{51}, overwrite_type::role, staff_permissions(), {}},
  };
  auto d = overwrite_diff(current, wanted);
  ASSERT_EQ(d.set.size(), 2u);
  EXPECT_EQ(d.set[0].id.value, 1u);
  EXPECT_EQ(d.set[1].id.value, 51u);
  ASSERT_EQ(d.remove.size(), 1u);
  EXPECT_EQ(d.remove[0].id.value, 50u);
  EXPECT_TRUE(overwrite_diff(wanted, wanted).empty());
}

}  // namespace


namespace {

// Opening, as the cache sees the server: each missing piece refuses with its reason, and the
// admins are warned in the log channel when they must act.
TEST(opening, why_a_ticket_cannot_be_opened) {
  category support{"c1", "Support", "d", {discord::role_id{50}}, std::string("🎧"), std::nullopt};
  tickets::opening_facts ready;
  ready.picked = &support;
  ready.staff_roles = {discord::role_id{50}};
  ready.ticket_category_exists = true;
  ready.member = discord::user_id{1};
  EXPECT_FALSE(why_not_open(ready));
  auto unknown = ready;
  unknown.picked = nullptr;
  EXPECT_EQ(why_not_open(unknown)->reply.id, msg::open_unknown_category);
  EXPECT_FALSE(why_not_open(unknown)->log);
  auto no_staff = ready;
  no_staff.staff_roles.clear();
  EXPECT_EQ(why_not_open(no_staff)->reply.id, msg::open_no_staff_role);
  EXPECT_EQ(why_not_open(no_staff)->log->id, msg::log_no_staff_role);
  auto lacking = ready;
  lacking.bot_missing = discord::permissions{permission::manage_roles};
  EXPECT_NE(why_not_open(lacking)->reply.render(lang::fr).find("manage_roles"), std::string::npos);
  auto full = ready;
  full.guild_channels = discord::limits::channels_per_guild_max;
  EXPECT_EQ(why_not_open(full)->reply.id, msg::open_guild_full);
  auto no_parent = ready;
  no_parent.ticket_category_exists = false;
  EXPECT_EQ(why_not_open(no_parent)->reply.id, msg::panel_missing_ticket_category);
}

TEST(opening, the_channel_of_an_open_ticket) {
  category support{"c1", "Support", "d", {discord::role_id{50}}, std::string("🎧"), std::nullopt};
  guild_config c;
  ticket t;
  t.number = 12;
  tickets::ticket_channel_facts f{discord::guild_id{100}, discord::user_id{1}, "alice", discord::user_id{3},
                                   discord::channel_id{70}, {discord::role_id{50}}};
  auto ch = ticket_channel(t, support, c, f, lang::fr);
  EXPECT_EQ(ch.name, "12-alice");
  EXPECT_EQ(ch.parent_id, discord::channel_id{70});
  ASSERT_TRUE(ch.topic);
  EXPECT_NE(ch.topic->find("#12 "), std::string::npos) << "the reconciliation finds a half-made channel by it";
  EXPECT_NE(ch.topic->find("(1)"), std::string::npos);
  EXPECT_EQ(find(ch.permission_overwrites, 100).deny, discord::permissions{permission::view_channel});
  EXPECT_TRUE(find(ch.permission_overwrites, 50).allow.has(permission::send_messages));
  EXPECT_EQ(cooldown_refusal(c.options, 1'700'000'000'000).render(lang::en).find("<t:1700000001:R>") != std::string::npos, true);
}

}  // namespace


namespace {

// Discord counts characters; a cut stays valid UTF-8 and shows that it is a cut.
TEST(text_fit, cuts_at_character_boundaries_and_marks_the_cut) {
  EXPECT_EQ(tickets::utf8_chars("é🎧a"), 3u);
  EXPECT_EQ(tickets::fit("abc", 3), "abc");
  EXPECT_EQ(tickets::fit("éééé", 3), "éé…");
  EXPECT_EQ(tickets::utf8_chars(tickets::fit(std::string(200, 'x') + "é", 100)), 100u);
  EXPECT_EQ(tickets::utf8_prefix("🎧🎧🎧", 2), "🎧🎧");
  EXPECT_EQ(tickets::fit("abc", 0), "");
}

}  // namespace


namespace {

// The stats screen: categories under today's names, one vocabulary, staff lines, the window.
TEST(stats, the_screen_names_categories_as_today_and_shows_staff_and_window) {
  guild_config c;
  c.categories = {{"c1", "Aide", "d", {}, std::nullopt, std::nullopt}};  // renamed from "Support"
  ticket_stats st;
  st.created = 4;
  st.open = 2;
  st.unclaimed = 1;
  st.claimed = 1;
  st.closed = 1;
  st.deleted = 1;
  st.last_number = 43;  // seeded by the admin: numbers run ahead of what Guichet created
  st.by_category = {{"c1", "Support", 3, 2}, {"gone", "Autre", 1, 0}};
  st.avg_resolution_ms = 2500;
  st.by_staff = {{discord::user_id{7}, 3, 2, 90'000.0, 3'600'000.0}, {discord::user_id{8}, 0, 1, std::nullopt, std::nullopt}};
  st.since_ms = 1000;
  name_categories(st, c);
  EXPECT_EQ(st.by_category[0].name, "Aide") << "a category by its name now";
  EXPECT_EQ(st.by_category[1].name, "Autre") << "a removed category by its name at opening";
  auto shown = stats_message(st, lang::en, stats_window::week);
  auto text = shown.embeds->front();
  EXPECT_NE(text.title->find("7 days"), std::string::npos) << *text.title;
  EXPECT_EQ(text.fields[1].value, "2 (1 unclaimed, 1 claimed)");
  EXPECT_EQ(text.fields[4].name, "Last number given");
  EXPECT_EQ(text.fields[4].value, "#43");
  EXPECT_NE(text.fields[5].value.find("• Aide: 2 open of 3 created"), std::string::npos) << text.fields[5].value;
  std::string all;
  for (const auto& f : text.fields) all += f.name + ": " + f.value + "\n";
  EXPECT_NE(all.find("<@7>: 3 claimed, 2 closed, first reply 1 min 30 s, resolved in 1 h 00 min"), std::string::npos) << all;
  EXPECT_NE(all.find("<@8>: 0 claimed, 1 closed"), std::string::npos) << all;
  // The window switch: three buttons, the current one disabled.
  ASSERT_TRUE(shown.components && !shown.components->empty());
  const auto& buttons = shown.components->front().components;
  ASSERT_EQ(buttons.size(), 3u);
  EXPECT_TRUE(buttons[0].disabled);
  EXPECT_FALSE(buttons[2].disabled);
  EXPECT_EQ(window_start(stats_window::month, 100 * day_ms), 70 * day_ms);
  EXPECT_FALSE(window_start(stats_window::all_time, 100 * day_ms));
  EXPECT_EQ(window_from_arg("30"), stats_window::month);
}

}  // namespace
