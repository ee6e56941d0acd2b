#!/usr/bin/env bash
# Installs Debian's Chromium for the browser test when it is missing (the test suite calls this; never by hand).
# Needs root and Debian's package registry; does nothing when /usr/bin/chromium already exists.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: chromium is missing and cannot be installed here (needs root and apt-get); the browser test will be skipped" >&2
  exit 0
fi
echo "ensure-chromium: installing Debian's chromium (first run only)..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
command -v chromium >/dev/null && chromium --version >&2
