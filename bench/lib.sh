# Shared by the bench scripts (sourced, not run): the binary they measure.
#
# clusterbook_bin REPO: prints $CLUSTERBOOK_BIN when set; otherwise runs
# `cargo build --release` in REPO and prints the release binary's absolute
# path (under $CARGO_TARGET_DIR when set, relative paths taken from REPO).
clusterbook_bin() {
  local repo="$1" bin
  if [ -n "${CLUSTERBOOK_BIN:-}" ]; then
    printf '%s\n' "$CLUSTERBOOK_BIN"
    return
  fi
  (cd "$repo" && cargo build --release --quiet) >&2
  bin="${CARGO_TARGET_DIR:-$repo/target}/release/clusterbook"
  case "$bin" in /*) ;; *) bin="$repo/$bin" ;; esac
  printf '%s\n' "$bin"
}
