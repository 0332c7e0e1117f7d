#!/usr/bin/env bash
# CodeDeploy AfterInstall (EC2/on-premises path), as root, after the revision was copied to
# $TALENTMATCH_SRC. Builds a new release (a virtualenv with the pinned dependencies and the
# package), runs the migrations of both databases with it, then points `current` at it and
# installs the systemd unit. The previous releases stay for a fast manual rollback.
#
# Variables (besides those of before_install.sh):
#   TORCH_VERSION     2.13.0; CPU wheel installed before requirements.txt; empty skips it.
#                     A requirements-torch.txt in the revision replaces this line.
#   TORCH_INDEX_URL   https://download.pytorch.org/whl/cpu
#   TALENTMATCH_KEEP_RELEASES   3
#   TALENTMATCH_INIT  systemd | pidfile (default: systemd when it is the running init)
#   DEPLOYMENT_ID     set by CodeDeploy; names the release folder
set -euo pipefail

TALENTMATCH_HOME=${TALENTMATCH_HOME:-/opt/talentmatch}
TALENTMATCH_SRC=${TALENTMATCH_SRC:-$TALENTMATCH_HOME/src}
TALENTMATCH_ENV_FILE=${TALENTMATCH_ENV_FILE:-/etc/talentmatch/env}
TALENTMATCH_DATA_DIR=${TALENTMATCH_DATA_DIR:-/var/lib/talentmatch}
TALENTMATCH_USER=${TALENTMATCH_USER:-talentmatch}
TALENTMATCH_KEEP_RELEASES=${TALENTMATCH_KEEP_RELEASES:-3}
TORCH_VERSION=${TORCH_VERSION-2.13.0}
TORCH_INDEX_URL=${TORCH_INDEX_URL:-https://download.pytorch.org/whl/cpu}
UNIT_PATH=${TALENTMATCH_UNIT_PATH:-/etc/systemd/system/talentmatch.service}

log() { printf '[after_install] %s\n' "$*"; }
die() { printf '[after_install] ERROR: %s\n' "$*" >&2; exit 1; }

# shellcheck source=scripts/common.bash
. "$(dirname "${BASH_SOURCE[0]}")/common.bash"

# as_service_user CMD...: CMD as the service user, in the data folder, with the environment
# systemd gives the service (its defaults, then the environment file), and nothing else.
as_service_user() {
    local -a base=(
        "PATH=/usr/local/bin:/usr/bin:/bin" "LANG=C.UTF-8" "HOME=$TALENTMATCH_DATA_DIR"
        "ENV=production" "DATA_DIR=$TALENTMATCH_DATA_DIR" "HF_HUB_OFFLINE=1" "TRANSFORMERS_OFFLINE=1"
        "PYTHONUNBUFFERED=1"
    )
    read_env_file "$TALENTMATCH_ENV_FILE"
    local -a drop=()
    if [[ $(id -u) -eq 0 && $TALENTMATCH_USER != root ]]; then
        drop=(setpriv --reuid="$TALENTMATCH_USER" --regid="$(id -g "$TALENTMATCH_USER")" --init-groups --)
    fi
    (cd "$TALENTMATCH_DATA_DIR" && env -i "${base[@]}" "${ENV_ARGS[@]}" "${drop[@]}" "$@")
}

[[ -f $TALENTMATCH_SRC/requirements.txt ]] || die "no requirements.txt in $TALENTMATCH_SRC"
[[ -f $TALENTMATCH_ENV_FILE ]] || die "$TALENTMATCH_ENV_FILE is missing (see before_install.sh)"
python_bin=$(find_python) || die "no Python 3.11+ with venv (see before_install.sh)"

release_id=${DEPLOYMENT_ID:-manual-$(date -u +%Y%m%dT%H%M%SZ)}
release=$TALENTMATCH_HOME/releases/$release_id
venv=$release/venv
pip=("$venv/bin/python" -m pip --disable-pip-version-check --no-input --no-cache-dir)

# 1. The virtualenv of this release: torch (CPU) first, then the pins, then the package alone.
log "building $release with $python_bin"
rm -rf -- "$release"
install -d -m 0755 "$release"
"$python_bin" -m venv "$venv"
if [[ -f $TALENTMATCH_SRC/requirements-torch.txt ]]; then
    "${pip[@]}" install --index-url "$TORCH_INDEX_URL" -r "$TALENTMATCH_SRC/requirements-torch.txt"
elif [[ -n $TORCH_VERSION ]]; then
    "${pip[@]}" install --index-url "$TORCH_INDEX_URL" "torch==$TORCH_VERSION"
fi
"${pip[@]}" install -r "$TALENTMATCH_SRC/requirements.txt"
"${pip[@]}" install --no-deps "$TALENTMATCH_SRC"
"${pip[@]}" check
chmod -R go-w "$release"

# 2. The migrations of both databases, with the new code, before it serves a request.
#    Several instances may run this at once; Alembic's version table makes a repeated run a
#    no-op, but deploy one instance at a time (CodeDeployDefault.OneAtATime) for schema changes.
log "running the migrations (talentmatch db upgrade)"
as_service_user "$venv/bin/talentmatch" db upgrade

# 3. Switch `current` atomically to the new release.
ln -sfn "$release" "$TALENTMATCH_HOME/current.new"
mv -Tf "$TALENTMATCH_HOME/current.new" "$TALENTMATCH_HOME/current"
log "current -> $release"

# 4. The systemd unit, with this host's paths.
if use_systemd; then
    unit_source=$TALENTMATCH_SRC/deploy/ec2/talentmatch.service
    [[ -f $unit_source ]] || die "no $unit_source in the revision"
    group=$(id -gn "$TALENTMATCH_USER")
    sed -e "s#/opt/talentmatch#$TALENTMATCH_HOME#g" \
        -e "s#/etc/talentmatch/env#$TALENTMATCH_ENV_FILE#g" \
        -e "s#/var/lib/talentmatch#$TALENTMATCH_DATA_DIR#g" \
        -e "s#^User=talentmatch\$#User=$TALENTMATCH_USER#" \
        -e "s#^Group=talentmatch\$#Group=$group#" \
        "$unit_source" > "$UNIT_PATH.tmp"
    chmod 0644 "$UNIT_PATH.tmp"
    mv -f "$UNIT_PATH.tmp" "$UNIT_PATH"
    systemctl daemon-reload
    log "installed $UNIT_PATH"
fi

# 5. Keep the newest releases (and always the current one).
current_target=$(readlink -f "$TALENTMATCH_HOME/current")
mapfile -t old_releases < <(
    find "$TALENTMATCH_HOME/releases" -mindepth 1 -maxdepth 1 -type d -printf '%T@ %p\n' \
        | sort -rn | tail -n +"$((TALENTMATCH_KEEP_RELEASES + 1))" | cut -d' ' -f2-
)
for old in "${old_releases[@]}"; do
    [[ $(readlink -f "$old") == "$current_target" ]] && continue
    log "removing old release $old"
    rm -rf -- "$old"
done

log "release $release_id installed"
