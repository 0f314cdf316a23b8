#!/usr/bin/env bash
# Runs event-sync as a service, like the original tool's script.
#
#   ./run-event-system.sh sync|start   start the background sync (now, then every SYNC_INTERVAL)
#   ./run-event-system.sh serve        start `bin/event-sync serve` instead (also: start serve): syncs
#                                      on Directus's Flow calls and polls (docs/operations.md)
#   ./run-event-system.sh all          check the settings with a dry run, then start the sync
#   ./run-event-system.sh stop         stop the background sync (it finishes the current event)
#   ./run-event-system.sh status       is it running, is a cron job set, what did the last run do
#   ./run-event-system.sh setup-cron   run a sync from cron instead (CRON_SCHEDULE, default hourly)
#   ./run-event-system.sh remove-cron  remove that cron job
#
# Settings as for bin/event-sync: the environment, else .env in this folder. SYNC_INTERVAL is
# ISO-8601 (default PT1H).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
cd "$here"
pidfile=$(bin/setting EVENT_SYNC_PIDFILE state/event-sync.pid)
marker="# event-sync ($here)"
interval=$(bin/setting SYNC_INTERVAL PT1H)
cron_schedule=$(bin/setting CRON_SCHEDULE "0 * * * *")

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

# start [serve]: the schedule of SYNC_INTERVAL, or serve.
start() {
  if running; then echo "event-sync is already running (pid $(cat "$pidfile"))"; return 0; fi
  mkdir -p "$(dirname "$pidfile")" logs
  local how
  if [ "${1:-}" = serve ]; then
    nohup bin/event-sync serve --quiet >>logs/service.out 2>&1 </dev/null &
    how="serving on $(bin/setting SERVE_ADDRESS 127.0.0.1:8787), polling every $(bin/setting POLL_INTERVAL PT1M)"
  else
    nohup bin/event-sync --schedule="$interval" --quiet >>logs/service.out 2>&1 </dev/null &
    how="syncing every $interval"
  fi
  echo $! >"$pidfile"
  sleep 2
  if running; then
    echo "event-sync started (pid $(cat "$pidfile")), $how; logs in logs/sync.log"
  else
    echo "event-sync stopped right after starting; the reason is in logs/service.out:" >&2
    tail -5 logs/service.out >&2
    rm -f "$pidfile"; return 1
  fi
}

stop() {
  if ! running; then echo "event-sync is not running"; rm -f "$pidfile"; return 0; fi
  pid=$(cat "$pidfile")
  kill -TERM "$pid"
  for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "event-sync (pid $pid) did not stop within 40 s; stopping it hard" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  echo "event-sync stopped"
}

cron_line() { echo "$cron_schedule cd '$here' && bin/event-sync --sync-once --quiet >>logs/cron.log 2>&1 $marker"; }

current_crontab() { crontab -l 2>/dev/null || true; }

setup_cron() {
  command -v crontab >/dev/null || { echo "crontab is not installed (Debian: apt-get install cron)" >&2; return 2; }
  { current_crontab | grep -vF "$marker" || true; cron_line; } | crontab -
  echo "cron job set: $cron_schedule"
}

remove_cron() {
  command -v crontab >/dev/null || { echo "crontab is not installed" >&2; return 2; }
  { current_crontab | grep -vF "$marker" || true; } | crontab -
  echo "cron job removed"
}

status() {
  if running; then echo "background sync: running (pid $(cat "$pidfile"))"; else echo "background sync: not running"; fi
  if command -v crontab >/dev/null && current_crontab | grep -qF "$marker"; then
    line=$(current_crontab | grep -F "$marker" | head -1)
    echo "cron job: ${line% "$marker"}"
  else
    echo "cron job: none"
  fi
  bin/event-sync status || true
}

case "${1:-}" in
  sync|start) start "${2:-}" ;;
  serve) start serve ;;
  all) bin/event-sync --dry-run --quiet && start ;;
  stop) stop ;;
  status) status ;;
  setup-cron) setup_cron ;;
  remove-cron) remove_cron ;;
  *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
