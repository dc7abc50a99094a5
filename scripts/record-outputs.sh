#!/usr/bin/env bash
# Record what docgen produces on the v1.0 corpus, on docs-input/ and on the hostile pages, so a
# refactoring can show its outputs are byte-identical (or list every difference):
#   scripts/record-outputs.sh OUT_DIR    then    diff -r BEFORE AFTER
# Model dumps are recorded with the Rust names stripped (`rust` keys), so a model that no longer
# carries them compares equal; the Rust side is covered by the generated crates themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/record-outputs.sh OUT_DIR}
corpus=${DOCGEN_CORPUS:-$(cd .. && pwd)/shared/corpus}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cargo build -q --release -p docgen
bin=$PWD/target/release/docgen
strip_rust() {
  python3 -c 'import json,sys
def s(v):
    if isinstance(v, dict): return {k: s(x) for k, x in v.items() if k not in ("rust",)}
    if isinstance(v, list): return [s(x) for x in v]
    return v
json.dump(s(json.load(sys.stdin)), sys.stdout, indent=1, sort_keys=True, ensure_ascii=False)'
}
record_tree() { # name docs-root
  local name=$1 docs=$2 tmp
  "$bin" model --docs "$docs" --format json | strip_rust >"$out/$name.model.json"
  "$bin" lint --docs "$docs" --format json --severity note >"$out/$name.lint.json" 2>/dev/null || true
  for layout in features no-features; do
    tmp=$(mktemp -d)
    if [ "$layout" = features ]; then "$bin" generate --docs "$docs" --out "$tmp" --force >/dev/null 2>&1
    else "$bin" generate --docs "$docs" --out "$tmp" --force --no-features >/dev/null 2>&1; fi
    (cd "$tmp" && find . -type f -name '*.rs' -o -name Cargo.toml | sort | xargs cat) >"$out/$name.generated-$layout.rs"
    rm -rf "$tmp"
  done
  "$bin" export --docs "$docs" --format openapi --json >"$out/$name.openapi.json" 2>/dev/null || true
  "$bin" export --docs "$docs" --format csdl >"$out/$name.csdl.xml" 2>/dev/null || true
}
record_tree docs-input docs-input
record_tree hostile tests/hostile
record_tree v1.0 "$corpus/graph-docs-v1.0"
"$bin" compare --docs "$corpus/graph-docs-v1.0" --metadata "$corpus/metadata/v1.0-2021-07.csdl.xml" --format json >"$out/v1.0.compare.json"
"$bin" compare --docs "$corpus/graph-docs-v1.0" --metadata "$corpus/metadata/v1.0-2021-07.csdl.xml" --drift >"$out/v1.0.drift.txt" || true
"$bin" diff "$corpus/graph-docs-v1.0-2021-05" "$corpus/graph-docs-v1.0" --format json >"$out/v1.0.diff.json" || true
"$bin" model --metadata "$corpus/metadata/v1.0-2021-07.csdl.xml" --format json | strip_rust >"$out/metadata-2021.model.json"
ls -la "$out"
