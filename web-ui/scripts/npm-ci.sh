#!/bin/sh
# `npm ci` from the committed lock file, unless node_modules was installed from this very lock file
# already (npm writes node_modules/.package-lock.json on install): a clean clone and CI always
# install, a rebuild after a source change does not reinstall.
set -eu
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ] \
    && [ node_modules/.package-lock.json -nt package.json ]; then
  echo "web-ui: node_modules matches package-lock.json, npm ci not needed"
  exit 0
fi
exec npm ci --no-audit --no-fund
