#!/usr/bin/env bash
# Installs Debian's PostgreSQL server for the @paywire/postgres tests when it is missing (the test suite calls this;
# never by hand). Needs root and Debian's package registry; does nothing when the server binaries already exist.
# The tests start their own throw-away cluster (initdb into a temporary folder, a free port on 127.0.0.1).
set -euo pipefail
find_bin() {
  if [ -n "${PAYWIRE_PG_BIN:-}" ] && [ -x "$PAYWIRE_PG_BIN/initdb" ]; then return 0; fi
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
}
if find_bin; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-postgres: PostgreSQL is missing and cannot be installed here (needs root and apt-get); the PostgreSQL tests will fail" >&2
  exit 0
fi
echo "ensure-postgres: installing Debian's postgresql (first run only)..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# the package's post-install creates a default cluster; the tests never use it
apt-get install -y -qq --no-install-recommends postgresql >/dev/null
ls /usr/lib/postgresql/*/bin/initdb >&2
