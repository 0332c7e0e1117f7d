#!/usr/bin/env bash
# CodeDeploy ValidateService (EC2/on-premises path): the deployment succeeds only when
# GET /ready answers 200 (the process serves and both databases answer) within
# TALENTMATCH_VALIDATE_TIMEOUT seconds (120). The port is TALENTMATCH_PORT from the environment
# file, else 8000, as in deploy/ec2/talentmatch.service.
set -euo pipefail

TALENTMATCH_ENV_FILE=${TALENTMATCH_ENV_FILE:-/etc/talentmatch/env}
TALENTMATCH_SERVICE=${TALENTMATCH_SERVICE:-talentmatch}
TALENTMATCH_VALIDATE_TIMEOUT=${TALENTMATCH_VALIDATE_TIMEOUT:-120}

log() { printf '[validate_service] %s\n' "$*"; }

port=${TALENTMATCH_PORT:-}
if [[ -z $port && -r $TALENTMATCH_ENV_FILE ]]; then
    port=$(sed -n -E "s/^[[:space:]]*(export[[:space:]]+)?TALENTMATCH_PORT=[\"']?([0-9]+)[\"']?[[:space:]]*$/\2/p" \
        "$TALENTMATCH_ENV_FILE" | tail -n 1)
fi
url="http://127.0.0.1:${port:-8000}/ready"

# fetch URL: prints the body; succeeds on a 2xx answer only.
fetch() {
    if command -v curl >/dev/null 2>&1; then
        curl --silent --show-error --fail --max-time 5 "$1"
    else
        python3 - "$1" <<'PY'
import sys
import urllib.request

with urllib.request.urlopen(sys.argv[1], timeout=5) as response:
    sys.stdout.write(response.read().decode())
PY
    fi
}

log "waiting for $url (up to ${TALENTMATCH_VALIDATE_TIMEOUT}s)"
deadline=$((SECONDS + TALENTMATCH_VALIDATE_TIMEOUT))
attempt=0
while true; do
    attempt=$((attempt + 1))
    if body=$(fetch "$url" 2>&1); then
        log "ready after $attempt attempt(s): $body"
        exit 0
    fi
    if ((SECONDS >= deadline)); then
        log "not ready after ${TALENTMATCH_VALIDATE_TIMEOUT}s; last answer: $body"
        if command -v journalctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
            journalctl --unit "$TALENTMATCH_SERVICE.service" --lines 50 --no-pager || true
        fi
        exit 1
    fi
    sleep 2
done
