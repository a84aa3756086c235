#!/usr/bin/env bash
# THE one command that runs every check of this repository:
#   1. scripts/setup-test-deps.sh   (Chromium, poppler-utils, tests/browser/node_modules when missing)
#   2. cargo fmt --check
#   3. cargo clippy --all-targets -- -D warnings
#   4. cargo test --all-targets     (unit, integration and browser tests; see tests/browser.rs)
#   5. cargo test --doc             (when there is a library)
# Every step runs even when an earlier one fails, so one run shows every problem; the exit code is
# non-zero when any step failed. With CI=true the browser tests fail instead of skipping when
# Chromium, Java or node_modules are missing.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

failed=()
step() {
  local name="$1"
  shift
  printf '\n==> %s\n' "$name"
  local t0=$SECONDS
  if "$@"; then
    printf '==> %s: ok (%ss)\n' "$name" $((SECONDS - t0))
  else
    printf '==> %s: FAILED (%ss)\n' "$name" $((SECONDS - t0))
    failed+=("$name")
  fi
}

if ! scripts/setup-test-deps.sh; then
  echo "==> setup-test-deps.sh failed: the browser tests cannot run" >&2
  failed+=("setup-test-deps")
fi

step "cargo fmt --check" cargo fmt --all --check
step "cargo clippy" cargo clippy --all-targets --locked -- -D warnings

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
step "cargo test" bash -o pipefail -c 'cargo test --all-targets --locked 2>&1 | tee -a "$1"' _ "$log"
if [[ -f src/lib.rs ]]; then
  step "cargo test --doc" bash -o pipefail -c 'cargo test --doc --locked 2>&1 | tee -a "$1"' _ "$log"
fi

# One closing line over every test binary: "N passed, N failed, N skipped".
read -r passed failed_n ignored < <(
  sed -n 's/^test result: [A-Za-z]*\. \([0-9]*\) passed; \([0-9]*\) failed; \([0-9]*\) ignored.*/\1 \2 \3/p' "$log" |
    awk '{p+=$1; f+=$2; i+=$3} END {print p+0, f+0, i+0}'
)

echo
if ((${#failed[@]})); then
  echo "FAILED steps: ${failed[*]}"
else
  echo "All steps passed."
fi
echo "tests: ${passed} passed, ${failed_n} failed, ${ignored} skipped"
((${#failed[@]} == 0))
