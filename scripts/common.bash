# Functions the CodeDeploy scripts share; sourced, never run. Each script defines log and die.
# shellcheck shell=bash

find_python() {
    local candidate
    for candidate in "${TALENTMATCH_PYTHON:-}" python3.11 python3.12 python3.13 python3; do
        [[ -n $candidate ]] || continue
        if command -v "$candidate" >/dev/null 2>&1 \
            && "$candidate" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

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
