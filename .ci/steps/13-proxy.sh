#!/usr/bin/env bash
# Issue 13: the reverse-proxy configuration shipped in deploy/ passes the real `nginx -t`
# (Debian's nginx, installed when missing), with a throw-away certificate in place of the real
# one and a minimal main configuration around the site, as Debian's nginx.conf includes it;
# then deploy/tests/ serve the app through it (gunicorn behind the real nginx).
set -euo pipefail
cd "$(dirname "$0")/../.."

nginx_bin() { command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; }; }
if ! nginx_bin >/dev/null; then
  echo "installing Debian's nginx"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null 2>&1 \
    || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
fi
for tool in openssl curl; do
  if ! command -v "$tool" >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null
  fi
done
NGINX=$(nginx_bin)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=planner.example \
  -keyout "$work/privkey.pem" -out "$work/fullchain.pem" 2>/dev/null
sed "s#/etc/letsencrypt/live/planner.example#$work#g" deploy/nginx-planner.conf >"$work/planner.conf"
cat >"$work/nginx.conf" <<CONF
pid $work/nginx.pid;
error_log stderr;
events {}
http {
    access_log off;
    client_body_temp_path $work/body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    include $work/planner.conf;
}
CONF
"$NGINX" -t -e stderr -p "$work" -c "$work/nginx.conf"
echo "deploy/nginx-planner.conf: nginx -t passed ($("$NGINX" -v 2>&1))"

echo "--- the app served through deploy/nginx-planner.conf"
.venv/bin/pytest deploy/tests -p no:cacheprovider
