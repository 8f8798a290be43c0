#include <random>

#include "discord/rest/client.hpp"

namespace discord::rest {

multipart_body make_multipart(const std::string& payload_json, const std::vector<file_upload>& files) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string boundary = "guichet-" + std::to_string(rng());
  std::string body;
  auto quoted = [](const std::string& s) {
    std::string out;
    for (char c : s) out += (c == '"' || c == '\r' || c == '\n') ? '_' : c;
    return out;
  };
  body += "--" + boundary + "\r\n";
  body += "Content-Disposition: form-data; name=\"payload_json\"\r\nContent-Type: application/json\r\n\r\n";
  body += payload_json + "\r\n";
  for (size_t i = 0; i < files.size(); ++i) {
    body += "--" + boundary + "\r\n";
    body += "Content-Disposition: form-data; name=\"files[" + std::to_string(i) + "]\"; filename=\"" +
            quoted(files[i].filename) + "\"\r\n";
    body += "Content-Type: " + files[i].content_type + "\r\n\r\n";
    body += files[i].data + "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  return {"multipart/form-data; boundary=" + boundary, std::move(body)};
}

}  // namespace discord::rest
