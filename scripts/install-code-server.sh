#!/usr/bin/env bash
# Installs code-server (VS Code server + web workbench) from the npm registry into a cache
# folder, without its postinstall (which downloads ripgrep from GitHub). Skips when the folder
# is already complete for this Node ABI. Needs `rg` and the Kerberos headers (libkrb5-dev) on
# the machine; installing those is .ci/run's job, not this script's.
#
# Usage: scripts/install-code-server.sh            (prints the install folder on its last line)
# Env:   CODE_SERVER_VERSION (default 4.100.3), CODE_SERVER_DIR (default .vscode-test/code-server-<version>)
set -euo pipefail

VERSION="${CODE_SERVER_VERSION:-4.100.3}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${CODE_SERVER_DIR:-$ROOT/.vscode-test/code-server-$VERSION}"
VSCODE="$DIR/node_modules/code-server/lib/vscode"
MARKER="$DIR/.edgit-install-complete"
STAMP="code-server@$VERSION node-abi-$(node -p 'process.versions.modules')"

# Native binaries that must exist after the install (one glob per native module).
NATIVE_FILES=(
  "$DIR/node_modules/argon2/lib/binding/*/argon2.node"
  "$VSCODE/node_modules/@parcel/watcher-linux-*-glibc/watcher.node"
  "$VSCODE/node_modules/@vscode/spdlog/build/Release/*.node"
  "$VSCODE/node_modules/@vscode/deviceid/build/Release/*.node"
  "$VSCODE/node_modules/kerberos/build/Release/*.node"
  "$VSCODE/node_modules/native-watchdog/build/Release/*.node"
  "$VSCODE/node_modules/node-pty/build/Release/*.node"
)

log() { printf '[install-code-server] %s\n' "$*" >&2; }

missing_native() {
  local pattern
  for pattern in "${NATIVE_FILES[@]}"; do
    compgen -G "$pattern" >/dev/null || echo "$pattern"
  done
}

is_complete() {
  [[ -f "$MARKER" && "$(cat "$MARKER")" == "$STAMP" ]] || return 1
  [[ -f "$DIR/node_modules/code-server/out/node/entry.js" ]] || return 1
  [[ -x "$VSCODE/node_modules/@vscode/ripgrep/bin/rg" ]] || return 1
  [[ -z "$(missing_native)" ]]
}

check_prerequisites() {
  local ok=1
  if ! command -v rg >/dev/null; then
    log "ERROR: ripgrep ('rg') is not on PATH. Install it: apt-get install -y ripgrep"
    ok=0
  fi
  if [[ ! -f /usr/include/gssapi/gssapi.h && ! -f /usr/include/krb5.h ]] && ! command -v krb5-config >/dev/null; then
    log "ERROR: Kerberos headers are missing (needed to build the 'kerberos' module). Install them: apt-get install -y libkrb5-dev"
    ok=0
  fi
  local tool
  for tool in make g++ python3; do
    command -v "$tool" >/dev/null || { log "ERROR: '$tool' is missing (needed by node-gyp). Install it: apt-get install -y make g++ python3"; ok=0; }
  done
  if [[ "$(node -p 'process.versions.node.split(".")[0]')" != 20 ]]; then
    log "WARNING: code-server $VERSION is built for Node 20; this is Node $(node -v)."
  fi
  [[ $ok == 1 ]] || exit 2
}

# npm rebuild may report a failure from a package's own post-install step (node-pty's tries to
# npx node-gyp) although the .node file was built; the native check at the end decides, and
# the rebuild output is shown only when that check fails.
rebuild() {
  npm rebuild "$@" --no-audit --no-fund >>"$DIR/rebuild.log" 2>&1 \
    || log "npm rebuild $* exited non-zero (expected: node-pty's post-install step wants npx); checking the built files"
}

install() {
  log "installing code-server@$VERSION into $DIR"
  rm -rf "$DIR"
  mkdir -p "$DIR"
  cd "$DIR"
  npm init -y >/dev/null
  npm install --no-audit --no-fund --ignore-scripts "code-server@$VERSION"
  rebuild argon2

  cd "$VSCODE"
  npm install --no-audit --no-fund --omit=dev --ignore-scripts
  mkdir -p node_modules/@vscode/ripgrep/bin
  cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  rebuild @parcel/watcher @vscode/spdlog @vscode/deviceid kerberos native-watchdog node-pty
  ln -sfn node_modules node_modules.asar

  cd extensions
  npm install --no-audit --no-fund --omit=dev --ignore-scripts

  local missing
  missing="$(missing_native)"
  if [[ -n "$missing" ]]; then
    log "ERROR: these native binaries were not built:"
    printf '  %s\n' "$missing" >&2
    log "npm rebuild output:"
    cat "$DIR/rebuild.log" >&2
    exit 1
  fi
  echo "$STAMP" > "$MARKER"
  log "done"
}

mkdir -p "$(dirname "$DIR")"
# One installer at a time (two test runs may start together).
exec 9>"$DIR.lock"
flock 9

if is_complete; then
  log "code-server@$VERSION already installed in $DIR"
else
  check_prerequisites
  install >&2   # keep stdout for the folder name
fi
echo "$DIR"
