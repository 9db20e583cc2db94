#!/usr/bin/env bash
# Fuzzes every target in fuzz/ for FUZZ_SECONDS each (default 60), one after
# the other, seeded from the test corpora, and prints a table of what each did.
#
#   scripts/fuzz.sh                         # every target, 60 s each
#   FUZZ_SECONDS=300 scripts/fuzz.sh fix    # one target, five minutes
#
# Needs the nightly toolchain (cargo-fuzz builds with it) and jq; installs
# cargo-fuzz when it is missing. Seeds go to fuzz/seeds/, what the fuzzer finds
# to fuzz/corpus/ (kept between runs), crashing inputs to fuzz/artifacts/;
# all three are git-ignored. Exits non-zero when a target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
all=(engine fix read_json read_jsonl read_yaml read_csv rules config)
targets=("$@")
((${#targets[@]})) || targets=("${all[@]}")

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
command -v jq >/dev/null || { echo "fuzz.sh: jq is needed to seed from the corpus" >&2; exit 2; }

# The longest input each target is given: a few replies for the engine, a
# small export for the readers, a handful of rules for the rule-file parser.
max_len() {
    case $1 in
        engine | fix) echo 4096 ;;
        rules | config) echo 8192 ;;
        *) echo 16384 ;;
    esac
}

# Copies files into a seed folder, each behind a one-byte prefix (the engine's
# format byte, see fuzz/src/lib.rs; empty for the readers).
copy_seeds() {
    local dir=$1 prefix=$2
    shift 2
    for file in "$@"; do
        { printf '%s' "$prefix"; cat "$file"; } >"$dir/$(basename "$file")"
    done
}

# The labelled corpora, never the held-out ones.
corpora() {
    local file
    for file in tests/corpus/*.jsonl; do
        [[ $file == *holdout* ]] || echo "$file"
    done
}

# The engine's seeds: every reply of the corpora as plain text, and the sample
# replies in their own formats.
engine_seeds() {
    local dir=$1 n=0 text file
    for file in $(corpora); do
        while IFS= read -r -d '' text; do
            printf 'p%s' "$text" >"$dir/corpus-$((n++))"
        done < <(jq -j '.text + "\u0000"' "$file")
    done
    for file in tests/agreement/0* examples/replies/* tests/corpus/real-findings.md; do
        case $file in
            *.md) copy_seeds "$dir" m "$file" ;;
            *.html) copy_seeds "$dir" h "$file" ;;
            *) copy_seeds "$dir" p "$file" ;;
        esac
    done
}

# One seed per `[[rule]]` of the pack, the shared sets on their own, and the
# rule files shown in rules/README.md.
rule_seeds() {
    local dir=$1 file
    for file in rules/*.toml; do
        awk -v out="$dir/$(basename "$file" .toml)" '/^\[\[rule\]\]/ { n++ } n { print > (out "-" n ".toml") }' "$file"
    done
    cp rules/sets.toml "$dir/"
    toml_blocks "$dir" rules/README.md
}

# Each TOML code block of a Markdown file as a seed of its own.
toml_blocks() {
    awk -v out="$1/$(basename "$2" .md)-block" '/^```toml/ { n++; keep = 1; next } /^```/ { keep = 0 } keep { print > (out "-" n ".toml") }' "$2"
}

seed() {
    local target=$1 dir=fuzz/seeds/$1
    rm -rf "$dir"
    mkdir -p "$dir" "fuzz/corpus/$target" "fuzz/artifacts/$target"
    local formats=tests/fixtures/formats
    case $target in
        engine | fix) engine_seeds "$dir" ;;
        read_json) copy_seeds "$dir" '' "$formats"/*.json ;;
        read_jsonl) copy_seeds "$dir" '' "$formats"/*.jsonl $(corpora) ;;
        read_yaml) copy_seeds "$dir" '' "$formats"/*.yaml "$formats"/*.yml examples/ci/*.yml ;;
        read_csv) copy_seeds "$dir" '' "$formats"/*.csv ;;
        rules) rule_seeds "$dir" ;;
        config) copy_seeds "$dir" '' tests/agreement/config.toml && toml_blocks "$dir" README.md ;;
        *) echo "fuzz.sh: unknown target $target" >&2 && exit 2 ;;
    esac
}

# Panics, not memory errors, are what safe Rust can hit, so no sanitizer: it
# would only slow every run down. Debug assertions and overflow checks stay on.
cargo +nightly fuzz build --sanitizer none

rows=()
crashed=0
for target in "${targets[@]}"; do
    seed "$target"
    log=fuzz/artifacts/$target/last-run.log
    before=$(find "fuzz/artifacts/$target" -type f ! -name '*.log' | wc -l)
    start=$SECONDS
    # One process, one job: the machine is shared.
    cargo +nightly fuzz run --sanitizer none "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
        -max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=10 -rss_limit_mb=4096 \
        -print_final_stats=1 >"$log" 2>&1 || true
    after=$(find "fuzz/artifacts/$target" -type f ! -name '*.log' | wc -l)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    corpus=$(find "fuzz/corpus/$target" -type f | wc -l)
    rows+=("$target $((SECONDS - start)) ${execs:-?} $corpus $((after - before))")
    ((after > before)) && crashed=1 && echo "fuzz.sh: $target crashed; see $log" >&2
done

printf '%-12s %8s %12s %8s %8s\n' target seconds executions corpus crashes
for row in "${rows[@]}"; do
    # shellcheck disable=SC2086 # the row's fields are split on purpose
    printf '%-12s %8s %12s %8s %8s\n' $row
done
exit "$crashed"
