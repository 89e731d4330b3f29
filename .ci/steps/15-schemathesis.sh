#!/usr/bin/env bash
# Issue 15: schemathesis fuzzes the JSON API of a live gunicorn server with the app's own
# OpenAPI document (/api/openapi.json): no 500, every answer (status, content type, headers,
# body) as the document says. Production settings, a migrated SQLite database in a temporary
# folder, rate limits off (else schemathesis would mostly meet 429s). Any finding fails CI.
set -euo pipefail
cd "$(dirname "$0")/../.."

MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-150}"
work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

export DATABASE_URL="sqlite:///$work/db.sqlite3"
export DJANGO_DEBUG=false
export DJANGO_SECRET_KEY="schemathesis-$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(24))')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=false
export DJANGO_RATE_LIMITS=false
export DJANGO_STATIC_ROOT="$work/static"
unset REDIS_URL

.venv/bin/python manage.py migrate --no-input -v 0
.venv/bin/python manage.py collectstatic --no-input -v 0
port="$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
.venv/bin/gunicorn config.wsgi --bind "127.0.0.1:$port" --workers 2 --timeout 30 \
  --access-logfile "$work/access.log" --access-logformat '%(s)s %(m)s %(U)s' --error-logfile "$work/gunicorn.log" >>"$work/gunicorn.log" 2>&1 &
server=$!

schema="http://127.0.0.1:$port/api/openapi.json"
for _ in $(seq 1 60); do
  if .venv/bin/python -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$schema" 2>/dev/null; then
    break
  fi
  kill -0 "$server" 2>/dev/null || { echo "FAIL: gunicorn did not start" >&2; cat "$work/gunicorn.log" >&2; exit 1; }
  sleep 0.5
done

status=0
# From the temporary folder: schemathesis keeps its cache (.schemathesis/) there, not in the repo.
root="$PWD"
(cd "$work" && timeout 600 "$root/.venv/bin/schemathesis" run "$schema" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --phases examples,coverage,fuzzing \
  --max-examples "$MAX_EXAMPLES" \
  --workers 2 \
  --request-timeout 10 \
  --suppress-health-check too_slow \
  --no-color) || status=$?
echo "Answers by status, method and path:"
sort "$work/access.log" | uniq -c | sort -rn
# The answers' schemas were checked only if the fuzzing reached them: both APIs must have
# answered 200 and 400 (a document whose parameters could never be valid would pass unseen).
for path in /api/estimate /api/plan; do
  for code in 200 400; do
    if ! grep -q "^$code GET $path\$" "$work/access.log"; then
      echo "FAIL: no $code answer of GET $path during the run" >&2
      status=1
    fi
  done
done
if [ "$status" -ne 0 ]; then
  echo "FAIL: schemathesis found answers the document does not allow (exit $status); server log:" >&2
  tail -n 50 "$work/gunicorn.log" >&2 || true
fi
exit "$status"
