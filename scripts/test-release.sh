#!/usr/bin/env bash
# The release as its users meet it, against the local servers of scripts/test-servers.sh:
#  1. the archive: its sha256 holds; a damaged copy is refused by sha256sum and by tar;
#  2. unpacked into a fresh folder, on a PATH without java or mvn: --version, init-schema, a sync
#     into Radicale and a second one with nothing to do, serve answering /readyz, an incomplete
#     folder said in one line;
#  3. the .deb (as root): install an older build, sync through /usr/bin/event-sync, the missing or
#     world-readable /etc/event-sync/.env, an upgrade to this build that keeps .env and the state,
#     and a purge that leaves nothing.
# Run by scripts/test.sh after the release is built (scripts/release.sh); the servers must run.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
pass() { printf '[test-release] ok   %s\n' "$*"; }
fail() { printf '[test-release] FAIL %s\n' "$*" >&2; exit 1; }

archive=$(ls dist/event-sync-*-linux-x64.tar.gz 2>/dev/null | head -n 1) \
  || fail "no release in dist/: run scripts/release.sh first"
version=${archive#dist/event-sync-}; version=${version%-linux-x64.tar.gz}
deb=$(ls dist/event-sync_*_amd64.deb | head -n 1)
# shellcheck disable=SC1091
source .servers/servers.env
t=$(mktemp -d)
collection=release_test_events
calendar_url="${NEXTCLOUD_URL}release-test/"
api() { curl -sf -H "Authorization: Bearer $DIRECTUS_API_TOKEN" -H 'Content-Type: application/json' "$@"; }
forget() {
  api -X DELETE "$DIRECTUS_API_URL/collections/release_test_changes" -o /dev/null 2>/dev/null || true
  api -X DELETE "$DIRECTUS_API_URL/collections/$collection" -o /dev/null 2>/dev/null || true
  curl -sf -u "$NEXTCLOUD_USERNAME:$NEXTCLOUD_PASSWORD" -X DELETE "$calendar_url" -o /dev/null 2>/dev/null || true
}
cleanup() {
  forget
  if [ "$(id -u)" -eq 0 ] && dpkg -s event-sync >/dev/null 2>&1; then dpkg --purge event-sync >/dev/null 2>&1 || true; fi
  rm -rf "$t"
}
trap cleanup EXIT
forget
settings() {
  cat <<ENV
DIRECTUS_API_URL=$DIRECTUS_API_URL
DIRECTUS_API_TOKEN=$DIRECTUS_API_TOKEN
DIRECTUS_COLLECTION=$collection
PROPOSALS_COLLECTION=release_test_changes
NEXTCLOUD_URL=$NEXTCLOUD_URL
NEXTCLOUD_USERNAME=$NEXTCLOUD_USERNAME
NEXTCLOUD_PASSWORD=$NEXTCLOUD_PASSWORD
NEXTCLOUD_CALENDAR_NAME=Release test
EVENT_TIMEZONE=Europe/Berlin
ENV
}
events_in_calendar() {
  curl -sf -u "$NEXTCLOUD_USERNAME:$NEXTCLOUD_PASSWORD" -X REPORT -H 'Depth: 1' -H 'Content-Type: application/xml' \
    --data '<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><c:calendar-data/></d:prop><c:filter><c:comp-filter name="VCALENDAR"/></c:filter></c:calendar-query>' \
    "$calendar_url" | grep -c 'BEGIN:VEVENT' || true
}
# The count of one kind of action in a --json summary.
count() { python3 -c 'import json,sys; print(json.load(sys.stdin)["counts"][sys.argv[1]])' "$1"; }

# 1. The archive.
(cd dist && sha256sum --quiet -c "$(basename "$archive").sha256") || fail "the archive does not match its sha256"
head -c 1000000 "$archive" >"$t/damaged.tar.gz"
sed "s|$(basename "$archive")|damaged.tar.gz|" "$archive.sha256" >"$t/damaged.tar.gz.sha256"
(cd "$t" && ! sha256sum --quiet -c damaged.tar.gz.sha256 >/dev/null 2>&1) || fail "sha256sum passed a damaged archive"
! tar -xzf "$t/damaged.tar.gz" -C "$t" 2>"$t/tar.err" || fail "tar unpacked a damaged archive"
pass "sha256 holds; a damaged copy: sha256sum says FAILED, tar says: $(tail -n 1 "$t/tar.err")"
rm -rf "$t/event-sync-$version" "$t/damaged.tar.gz"*

# 2. Unpacked into a fresh folder, with no Java or Maven on the PATH.
mkdir -p "$t/path" "$t/opt" "$t/work" "$t/home"
for tool in bash cat dirname readlink mv rm grep sed tail id; do ln -s "$(command -v "$tool")" "$t/path/"; done
tar -xzf "$archive" -C "$t/opt"
user_env=(env -i PATH="$t/path" HOME="$t/home" LANG=C.UTF-8)
"${user_env[@]}" bash -c 'command -v java || command -v mvn' >/dev/null && fail "the test PATH has java or mvn"
event_sync=$t/opt/event-sync-$version/bin/event-sync
out=$("${user_env[@]}" "$event_sync" --version)
[ "$out" = "event-sync $version" ] || fail "--version printed '$out'"
pass "--version: $out (PATH without java and mvn)"
settings >"$t/work/.env"; chmod 600 "$t/work/.env"
user() { (cd "$t/work" && "${user_env[@]}" "$event_sync" "$@"); }
user init-schema --quiet || fail "init-schema"
pass "init-schema created the collection"
# AOTMode=on makes Java stop where the cache does not map: it was trained in dist/, not here.
(cd "$t/work" && "${user_env[@]}" EVENT_SYNC_JAVA_OPTS=-XX:AOTMode=on "$event_sync" status >/dev/null 2>"$t/out") \
  || fail "the ahead-of-time cache does not map in the unpacked folder: $(cat "$t/out")"
pass "the ahead-of-time cache, trained where the release was built, maps in the unpacked folder"
api -X POST "$DIRECTUS_API_URL/items/$collection" -o /dev/null \
  -d '{"title":"Release party","start_date":"2026-12-18T19:00:00","end_date":"2026-12-18T23:00:00","approved":true}'
published=$(user --sync-once --quiet --json | count published) || fail "the first sync"
[ "$published" = 1 ] && [ "$(events_in_calendar)" = 1 ] || fail "the first sync published $published"
again=$(user --sync-once --quiet --json | count published) || fail "the second sync"
[ "$again" = 0 ] && [ "$(events_in_calendar)" = 1 ] || fail "the second sync published $again"
pass "a sync published the approved event into Radicale; the next one had nothing to do"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$t/work" && exec "${user_env[@]}" SERVE_ADDRESS=127.0.0.1:$port "$event_sync" serve --quiet) &
serve=$!
ready=no
for _ in $(seq 100); do
  if curl -sf "http://127.0.0.1:$port/readyz" -o /dev/null; then ready=yes; break; fi
  sleep 0.2
done
kill -TERM "$serve"; wait "$serve" || true
[ $ready = yes ] || fail "serve did not answer /readyz"
pass "serve answered /readyz on 127.0.0.1:$port"
cp -a "$t/opt/event-sync-$version" "$t/opt/incomplete"
rm "$t/opt/incomplete/lib/$(sed -n 3p "$t/opt/incomplete/lib/classpath")"
code=0; "${user_env[@]}" "$t/opt/incomplete/bin/event-sync" --version >"$t/out" 2>&1 || code=$?
[ $code = 2 ] && [ "$(wc -l <"$t/out")" = 1 ] && grep -q 'is missing: this installation is incomplete' "$t/out" \
  || fail "an incomplete folder: exit $code, $(cat "$t/out")"
pass "an incomplete folder: exit 2, $(cat "$t/out")"
forget

# 3. The Debian package.
if [ "$(id -u)" -ne 0 ]; then
  echo "[test-release] the .deb is tested as root only (dpkg -i): not tested here"
  exit 0
fi
dpkg -s event-sync >/dev/null 2>&1 && fail "event-sync is installed on this machine already: dpkg --purge it first"
scripts/release.sh deb "dist/event-sync-$version-linux-x64/event-sync-$version" 0.0.1~older "$t/older.deb"
dpkg -i "$t/older.deb" >"$t/dpkg.out" 2>&1 || { cat "$t/dpkg.out"; fail "dpkg -i of the older build"; }
for f in /opt/event-sync/bin/event-sync /usr/bin/event-sync /lib/systemd/system/event-sync.service \
    /lib/systemd/system/event-sync.timer /lib/systemd/system/event-sync-serve.service \
    /lib/systemd/system/event-sync-worker.service /opt/event-sync/lib/event-sync.aot; do
  [ -e "$f" ] || fail "dpkg -i: $f is missing"
done
[ "$(stat -c '%U %a' /etc/event-sync/.env)" = "event-sync 600" ] || fail "/etc/event-sync/.env is $(stat -c '%U %a' /etc/event-sync/.env)"
[ "$(stat -c %U /var/lib/event-sync)" = event-sync ] || fail "/var/lib/event-sync is not the service user's"
pass "dpkg -i: /opt/event-sync, /usr/bin/event-sync, the units, user event-sync, /etc/event-sync/.env (event-sync, 600)"
mv /etc/event-sync/.env "$t/example.env"
code=0; event-sync --sync-once >"$t/out" 2>&1 || code=$?
[ $code = 2 ] && [ "$(wc -l <"$t/out")" = 1 ] && grep -q '/etc/event-sync/.env does not exist' "$t/out" \
  || fail "a missing /etc/event-sync/.env: exit $code, $(cat "$t/out")"
pass "no /etc/event-sync/.env: exit 2, $(cat "$t/out")"
settings >/etc/event-sync/.env
chown event-sync:event-sync /etc/event-sync/.env; chmod 644 /etc/event-sync/.env
event-sync init-schema --quiet >"$t/out" 2>&1 || { cat "$t/out"; fail "init-schema through the package"; }
grep -q "/etc/event-sync/.env can be read by every user" "$t/out" || fail "a world-readable .env was not warned of"
chmod 600 /etc/event-sync/.env
pass "a world-readable /etc/event-sync/.env is warned of: $(grep -o 'event-sync/.env can be read.*' "$t/out")"
api -X POST "$DIRECTUS_API_URL/items/$collection" -o /dev/null \
  -d '{"title":"Packaged","start_date":"2026-12-19T19:00:00","approved":true}'
published=$(event-sync --sync-once --quiet --json | count published) || fail "a sync through /usr/bin/event-sync"
state=/var/lib/event-sync/state/sync-state.json
[ "$published" = 1 ] && [ "$(stat -c %U "$state")" = event-sync ] && [ -s /var/log/event-sync/sync.log ] \
  || fail "the packaged sync: published $published, state $(stat -c %U "$state" 2>&1)"
pass "a sync as root ran as event-sync: state in $state, log in /var/log/event-sync/sync.log"
env_sum=$(sha256sum /etc/event-sync/.env); state_sum=$(sha256sum "$state")
dpkg -i "$deb" >"$t/dpkg.out" 2>&1 || { cat "$t/dpkg.out"; fail "dpkg -i of this build over the older one"; }
[ "$(event-sync --version)" = "event-sync $version" ] || fail "the upgrade left $(event-sync --version)"
[ "$(sha256sum /etc/event-sync/.env)" = "$env_sum" ] || fail "the upgrade changed /etc/event-sync/.env"
[ "$(sha256sum "$state")" = "$state_sum" ] || fail "the upgrade changed the state"
again=$(EVENT_SYNC_JAVA_OPTS=-XX:AOTMode=on event-sync --sync-once --quiet --json | count published) \
  || fail "a sync after the upgrade, with the ahead-of-time cache"
[ "$again" = 0 ] && [ "$(events_in_calendar)" = 1 ] || fail "after the upgrade a sync published $again"
pass "dpkg -i of this build over the older one: $(event-sync --version), .env and state kept, its cache taken, nothing to sync"
cp "$state" "$t/state.json"
python3 - "$state" <<'PY'
import json, sys
state = json.load(open(sys.argv[1])); state["format"] = 99
json.dump(state, open(sys.argv[1], "w"))
PY
code=0; event-sync --sync-once >"$t/out" 2>&1 || code=$?
[ $code = 2 ] && [ "$(wc -l <"$t/out")" = 1 ] && grep -q 'has state format 99, which a later version wrote' "$t/out" \
  || fail "a state of another format: exit $code, $(cat "$t/out")"
cp "$t/state.json" "$state"
pass "a state this version cannot read (as after a rollback): exit $code, $(cat "$t/out")"
dpkg --purge event-sync >"$t/dpkg.out" 2>&1 || { cat "$t/dpkg.out"; fail "dpkg --purge"; }
for f in /opt/event-sync /usr/bin/event-sync /etc/event-sync /var/lib/event-sync /var/log/event-sync /lib/systemd/system/event-sync.service; do
  [ ! -e "$f" ] || fail "dpkg --purge left $f"
done
! getent passwd event-sync >/dev/null || fail "dpkg --purge left the user event-sync"
pass "dpkg --purge: the files, settings, state, logs and user are gone"
