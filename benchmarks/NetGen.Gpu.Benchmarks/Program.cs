// Times the generated GPU network's training step and inference for the CNN and MLP workloads, separating the time
// the device spends in the layers' kernels from the end-to-end time of the call (uploads, the host-side loss and
// optimizer, downloads). Options:
//   --backend cuda|cpu|auto   the accelerator (default auto: CUDA if present)
//   --batches 64,256,1024     batch sizes      --workloads cnn,mlp     --steps N (timed steps, default 20)
// On ILGPU's CPU accelerator (a simulator) use small settings, e.g. --batches 64 --steps 1.
using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using NetGen;
using NetGen.Gpu;
using NetGen.Gpu.Benchmarks;
using NetGen.Optimizers;

string backendText = Option("--backend", "auto");
int[] batches = Option("--batches", "64,256,1024").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
string[] workloads = Option("--workloads", "cnn,mlp").Split(',');
int steps = int.Parse(Option("--steps", "20"), CultureInfo.InvariantCulture);

using GpuDevice device = GpuDevice.Create(GpuDevice.ParseBackend(backendText));
Console.WriteLine($"Device: {device.Name} ({device.Backend}), tile {device.TileSize}, {steps} timed steps after 2 warm-up steps.");
Console.WriteLine();
Console.WriteLine("| workload | batch | train kernels ms | train end-to-end ms | train samples/s | kernel GFLOP/s | infer kernels ms | infer end-to-end ms |");
Console.WriteLine("|----------|------:|-----------------:|--------------------:|----------------:|---------------:|-----------------:|--------------------:|");
foreach (string workload in workloads)
{
    foreach (int batch in batches)
    {
        switch (workload)
        {
            case "cnn":
                using (var net = new GpuBenchCnn.Gpu(device, seed: 1))
                {
                    Run("cnn", net, batch, GpuBenchCnn.TrainingFlopsPerSample);
                }
                break;
            case "mlp":
                using (var net = new GpuBenchMlp.Gpu(device, seed: 1))
                {
                    Run("mlp", net, batch, GpuBenchMlp.TrainingFlopsPerSample);
                }
                break;
            default:
                throw new ArgumentException($"Unknown workload '{workload}'; use cnn or mlp.");
        }
    }
}
return 0;

void Run<TLoss>(string name, GpuNetwork<TLoss> net, int batch, long flopsPerSample)
    where TLoss : struct, NetGen.Ops.ILoss
{
    var random = new System.Random(3);
    var input = new float[batch * net.InputSize];
    var labels = new float[batch];
    var output = new float[batch * net.OutputSize];
    for (int i = 0; i < input.Length; i++)
    {
        input[i] = (float)random.NextDouble();
    }
    for (int i = 0; i < labels.Length; i++)
    {
        labels[i] = random.Next(net.OutputSize);
    }
    var optimizer = new Sgd(0.01f, momentum: 0.9f);
    for (int i = 0; i < 2; i++)
    {
        net.TrainStep(input, labels, batch, optimizer);
        net.Forward(input, output, batch);
    }

    // End to end: what a caller waits for, with the device running freely.
    var clock = Stopwatch.StartNew();
    for (int i = 0; i < steps; i++)
    {
        net.TrainStep(input, labels, batch, optimizer);
    }
    double trainEndToEnd = clock.Elapsed.TotalMilliseconds / steps;
    clock.Restart();
    for (int i = 0; i < steps; i++)
    {
        net.Forward(input, output, batch);
    }
    double inferEndToEnd = clock.Elapsed.TotalMilliseconds / steps;

    // Kernels only: the device synchronised around the layers' launches.
    net.MeasureKernelTime = true;
    net.ResetKernelTime();
    for (int i = 0; i < steps; i++)
    {
        net.TrainStep(input, labels, batch, optimizer);
    }
    double trainKernels = net.KernelTime.TotalMilliseconds / steps;
    net.ResetKernelTime();
    for (int i = 0; i < steps; i++)
    {
        net.Forward(input, output, batch);
    }
    double inferKernels = net.KernelTime.TotalMilliseconds / steps;
    net.MeasureKernelTime = false;

    double samples = batch / (trainEndToEnd / 1000);
    double gflops = flopsPerSample * (double)batch / (trainKernels / 1000) / 1e9;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {batch} | {trainKernels:F2} | {trainEndToEnd:F2} | {samples:F0} | {gflops:F1} | {inferKernels:F2} | {inferEndToEnd:F2} |"));
}

string Option(string name, string fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}
