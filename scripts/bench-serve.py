#!/usr/bin/python3
"""Benchmark of `bin/event-sync serve` as users run it, on the local servers. Asserts nothing.

    scripts/bench.sh serve [N] [MINUTES]    (N approved events, default 10000; idle MINUTES, default 10)
    BENCH_CALDAV=radicale|xandikos|sabre     which calendar server (default sabre)

1. N approved events are seeded in a new Directus collection; `init-flow` makes its Flow; `serve`
   starts with POLL_INTERVAL=PT30S and publishes them (its first run).
2. Latency: 20 times, an item is approved in Directus (PATCH through the API) and the time until
   its object answers in the calendar is taken (GET, every 20 ms). Median and max.
3. Idle cost: nothing changes for MINUTES; the process's CPU time (/proc) over that time as a share
   of one core, and its heap after a full collection (jcmd GC.heap_info) at the start and end.
Everything it made (Flow, collection, calendar) is deleted at the end.
"""
import os
import re
import signal
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

from bench_common import ENV, HERE, calendar_home, directus, free_port, seed

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
MINUTES = float(sys.argv[2]) if len(sys.argv) > 2 else 10
SERVER = os.environ.get("BENCH_CALDAV", "sabre")
HOME_URL = calendar_home(SERVER)
APPROVALS = 20
TICKS = os.sysconf("SC_CLK_TCK")


def get(url, auth=None):
    request = urllib.request.Request(url)
    if auth:
        request.add_header("Authorization", auth)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, ""
    except OSError:
        return 0, ""


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def heap_used_mb(pid):
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True)
    out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True).stdout
    used = re.findall(r"used (\d+)K", out)
    return sum(int(u) for u in used[:2]) / 1024 if used else float("nan")


def java_pid(wrapper):
    """The JVM bin/event-sync started (the wrapper execs java, so usually the same pid)."""
    for _ in range(50):
        out = subprocess.run(["pgrep", "-f", "-P", str(wrapper), "event-sync.jar"],
                             capture_output=True, text=True).stdout.split()
        if out:
            return int(out[0])
        if "event-sync.jar" in Path(f"/proc/{wrapper}/cmdline").read_text(errors="replace"):
            return wrapper
        time.sleep(0.1)
    return wrapper


