#include "discord/gateway/session.hpp"

#include <algorithm>

namespace discord::gateway {

bool close_code_may_reconnect(int code) {
  switch (code) {
    case 4004:  // authentication failed
    case 4010:  // invalid shard
    case 4011:  // sharding required
    case 4012:  // invalid API version
    case 4013:  // invalid intents
    case 4014:  // disallowed intents
      return false;
    default:
      return true;
  }
}

std::string describe_fatal_close(int code) {
  switch (code) {
    case 4004:
      return "Discord rejected the bot token (gateway close 4004, authentication failed). "
             "Copy a fresh token from the Developer Portal (Bot → Reset Token) into DISCORD_TOKEN.";
    case 4010:
      return "Discord rejected the shard number (gateway close 4010, invalid shard). Check GUICHET_SHARDS.";
    case 4011:
      return "Discord requires sharding for this bot (gateway close 4011). Leave GUICHET_SHARDS unset to run "
             "the shard count Discord recommends.";
    case 4012:
      return "Discord rejected the gateway API version (gateway close 4012).";
    case 4013:
      return "Discord rejected the intents (gateway close 4013, invalid intents).";
    case 4014:
      return "Discord refused a privileged intent (gateway close 4014, disallowed intents): enable the Server "
             "Members Intent (and the Message Content Intent for transcripts) in the Developer Portal, "
             "Bot → Privileged Gateway Intents.";
    default:
      return "gateway closed with code " + std::to_string(code);
  }
}

session::session(session_config config) : config_(std::move(config)) {}

void session::on_connected(time_point now) {
  state_ = shard_state::waiting_hello;
  next_heartbeat_.reset();
  awaiting_ack_ = false;
  hello_deadline_ = now + hello_timeout;
}

millis session::backoff() const {
  if (failed_attempts_ <= 0) return millis{0};
  // 1 s, 2 s, 4 s … up to 60 s, each spread by this session's jitter (between half and all of it),
  // so that the shards of a process, or many bots after an outage, do not come back in step.
  auto ms = std::min<long long>(1000LL << std::min(failed_attempts_ - 1, 6), 60'000);
  return millis{ms / 2 + static_cast<long long>(static_cast<double>(ms / 2) * config_.jitter)};
}

std::vector<action> session::reconnect(bool resume, std::uint16_t close_code, std::string reason) {
  want_resume_ = resume && !session_id_.empty() && seq_.has_value();
  if (!resume) {
    session_id_.clear();
    resume_url_.clear();
    seq_.reset();
  }
  auto delay = backoff();
  ++failed_attempts_;
  state_ = shard_state::disconnected;
  next_heartbeat_.reset();
  awaiting_ack_ = false;
  return {reconnect_action{want_resume_, delay, close_code, std::move(reason)}};
}

std::vector<action> session::on_text(std::string_view text, time_point now) {
  auto parsed = parse_frame(text, frame_options{self_});
  if (!parsed) return {note_action{"dropped a gateway frame that could not be read: " + parsed.error().message}};
  frame& f = *parsed;
  std::vector<action> out;
  switch (static_cast<opcode>(f.op)) {
    case opcode::hello: {
      hello_deadline_.reset();
      // Discord sends 41,250 ms; a value outside what a gateway could mean is a broken HELLO.
      if (!f.heartbeat_interval_ms || *f.heartbeat_interval_ms < heartbeat_interval_min.count() ||
          *f.heartbeat_interval_ms > heartbeat_interval_max.count())
        return reconnect(true, 4900, "HELLO with an unusable heartbeat_interval");
      heartbeat_interval_ = millis{*f.heartbeat_interval_ms};
      next_heartbeat_ = now + millis{static_cast<long long>(heartbeat_interval_.count() * config_.jitter)};
      awaiting_ack_ = false;
      if (want_resume_ && !session_id_.empty() && seq_) {
        state_ = shard_state::resuming;
        out.push_back(send_action{encode_resume(config_.identify.token, session_id_, *seq_)});
      } else {
        state_ = shard_state::identifying;
        out.push_back(identify_action{encode_identify(config_.identify)});
      }
      break;
    }
    case opcode::heartbeat:
      out.push_back(send_action{encode_heartbeat(seq_)});
      break;
    case opcode::heartbeat_ack:
      if (awaiting_ack_) latency_ = std::chrono::duration_cast<std::chrono::microseconds>(now - heartbeat_sent_);
      awaiting_ack_ = false;
      break;
    case opcode::reconnect:
      return reconnect(true, 4900, "Discord asked to reconnect (op 7)");
    case opcode::invalid_session: {
      auto out2 = reconnect(f.resumable, f.resumable ? 4900 : 1000, "invalid session (op 9)");
      // Discord asks for a random 1–5 s wait before identifying again.
      auto& r = std::get<reconnect_action>(out2.front());
      r.delay = std::max(r.delay, millis{1000 + static_cast<long long>(config_.jitter * 4000)});
      return out2;
    }
    case opcode::dispatch: {
      if (f.seq) seq_ = f.seq;
      if (f.event) {
        if (auto* ready = std::get_if<ready_event>(&*f.event)) {
          session_id_ = ready->session_id;
          resume_url_ = ready->resume_gateway_url;
          self_ = ready->self.id;
          state_ = shard_state::active;
          failed_attempts_ = 0;
          want_resume_ = false;
        } else if (std::holds_alternative<resumed_event>(*f.event)) {
          state_ = shard_state::active;
          failed_attempts_ = 0;
          want_resume_ = false;
        }
        out.push_back(dispatch_action{std::move(*f.event)});
      }
      break;
    }
    default:
      break;
  }
  return out;
}

std::vector<action> session::on_closed(int close_code, time_point) {
  if (state_ == shard_state::fatally_closed) return {};
  if (!close_code_may_reconnect(close_code)) {
    state_ = shard_state::fatally_closed;
    next_heartbeat_.reset();
    return {fatal_action{close_code, describe_fatal_close(close_code)}};
  }
  // 4007 invalid sequence, 4009 session timed out: the session is gone, identify anew.
  bool resumable = close_code != 4007 && close_code != 4009;
  return reconnect(resumable, 4900, "gateway closed (code " + std::to_string(close_code) + ")");
}

std::vector<action> session::on_tick(time_point now) {
  if (state_ == shard_state::waiting_hello && hello_deadline_ && now >= *hello_deadline_)
    return reconnect(true, 4900, "no HELLO within " + std::to_string(hello_timeout.count() / 1000) + " s");
  if (!next_heartbeat_ || now < *next_heartbeat_) return {};
  if (awaiting_ack_) {
    // No ACK since the last heartbeat: the connection is a zombie. Resume on a new one.
    return reconnect(true, 4900, "no heartbeat ACK (zombie connection)");
  }
  awaiting_ack_ = true;
  heartbeat_sent_ = now;
  next_heartbeat_ = now + heartbeat_interval_;
  return {send_action{encode_heartbeat(seq_)}};
}

// Before HELLO there is no heartbeat to wait for: the caller polls (on_tick checks hello_timeout).
std::optional<time_point> session::next_tick() const { return next_heartbeat_; }

std::string session::connect_url(std::string_view gateway_url) const {
  std::string base(want_resume_ && !resume_url_.empty() ? std::string_view(resume_url_) : gateway_url);
  if (auto q = base.find('?'); q != std::string::npos) base.resize(q);
  if (base.find("://") != std::string::npos && base.find('/', base.find("://") + 3) == std::string::npos)
    base += '/';
  return base + "?v=10&encoding=json";
}

}  // namespace discord::gateway
