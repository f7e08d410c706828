#!/usr/bin/env bash
# Build benchmark of editions: what released editions cost `clusterbook build`
# on the bundled handbook.
#
#   bench/editions.sh [HANDBOOK]
#
# HANDBOOK is a handbook root (a folder holding content/site.yaml; default:
# the bundled handbook). Its content/ and themes/ (not versions/) are copied
# three times into a temporary folder:
#   plain  no edition: the site at the root, as before the first release
#   1      `release 2026.1`: 2026.1/, latest/ and next/
#   10     `release 2026.1` … `release 2026.10`, one case's body given a new
#          sentence before each release after the first, so that no two
#          editions are alike
#   10, again  the 10-edition handbook built again over its own output (an
#          untimed build made it first): the everyday rebuild, where each
#          released edition whose inputs did not change is reused from the
#          previous output instead of rendered
# (releases with --allow-dirty: the copies are not git repositories). Then
# each is built RUNS times with the release binary, runs interleaved (run 1
# of plain, 1 and 10, then run 2, …) so that a noisy moment of the shared
# machine falls on all three alike, each into a fresh folder after `sync`,
# under /usr/bin/time -v (the rebuild into its one output folder). Prints the median wall time (min–max), median CPU
# time, peak RSS and the output, then the ratios of the median wall and CPU
# times of 10 editions to 1 edition and to plain, and `uptime` before and
# after. Nothing is asserted. The temporary folder is removed at the end.
#
# Environment:
#   RUNS=n                runs per handbook (default 3)
#   CLUSTERBOOK_BIN=path  benchmark this binary instead of running
#                         `cargo build --release` and using target/release
#   KEEP=1                keep the temporary folder (its path is printed)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
src="${1:-$here}"
runs="${RUNS:-3}"
[ -f "$src/content/site.yaml" ] || { echo "bench: $src holds no content/site.yaml" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

# shellcheck source=bench/lib.sh
. "$here/bench/lib.sh"
bin="$(clusterbook_bin "$here")"

work="$(mktemp -d "${TMPDIR:-/tmp}/cb-editions-bench.XXXXXX")"
if [ -n "${KEEP:-}" ]; then echo "bench: keeping $work" >&2; else trap 'rm -rf "$work"' EXIT; fi

# copy NAME: the handbook's content and theme overrides in $work/NAME.
copy() {
  mkdir -p "$work/$1"
  cp -r "$src/content" "$work/$1/content"
  if [ -d "$src/themes" ]; then cp -r "$src/themes" "$work/$1/themes"; fi
}

# The case whose body changes between releases: the first one that is not a
# translation (name.xx.md).
first_case() {
  local f
  for f in "$src"/content/cases/*.md; do
    f="${f##*/}"
    case "$f" in *.??.md) ;; *) echo "$f"; return ;; esac
  done
}
case_file="$(first_case)"
[ -n "$case_file" ] || { echo "bench: $src has no case to edit between releases" >&2; exit 2; }

# editions NAME N: releases 2026.1 … 2026.N of $work/NAME.
editions() {
  local root="$work/$1" n="$2" i
  for i in $(seq 1 "$n"); do
    if [ "$i" -gt 1 ]; then
      printf '\nEn mening som kom till i utgåva 2026.%s.\n' "$i" >>"$root/content/cases/$case_file"
    fi
    SOURCE_DATE_EPOCH=1796083200 "$bin" release "2026.$i" --allow-dirty --root "$root" \
      --notes "Utgåva $i" >/dev/null 2>"$work/release.log" ||
      { echo "bench: release 2026.$i of $1 failed:" >&2; cat "$work/release.log" >&2; exit 1; }
  done
}

copy plain
copy 1; editions 1 1
copy 10; editions 10 10
variants=(plain 1 10 10again)
declare -A label=([plain]="plain (no edition)" [1]="1 edition" [10]="10 editions" [10again]="10 editions, built again over its output")
mkdir -p "$work/again"
"$bin" build --root "$work/10" --out "$work/again/dist" >/dev/null 2>&1 ||
  { echo "bench: the first build of 10 editions failed" >&2; exit 1; }
