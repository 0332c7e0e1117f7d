#!/usr/bin/env bash
# CodeDeploy BeforeInstall (EC2/on-premises path, deploy/ec2/appspec.yml), as root.
# Prepares the host: a Python 3.11+ interpreter with venv, the service user, the folders, and
# an empty source folder for the files CodeDeploy copies next. Fails early, before anything is
# stopped or replaced, when the environment file with the secrets is missing.
#
# Every path can be overridden (the defaults are those of deploy/ec2/talentmatch.service):
#   TALENTMATCH_HOME      /opt/talentmatch           releases/, current -> releases/<id>
#   TALENTMATCH_SRC       $TALENTMATCH_HOME/src      where CodeDeploy copies the revision
#   TALENTMATCH_ENV_FILE  /etc/talentmatch/env       KEY=VALUE lines: JWT_SECRET, database URLs...
#   TALENTMATCH_DATA_DIR  /var/lib/talentmatch       the service's working and data folder
#   TALENTMATCH_LOG_DIR   /var/log/talentmatch       log of the pid-file mode (no systemd)
#   TALENTMATCH_USER      talentmatch                unprivileged user that runs the service
#   TALENTMATCH_PYTHON    first of python3.11, python3.12, python3.13, python3 that is >= 3.11
set -euo pipefail

TALENTMATCH_HOME=${TALENTMATCH_HOME:-/opt/talentmatch}
TALENTMATCH_SRC=${TALENTMATCH_SRC:-$TALENTMATCH_HOME/src}
TALENTMATCH_ENV_FILE=${TALENTMATCH_ENV_FILE:-/etc/talentmatch/env}
TALENTMATCH_DATA_DIR=${TALENTMATCH_DATA_DIR:-/var/lib/talentmatch}
TALENTMATCH_LOG_DIR=${TALENTMATCH_LOG_DIR:-/var/log/talentmatch}
TALENTMATCH_USER=${TALENTMATCH_USER:-talentmatch}

log() { printf '[before_install] %s\n' "$*"; }
die() { printf '[before_install] ERROR: %s\n' "$*" >&2; exit 1; }

# shellcheck source=scripts/common.bash
. "$(dirname "${BASH_SOURCE[0]}")/common.bash"

install_python() {
    if command -v dnf >/dev/null 2>&1; then
        log "installing python3.11 with dnf"
        dnf install -y python3.11 python3.11-pip
    elif command -v apt-get >/dev/null 2>&1; then
        log "installing python3 and python3-venv with apt-get"
        apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3 python3-venv
    else
        die "no Python 3.11+ with venv found, and neither dnf nor apt-get to install one"
    fi
}

# A folder we are about to empty must be a real, deep path: never "", "/" or a top-level folder.
safe_to_empty() {
    local dir=$1
    [[ -n $dir && $dir == /* && $dir != / && $(dirname -- "$dir") != / ]]
}

[[ $(id -u) -eq 0 ]] || die "must run as root (appspec: runas: root)"

# 1. The secrets and database URLs. Checked first so a misconfigured host fails the
#    deployment before the running service is touched.
has_setting() { grep -Eq "^[[:space:]]*(export[[:space:]]+)?$1=." "$TALENTMATCH_ENV_FILE"; }
[[ -f $TALENTMATCH_ENV_FILE ]] || die "$TALENTMATCH_ENV_FILE is missing: create it (mode 600) with JWT_SECRET, AUTH_DATABASE_URL and SYSTEM_DATABASE_URL"
has_setting JWT_SECRET || die "$TALENTMATCH_ENV_FILE has no JWT_SECRET=... (32+ random characters)"
for url in AUTH_DATABASE_URL SYSTEM_DATABASE_URL; do
    has_setting "$url" || log "WARNING: no $url in $TALENTMATCH_ENV_FILE: SQLite in $TALENTMATCH_DATA_DIR"
done
if [[ -n $(find "$TALENTMATCH_ENV_FILE" -perm /o=rwx) ]]; then
    log "WARNING: $TALENTMATCH_ENV_FILE is readable by other users; chmod 600 it"
fi

# 2. Python 3.11+ with venv.
if ! find_python >/dev/null; then
    install_python
fi
python_bin=$(find_python) || die "no Python 3.11+ with venv available after installing"
log "python: $python_bin ($("$python_bin" --version 2>&1))"

# 3. The unprivileged service user (no login shell, no home of its own).
if ! id -u "$TALENTMATCH_USER" >/dev/null 2>&1; then
    nologin=$(command -v nologin || echo /sbin/nologin)
    log "creating system user $TALENTMATCH_USER"
    useradd --system --user-group --home-dir "$TALENTMATCH_DATA_DIR" --no-create-home \
        --shell "$nologin" "$TALENTMATCH_USER"
fi
group=$(id -gn "$TALENTMATCH_USER")

# 4. Folders: code owned by root (the service only reads it), data and logs by the service.
install -d -m 0755 -o root -g root "$TALENTMATCH_HOME" "$TALENTMATCH_HOME/releases"
install -d -m 0750 -o "$TALENTMATCH_USER" -g "$group" "$TALENTMATCH_DATA_DIR" "$TALENTMATCH_LOG_DIR"

# 5. An empty source folder, so files removed from the repository do not linger.
safe_to_empty "$TALENTMATCH_SRC" || die "refusing to empty TALENTMATCH_SRC=$TALENTMATCH_SRC"
rm -rf -- "$TALENTMATCH_SRC"
install -d -m 0755 -o root -g root "$TALENTMATCH_SRC"

log "host ready for ${DEPLOYMENT_ID:-a manual run}"
