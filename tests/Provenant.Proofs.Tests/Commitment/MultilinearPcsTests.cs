using Provenant.Core.Merkle;
using Provenant.Proofs.Commitment;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Polynomials;

namespace Provenant.Proofs.Tests.Commitment;

/// <summary>Honest openings of the Ligero PCS verify at random points; wrong values, points, roots, rows, columns and siblings are rejected.</summary>
public class MultilinearPcsTests
{
    internal static GoldilocksExt2 E(Random rng) =>
        new(Goldilocks.FromUInt64((ulong)rng.NextInt64() * 5), Goldilocks.FromUInt64((ulong)rng.NextInt64() * 7));

    internal static Goldilocks[] Values(Random rng, int count) =>
        Enumerable.Range(0, count).Select(_ => Goldilocks.FromInt64(rng.Next(-128, 128))).ToArray();

    internal static GoldilocksExt2[] Point(Random rng, int n) => Enumerable.Range(0, n).Select(_ => E(rng)).ToArray();

    internal static Transcript NewTranscript() => new("provenant/test/pcs");

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(3, 1)]
    [InlineData(7, 3)]
    [InlineData(12, 2)]
    [InlineData(15, 1)]
    public void Honest_openings_verify_and_return_the_multilinear_extension(int n, int pointCount)
    {
        var rng = new Random(100 + n);
        var f = Values(rng, (1 << n) - (n > 2 ? 3 : 0)); // not a full hypercube: zero-padded
        var (commitment, data) = MultilinearPcs.Commit(f);
        Assert.Equal(n, commitment.VariableCount);
        var points = Enumerable.Range(0, pointCount).Select(_ => Point(rng, n)).ToArray();
        var (values, proof) = MultilinearPcs.Open(data, points, NewTranscript());
        for (int j = 0; j < pointCount; j++)
            Assert.Equal(MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(f, points[j], x => x), values[j]);
        var result = MultilinearPcs.Verify(commitment, points, values, proof, NewTranscript());
        Assert.True(result.IsValid, result.ToString());
        var viaBytes = MultilinearPcs.Verify(commitment, points, values, proof.ToBytes(), NewTranscript());
        Assert.True(viaBytes.IsValid, viaBytes.ToString());
        Assert.Equal(proof.EncodedLength, proof.ToBytes().Length);
    }

    [Fact]
    public void Commitment_is_deterministic_and_its_root_is_the_rfc9162_root_of_the_column_leaves()
    {
        var rng = new Random(7);
        var f = Values(rng, 1 << 10);
        var (c1, data) = MultilinearPcs.Commit(f);
        var (c2, _) = MultilinearPcs.Commit(f);
        Assert.Equal(c1, c2);
        var prm = data.Parameters;
        var leaves = new List<byte[]>();
        var code = new ReedSolomonCode(prm.ColumnVariables, prm.RateLog);
        var encoded = Enumerable.Range(0, prm.RowCount).Select(r =>
        {
            var cw = new Goldilocks[prm.CodewordLength];
            code.Encode(f.AsSpan(r * prm.RowLength, prm.RowLength), cw);
            return cw;
        }).ToArray();
        for (int j = 0; j < prm.CodewordLength; j++)
        {
            var column = encoded.Select(row => row[j]).ToArray();
            var bytes = column.SelectMany(x => BitConverter.GetBytes(x.Value)).ToArray();
            leaves.Add(Rfc9162.HashLeaf(bytes));
        }
        Assert.Equal(Rfc9162.RootFromLeafHashes(leaves), c1.Root);
        f[5] += Goldilocks.One;
        Assert.NotEqual(c1, MultilinearPcs.Commit(f).Commitment);
    }

    [Fact]
    public void Changed_value_point_root_or_transcript_is_rejected()
    {
        var rng = new Random(8);
        var f = Values(rng, 1 << 9);
        var (commitment, data) = MultilinearPcs.Commit(f);
        var points = new[] { Point(rng, 9), Point(rng, 9) };
        var (values, proof) = MultilinearPcs.Open(data, points, NewTranscript());

        var wrongValue = (GoldilocksExt2[])values.Clone();
        wrongValue[1] += GoldilocksExt2.One;
        AssertRejected(MultilinearPcs.Verify(commitment, points, wrongValue, proof, NewTranscript()));

        foreach (int j in new[] { 0, 4, 8 })
        {
            var moved = points.Select(p => (GoldilocksExt2[])p.Clone()).ToArray();
            moved[0][j] += GoldilocksExt2.One;
            AssertRejected(MultilinearPcs.Verify(commitment, moved, values, proof, NewTranscript()));
        }

        var root = (byte[])commitment.Root.Clone();
        root[0] ^= 1;
        AssertRejected(MultilinearPcs.Verify(new PcsCommitment(root, 9), points, values, proof, NewTranscript()));
        AssertRejected(MultilinearPcs.Verify(MultilinearPcs.Commit(Values(rng, 1 << 9)).Commitment, points, values, proof, NewTranscript()));

        var other = NewTranscript();
        other.Absorb("earlier message", 1UL);
        AssertRejected(MultilinearPcs.Verify(commitment, points, values, proof, other));
        AssertRejected(MultilinearPcs.Verify(commitment, points[..1], values[..1], proof, NewTranscript()));
        AssertRejected(MultilinearPcs.Verify(commitment, [points[0][..8]], values[..1], proof, NewTranscript()));
        AssertRejected(MultilinearPcs.Verify(commitment, [], [], proof, NewTranscript()));
    }

    [Fact]
    public void A_combined_row_that_evaluates_to_a_false_value_is_caught_by_the_columns()
    {
        // The cheating prover adjusts one entry of u so that ⟨u, eq(r_lo)⟩ equals a false value; its encoding then
        // disagrees with the committed columns almost everywhere.
        var rng = new Random(9);
        var f = Values(rng, 1 << 11);
        var (commitment, data) = MultilinearPcs.Commit(f);
        var point = Point(rng, 11);
        var (values, proof) = MultilinearPcs.Open(data, [point], NewTranscript());
        int c = data.Parameters.ColumnVariables;
        var lo = EqPolynomial.Table<GoldilocksExt2>(point.AsSpan(0, c));
        var forged = (GoldilocksExt2[])proof.CombinedRows[0].Clone();
        var delta = GoldilocksExt2.One;
        forged[0] += delta * lo[0].Inverse();
        var falseValue = values[0] + delta;
        var cheat = new PcsOpeningProof(proof.ProximityRow, [forged], proof.Columns, proof.Siblings);
        var result = MultilinearPcs.Verify(commitment, [point], [falseValue], cheat, NewTranscript());
        AssertRejected(result);
    }

    [Fact]
    public void Wrong_column_entry_column_order_sibling_or_proximity_row_is_rejected()
    {
        var rng = new Random(10);
        var (commitment, data) = MultilinearPcs.Commit(Values(rng, 1 << 12));
        var points = new[] { Point(rng, 12) };
        var (values, proof) = MultilinearPcs.Open(data, points, NewTranscript());

        var columns = proof.Columns.Select(col => (Goldilocks[])col.Clone()).ToArray();
        columns[3][0] += Goldilocks.One;
        AssertRejected(Verify(new PcsOpeningProof(proof.ProximityRow, proof.CombinedRows, columns, proof.Siblings)));

        var swapped = proof.Columns.ToArray();
        (swapped[0], swapped[1]) = (swapped[1], swapped[0]);
        AssertRejected(Verify(new PcsOpeningProof(proof.ProximityRow, proof.CombinedRows, swapped, proof.Siblings)));

        var siblings = proof.Siblings.Select(s => (byte[])s.Clone()).ToArray();
        siblings[^1][31] ^= 0x80;
        AssertRejected(Verify(new PcsOpeningProof(proof.ProximityRow, proof.CombinedRows, proof.Columns, siblings)));
        AssertRejected(Verify(new PcsOpeningProof(proof.ProximityRow, proof.CombinedRows, proof.Columns, proof.Siblings[1..])));
        AssertRejected(Verify(new PcsOpeningProof(proof.ProximityRow, proof.CombinedRows, proof.Columns, [.. proof.Siblings, proof.Siblings[0]])));

        var proximity = (GoldilocksExt2[])proof.ProximityRow.Clone();
        proximity[^1] += GoldilocksExt2.One;
        AssertRejected(Verify(new PcsOpeningProof(proximity, proof.CombinedRows, proof.Columns, proof.Siblings)));

        AssertRejected(Verify(new PcsOpeningProof(proof.ProximityRow, proof.CombinedRows, proof.Columns[1..], proof.Siblings)));
        AssertRejected(Verify(new PcsOpeningProof(proof.ProximityRow, [], proof.Columns, proof.Siblings)));
        AssertRejected(Verify(new PcsOpeningProof(null!, null!, null!, null!)));

        VerificationResultShim Verify(PcsOpeningProof p) => new(MultilinearPcs.VerifyCore(commitment, points, values, p, NewTranscript()));
    }

    [Fact]
    public void Any_single_byte_change_of_the_serialized_proof_is_rejected_without_exceptions()
    {
        var rng = new Random(11);
        var (commitment, data) = MultilinearPcs.Commit(Values(rng, 1 << 10));
        var points = new[] { Point(rng, 10), Point(rng, 10) };
        var (values, proof) = MultilinearPcs.Open(data, points, NewTranscript());
        var bytes = proof.ToBytes();
        Assert.True(MultilinearPcs.Verify(commitment, points, values, bytes, NewTranscript()).IsValid);
        // Every header byte, then random positions over the whole proof.
        var positions = Enumerable.Range(0, 13).Concat(Enumerable.Range(0, 400).Select(_ => rng.Next(bytes.Length)));
        foreach (int pos in positions)
        {
            var mutated = (byte[])bytes.Clone();
            mutated[pos] ^= (byte)rng.Next(1, 256);
            Assert.False(VerifyBytesCore(commitment, points, values, mutated).IsValid, $"flip at byte {pos} of {bytes.Length} accepted");
        }
        foreach (int length in new[] { 0, 1, 4, 5, 12, bytes.Length / 2, bytes.Length - 1 })
            Assert.False(VerifyBytesCore(commitment, points, values, bytes[..length]).IsValid);
        Assert.False(VerifyBytesCore(commitment, points, values, [.. bytes, 0]).IsValid);
    }

    [Fact]
    public void Random_garbage_and_hostile_counts_are_rejected_with_a_reason()
    {
        var rng = new Random(12);
        var (commitment, data) = MultilinearPcs.Commit(Values(rng, 1 << 6));
        var points = new[] { Point(rng, 6) };
        var (values, proof) = MultilinearPcs.Open(data, points, NewTranscript());
        for (int i = 0; i < 200; i++)
        {
            var garbage = new byte[rng.Next(0, 3000)];
            rng.NextBytes(garbage);
            if (i % 2 == 0 && garbage.Length >= 5) "PPCS\u0001"u8.CopyTo(garbage);
            var r = VerifyBytesCore(commitment, points, values, garbage);
            Assert.False(r.IsValid);
            Assert.False(string.IsNullOrWhiteSpace(r.Reason));
        }
        // Huge counts in an otherwise short buffer must be refused before allocating.
        var hostile = proof.ToBytes();
        BitConverter.GetBytes(0x0FFF_FFFFu).CopyTo(hostile, 5);
        Assert.Contains("row", VerifyBytesCore(commitment, points, values, hostile).Reason);
        hostile = proof.ToBytes();
        BitConverter.GetBytes(4096u).CopyTo(hostile, 9);
        Assert.False(VerifyBytesCore(commitment, points, values, hostile).IsValid);
    }

    [Fact]
    public void Commitment_bytes_round_trip_and_garbage_is_refused()
    {
        var (commitment, _) = MultilinearPcs.Commit(Values(new Random(13), 100));
        var bytes = commitment.ToBytes();
        Assert.True(PcsCommitment.TryParse(bytes, out var parsed, out _));
        Assert.Equal(commitment, parsed);
        Assert.False(PcsCommitment.TryParse(bytes[..^1], out _, out var reason));
        Assert.Contains("bytes", reason);
        var badVersion = (byte[])bytes.Clone();
        badVersion[0] = 3;
        Assert.False(PcsCommitment.TryParse(badVersion, out _, out _));
        var badShape = (byte[])bytes.Clone();
        badShape[^1] ^= 1;
        Assert.False(PcsCommitment.TryParse(badShape, out _, out _));
        var tooMany = (byte[])bytes.Clone();
        tooMany[1] = 200;
        Assert.False(PcsCommitment.TryParse(tooMany, out _, out _));
    }

    [Theory]
    [InlineData(PcsSecurityProfile.Provable)]
    [InlineData(PcsSecurityProfile.Conjectured)]
    public void Both_profiles_give_at_least_100_bits_for_every_size(PcsSecurityProfile profile)
    {
        for (int n = 0; n <= PcsParameters.MaxVariablesOf(profile); n++)
        {
            var p = PcsParameters.For(n, profile);
            Assert.True(p.SecurityBits() >= 100.0, $"n = {n}: {p.SecurityBits()} bits ({p.Scheme})");
            Assert.InRange(p.ColumnVariables, 0, n);
            Assert.Equal(profile, p.Profile);
        }
        Assert.Equal(PcsSecurityProfile.Conjectured, PcsParameters.For(22).Profile);
        Assert.Equal(14, PcsParameters.For(22, PcsSecurityProfile.Provable).ColumnVariables);
        Assert.True(PcsParameters.For(22, 2, 120).SecurityBits() < 100.0);
    }

    private static VerificationResultShim VerifyBytesCore(PcsCommitment commitment, GoldilocksExt2[][] points, GoldilocksExt2[] values, byte[] bytes) =>
        PcsOpeningProof.TryParse(bytes, out var proof, out var reason)
            ? new(MultilinearPcs.VerifyCore(commitment, points, values, proof, NewTranscript()))
            : new(Core.VerificationResult.Rejected(reason));

    private static void AssertRejected(Core.VerificationResult r) => Assert.False(r.IsValid, "accepted: " + r);

    private static void AssertRejected(VerificationResultShim r) => AssertRejected(r.Result);

    /// <summary>Wraps a result so tests can read it (keeps the helper signatures short).</summary>
    private readonly record struct VerificationResultShim(Core.VerificationResult Result)
    {
        public bool IsValid => Result.IsValid;

        public string Reason => Result.Reason;
    }
}
