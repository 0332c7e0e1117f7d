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

# read_env_file FILE: fills ENV_ARGS with the KEY=VALUE lines of a systemd EnvironmentFile.
# Comments and blank lines are skipped and one pair of surrounding quotes is removed; nothing
# is evaluated, and values (secrets) are never printed.
read_env_file() {
    local file=$1 line key value number=0
    ENV_ARGS=()
    while IFS= read -r line || [[ -n $line ]]; do
        number=$((number + 1))
        line=${line#"${line%%[![:space:]]*}"}
        [[ -z $line || $line == \#* || $line == \;* ]] && continue
        line=${line#export }
        key=${line%%=*}
        if [[ $line != *=* || ! $key =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
            printf 'ignoring line %d of %s: not KEY=VALUE\n' "$number" "$file" >&2
            continue
        fi
        value=${line#*=}
        if [[ ${#value} -ge 2 && ( ($value == \"*\" && $value == *\") || ($value == \'*\' && $value == *\') ) ]]; then
            value=${value:1:${#value}-2}
        fi
        ENV_ARGS+=("$key=$value")
    done < "$file"
}

# env_value KEY DEFAULT: the last value of KEY in ENV_ARGS, else DEFAULT.
env_value() {
    local key=$1 result=$2 pair
    for pair in "${ENV_ARGS[@]}"; do
        [[ $pair == "$key="* ]] && result=${pair#*=}
    done
    printf '%s' "$result"
}

use_systemd() {
    case ${TALENTMATCH_INIT:-auto} in
        systemd) return 0 ;;
        pidfile) return 1 ;;
        *) [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1 ;;
    esac
}

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
