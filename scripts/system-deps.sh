#!/usr/bin/env bash
# System packages the test suite uses: Debian's Chromium (driven by Playwright for the
# end-to-end tests; we never download a browser) and GNU gettext (string extraction
# checks). Installs them with apt when run as root on Debian/Ubuntu; otherwise says what
# to install.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v xgettext >/dev/null 2>&1 || missing+=(gettext)
# axe-core (accessibility checks in the browser tests) comes from the npm registry,
# pinned in package.json / package-lock.json.
if [ ! -f node_modules/axe-core/axe.min.js ]; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --no-audit --no-fund --silent
  else
    echo "Please install Node.js and npm: the accessibility tests need axe-core." >&2
  fi
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} with apt-get…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Please install: ${missing[*]} (e.g. sudo apt-get install ${missing[*]})." >&2
  echo "The end-to-end tests need Chromium at /usr/bin/chromium." >&2
fi
