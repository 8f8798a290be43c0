#pragma once

namespace app {
// guichet transcript --messages FILE --context FILE --out FILE.html [--text FILE.txt]
int transcript_cli(int argc, char** argv);
}  // namespace app
