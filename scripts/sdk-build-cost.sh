#!/usr/bin/env bash
# What the crate docgen generates costs its users to build: generates a crate from a docs tree,
# then reports its Rust lines (per type, enum and route) and the time and peak memory of
# `cargo check` and `cargo build` (debug) of that crate alone, with its dependencies already
# built. Run by hand; not part of CI's timed path. Times are indicative on a shared machine:
# compare medians of several runs, and ratios between crates built the same way.
#
#   scripts/sdk-build-cost.sh [--docs DIR | --metadata FILE] [--include NAME]... [--runs N]
#                             [--label NAME] [--check-only]
#
# --include keeps a selection and what it needs (as `docgen generate --include`), e.g.
# `--include microsoft.graph.user --include microsoft.graph.group` for a few-types crate.
# --metadata generates from an OData CSDL document, once `docgen generate` takes one.
# The crate and its target folder go to target/sdk-cost/LABEL (override with SDK_COST_DIR).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
docs="$root/docs-input"
metadata=""
includes=()
runs=1
label=""
check_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --docs) docs="$2"; shift 2 ;;
    --metadata) metadata="$2"; shift 2 ;;
    --include) includes+=(--include "$2"); shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --label) label="$2"; shift 2 ;;
    --check-only) check_only=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "sdk-build-cost: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ -z "$label" ]; then
  label="$(basename "${metadata:-$docs}")${includes:+-selection}"
fi
base="${SDK_COST_DIR:-$root/target/sdk-cost}/$label"
krate="$base/sdk-cost-crate"
target="$base/target"
mkdir -p "$base"

cargo build --quiet -p docgen --manifest-path "$root/Cargo.toml"
docgen="${CARGO_TARGET_DIR:-$root/target}/debug/docgen"
source_args=(--docs "$docs")
if [ -n "$metadata" ]; then
  # The hook for metadata as a source: used as soon as `docgen generate` accepts it.
  if ! "$docgen" generate --help | grep -q -- '--metadata'; then
    echo "sdk-build-cost: this docgen cannot generate from metadata yet (no --metadata)" >&2
    exit 2
  fi
  source_args=(--metadata "$metadata")
fi
rm -rf "$krate"
mkdir -p "$krate"
summary="$("$docgen" generate "${source_args[@]}" --out "$krate" ${includes[@]+"${includes[@]}"} 2>&1 | tail -1)"
echo "$summary"
# A workspace of its own, with this workspace's lock file so dependency versions match.
printf '\n[workspace]\n' >>"$krate/Cargo.toml"
cp "$root/Cargo.lock" "$krate/Cargo.lock"

python3 - "$krate/src" "$summary" <<'PY'
import os, re, sys
src, summary = sys.argv[1], sys.argv[2]
m = re.search(r"(\d+) types, (\d+) enums, (\d+) routes", summary)
types, enums, routes = (int(x) for x in m.groups()) if m else (0, 0, 0)
lines = {"type": 0, "enum": 0, "route": 0, "other": 0}
total = 0
for dirpath, _, files in os.walk(src):
    for f in files:
        if not f.endswith(".rs"):
            continue
        path = os.path.join(dirpath, f)
        text = open(path, encoding="utf-8").read().splitlines()
        total += len(text)
        if f == "routes.rs":
            lines["route"] += len(text)
            continue
        if f in ("lib.rs", "runtime.rs", "registry.rs"):
            lines["other"] += len(text)
            continue
        # Doc comments and attributes go with the declaration below them, impls with the
        # declaration above; a union (`pub enum Any...` of boxed variants) is its type's.
        kind, pending = "other", 0
        for line in text:
            decl = re.match(r"pub (struct|enum) (\w+)", line)
            if decl:
                kind = "type" if decl.group(1) == "struct" or decl.group(2).startswith("Any") else "enum"
                lines[kind] += pending + 1
                pending = 0
            elif line.startswith("///") or line.startswith("#["):
                pending += 1
            else:
                lines[kind] += pending + 1
                pending = 0
        lines[kind] += pending
def per(n, d):
    return f"{n / d:.1f}" if d else "-"
print(f"rust lines: {total} (types and unions {lines['type']}, enums {lines['enum']}, routes {lines['route']}, runtime/registry/lib {lines['other']})")
print(f"lines per type: {per(lines['type'], types)}, per enum: {per(lines['enum'], enums)}, per route: {per(lines['route'], routes)}")
PY

# One timed cargo command on the crate alone: wall seconds and peak memory (MB) of the largest
# process (rustc), from GNU time.
measure() {
  local what="$1"
  (cd "$krate" && CARGO_TARGET_DIR="$target" cargo clean --quiet -p "$name" >/dev/null 2>&1 || true)
  local log="$base/time-$what.log"
  (cd "$krate" && CARGO_TARGET_DIR="$target" /usr/bin/time -v cargo "$what" --quiet 2>"$log" >/dev/null) || {
    echo "sdk-build-cost: cargo $what failed; see $log" >&2
    tail -20 "$log" >&2
    exit 1
  }
  local wall cpu mem
  wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')"
  # CPU seconds (user + system) move less than wall time when other builds share the machine.
  cpu="$(sed -n 's/.*\(User\|System\) time (seconds): //p' "$log" | awk '{ s += $1 } END { print s }')"
  mem="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")"
  echo "$wall $cpu $((mem / 1024))"
}
name="$(sed -n 's/^name = "\(.*\)"/\1/p' "$krate/Cargo.toml" | head -1)"

commands=(check)
[ "$check_only" = 1 ] || commands+=(build)
# Dependencies first, untimed: built for an empty crate of the same manifest.
mv "$krate/src" "$krate/src.generated"
mkdir "$krate/src" && echo '//! Empty.' >"$krate/src/lib.rs"
for what in "${commands[@]}"; do
  (cd "$krate" && CARGO_TARGET_DIR="$target" cargo "$what" --quiet >/dev/null 2>&1) || true
done
rm -r "$krate/src" && mv "$krate/src.generated" "$krate/src"
for what in "${commands[@]}"; do
  results=()
  for _ in $(seq "$runs"); do
    results+=("$(measure "$what")")
  done
  printf '%s\n' "${results[@]}" | sort -n | awk -v what="$what" -v n="$runs" '
    { t[NR] = $1; c[NR] = $2; if ($3 > peak) peak = $3 }
    END { mid = int((n + 1) / 2); printf "cargo %s: median %.1f s wall of %d run(s) (min %.1f, max %.1f), %.1f s CPU, peak memory %d MB\n", what, t[mid], n, t[1], t[n], c[mid], peak }'
done
