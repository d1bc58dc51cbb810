using Provenant.Proofs.ProofFormat;

namespace Provenant.Proofs.Protocol;

/// <summary>The verifier's cursor over a proof's steps: each layer takes the steps it expects, in order.</summary>
internal sealed class StepQueue(IReadOnlyList<LayerMessages> steps)
{
    private int _next;

    /// <summary>Steps not yet taken.</summary>
    public int Remaining => steps.Count - _next;

    /// <summary>The next step when it has exactly the given numbers of sumchecks and values; otherwise null and a reason.</summary>
    public LayerMessages? Take(int sumchecks, int values, string what, out string reason)
    {
        reason = "";
        if (_next >= steps.Count)
        {
            reason = $"{what}: the proof has no more steps";
            return null;
        }
        var s = steps[_next++];
        if (s.Sumchecks.Count != sumchecks || s.Values.Count != values)
        {
            reason = $"{what}: step {_next - 1} has {s.Sumchecks.Count} sumcheck(s) and {s.Values.Count} value(s), expected {sumchecks} and {values}";
            return null;
        }
        return s;
    }
}
