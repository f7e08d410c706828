#!/usr/bin/env bash
# Benchmarks clusterbook's search index against Pagefind 1.x on the synthetic
# corpus (bench/corpus.py), for 1,000 and 10,000 pages:
# total index bytes, bytes fetched for a typical query, index build time and
# query latency in headless Chromium, side by side. Prints a Markdown table.
#
#   bench/search.sh                 # N = 1000 and 10000
#   SIZES="1000" bench/search.sh    # one size
#   ROUNDS=5 bench/search.sh        # each query measured 5 times (default 3)
#
# Needs: cargo, python3, node and npm (Pagefind comes from the npm registry
# into $BENCH_DIR, its binary shipped inside the package), Debian's
# /usr/bin/chromium and tests/browser/node_modules (playwright-core:
# `cd tests/browser && npm ci`). Work files go to $BENCH_DIR
# (default /tmp/clusterbook-bench); nothing is written into the repository.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
sizes="${SIZES:-1000 10000}"
work="${BENCH_DIR:-/tmp/clusterbook-bench}"
gen="${GEN_CORPUS:-$repo/bench/corpus.py}"
mkdir -p "$work"

# shellcheck source=bench/lib.sh
. "$repo/bench/lib.sh"
CLUSTERBOOK_BIN="$(clusterbook_bin "$repo")"
if [[ ! -x "$work/node_modules/.bin/pagefind" ]]; then
  (cd "$work" && { [[ -f package.json ]] || npm init -y >/dev/null; } && npm install --silent --no-audit --no-fund pagefind@1 >/dev/null)
fi
pagefind_version="$("$work/node_modules/.bin/pagefind" --version 2>/dev/null | tail -1)"

now() { date +%s.%N; }
results=()
for n in $sizes; do
  corpus="$work/corpus$n"
  if [[ ! -d "$corpus/clusterbook" ]]; then
    python3 "$gen" "$n" "$corpus" >/dev/null
  fi
  site="$work/site$n"
  # clusterbook: the summary line reports the index and the time it took.
  # A default build, as published (pages and theme scripts minified; the
  # pages keep their <html>/<head> tags and closing tags, which Pagefind
  # needs to find their language).
  line="$("$CLUSTERBOOK_BIN" build --root "$corpus/clusterbook" --out "$site" 2>/dev/null | grep '^built')"
  cb_seconds="$(sed -E 's/.*search index .* files \(([0-9.]+) s\).*/\1/' <<<"$line")"
  # Pagefind, on the same built pages (it reads the HTML, not our index).
  rm -rf "$site/pagefind"
  start="$(now)"
  "$work/node_modules/.bin/pagefind" --site "$site" >"$work/pagefind$n.log" 2>&1
  pf_seconds="$(python3 -c "print(round($(now) - $start, 2))")"
  if ! grep -q "Indexed [1-9][0-9]* pages" "$work/pagefind$n.log"; then
    echo "Pagefind indexed nothing; see $work/pagefind$n.log" >&2
    exit 1
  fi
  results+=("$(node "$here/search-bench.mjs" "$site" "$n" "$cb_seconds" "$pf_seconds")")
done

echo
echo "Search index: clusterbook vs Pagefind ${pagefind_version:-1.x} (headless Chromium, 127.0.0.1)"
echo
node "$here/search-bench.mjs" --table "${results[@]}"
