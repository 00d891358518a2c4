#!/usr/bin/env bash
# Device check for the GPU path (docs/gpu.md): on a machine with an NVIDIA GPU and its driver, builds, runs the GPU
# parity tests against CUDA, runs the GPU benchmark and a short MNIST run on the GPU, and prints a summary.
# Budget: under 8 minutes on a warm machine (packages restored: the machine needs ~/.nuget/packages or a feed).
#   benchmarks/gpu-check.sh            results also go to $OUT (default artifacts/gpu-check)
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export NETGEN_GPU=cuda # the GPU tests' fixture creates a CUDA device, and fails if there is none
out="${OUT:-artifacts/gpu-check}"
mkdir -p "$out"
start=$(date +%s)
status() { printf '%-10s %s\n' "$1" "$2" | tee -a "$out/summary.txt"; }
: > "$out/summary.txt"

gpu=$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | head -n 1)
status gpu "${gpu:-no nvidia-smi (no NVIDIA driver?)}"
status dotnet "$(dotnet --version 2>/dev/null || echo missing)"

if timeout 300 dotnet build tests/NetGen.Gpu.Tests -c Release > "$out/build.log" 2>&1 \
    && timeout 300 dotnet build benchmarks/NetGen.Gpu.Benchmarks -c Release >> "$out/build.log" 2>&1 \
    && timeout 300 dotnet build samples/Mnist -c Release >> "$out/build.log" 2>&1; then
  status build "ok ($(( $(date +%s) - start )) s)"
else
  status build "FAILED, see $out/build.log"
  tail -n 30 "$out/build.log"
  exit 1
fi

t=$(date +%s)
timeout 180 dotnet test tests/NetGen.Gpu.Tests -c Release --no-build --logger "console;verbosity=normal" > "$out/tests.log" 2>&1
tests_rc=$?
status tests "$(grep -E 'Passed!|Failed!' "$out/tests.log" | tail -n 1 | sed 's/^ *//') rc=$tests_rc ($(( $(date +%s) - t )) s)"

t=$(date +%s)
timeout 150 dotnet run -c Release --no-build --project benchmarks/NetGen.Gpu.Benchmarks -- --backend cuda --steps 20 > "$out/benchmark.md" 2>&1
bench_rc=$?
status benchmark "rc=$bench_rc ($(( $(date +%s) - t )) s), $out/benchmark.md"

t=$(date +%s)
timeout 120 dotnet run -c Release --no-build --project samples/Mnist -- --gpu cuda > "$out/mnist.log" 2>&1
mnist_rc=$?
status mnist "$(grep -E 'Test accuracy' "$out/mnist.log" | tail -n 1) rc=$mnist_rc ($(( $(date +%s) - t )) s)"

echo
cat "$out/benchmark.md"
echo
status total "$(( $(date +%s) - start )) s"
[ $tests_rc -eq 0 ] && [ $bench_rc -eq 0 ]