pages=$(find "$work/plain/content" -name '*.md' | wc -l)
echo "bench: $("$bin" --version 2>/dev/null || echo "$bin"); $src: $pages Markdown files; RUNS=$runs; edited between releases: content/cases/$case_file"
echo "uptime before: $(uptime)"

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
minmax() { printf '%s\n' "$@" | sort -g | awk 'NR==1{mn=$1} {mx=$1} END {printf "%.2f–%.2f", mn, mx}'; }

# measure VARIANT: one build of $work/VARIANT into a fresh folder under
# /usr/bin/time -v; appends wall/CPU/RSS to the variant's lists and keeps
# the output figures (and the build's summary line) of the last run.
declare -A walls cpus rsss bytes files summary
measure() {
  local variant="$1" root out log
  root="${variant%again}"
  if [ "$root" != "$variant" ]; then
    out="$work/again/dist"
  else
    out="$(mktemp -d -p "$work" out.XXXXXX)/dist"
  fi
  sync  # the previous run's writes are not this run's work
  log="$work/time.log"
  if ! /usr/bin/time -v "$bin" build --root "$work/$root" --out "$out" >"$log.out" 2>"$log"; then
    echo "bench: the build of $variant failed:" >&2
    cat "$log.out" "$log" >&2
    exit 1
  fi
  summary[$variant]="$(grep '^built' "$log.out" "$log" -h | tail -n 1)"
  walls[$variant]+=" $(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")"
  cpus[$variant]+=" $(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$log")"
  rsss[$variant]+=" $(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")"
  bytes[$variant]=$(du -sb "$out" | cut -f1)
  files[$variant]=$(find "$out" -type f | wc -l)
  [ "$root" != "$variant" ] || rm -rf "$(dirname "$out")"
}

for r in $(seq 1 "$runs"); do
  for v in "${variants[@]}"; do
    measure "$v"
    echo "run $r, ${label[$v]}: $(echo "${walls[$v]}" | awk '{print $NF}') s" >&2
  done
done

printf '\n| handbook | median wall s (min–max) | median CPU s | peak RSS MiB (max) | output |\n'
printf '|---|---:|---:|---:|---:|\n'
declare -A mwall mcpu
for v in "${variants[@]}"; do
  # shellcheck disable=SC2086  # the lists are space-separated numbers
  mwall[$v]=$(median ${walls[$v]})
  # shellcheck disable=SC2086
  mcpu[$v]=$(median ${cpus[$v]})
  # shellcheck disable=SC2086
  printf '| %s | %.2f (%s) | %.2f | %s | %s |\n' "${label[$v]}" "${mwall[$v]}" "$(minmax ${walls[$v]})" \
    "${mcpu[$v]}" "$(printf '%s\n' ${rsss[$v]} | sort -g | tail -n 1)" \
    "$(awk -v b="${bytes[$v]}" -v f="${files[$v]}" 'BEGIN {printf "%.1f MiB / %d files", b/1048576, f}')"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
echo
echo "10 editions / 1 edition: wall $(ratio "${mwall[10]}" "${mwall[1]}")×, CPU $(ratio "${mcpu[10]}" "${mcpu[1]}")×"
echo "10 editions again / 1:   wall $(ratio "${mwall[10again]}" "${mwall[1]}")×, CPU $(ratio "${mcpu[10again]}" "${mcpu[1]}")×"
echo "10 editions / plain:     wall $(ratio "${mwall[10]}" "${mwall[plain]}")×, CPU $(ratio "${mcpu[10]}" "${mcpu[plain]}")×"
echo
for v in "${variants[@]}"; do echo "${label[$v]}: ${summary[$v]}"; done
echo "uptime after: $(uptime)"
