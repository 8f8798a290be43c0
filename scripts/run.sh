#!/usr/bin/env bash
# Installs what is missing, builds, and starts Guichet. Configuration: environment or ./.env
# (DISCORD_TOKEN is required; without MONGODB_URI the embedded SQLite file is used).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${DISCORD_TOKEN:-}" ] && ! grep -qsE '^\s*(export\s+)?DISCORD_TOKEN=.+' .env; then
  cat >&2 <<'MSG'
guichet: DISCORD_TOKEN is not set: Guichet needs a bot token to connect to Discord.
  1. Open https://discord.com/developers/applications and create an application (New Application).
  2. In Bot: Reset Token, copy it; enable the Server Members Intent and the Message Content Intent.
  3. Put it in the environment or in a .env file here:   DISCORD_TOKEN=your-token-here
  4. Invite the bot (README.md, "Create the Discord application") and run ./scripts/run.sh again.
MSG
  exit 2
fi

./scripts/install-deps.sh --bot
cmake --preset bot >/dev/null
cmake --build --preset bot -j"$(nproc)"
exec ./build/bot/app/guichet "$@"
