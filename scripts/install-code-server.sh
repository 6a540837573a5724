#!/usr/bin/env bash
# Installs code-server (a real VS Code, served to a browser) into a cache directory so the
# e2e suite can run VS Code without downloading the desktop build. Works with only the npm
# registry reachable: every download npm would do in install scripts is skipped, native
# modules are rebuilt from source and ripgrep comes from Debian's `rg`.
#
# Idempotent: a marker file is written last; when it exists (and matches the version) the
# script only prints the path. A half-finished install (no marker) is removed and redone.
#
# Usage: scripts/install-code-server.sh            -> prints the code-server binary path last
# Env:   COWORK_CODE_SERVER_VERSION (default 4.100.3)
#        COWORK_CACHE_DIR           (default ~/.cache/cowork)
# Needs: node 20+, npm, a C/C++ toolchain, python3, libkrb5-dev, ripgrep.
set -euo pipefail

version="${COWORK_CODE_SERVER_VERSION:-4.100.3}"
cache="${COWORK_CACHE_DIR:-$HOME/.cache/cowork}"
dir="$cache/code-server-$version"
marker="$dir/.cowork-install-complete"
bin="$dir/node_modules/code-server/out/node/entry.js"

log() { printf '[install-code-server] %s\n' "$*" >&2; }

if [[ -f "$marker" && "$(cat "$marker")" == "$version" && -f "$bin" ]]; then
  log "already installed: $dir"
  echo "$dir/node_modules/.bin/code-server"
  exit 0
fi

rg_path="$(command -v rg || true)"
if [[ -z "$rg_path" ]]; then
  log "ripgrep (rg) is not on PATH; install it (Debian: apt-get install ripgrep)"
  exit 1
fi

# node-gyp would download Node's headers from nodejs.org; use the installed ones instead.
if [[ -z "${npm_config_nodedir:-}" && -f /usr/include/node/node.h ]]; then
  export npm_config_nodedir=/usr
fi

start=$(date +%s)
# One installer at a time per cache dir (parallel CI jobs, two engineers).
mkdir -p "$cache"
exec 9>"$cache/.code-server-$version.lock"
flock 9
# Another process may have finished while we waited for the lock.
if [[ -f "$marker" && "$(cat "$marker")" == "$version" ]]; then
  log "installed by a concurrent run: $dir"
  echo "$dir/node_modules/.bin/code-server"
  exit 0
fi

log "installing code-server@$version into $dir"
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
printf '{ "name": "cowork-code-server-cache", "private": true }\n' > package.json

# npm's own output is noisy; keep it but prefix nothing so failures stay readable.
npm_quiet=(--no-audit --no-fund --loglevel=error)

log "npm install code-server (scripts skipped)"
npm install "${npm_quiet[@]}" --ignore-scripts "code-server@$version" >&2

vs="$dir/node_modules/code-server/lib/vscode"
log "installing VS Code's production dependencies"
(cd "$vs" && npm install "${npm_quiet[@]}" --omit=dev --ignore-scripts >&2)

log "rebuilding native modules (kerberos, spdlog, native-watchdog, node-pty, deviceid)"
(cd "$vs" && npm rebuild "${npm_quiet[@]}" kerberos @vscode/spdlog native-watchdog @vscode/deviceid >&2)
# node-pty's build ends with a compile_commands step that can fail after pty.node exists.
(cd "$vs" && npm rebuild "${npm_quiet[@]}" node-pty >"$dir/node-pty-rebuild.log" 2>&1) ||
  log "node-pty rebuild reported an error (usually its compile_commands step); checking pty.node"
pty_node="$(find "$vs/node_modules/node-pty/build" -name pty.node 2>/dev/null | head -n1 || true)"
if [[ -z "$pty_node" ]]; then
  log "node-pty did not build (no pty.node); terminals will not work"
  exit 1
fi

log "ripgrep from $rg_path"
mkdir -p "$vs/node_modules/@vscode/ripgrep/bin"
cp "$rg_path" "$vs/node_modules/@vscode/ripgrep/bin/rg"
chmod 755 "$vs/node_modules/@vscode/ripgrep/bin/rg"

# VS Code loads some modules from node_modules.asar; unpacked works when it is a link.
ln -sfn node_modules "$vs/node_modules.asar"

log "installing built-in extensions' dependencies"
(cd "$vs/extensions" && npm install "${npm_quiet[@]}" --omit=dev --ignore-scripts >&2)

log "rebuilding argon2 (code-server's password hashing)"
(cd "$dir" && npm rebuild "${npm_quiet[@]}" argon2 >&2)

# Smoke test: the binary answers --version.
# (XDG_CONFIG_HOME keeps it from writing ~/.config/code-server/config.yaml.)
XDG_CONFIG_HOME="$dir/.config" "$dir/node_modules/.bin/code-server" --version >&2

echo "$version" > "$marker"
log "done in $(( $(date +%s) - start ))s"
echo "$dir/node_modules/.bin/code-server"
