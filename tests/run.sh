#!/usr/bin/env bash
# The whole test suite, also on a fresh machine: installs what the tests
# need (Debian's chromium, Java for the HTML checker, pdftotext for the
# printed pages, the npm packages of tests/browser), then runs
#   1. cargo test          unit tests, fixture builds, diagnostics snapshots
#   2. clusterbook check   the bundled handbook, strict (no warnings)
#   3. browser tests       Chromium via playwright-core: navigation over
#                          http and file://, search, accessibility (axe-core),
#                          HTML validity (Nu checker)
# and ends with one line "tests: N passed, N failed". Exit 0 only if all pass.
set -uo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing ${need_apt[*]} (apt)"
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null \
    || { echo "tests: cannot install ${need_apt[*]}" >&2; exit 1; }
fi
if [ ! -d tests/browser/node_modules/playwright-core ] || [ tests/browser/package-lock.json -nt tests/browser/node_modules ]; then
  echo "== installing npm packages of tests/browser"
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) || { echo "tests: npm ci failed" >&2; exit 1; }
fi

# The binary cargo builds (honours CARGO_TARGET_DIR, relative or absolute).
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$PWD/$target_dir" ;; esac
bin="$target_dir/debug/clusterbook"

logs="$(mktemp -d)"
status=0

echo "== cargo test"
cargo test --locked 2>&1 | tee "$logs/cargo.log" || status=1

echo "== clusterbook check --strict (the bundled handbook)"
if "$bin" check --strict; then
  echo "check: 1 passed, 0 failed" > "$logs/check.log"
else
  echo "check: 0 passed, 1 failed" > "$logs/check.log"; status=1
fi

echo "== browser tests"
(cd tests/browser && CLUSTERBOOK_BIN="$bin" \
  node --test --test-concurrency=1 --test-reporter=spec ./*.test.mjs) 2>&1 | tee "$logs/browser.log" || status=1

passed=$(( $(grep -hoE 'test result: [a-zA-Z]+\. [0-9]+ passed' "$logs/cargo.log" | awk '{s+=$4} END {print s+0}') \
  + $(grep -oE '[0-9]+ passed' "$logs/check.log" | awk '{s+=$1} END {print s+0}') \
  + $(grep -hoE '^ℹ pass [0-9]+' "$logs/browser.log" | awk '{s+=$3} END {print s+0}') ))
failed=$(( $(grep -hoE '[0-9]+ failed;' "$logs/cargo.log" | awk '{s+=$1} END {print s+0}') \
  + $(grep -oE '[0-9]+ failed' "$logs/check.log" | awk '{s+=$1} END {print s+0}') \
  + $(grep -hoE '^ℹ fail [0-9]+' "$logs/browser.log" | awk '{s+=$3} END {print s+0}') ))
[ "$failed" -eq 0 ] || status=1
rm -rf "$logs"
echo "tests: $passed passed, $failed failed"
exit $status
