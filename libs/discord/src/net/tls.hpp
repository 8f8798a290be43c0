#pragma once
// TLS client context shared by the HTTPS and WSS transports: verifies certificates against the
// system's CA store and checks the host name.
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <openssl/ssl.h>

namespace discord::net {

inline boost::asio::ssl::context& client_tls_context() {
  static boost::asio::ssl::context ctx = [] {
    boost::asio::ssl::context c(boost::asio::ssl::context::tls_client);
    c.set_default_verify_paths();
    c.set_verify_mode(boost::asio::ssl::verify_peer);
    return c;
  }();
  return ctx;
}

template <class SslStream>
bool prepare_tls(SslStream& stream, const std::string& host) {
  // SNI: Discord's edge (Cloudflare) needs the host name in the handshake.
  if (!SSL_set_tlsext_host_name(stream.native_handle(), host.c_str())) return false;
  stream.set_verify_callback(boost::asio::ssl::host_name_verification(host));
  return true;
}

}  // namespace discord::net
