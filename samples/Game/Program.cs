// A game that learns while it runs: a cart-pole at a fixed 60 frames per second, whose agent is a small network
// that imitates a scripted expert from the frames it plays, training for at most a fixed budget each frame. Headless:
// frames run back to back, and each frame's work time is measured. Prints frame-time percentiles, the garbage
// collections during the run (zero: nothing in the frame loop allocates), training steps and the agent's score.
// The same program runs as a NativeAOT binary: see aot-check.sh.
using System;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Samples.Game;

GameOptions options;
try
{
    options = GameOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

bool aot = JitInfo.GetCompiledMethodCount() == 0; // nothing was ever JIT-compiled: a NativeAOT binary
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Game: cart-pole at 60 fps (fixed timestep), {options.Frames:N0} frames headless, training budget {options.BudgetMilliseconds:0.00} ms per frame, seed {options.Seed}, {(aot ? "NativeAOT" : "JIT")}, GC {(GCSettings.IsServerGC ? "server" : "workstation")}."));

// Loading screen: a throwaway game plays a few hundred frames so that the JIT has compiled (and tiered up) the frame
// loop before the measured run; under NativeAOT there is nothing to compile and this only warms the caches.
if (options.WarmupFrames > 0)
{
    new GameRun(options.Seed + 1000, options.BudgetMilliseconds, options.WarmupFrames).Play();
}
var game = new GameRun(options.Seed, options.BudgetMilliseconds, options.Frames);
// Collect the loading screen's garbage and run its finalizers (the second collection can queue more): a finalizer
// that ran during the measured run would count its allocations as the game's, on the finalizer thread.
GC.Collect();
GC.WaitForPendingFinalizers();
GC.Collect();
GC.WaitForPendingFinalizers();

int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
long threadBytes = GC.GetAllocatedBytesForCurrentThread();
long processBytes = GC.GetTotalAllocatedBytes(precise: true);
long started = Stopwatch.GetTimestamp();
game.Play();
TimeSpan wall = Stopwatch.GetElapsedTime(started);
threadBytes = GC.GetAllocatedBytesForCurrentThread() - threadBytes;
processBytes = GC.GetTotalAllocatedBytes(precise: true) - processBytes;
gen0 = GC.CollectionCount(0) - gen0;
gen1 = GC.CollectionCount(1) - gen1;
gen2 = GC.CollectionCount(2) - gen2;

GameReport report = GameReport.From(game, options, wall, gen0 + gen1 + gen2, threadBytes, processBytes);
report.Print(Console.Out);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"GC collections during the run: gen0 {gen0}, gen1 {gen1}, gen2 {gen2}."));
Console.WriteLine(report.Verdict);
return report.Passed ? 0 : 1;
