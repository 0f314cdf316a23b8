#!/usr/bin/python3
"""Workers benchmark: pairs synced per minute by 1, 2 and 3 `bin/event-sync worker` processes
sharing the local PostgreSQL, and what the scheduler costs per execution. Asserts nothing.

    scripts/bench.sh workers [PAIRS] [SECONDS]   (default 30 pairs, a 60 s window)

PAIRS pairs share one collection of 20 approved items, each with its own calendar (Radicale,
Xandikos and sabre/dav in turn, or those BENCH_SERVERS names); POLL_INTERVAL is PT1S, so that the workers, not the schedule,
set the pace; WORKER_THREADS 4 and WORKER_HOST_BUDGET 4 (each calendar server has at most four
pairs talking to it at once). For each number of workers:
  no change: the runs finished in a window of SECONDS, as pairs synced per minute;
  10 changes per pair: 10 items edited in Directus (every pair shows them), the time until every
    pair finished a run that started after the edit, as pairs per minute;
  the scheduler: the median delay from when a run was due to its start, and the median of the
    worker's own milliseconds around a run (the host budget, the runs table, the next schedule;
    db-scheduler's own statements to pick and reschedule are in the delay, not here).
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import caldav

from bench_common import ENV, HERE, directus, seed as seed_items

PAIRS = int(sys.argv[1]) if len(sys.argv) > 1 else 30
WINDOW = int(sys.argv[2]) if len(sys.argv) > 2 else 60
ITEMS = 20
HOMES = [(name, {"radicale": ENV["NEXTCLOUD_URL"], "xandikos": ENV["XANDIKOS_URL"],
                 "sabre": ENV["SABRE_URL"]}[name])
         for name in os.environ.get("BENCH_SERVERS", "radicale,xandikos,sabre").split(",")]


def sql(query):
    """One query to the local PostgreSQL, rows as lists of strings."""
    url = ENV["POSTGRES_URL"].removeprefix("jdbc:postgresql://")
    hostport, database = url.split("/", 1)
    host, port = hostport.split(":")
    out = subprocess.run(["psql", "-At", "-F", "\t", "-h", host, "-p", port, "-U",
                          ENV["POSTGRES_USER"], "-d", database, "-c", query],
                         env=dict(os.environ, PGPASSWORD=ENV["POSTGRES_PASSWORD"]),
                         capture_output=True, text=True, check=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def synced_since(keys, started):
    """Pairs with a good run since {started}; none while the first worker creates the tables."""
    try:
        return int(sql(f"select count(distinct pair_key) from event_sync_runs where pair_key ="
                       f" any ({keys}) and started_at > '{started}' and outcome = 'ok'")[0][0])
    except subprocess.CalledProcessError:
        return 0


def now_db():
    return sql("select clock_timestamp()")[0][0]


def main():
    tag = uuid.uuid4().hex[:8]
    collection = f"bench_w_{tag}"
    scratch = Path(tempfile.mkdtemp(prefix="bench-workers-"))
    names = [f"b{i}-{tag}" for i in range(PAIRS)]
    keys = "array[" + ",".join(f"'{n}'" for n in names) + "]"
    pairs = ",\n".join(
        f'    {{"name": "{n}", "NEXTCLOUD_URL": "{HOMES[i % len(HOMES)][1]}",'
        f' "NEXTCLOUD_CALENDAR_NAME": "Bench W{i} {tag}"}}' for i, n in enumerate(names))
    (scratch / "pairs.json").write_text(
        '{\n  "defaults": {"POLL_INTERVAL": "PT1S", "NEXTCLOUD_PASSWORD": "${DAV_PASSWORD}"},\n'
        f'  "pairs": [\n{pairs}\n  ]\n}}\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIRECTUS_", "NEXTCLOUD_"))}
    env.update(DIRECTUS_API_URL=ENV["DIRECTUS_API_URL"], DIRECTUS_API_TOKEN=ENV["DIRECTUS_API_TOKEN"],
               DIRECTUS_COLLECTION=collection, PROPOSALS_COLLECTION=f"{collection}_changes",
               NEXTCLOUD_USERNAME=ENV["NEXTCLOUD_USERNAME"], DAV_PASSWORD=ENV["NEXTCLOUD_PASSWORD"],
               EVENT_TIMEZONE="Europe/Berlin", PAIRS_FILE=str(scratch / "pairs.json"),
               STATE_DATABASE_URL=ENV["POSTGRES_URL"], STATE_DATABASE_USER=ENV["POSTGRES_USER"],
               STATE_DATABASE_PASSWORD=ENV["POSTGRES_PASSWORD"], WORKER_THREADS="4",
               WORKER_HOST_BUDGET="4", WORKER_START_SPREAD="PT1S")
    tool = str(HERE / "bin" / "event-sync")
    rows = []
    workers = []
    try:
        first = subprocess.run([tool, "init-schema", "--quiet", "--pair", names[0]], cwd=scratch,
                               env=env, capture_output=True, text=True)
        if first.returncode != 0:
            sys.exit("init-schema failed: " + first.stdout + first.stderr)
        seed_items(collection, ITEMS)
        for count in (1, 2, 3):
            started = now_db()
            for n in range(count):
                folder = scratch / f"w{count}-{n}"
                folder.mkdir()
                workers.append(subprocess.Popen([tool, "worker", "--quiet"], cwd=folder, env=env,
                                                stdout=open(folder / "out.log", "w"),
                                                stderr=subprocess.STDOUT))
            # Every pair has synced (the first round publishes the items), then a quiet moment.
            while synced_since(keys, started) < PAIRS:
                time.sleep(1)
            time.sleep(5)
            window_start = now_db()
            time.sleep(WINDOW)
            window_end = now_db()
            done = sql(f"select count(*), percentile_cont(0.5) within group (order by extract(epoch"
                       f" from started_at - due_at)), percentile_cont(0.5) within group (order by"
                       f" overhead_ms) from event_sync_runs where pair_key = any ({keys}) and"
                       f" finished_at between '{window_start}' and '{window_end}'")[0]
            runs, delay, overhead = int(done[0]), float(done[1] or 0), float(done[2] or 0)
            failed = sql(f"select count(*) from event_sync_runs where pair_key = any ({keys}) and"
                         f" finished_at between '{window_start}' and '{window_end}' and outcome <> 'ok'")[0][0]
            # 10 changes that every pair shows.
            changed_at = now_db()
            for i in range(1, 11):
                directus("PATCH", f"/items/{collection}/{i}", {"location": f"Moved {count} {tag}"})
            edits_done = time.monotonic()
            while True:
                last = sql(f"select count(distinct pair_key), max(finished_at) - '{changed_at}' from"
                           f" event_sync_runs where pair_key = any ({keys}) and started_at >"
                           f" '{changed_at}'::timestamptz + interval '1 second' and outcome = 'ok'")[0]
                if int(last[0]) == PAIRS:
                    break
                if time.monotonic() - edits_done > 300:
                    sys.exit("the pairs did not all sync the changes within 5 minutes")
                time.sleep(0.5)
            converged = sql(f"select extract(epoch from max(finished_at) - '{changed_at}') from"
                            f" (select pair_key, min(finished_at) finished_at from event_sync_runs"
                            f" where pair_key = any ({keys}) and started_at > '{changed_at}'::timestamptz"
                            f" + interval '1 second' and outcome = 'ok' group by pair_key) firsts")[0][0]
            rows.append((count, runs, failed, runs * 60 / WINDOW, float(converged),
                         PAIRS * 60 / float(converged), delay, overhead))
            for w in workers:
                w.terminate()
            for w in workers:
                w.wait(60)
            workers.clear()
        # The last edits reached every calendar: checked on the servers themselves.
        moved = 0
        for i, (server, home) in enumerate(HOMES[i % len(HOMES)] for i in range(PAIRS)):
            client = caldav.DAVClient(home, username=ENV["NEXTCLOUD_USERNAME"],
                                      password=ENV["NEXTCLOUD_PASSWORD"])
            for c in client.principal().calendars():
                if c.name == f"Bench W{i} {tag}":
                    moved += sum(f"Moved 3 {tag}" in e.data for e in c.events())
        print(f"checked on the servers: {moved} of {10 * PAIRS} edited events carry the last edit")
    finally:
        for w in workers:
            w.kill()
        for doomed in (f"{collection}_changes", collection):
            try:
                directus("DELETE", f"/collections/{doomed}")
            except OSError as e:
                print(f"could not delete {doomed}: {e}", file=sys.stderr)
        for i in range(PAIRS):
            client = caldav.DAVClient(HOMES[i % len(HOMES)][1], username=ENV["NEXTCLOUD_USERNAME"],
                                      password=ENV["NEXTCLOUD_PASSWORD"])
            for c in client.principal().calendars():
                if c.name == f"Bench W{i} {tag}":
                    c.delete()
        for table, column in (("event_sync_scheduled_tasks", "task_instance"),
                              ("event_sync_pair", "pair_key"), ("event_sync_runs", "pair_key"),
                              ("event_sync_triggers", "pair_key")):
            try:
                sql(f"delete from {table} where {column} = any ({keys})")
            except subprocess.CalledProcessError as e:
                print(f"could not clean {table}: {e.stderr.strip()}", file=sys.stderr)

    print(f"{PAIRS} pairs, {ITEMS} items each, POLL_INTERVAL PT1S, 4 threads per worker, budget 4 per"
          f" calendar host; window {WINDOW} s; {time.strftime('%Y-%m-%d')}, load"
          f" {os.getloadavg()[0]:.2f}")
    print("| workers | runs in window | failed | no change: pairs/min | 10 changes: all synced in s"
          " | 10 changes: pairs/min | due → start, median s | worker's own ms per run, median |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:.0f} | {r[4]:.1f} | {r[5]:.0f} | {r[6]:.2f} |"
              f" {r[7]:.0f} |")


if __name__ == "__main__":
    main()
