using System.Security.Cryptography;
using Provenant.Core;
using Provenant.Core.Merkle;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// Checks a <see cref="ValueOpening"/> of the value named <c>name</c> against one claim (docs/disputes.md §Openings):
/// an activation must be output <c>j</c> of the node that produces <c>name</c> in the model, that node's entry must
/// be leaf <c>k</c> under the claim's trace root (RFC 9162 §2.1.3.2) and the tensor must hash to the entry's output
/// digest (trace format 1), or be one of the outputs the leaf was recomputed from (format 2); a weight's tensor proof must verify against the claim's tensor root and count, name <c>name</c>, and
/// describe exactly the revealed dtype, shape and bytes; graph inputs must be exactly the model's inputs and hash to
/// the claim's input digest. In trace format 3 (<c>scope</c> given) an earlier segment's value is opened as that
/// segment's exports under the claim's root, and a value of the disputed segment as a version-2 entry under that
/// segment's fine root. Never throws on hostile input.
/// </summary>
internal sealed class OpeningCheck(ModelSkeleton skeleton, InferenceClaim claim, SegmentScope? scope = null)
{
    public VerificationResult Check(string name, ValueOpening o, int beforeNode)
    {
        if (skeleton.WeightNames.Contains(name))
        {
            if (o.Kind != ValueOpeningKind.Weight) return Reject($"'{name}' is a model tensor, opened as {o.Kind}");
            var p = o.WeightProof!;
            if (p.Name != name) return Reject($"the tensor proof is for '{p.Name}', not '{name}'");
            var v = p.Verify(claim.TensorRoot, claim.TensorCount);
            if (!v.IsValid) return Reject($"'{name}': {v.Reason}");
            var bytes = o.Tensor.ToBytes();
            var dtype = ModelTensors.DType(TensorDataTypes.ToOnnx(o.Tensor.DataType));
            if (dtype != p.DType || !p.Shape.SequenceEqual(o.Tensor.Shape.Select(d => (long)d)) || p.ByteLength != bytes.Length)
            {
                return Reject($"'{name}': the revealed tensor's dtype or shape differs from the committed {p.DType} {p.ShapeText}");
            }
            return SHA256.HashData(bytes).AsSpan().SequenceEqual(p.DataSha256) ? Ok : Reject($"'{name}': the revealed bytes differ from the committed tensor");
        }
        if (skeleton.Producer(name) is { } producer)
        {
            if (producer.Node >= beforeNode) return Reject($"'{name}' comes from node {producer.Node}, not an earlier node");
            if (scope is not null) return CheckSegmented(name, o, producer, scope);
            return CheckActivation(name, o, producer, claim.TraceVersion, o.Entry?.Id ?? 0, claim.TraceLength, claim.TraceRoot);
        }
        if (skeleton.InputNames.Contains(name))
        {
            if (o.Kind != ValueOpeningKind.Input || o.InputName != name) return Reject($"'{name}' is a graph input, opened as {o.Kind}");
            var names = o.Inputs!.Select(p => p.Key).ToArray();
            if (!names.Order(StringComparer.Ordinal).SequenceEqual(skeleton.InputNames.Order(StringComparer.Ordinal)))
            {
                return Reject("the opening does not list exactly the model's inputs");
            }
            return TraceEncoding.InputDigest(o.Inputs!).AsSpan().SequenceEqual(claim.InputDigest) ? Ok : Reject("the revealed inputs do not hash to the claimed input digest");
        }
        return Reject($"'{name}' is not a value of the model");
    }

    // An activation's entry, as leaf `index` of a tree of `size` leaves under `root`, holding the tensor as output `producer.Output`.
    private static VerificationResult CheckActivation(string name, ValueOpening o, (int Node, int Output) producer, int version, int index, int size, byte[] root)
    {
        if (o.Kind != ValueOpeningKind.Activation) return Reject($"'{name}' is output {producer.Output} of node {producer.Node}, opened as {o.Kind}");
        var e = o.Entry!;
        if (e.Id != producer.Node || o.Output != producer.Output)
        {
            return Reject($"'{name}' is output {producer.Output} of node {producer.Node}, the opening names output {o.Output} of node {e.Id}");
        }
        if (e.Version != version) return Reject($"node {e.Id}'s entry is of trace format {e.Version}, not {version}");
        var inclusion = InclusionProof.Verify((ulong)index, (ulong)size, e.LeafHash, o.Path, root);
        if (!inclusion.IsValid) return Reject($"node {e.Id}'s entry is not in the trace: {inclusion.Reason}");
        if (o.Output >= e.OutputDigests.Count || e.OutputDigests[o.Output] is not { } digest) return Reject($"node {e.Id} has no output {o.Output} in its entry");
        // Format 2: the leaf was recomputed from the opened outputs themselves (ValueOpening.Parse), so the inclusion
        // proof above already binds them; the tensor must be the one of those outputs.
        if (e.Version == (int)Inference.Tracing.TraceFormat.Version2) return ReferenceEquals(o.Outputs?[o.Output], o.Tensor) ? Ok : Reject($"the revealed '{name}' is not node {e.Id}'s output {o.Output}");
        return OpenedTensor.Digest(o.Tensor).AsSpan().SequenceEqual(digest) ? Ok : Reject($"the revealed '{name}' does not hash to node {e.Id}'s output {o.Output} digest");
    }

