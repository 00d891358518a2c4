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
        w.Line("/// Re-initialises every parameter and buffer from <paramref name=\"seed\"/>: each weight by its layer's scheme (by");
        w.Line("/// default He uniform before (leaky) ReLU, Xavier uniform otherwise), zero biases, batch norm scale 1 and running");
        w.Line("/// variance 1. Each layer draws from its own stream, so the same seed gives the same weights.");
        w.Line("/// </summary>");
        using (w.Block("public void Initialize(long seed)"))
        {
            // Declared only when some tensor draws from it: an unused local is warning CS0168 in the user's build.
            if (plan.Layers.Any(l => l.Parameters.Any(IsRandom)))
            {
                w.Line("global::NetGen.Random.Rng rng;");
            }
            foreach (PlannedLayer layer in plan.Layers.Where(l => l.Parameters.Length + l.Buffers.Length > 0))
            {
                if (layer.Parameters.Any(IsRandom))
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

    private static bool IsRandom(PlannedTensor tensor) =>
        tensor.Init is not (TensorInit.Zeros or TensorInit.Ones or TensorInit.Constant);

    private static string Statement(PlannedLayer layer, PlannedTensor tensor)
    {
        string view = Tensor(layer, tensor), gain = Literals.Float(tensor.Gain);
        string follows = $"{layer.DeclaredActivation} follows, gain {Literals.Double(System.Math.Round(tensor.Gain, 4))}";
        return tensor.Init switch
        {
            TensorInit.HeUniform => $"{Ops}.Init.HeUniform({view}, {tensor.FanIn}, {gain}, ref rng); // He uniform: {follows}",
            TensorInit.HeNormal => $"{Ops}.Init.HeNormal({view}, {tensor.FanIn}, {gain}, ref rng); // He normal: {follows}",
            TensorInit.XavierUniform => $"{Ops}.Init.XavierUniform({view}, {tensor.FanIn}, {tensor.FanOut}, {gain}, ref rng); // Xavier uniform: {follows}",
            TensorInit.XavierNormal => $"{Ops}.Init.XavierNormal({view}, {tensor.FanIn}, {tensor.FanOut}, {gain}, ref rng); // Xavier normal: {follows}",
            TensorInit.LeCunUniform => $"{Ops}.Init.LeCunUniform({view}, {tensor.FanIn}, ref rng); // LeCun uniform",
            TensorInit.LeCunNormal => $"{Ops}.Init.LeCunNormal({view}, {tensor.FanIn}, ref rng); // LeCun normal",
            TensorInit.Ones => $"{view}.Fill(1f);",
            TensorInit.Constant => $"{view}.Fill({Literals.Float(tensor.Value)});",
            _ => $"{view}.Clear();",
        };
    }
}
