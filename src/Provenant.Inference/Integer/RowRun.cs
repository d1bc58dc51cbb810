using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Integer;

/// <summary>
/// The inputs of one <see cref="IntegerEngine.RunNode"/> call of <see cref="RowLocalExecution"/>: each input is looked up
/// as RunNode looks it up (constants first, then computed values) and replaced by its row slice or block under the same
/// name and in the same dictionary, so the kernel sees a parameter as a parameter.
/// </summary>
internal sealed class RowRun(GraphNode node, IReadOnlyDictionary<string, int> opsets, IReadOnlyDictionary<string, Tensor> constants,
    IReadOnlyDictionary<string, Tensor> values)
{
    private readonly Dictionary<string, Tensor> _constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tensor> _values = new(StringComparer.Ordinal);

    /// <summary>The given tensor of input <paramref name="j"/>.</summary>
    /// <exception cref="Core.Errors.ProvenantException">It has no value in either dictionary.</exception>
    public Tensor Find(int j) =>
        constants.GetValueOrDefault(node.Inputs[j]) ?? values.GetValueOrDefault(node.Inputs[j])
        ?? throw KernelErrors.Fail(node, $"input '{node.Inputs[j]}' has no value");

    /// <summary>Sets input <paramref name="j"/> for the next run.</summary>
    public void Put(int j, Tensor t)
    {
        var name = node.Inputs[j];
        (constants.ContainsKey(name) ? _constants : _values)[name] = t;
    }

    /// <summary>The tensor last put at input <paramref name="j"/>.</summary>
    public Tensor Get(int j) => _constants.GetValueOrDefault(node.Inputs[j]) ?? _values[node.Inputs[j]];

    /// <summary>Runs the node on the inputs put and returns output <paramref name="output"/> (null where omitted).</summary>
    public Tensor? Output(int output) => IntegerEngine.RunNode(node, opsets, _constants, _values, OneThread)[output];

    // A chunk is small: one thread, no per-run thread-pool context (the results do not depend on it).
    private static readonly EngineOptions OneThread = new(1);
}
