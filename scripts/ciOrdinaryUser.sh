#!/usr/bin/env bash
# CI as an ordinary user (called by .ci/run after `npm test`, as root).
#
# Everything else in CI runs as root, which hides what only an ordinary user
# meets (9p owners, user namespaces, a cache of one's own). So, as root, this:
#   0. runs the CLI tasks of step 5 as root on root-owned (0644) files first
#      (the dev-container / CI case: the agent is uid 1000 in the guest);
#   1. creates the user (COWORK_CI_USER, default coworkci) with an empty cache;
#   2. serves the root-built sandbox image, packed as a release, on 127.0.0.1
#      (the release the unit suite's download tests packed and cached; packed
#      here only when that cache has none for this image);
# then, as that user (setpriv, in a private mount namespace where the checkout
# is bound at a path the user can reach):
#   3. downloads and verifies the image into the user's own ~/.cache/cowork;
#   4. runs the sandbox suites (test/unit/sandbox/**, but for the few listed in
#      as_root_only whose result does not depend on the uid) with CI=true;
#   5. runs CLI tasks (node dist/cli.js run) against the scripted model server,
#      under `auto` (which must pick qemu here) and `namespace`: a new file, an
#      overwrite and a shell append staged and approved (--yes), then a delete
#      refused (--no); with 200 project skills in the folder.
# Each phase prints its time; a table at the end sums them up.
#
# Needs dist/ built and the root image present (.ci/run's earlier phases). It
# runs from a copy of dist/ and skills/ taken at its start (as an install would
# lay them out), so `npm test` packaging the VSIX meanwhile (which rewrites
# dist/) cannot change the CLI under it: .ci/run runs the two side by side.
set -euo pipefail

phase_table=()
phase() {
  local name="$1"; shift
  local start rc=0; start=$(date +%s)
  printf '\n--- [%s] %s\n' "$(date -u +%H:%M:%S)" "$name"
  "$@" || rc=$?
  local took=$(( $(date +%s) - start ))
  phase_table+=("$(printf '%-34s %4ds%s' "$name" "$took" "$( ((rc)) && echo "  FAILED (exit $rc)")")")
  printf -- '--- %s: %ds (exit %d)\n' "$name" "$took" "$rc"
  return "$rc"
}
print_table() {
  printf '\n--- %s phase timings\n' "$1"
  for t in "${phase_table[@]}"; do printf '  %s\n' "$t"; done
}

