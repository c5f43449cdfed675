#!/usr/bin/env bash
# Follow docs/deploy.md on this machine, in a temporary directory, and fail loudly where it breaks:
# PostgreSQL (Debian's, started in its own data dir), a production virtualenv from uv.lock
# (no dev packages), migrate, collectstatic, the demo, gunicorn, the worker, a page and the
# health check, one periodic job run by the worker's scheduler, a backup.
# Usage: deploy/check.sh   (as root, or as a user who may run initdb; needs curl)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'deploy check FAILED: %s\n' "$*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

work=$(mktemp -d /tmp/groundbreak-deploy.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "${pgbin:-}" ] && [ -f "$work/pg/postmaster.pid" ]; then
    su postgres -c "$pgbin/pg_ctl -D $work/pg -m fast stop" >/dev/null 2>&1 || true
  fi
  [ "${KEEP:-}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT
started=$(date +%s)

step "PostgreSQL in $work/pg"
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$pgbin" ] || fail "no PostgreSQL (apt-get install postgresql)"
mkdir "$work/pg" && chown postgres "$work/pg" && chmod 755 "$work"
su postgres -c "$pgbin/initdb -D $work/pg --auth=trust --username=postgres -E UTF8 --locale=C.UTF-8" >/dev/null
pgport=$(free_port)
su postgres -c "$pgbin/pg_ctl -D $work/pg -o '-h 127.0.0.1 -p $pgport -k $work/pg' -l $work/pg/log -w start" >/dev/null \
  || { cat "$work/pg/log"; fail "PostgreSQL did not start"; }
su postgres -c "$pgbin/createuser -h 127.0.0.1 -p $pgport groundbreak"
su postgres -c "$pgbin/createdb -h 127.0.0.1 -p $pgport -O groundbreak groundbreak"

step "virtualenv from uv.lock, without the dev packages"
python3 -m pip install -q uv 2>/dev/null
export UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT="$work/venv"
python3 -m uv sync --locked --no-dev -q
[ ! -e "$work/venv/bin/pytest" ] || fail "dev packages in the production environment"
bin="$work/venv/bin"

# The settings of docs/deploy.md; HTTPS off because nginx is not in front here.
export DATABASE_URL="postgres://groundbreak@127.0.0.1:$pgport/groundbreak"
export SECRET_KEY="deploy-check-$(python3 -c 'import secrets; print(secrets.token_hex(24))')"
export GROUNDBREAK_VAR_DIR="$work/var" ALLOWED_HOSTS=127.0.0.1 HTTPS=false DEBUG=false
export TASKS_HEARTBEAT_SECONDS=1 MEDIA_ROOT="$work/var/media"
mkdir -p "$work/var"

step "collectstatic, migrate, check --deploy"
# collectstatic first: every other command (migrate too) refuses to run without the static files.
"$bin/groundbreak" collectstatic --noinput -v 0
"$bin/groundbreak" migrate --noinput -v 0
"$bin/groundbreak" check --deploy --fail-level ERROR

step "the demo"
if [ "${SKIP_DEMO:-}" = 1 ]; then   # a quicker run: an empty site with one account
  "$bin/groundbreak" shell --no-imports -c "
from groundbreak.accounts.models import User
User.objects.create_user('auditor', password='groundbreak', role='auditor')
"
else
  "$bin/groundbreak" load_demo | tail -3
fi

step "gunicorn and the worker"
webport=$(free_port)
"$bin/gunicorn" groundbreak.wsgi --bind "127.0.0.1:$webport" --workers 2 --timeout 120 \
  --access-logfile "$work/access.log" --error-logfile "$work/gunicorn.log" &
pids+=($!)
"$bin/groundbreak" worker --interval 0.5 >"$work/worker.log" 2>&1 &
pids+=($!)
site="http://127.0.0.1:$webport"
for _ in $(seq 60); do curl -fs "$site/health/" >/dev/null 2>&1 && break; sleep 1; done

step "the health check and a page"
health=$(curl -fsS "$site/health/") || fail "health check"
echo "$health"
echo "$health" | grep -q '"database": "ok"' || fail "database not ok"
echo "$health" | grep -q '"migrations": "ok"' || fail "migrations pending"
for _ in $(seq 30); do
  curl -fsS "$site/health/" | grep -q '"alive": true' && break; sleep 1
done
curl -fsS "$site/health/" | grep -q '"alive": true' || { cat "$work/worker.log"; fail "no worker heartbeat"; }
jar="$work/cookies"
curl -fsS -c "$jar" "$site/login/" -o "$work/login.html"
token=$(sed -n 's/.*name="csrfmiddlewaretoken" value="\([^"]*\)".*/\1/p' "$work/login.html" | head -1)
[ -n "$token" ] || fail "no CSRF token on the login page"
code=$(curl -sS -b "$jar" -c "$jar" -o /dev/null -w '%{http_code}' -e "$site/login/" \
  --data-urlencode "csrfmiddlewaretoken=$token" --data-urlencode username=auditor \
  --data-urlencode password=groundbreak "$site/login/")
[ "$code" = 302 ] || fail "login answered $code"
code=$(curl -sS -b "$jar" -o "$work/projects.html" -w '%{http_code}' "$site/projects/")
[ "$code" = 200 ] || fail "the project list answered $code"
[ "${SKIP_DEMO:-}" = 1 ] || grep -q "玉溪" "$work/projects.html" || fail "the project list shows no demo project"
code=$(curl -sS -b "$jar" -o /dev/null -w '%{http_code}' "$site/audit/logins/")
[ "$code" = 200 ] || fail "the audit page answered $code"
curl -fsS -o /dev/null "$site/static/groundbreak/app.css" || fail "no static files (whitenoise)"

step "one periodic job, enqueued by the worker's scheduler and run by the worker"
"$bin/groundbreak" shell --no-imports -c "
from datetime import timedelta
from django.utils import timezone
from groundbreak.core.jobs import periodic_tasks
from groundbreak.core.models import PeriodicRun
name = next(n for n in periodic_tasks() if n.endswith('fail_stalled_imports'))
# As if the worker had been stopped for a day: the scheduler catches the missed time up once.
PeriodicRun.objects.update_or_create(name=name, defaults={'last_due': timezone.now() - timedelta(days=1)})
"
done_job=""
for _ in $(seq 60); do
  done_job=$("$bin/groundbreak" shell --no-imports -c "
from django_tasks_db.models import DBTaskResult
print('runs', DBTaskResult.objects.filter(task_path__endswith='fail_stalled_imports', status='SUCCESSFUL').count())
" | sed -n 's/^runs \([0-9]*\)$/\1/p')
  [ -n "$done_job" ] || done_job=0
  [ "$done_job" != 0 ] && break
  sleep 1
done
[ "$done_job" != 0 ] || { cat "$work/worker.log"; fail "the periodic job did not run"; }
echo "fail_stalled_imports ran ($done_job run)"

step "backup"
"$bin/groundbreak" backup "$work/backup.tar"
# The listing into a file: `tar | grep -q` fails under pipefail when grep stops reading early.
tar -tf "$work/backup.tar" >"$work/listing"
head -3 "$work/listing"
grep -qx 'manifest.json' "$work/listing" || fail "no manifest in the backup"
grep -qx 'database.dump' "$work/listing" || fail "no database dump in the backup"

step "stop"
for pid in "${pids[@]}"; do kill "$pid"; done
for pid in "${pids[@]}"; do wait "$pid" || true; done
pids=()
echo "deploy check passed in $(( $(date +%s) - started )) s"