    // Format 3: a value of the disputed segment under its fine root, or of an earlier segment as that segment's exports.
    private VerificationResult CheckSegmented(string name, ValueOpening o, (int Node, int Output) producer, SegmentScope s)
    {
        var segment = s.Segments.SegmentOf(producer.Node);
        if (segment == s.Segment && s.FineRoot is { } root && s.ChunkBits > 0) return CheckChunked(name, o, producer, s, root);
        if (segment == s.Segment && s.FineRoot is { } fine)
        {
            var start = s.Segments.Start(segment);
            return CheckActivation(name, o, producer, (int)Inference.Tracing.TraceFormat.Version2, (o.Entry?.Id ?? 0) - start, s.Segments.Size(segment), fine);
        }
        if (segment >= s.Segment) return Reject($"'{name}' comes from node {producer.Node} in segment {segment}, not from an earlier segment");
        if (o.Kind != ValueOpeningKind.Export) return Reject($"'{name}' is an export of segment {segment}, opened as {o.Kind}");
        if (o.Segment != segment || o.ExportNode != producer.Node || o.Output != producer.Output)
        {
            return Reject($"'{name}' is output {producer.Output} of node {producer.Node} in segment {segment}; the opening names output {o.Output} of node {o.ExportNode} in segment {o.Segment}");
        }
        var expected = s.Segments.Exports(segment);
        var given = o.Exports!;
        if (given.Count != expected.Count || !given.Select(x => x.Export).SequenceEqual(expected))
        {
            return Reject($"the opening does not list exactly the {expected.Count} exports of segment {segment}");
        }
        var leaf = SegmentLeaf(segment, given);
        var inclusion = InclusionProof.Verify((ulong)segment, (ulong)s.Segments.Count, leaf, o.Path, claim.TraceRoot);
        return inclusion.IsValid ? Ok : Reject($"segment {segment}'s exports are not in the trace: {inclusion.Reason}");
    }

    // Chunked format 3: a value of the disputed segment as one chunk's rows (the chunk leaf recomputed and placed under
    // the fine root) or as the whole output (its chunk leaves and their root recomputed, placed among the slot roots).
    private static VerificationResult CheckChunked(string name, ValueOpening o, (int Node, int Output) producer, SegmentScope s, byte[] root)
    {
        if (o.Kind is not (ValueOpeningKind.Chunk or ValueOpeningKind.Slot)) return Reject($"'{name}' is output {producer.Output} of node {producer.Node} in the disputed segment, opened as {o.Kind}");
        if (o.Node != producer.Node || o.Output != producer.Output)
        {
            return Reject($"'{name}' is output {producer.Output} of node {producer.Node}; the opening names output {o.Output} of node {o.Node}");
        }
        var count = 1 << s.ChunkBits;
        var slot = s.Segments.SlotIndex(o.Node, o.Output);
        var hasher = TraceNodeHasher.ForCurrentThread;
        if (o.Kind == ValueOpeningKind.Slot)
        {
            var slotRoot = Rfc9162.RootFromLeafHashes(hasher.ChunkLeaves(o.Node, o.Output, count, o.Tensor));
            var slots = s.Segments.FineLeafCount(s.Segment, s.ChunkBits) >> s.ChunkBits;
            var inSlots = InclusionProof.Verify((ulong)slot, (ulong)slots, slotRoot, o.Path, root);
            return inSlots.IsValid ? Ok : Reject($"node {o.Node}'s output {o.Output} is not in the segment's fine tree: {inSlots.Reason}");
        }
        if (o.Chunk >= count) return Reject($"chunk {o.Chunk} of an output cut into {count}");
        byte[] leaf;
        try
        {
            leaf = hasher.ChunkLeaf(o.Node, o.Output, o.Chunk, count, o.Tensor.DataType, o.FullDims, o.Rows);
        }
        catch (ArgumentException e)
        {
            return Reject($"node {o.Node}'s output {o.Output} chunk {o.Chunk}: {e.Message}");
        }
        var inclusion = InclusionProof.Verify((ulong)((slot << s.ChunkBits) + o.Chunk), (ulong)s.Segments.FineLeafCount(s.Segment, s.ChunkBits), leaf, o.Path, root);
        return inclusion.IsValid ? Ok : Reject($"node {o.Node}'s output {o.Output} chunk {o.Chunk} is not in the segment's fine tree: {inclusion.Reason}");
    }

    /// <summary>The format-3 leaf of <paramref name="segment"/> over the given exports (in the segment's order).</summary>
    public static byte[] SegmentLeaf(int segment, IReadOnlyList<(SegmentExport Export, Tensor Tensor)> exports)
    {
        var byExport = new Dictionary<SegmentExport, Tensor>(exports.Count);
        foreach (var (e, t) in exports) byExport[e] = t;
        return TraceNodeHasher.ForCurrentThread.SegmentLeaf(segment, exports.Select(x => x.Export).ToArray(), e => byExport[e]);
    }

    private static VerificationResult Ok { get; } = VerificationResult.Valid("opening verified");

    private static VerificationResult Reject(string reason) => VerificationResult.Rejected(reason);
}
