#!/usr/bin/env bash
# CodeDeploy ApplicationStop (EC2/on-premises path), as root. CodeDeploy runs this script
# from the previously deployed revision; it must succeed when nothing runs (first deploy,
# already stopped). Graceful: SIGTERM, then uvicorn stops accepting connections and lets
# in-flight requests finish (30 s); SIGKILL only after TALENTMATCH_STOP_TIMEOUT (60 s).
set -euo pipefail

TALENTMATCH_RUN_DIR=${TALENTMATCH_RUN_DIR:-/run/talentmatch}
TALENTMATCH_SERVICE=${TALENTMATCH_SERVICE:-talentmatch}
TALENTMATCH_STOP_TIMEOUT=${TALENTMATCH_STOP_TIMEOUT:-60}
PID_FILE=$TALENTMATCH_RUN_DIR/talentmatch.pid

log() { printf '[stop_application] %s\n' "$*"; }

# shellcheck source=scripts/common.bash
. "$(dirname "${BASH_SOURCE[0]}")/common.bash"

# running PID: the process exists and is not a zombie waiting for its parent to reap it.
running() {
    kill -0 "$1" 2>/dev/null || return 1
    if command -v ps >/dev/null 2>&1; then
        local state
        state=$(ps -o stat= -p "$1" 2>/dev/null || true)
        [[ -n $state && $state != Z* ]]
    fi
}

# Under systemd: `systemctl stop` sends SIGTERM and waits up to TimeoutStopSec (60 s).
if use_systemd; then
    if systemctl is-active --quiet "$TALENTMATCH_SERVICE.service"; then
        log "stopping $TALENTMATCH_SERVICE.service"
        systemctl stop "$TALENTMATCH_SERVICE.service"
    else
        log "$TALENTMATCH_SERVICE.service is not running"
    fi
fi

# A server started without systemd (start_application.sh, pid-file mode).
if [[ ! -f $PID_FILE ]]; then
    log "no pid file $PID_FILE: nothing else to stop"
    exit 0
fi
pid=$(cat "$PID_FILE")
if ! [[ $pid =~ ^[0-9]+$ ]] || ! running "$pid"; then
    log "stale pid file (pid ${pid:-none} is not running)"
    rm -f -- "$PID_FILE"
    exit 0
fi

log "sending SIGTERM to pid $pid, waiting up to ${TALENTMATCH_STOP_TIMEOUT}s"
kill -TERM "$pid"
deadline=$((SECONDS + TALENTMATCH_STOP_TIMEOUT))
while running "$pid"; do
    if ((SECONDS >= deadline)); then
        log "pid $pid still running after ${TALENTMATCH_STOP_TIMEOUT}s: SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        # start_application.sh started it with setsid: its worker processes share its group.
        kill -KILL -- "-$pid" 2>/dev/null || true
        break
    fi
    sleep 0.2
done
rm -f -- "$PID_FILE"
log "stopped"