def main():
    tag = uuid.uuid4().hex[:8]
    collection = f"bench_serve_{tag}"
    name = f"Bench serve {tag}"
    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    port = free_port()
    secret = uuid.uuid4().hex + uuid.uuid4().hex
    (work / ".env").write_text(
        f"DIRECTUS_API_URL={ENV['DIRECTUS_API_URL']}\nDIRECTUS_API_TOKEN={ENV['DIRECTUS_API_TOKEN']}\n"
        f"DIRECTUS_COLLECTION={collection}\nNEXTCLOUD_URL={HOME_URL}\n"
        f"NEXTCLOUD_USERNAME={ENV['NEXTCLOUD_USERNAME']}\nNEXTCLOUD_PASSWORD={ENV['NEXTCLOUD_PASSWORD']}\n"
        f"NEXTCLOUD_CALENDAR_NAME={name}\nEVENT_TIMEZONE=Europe/Berlin\n"
        f"PROPOSALS_COLLECTION={collection}_changes\n"
        f"SERVE_ADDRESS=127.0.0.1:{port}\nSERVE_WEBHOOK_SECRET={secret}\nPOLL_INTERVAL=PT30S\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIRECTUS_", "NEXTCLOUD_", "SERVE_"))}
    tool = str(HERE / "bin" / "event-sync")
    base = f"http://127.0.0.1:{port}"
    host = urllib.parse.urlsplit(ENV["DIRECTUS_API_URL"]).hostname
    calendar_url = HOME_URL + re.sub(r"^-|-$", "", re.sub(r"[^a-z0-9]+", "-", name.lower())) + "/"
    auth = "Basic " + __import__("base64").b64encode(
        f"{ENV['NEXTCLOUD_USERNAME']}:{ENV['NEXTCLOUD_PASSWORD']}".encode()).decode()
    serve = None
    rows = []
    try:
        for command in (["init-schema"], ["init-flow"]):
            if command == ["init-flow"]:
                seed(collection, N)  # first: the Flow would run for each seeded item
            done = subprocess.run([tool, *command, "--quiet"], cwd=work, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                sys.exit(f"{command[0]} failed: {done.stdout}{done.stderr}")
        started = time.monotonic()
        serve = subprocess.Popen([tool, "serve", "--quiet"], cwd=work, env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while get(base + "/readyz")[0] != 200:
            if serve.poll() is not None:
                sys.exit("serve exited; see " + str(work / "logs" / "sync.log"))
            time.sleep(0.2)
        rows.append(("first run: publish of N", f"{time.monotonic() - started:.1f} s wall"))
        pid = java_pid(serve.pid)

        latencies = []
        for i in range(APPROVALS):
            item = directus("POST", f"/items/{collection}",
                            {"title": f"Approval {i}", "start_date": "2027-06-01T10:00:00",
                             "approved": False})["data"]["id"]
            time.sleep(1.5)  # the creation's own run ends before the approval
            href = f"{calendar_url}{collection}-{item}@{host}.directus.ics"
            t0 = time.monotonic()
            directus("PATCH", f"/items/{collection}/{item}", {"approved": True})
            while get(href, auth)[0] != 200:
                if time.monotonic() - t0 > 60:
                    break
                time.sleep(0.02)
            latencies.append(time.monotonic() - t0)
        rows.append((f"approval to calendar, {APPROVALS} approvals",
                     f"median {statistics.median(latencies):.2f} s, max {max(latencies):.2f} s"))

        time.sleep(35)  # the approvals' last poll goes by
        heap0, cpu0, t0 = heap_used_mb(pid), cpu_seconds(pid), time.monotonic()
        rss0 = rss_mb(pid)
        time.sleep(MINUTES * 60)
        cpu1, t1 = cpu_seconds(pid), time.monotonic()
        heap1, rss1 = heap_used_mb(pid), rss_mb(pid)
        _, metrics = get(base + "/metrics")
        runs = sum(float(l.rsplit(" ", 1)[1]) for l in metrics.splitlines()
                   if l.startswith("event_sync_runs_total{"))
        rows.append((f"idle {MINUTES:g} min, POLL_INTERVAL=PT30S",
                     f"CPU {100 * (cpu1 - cpu0) / (t1 - t0):.2f} % of a core "
                     f"({cpu1 - cpu0:.1f} s over {t1 - t0:.0f} s)"))
        rows.append(("heap after a full GC, idle start -> end", f"{heap0:.0f} MB -> {heap1:.0f} MB"))
        rows.append(("resident memory, idle start -> end", f"{rss0:.0f} MB -> {rss1:.0f} MB"))
        rows.append(("runs in all (start, Flow calls, polls)", f"{runs:.0f}"))
    finally:
        if serve and serve.poll() is None:
            serve.send_signal(signal.SIGTERM)
            serve.wait(60)
        flows = directus("GET", "/flows?fields=id&filter[name][_eq]=event-sync:%20" + collection)
        for flow in (flows or {}).get("data", []):
            directus("DELETE", f"/flows/{flow['id']}")
        for doomed in (f"{collection}_changes", collection):
            directus("DELETE", f"/collections/{doomed}")
        client = caldav.DAVClient(HOME_URL, username=ENV["NEXTCLOUD_USERNAME"],
                                  password=ENV["NEXTCLOUD_PASSWORD"])
        for c in client.principal().calendars():
            if c.name == name:
                c.delete()

    print(f"event-sync serve, N = {N}, {SERVER}, {time.strftime('%Y-%m-%d %H:%M')}, "
          f"load {os.getloadavg()[0]:.2f}")
    print("| what | measured |")
    print("|---|---|")
    for what, value in rows:
        print(f"| {what} | {value} |")


if __name__ == "__main__":
    main()
