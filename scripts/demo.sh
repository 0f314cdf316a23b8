#!/usr/bin/env bash
# The main job, on local real servers: starts the servers of scripts/test-servers.sh on 127.0.0.1,
# creates the events collection 'demo_events' in Directus, seeds events on both sides, runs the sync
# against Directus and Radicale (publish, import, nothing left; then a calendar edit proposed to
# the moderators and accepted) and shows what the calendar and Directus hold. Leaves the servers running (stop: scripts/test-servers.sh stop).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
[ -f app-cli/target/event-sync.jar ] || mvn -B -q -DskipTests package
scripts/test-servers.sh start >/dev/null
demo=.servers/demo
mkdir -p "$demo"
# shellcheck disable=SC1091
source .servers/servers.env
cat > "$demo/.env" <<ENV
DIRECTUS_API_URL=$DIRECTUS_API_URL
DIRECTUS_API_TOKEN=$DIRECTUS_API_TOKEN
DIRECTUS_COLLECTION=demo_events
NEXTCLOUD_URL=$NEXTCLOUD_URL
NEXTCLOUD_USERNAME=$NEXTCLOUD_USERNAME
NEXTCLOUD_PASSWORD=$NEXTCLOUD_PASSWORD
NEXTCLOUD_CALENDAR_NAME=Community Events
EVENT_TIMEZONE=Europe/Berlin
EVENT_SYNC_STATE_FILE=state/demo-state.json
PROPOSALS_COLLECTION=demo_event_changes
ENV
sync() { (cd "$demo" && EVENT_SYNC_LOGS=logs "$here/bin/event-sync" "$@"); }
api() { curl -sf -H "Authorization: Bearer $DIRECTUS_API_TOKEN" -H 'Content-Type: application/json' "$@"; }
calendar="${NEXTCLOUD_URL}community-events/"
dav() { curl -sf -u "$NEXTCLOUD_USERNAME:$NEXTCLOUD_PASSWORD" "$@"; }

# Every demo starts afresh: no demo collection, no demo calendar, no state.
api -X DELETE "$DIRECTUS_API_URL/collections/demo_event_changes" -o /dev/null 2>/dev/null || true
api -X DELETE "$DIRECTUS_API_URL/collections/demo_events" -o /dev/null 2>/dev/null || true
dav -X DELETE "$calendar" -o /dev/null 2>/dev/null || true
rm -rf "$demo/state"

echo "== init-schema: creates the Directus collections 'demo_events' and 'demo_event_changes'"
sync init-schema

echo "== seeding Directus: two approved events, one awaiting moderation"
api -X POST "$DIRECTUS_API_URL/items/demo_events" -o /dev/null -d '[
    {"title":"Repair café","start_date":"2026-12-05T14:00:00","end_date":"2026-12-05T17:00:00",
     "location":"Community centre","organizer":"Jane Doe <jane@example.org>","cost":"free",
     "category":"Workshop","website":"https://example.org/repair","approved":true,
     "description":"Bring broken things; we fix them together."},
    {"title":"Winter market","start_date":"2026-12-12T00:00:00","end_date":"2026-12-13T00:00:00",
     "all_day":true,"location":"Market square","category":"Market","approved":true},
    {"title":"Board meeting (draft)","start_date":"2026-12-08T19:00:00","approved":false}]'


echo "== first sync: creates the calendar, publishes the approved events"
sync --sync-once

echo "== someone adds an event in the calendar"
printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//demo//EN\r\nBEGIN:VEVENT\r\nUID:choir-2026-12-10@demo\r\nDTSTAMP:20261101T000000Z\r\nDTSTART;TZID=Europe/Berlin:20261210T190000\r\nDTEND;TZID=Europe/Berlin:20261210T210000\r\nSUMMARY:Choir rehearsal\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' \
  | dav -X PUT -H 'Content-Type: text/calendar' --data-binary @- "${calendar}choir.ics" -o /dev/null || true

echo "== second sync: imports it into Directus as not approved"
sync

echo "== third sync: nothing left to do"
sync

echo "== someone moves the Repair café to another room in the calendar"
python3 - "$calendar" "$NEXTCLOUD_USERNAME" "$NEXTCLOUD_PASSWORD" <<'PY'
import base64, re, sys, urllib.parse, urllib.request
url, user, password = sys.argv[1:]
auth = {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}
query = (b'<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop>'
         b'<d:getetag/><c:calendar-data/></d:prop><c:filter><c:comp-filter name="VCALENDAR"/>'
         b'</c:filter></c:calendar-query>')
listing = urllib.request.urlopen(urllib.request.Request(url, query, method="REPORT", headers=dict(
    auth, **{"Depth": "1", "Content-Type": "application/xml"}))).read().decode()
for href, etag, data in re.findall(r"<[^>]*href>([^<]+)</[^>]*href>.*?getetag>([^<]+)<.*?"
                                   r"calendar-data[^>]*>([^<]+)<", listing, re.S):
    if "SUMMARY:Repair caf" in data:
        moved = data.replace("&#13;", "\r").replace("LOCATION:Community centre", "LOCATION:Hall B")
        urllib.request.urlopen(urllib.request.Request(
            urllib.parse.urljoin(url, href), moved.encode(), method="PUT", headers=dict(
                auth, **{"Content-Type": "text/calendar", "If-Match": etag.replace("&quot;", '"')})))
PY

echo "== fourth sync: the move becomes a proposal in Directus; the calendar shows the approved room"
sync
api "$DIRECTUS_API_URL/items/demo_event_changes?fields=id,status,summary" \
  | python3 -c 'import json,sys; [print("   proposal #%s %s: %s" % (p["id"], p["status"], p["summary"])) for p in json.load(sys.stdin)["data"]]'

echo "== a moderator accepts it in Directus (status: accepted)"
api -X PATCH "$DIRECTUS_API_URL/items/demo_event_changes/1" -d '{"status":"accepted"}' -o /dev/null

echo "== fifth sync: the item takes the new room, and the calendar shows it"
sync

echo "== the calendar now holds:"
dav -X REPORT -H 'Depth: 1' -H 'Content-Type: application/xml' "$calendar" \
  --data '<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><c:calendar-data/></d:prop><c:filter><c:comp-filter name="VCALENDAR"/></c:filter></c:calendar-query>' \
  | tr -d '\r' | awk '/^BEGIN:VEVENT/{e=1} /^END:VEVENT/{e=0; print "   " s "  (" d ")"} e && /^SUMMARY/{sub(/^[^:]*:/,""); s=$0} e && /^DTSTART/{d=$0}'
echo "== Directus now holds:"
api "$DIRECTUS_API_URL/items/demo_events?fields=id,title,location,approved,ical_uid&sort=id" \
  | python3 -c 'import json,sys; [print("   #%s %-24s %-17s approved=%-5s %s" % (i["id"], i["title"], i["location"] or "", bool(i["approved"]), "(from the calendar)" if i["ical_uid"] else "")) for i in json.load(sys.stdin)["data"]]'
echo "Done. Logs: $demo/logs/sync.log. Servers keep running; stop them with scripts/test-servers.sh stop"
