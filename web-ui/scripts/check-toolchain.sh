#!/bin/sh
# Fails the Maven build early, with a clear message, when Node.js or npm is missing or too old for
# the web UI's toolchain (Vite 8 and ESLint 10 need Node 20.19+; the lock file needs npm 10+).
set -eu
NODE_MIN=20.19.0
NPM_MIN=10.0.0
fail() {
  echo "web-ui: $1" >&2
  echo "web-ui: install Node.js $NODE_MIN or newer with npm $NPM_MIN or newer (Debian: apt-get install nodejs npm," >&2
  echo "web-ui: or nodejs.org), or skip the UI with -Dobsera.webui.skip=true (the API then serves no UI)" >&2
  exit 1
}
# true when version $1 >= $2 (both x.y.z)
at_least() {
  printf '%s\n%s\n' "$2" "$1" | sort -t. -k1,1n -k2,2n -k3,3n -C
}
command -v node >/dev/null 2>&1 || fail "Node.js is not on PATH"
command -v npm >/dev/null 2>&1 || fail "npm is not on PATH"
node_v=$(node --version | sed 's/^v//')
npm_v=$(npm --version)
at_least "$node_v" "$NODE_MIN" || fail "Node.js $node_v is too old (need $NODE_MIN or newer)"
at_least "$npm_v" "$NPM_MIN" || fail "npm $npm_v is too old (need $NPM_MIN or newer)"
echo "web-ui: Node.js $node_v, npm $npm_v"
