#include "transcript_cli.hpp"

#include <cstdio>

namespace app {
int transcript_cli(int, char**) {
  std::fputs("guichet transcript: not built yet\n", stderr);
  return 2;
}
}  // namespace app
