using System;
using Microsoft.ML.OnnxRuntime;

namespace NetGen.Compare;

/// <summary>
/// One ONNX Runtime session at a fixed batch: one intra-op and one inter-op thread, sequential execution, every graph
/// optimisation, and an <see cref="OrtIoBinding"/> over preallocated <see cref="OrtValue"/>s that wrap pinned arrays,
/// so that a timed run copies nothing and allocates nothing on the managed side.
/// </summary>
public sealed class OrtRunner : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtValue _input;
    private readonly OrtValue _output;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions;

    /// <summary>Opens <paramref name="onnxPath"/> for batches of <paramref name="batch"/> samples of the given shape.</summary>
    public OrtRunner(string onnxPath, int batch, int[] sampleShape, int outputSize)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        // With one thread there is no pool to spin; say so anyway, so no thread burns a core between runs.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        _session = new InferenceSession(onnxPath, options);

        int inputSize = 1;
        var inputShape = new long[sampleShape.Length + 1];
        inputShape[0] = batch;
        for (int i = 0; i < sampleShape.Length; i++)
        {
            inputShape[i + 1] = sampleShape[i];
            inputSize *= sampleShape[i];
        }
        Input = GC.AllocateArray<float>(batch * inputSize, pinned: true);
        Output = GC.AllocateArray<float>(batch * outputSize, pinned: true);
        _input = OrtValue.CreateTensorValueFromMemory(Input, inputShape);
        _output = OrtValue.CreateTensorValueFromMemory(Output, new long[] { batch, outputSize });
        _binding = _session.CreateIoBinding();
        _binding.BindInput("input", _input);
        _binding.BindOutput("logits", _output);
        _runOptions = new RunOptions();
    }

    /// <summary>The bound input; write samples here before <see cref="Run"/>.</summary>
    public float[] Input { get; }

    /// <summary>The bound output; <see cref="Run"/> writes the logits here.</summary>
    public float[] Output { get; }

    /// <summary>ONNX Runtime's version string.</summary>
    public static string Version => OrtEnv.Instance().GetVersionString();

    /// <summary>One inference on the bound buffers.</summary>
    public void Run() => _session.RunWithBinding(_runOptions, _binding);

    /// <inheritdoc />
    public void Dispose()
    {
        _runOptions.Dispose();
        _binding.Dispose();
        _output.Dispose();
        _input.Dispose();
        _session.Dispose();
    }
}
