#!/usr/bin/env bash
# Build benchmark: clusterbook on the synthetic handbook that the peers'
# figures in ../shared/bench/README.md were measured on.
#
#   bench/build.sh [N ...]        (default: 1000 10000)
#
# For each N: generates the corpus once (python3 ../shared/bench/gen_corpus.py
# N /tmp/cb-corpus-N, seed 1), builds it 3 times (RUNS) with the release
# binary — with the search index ("clusterbook") and without it
# ("clusterbook-nosearch", --no-search, like the peers' zola-nosearch) — and
# prints the median wall time (min-max), median CPU time, peak RSS and the
# output size, in the peers' table format. Each run writes to a fresh
# folder. Needs GNU time (/usr/bin/time).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
gen="${GEN_CORPUS:-$here/../shared/bench/gen_corpus.py}"
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
[ -f "$gen" ] || { echo "bench: corpus generator not found at $gen (set GEN_CORPUS)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

(cd "$here" && cargo build --release --quiet)
bin="$here/target/release/clusterbook"
runs="${RUNS:-3}"

printf '| N | tool | median wall s (min-max) | median CPU s | peak RSS MiB | output | search index bytes |\n'
printf '|---:|---|---:|---:|---:|---:|---:|\n'
for n in "${sizes[@]}"; do
  corpus="/tmp/cb-corpus-$n"
  [ -f "$corpus/manifest.json" ] || python3 "$gen" "$n" "$corpus" >/dev/null
  for variant in clusterbook clusterbook-nosearch; do
  flags=(); [ "$variant" = clusterbook ] || flags=(--no-search)
  walls=(); cpus=(); rsss=(); summary=""
  for _ in $(seq "$runs"); do
    out="$(mktemp -d)/dist"
    log="$(mktemp)"
    /usr/bin/time -v "$bin" build "${flags[@]}" --root "$corpus/clusterbook" --out "$out" >"$log.out" 2>"$log"
    summary="$(tail -n 1 "$log.out")"
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")
    cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$log")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
    walls+=("$wall"); cpus+=("$cpu"); rsss+=("$rss")
    rm -f "$log" "$log.out"
    bytes=$(du -sb "$out" | cut -f1)
    files=$(find "$out" -type f | wc -l)
    index=$(find "$out/search" -type f ! -name index.html -printf '%s\n' 2>/dev/null | awk '{s+=$1} END {print s+0}')
    rm -rf "$(dirname "$out")"
  done
  median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  minmax() { printf '%s\n' "$@" | sort -g | awk 'NR==1{mn=$1} {mx=$1} END {printf "%.2f-%.2f", mn, mx}'; }
  printf '| %s | %s | %.2f (%s) | %.2f | %s | %.1f MiB / %s files | %s |\n' \
    "$n" "$variant" "$(median "${walls[@]}")" "$(minmax "${walls[@]}")" "$(median "${cpus[@]}")" \
    "$(median "${rsss[@]}")" "$(awk -v b="$bytes" 'BEGIN {print b/1048576}')" "$files" "${index:-0}"
  echo "    last run: $summary" >&2
  done
done
