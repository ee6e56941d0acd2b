#!/usr/bin/env bash
# Installs Debian's redis-server and redis-cli for the Redis tests when they are missing (the test suite calls
# this; never by hand). Needs root and Debian's package registry; does nothing when both commands exist.
# The tests start their own servers on free ports on 127.0.0.1 (no persistence) and stop them afterwards.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-redis: redis-server is missing and cannot be installed here (needs root and apt-get); the Redis tests will fail" >&2
  exit 0
fi
echo "ensure-redis: installing Debian's redis-server and redis-tools (first run only)..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends redis-server redis-tools >/dev/null
# Debian's package starts a system service on 6379; the tests never use it.
command -v redis-server >/dev/null && redis-server --version >&2
