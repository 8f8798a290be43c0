#pragma once
// The only place that maps gateway events and interactions to their handlers. One overload per
// event type and no catch-all: an event type added to discord::gateway_event without a route here
// does not compile.
#include <set>

#include <boost/asio/io_context.hpp>

#include "config_flows.hpp"
#include "discord/model/gateway_events.hpp"
#include "guild_cache.hpp"
#include "spawn.hpp"
#include "ticket_flows.hpp"

namespace app {

// What the shards have reached: the first reconciliation waits for every READY and for the guilds
// READY announced, so that it never judges a guild it has not seen.
struct gateway_progress {
  std::set<int> shards_ready;
  std::set<discord::guild_id> guilds_awaited;
  bool reconcile_requested = false;  // a shard started a new session (events were missed)
};

class router {
 public:
  router(boost::asio::io_context& ioc, guild_cache& cache, ticket_flows& tickets, config_flows& config,
         discord::application_id application, gateway_progress& progress)
      : ioc_(ioc), cache_(cache), tickets_(tickets), config_(config), application_(application), progress_(progress) {}

  void route(int shard, discord::gateway_event&& event);

  // A shutdown: interactions from now on get the "restarting" notice; the flows under way go on.
  void stop_taking_interactions() { stopping_ = true; }
  // Flows started by events and still running.
  int in_flight() const { return in_flight_; }

 private:
  void on(int shard, discord::ready_event& e);
  void on(int shard, discord::resumed_event& e);
  void on(int shard, discord::guild_create_event& e);
  void on(int shard, discord::guild_update_event& e);
  void on(int shard, discord::guild_delete_event& e);
  void on(int shard, discord::interaction_create_event& e);
  void on(int shard, discord::member_add_event& e);
  void on(int shard, discord::member_update_event& e);
  void on(int shard, discord::member_remove_event& e);
  void on(int shard, discord::channel_create_event& e);
  void on(int shard, discord::channel_update_event& e);
  void on(int shard, discord::channel_delete_event& e);
  void on(int shard, discord::role_create_event& e);
  void on(int shard, discord::role_update_event& e);
  void on(int shard, discord::role_delete_event& e);
  void on(int shard, discord::message_create_event& e);
  void on(int shard, discord::unknown_event& e);
  // A well-formed guild interaction (or a DM one): a command, a ticket component, the config screen.
  void interaction(discord::interaction i);
  template <class Awaitable>
  void start(Awaitable flow, const char* what) {
    spawn_counted(ioc_, std::move(flow), what, in_flight_);
  }

  boost::asio::io_context& ioc_;
  guild_cache& cache_;
  ticket_flows& tickets_;
  config_flows& config_;
  discord::application_id application_;
  gateway_progress& progress_;
  bool stopping_ = false;
  int in_flight_ = 0;
};

}  // namespace app
