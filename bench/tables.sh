#!/usr/bin/env bash
# Memory benchmark: peak RSS of `check` and `build` on a handbook whose one
# page is a Markdown table of N MB (issue #11: memory stays within a small
# multiple of the input).
#
#   bench/tables.sh [MB ...]      (default: 1 5)
#
# For each size: writes the handbook once to /tmp/cb-tables-MB (a page
# `content/pages/tabell.md` of rows `| Rad 17 | Kluster 17 | 2013 | … |`),
# then runs `check` and `build` once each with GNU time and prints the
# wall time and peak RSS. Needs /usr/bin/time.
#
# Environment:
#   CLUSTERBOOK_BIN=path   measure this binary (default: target/release,
#                          built with `cargo build --release` first)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1 5)
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
# shellcheck source=bench/lib.sh
. "$here/bench/lib.sh"
bin="$(clusterbook_bin "$here")"

make_handbook() { # MB DIR
  rm -rf "$2"
  mkdir -p "$2/content/pages"
  printf 'title: Tabeller\nlanguages: [sv]\n' > "$2/content/site.yaml"
  python3 - "$1" "$2/content/pages/tabell.md" <<'PY'
import sys
mb, path = float(sys.argv[1]), sys.argv[2]
want = int(mb * 1024 * 1024)
with open(path, "w") as f:
    f.write("---\ntitle: Tabell\n---\n\n| Rad | Kluster | År | Anteckning |\n|---|---|---|---|\n")
    n, size = 0, 0
    while size < want:
        row = f"| Rad {n} | Kluster {n % 97} | {2000 + n % 25} | Text om rad {n} |\n"
        f.write(row)
        size += len(row.encode())
        n += 1
PY
}

printf '%-6s %-6s %9s %12s %5s\n' MB command wall "peak RSS" exit
for mb in "${sizes[@]}"; do
  dir="/tmp/cb-tables-$mb"
  make_handbook "$mb" "$dir"
  for cmd in check build; do
    args=("$cmd" --root "$dir")
    [ "$cmd" = build ] && args+=(--out "$dir/dist")
    /usr/bin/time -f '%e %M %x' -o /tmp/cb-tables-time "$bin" "${args[@]}" >/dev/null 2>&1 || true
    read -r wall kb code < <(tail -1 /tmp/cb-tables-time)
    printf '%-6s %-6s %8ss %9d MB %5s\n' "$mb" "$cmd" "$wall" "$((kb / 1024))" "$code"
  done
done
