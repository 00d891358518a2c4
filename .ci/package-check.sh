#!/usr/bin/env bash
# The packages as a user gets them: packs NetGen, NetGen.Gpu and NetGen.Reporting into a temporary folder feed, then
# builds and runs a fresh console app outside the repository (so none of its Directory.*.props apply) that references
# them by PackageReference only, with warnings as errors. The app declares a network, so it builds only if the
# generator inside the NetGen package runs; it trains a step, checks the loss, the outputs and the ParameterCount
# constant, runs the generated GPU class on ILGPU's CPU accelerator, and draws a plot with NetGen.Reporting. Last, a
# build that loses the generator (its Analyzer item removed) and claims a Roslyn 4.2 compiler must fail with NetGen's
# two "generator missing" warnings.
# Usage: bash .ci/package-check.sh   (one to two minutes on two cores; exits non-zero on any failure; KEEP_WORK=1
# keeps the temporary folder, with its logs, for a look after a failure)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap '[[ -n "${KEEP_WORK:-}" ]] || rm -rf "$work"' EXIT
feed="$work/feed" app="$work/app" packages="$work/packages"
started=$SECONDS
say() { echo "package-check [$((SECONDS - started)) s]: $*"; }
fail() { echo "package-check [$((SECONDS - started)) s]: FAILED: $*" >&2; exit 1; }

version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/Directory.Build.props")"
[[ -n "$version" ]] || fail "no <Version> in Directory.Build.props"
say "packing NetGen $version into $feed"
dotnet pack "$repo/NetGen.Packages.slnf" -c Release -o "$feed" -v quiet -nologo -p:TreatWarningsAsErrors=true >"$work/pack.log" 2>&1 \
    || { cat "$work/pack.log"; fail "dotnet pack"; }
for id in NetGen NetGen.Gpu NetGen.Reporting; do
    [[ -f "$feed/$id.$version.nupkg" && -f "$feed/$id.$version.snupkg" ]] || { ls -l "$feed"; fail "$id.$version.nupkg or .snupkg missing"; }
done
ls "$feed" | grep -q '^NetGen\.Generator' && fail "the generator became a package of its own"
unzip -l "$feed/NetGen.$version.nupkg" | grep -q 'analyzers/dotnet/cs/NetGen.Generator.dll' || fail "NetGen.$version.nupkg has no analyzers/dotnet/cs/NetGen.Generator.dll"

# Sources: the temporary feed for NetGen's packages (and only it: a NetGen from another source or a stale cache
# must never be used), this machine's package cache and its configured sources for everything else. A fresh
# packages folder, so nothing restored before is reused.
{
    echo '<?xml version="1.0" encoding="utf-8"?>'
    echo '<configuration>'
    echo "  <config><add key=\"globalPackagesFolder\" value=\"$packages\" /></config>"
    echo '  <packageSources>'
    echo '    <clear />'
    echo "    <add key=\"netgen-feed\" value=\"$feed\" />"
    cache="$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')"
    [[ -d "$cache" ]] && echo "    <add key=\"machine-cache\" value=\"$cache\" />"
    n=0
    while read -r source; do
        n=$((n + 1)); echo "    <add key=\"source$n\" value=\"$source\" />"
    done < <(dotnet nuget list source --format short | sed -n 's/^E[A-Za-z]* *//p')
    echo '  </packageSources>'
    echo '  <packageSourceMapping>'
    echo '    <packageSource key="netgen-feed"><package pattern="NetGen" /><package pattern="NetGen.*" /></packageSource>'
    [[ -d "$cache" ]] && echo '    <packageSource key="machine-cache"><package pattern="*" /></packageSource>'
    for ((i = 1; i <= n; i++)); do echo "    <packageSource key=\"source$i\"><package pattern=\"*\" /></packageSource>"; done
    echo '  </packageSourceMapping>'
    echo '</configuration>'
} >"$work/NuGet.config"

mkdir -p "$app"
cat >"$app/App.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <MSBuildTreatWarningsAsErrors>true</MSBuildTreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="NetGen" Version="$version" />
    <PackageReference Include="NetGen.Gpu" Version="$version" />
    <PackageReference Include="NetGen.Reporting" Version="$version" />
  </ItemGroup>
  <!-- For the last check only: what a build that loses the generator, on an old compiler, looks like. -->
  <Target Name="LoseTheGenerator" BeforeTargets="NetGenCheckGenerator" Condition="'\$(LoseTheGenerator)' == 'true'">
    <ItemGroup>
      <Analyzer Remove="@(Analyzer)" Condition="'%(Filename)' == 'NetGen.Generator'" />
    </ItemGroup>
  </Target>
