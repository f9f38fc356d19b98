#!/usr/bin/env bash
# Installs Debian's chromium (/usr/bin/chromium) for the browser tests when it is missing.
# Exit status 0 when chromium is usable afterwards; 1 (with a message on stderr) when it cannot be installed.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "install-browser: $CHROMIUM is missing and apt-get needs root (run as root, or with passwordless sudo)" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: $CHROMIUM is missing and this system has no apt-get (install chromium by other means)" >&2
  exit 1
fi

echo "install-browser: installing Debian's chromium with apt-get" >&2
if ! { "${SUDO[@]}" apt-get update -qq \
  && DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null; }; then
  echo "install-browser: apt-get could not install chromium" >&2
  exit 1
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "install-browser: apt-get finished but $CHROMIUM is still missing" >&2
  exit 1
fi
