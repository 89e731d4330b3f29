#!/usr/bin/env bash
# Issue 15: schemathesis fuzzes the JSON API of a live gunicorn server with the app's own
# OpenAPI document (/api/openapi.json): no 500, every answer (status, content type, headers,
# body) as the document says. Production settings, a migrated SQLite database in a temporary
# folder. Two runs: rate limits off (the answers and their 400s), then on (the 429s, once the
# 120 questions a minute are spent). Any finding fails CI; about two minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/../.."

MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-150}"
# A run's seed (printed at its end) replays it: SCHEMATHESIS_SEED=... .ci/steps/15-schemathesis.sh
seed_option=()
if [ -n "${SCHEMATHESIS_SEED:-}" ]; then seed_option=(--seed "$SCHEMATHESIS_SEED"); fi
root="$PWD"
work="$(mktemp -d)"
server=""
stop_server() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  server=""
}
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT

export DATABASE_URL="sqlite:///$work/db.sqlite3"
export DJANGO_DEBUG=false
export DJANGO_SECRET_KEY="schemathesis-$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(24))')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=false
export DJANGO_STATIC_ROOT="$work/static"
unset REDIS_URL

.venv/bin/python manage.py migrate --no-input -v 0
.venv/bin/python manage.py collectstatic --no-input -v 0

status=0

# fuzz NAME RATE_LIMITS MAX_EXAMPLES PHASES REQUIRED_STATUSES...
fuzz() {
  local name=$1 limits=$2 examples=$3 phases=$4
  shift 4
  local log="$work/$name"
  mkdir -p "$log"
  local port
  port="$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  DJANGO_RATE_LIMITS="$limits" .venv/bin/gunicorn config.wsgi --bind "127.0.0.1:$port" \
    --workers 2 --timeout 30 --access-logfile "$log/access.log" \
    --access-logformat '%(s)s %(m)s %(U)s' --error-logfile "$log/server.log" \
    >>"$log/server.log" 2>&1 &
  server=$!
  local schema="http://127.0.0.1:$port/api/openapi.json"
  for _ in $(seq 1 60); do
    if .venv/bin/python -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$schema" 2>/dev/null; then
      break
    fi
    kill -0 "$server" 2>/dev/null || { echo "FAIL: gunicorn did not start" >&2; cat "$log/server.log" >&2; exit 1; }
    sleep 0.5
  done

  echo "=== schemathesis, rate limits $limits ($name)"
  local result=0
  # From the work folder: schemathesis keeps its cache (.schemathesis/) there, not in the repo.
  (cd "$log" && timeout 600 "$root/.venv/bin/schemathesis" run "$schema" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
    --phases "$phases" \
    --max-examples "$examples" "${seed_option[@]}" \
    --workers 2 \
    --request-timeout 10 \
    --suppress-health-check too_slow \
    --no-color) || result=$?
  stop_server
  echo "Answers by status, method and path:"
  sort "$log/access.log" | uniq -c | sort -rn
  # A schema is checked only on the answers the run reached: each required status must have
  # been seen on both APIs (a document whose parameters could never be valid would pass unseen).
  for path in /api/estimate /api/plan; do
    for code in "$@"; do
      if ! grep -q "^$code GET $path\$" "$log/access.log"; then
        echo "FAIL: no $code answer of GET $path during the run" >&2
        result=1
      fi
    done
  done
  if [ "$result" -ne 0 ]; then
    echo "FAIL: schemathesis ($name) found answers the document does not allow; server log:" >&2
    grep -v "^Bad Request" "$log/server.log" | tail -n 50 >&2 || true
    status=1
  fi
}

fuzz answers false "$MAX_EXAMPLES" examples,coverage,fuzzing 200 400
fuzz limited true 50 coverage,fuzzing 429
exit "$status"
