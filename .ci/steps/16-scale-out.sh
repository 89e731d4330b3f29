#!/usr/bin/env bash
# Issue 16: two gunicorn servers and one task worker on loopback, sharing PostgreSQL and Redis
# (tests/scale_out/). Both services are required: missing is a failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

export SCALE_OUT_DATABASE_URL="${SCALE_OUT_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export SCALE_OUT_REDIS_URL="${SCALE_OUT_REDIS_URL:-redis://127.0.0.1:6379/0}"

redis_ready() { .venv/bin/python -c "import os, redis; redis.Redis.from_url(os.environ['SCALE_OUT_REDIS_URL'], socket_connect_timeout=2).ping()" 2>/dev/null; }
if ! redis_ready && command -v redis-server >/dev/null 2>&1; then
  echo "Redis is not answering; trying to start it"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 >/dev/null || true
  sleep 2
fi
if ! redis_ready; then
  echo "FAIL: Redis is unreachable at $SCALE_OUT_REDIS_URL; this step needs it." >&2
  exit 1
fi

.venv/bin/pytest --scale-out tests/scale_out -p no:cacheprovider -s -q
