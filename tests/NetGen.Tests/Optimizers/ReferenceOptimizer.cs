using System.Collections.Generic;

namespace NetGen.Tests.Optimizers;

/// <summary>
/// An optimizer's update in float64, one element at a time, written from the pseudo-code on its torch.optim doc page
/// (never from NetGen's code). <c>decay[i]</c> false puts element <c>i</c> in a parameter group without weight decay.
/// </summary>
public abstract class ReferenceOptimizer
{
    private readonly List<(string Name, double[] Values)> _state = new();

    /// <summary>The step count <c>t</c>, 1 on the first step.</summary>
    protected int T { get; private set; }

    /// <summary>The state tensors under PyTorch's keys, in the order PyTorch creates them; empty before the first step.</summary>
    public IReadOnlyList<(string Name, double[] Values)> State => _state;

    /// <summary>One step with learning rate <paramref name="lr"/>, updating <paramref name="p"/> in place.</summary>
    public void Step(double[] p, double[] g, bool[] decay, double lr)
    {
        if (T == 0)
        {
            foreach ((string name, double initial) in StateNames())
            {
                var values = new double[p.Length];
                System.Array.Fill(values, initial);
                _state.Add((name, values));
            }
        }
        T++;
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = Update(i, p[i], g[i], decay[i], lr);
        }
    }

    /// <summary>The state a fresh optimizer creates on its first step, with initial values.</summary>
    protected abstract IEnumerable<(string Name, double Initial)> StateNames();

    /// <summary>The state tensor <paramref name="name"/>.</summary>
    protected double[] S(string name) => _state.Find(s => s.Name == name).Values;

    /// <summary>Returns element <paramref name="i"/>'s new value.</summary>
    protected abstract double Update(int i, double p, double g, bool decay, double lr);
}
