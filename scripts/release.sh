#!/usr/bin/env bash
# Builds the release into dist/: event-sync-VERSION-linux-x64.tar.gz (a Java runtime made by jlink
# with only the modules the jars need, the jars, bin/event-sync, the ahead-of-time cache trained on
# a real sync run, .env.example, the systemd units, the licences, VERSION), its .sha256, and
# event-sync_VERSION_amd64.deb from the same tree. The machine that unpacks or installs it needs no
# Java and no Maven.
#
# Maven builds the jars (Java 17 class files) with the JDK it runs on; the runtime is linked from a
# JDK 25 or later (RELEASE_JAVA_HOME, else the newest under /usr/lib/jvm): its ahead-of-time cache
# (JEP 483, 514, 515) is made here and maps wherever the folder is unpacked, where Java 17's
# archive maps only at the paths it was made at (docs/performance.md, "The release").
#
#   scripts/release.sh                        the whole release: mvn -Prelease package, which calls
#   scripts/release.sh assemble VERSION APP_JAR LIB_DIR    (Maven's release profile, app-cli/pom.xml)
#   scripts/release.sh deb IMAGE DEB_VERSION OUT.deb       a .deb of an unpacked release
#
# The cache is trained against the local servers of scripts/test-servers.sh (started when
# they are not running): a throwaway collection and calendar, deleted afterwards.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
log() { printf '[release] %s\n' "$*" >&2; }

