# Shared set-up for bin/run, bin/serve and bin/test (sourced, not run): the project's virtual
# environment in .venv, its Python dependencies pinned in requirements.lock, and the Debian
# packages the app and its tests need. Every step is skipped when already done.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
# chromium: browser tests (Playwright drives Debian's /usr/bin/chromium, never a download);
# poppler-utils: PDF checks in tests; fonts-liberation2: Vietnamese-capable fonts for PDFs;
# libpango*: WeasyPrint's text layout; postgresql-client: pg_dump/pg_restore for
# `manage.py backup` / `restore` on PostgreSQL.
DEBIAN_PACKAGES=(chromium poppler-utils fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0
    postgresql-client)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'Lỗi: %s\n' "$*" >&2; exit 1; }

find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.11 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

ensure_venv() {
    if [ -x "$PY" ] && "$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
        return 0
    fi
    [ -e "$VENV" ] && die ".venv exists but is not a Python 3.11 environment: remove it and run again."
    local python
    python="$(find_python)" || die "Python 3.11 is required (python3.11 not found; set PYTHON=/path/to/python3.11)."
    say "Creating .venv with $python"
    "$python" -m venv "$VENV"
}

ensure_python_packages() {
    # The exact, hash-checked versions of requirements.lock (generated from pyproject.toml's
    # dependencies and its dev extra; README, "Dependencies"): a fresh machine gets what CI
    # tested. Re-installed only when the lock file changed since the last successful install.
    local stamp="$VENV/.dongtam-requirements" lock="$ROOT/requirements.lock" wanted
    [ -f "$lock" ] || die "requirements.lock is missing"
    wanted="lock sha256 $("$PY" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$lock")" ||
        die "cannot read requirements.lock"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
        return 0
    fi
    say "Installing Python dependencies into .venv (requirements.lock, hash-checked)"
    "$PY" -m pip install --disable-pip-version-check -q --require-hashes -r "$lock" ||
        die "pip install --require-hashes -r requirements.lock failed"
    printf '%s' "$wanted" >"$stamp"
}

ensure_debian_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        say "Not a Debian system: make sure these are installed: ${DEBIAN_PACKAGES[*]}"
        return 0
    fi
    local missing=() package
    for package in "${DEBIAN_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "Installing Debian packages: ${missing[*]}"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo=(sudo)
        else
            die "missing Debian packages: ${missing[*]}. Install them as root: apt-get install ${missing[*]}"
        fi
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" ||
        die "apt-get install ${missing[*]} failed"
}

setup_environment() {
    cd "$ROOT" || die "cannot enter $ROOT"
    ensure_venv
    ensure_python_packages
    ensure_debian_packages
    export PATH="$VENV/bin:$PATH"
}
