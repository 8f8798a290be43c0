// Transcripts that last, end to end: a deleted ticket's HTML keeps its attachment images, avatars
// and custom emoji inside it as data: URIs, fetched from the fake's CDN (DISCORD_CDN_URL) without
// the bot's token; an embed's picture at another address is never requested; a "picture" whose bytes
// are not one is not shown as one.
#include <fstream>
#include <sstream>

#include "ticket_world.hpp"
#include "transcript/media.hpp"

namespace e2e {
namespace {

const std::string png_magic("\x89PNG\r\n\x1a\n", 8);

struct transcript_media_e2e : ticket_world {
  // The HTML transcript uploaded for ticket #1, as the transcript channel received it.
  std::string uploaded_html() {
    for (const auto& r : fake->requests())
      for (std::size_t i = 0; i < r.file_names.size(); ++i)
        if (r.path == "/channels/" + std::to_string(transcripts) + "/messages" && r.file_names[i] == "ticket-1.html") return r.file_contents[i];
    return {};
  }
};

// Every <img src="…"> of a page.
std::vector<std::string> image_sources(const std::string& html) {
  std::vector<std::string> out;
  for (std::size_t at = html.find("<img"); at != std::string::npos; at = html.find("<img", at + 1)) {
    const auto src = html.find(" src=\"", at);
    if (src == std::string::npos || src > html.find('>', at)) continue;
    out.push_back(html.substr(src + 6, html.find('"', src + 6) - src - 6));
  }
  return out;
}

TEST_F(transcript_media_e2e, a_deleted_tickets_transcript_keeps_its_pictures_inside) {
  configure();
  run_bot();
  const id_t panel = post_panel();
  answer(open_ticket(panel, alice));
  auto ch = ticket_channel_named("1-alice");
  ASSERT_TRUE(ch) << bot->output();
  const id_t ticket = std::stoull((*ch)["id"].get<std::string>());

  const std::string avatar = png_magic + "alice's avatar";
  const std::string shot = png_magic + "a screenshot";
  const std::string emoji = png_magic + "blob";
  const std::string forged = "<html><script>alert(1)</script></html>";
  fake->set_avatar(alice, "abc123");
  fake->put_cdn_file("/avatars/" + std::to_string(alice) + "/abc123.png", avatar, "image/png");
  fake->put_cdn_file("/attachments/" + std::to_string(ticket) + "/1/shot.png", shot, "image/png");
  fake->put_cdn_file("/attachments/" + std::to_string(ticket) + "/2/not-a-picture.png", forged, "image/png");
  fake->put_cdn_file("/emojis/42.png", emoji, "image/png");
  const auto attachment = [&](const std::string& path, const std::string& name, std::size_t size) {
    return json{{"id", "1"}, {"filename", name}, {"size", size}, {"url", "https://cdn.discordapp.com" + path}, {"content_type", "image/png"}};
  };
  const std::string elsewhere = fake->cdn_url() + "/tracker/pixel.png";  // an address the member chose
  fake->post_user_message(ticket, alice, "voici la capture <:blob:42>",
                          json::array({attachment("/attachments/" + std::to_string(ticket) + "/1/shot.png", "shot.png", shot.size()),
                                       attachment("/attachments/" + std::to_string(ticket) + "/2/not-a-picture.png", "not-a-picture.png",
                                                  forged.size())}),
                          json::array({{{"type", "rich"}, {"description", "lien"}, {"image", {{"url", elsewhere}}}}}));

  answer(click(ticket, bob, "gt1:delete"));
  answer(fake->click(g, ticket, bob, welcome_of(ticket), "gt1:delete-yes"));
  ASSERT_TRUE(wait_log("🗑️ Ticket supprimé")) << bot->output();
  const std::string html = uploaded_html();
  ASSERT_FALSE(html.empty()) << "no HTML transcript uploaded";

  EXPECT_NE(html.find(transcript::data_uri("image/png", shot)), std::string::npos) << "the attachment image";
  EXPECT_NE(html.find(transcript::data_uri("image/png", avatar)), std::string::npos) << "alice's avatar";
  EXPECT_NE(html.find(transcript::data_uri("image/png", emoji)), std::string::npos) << "the custom emoji";
  EXPECT_EQ(html.find(transcript::base64(forged)), std::string::npos) << "bytes that are not a picture are not shown as one";
  const auto sources = image_sources(html);
  EXPECT_GE(sources.size(), 1u) << "the attachment (avatars and emoji are classes of the page's style sheet)";
  EXPECT_NE(html.find("{background-image:url(" + transcript::data_uri("image/png", avatar) + ")}"), std::string::npos)
      << "the avatar, written once";
  for (const auto& s : sources) EXPECT_EQ(s.rfind("data:", 0), 0u) << "an <img> loading from the network: " << s.substr(0, 80);
  EXPECT_NE(html.find("img-src data:;"), std::string::npos) << "the page may load nothing";
  EXPECT_LT(html.size(), 10u * 1024 * 1024);
  EXPECT_NE(html.find("<dt>Médias non archivés</dt><dd>1"), std::string::npos) << "the forged picture is counted";
  EXPECT_NE(html.find("<dt>Supprimé par</dt><dd>"), std::string::npos) << "the record names who deleted it";
  EXPECT_NE(html.find("(" + std::to_string(bob) + ")</dd>"), std::string::npos);

  bool fetched_shot = false;
  for (const auto& r : fake->requests()) {
    EXPECT_EQ(r.path.find("/tracker/"), std::string::npos) << "an address a member chose was requested";
    if (r.path.rfind("/attachments/", 0) == 0 || r.path.rfind("/avatars/", 0) == 0 || r.path.rfind("/emojis/", 0) == 0) {
      EXPECT_FALSE(r.authorized) << "the bot's token went to the CDN: " << r.path;
      fetched_shot = fetched_shot || r.path.find("shot.png") != std::string::npos;
    }
  }
  EXPECT_TRUE(fetched_shot);
  EXPECT_NE(bot->output().find("transcript media: "), std::string::npos) << "downloads are reported";
}

}  // namespace
}  // namespace e2e

