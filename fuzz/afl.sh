#!/usr/bin/env bash
# Coverage-guided fuzzing with SharpFuzz + AFL++ (docs/reliability.md).
#   bash fuzz/afl.sh text [SECONDS]       texts (raw UTF-16LE) through the tokenizers and Classify
#   bash fuzz/afl.sh manifest [SECONDS]   bundle manifests (weights intact) through the loader
# Installs afl++ (Debian) and the sharpfuzz tool when missing, publishes the harness, instruments
# TextClassification.dll, runs afl-fuzz for SECONDS (default 300) and copies any crash into fuzz/crashes.
set -euo pipefail
target=${1:-text}
seconds=${2:-300}
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/fuzz/TextClassification.Fuzz/obj/afl"
mkdir -p "$work"

command -v afl-fuzz >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++; }
[ -x "$work/tools/sharpfuzz" ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$work/tools"

rm -rf "$work/bin"
dotnet publish "$root/fuzz/TextClassification.Fuzz" -c Release -o "$work/bin" --nologo -v quiet
harness=(dotnet "$work/bin/TextClassification.Fuzz.dll")

in="$work/in-$target"
out="$work/out-$target"
rm -rf "$in" "$out"
mkdir -p "$in"
case "$target" in
  text)
    # Small seeds only (AFL works best on inputs under a few KB).
    find "$root/fuzz/corpus" -name 'text-*.utf16' -size -4k -exec cp {} "$in" \;
    run=(afl-text)
    ;;
  manifest)
    rm -rf "$work/pristine"
    "${harness[@]}" write-bundle "$work/pristine" 1
    cp "$work/pristine/textclassifier.json" "$in/ensemble.json"
    run=(afl-manifest "$work/pristine")
    ;;
  *) echo "usage: bash fuzz/afl.sh text|manifest [SECONDS]" >&2; exit 2 ;;
esac

# Instrument last: instrumented code must not run outside Fuzzer.Run (write-bundle above runs it plain).
"$work/tools/sharpfuzz" "$work/bin/TextClassification.dll"

export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
afl-fuzz -V "$seconds" -t 30000 -m none -i "$in" -o "$out" -- "${harness[@]}" "${run[@]}" > "$work/afl-$target.log" 2>&1 || true

stats="$out/default/fuzzer_stats"
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|bitmap_cvg|edges_found|total_edges)' "$stats" || { tail -30 "$work/afl-$target.log"; exit 1; }

crashes=0
for crash in "$out"/default/crashes/id:*; do
  [ -e "$crash" ] || continue
  crashes=$((crashes + 1))
  hash=$(sha256sum "$crash" | cut -c1-12)
  if [ "$target" = text ]; then
    cp "$crash" "$root/fuzz/crashes/text-$hash.utf16"
  else
    mkdir -p "$root/fuzz/crashes/bundle-$hash"
    cp "$work"/pristine/*.bin "$root/fuzz/crashes/bundle-$hash/"
    cp "$crash" "$root/fuzz/crashes/bundle-$hash/textclassifier.json"
  fi
done
echo "crashes copied to fuzz/crashes: $crashes"
[ "$crashes" -eq 0 ]
