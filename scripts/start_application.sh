#!/usr/bin/env bash
# CodeDeploy ApplicationStart (EC2/on-premises path), as root: starts the release that
# after_install.sh made current. Under systemd: `systemctl enable` + `restart` of
# talentmatch.service. Without systemd (TALENTMATCH_INIT=pidfile, or a host whose init is not
# systemd): one background process as the service user, its pid in
# $TALENTMATCH_RUN_DIR/talentmatch.pid and its output appended to $TALENTMATCH_LOG_DIR.
set -euo pipefail

TALENTMATCH_HOME=${TALENTMATCH_HOME:-/opt/talentmatch}
TALENTMATCH_ENV_FILE=${TALENTMATCH_ENV_FILE:-/etc/talentmatch/env}
TALENTMATCH_DATA_DIR=${TALENTMATCH_DATA_DIR:-/var/lib/talentmatch}
TALENTMATCH_LOG_DIR=${TALENTMATCH_LOG_DIR:-/var/log/talentmatch}
TALENTMATCH_RUN_DIR=${TALENTMATCH_RUN_DIR:-/run/talentmatch}
TALENTMATCH_USER=${TALENTMATCH_USER:-talentmatch}
TALENTMATCH_SERVICE=${TALENTMATCH_SERVICE:-talentmatch}
PID_FILE=$TALENTMATCH_RUN_DIR/talentmatch.pid

log() { printf '[start_application] %s\n' "$*"; }
die() { printf '[start_application] ERROR: %s\n' "$*" >&2; exit 1; }

# shellcheck source=scripts/common.bash
. "$(dirname "${BASH_SOURCE[0]}")/common.bash"

executable=$TALENTMATCH_HOME/current/venv/bin/talentmatch
[[ -x $executable ]] || die "$executable not found: did after_install.sh run?"
[[ -f $TALENTMATCH_ENV_FILE ]] || die "$TALENTMATCH_ENV_FILE is missing"

if use_systemd; then
    systemctl enable "$TALENTMATCH_SERVICE.service"
    systemctl restart "$TALENTMATCH_SERVICE.service"
    systemctl --no-pager --lines=0 status "$TALENTMATCH_SERVICE.service" || true
    log "started $TALENTMATCH_SERVICE.service"
    exit 0
fi

# Without systemd: the same command, user and environment as the unit.
if [[ -f $PID_FILE ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    die "already running with pid $(cat "$PID_FILE"); run stop_application.sh first"
fi
read_env_file "$TALENTMATCH_ENV_FILE"
host=$(env_value TALENTMATCH_HOST 0.0.0.0)
port=$(env_value TALENTMATCH_PORT 8000)
install -d -m 0755 "$TALENTMATCH_RUN_DIR"
install -d -m 0750 "$TALENTMATCH_LOG_DIR"

base=(
    "PATH=/usr/local/bin:/usr/bin:/bin" "LANG=C.UTF-8" "HOME=$TALENTMATCH_DATA_DIR"
    "ENV=production" "DATA_DIR=$TALENTMATCH_DATA_DIR" "HF_HUB_OFFLINE=1" "TRANSFORMERS_OFFLINE=1"
    "PYTHONUNBUFFERED=1"
)
drop=()
if [[ $(id -u) -eq 0 && $TALENTMATCH_USER != root ]]; then
    drop=(setpriv --reuid="$TALENTMATCH_USER" --regid="$(id -g "$TALENTMATCH_USER")" --init-groups --)
fi

# setsid, env and setpriv all exec: the pid recorded is the server's own, and the SIGTERM that
# stop_application.sh sends reaches uvicorn directly.
cd "$TALENTMATCH_DATA_DIR"
setsid env -i "${base[@]}" "${ENV_ARGS[@]}" "${drop[@]}" \
    "$executable" serve --host "$host" --port "$port" --no-reload \
    >> "$TALENTMATCH_LOG_DIR/talentmatch.log" 2>&1 < /dev/null &
pid=$!
echo "$pid" > "$PID_FILE"

sleep 2
kill -0 "$pid" 2>/dev/null || die "the server exited at once; see $TALENTMATCH_LOG_DIR/talentmatch.log"
log "started pid $pid on $host:$port (log: $TALENTMATCH_LOG_DIR/talentmatch.log)"
