using System.Linq;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Emit.Names;

namespace NetGen.Generator.Emit;

/// <summary>Writes <c>Initialize</c>: every tensor from its scheme, each layer from its own random stream.</summary>
internal static class InitializeEmitter
{
    public static void Emit(IndentedWriter w, NetworkPlan plan)
    {
        w.Line("/// <summary>");
        w.Line("/// Re-initialises every parameter and buffer from <paramref name=\"seed\"/>: He uniform before (leaky) ReLU, Xavier");
        w.Line("/// uniform otherwise, zero biases, batch norm scale 1 and running variance 1. Each layer draws from its own stream,");
        w.Line("/// so the same seed gives the same weights.");
        w.Line("/// </summary>");
        using (w.Block("public void Initialize(long seed)"))
        {
            w.Line("global::NetGen.Random.Rng rng;");
            foreach (PlannedLayer layer in plan.Layers.Where(l => l.Parameters.Length + l.Buffers.Length > 0))
            {
                if (layer.Parameters.Any(t => t.Init is TensorInit.HeUniform or TensorInit.XavierUniform))
                {
                    w.Line($"rng = new global::NetGen.Random.Rng(seed, {layer.Stream}); // {layer.Name}");
                }
                foreach (PlannedTensor tensor in layer.Parameters.Concat(layer.Buffers))
                {
                    w.Line(Statement(layer, tensor));
                }
            }
            w.Line($"new {Span}(_gradients).Clear();");
            w.Line("_forwardBatch = 0;");
            w.Line("_forwardTraining = false;");
            w.Line("_forwardCurrent = false;");
            w.Line("_seed = seed;");
            w.Line("_trainingStep = 0;");
        }
        w.Line();
        if (plan.Layers.Any(l => l.Kind == LayerKind.Dropout))
        {
            w.Line("// Each dropout layer has its own counter-based stream, derived from the seed and the layer's index.");
            w.Line("private long DropoutSeed(int layer) => unchecked(_seed * 1000003L + layer);");
            w.Line();
        }
    }

    private static string Statement(PlannedLayer layer, PlannedTensor tensor)
    {
        string view = Tensor(layer, tensor);
        switch (tensor.Init)
        {
            case TensorInit.HeUniform:
                string slope = layer.DeclaredActivation == Activation.LeakyReLU ? Literals.Float(layer.LeakySlope) : "0f";
                return $"{Ops}.Init.HeUniform({view}, {tensor.FanIn}, {slope}, ref rng); // He uniform: {layer.DeclaredActivation} follows";
            case TensorInit.XavierUniform:
                // The gain of torch.nn.init.calculate_gain: 5/3 for tanh, 1 otherwise.
                string gain = layer.DeclaredActivation == Activation.Tanh ? Literals.Float(5.0 / 3.0) : "1f";
                return $"{Ops}.Init.XavierUniform({view}, {tensor.FanIn}, {tensor.FanOut}, {gain}, ref rng); // Xavier uniform: {layer.DeclaredActivation} follows";
            case TensorInit.Ones:
                return $"{view}.Fill(1f);";
            default:
                return $"{view}.Clear();";
        }
    }
}
