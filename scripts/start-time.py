#!/usr/bin/env python3
"""CLI start-up: seconds from starting bin/event-sync to its first HTTP request.

A listener on 127.0.0.1 stands in for both servers; it takes the first connection, answers 401
(so the run ends at once with exit 3) and notes the time. Prints each round and the median.
Usage: scripts/start-time.py [--command PATH] [ROUNDS] [extra JVM options for EVENT_SYNC_JAVA_OPTS]
--command: the event-sync to start (default: this checkout's bin/event-sync; give an unpacked
release's bin/event-sync to time the release).
"""
import os, socket, statistics, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
args = sys.argv[1:]
command = os.path.join(here, "bin", "event-sync")
if args[:1] == ["--command"]:
    command, args = os.path.abspath(args[1]), args[2:]
rounds = int(args[0]) if args else 7
java_opts = " ".join(args[1:])

listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(4)
listener.settimeout(30)
url = "http://127.0.0.1:%d" % listener.getsockname()[1]
env = {k: v for k, v in os.environ.items() if not k.startswith(("DIRECTUS_", "NEXTCLOUD_"))}
env.update(DIRECTUS_API_URL=url, DIRECTUS_API_TOKEN="start-time-token",
           NEXTCLOUD_URL=url + "/dav/", NEXTCLOUD_USERNAME="u", NEXTCLOUD_PASSWORD="p",
           EVENT_SYNC_JAVA_OPTS=java_opts)
times = []
with tempfile.TemporaryDirectory() as work:
    env.update(EVENT_SYNC_LOGS=os.path.join(work, "logs"),
               EVENT_SYNC_STATE_FILE=os.path.join(work, "state.json"))
    for i in range(rounds):
        started = time.monotonic()
        cli = subprocess.Popen([command, "--quiet"], cwd=work,
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        conn, _ = listener.accept()
        first = time.monotonic() - started
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        conn.close()
        # Any further connection of this run is answered the same way until it exits.
        listener.settimeout(0.2)
        while cli.poll() is None:
            try:
                extra, _ = listener.accept()
                extra.recv(65536)
                extra.sendall(b"HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                extra.close()
            except socket.timeout:
                pass
        listener.settimeout(30)
        times.append(first)
        print("round %d: first request after %.3f s (exit %d)" % (i + 1, first, cli.returncode))
print("CLI start to first request (%s): median %.3f s, min %.3f s, max %.3f s over %d rounds%s"
      % (command, statistics.median(times), min(times), max(times), rounds,
         (" with " + java_opts) if java_opts else ""))
