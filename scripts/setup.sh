#!/usr/bin/env bash
# One-time (and idempotent) setup of everything the tests, the sandbox and the demo need
# on a fresh Debian machine: Debian's MariaDB server binaries (the sandbox starts its own
# servers from them; it never uses a system service) and the npm dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v mariadbd >/dev/null 2>&1 && ! command -v mysqld >/dev/null 2>&1 \
   && [ ! -x /usr/sbin/mariadbd ] && [ ! -x /usr/sbin/mysqld ]; then
  echo "setup: installing Debian's MariaDB server (the sandbox runs its own mariadbd processes)"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
    mariadb-server mariadb-client openssl >/dev/null
fi

# The TLS tests issue throwaway certificates with the openssl CLI.
if ! command -v openssl >/dev/null 2>&1; then
  echo "setup: installing openssl (TLS tests make their own certificates)"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends openssl >/dev/null
fi

# The pull-request comment is checked as GitHub shows it: rendered by cmark-gfm (GitHub's
# fork of cmark) and laid out by Debian's Chromium (test/helpers/github-render.ts).
if ! command -v cmark-gfm >/dev/null 2>&1 || [ ! -x /usr/bin/chromium ]; then
  echo "setup: installing Debian's chromium and cmark-gfm (the PR comment is rendered as GitHub shows it)"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium cmark-gfm >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
