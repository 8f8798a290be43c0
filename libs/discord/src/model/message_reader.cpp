#include "message_reader.hpp"
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

#include "array_splitter.hpp"

#include "object_readers.hpp"

namespace discord::fast {

namespace {

std::optional<std::string> opt_text(od::value v) { return nullable_text(v); }
std::optional<int> opt_int(od::value v) {
  if (v.is_null())
    return std::nullopt;
  return static_cast<int>(std::int64_t(v.get_int64()));
}
bool flag(od::value v) { return !v.is_null() && v.get_bool(); }

partial_emoji read_emoji(od::object o) {
  partial_emoji e;
  for (auto field : o) {
    const std::string_view key = field.unescaped_key();
    od::value v = field.value();
    if (key == "id")
      e.id = nullable_id<emoji_tag>(v);
    else if (key == "name" && !v.is_null())
      e.name = std::string(text(v));
    else if (key == "animated")
      e.animated = flag(v);
  }
  return e;
}

embed_media read_media(od::object o) {
  embed_media m;
  for (auto field : o) {
    const std::string_view key = field.unescaped_key();
    od::value v = field.value();
    if (key == "url")
      m.url = std::string(text(v));
    else if (key == "width")
      m.width = opt_int(v);
    else if (key == "height")
      m.height = opt_int(v);
  }
  return m;
}

embed read_embed(od::object o) {
  embed e;
  for (auto field : o) {
    const std::string_view key = field.unescaped_key();
    od::value v = field.value();
    if (v.is_null())
      continue;
    if (key == "title")
      e.title = std::string(text(v));
    else if (key == "type")
      e.type = std::string(text(v));
    else if (key == "description")
      e.description = std::string(text(v));
    else if (key == "url")
      e.url = std::string(text(v));
    else if (key == "timestamp")
      e.timestamp = std::string(text(v));
    else if (key == "color")
      e.color = static_cast<std::uint32_t>(v.get_uint64());
    else if (key == "footer") {
      embed_footer f;
      for (auto ff : v.get_object()) {
        const std::string_view k = ff.unescaped_key();
        if (k == "text")
          f.text = std::string(text(ff.value()));
        else if (k == "icon_url")
          f.icon_url = opt_text(ff.value());
      }
      e.footer = std::move(f);
    } else if (key == "image")
      e.image = read_media(v.get_object());
    else if (key == "thumbnail")
      e.thumbnail = read_media(v.get_object());
    else if (key == "author") {
      embed_author a;
      for (auto af : v.get_object()) {
        const std::string_view k = af.unescaped_key();
        if (k == "name")
          a.name = std::string(text(af.value()));
        else if (k == "url")
          a.url = opt_text(af.value());
        else if (k == "icon_url")
          a.icon_url = opt_text(af.value());
      }
      e.author = std::move(a);
    } else if (key == "fields") {
      for (od::object fo : v.get_array()) {
        embed_field f;
        for (auto ff : fo) {
          const std::string_view k = ff.unescaped_key();
          if (k == "name")
            f.name = std::string(text(ff.value()));
          else if (k == "value")
            f.value = std::string(text(ff.value()));
          else if (k == "inline")
            f.inline_ = flag(ff.value());
        }
        e.fields.push_back(std::move(f));
      }
    }
  }
  return e;
}

attachment read_attachment(od::object o) {
  attachment a;
  for (auto field : o) {
    const std::string_view key = field.unescaped_key();
    od::value v = field.value();
    if (key == "id")
      a.id = id<attachment_tag>(v);
    else if (key == "filename")
      a.filename = std::string(text(v));
    else if (key == "content_type")
      a.content_type = opt_text(v);
    else if (key == "size")
      a.size = v.get_uint64();
    else if (key == "url")
      a.url = std::string(text(v));
    else if (key == "proxy_url")
      a.proxy_url = opt_text(v);
    else if (key == "width")
      a.width = opt_int(v);
    else if (key == "height")
      a.height = opt_int(v);
  }
  return a;
}

component read_component(od::object o) {
  component c;
  for (auto field : o) {
    const std::string_view key = field.unescaped_key();
    od::value v = field.value();
    if (v.is_null())
      continue;
    if (key == "type")
      c.type = static_cast<component_type>(std::int64_t(v.get_int64()));
    else if (key == "custom_id")
      c.custom_id = std::string(text(v));
    else if (key == "style")
      c.style = opt_int(v);
    else if (key == "label")
      c.label = std::string(text(v));
    else if (key == "emoji")
      c.emoji = read_emoji(v.get_object());
    else if (key == "url")
      c.url = std::string(text(v));
    else if (key == "disabled")
      c.disabled = flag(v);
    else if (key == "placeholder")
      c.placeholder = std::string(text(v));
    else if (key == "components") {
      for (od::object child : v.get_array())
        c.components.push_back(read_component(child));
    } else if (key == "options") {
      for (od::object oo : v.get_array()) {
        select_option opt;
        for (auto of : oo) {
          const std::string_view k = of.unescaped_key();
          od::value ov = of.value();
          if (k == "label")
            opt.label = std::string(text(ov));
          else if (k == "value")
            opt.value = std::string(text(ov));
          else if (k == "description")
            opt.description = opt_text(ov);
          else if (k == "emoji" && !ov.is_null())
            opt.emoji = read_emoji(ov.get_object());
          else if (k == "default")
            opt.default_ = flag(ov);
        }
        c.options.push_back(std::move(opt));
      }
    }
  }
  return c;
}

void read_message_field(message &m, std::string_view key, od::value v,
                        bool with_reply);

// Nesting is bounded (json_depth_max) where the reader descends; a reply's own
// reply is skipped unread, so its depth is measured instead: a frame built to
// nest thousands of replies is refused.
void refuse_deep(od::object o) {
  const std::string_view raw = o.raw_json();
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"')
      in_string = true;
    else if (c == '{' || c == '[') {
      if (++depth > json_depth_max)
        throw simdjson::simdjson_error(simdjson::DEPTH_ERROR);
    } else if (c == '}' || c == ']')
      --depth;
  }
}

} // namespace

