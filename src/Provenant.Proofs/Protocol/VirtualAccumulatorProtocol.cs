using Provenant.Proofs.Circuit;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.ProofFormat;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// A layer that is a requantization of an accumulator the circuit never stores (QAdd's weighted sum, an average pool's
/// window sum): the <see cref="RequantizeProtocol"/> step reduces the claim on Y to a claim on the virtual accumulator
/// (named "{Y}/sum"), and the subclass reduces that claim to claims on the layer's inputs.
/// </summary>
internal abstract class VirtualAccumulatorProtocol : LayerProtocol
{
    private readonly RequantizeProtocol _requantize;

    /// <summary>Creates the requantize step for Y = clamp(z + RoundingShift(S·M, s), lo, hi) with |S| &lt; 2^<paramref name="maxBits"/>.</summary>
    private protected VirtualAccumulatorProtocol(CircuitLayer layer, CircuitTensor y, long multiplier, int shift, long zeroPoint, long min, long max, int maxBits)
    {
        Layer = layer;
        SumName = y.Name + "/sum";
        OutputLayout = ProverTables.Layout(y);
        var statement = RequantizeProtocol.Fit(layer, SumName, y.Name, OutputLayout, -1, [multiplier], [shift], zeroPoint, min, max, maxBits);
        _requantize = new RequantizeProtocol(layer, statement, Accumulator);
    }

    /// <summary>The layer proven.</summary>
    private protected CircuitLayer Layer { get; }

    /// <summary>The virtual accumulator's name.</summary>
    private protected string SumName { get; }

    /// <summary>The layout of Y (and of the accumulator).</summary>
    private protected TensorLayout OutputLayout { get; }

    /// <summary>The accumulator's row-major values (prover).</summary>
    private protected abstract long[] Accumulator(ProverTables tables);

    /// <summary>Reduces the claim on the accumulator to claims on the inputs: the steps and the claims.</summary>
    private protected abstract (IReadOnlyList<LayerMessages> Steps, IReadOnlyList<EvaluationClaim> Claims) ProveSum(ProverTables tables, EvaluationClaim onSum, Transcript transcript);

    /// <summary>Verifies <see cref="ProveSum"/>'s steps.</summary>
    private protected abstract ClaimReduction VerifySum(EvaluationClaim onSum, StepQueue steps, Transcript transcript);

    public override IReadOnlyList<AdviceTensor> Advice => _requantize.Advice;

    public override IReadOnlyList<(Lookups.LookupTable Table, Lookups.LookupInput Input)> RangeChecks => _requantize.RangeChecks;

    public override Goldilocks[] AdviceValues(ProverTables tables, AdviceTensor advice) => _requantize.AdviceValues(tables, advice);

    public override (IReadOnlyList<LayerMessages>, IReadOnlyList<EvaluationClaim>) Prove(ProverTables tables, EvaluationClaim output, Transcript transcript)
    {
        var (steps, claims) = _requantize.Prove(tables, output, transcript);
        var (sumSteps, sumClaims) = ProveSum(tables, claims.Single(c => c.Tensor == SumName), transcript);
        return ([.. steps, .. sumSteps], [.. claims.Where(c => c.Tensor != SumName), .. sumClaims]);
    }

    public override ClaimReduction Verify(EvaluationClaim output, StepQueue steps, Transcript transcript)
    {
        var reduced = _requantize.Verify(output, steps, transcript);
        if (!reduced.IsValid) return reduced;
        var onSum = reduced.Claims.Where(c => c.Tensor == SumName).ToArray();
        if (onSum.Length != 1) return ClaimReduction.Rejected($"{Layer}: expected one claim on the sum");
        var r = VerifySum(onSum[0], steps, transcript);
        return r.IsValid ? ClaimReduction.Reduced([.. reduced.Claims.Where(c => c.Tensor != SumName), .. r.Claims]) : r;
    }
}