namespace e2e {
namespace {

// The page as a reader's browser shows it, with the network off: no broken image. A checker script
// is added for the test (the page itself runs none: its policy allows no script).
TEST_F(transcript_media_e2e, the_transcript_renders_in_headless_chromium_without_a_broken_image) {
  if (std::system("command -v chromium >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "SKIPPED: chromium is not installed (scripts/install-deps.sh installs it)";
  configure();
  run_bot();
  answer(open_ticket(post_panel(), alice));
  auto ch = ticket_channel_named("1-alice");
  ASSERT_TRUE(ch) << bot->output();
  const id_t ticket = std::stoull((*ch)["id"].get<std::string>());
  fake->set_avatar(alice, "abc123");
  const std::string shot_path = "/attachments/" + std::to_string(ticket) + "/1/shot.png";
  fake->put_cdn_file(shot_path, fake_discord::small_png(), "image/png");
  fake->post_user_message(ticket, alice, "capture <:blob:42> <a:dance:43>",
                          json::array({{{"id", "1"}, {"filename", "shot.png"}, {"size", fake_discord::small_png().size()},
                                        {"url", "https://cdn.discordapp.com" + shot_path}, {"content_type", "image/png"}},
                                       {{"id", "2"}, {"filename", "gone.png"}, {"size", 10},
                                        {"url", "https://cdn.discordapp.com/attachments/" + std::to_string(ticket) + "/2/gone.png"},
                                        {"content_type", "image/png"}}}),
                          json::array({{{"type", "rich"}, {"title", "lien"}, {"image", {{"url", "https://example.com/pixel.png"}}},
                                        {"thumbnail", {{"url", "https://example.com/t.png"}}}}}));
  fake->post_user_message(ticket, bob, "Je regarde ça");
  answer(click(ticket, bob, "gt1:delete"));
  answer(fake->click(g, ticket, bob, welcome_of(ticket), "gt1:delete-yes"));
  ASSERT_TRUE(wait_log("🗑️ Ticket supprimé")) << bot->output();
  std::string html = uploaded_html();
  ASSERT_FALSE(html.empty());

  const std::string policy = "img-src data:;";
  const auto at = html.find(policy);
  ASSERT_NE(at, std::string::npos);
  html.insert(at + policy.size(), " script-src 'unsafe-inline';");
  html.insert(html.rfind("</body>"),
              // <img>s, and the pictures of avatars and emoji (CSS backgrounds), each loaded and decoded.
              "<script>addEventListener('load',async()=>{const urls=[...document.images].map(i=>i.src);"
              "for(const e of document.querySelectorAll('div.avatar,span.emoji')){const m=getComputedStyle(e).backgroundImage.match(/url\\(\"?(.*?)\"?\\)/);"
              "if(m)urls.push(m[1]);}"
              "const ok=await Promise.all(urls.map(u=>new Promise(r=>{const i=new Image();i.onload=()=>r(i.naturalWidth>0);i.onerror=()=>r(false);i.src=u;})));"
              "document.body.setAttribute('data-broken',ok.filter(x=>!x).length+'/'+urls.length);});</script>");
  const std::string page = temp_path("transcript.html"), dom = temp_path("transcript.dom");
  { std::ofstream(page, std::ios::binary) << html; }
  const std::string cmd = "timeout 60 chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=3000 "
                          "--host-resolver-rules='MAP * ~NOTFOUND' --proxy-server=127.0.0.1:9 --dump-dom 'file://" + page + "' > '" + dom +
                          "' 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::stringstream out;
  out << std::ifstream(dom).rdbuf();
  const std::string rendered = out.str();
  const auto mark = rendered.find("data-broken=\"");
  ASSERT_NE(mark, std::string::npos) << "the page did not finish loading";
  const std::string counts = rendered.substr(mark + 13, rendered.find('"', mark + 13) - mark - 13);
  EXPECT_EQ(counts.substr(0, counts.find('/')), "0") << counts << " images broken with the network off";
  EXPECT_GE(std::stoi(counts.substr(counts.find('/') + 1)), 5) << "the avatars (4 groups), the attachment and the emoji are pictures";
  std::filesystem::remove(page);
  std::filesystem::remove(dom);
}

}  // namespace
}  // namespace e2e
