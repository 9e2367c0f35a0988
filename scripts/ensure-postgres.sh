#!/usr/bin/env bash
# The cluster tests start Debian's PostgreSQL server binaries in a temporary directory (no service,
# no system cluster is used). Installs the `postgresql` package when no server binary is present
# and we may (root, or passwordless sudo); otherwise says what to install.
set -euo pipefail

if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || [ -n "${HOLDFAST_PG_BIN:-}" ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "PostgreSQL is missing: install Debian's package first (sudo apt-get install postgresql) or set HOLDFAST_PG_BIN." >&2
  exit 1
fi

echo "Installing Debian postgresql for the cluster tests…"
"${sudo[@]}" apt-get update -qq
# The tests never use a cluster the package may create or start; they run initdb themselves.
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || { echo "postgresql installed but no initdb found" >&2; exit 1; }