# jdeps names what the jars use (on Java 25 the elliptic-curve provider that most https servers'
# certificates need is in java.base, not the empty jdk.crypto.ec).
runtime_modules() {
  "$jdk/bin/jdeps" -q --ignore-missing-deps --multi-release 17 --print-module-deps "$1"/*.jar
}

# Runs the unpacked release as a person would: init-schema, then the training run, a sync that
# publishes two events and makes the proposals collection, which writes the cache; then a run with
# nothing changed that must use it.
train() {
  local image=$1 cache=$2 work
  work=$(mktemp -d)
  "$here/scripts/test-servers.sh" start >/dev/null
  # shellcheck disable=SC1091
  source "$here/.servers/servers.env"
  local collection=release_training_events calendar_name="Release training"
  local calendar="${NEXTCLOUD_URL}release-training/"
  cat >"$work/.env" <<ENV
DIRECTUS_API_URL=$DIRECTUS_API_URL
DIRECTUS_API_TOKEN=$DIRECTUS_API_TOKEN
DIRECTUS_COLLECTION=$collection
PROPOSALS_COLLECTION=release_training_changes
NEXTCLOUD_URL=$NEXTCLOUD_URL
NEXTCLOUD_USERNAME=$NEXTCLOUD_USERNAME
NEXTCLOUD_PASSWORD=$NEXTCLOUD_PASSWORD
NEXTCLOUD_CALENDAR_NAME=$calendar_name
EVENT_TIMEZONE=Europe/Berlin
ENV
  chmod 600 "$work/.env"
  api() { curl -sf -H "Authorization: Bearer $DIRECTUS_API_TOKEN" -H 'Content-Type: application/json' "$@"; }
  forget() {
    api -X DELETE "$DIRECTUS_API_URL/collections/release_training_changes" -o /dev/null 2>/dev/null || true
    api -X DELETE "$DIRECTUS_API_URL/collections/$collection" -o /dev/null 2>/dev/null || true
    curl -sf -u "$NEXTCLOUD_USERNAME:$NEXTCLOUD_PASSWORD" -X DELETE "$calendar" -o /dev/null 2>/dev/null || true
  }
  forget
  (cd "$work" && "$image/bin/event-sync" init-schema --quiet)
  api -X POST "$DIRECTUS_API_URL/items/$collection" -o /dev/null -d '[
    {"title":"Training one","start_date":"2026-12-05T14:00:00","end_date":"2026-12-05T17:00:00","approved":true},
    {"title":"Training two","start_date":"2026-12-12T00:00:00","end_date":"2026-12-13T00:00:00","all_day":true,"approved":true}]'
  # Java assembles the cache in a second process when the run ends, and says so on its output.
  (cd "$work" && EVENT_SYNC_CDS=off EVENT_SYNC_JAVA_OPTS="-XX:AOTCacheOutput=$cache" \
    "$image/bin/event-sync" --sync-once --quiet) >"$work/training.out" 2>&1 \
    || { cat "$work/training.out" >&2; forget; log "the training run failed"; exit 1; }
  [ -s "$cache" ] || { cat "$work/training.out" >&2; forget; log "the training run wrote no cache"; exit 1; }
  # The cache must be taken by the next run, or the release would start slowly everywhere.
  (cd "$work" && EVENT_SYNC_JAVA_OPTS="-XX:AOTMode=on -Xlog:aot=error" "$image/bin/event-sync" --sync-once --quiet) \
    || { forget; log "the ahead-of-time cache does not map"; exit 1; }
  forget
  rm -rf "$work"
  log "trained $(du -h "$cache" | cut -f1) of ahead-of-time cache on a real sync run"
}

assemble() {
  local version=$1 app_jar=$2 lib=$3
  local name=event-sync-$version-linux-x64 dist=$here/dist
  local image=$dist/$name/event-sync-$version
  rm -rf "${dist:?}/$name" "$dist/$name.tar.gz" "$dist/$name.tar.gz.sha256"
  mkdir -p "$image/bin" "$image/lib" "$image/systemd" "$image/docs"
  cp "$lib"/*.jar "$image/lib/"
  cp "$app_jar" "$image/lib/"
  (cd "$image/lib" && ls -- *.jar) >"$image/lib/classpath"
  local modules
  modules=$(runtime_modules "$image/lib")
  log "jlink: $modules"
  "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --output "$image/runtime"
  cp "$here/bin/event-sync" "$here/bin/setting" "$image/bin/"
  cp "$here/.env.example" "$here/LICENSE" "$here/README.md" "$image/"
  cp "$(dirname "$lib")/THIRD-PARTY.txt" "$image/"
  printf '\nThe Java runtime in runtime/ is OpenJDK, under the GNU GPL v2 with the Classpath Exception: runtime/legal/ holds its notices.\n' >>"$image/THIRD-PARTY.txt"
  cp "$here"/packaging/systemd/* "$image/systemd/"
  cp "$here"/docs/*.md "$image/docs/"
  printf '%s\n' "$version" >"$image/VERSION"
  train "$image" "$image/lib/event-sync.aot"
  tar -C "$dist/$name" --owner=0 --group=0 --numeric-owner -czf "$dist/$name.tar.gz" "event-sync-$version"
  (cd "$dist" && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")
  log "$dist/$name.tar.gz ($(du -h "$dist/$name.tar.gz" | cut -f1))"
  # Successive builds of one snapshot install over each other: the commit's time orders them.
  local deb_version=${version/-SNAPSHOT/\~snapshot}
  if [[ $version == *-SNAPSHOT ]] && git -C "$here" rev-parse HEAD >/dev/null 2>&1; then
    deb_version+=.$(git -C "$here" log -1 --format=%cd --date=format-local:%Y%m%d%H%M%S)
  fi
  # One package in dist/, this build's: an older one beside it would be picked up by mistake.
  rm -f "$dist"/event-sync_*_amd64.deb
  deb "$image" "$deb_version" "$dist/event-sync_${deb_version}_amd64.deb"
}

deb() {
  local image=$1 deb_version=$2 out=$3 root
  root=$(mktemp -d)
  mkdir -p "$root/opt" "$root/usr/bin" "$root/lib/systemd/system" "$root/usr/share/doc/event-sync" "$root/DEBIAN"
  cp -a "$image" "$root/opt/event-sync"
  install -m 755 "$here/packaging/deb/event-sync" "$root/usr/bin/event-sync"
  install -m 644 "$here"/packaging/systemd/* "$root/lib/systemd/system/"
  install -m 644 "$here/LICENSE" "$root/usr/share/doc/event-sync/copyright"
  install -m 755 "$here"/packaging/deb/postinst "$here"/packaging/deb/prerm "$here"/packaging/deb/postrm "$root/DEBIAN/"
  cat >"$root/DEBIAN/control" <<CONTROL
Package: event-sync
Version: $deb_version
Architecture: amd64
Section: net
Priority: optional
Maintainer: event-sync developers <event-sync@localhost>
Depends: libc6, libgcc-s1, libstdc++6, zlib1g, passwd, util-linux
Installed-Size: $(du -sk "$root" | cut -f1)
Description: two-way sync of a Directus events collection and a Nextcloud calendar
 Moderators approve events in Directus and they appear in a shared CalDAV calendar;
 events people add to the calendar reach Directus for moderation. Brings its own
 Java runtime. Settings: /etc/event-sync/.env; state: /var/lib/event-sync.
CONTROL
  dpkg-deb --root-owner-group -Zgzip --build "$root" "$out" >/dev/null
  rm -rf "$root"
  log "$out"
}

# The JDK the runtime is linked from: RELEASE_JAVA_HOME, else the newest JDK 25 or later there.
release_jdk() {
  local candidate best= best_feature=0 feature
  for candidate in ${RELEASE_JAVA_HOME:-/usr/lib/jvm/*}; do
    [ -x "$candidate/bin/jlink" ] || continue
    feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$candidate/release" 2>/dev/null)
    if [ "${feature:-0}" -ge 25 ] && [ "$feature" -gt "$best_feature" ]; then
      best=$candidate best_feature=$feature
    fi
  done
  [ -n "$best" ] || { log "no JDK 25 or later with jlink in ${RELEASE_JAVA_HOME:-/usr/lib/jvm}: set RELEASE_JAVA_HOME to one"; exit 1; }
  printf '%s\n' "$best"
}

case ${1:-build} in
  build)
    jdk=$(release_jdk)
    log "runtime from $jdk"
    command -v dpkg-deb >/dev/null || { log "dpkg-deb is missing: apt-get install dpkg"; exit 1; }
    cd "$here" && exec mvn -B -q -DskipTests -Prelease package -pl app-cli -am ;;
  assemble) shift; jdk=$(release_jdk); assemble "$@" ;;
  deb) shift; deb "$@" ;;
  *) echo "usage: scripts/release.sh [assemble VERSION APP_JAR LIB_DIR | deb IMAGE DEB_VERSION OUT.deb]" >&2; exit 2 ;;
esac
