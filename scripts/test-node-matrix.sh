#!/usr/bin/env bash
# The vitest suite on Node 20 (the node running this), then on Node 22 and 24. Those binaries come from the npm
# registry's `node` package (`npx -y node@22` ships the binary inside the package; nothing else is downloaded):
# its directory goes first on PATH, so vitest, its workers and every child process the tests start run on it.
# PAYWIRE_NODE_MATRIX="22 24" by default; set it empty to run only the current Node. Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
versions="${PAYWIRE_NODE_MATRIX-22 24}"
vitest=node_modules/vitest/vitest.mjs

echo "== vitest on Node $(node --version)" >&2
node "$vitest" run "$@"
for v in $versions; do
  bin="$(npx -y "node@$v" -e 'console.log(process.execPath)')"
  dir="$(dirname "$bin")"
  echo "== vitest on Node $("$bin" --version) ($bin)" >&2
  PATH="$dir:$PATH" "$bin" "$vitest" run "$@"
done
