#!/usr/bin/env bash
# The reader pages over HTTP beside the two anchors of ../shared/perf/side-by-side.sh, with the
# page cache on, then off (DJANGO_PAGE_CACHE=0). `make bench-pages-http` runs it.
#
#   bench/pages-http.sh            build the database if missing, measure both modes
#   MODES=uncached bench/pages-http.sh    only one mode (cached | uncached)
#   REBUILD=1 ...                  rebuild the database first
#   REPEATS=1 ...                  fewer wrk runs per page (side-by-side.sh's default is 3)
#
# The site runs as production does: gunicorn -w 2 -k sync, DJANGO_DEBUG unset, after
# collectstatic, on a scratch SQLite database (BENCH_DIR/site.sqlite3) holding the demo story,
# `synth --sources 10000` and `detect_reuse`; the HTTPS redirect is off
# (DJANGO_SECURE_SSL_REDIRECT=0) since wrk speaks plain HTTP. The page cache lives in its own
# folder (BENCH_DIR/cache), emptied before each mode. Also prints each page's size and its
# gzipped size (what a CDN or proxy in front sends). Writes only under BENCH_DIR (default
# /tmp/perf), PERF_WORK (the anchors, default /tmp/perf-anchor) and the worktree's staticfiles/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PY:-$ROOT/.venv/bin/python}
GUNICORN=${GUNICORN:-$ROOT/.venv/bin/gunicorn}
DIR=${BENCH_DIR:-/tmp/perf}
PORT=${BENCH_PORT:-8020}
SOURCES=${SOURCES:-10000}
MODES=${MODES:-"cached uncached"}
SIDE_BY_SIDE=${SIDE_BY_SIDE:-$ROOT/../shared/perf/side-by-side.sh}
export PERF_WORK=${PERF_WORK:-/tmp/perf-anchor}
export DATABASE_URL="sqlite:///$DIR/site.sqlite3"
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-bench-$(date +%s)-not-a-production-key-0123456789abcdef}
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=0
export CACHE_URL="file://$DIR/cache"
unset DJANGO_DEBUG DJANGO_PAGE_CACHE
mkdir -p "$DIR"

if [ -n "${REBUILD:-}" ] || [ ! -f "$DIR/site.sqlite3" ]; then
  rm -f "$DIR"/site.sqlite3*
  "$PY" manage.py migrate --noinput -v0
  "$PY" manage.py load_story
  "$PY" manage.py synth --sources "$SOURCES"
  "$PY" manage.py detect_reuse
fi
"$PY" manage.py migrate --noinput -v0  # a database built before a new migration
"$PY" manage.py collectstatic --noinput -v0
mapfile -t PATHS < <("$PY" manage.py bench_pages --http-paths)

GPID=""
trap '[ -n "$GPID" ] && kill "$GPID" 2>/dev/null; true' EXIT
serve() {  # extra environment for the site, e.g. DJANGO_PAGE_CACHE=0
  rm -rf "$DIR/cache"
  env "$@" "$GUNICORN" newsroom.wsgi:application -w 2 -k sync -b "127.0.0.1:$PORT" \
    --no-control-socket >>"$DIR/gunicorn.log" 2>&1 &
  GPID=$!
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && return 0; sleep 0.2; done
  echo "the site did not answer on port $PORT (see $DIR/gunicorn.log)"; exit 1
}
stop() { kill "$GPID"; wait "$GPID" 2>/dev/null || true; GPID=""; }

echo "date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(uname -sr)"
for mode in $MODES; do
  case $mode in
    cached) serve DJANGO_PAGE_CACHE=1 ;;
    uncached) serve DJANGO_PAGE_CACHE=0 ;;
    *) echo "unknown mode $mode"; exit 2 ;;
  esac
  echo; echo "## $mode"; echo
  echo "| page | bytes | gzip -6 bytes |"; echo "|---|---|---|"
  for p in "${PATHS[@]}"; do
    curl -s -o "$DIR/page.out" "http://127.0.0.1:$PORT$p"
    echo "| $p | $(wc -c <"$DIR/page.out") | $(gzip -6 -c "$DIR/page.out" | wc -c) |"
  done
  "$SIDE_BY_SIDE" "http://127.0.0.1:$PORT" "${PATHS[@]}" | sed -n '/^| page | req\/s/,$p'
  stop
done
