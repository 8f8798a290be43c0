// The transcript renderer: markdown and embed cases against expected HTML, and a corpus of hostile
// input that must come out inert.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "discord/json.hpp"
#include "transcript/render.hpp"

namespace {

transcript::context ctx() {
  transcript::context c;
  c.guild.id = discord::guild_id{1};
  c.guild.name = "Serveur";
  discord::role mod;
  mod.id = discord::role_id{50};
  mod.name = "Modérateur";
  mod.color = 0x3498DB;
  mod.position = 2;
  c.guild.roles.push_back(mod);
  discord::member alice;
  alice.account = discord::user{discord::user_id{10}, "alice", std::string("Alice"), "0", std::nullopt, false, false};
  alice.nick = "Ali";
  alice.roles = {mod.id};
  c.guild.members.push_back(alice);
  c.channel.id = discord::channel_id{99};
  c.channel.name = "12-alice";
  return c;
}

std::string md(std::string_view s) { return transcript::markdown_to_html(s, ctx()); }

TEST(markdown, inline_styles) {
  EXPECT_EQ(md("**gras** *italique* __souligné__ ~~barré~~ ||spoiler||"),
            "<strong>gras</strong> <em>italique</em> <u>souligné</u> <s>barré</s> <span class=\"spoiler\">spoiler</span>");
  EXPECT_EQ(md("***les deux***"), "<strong><em>les deux</em></strong>");
  EXPECT_EQ(md("`a < b`"), "<code>a &lt; b</code>");
  EXPECT_EQ(md("\\*pas italique\\*"), "*pas italique*");
}

TEST(markdown, a_timestamp_out_of_any_calendar_stays_text) {
  // v * 1000 used to overflow (undefined behaviour, caught by UBSan) for such values.
  auto html = md("<t:9223372036854775807:R> <t:-9000000000000:F>");
  EXPECT_EQ(html.find("<time"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;t:9223372036854775807:R&gt;"), std::string::npos) << html;
}

TEST(markdown, blocks) {
  EXPECT_EQ(md("```cpp\nint x = 1 < 2;\n```"), "<pre class=\"code\" data-lang=\"cpp\"><code>int x = 1 &lt; 2;\n</code></pre>");
  EXPECT_EQ(md("> cité\n> encore\nsuite"), "<blockquote>cité<br>encore</blockquote>suite");
  EXPECT_EQ(md("# Titre\n## Sous-titre\n### Petit"), "<h1>Titre</h1><h2>Sous-titre</h2><h3>Petit</h3>");
  EXPECT_EQ(md("- un\n- deux"), "<ul><li>un</li><li>deux</li></ul>");
  EXPECT_EQ(md("ligne 1\nligne 2"), "ligne 1<br>ligne 2");
  EXPECT_EQ(md("-# petit texte"), "<small>petit texte</small>");
}

TEST(markdown, links_mentions_emoji_timestamps) {
  EXPECT_EQ(md("[doc](https://example.com/a?b=1&c=2)"),
            "<a href=\"https://example.com/a?b=1&amp;c=2\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">doc</a>");
  EXPECT_EQ(md("voir https://example.com."), "voir <a href=\"https://example.com\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">https://example.com</a>.");
  EXPECT_EQ(md("<@10> <@!10> <@&50> <#99>"),
            "<span class=\"mention\">@Ali</span> <span class=\"mention\">@Ali</span> <span class=\"mention role\">@Modérateur</span> "
            "<span class=\"mention\">#12-alice</span>");
  EXPECT_EQ(md("<:pingouin:123>"),
            "<img class=\"emoji\" alt=\":pingouin:\" title=\":pingouin:\" src=\"https://cdn.discordapp.com/emojis/123.png\">");
  EXPECT_EQ(md("<a:danse:7>").find(".gif"), md("<a:danse:7>").size() - 6);
  EXPECT_NE(md("<t:1704067200:F>").find("datetime=\"2024-01-01T00:00:00.000Z\""), std::string::npos);
  EXPECT_NE(md("<t:1704067200:F>").find("01/01/2024 00:00 UTC"), std::string::npos);
  EXPECT_EQ(md("😀 unicode"), "😀 unicode");
}

TEST(escaping, hostile_text_renders_inert) {
  const std::vector<std::string> corpus = {
      "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[clic](javascript:alert(1))",
      "[clic](https://ok.example\" onmouseover=\"alert(1))", "</style><script>alert(1)</script>",
      "</script><script>alert(1)</script>", "<a href=\"javascript:alert(1)\">x</a>", "``</code><script>x</script>``",
      "```\n</pre><script>x</script>\n```", "<https://evil.example\"onload=\"x>", "javascript:alert(1)",
      "<@1 onerror=x>", "<t:1:F onerror=x>", "&lt;script&gt;"};
  for (const auto& s : corpus) {
    std::string out = md(s);
    EXPECT_EQ(out.find("<script"), std::string::npos) << s << " → " << out;
    EXPECT_EQ(out.find("<img src=x"), std::string::npos) << s << " → " << out;
    EXPECT_EQ(out.find("href=\"javascript"), std::string::npos) << s << " → " << out;
    EXPECT_EQ(out.find("\" onmouseover"), std::string::npos) << s << " → " << out;
    EXPECT_EQ(out.find("</style>"), std::string::npos) << s << " → " << out;
  }
}

discord::message message(std::uint64_t id, const discord::user& author, std::string content) {
  discord::message m;
  m.id = discord::message_id{id};
  m.channel = discord::channel_id{99};
  m.author = author;
  m.content = std::move(content);
  m.timestamp = "2024-01-01T00:00:0" + std::to_string(id % 10) + ".000Z";
  return m;
}

TEST(escaping, names_nicknames_and_embeds_are_user_text_too) {
  auto c = ctx();
  c.guild.name = "</title><script>x</script>";
  c.channel.name = "</style>";
  c.guild.members[0].nick = "</style><script>alert('nick')</script>";
  discord::user evil{discord::user_id{11}, "<b>evil</b>", std::string("</script><img src=x onerror=alert(1)>"), "0",
                     std::string("\"><script>"), false, false};
  auto m = message(2, evil, "hi");
  discord::embed e;
  e.title = "<script>t</script>";
  e.description = "<img src=x onerror=alert(2)>";
  e.url = "javascript:alert(3)";
  e.fields.push_back({"</style>", "<script>v</script>", true});
  e.image = discord::embed_media{"javascript:alert(4)", {}, {}};
  e.footer = discord::embed_footer{"<script>f</script>", std::nullopt};
  e.author = discord::embed_author{"<script>a</script>", std::nullopt, std::string("javascript:x")};
  m.embeds.push_back(e);
  discord::attachment a;
  a.filename = "\"><script>.png";
  a.url = "javascript:alert(5)";
  a.content_type = "image/png";
  m.attachments.push_back(a);
  auto alice_msg = message(1, *c.guild.members[0].account, "salut");
  std::string html = transcript::render_html({m, alice_msg}, c);
  auto style_end = html.find("</style>");
  ASSERT_NE(style_end, std::string::npos);
  EXPECT_EQ(html.find("</style>", style_end + 1), std::string::npos) << "only the page's own </style>";
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("javascript:"), std::string::npos);
  EXPECT_EQ(html.find("<img src=x"), std::string::npos);
  EXPECT_EQ(html.find("<b>evil"), std::string::npos);
  EXPECT_NE(html.find("&lt;/style&gt;&lt;script&gt;alert(&#39;nick&#39;)"), std::string::npos);
}

TEST(page, groups_replies_edits_embeds_attachments_stickers_and_system_messages) {
  auto c = ctx();
  c.ticket = transcript::ticket_facts{12, "Support", "10", "alice", std::string("20"), 1704067200000, std::nullopt, std::nullopt};
  c.ticket->closed_at_ms = 1704070800000;
  c.ticket->closed_by_id = "10";
  c.ticket->close_reason = "réglé <b>vite</b>";
  c.ticket->added_member_ids = {"20"};
  c.ticket->first_staff_reply_at_ms = 1704067200000 + 125'000;
  c.ticket->rating = 4;
  c.ticket->rating_comment = "merci <3";
  const auto& alice = *c.guild.members[0].account;
  discord::user bot{discord::user_id{30}, "Guichet", std::nullopt, "0", std::nullopt, true, false};
  auto m1 = message(1, alice, "premier");
  auto m2 = message(2, alice, "même groupe");
  m2.edited_timestamp = "2024-01-01T00:05:00.000Z";
  auto m3 = message(3, bot, "");
  discord::embed e;
  e.title = "Résumé";
  e.color = 0xFF0000;
  e.fields.push_back({"Statut", "ouvert", true});
  e.fields.push_back({"Notes", "**long**", false});
  e.image = discord::embed_media{"https://example.com/i.png", {}, {}};
  e.thumbnail = discord::embed_media{"https://example.com/t.png", {}, {}};
  e.footer = discord::embed_footer{"pied", std::nullopt};
  e.author = discord::embed_author{"auteur", std::nullopt, std::string("https://example.com/a.png")};
  m3.embeds.push_back(e);
  auto m4 = message(4, alice, "réponse");
  m4.type = 19;
  m4.referenced_message = std::make_shared<discord::message>(m1);
  discord::attachment img, file;
  img.filename = "capture.png";
  img.url = "https://cdn.discordapp.com/a/capture.png";
  img.content_type = "image/png";
  file.filename = "log.txt";
  file.url = "https://cdn.discordapp.com/a/log.txt";
  file.size = 2048;
  m4.attachments = {img, file};
  m4.sticker_items.push_back({discord::sticker_id{5}, "Wave", 1});
  auto m5 = message(5, alice, "");
  m5.type = 6;
  transcript::summary sum;
  std::string html = transcript::render_html({m5, m4, m3, m2, m1}, c, &sum);  // any order in
  EXPECT_EQ(sum.messages, 5u);
  EXPECT_EQ(sum.participants, (std::vector<std::string>{"Ali", "Guichet"}));
  EXPECT_LT(html.find("premier"), html.find("même groupe"));  // sorted
  // m1 and m2 share a group: one name header for both.
  auto first_group = html.find("class=\"group\"");
  auto second_group = html.find("class=\"group\"", first_group + 1);
  EXPECT_GT(html.find("même groupe"), first_group);
  EXPECT_LT(html.find("même groupe"), second_group);
  EXPECT_NE(html.find("color:#3498db"), std::string::npos) << "role colour";
  EXPECT_NE(html.find("(modifié)"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"bot\">BOT</span>"), std::string::npos);
  EXPECT_NE(html.find("border-left-color:#ff0000"), std::string::npos);
  EXPECT_NE(html.find("field inline"), std::string::npos);
  EXPECT_NE(html.find("<strong>long</strong>"), std::string::npos);
  EXPECT_NE(html.find("class=\"reply\">↪ <b>Ali</b> premier"), std::string::npos);
  EXPECT_NE(html.find("alt=\"capture.png\""), std::string::npos);
  EXPECT_NE(html.find("log.txt</a> (2.00 KB)"), std::string::npos);
  EXPECT_NE(html.find("alt=\"Wave\" title=\"Wave\" src=\"https://media.discordapp.net/stickers/"), std::string::npos);
  EXPECT_NE(html.find("Ali a épinglé un message."), std::string::npos);
  EXPECT_NE(html.find("<dd>#12</dd>"), std::string::npos);
  EXPECT_NE(html.find("<dt>Fermé par</dt><dd>Ali (10)</dd>"), std::string::npos) << "the ticket's record";
  EXPECT_NE(html.find("<dt>Raison</dt><dd>réglé &lt;b&gt;vite&lt;/b&gt;</dd>"), std::string::npos) << "escaped";
  EXPECT_NE(html.find("<dt>Membres ajoutés</dt>"), std::string::npos);
  EXPECT_NE(html.find("<dt>Première réponse du staff</dt><dd>2 min</dd>"), std::string::npos);
  EXPECT_NE(html.find("<dt>Durée</dt><dd>1 h 00 min</dd>"), std::string::npos);
  EXPECT_NE(html.find("<dt>Note de l&#39;auteur</dt><dd>★★★★☆ (4/5) — merci &lt;3</dd>"), std::string::npos) << "escaped";
  EXPECT_NE(html.find("<dt>Fermé</dt><dd><time datetime=\"2024-01-01T01:00:00.000Z\""), std::string::npos) << "record times in tooltips too";
  EXPECT_NE(html.find("title=\"2024-01-01T00:00:01.000Z\""), std::string::npos) << "exact time in a tooltip";
  EXPECT_NE(html.find("https://cdn.discordapp.com/embed/avatars/"), std::string::npos);
  // Self-contained: no external script, stylesheet or font.
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  auto text = transcript::render_text({m1, m4}, c);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3) << text;
}

TEST(page, missing_message_content_is_said_not_archived_as_blanks) {
  auto c = ctx();
  const auto& alice = *c.guild.members[0].account;
  transcript::summary sum;
  auto html = transcript::render_html({message(1, alice, ""), message(2, alice, "")}, c, &sum);
  EXPECT_TRUE(sum.content_missing);
  EXPECT_NE(html.find("Message Content Intent"), std::string::npos);
}

TEST(fixture, the_thousand_message_fixture_renders) {
  std::ifstream mf(std::string(GUICHET_FIXTURES) + "/messages-1000.json"), cf(std::string(GUICHET_FIXTURES) + "/context.json");
  std::stringstream ms, cs;
  ms << mf.rdbuf();
  cs << cf.rdbuf();
  auto messages = discord::from_json_text<std::vector<discord::message>>(ms.str());
  auto pair = discord::from_json_text<discord::guild_channel_pair>(cs.str());
  ASSERT_TRUE(messages && pair);
  transcript::context c;
  c.guild = pair->guild_value;
  c.channel = pair->channel_value;
  transcript::summary sum;
  auto html = transcript::render_html(*messages, c, &sum);
  EXPECT_EQ(sum.messages, 1000u);
  EXPECT_FALSE(sum.content_missing);
  EXPECT_NE(html.find("<pre class=\"code\" data-lang=\"js\">"), std::string::npos);
  EXPECT_NE(html.find("@Moderator"), std::string::npos);
}

}  // namespace

namespace {

// Every <img src="…"> of a page.
std::vector<std::string> image_sources(const std::string& html) {
  std::vector<std::string> out;
  for (std::size_t at = html.find("<img"); at != std::string::npos; at = html.find("<img", at + 1)) {
    const auto src = html.find(" src=\"", at);
    const auto end = html.find('>', at);
    if (src == std::string::npos || src > end) continue;
    out.push_back(html.substr(src + 6, html.find('"', src + 6) - src - 6));
  }
  return out;
}

}  // namespace

// What a transcript keeps inside it: Discord's CDN only, small pictures first, images smallest first.
TEST(media, only_discord_cdn_pictures_and_files_are_listed_small_ones_first) {
  discord::user alice{discord::user_id{10}, "alice", std::nullopt, "0", std::string("abc"), false, false};
  auto m1 = message(1, alice, "salut <:blob:123> <a:dance:456> <:blob:123>");
  discord::attachment big, small, doc, elsewhere;
  big.url = "https://cdn.discordapp.com/attachments/1/2/big.png";
  big.content_type = "image/png";
  big.size = 900;
  small.url = "https://media.discordapp.net/attachments/1/2/small.jpg";
  small.content_type = "image/jpeg";
  small.size = 10;
  doc.url = "https://cdn.discordapp.com/attachments/1/2/doc.pdf";
  doc.content_type = "application/pdf";
  doc.filename = "doc.pdf";
  elsewhere.url = "https://cdn.discordapp.com.evil.example/x.png";
  elsewhere.content_type = "image/png";
  m1.attachments = {big, doc, small, elsewhere};
  m1.sticker_items = {{discord::sticker_id{7}, "Wave", 1}, {discord::sticker_id{8}, "Lottie", 3}};
  auto m2 = message(2, alice, "encore");
  const auto refs = transcript::media_of({m1, m2});
  std::vector<std::string> urls;
  for (const auto& r : refs) urls.push_back(r.url);
  EXPECT_EQ(urls, (std::vector<std::string>{"https://cdn.discordapp.com/avatars/10/abc.png?size=64", "https://cdn.discordapp.com/emojis/123.png",
                                            "https://cdn.discordapp.com/emojis/456.gif", "https://media.discordapp.net/stickers/7.png",
                                            small.url, big.url, doc.url}));
  EXPECT_EQ(refs.back().kind, transcript::media_kind::file);
  EXPECT_FALSE(transcript::is_discord_cdn("http://cdn.discordapp.com/x")) << "https only";
}

TEST(media, bytes_are_judged_by_their_magic_numbers) {
  EXPECT_EQ(transcript::sniff_image(std::string("\x89PNG\r\n\x1a\n....", 12)), "image/png");
  EXPECT_EQ(transcript::sniff_image("\xff\xd8\xff\xe0"), "image/jpeg");
  EXPECT_EQ(transcript::sniff_image("GIF89a..."), "image/gif");
  EXPECT_EQ(transcript::sniff_image("RIFF\x10\0\0\0WEBPVP8 "), std::nullopt) << "a RIFF cut short at the NUL";
  EXPECT_EQ(transcript::sniff_image(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)), "image/webp");
  EXPECT_EQ(transcript::sniff_image("<svg onload=alert(1)>"), std::nullopt);
  EXPECT_EQ(transcript::sniff_image("<html>"), std::nullopt);
  EXPECT_EQ(transcript::base64("Ma"), "TWE=");
  EXPECT_EQ(transcript::base64("Man"), "TWFu");
  EXPECT_EQ(transcript::base64("M"), "TQ==");
}

// A page that keeps its pictures loads nothing: every <img> is a data: URI, what was not kept is a
// link or a placeholder, and an embed's picture (an address the sender chose) is only a link.
TEST(media, a_page_that_keeps_its_pictures_has_only_data_images) {
  auto c = ctx();
  discord::user alice{discord::user_id{10}, "alice", std::nullopt, "0", std::string("abc"), false, false};
  discord::user bob{discord::user_id{11}, "bob", std::nullopt, "0", std::string("def"), false, false};
  auto m1 = message(1, alice, "regardez <:blob:123> et <:gone:789>");
  discord::attachment shot, doc, huge;
  shot.url = "https://cdn.discordapp.com/attachments/1/2/shot.png";
  shot.content_type = "image/png";
  shot.filename = "shot.png";
  doc.url = "https://cdn.discordapp.com/attachments/1/2/notes.txt";
  doc.content_type = "text/plain";
  doc.filename = "notes.txt";
  huge.url = "https://cdn.discordapp.com/attachments/1/2/huge.png";
  huge.content_type = "image/png";
  huge.filename = "huge.png";
  huge.size = 50'000'000;
  m1.attachments = {shot, doc, huge};
  auto m2 = message(2, bob, "");
  discord::embed e;
  e.image = discord::embed_media{"https://tracker.example/pixel.png", {}, {}};
  m2.embeds.push_back(e);
  transcript::inlined_media kept;
  const std::string png = transcript::data_uri("image/png", "\x89PNG\r\n\x1a\n");
  kept.data[transcript::avatar_url(alice)] = png;
  kept.data["https://cdn.discordapp.com/emojis/123.png"] = png;
  kept.data[shot.url] = png;
  kept.data[doc.url] = transcript::data_uri("text/plain", "hello");
  kept.not_archived = 3;  // bob's avatar, the emoji :gone:, huge.png
  c.media = &kept;
  auto m3 = message(3, alice, "encore <:blob:123>");  // a new group: the same avatar and emoji again
  const std::string html = transcript::render_html({m1, m2, m3}, c);
  const auto sources = image_sources(html);
  EXPECT_EQ(sources.size(), 3u) << "alice's avatar, the emoji, the attachment";
  for (const auto& s : sources) EXPECT_EQ(s.rfind("data:", 0), 0u) << s;
  EXPECT_NE(html.find("<img class=\"avatar\" alt=\"\" src=\"" + png + "\">"), std::string::npos) << "alice's avatar, kept";
  EXPECT_NE(html.find("<div class=\"avatar\" role=\"img\"></div>"), std::string::npos) << "bob's, not kept: the grey disc";
  EXPECT_NE(html.find(".p0{background-image:url(" + png + ")}"), std::string::npos) << "for its later uses, in the style sheet";
  EXPECT_NE(html.find("<img class=\"emoji\" alt=\":blob:\""), std::string::npos);
  EXPECT_NE(html.find("<div class=\"avatar p0\" role=\"img\"></div>"), std::string::npos) << "the avatar again: its class";
  EXPECT_NE(html.find("<span class=\"emoji p1\" role=\"img\" aria-label=\":blob:\""), std::string::npos) << "the emoji again";
  std::size_t copies = 0;
  for (auto at = html.find(png); at != std::string::npos; at = html.find(png, at + 1)) ++copies;
  EXPECT_EQ(copies, 2u * 2 + 1) << "the avatar and the emoji twice each (first use, class), the attachment once";
  EXPECT_NE(html.find("img-src data:;"), std::string::npos) << "the page may load no picture from anywhere";
  EXPECT_EQ(html.find("src=\"https://"), std::string::npos);
  EXPECT_NE(html.find(":gone:"), std::string::npos) << "an emoji not kept shows its name";
  EXPECT_NE(html.find("download=\"notes.txt\">notes.txt</a>"), std::string::npos) << "a small file downloads from the page";
  EXPECT_NE(html.find("huge.png</a> (47.68 MB, image/png) — non archivé (taille)"), std::string::npos) << html;
  EXPECT_NE(html.find("href=\"https://tracker.example/pixel.png\""), std::string::npos) << "the embed's picture is a link";
  EXPECT_NE(html.find("<dt>Médias non archivés</dt><dd>3"), std::string::npos);
}

// A reply's preview reads as Discord shows it: names for mentions, no markdown, one line, cut at a word.
TEST(page, reply_previews_are_plain_text_with_names_cut_at_a_word) {
  auto c = ctx();
  const auto& alice = *c.guild.members[0].account;
  auto original = message(1, alice, "**Bonjour** <@10>, regardez [la doc](https://example.com) et <#99>\n> cité " + std::string(200, 'x') + " fin");
  auto reply = message(2, alice, "merci");
  reply.type = 19;
  reply.referenced_message = std::make_shared<discord::message>(original);
  const std::string html = transcript::render_html({original, reply}, c);
  const auto at = html.find("<div class=\"reply\">");
  ASSERT_NE(at, std::string::npos);
  const std::string preview = html.substr(at, html.find("</div>", at) - at);
  EXPECT_NE(preview.find("Bonjour @Ali, regardez la doc et #12-alice cité…"), std::string::npos) << preview;
  EXPECT_EQ(preview.find("**"), std::string::npos);
  EXPECT_EQ(preview.find("&lt;@"), std::string::npos);
}
