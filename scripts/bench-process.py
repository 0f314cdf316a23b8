#!/usr/bin/python3
"""Whole-process benchmark: runs bin/event-sync as users do, beside the seed-style baseline
(../shared/bench/seed_baseline.py), on the same Directus collection and the same CalDAV server,
every request of both counted by the same proxy (../shared/bench/count_proxy.py).

Prints, per tool and step, requests, bytes, writes (PUT/DELETE/POST/PATCH), and the medians of
wall time, CPU time (user + system) and peak RSS over the runs (/usr/bin/time). Asserts nothing.

    scripts/bench.sh process [N] [RUNS]        (N approved events, default 100; RUNS default 5)
    BENCH_CALDAV=radicale|xandikos|sabre        which calendar server (default radicale)

Steps: 1. first publish of the N events into an empty calendar (one run each);
2. a run with nothing changed (RUNS runs each, the two tools taking turns);
3. a run after 100 (at most N) of the items were edited in Directus (one run each; the baseline
never updates a published event, so it only reads).
WRITE_CONCURRENCY and EVENT_SYNC_JAVA_OPTS from the environment reach event-sync (for example
EVENT_SYNC_JAVA_OPTS=-Xmx256m). BENCH_RELEASE=FOLDER adds an unpacked release archive's
bin/event-sync as a third tool, taking turns with the other two. BENCH_BASELINE=0 leaves the baseline out (for sizes where only
this tool's figures are wanted; no ratios are printed then).
Each tool has its own calendar (the baseline imports every event it did not publish), both read
the same collection, which is deleted at the end with both calendars.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import caldav

from bench_common import ENV, HERE, SHARED, calendar_home, directus, free_port, seed as seed_items

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
SERVER = os.environ.get("BENCH_CALDAV", "radicale")
HOME_URL = calendar_home(SERVER)


def proxy(target, counts):
    port = free_port()
    process = subprocess.Popen([sys.executable, str(SHARED / "count_proxy.py"), str(port), target,
                                str(counts)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(50):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
        except urllib.error.HTTPError:
            break
        except OSError:
            time.sleep(0.1)
            continue
        break
    return process, port


def origin(url):
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}", parts.path


def counted(counts_files):
    requests = size = writes = 0
    for f in counts_files:
        c = json.loads(f.read_text()) if f.exists() and f.read_text().strip() else {}
        requests += c.get("requests", 0)
        size += c.get("bytes", 0)
        writes += sum(v for k, v in c.get("by_method", {}).items()
                      if k in ("PUT", "DELETE", "POST", "PATCH", "MKCALENDAR"))
    return requests, size, writes


def measure(command, cwd, env, counts_files, scratch):
    for f in counts_files:
        f.write_text("{}")
    timing = scratch / "time.txt"
    result = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", str(timing)] + command,
                            cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    time.sleep(0.2)  # the proxy rewrites its counts file after each answer
    wall, user, system, rss_kb = timing.read_text().split()[-4:]
    requests, size, writes = counted(counts_files)
    return {"ok": result.returncode == 0, "wall": float(wall), "cpu": float(user) + float(system),
            "rss": int(rss_kb) / 1024, "requests": requests, "bytes": size, "writes": writes,
            "output": result.stdout}


def main():
    tag = uuid.uuid4().hex[:8]
    collection = f"bench_{tag}"
    scratch = Path(tempfile.mkdtemp(prefix="bench-process-"))
    counts = [scratch / "directus.json", scratch / "caldav.json"]
    dav_origin, dav_path = origin(HOME_URL)
    proxies = [proxy(ENV["DIRECTUS_API_URL"], counts[0]), proxy(dav_origin, counts[1])]
    directus_url = f"http://127.0.0.1:{proxies[0][1]}"
    dav_url = f"http://127.0.0.1:{proxies[1][1]}{dav_path}"
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("DIRECTUS_", "NEXTCLOUD_"))}
    seed_calendar = f"Bench seed {tag}"
    seed_env = dict(base_env, DIRECTUS_API_URL=directus_url,
                    DIRECTUS_API_TOKEN=ENV["DIRECTUS_API_TOKEN"], DIRECTUS_COLLECTION=collection,
                    NEXTCLOUD_URL=dav_url, NEXTCLOUD_USERNAME=ENV["NEXTCLOUD_USERNAME"],
                    NEXTCLOUD_PASSWORD=ENV["NEXTCLOUD_PASSWORD"],
                    NEXTCLOUD_CALENDAR_NAME=seed_calendar)
    builds = [("event-sync", HERE / "bin" / "event-sync")]
    if os.environ.get("BENCH_RELEASE"):
        builds.append(("event-sync release", Path(os.environ["BENCH_RELEASE"]) / "bin" / "event-sync"))
    tools, calendars = [], [seed_calendar]
    for i, (name, program) in enumerate(builds):
        # Each build its own folder, state and calendar: they take turns on the same collection.
        folder = scratch / f"ours{i}"
        folder.mkdir()
        calendars.append(f"Bench ours{i} {tag}")
        (folder / ".env").write_text(
            f"DIRECTUS_API_URL={directus_url}\nDIRECTUS_API_TOKEN={ENV['DIRECTUS_API_TOKEN']}\n"
            f"DIRECTUS_COLLECTION={collection}\nNEXTCLOUD_URL={dav_url}\n"
            f"NEXTCLOUD_USERNAME={ENV['NEXTCLOUD_USERNAME']}\nNEXTCLOUD_PASSWORD={ENV['NEXTCLOUD_PASSWORD']}\n"
            f"NEXTCLOUD_CALENDAR_NAME={calendars[-1]}\nEVENT_TIMEZONE=Europe/Berlin\n"
            f"PROPOSALS_COLLECTION={collection}_changes\n")
        tools.append((name, [str(program), "--quiet"], folder, dict(base_env)))
    seed = ["/usr/bin/python3", str(SHARED / "seed_baseline.py")]
    if os.environ.get("BENCH_BASELINE", "1") != "0":
        tools.append(("seed baseline", seed, scratch, seed_env))
    rows = []
    try:
        _, program, folder, env = tools[0]
        schema = subprocess.run([program[0], "init-schema", "--quiet"],
                                cwd=folder, env=env, capture_output=True, text=True)
        if schema.returncode != 0:
            sys.exit("init-schema failed: " + schema.stdout + schema.stderr)
        seed_items(collection, N)
        for name, command, cwd, env in tools:
            rows.append((name, "1. first publish", [measure(command, cwd, env, counts, scratch)]))
        runs = {name: [] for name, _, _, _ in tools}
        for _ in range(RUNS):
            for name, command, cwd, env in tools:
                runs[name].append(measure(command, cwd, env, counts, scratch))
        for name in runs:
            rows.append((name, "2. nothing changed", runs[name]))
        # k of the N items edited in Directus: event-sync updates their calendar copies; the
        # baseline reads everything again (it never updates a published event).
        k = min(100, N)
        for i in range(1, k + 1):
            directus("PATCH", f"/items/{collection}/{i}", {"location": f"Moved {tag}"})
        for name, command, cwd, env in tools:
            rows.append((name, f"3. after {k} edits", [measure(command, cwd, env, counts, scratch)]))
    finally:
        for process, _ in proxies:
            process.terminate()
        try:
            for doomed in (f"{collection}_changes", collection):
                directus("DELETE", f"/collections/{doomed}")
        except OSError as e:
            print(f"could not delete the collection {collection}: {e}", file=sys.stderr)
        client = caldav.DAVClient(HOME_URL, username=ENV["NEXTCLOUD_USERNAME"],
                                  password=ENV["NEXTCLOUD_PASSWORD"])
        for c in client.principal().calendars():
            if c.name in calendars:
                c.delete()

    print(f"N = {N}, {SERVER}, {RUNS} runs of step 2 per tool, taking turns; medians; "
          f"{time.strftime('%Y-%m-%d')}, load {os.getloadavg()[0]:.2f}")
    print("| tool | step | runs | failed | requests | bytes | writes | wall s | CPU s | peak RSS MB |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    medians = {}
    for name, step, results in rows:
        m = {k: statistics.median(r[k] for r in results)
             for k in ("requests", "bytes", "writes", "wall", "cpu", "rss")}
        medians[(name, step)] = m
        failed = sum(not r["ok"] for r in results)
        if len(results) > 1:
            # The runs one by one: the first after a publish does more than the later ones.
            print(f"  {name}, {step}, wall of each run: "
                  + ", ".join(f"{r['wall']:.2f}" for r in results), file=sys.stderr)
        print(f"| {name} | {step} | {len(results)} | {failed} | {m['requests']:.0f} | {m['bytes']:,.0f} "
              f"| {m['writes']:.0f} | {m['wall']:.2f} | {m['cpu']:.2f} | {m['rss']:.0f} |")
        if failed:
            # The line that says what failed: an error's first line, else the output's last.
            lines = results[0]["output"].strip().splitlines() or [""]
            said = [l for l in lines if "Error" in l or "Exception" in l or "ERROR" in l]
            print(f"  {name}, {step}: " + (said[0] if said else lines[-1]), file=sys.stderr)
    for name, step, _ in rows:
        if name == "seed baseline" or ("seed baseline", step) not in medians:
            continue
        o, s = medians[(name, step)], medians[("seed baseline", step)]
        print(f"{step}: {name} / baseline wall {o['wall'] / s['wall']:.2f}x, "
              f"CPU {o['cpu'] / s['cpu']:.2f}x, RSS {o['rss'] / s['rss']:.2f}x")


if __name__ == "__main__":
    main()