message read_message(od::object o, bool with_reply) {
  message m;
  for (auto field : o) {
    const std::string_view key = field.unescaped_key();
    od::value v = field.value();
    // A field of another type than Discord documents is left out, as the other
    // readers do.
    try {
      read_message_field(m, key, v, with_reply);
    } catch (const simdjson::simdjson_error &e) {
      if (e.error() != simdjson::INCORRECT_TYPE &&
          e.error() != simdjson::NUMBER_ERROR &&
          e.error() != simdjson::NUMBER_OUT_OF_RANGE)
        throw;
    }
  }
  return m;
}

namespace {

void read_message_field(message &m, std::string_view key, od::value v,
                        bool with_reply) {
  if (key == "id")
    m.id = id<message_tag>(v);
  else if (key == "channel_id")
    m.channel = id<channel_tag>(v);
  else if (key == "guild_id")
    m.guild = nullable_id<guild_tag>(v);
  else if (key == "author")
    m.author = read_user(v.get_object());
  else if (key == "member" && !v.is_null())
    m.author_member = read_member(v.get_object());
  else if (key == "content")
    m.content = std::string(text(v));
  else if (key == "timestamp")
    m.timestamp = std::string(text(v));
  else if (key == "edited_timestamp")
    m.edited_timestamp = opt_text(v);
  else if (key == "type")
    m.type = static_cast<int>(std::int64_t(v.get_int64()));
  else if (key == "flags")
    m.flags = v.get_uint64();
  else if (key == "pinned")
    m.pinned = flag(v);
  else if (key == "mention_everyone")
    m.mention_everyone = flag(v);
  else if (key == "mentions") {
    for (od::object u : v.get_array())
      m.mentions.push_back(read_user(u));
  } else if (key == "mention_roles") {
    for (od::value r : v.get_array())
      m.mention_roles.push_back(id<role_tag>(r));
  } else if (key == "embeds") {
    for (od::object e : v.get_array())
      m.embeds.push_back(read_embed(e));
  } else if (key == "attachments") {
    for (od::object a : v.get_array())
      m.attachments.push_back(read_attachment(a));
  } else if (key == "components") {
    for (od::object c : v.get_array())
      m.components.push_back(read_component(c));
  } else if (key == "sticker_items") {
    for (od::object s : v.get_array()) {
      sticker_item item;
      for (auto sf : s) {
        const std::string_view k = sf.unescaped_key();
        if (k == "id")
          item.id = id<sticker_tag>(sf.value());
        else if (k == "name")
          item.name = std::string(text(sf.value()));
        else if (k == "format_type")
          item.format_type =
              static_cast<int>(std::int64_t(sf.value().get_int64()));
      }
      m.sticker_items.push_back(std::move(item));
    }
  } else if (key == "message_reference" && !v.is_null()) {
    message_reference r;
    for (auto rf : v.get_object()) {
      const std::string_view k = rf.unescaped_key();
      if (k == "message_id")
        r.message = nullable_id<message_tag>(rf.value());
      else if (k == "channel_id")
        r.channel = nullable_id<channel_tag>(rf.value());
      else if (k == "guild_id")
        r.guild = nullable_id<guild_tag>(rf.value());
    }
    m.reference = r;
  } else if (key == "referenced_message" && v.type() == od::json_type::object) {
    // Discord sends the replied-to message one level deep: its own reference is
    // not followed.
    if (with_reply)
      m.referenced_message =
          std::make_shared<const message>(read_message(v.get_object(), false));
    else
      refuse_deep(v.get_object());
  } else if (key == "webhook_id")
    m.webhook = nullable_id<webhook_tag>(v);
}

} // namespace

