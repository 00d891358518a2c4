#!/usr/bin/env bash
# Publishes the core runtime whole and samples/Game as NativeAOT binaries with no trimming or AOT warning, runs the
# game, and checks what it prints: a NativeAOT run, no garbage collection and no allocation on the game thread during
# the frame loop, and a score that rose. Prints the publish times and the binary's size. Used by .ci/run; run it by
# hand from anywhere.
#
#   AOT_CHECK_FRAMES   frames to play (default 10000, the sample's default)
#   AOT_CHECK_P99=1    also fail when the p99 frame time exceeds the budget + 1 ms (off by default: on a shared
#                      machine the scheduler, not the program, decides the slowest frames)
#   AOT_CHECK_LINKER   the C compiler NativeAOT links with (default: what Game.csproj picks: clang, clang-14 or gcc)
set -euo pipefail
cd "$(dirname "$0")"
frames="${AOT_CHECK_FRAMES:-10000}"
budget_ms=2
case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64) rid=linux-arm64 ;;
  *) echo "aot-check: no NativeAOT runtime identifier known for $(uname -m)" >&2; exit 1 ;;
esac
if ! command -v clang >/dev/null && ! command -v clang-14 >/dev/null && ! command -v gcc >/dev/null; then
  echo "aot-check: NativeAOT links with a C toolchain and none was found; install one (apt-get install clang or gcc)" >&2
  exit 1
fi
linker=()
if [ -n "${AOT_CHECK_LINKER:-}" ]; then linker=("-p:CppCompilerAndLinker=$AOT_CHECK_LINKER"); fi

out=bin/aot-check
rm -rf "$out"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
publish() { # output folder, extra arguments...
  local dir="$1"
  shift
  # -warnaserror: any trimming or AOT warning (IL2xxx, IL3xxx) from the runtime or the sample fails the check.
  if ! dotnet publish Game.csproj -c Release -r "$rid" -o "$dir" -warnaserror "${linker[@]}" "$@" >"$log" 2>&1; then
    cat "$log"
    echo "aot-check: publish failed" >&2
    exit 1
  fi
  if grep -E "warning (IL|NETSDK)" "$log"; then
    echo "aot-check: the publish reported trimming or AOT warnings" >&2
    exit 1
  fi
}

# First with every type and member of the core runtime kept, so that code the game does not reach is compiled and
# analysed too; then the game as it ships, which is the binary measured and run.
start=$(date +%s%N)
publish bin/aot-check-runtime -p:RootNetGenRuntime=true
rooted_ms=$(( ($(date +%s%N) - start) / 1000000 ))
rm -rf bin/aot-check-runtime
start=$(date +%s%N)
publish "$out"
publish_ms=$(( ($(date +%s%N) - start) / 1000000 ))
size=$(stat -c %s "$out/Game")

run_log="$out/run.txt"
start=$(date +%s%N)
set +e
"$out/Game" --frames "$frames" --budget-ms "$budget_ms" | tee "$run_log"
code=${PIPESTATUS[0]}
set -e
run_ms=$(( ($(date +%s%N) - start) / 1000000 ))

fail=0
check() { # pattern, what it means
  if ! grep -qE "$1" "$run_log"; then echo "aot-check: FAILED: $2" >&2; fail=1; fi
}
check ", NativeAOT, " "the binary did not run as NativeAOT"
check "^GC collections during the run: gen0 0, gen1 0, gen2 0\.$" "garbage collections during the frame loop"
check "^Allocated during the run: 0 bytes on the game thread" "the frame loop allocated"
check "\(rose\)" "the agent's score did not rise from the first 1,000 frames to the last"
if [ "${AOT_CHECK_P99:-0}" = 1 ]; then check "p99 within the budget" "p99 frame time over the budget + 1 ms"; fi
if [ "$code" -ne 0 ]; then echo "aot-check: FAILED: the game exited with $code" >&2; fail=1; fi

echo "aot-check: whole-runtime publish $((rooted_ms / 1000)) s (no warning), game publish $((publish_ms / 1000)) s, binary $size bytes ($((size / 1024)) KiB), $frames frames in $((run_ms / 1000)) s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$fail" -ne 0 ]; then exit 1; fi
echo "aot-check: passed"