</Project>
EOF
cat >"$app/Program.cs" <<'EOF'
using System;
using System.IO;
using NetGen;
using NetGen.Data;
using NetGen.Gpu;
using NetGen.Optimizers;
using NetGen.Reporting;
using NetGen.Training;

float[] x = { 0, 0, 0, 1, 1, 0, 1, 1 }, y = { 0, 1, 1, 0 };
var net = new Xor(seed: 1);
float loss = net.TrainStep(x, y, 4, new Sgd(learningRate: 0.5f, momentum: 0.9f));
var output = new float[4];
net.Forward(x, output, 4);
Console.WriteLine($"loss {loss}, outputs {string.Join(' ', output)}, {Xor.ParameterCount} parameters");
Check(float.IsFinite(loss) && loss > 0, $"the first loss is {loss}");
Check(Array.TrueForAll(output, o => o > 0 && o < 1), "the sigmoid outputs are in (0, 1)");
Check(Xor.ParameterCount == 2 * 8 + 8 + 8 * 1 + 1, $"ParameterCount is {Xor.ParameterCount}, expected 33");

// NetGen.Gpu: the generated GPU class, on ILGPU's CPU accelerator.
using (GpuDevice device = GpuDevice.Create(GpuBackend.Cpu))
using (var gpu = new Xor.Gpu(device, new Xor(seed: 1)))
{
    float gpuLoss = gpu.TrainStep(x, y, 4, new Sgd(learningRate: 0.5f, momentum: 0.9f));
    Console.WriteLine($"GPU class on {device.Backend}: loss {gpuLoss}");
    Check(MathF.Abs(gpuLoss - loss) <= 1e-5f * MathF.Max(1, loss), $"the GPU class's first loss {gpuLoss} differs from the CPU's {loss}");
}

// NetGen.Reporting: the Trainer's history drawn by ScottPlot.
var trainer = new Trainer(new Xor(seed: 1), new Sgd(learningRate: 0.5f, momentum: 0.9f), new TrainerOptions { Epochs = 3, BatchSize = 4, Seed = 1 });
TrainingHistory history = trainer.Fit(new DataSet(x, 2, y));
string png = TrainingPlot.Save(history, Path.Combine(args[0], "plot.png"), "package check");
byte[] head = File.ReadAllBytes(png)[..4];
Check(head[1] == (byte)'P' && head[2] == (byte)'N' && head[3] == (byte)'G', $"{png} is a PNG");
Console.WriteLine("package-check app: all checks passed");

static void Check(bool ok, string what)
{
    if (!ok)
    {
        Console.Error.WriteLine($"package-check app: FAILED: {what}");
        Environment.Exit(1);
    }
}

[Network(Loss = Loss.MeanSquaredError, MaxBatch = 4)]
[Input(2)]
[Dense(8, Activation = Activation.Tanh)]
[Dense(1, Activation = Activation.Sigmoid)]
public partial class Xor { }
EOF

# Outside the repository already; these make sure no Directory.*.props of a folder above the temp dir applies either.
isolated=(-p:ImportDirectoryBuildProps=false -p:ImportDirectoryBuildTargets=false -p:ImportDirectoryPackagesProps=false)
say "building a console app that references the packages ($app)"
(cd "$app" && dotnet build -c Release -nologo -v quiet "${isolated[@]}" >"$work/build.log" 2>&1) \
    || { cat "$work/build.log"; fail "the consumer app does not build with warnings as errors"; }
(cd "$app" && dotnet bin/Release/net10.0/App.dll "$work") || fail "the consumer app's checks"

say "a build that loses the generator, on a compiler older than Roslyn 4.3, must say so"
if (cd "$app" && dotnet build -c Release -nologo -v quiet --no-incremental "${isolated[@]}" -p:LoseTheGenerator=true \
        -p:CompilerApiVersion=roslyn4.2 -p:MSBuildTreatWarningsAsErrors=false >"$work/missing.log" 2>&1); then
    fail "the app built without the generator"
fi
for expected in "NetGen's source generator .* is not among this project's analyzers" "NetGen's source generator needs a Roslyn 4.3 compiler or newer"; do
    grep -q "$expected" "$work/missing.log" || { cat "$work/missing.log"; fail "no warning '$expected'"; }
done
say "passed in $((SECONDS - started)) s"