namespace {

// `text` parsed with a parser the caller may keep from one text to the next
// (grown when a text needs it), with the same depth bound as every reader.
template <class Read>
auto parse_view(od::parser &parser, simdjson::padded_string_view text, Read read)
    -> boost::system::result<decltype(read(std::declval<od::document &>())),
                             json_error> {
  try {
    if (parser.capacity() < text.size() &&
        parser.allocate(text.size(), json_depth_max) != simdjson::SUCCESS)
      return json_error{"out of memory"};
    od::document doc = parser.iterate(text);
    return read(doc);
  } catch (const simdjson::simdjson_error &e) {
    return json_error{e.error() == simdjson::DEPTH_ERROR
                          ? "JSON nested deeper than " +
                                std::to_string(json_depth_max) + " levels"
                          : std::string(e.what())};
  }
}

// The text copied once into a padded buffer (simdjson reads SIMD blocks past
// the end), parsed with a parser of its own.
template <class Read>
auto parse_padded(const simdjson::padded_string &padded, Read read) {
  od::parser parser;
  return parse_view(parser, padded, read);
}

std::vector<message> read_array(od::document &doc) {
  if (doc.type() != od::json_type::array)
    throw simdjson::simdjson_error(simdjson::INCORRECT_TYPE);
  std::vector<message> out;
  for (od::object o : doc.get_array())
    out.push_back(read_message(o));
  return out;
}

} // namespace

boost::system::result<std::vector<message>, json_error>
read_messages(std::string_view text) {
  return parse_padded(simdjson::padded_string(text), read_array);
}

boost::system::result<message, json_error>
read_one_message(std::string_view text) {
  return parse_padded(simdjson::padded_string(text), [](od::document &doc) {
    return read_message(doc.get_object());
  });
}

} // namespace discord::fast

namespace discord {

// Read a piece at a time and parsed a message at a time, with one parser reused: the memory is the
// messages themselves, not the file nor an index of all of it.
boost::system::result<std::vector<message>, json_error>
messages_from_file(const std::string &path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE *)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file)
    return json_error{"cannot read " + path};
  constexpr std::size_t piece_bytes = 1 << 20;
  std::vector<char> piece(piece_bytes);
  fast::array_splitter splitter;
  std::vector<message> out;
  fast::od::parser parser;
  simdjson::padded_string element;
  std::optional<json_error> failed;
  auto on_element = [&](std::string_view text) {
    if (failed)
      return;
    if (element.size() < text.size())
      element = simdjson::padded_string(text.size() * 2);
    std::memcpy(element.data(), text.data(), text.size());
    auto one = fast::parse_view(parser, simdjson::padded_string_view(element.data(), text.size(), element.size() + simdjson::SIMDJSON_PADDING),
                                [](fast::od::document &doc) { return fast::read_message(doc.get_object()); });
    if (!one)
      failed = json_error{"message " + std::to_string(out.size() + 1) + ": " + one.error().message};
    else
      out.push_back(std::move(*one));
  };
  while (!failed) {
    const std::size_t n = std::fread(piece.data(), 1, piece.size(), file.get());
    if (n == 0)
      break;
    if (!splitter.feed(std::string_view(piece.data(), n), on_element))
      return json_error{splitter.error()};
  }
  if (failed)
    return *failed;
  if (std::ferror(file.get()))
    return json_error{"cannot read " + path};
  if (!splitter.finished())
    return json_error{"the array is not complete"};
  return out;
}

} // namespace discord
