#!/usr/bin/env bash
# CI: the PostgreSQL store against a real server. Installs PostgreSQL if it is
# missing (Debian's package), starts a throwaway cluster in a temp dir as the
# `postgres` user on a loopback port, exports DATABASE_URL and runs the
# postgres tests (which skip only when DATABASE_URL is absent), then stops it.
#
# `tools/ci-postgres.sh bench` instead runs the loopback benchmark
# (webhook/benches/loopback.rs) against the same kind of server with fsync ON
# (the tests turn it off for speed; a figure without fsync would flatter
# PostgreSQL against SQLite's synchronous=FULL).
set -euo pipefail
mode=${1:-test}
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "PostgreSQL not installed: apt-get install -y postgresql"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
echo "PostgreSQL: $("$bindir/postgres" --version)"

# The server refuses to run as root: the cluster belongs to `postgres`.
run_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

dir=$(mktemp -d /tmp/alipay-pg.XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres "$dir"
# A free loopback port.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

cleanup() {
    run_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT

run_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
run_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir $([ "$mode" = bench ] || echo '-c fsync=off')" start
run_pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres alipay_test

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/alipay_test"
echo "DATABASE_URL=$DATABASE_URL"
if [ "$mode" = bench ]; then
    cargo bench --locked -p alipay-webhook --features axum,sqlite,postgres --bench loopback
    exit 0
fi
cargo test --locked -p alipay-webhook --features postgres --test postgres -- --nocapture
# Two instances of the example binary share the database.
cargo test --locked -p merchant-webhook --test binary two_instances -- --nocapture
