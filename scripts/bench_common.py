"""What the whole-process benchmarks share: the local servers' settings, Directus requests, ports."""
import json
import socket
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
SHARED = HERE.parent / "shared" / "bench"


def servers_env():
    values = {}
    for line in (HERE / ".servers" / "servers.env").read_text().splitlines():
        if "=" in line:
            key, value = line.split("=", 1)
            values[key] = value
    return values


ENV = servers_env()


def calendar_home(server):
    return {"radicale": ENV["NEXTCLOUD_URL"], "xandikos": ENV["XANDIKOS_URL"],
            "sabre": ENV["SABRE_URL"]}[server]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def directus(method, path, body=None):
    """One request to the local Directus as its admin; returns the parsed answer (or None)."""
    request = urllib.request.Request(
        ENV["DIRECTUS_API_URL"] + path, method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": "Bearer " + ENV["DIRECTUS_API_TOKEN"],
                 "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        text = response.read()
        return json.loads(text) if text else None


def seed(collection, n, approved=True):
    """n events in the collection, 500 per request."""
    for start in range(0, n, 500):
        directus("POST", f"/items/{collection}", [
            {"title": f"Bench event {i}", "start_date": f"2027-{1 + i % 12:02d}-{1 + i % 28:02d}T"
             f"{8 + i % 10:02d}:00:00", "end_date": f"2027-{1 + i % 12:02d}-{1 + i % 28:02d}T"
             f"{9 + i % 10:02d}:00:00", "location": f"Room {i % 7}", "approved": approved}
            for i in range(start, min(n, start + 500))])
