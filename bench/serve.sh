#!/usr/bin/env bash
# Rebuild benchmark of `clusterbook serve`: how long from saving a file to
# the browser getting the changed page.
#
#   bench/serve.sh [HANDBOOK] [N]
#
# HANDBOOK is a handbook root (a folder holding content/site.yaml; default:
# the bundled handbook). Its content/ and themes/ are copied to a
# temporary folder, which the release binary serves on a free port. Then
# N times (default 15) one case's body gets a new sentence, and
# bench/serve_edits.py times from the write to the page being served
# anew, polling it over HTTP on one kept-alive connection. Prints each
# edit, then the median, min and max; nothing is asserted. Then it times
# Ctrl-C: SIGINT to the server and the time until it has exited, sent
# while a rebuild runs (just after one more save; STOP=idle sends it to a
# quiet server instead), and lists what the server left in the temporary
# folder it was given as TMPDIR (it writes nothing there). The temporary copy is removed at the
# end.
#
# Environment:
#   CLUSTERBOOK_BIN=path  benchmark this binary instead of running
#                         `cargo build --release` and using target/release
#   CASE=id               the case edited (default: the first of content/cases)
#   PAUSE=s               seconds between edits (default 1; on 10,000 pages
#                         give the search index time, e.g. 8)
#   STOP=idle|rebuild     when SIGINT is sent (default rebuild: 20 ms after
#                         a save, when the rebuild it starts is running)
#   LOG=path              keep serve's own log (stderr) there, e.g. with
#                         CLUSTERBOOK_TIMINGS=1 for the time of each stage
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
src="${1:-$here}"
edits="${2:-15}"
[ -f "$src/content/site.yaml" ] || { echo "bench: $src holds no content/site.yaml" >&2; exit 2; }

# shellcheck source=bench/lib.sh
. "$here/bench/lib.sh"
bin="$(clusterbook_bin "$here")"

work="$(mktemp -d "${TMPDIR:-/tmp}/cb-serve-bench.XXXXXX")"
server=""
cleanup() {
  if [ -n "$server" ]; then kill -INT "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
cp -r "$src/content" "$work/content"
[ -d "$src/themes" ] && cp -r "$src/themes" "$work/themes"

first_case() {
  local f
  for f in "$work"/content/cases/*.md; do
    f="${f##*/}"
    case "$f" in *.??.md) ;; *) echo "${f%.md}"; return ;; esac
  done
}
case_id="${CASE:-$(first_case)}"
pages=$(find "$work/content" -name '*.md' | wc -l)

mkdir "$work/tmp"
TMPDIR="$work/tmp" "$bin" serve --root "$work" --port 0 >"$work/serve.out" 2>"$work/serve.err" &
server=$!
# The first build of a large handbook takes a while on a busy machine: wait
# as long as the server lives (up to an hour).
for _ in $(seq 1 36000); do
  grep -q '^serving ' "$work/serve.out" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
  sleep 0.1
done
url="$(grep -o 'http://[^ ]*' "$work/serve.out" | head -n 1 || true)"
[ -n "$url" ] || { echo "bench: serve printed no address" >&2; cat "$work/serve.err" >&2; exit 1; }
echo "serve: $(grep '^built' "$work/serve.err" | head -n 1) ($pages Markdown files, $url)"
echo "editing content/cases/$case_id.md, $edits times"
python3 "$here/bench/serve_edits.py" "$url" "$work/content/cases/$case_id.md" "cases/$case_id/" "$edits"
echo "serve's own log of the rebuilds:"
grep '^rebuilt' "$work/serve.err" | sed 's/^/  /' | tail -n 5

# Ctrl-C: SIGINT, then the time until the process has exited.
if [ "${STOP:-rebuild}" = rebuild ]; then
  printf '\n\nEn mening till.\n' >>"$work/content/cases/$case_id.md"
  sleep 0.02
fi
t0=$(date +%s%N)
kill -INT "$server"
status=0
wait "$server" || status=$?
t1=$(date +%s%N)
server=""
echo "Ctrl-C ($(printf %s "${STOP:-rebuild}")): exited $(( (t1 - t0) / 1000000 )) ms after SIGINT, status $status"
grep '^rebuilt\|^stopped' "$work/serve.err" | tail -n 2 | sed 's/^/  /'
[ -n "${LOG:-}" ] && cp "$work/serve.err" "$LOG"
left="$(ls -A "$work/tmp")"
echo "left in its TMPDIR: ${left:-nothing}"
