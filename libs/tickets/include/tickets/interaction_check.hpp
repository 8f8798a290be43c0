#pragma once
// One check at the door of every interaction, so that no handler ever sees an invalid one: what
// Discord sends in a guild always has its guild, channel, member with user, and ids that parse; a
// payload without them is broken or forged. Pure: the app applies the verdict.
#include <string>

#include "discord/model/interaction.hpp"

namespace tickets {

enum class interaction_verdict {
  handle,         // well-formed, in a guild
  outside_guild,  // well-formed, but in DMs: answered "use it in a server"
  drop,           // malformed or not ours: not even answered (its id or token may be forged)
};

struct interaction_check {
  interaction_verdict verdict = interaction_verdict::drop;
  std::string problem;  // for the log when dropped
};

interaction_check check_interaction(const discord::interaction& i, discord::application_id ours);

}  // namespace tickets
