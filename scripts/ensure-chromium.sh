#!/usr/bin/env bash
# The board's browser tests drive Debian's chromium (test/support/browser.ts): install it where it is missing,
# so that `npm test` works on a fresh machine as it does in CI.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "ensure-chromium: installing Debian's chromium for the browser tests (about a minute)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "ensure-chromium: the browser tests need /usr/bin/chromium; install it with: sudo apt-get install -y chromium" >&2
exit 1
