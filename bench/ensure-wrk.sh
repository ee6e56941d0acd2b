#!/usr/bin/env bash
# pnpm bench loads its HTTP rows with wrk (Debian package). Installs it when missing (needs root and apt).
set -euo pipefail
command -v wrk >/dev/null 2>&1 && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get update && apt-get install -y wrk
else
  echo "wrk is missing; install it (Debian/Ubuntu: apt-get install -y wrk)" >&2
  exit 1
fi
