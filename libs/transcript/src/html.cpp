// The HTML page: one self-contained file (inline CSS, no script, no external font or stylesheet).
#include <algorithm>
#include <charconv>
#include <map>
#include <unordered_map>

#include "transcript_internal.hpp"

namespace transcript {

namespace {

constexpr std::string_view css = R"css(
:root{color-scheme:dark}
body{margin:0;background:#313338;color:#dbdee1;font:16px/1.375 "gg sans","Noto Sans","Helvetica Neue",Helvetica,Arial,sans-serif}
header{background:#2b2d31;padding:16px 24px;border-bottom:1px solid #1e1f22}
header h1{margin:0 0 4px;font-size:20px;color:#f2f3f5}
header dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0 0;font-size:14px}
header dt{color:#949ba4}header dd{margin:0}
.warn{background:#f0b232;color:#111;padding:8px 12px;border-radius:4px;margin-top:8px}
main{padding:8px 0 24px}
.group{display:flex;gap:16px;padding:2px 16px 2px 16px;margin-top:17px}
.group:hover{background:#2e3035}
.avatar{width:40px;height:40px;border-radius:50%;flex:none;background:#5c5f66 center/cover no-repeat}
.body{min-width:0;flex:1}
.name{font-weight:500;color:#f2f3f5}
.bot{background:#5865f2;color:#fff;font-size:10px;font-weight:600;border-radius:3px;padding:1px 4px;margin-left:4px;vertical-align:2px}
.ts{color:#949ba4;font-size:12px;margin-left:6px}
.msg{white-space:normal;overflow-wrap:anywhere}
.msg+.msg{margin-top:2px}
.edited{color:#949ba4;font-size:10px;margin-left:4px}
.reply{color:#b5bac1;font-size:14px;margin-bottom:2px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.reply b{color:#f2f3f5;font-weight:500}
.system{color:#949ba4;font-style:italic;padding:2px 72px}
code{background:#2b2d31;border-radius:3px;padding:0 3px;font-family:Consolas,"Courier New",monospace;font-size:85%}
pre.code{background:#2b2d31;border:1px solid #1e1f22;border-radius:4px;padding:8px;overflow-x:auto;white-space:pre-wrap;margin:4px 0}
pre.code code{background:none;padding:0}
blockquote{border-left:4px solid #4e5058;margin:2px 0;padding:0 8px}
h1,h2,h3{margin:6px 0;color:#f2f3f5}.msg h1{font-size:24px}.msg h2{font-size:20px}.msg h3{font-size:16px}
small{color:#949ba4;font-size:12px;display:block}
a{color:#00a8fc;text-decoration:none}a:hover{text-decoration:underline}
.mention{background:rgba(88,101,242,.3);color:#c9cdfb;border-radius:3px;padding:0 2px}
.spoiler{background:#1e1f22;color:transparent;border-radius:3px}.spoiler:hover{color:inherit}
.emoji{width:22px;height:22px;vertical-align:bottom;display:inline-block;background:center/contain no-repeat}
.embed{display:grid;max-width:520px;background:#2b2d31;border-left:4px solid #1e1f22;border-radius:4px;padding:8px 16px 16px 12px;margin-top:4px}
.embed .author{font-size:14px;font-weight:600;margin-top:8px;display:flex;gap:8px;align-items:center}
.embed .author img{width:24px;height:24px;border-radius:50%}
.embed .title{font-weight:600;color:#f2f3f5;margin-top:8px}
.embed .desc{font-size:14px;margin-top:8px}
.embed .fields{display:grid;grid-template-columns:repeat(3,1fr);gap:8px;margin-top:8px}
.embed .field{grid-column:1/-1;font-size:14px}.embed .field.inline{grid-column:auto}
.embed .field .fname{font-weight:600;color:#f2f3f5}
.embed img.image{max-width:100%;border-radius:4px;margin-top:16px}
.embed img.thumb{max-width:80px;max-height:80px;border-radius:4px;float:right}
.embed .footer{font-size:12px;color:#b5bac1;margin-top:8px}
.attachment img{max-width:400px;max-height:300px;border-radius:4px;margin-top:4px;display:block}
.file{display:inline-block;background:#2b2d31;border:1px solid #1e1f22;border-radius:4px;padding:8px 12px;margin-top:4px}
.sticker{color:#949ba4;font-size:14px}
footer{color:#949ba4;font-size:12px;padding:16px 24px}
)css";

// A reply's preview of the message it answers, in code points (Discord's client shows one line).
constexpr std::size_t reply_preview_max = 100;

// Shown when an avatar was not kept: a grey disc, inside the page.
constexpr const char* avatar_placeholder =
    "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCA0MCA0MCI+PGNpcmNsZSBjeD0iMjAiIGN5PSIyMCIgcj0iMjAiIGZpbGw9IiM1YzVmNjYiLz48L3N2Zz4=";

std::string color_hex(std::uint32_t c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%06x", c & 0xFFFFFF);
  return buf;
}

std::string human_size(std::uint64_t bytes) {
  char buf[32];
  if (bytes >= 1024 * 1024) std::snprintf(buf, sizeof buf, "%.2f MB", bytes / 1048576.0);
  else if (bytes >= 1024) std::snprintf(buf, sizeof buf, "%.2f KB", bytes / 1024.0);
  else std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(bytes));
  return buf;
}

struct people {
  // Per author: display name and role colour, computed once.
  struct face {
    std::string name;
    std::uint32_t color = 0;
  };
  std::unordered_map<std::uint64_t, face> cache;
  const context& ctx;

  const face& of(const discord::message& m) {
    auto [it, fresh] = cache.try_emplace(m.author.id.value);
    if (!fresh) return it->second;
    face f;
    f.name = m.author.display_name();
    const discord::member* member = m.author_member ? &*m.author_member : nullptr;
    for (const auto& gm : ctx.guild.members)
      if (!member && gm.account && gm.account->id == m.author.id) member = &gm;
    if (member) {
      if (member->nick && !member->nick->empty()) f.name = *member->nick;
      int best = -1;
      for (const auto& r : ctx.guild.roles)
        if (r.color && r.position > best && std::find(member->roles.begin(), member->roles.end(), r.id) != member->roles.end()) {
          best = r.position;
          f.color = r.color;
        }
    }
    it->second = std::move(f);
    return it->second;
  }
};

void render_embed(std::string& out, const discord::embed& e, const context& ctx) {
  out += "<div class=\"embed\" style=\"border-left-color:";
  out += e.color ? color_hex(*e.color) : std::string("#1e1f22");
  out += "\">";
  // The pictures of an embed are addresses the sender chose: never fetched. A page that keeps its
  // pictures links to them instead of loading them.
  const auto embed_picture = [&](const char* cls, const std::string& url) {
    if (!safe_url(url)) return;
    if (ctx.media) {
      out += "<a class=\"embed-link\" href=\"";
      append_escaped(out, url);
      out += "\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">🖼️</a>";
      return;
    }
    out += "<img class=\"";
    out += cls;
    out += "\" alt=\"\" src=\"";
    append_escaped(out, url);
    out += "\">";
  };
  if (e.thumbnail) embed_picture("thumb", e.thumbnail->url);
  if (e.author && !e.author->name.empty()) {
    out += "<div class=\"author\">";
    if (e.author->icon_url && !ctx.media && safe_url(*e.author->icon_url)) {
      out += "<img alt=\"\" src=\"";
      append_escaped(out, *e.author->icon_url);
      out += "\">";
    }
    append_escaped(out, e.author->name);
    out += "</div>";
  }
  if (e.title) {
    out += "<div class=\"title\">";
    if (e.url && safe_url(*e.url)) {
      out += "<a href=\"";
      append_escaped(out, *e.url);
      out += "\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">";
      append_escaped(out, *e.title);
      out += "</a>";
    } else {
      append_escaped(out, *e.title);
    }
    out += "</div>";
  }
  if (e.description) {
    out += "<div class=\"desc\">";
    append_markdown(out, *e.description, ctx);
    out += "</div>";
  }
  if (!e.fields.empty()) {
    out += "<div class=\"fields\">";
    for (const auto& f : e.fields) {
      out += f.inline_ ? "<div class=\"field inline\"><div class=\"fname\">" : "<div class=\"field\"><div class=\"fname\">";
      append_escaped(out, f.name);
      out += "</div><div>";
      append_markdown(out, f.value, ctx);
      out += "</div></div>";
    }
    out += "</div>";
  }
  if (e.image) embed_picture("image", e.image->url);
  if (e.footer || e.timestamp) {
    out += "<div class=\"footer\">";
    if (e.footer) append_escaped(out, e.footer->text);
    if (e.footer && e.timestamp) out += " • ";
    if (e.timestamp) out += readable_time(parse_iso_ms(*e.timestamp), ctx.locale);
    out += "</div>";
  }
  out += "</div>";
}

void render_attachment(std::string& out, const discord::attachment& a, const context& ctx) {
  if (!safe_url(a.url)) {
    out += "<div class=\"file\">";
    append_escaped(out, a.filename);
    out += "</div>";
    return;
  }
  const bool fr = ctx.locale.rfind("en", 0) != 0;
  const bool image = a.content_type && a.content_type->rfind("image/", 0) == 0;
  if (image) {
    if (auto src = picture(ctx, a.url)) {
      // Kept inside: the picture alone (a link to the same bytes would double them).
      out += "<div class=\"attachment\">";
      if (!ctx.media) {
        out += "<a href=\"";
        append_escaped(out, a.url);
        out += "\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">";
      }
      out += "<img alt=\"";
      append_escaped(out, a.filename);
      out += "\" src=\"";
      append_escaped(out, *src);
      out += ctx.media ? "\"></div>" : "\"></a></div>";
      return;
    }
  }
  // A file kept inside the page downloads from it, with its name.
  const auto kept = ctx.media ? ctx.media->data.find(a.url) : decltype(ctx.media->data.end()){};
  const bool inside = ctx.media && kept != ctx.media->data.end();
  out += "<div class=\"file\">📎 <a href=\"";
  append_escaped(out, inside ? kept->second : a.url);
  if (inside) {
    out += "\" download=\"";
    append_escaped(out, a.filename);
    out += "\">";
  } else {
    out += "\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">";
  }
  append_escaped(out, a.filename);
  out += "</a> (" + human_size(a.size);
  if (a.content_type) {
    out += ", ";
    append_escaped(out, *a.content_type);
  }
  out += ")";
  if (ctx.media && !inside) out += fr ? " — non archivé (taille)" : " — not archived (size)";
  out += "</div>";
}

// System messages (types other than default 0 and reply 19) as one sentence.
bool system_line(std::string& out, const discord::message& m, const std::string& who, bool fr) {
  const char* text = nullptr;
  switch (m.type) {
    case 6: text = fr ? " a épinglé un message." : " pinned a message."; break;
    case 7: text = fr ? " a rejoint le serveur." : " joined the server."; break;
    case 8: text = fr ? " a boosté le serveur." : " boosted the server."; break;
    case 18: text = fr ? " a créé un fil." : " started a thread."; break;
    default: return false;
  }
  out += "<div class=\"system\">";
  append_escaped(out, who);
  out += text;
  out += "</div>";
  return true;
}

}  // namespace

// The messages in the order of their ids (Discord's order of sending), through pointers: they are
// read in place, never copied nor moved (10,000 messages are megabytes).
static std::vector<const discord::message*> oldest_first(const std::vector<discord::message>& messages) {
  std::vector<const discord::message*> out;
  out.reserve(messages.size());
  for (const auto& m : messages) out.push_back(&m);
  std::stable_sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return a->id < b->id; });
  return out;
}

std::string render_html(const std::vector<discord::message>& unordered, const context& ctx, summary* sum) {
  const auto messages = oldest_first(unordered);
  const bool fr = ctx.locale.rfind("en", 0) != 0;
  people faces{{}, ctx};
  std::vector<std::string> participants;
  std::unordered_map<std::uint64_t, bool> seen;
  std::size_t user_messages = 0, empty_user_messages = 0;
  std::string body;
  if (ctx.media) {
    ctx.media->classes.clear();
    ctx.media->class_data.clear();
  }
  // Room for the whole page at once: a string that doubles as it grows holds both copies for a
  // moment. Too much costs nothing (pages never written are never resident); too little, a copy.
  std::size_t room = 16384;  // and the head, put in front at the end
  for (const auto* m : messages) room += 1024 + 2 * m->content.size() + 1024 * (m->embeds.size() + m->attachments.size());
  body.reserve(room);

  const discord::message* previous = nullptr;
  for (const auto* each : messages) {
    const discord::message& m = *each;
    const auto& face = faces.of(m);
    if (!seen[m.author.id.value]) {
      seen[m.author.id.value] = true;
      participants.push_back(face.name);
    }
    if (!m.author.bot) {
      ++user_messages;
      if (m.content.empty() && m.embeds.empty() && m.attachments.empty() && m.sticker_items.empty()) ++empty_user_messages;
    }
    if (system_line(body, m, face.name, fr)) {
      previous = nullptr;
      continue;
    }
    std::int64_t at = parse_iso_ms(m.timestamp);
    bool grouped = previous && previous->author.id == m.author.id && m.type != 19 &&
                   at - parse_iso_ms(previous->timestamp) < 7 * 60 * 1000;
    if (!grouped) {
      if (previous) body += "</div></div>";
      if (ctx.media) {  // the avatar's class, written once in the style sheet (a grey disc when not kept)
        const auto pic = picture_class(ctx, avatar_url(m.author));
        if (pic && pic->first_use) {
          body += "<div class=\"group\"><img class=\"avatar\" alt=\"\" src=\"";
          append_escaped(body, *pic->first_use);
          body += "\"><div class=\"body\">";
        } else {
          body += "<div class=\"group\"><div class=\"avatar" + (pic ? " " + pic->css_class : std::string()) + "\" role=\"img\"></div><div class=\"body\">";
        }
      } else {
        body += "<div class=\"group\"><img class=\"avatar\" alt=\"\" loading=\"lazy\" src=\"";
        append_escaped(body, picture(ctx, avatar_url(m.author)).value_or(avatar_placeholder));
        body += "\"><div class=\"body\">";
      }
      if (m.type == 19 && m.referenced_message) {
        const auto& ref = *m.referenced_message;
        body += "<div class=\"reply\">↪ <b>";
        append_escaped(body, faces.of(ref).name);
        body += "</b> ";
        append_escaped(body, plain_preview(ref.content, ctx, reply_preview_max));
        body += "</div>";
      } else if (m.type == 19) {
        body += fr ? "<div class=\"reply\">↪ <i>message supprimé</i></div>" : "<div class=\"reply\">↪ <i>deleted message</i></div>";
      }
      body += "<div><span class=\"name\"";
      if (face.color) body += " style=\"color:" + color_hex(face.color) + "\"";
      body += ">";
      append_escaped(body, face.name);
      body += "</span>";
      if (m.author.bot) body += "<span class=\"bot\">BOT</span>";
      std::string iso = iso_from_ms(at);
      body += "<time class=\"ts\" datetime=\"" + iso + "\" title=\"" + iso + "\">" + readable_time(at, ctx.locale) + "</time></div>";
    }
    body += "<div class=\"msg\" id=\"m" + m.id.str() + "\">";
    if (!m.content.empty()) append_markdown(body, m.content, ctx);
    if (m.edited_timestamp) {
      body += "<span class=\"edited\" title=\"";
      body += iso_from_ms(parse_iso_ms(*m.edited_timestamp));
      body += fr ? "\">(modifié)</span>" : "\">(edited)</span>";
    }
    for (const auto& e : m.embeds) render_embed(body, e, ctx);
    for (const auto& a : m.attachments) render_attachment(body, a, ctx);
    for (const auto& s : m.sticker_items) {
      if (auto src = picture(ctx, sticker_url(s))) {
        body += "<div class=\"sticker\"><img class=\"sticker-img\" alt=\"";
        append_escaped(body, s.name);
        body += "\" title=\"";
        append_escaped(body, s.name);
        body += "\" src=\"";
        append_escaped(body, *src);
        body += "\"></div>";
        continue;
      }
      body += "<div class=\"sticker\">🏷️ Sticker : ";
      append_escaped(body, s.name);
      body += "</div>";
    }
    body += "</div>";
    previous = &m;
  }
  if (previous) body += "</div></div>";

  bool content_missing = user_messages > 0 && empty_user_messages == user_messages;
  if (sum) *sum = summary{messages.size(), participants, content_missing};

  // The page's head is written apart and put in front of the body, which is then returned: the
  // body (megabytes) is never copied into a second string.
  std::string page;
  page.reserve(css.size() + 4096);
  page += "<!DOCTYPE html><html lang=\"";
  page += fr ? "fr" : "en";
  page += "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">";
  // A page that keeps its pictures loads nothing from anywhere.
  page += ctx.media ? "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">"
                    : "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'\">";
  page += "<title>";
  append_escaped(page, ctx.guild.name + " — #" + ctx.channel.name);
  page += "</title><style>";
  page += css;
  // Each kept avatar and emoji twice at most, whatever the number of messages showing it: its first
  // use (an <img>) and this class.
  if (ctx.media)
    for (std::size_t i = 0; i < ctx.media->class_data.size(); ++i) page += ".p" + std::to_string(i) + "{background-image:url(" + *ctx.media->class_data[i] + ")}";
  page += "</style></head><body><header><h1>";
  append_escaped(page, ctx.guild.name);
  page += " — #";
  append_escaped(page, ctx.channel.name);
  page += "</h1><dl>";
  auto row = [&](std::string_view label, const std::string& value) {
    page += "<dt>";
    append_escaped(page, label);
    page += "</dt><dd>";
    append_escaped(page, value);
    page += "</dd>";
  };
  // A time as the reader reads it, the exact ISO time in its tooltip.
  auto time_row = [&](std::string_view label, std::int64_t ms) {
    const std::string iso = iso_from_ms(ms);
    page += "<dt>";
    append_escaped(page, label);
    page += "</dt><dd><time datetime=\"" + iso + "\" title=\"" + iso + "\">" + readable_time(ms, ctx.locale) + "</time></dd>";
  };
  if (ctx.ticket) {
    const auto& t = *ctx.ticket;
    row(fr ? "Ticket" : "Ticket", "#" + std::to_string(t.number));
    row(fr ? "Catégorie" : "Category", t.category);
    row(fr ? "Auteur" : "Owner", t.owner_name + " (" + t.owner_id + ")");
    if (t.created_at_ms) time_row(fr ? "Créé" : "Created", *t.created_at_ms);
    if (t.claimer_id) row(fr ? "Pris en charge par" : "Claimed by", user_name(ctx, *t.claimer_id) + " (" + *t.claimer_id + ")");
    if (t.claimed_at_ms) time_row(fr ? "Pris en charge" : "Claimed", *t.claimed_at_ms);
    if (t.created_at_ms && t.first_staff_reply_at_ms)
      row(fr ? "Première réponse du staff" : "First staff reply", readable_duration(*t.first_staff_reply_at_ms - *t.created_at_ms, ctx.locale));
    if (t.closed_at_ms) time_row(fr ? "Fermé" : "Closed", *t.closed_at_ms);
    if (t.reopened > 0) row(fr ? "Rouvert" : "Reopened", std::to_string(t.reopened) + (fr ? " fois" : (t.reopened == 1 ? " time" : " times")));
    if (t.deleted_by_id) row(fr ? "Supprimé par" : "Deleted by", user_name(ctx, *t.deleted_by_id) + " (" + *t.deleted_by_id + ")");
    if (t.created_at_ms && t.closed_at_ms) row(fr ? "Durée" : "Duration", readable_duration(*t.closed_at_ms - *t.created_at_ms, ctx.locale));
    if (t.closed_by_id) row(fr ? "Fermé par" : "Closed by", user_name(ctx, *t.closed_by_id) + " (" + *t.closed_by_id + ")");
    if (t.close_reason && !t.close_reason->empty()) row(fr ? "Raison" : "Reason", *t.close_reason);
    if (!t.added_member_ids.empty()) {
      std::string added;
      for (const auto& id : t.added_member_ids) added += (added.empty() ? "" : ", ") + user_name(ctx, id) + " (" + id + ")";
      row(fr ? "Membres ajoutés" : "Added members", added);
    }
    if (t.rating) {
      std::string stars;
      for (int i = 1; i <= 5; ++i) stars += i <= *t.rating ? "★" : "☆";
      row(fr ? "Note de l'auteur" : "Owner's rating", stars + " (" + std::to_string(*t.rating) + "/5)" + (t.rating_comment ? " — " + *t.rating_comment : ""));
    }
  }
  row(fr ? "Messages" : "Messages", std::to_string(messages.size()));
  if (ctx.media && ctx.media->not_archived > 0)
    row(fr ? "Médias non archivés" : "Media not archived", std::to_string(ctx.media->not_archived) + (fr ? " (liens vers Discord)" : " (links to Discord)"));
  std::string who;
  for (const auto& p : participants) who += (who.empty() ? "" : ", ") + p;
  row(fr ? "Participants" : "Participants", who);
  page += "</dl>";
  if (content_missing)
    page += fr ? "<div class=\"warn\">Discord n'a pas transmis le contenu des messages : activez le Message Content Intent "
                 "du bot (Developer Portal → Bot).</div>"
               : "<div class=\"warn\">Discord sent no message contents: enable the bot's Message Content Intent "
                 "(Developer Portal → Bot).</div>";
  page += "</header><main>";
  body.insert(0, page);
  body += "</main><footer>Guichet</footer></body></html>\n";
  return body;
}

std::string render_text(const std::vector<discord::message>& unordered, const context& ctx) {
  const auto messages = oldest_first(unordered);
  std::string out;
  out.reserve(messages.size() * 200 + 256);
  out += "# " + ctx.guild.name + " #" + ctx.channel.name;
  if (ctx.ticket) out += " — ticket #" + std::to_string(ctx.ticket->number) + " (" + ctx.ticket->category + ")";
  out += "\n";
  for (const auto* each : messages) {
    const discord::message& m = *each;
    std::string line = "[" + iso_from_ms(parse_iso_ms(m.timestamp)) + "] " + m.author.username + " (" + m.author.id.str() + "): ";
    line += m.content;
    for (const auto& e : m.embeds)
      line += " [embed: " + e.title.value_or("") + (e.description ? " — " + e.description->substr(0, 200) : "") + "]";
    for (const auto& a : m.attachments) line += " [file: " + a.filename + " " + a.url + "]";
    for (const auto& s : m.sticker_items) line += " [sticker: " + s.name + "]";
    if (m.edited_timestamp) line += " (edited)";
    // One line per message, for grep: line breaks become a visible mark.
    for (char c : line) {
      if (c == '\n') out += " ⏎ ";
      else if (c != '\r') out += c;
    }
    out += "\n";
  }
  return out;
}

}  // namespace transcript