# ------------------------------------------- CLI tasks (as the user, and as root)
# $work: a scratch folder of the caller's; the checks compare owners with `id -u`.
model_url=
# In its own process group (setsid), so stop_model_server ends npx and the node under it.
start_model_server() {
  setsid npx tsx test/model-server/cli.ts > "$work/model-server.out" 2> "$work/model-server.err" &
  model_pid=$!
  for _ in $(seq 1 100); do
    model_url=$(head -n1 "$work/model-server.out" 2>/dev/null || true)
    [[ $model_url == http://* ]] && return 0
    sleep 0.2
  done
  echo "model server did not start:" >&2; cat "$work/model-server.err" >&2; return 1
}
stop_model_server() {
  [[ -n ${model_pid:-} ]] && kill -- "-$model_pid" 2>/dev/null || true
  model_pid=
}
load_transcript() {
  node -e 'const [url, file] = process.argv.slice(1);
    fetch(url + "/__control/transcript", { method: "POST", body: require("fs").readFileSync(file) })
      .then(async (r) => { if (!r.ok) { console.error(await r.text()); process.exit(1); } });' "$model_url" "$1"
}
write_transcripts() {
  cat > "$work/change.json" <<'EOF'
{ "name": "CLI task: write, overwrite, append", "turns": [
{ "reply": { "content": [
  { "type": "tool_use", "id": "w", "name": "write_file", "input": { "path": "summary.md", "content": "# Summary\n" } },
  { "type": "tool_use", "id": "o", "name": "write_file", "input": { "path": "notes.txt", "content": "final\n" } },
  { "type": "tool_use", "id": "a", "name": "run_command", "input": { "command": "echo more >> log.txt && id -u" } } ] } },
{ "reply": { "content": [ { "type": "text", "text": "Wrote the summary, finalised the notes and extended the log." } ] } } ] }
EOF
  cat > "$work/delete.json" <<'EOF'
{ "name": "CLI task: a delete the person refuses", "turns": [
{ "reply": { "content": [ { "type": "tool_use", "id": "d", "name": "delete", "input": { "path": "old.txt" } } ] } },
{ "reply": { "content": [ { "type": "text", "text": "Understood, old.txt stays." } ] } } ] }
EOF
}
make_folder() {
  local f=$1
  mkdir -p "$f"
  printf 'draft\n' > "$f/notes.txt"
  printf 'old\n' > "$f/old.txt"
  printf 'log\n' > "$f/log.txt"
  # 200 project skills: one mount under qemu, whatever their number.
  for i in $(seq -w 1 200); do
    mkdir -p "$f/.claude/skills/ci-skill-$i"
    printf -- '---\nname: ci-skill-%s\ndescription: CI skill %s, never needed.\n---\nNothing to do.\n' "$i" "$i" > "$f/.claude/skills/ci-skill-$i/SKILL.md"
  done
}
# Functions run by phase() run without set -e: every check returns on its own.
fail() { echo "FAIL: $*" >&2; }
cli_task() {
  local driver=$1 expect=$2 f="$work/folder-$1"
  make_folder "$f" || return 1
  load_transcript "$work/change.json" || return 1
  local out="$work/$driver-change.log" rc=0
  ANTHROPIC_API_KEY=ci-test ANTHROPIC_BASE_URL=$model_url node "$install/dist/cli.js" run "Summarise and finalise the notes" \
    --folder "$f" --yes --no-plan --driver "$driver" < /dev/null > "$out" 2>&1 || rc=$?
  cat "$out"
  [[ $rc == 0 ]] || { fail "$driver: cli exited $rc"; return 1; }
  grep -q "sandbox ready ($expect)" "$out" || { fail "$driver: expected 'sandbox ready ($expect)'"; return 1; }
  ! grep -q '✗' "$out" || { fail "$driver: a tool call failed"; return 1; }
  [[ $(cat "$f/summary.md") == '# Summary' ]] || { fail "$driver: summary.md not written"; return 1; }
  [[ $(cat "$f/notes.txt") == final ]] || { fail "$driver: overwrite of notes.txt not applied"; return 1; }
  [[ $(cat "$f/log.txt") == $'log\nmore' ]] || { fail "$driver: append to log.txt not applied"; return 1; }
  grep -q 'modified notes.txt' "$out" && grep -q 'modified log.txt' "$out" || { fail "$driver: overwrites were not staged for approval"; return 1; }
! grep -qE '^\+ created (notes|log)\.txt' "$out" || { fail "$driver: an existing file was reported as created"; return 1; }
  [[ $(stat -c %u "$f/notes.txt") == $(id -u) && $(stat -c %u "$f/summary.md") == $(id -u) ]] || { fail "$driver: files not owned by the user"; return 1; }

  load_transcript "$work/delete.json" || return 1
  out="$work/$driver-delete.log" rc=0
  ANTHROPIC_API_KEY=ci-test ANTHROPIC_BASE_URL=$model_url node "$install/dist/cli.js" run "Remove old.txt" \
    --folder "$f" --no --no-plan --driver "$driver" < /dev/null > "$out" 2>&1 || rc=$?
  cat "$out"
  [[ $rc == 0 ]] || { fail "$driver: cli exited $rc"; return 1; }
  grep -q 'deleted old.txt' "$out" && grep -q 'changes refused (--no)' "$out" || { fail "$driver: the delete was not staged and refused"; return 1; }
  [[ $(cat "$f/old.txt") == old ]] || { fail "$driver: old.txt is gone although the delete was refused"; return 1; }
  echo "$driver: write, overwrite and append approved; delete refused: OK"
}

run_cli_tasks() {
  local who=$1
  write_transcripts
  phase "model server ($who)" start_model_server || return 1
  phase "cli task ($who): auto (qemu)" cli_task auto 'qemu, vm' || return 1
  phase "cli task ($who): namespace" cli_task namespace 'namespace, namespace' || return 1
}

# ---------------------------------------------------------------- as the user
if [[ "${1:-}" == --as-user ]]; then
  repo=$2 image_url=$3 install=$4
  cd "$repo"
  trap 'print_table "ordinary user ($(id -un), uid $(id -u))"' EXIT
  [[ $(id -u) != 0 ]] || { echo "--as-user must not run as root" >&2; exit 1; }

  download_image() { node "$install/dist/sandbox-image.js" --download "$image_url"; }
  # Every sandbox file but those whose outcome does not depend on who runs them
  # (they run as root in `npm test`): pure ones, the built image's own checks
  # (download + verify above checks this user's copy file by file), and the qemu
  # driver's boot and snapshot files, whose user-namespace path as this user is
  # driven by manySkills (cold boot, snapshot build + restore), folderOwners and
  # the `auto` CLI task below. New files run here unless listed.
  as_root_only=(
    test/unit/sandbox/cacheDir.test.ts test/unit/sandbox/framing.test.ts
    test/unit/sandbox/drivers/qemuArgs.test.ts test/unit/sandbox/drivers/vz.test.ts
    test/unit/sandbox/image.test.ts
    test/unit/sandbox/drivers/qemuBoot.test.ts test/unit/sandbox/drivers/qemuSnapshot.test.ts
  )
  sandbox_suites() {
    local ignore=() f
    for f in "${as_root_only[@]}"; do ignore+=(--ignore "$f"); done
    npx mocha --no-config -r tsx/cjs --extension ts --timeout 20000 --reporter spec "${ignore[@]}" 'test/unit/sandbox/**/*.test.ts'
  }

  phase "download + verify image" download_image
  # A failing suite does not stop the CLI tasks: one run reports both.
  user_rc=0
  phase "sandbox suites" sandbox_suites || user_rc=1
  work=$(mktemp -d "$HOME/cli-tasks.XXXXXX")
  trap 'stop_model_server; print_table "ordinary user ($(id -un), uid $(id -u))"' EXIT
  run_cli_tasks user || user_rc=1
  exit "$user_rc"
fi

# ---------------------------------------------------------------- as root
[[ $(id -u) == 0 ]] || { echo "run as root (CI): it creates the ordinary user" >&2; exit 1; }
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
user=${COWORK_CI_USER:-coworkci}
mnt=/run/cowork-ci-checkout
release=
http_log=$(mktemp /tmp/cowork-ci-release-http.XXXXXX)
server_pid=
# This run's copy of the built CLI (see the header).
install=$(mktemp -d /tmp/cowork-ci-install.XXXXXX)
chmod 755 "$install"
cp -a dist skills "$install"/
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null || true
  stop_model_server
  rm -rf "$http_log" "$install" "${work:-}"
  print_table "ordinary-user CI (root side)"
}
trap cleanup EXIT

make_user() {
  id -u "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"
  home=$(getent passwd "$user" | cut -d: -f6)
  # Its own cache, empty: the image must arrive the way it would for a new user.
  rm -rf "$home/.cache/cowork" "$home"/cli-tasks.*
  echo "user $user (uid $(id -u "$user")), home $home"
}
# The cached release (test/support/packedImage.ts), shared with the unit suite:
# packing 1.2 GB with brotli takes about a minute, and it is the same bytes.
pack_image() {
  release=$(npx tsx test/support/packedImageCli.ts) || return 1
  echo "release: $release"; ls -l "$release"
}
serve_image() {
  python3 -u -m http.server --bind 127.0.0.1 0 --directory "$release" > "$http_log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$http_log" | head -n1)
    [[ -n $port ]] && { echo "serving $release on 127.0.0.1:$port"; return 0; }
    sleep 0.1
  done
  cat "$http_log" >&2; return 1
}
as_user() {
  mkdir -p "$mnt"
  local uid gid; uid=$(id -u "$user"); gid=$(id -g "$user")
  # The checkout may sit under /root (0700): bind it where the user can reach it,
  # in a mount namespace of its own so nothing outside sees the bind.
  unshare --mount --propagation private /bin/sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' ci "$repo" "$mnt" \
    setpriv --reuid="$uid" --regid="$gid" --init-groups \
    env -i HOME="$home" USER="$user" LOGNAME="$user" PATH="/usr/local/bin:/usr/bin:/bin" LANG=C.UTF-8 CI=true \
    NPM_CONFIG_UPDATE_NOTIFIER=false bash "$mnt/scripts/ciOrdinaryUser.sh" --as-user "$mnt" "http://127.0.0.1:$port" "$install"
}

# Root first, on root's own (root-owned, 0644) files: the dev-container / CI case.
work=$(mktemp -d /tmp/cowork-ci-root-tasks.XXXXXX)
root_rc=0
run_cli_tasks root || root_rc=1
stop_model_server

phase "create user" make_user
phase "packed image (root, cached)" pack_image
phase "serve image" serve_image
phase "as $user" as_user || root_rc=1
exit "$root_rc"
