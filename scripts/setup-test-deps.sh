#!/usr/bin/env bash
# Installs what the test suite needs, only when it is missing. Idempotent and non-interactive:
#   - Debian packages: chromium (browser tests), poppler-utils (pdfinfo/pdftotext for PDF tests)
#   - Python's jsonschema and PyYAML (tests/schema.rs), with pip, else apt
#   - tests/browser/node_modules from the committed package-lock.json (playwright-core, axe-core,
#     vnu-jar), with --ignore-scripts: vnu-jar's install script would try to download a Java
#     runtime, and Java 17 is already on the machine.
# Node.js (20+) and Java (11+) must already be installed; Debian's nodejs (18) is too old for
# playwright-core, so this script never installs nodejs.
#
# Usage: scripts/setup-test-deps.sh        (run as root, or with sudo available, for apt)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BROWSER_DIR="$ROOT/tests/browser"

log() { printf 'setup-test-deps: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---- Debian packages -----------------------------------------------------------------------
apt_pkgs=()
[[ -x /usr/bin/chromium ]] || apt_pkgs+=(chromium)
command -v pdfinfo >/dev/null 2>&1 || apt_pkgs+=(poppler-utils)

if ((${#apt_pkgs[@]})); then
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to apt-get install ${apt_pkgs[*]}"
    SUDO=(sudo -n)
  fi
  log "installing ${apt_pkgs[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -q </dev/null
  "${SUDO[@]}" apt-get install -y -q "${apt_pkgs[@]}" </dev/null
  [[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium still missing after apt-get install"
  command -v pdfinfo >/dev/null 2>&1 || die "pdfinfo still missing after apt-get install"
else
  log "chromium and poppler-utils already installed"
fi

# ---- Node and Java -------------------------------------------------------------------------
command -v node >/dev/null 2>&1 || die "node not found: install Node.js 20+ (not Debian's nodejs 18)"
command -v npm >/dev/null 2>&1 || die "npm not found: install Node.js 20+ with npm"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
((node_major >= 20)) || die "Node.js $(node --version) is too old: playwright-core needs 20+"
command -v java >/dev/null 2>&1 || die "java not found: the Nu Html Checker (vnu.jar) needs Java 11+"

# ---- Python: the independent JSON Schema validator (tests/schema.rs) --------------------------
# tests/schema/validate.py checks the editors' schemas with the jsonschema package and PyYAML.
have_py_deps() { python3 -c 'import jsonschema, yaml' >/dev/null 2>&1; }
command -v python3 >/dev/null 2>&1 || die "python3 not found: tests/schema.rs needs it"
if have_py_deps; then
  log "python3 has jsonschema and PyYAML"
else
  log "installing jsonschema and PyYAML for python3"
  # pip first (a pyenv or venv Python); Debian's own python3 refuses pip (PEP 668): apt then.
  python3 -m pip install --quiet --disable-pip-version-check jsonschema pyyaml </dev/null ||
    { SUDO=(); [[ $(id -u) -ne 0 ]] && SUDO=(sudo -n)
      export DEBIAN_FRONTEND=noninteractive
      "${SUDO[@]}" apt-get update -q </dev/null &&
        "${SUDO[@]}" apt-get install -y -q python3-jsonschema python3-yaml </dev/null; }
  have_py_deps || die "python3 still lacks jsonschema or PyYAML after installing them"
fi

# ---- npm packages --------------------------------------------------------------------------
# node_modules/.package-lock.json is npm's record of what it installed; when package.json or
# package-lock.json is newer than it (or a package is missing), install again.
stale=0
marker="$BROWSER_DIR/node_modules/.package-lock.json"
if [[ ! -f "$marker" ]]; then
  stale=1
else
  for f in "$BROWSER_DIR/package.json" "$BROWSER_DIR/package-lock.json"; do
    [[ -f "$f" && "$f" -nt "$marker" ]] && stale=1
  done
  for p in playwright-core/package.json axe-core/axe.min.js vnu-jar/build/dist/vnu.jar; do
    [[ -f "$BROWSER_DIR/node_modules/$p" ]] || stale=1
  done
fi

if ((stale)); then
  npm_flags=(--ignore-scripts --no-audit --no-fund --loglevel=error)
  cd "$BROWSER_DIR"
  if [[ -f package-lock.json ]]; then
    log "npm ci in tests/browser"
    npm ci "${npm_flags[@]}" </dev/null
  else
    log "npm install in tests/browser (no package-lock.json yet: commit the one this writes)"
    npm install "${npm_flags[@]}" </dev/null
  fi
  touch "$marker"
else
  log "tests/browser/node_modules is up to date"
fi

for p in playwright-core/package.json axe-core/axe.min.js vnu-jar/build/dist/vnu.jar; do
  [[ -f "$BROWSER_DIR/node_modules/$p" ]] || die "tests/browser/node_modules/$p missing after npm install"
done
log "ready"
