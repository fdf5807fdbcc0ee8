# Sourced by .ci/run (and usable by hand: `. .ci/postgres.sh` in the shell that runs Maven).
#
# Starts a private, throw-away PostgreSQL cluster for the pfms-store tests and exports where it is:
#   PFMS_PG_URL       jdbc:postgresql://127.0.0.1:<port>/pfms
#   PFMS_PG_USER      pfms
#   PFMS_PG_PASSWORD  a random password made for this run
# The cluster lives in a temporary directory, listens on a free loopback port (and a unix socket in
# that directory, readable only by its owner), and is stopped and deleted when the sourcing shell
# exits. Debian's postgresql is installed when no server is present. PostgreSQL refuses to run as
# root, so as root the cluster runs as the 'postgres' user the Debian package creates (or a
# 'pfms-pg' system user when that one is missing).
#
# Tests that need PostgreSQL skip when PFMS_PG_URL is absent, except under CI=true, where they fail.

pfms_pg_bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

pfms_pg_start() {
  local bindir
  if ! bindir=$(pfms_pg_bindir); then
    echo "postgres.sh: installing Debian's postgresql" >&2
    if [ "$(id -u)" = 0 ]; then
      (apt-get -o DPkg::Lock::Timeout=600 update -qq \
        && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq postgresql >/dev/null) \
        || { echo "postgres.sh: could not install postgresql" >&2; return 1; }
    else
      echo "postgres.sh: no PostgreSQL server found and not root: install Debian's postgresql" >&2
      return 1
    fi
    # The Debian package starts its own cluster on 5432; ours does not need it.
    (command -v pg_ctlcluster >/dev/null && for c in /etc/postgresql/*/main; do
      [ -d "$c" ] && pg_ctlcluster "$(basename "$(dirname "$c")")" main stop 2>/dev/null; done) || true
    bindir=$(pfms_pg_bindir) || { echo "postgres.sh: initdb not found after install" >&2; return 1; }
  fi

  local run=()
  PFMS_PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/pfms-pg.XXXXXX")
  if [ "$(id -u)" = 0 ]; then
    local user=postgres
    if ! id "$user" >/dev/null 2>&1; then
      user=pfms-pg
      id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
    fi
    chown "$user" "$PFMS_PG_DIR"
    run=(runuser -u "$user" --)
  fi
  chmod 700 "$PFMS_PG_DIR"

  PFMS_PG_PASSWORD=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
  printf '%s\n' "$PFMS_PG_PASSWORD" > "$PFMS_PG_DIR/pw"
  [ ${#run[@]} -gt 0 ] && chown "${run[2]}" "$PFMS_PG_DIR/pw"
  chmod 600 "$PFMS_PG_DIR/pw"
  "${run[@]}" "$bindir/initdb" -D "$PFMS_PG_DIR/data" -U pfms --pwfile="$PFMS_PG_DIR/pw" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync >"$PFMS_PG_DIR/initdb.log" 2>&1 \
    || { cat "$PFMS_PG_DIR/initdb.log" >&2; return 1; }
  rm -f "$PFMS_PG_DIR/pw"

  local port tries=0
  while :; do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    if "${run[@]}" "$bindir/pg_ctl" -D "$PFMS_PG_DIR/data" -l "$PFMS_PG_DIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$PFMS_PG_DIR -c fsync=off -c max_connections=60" \
        start >/dev/null 2>&1; then
      break
    fi
    tries=$((tries + 1))
    if [ $tries -ge 5 ]; then
      echo "postgres.sh: the cluster did not start:" >&2; tail -n 20 "$PFMS_PG_DIR/server.log" >&2; return 1
    fi
  done
  PFMS_PG_BIN=$bindir
  PFMS_PG_RUN=("${run[@]}")
  "${run[@]}" "$bindir/createdb" -h "$PFMS_PG_DIR" -p "$port" -U pfms pfms \
    || { echo "postgres.sh: createdb failed" >&2; return 1; }

  export PFMS_PG_URL="jdbc:postgresql://127.0.0.1:$port/pfms"
  export PFMS_PG_USER=pfms
  export PFMS_PG_PASSWORD
  echo "postgres.sh: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') at $PFMS_PG_URL (data in $PFMS_PG_DIR)" >&2
}

pfms_pg_stop() {
  if [ -n "${PFMS_PG_DIR:-}" ] && [ -d "$PFMS_PG_DIR/data" ]; then
    "${PFMS_PG_RUN[@]}" "$PFMS_PG_BIN/pg_ctl" -D "$PFMS_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  [ -n "${PFMS_PG_DIR:-}" ] && rm -rf "$PFMS_PG_DIR"
  PFMS_PG_DIR=
}

if pfms_pg_start; then
  trap pfms_pg_stop EXIT
else
  pfms_pg_stop
  echo "postgres.sh: PostgreSQL is not available; the PostgreSQL store tests skip (and fail under CI=true)" >&2
fi
