// [metrics] of the pipeline config (docs/configuration.md, "[metrics]").
#include <arpa/inet.h>

#include "firn/ingest/config/config_sections.h"

namespace firn::ingest::config_internal {

void ReadMetrics(Section s, MetricsSettings* out) {
  if (!s.present()) return;
  out->enabled = true;
  if (auto v = s.Bool("enabled")) out->enabled = *v;
  if (auto v = s.Integer("port", 0, 65535, "a TCP port, 0..65535 (0 = any free port)")) {
    out->port = static_cast<int32_t>(*v);
  }
  if (auto v = s.String("address")) {
    unsigned char buf[sizeof(in6_addr)];
    if (*v == "localhost") {
      out->address = "127.0.0.1";
    } else if (::inet_pton(AF_INET, v->c_str(), buf) == 1 ||
               ::inet_pton(AF_INET6, v->c_str(), buf) == 1) {
      out->address = std::move(*v);
    } else {
      s.Expected(s.KeyPath("address"), *s.Get("address"),
                 "a numeric IP address to bind (\"127.0.0.1\", \"0.0.0.0\", \"::1\")");
    }
  }
  s.RejectUnknown();
}

}  // namespace firn::ingest::config_internal
