using System.Security.Cryptography;
using System.Text;
using Provenant.Core.Errors;
using Provenant.Core.Merkle;
using Provenant.Ledger.Checkpoints;
using Provenant.Ledger.Notes;

namespace Provenant.Ledger.Witness;

/// <summary>
/// The witness side of c2sp.org/tlog-witness <c>add-checkpoint</c>, independent of HTTP: verifies a submitted signed
/// checkpoint against the log keys it trusts and against the latest checkpoint it cosigned for that origin, and if
/// everything holds, records the new checkpoint and returns <c>cosignature/v1</c> lines (c2sp.org/tlog-cosignature).
/// </summary>
/// <remarks>
/// Checks, in the order of the spec: malformed body → 400; unknown origin → 404; no trusted log signature, or a
/// trusted one that fails → 403; old size &gt; checkpoint size, or a signed text that is not a checkpoint → 400;
/// old size ≠ stored size → 409 (body <c>"&lt;size&gt;\n"</c>, <c>text/x.tlog.size</c>); size-0 checkpoint whose root is
/// not SHA-256("") → 422; old size 0 with a proof → 422; a consistency proof that does not verify from the stored root,
/// or equal sizes with different roots → 422. The stored size is compared and replaced atomically
/// (<see cref="IWitnessStore.CompareAndSwap"/>), so concurrent requests can never roll the witness back.
/// </remarks>
public sealed class CosigningWitness
{
    private readonly CosignatureV1Signer _signer;
    private readonly Dictionary<string, INoteVerifier[]> _logs;
    private readonly IWitnessStore _store;

    /// <summary>Creates a witness that cosigns with <paramref name="signer"/> for the logs in <paramref name="logs"/>.</summary>
    /// <param name="signer">The witness's cosigning key.</param>
    /// <param name="logs">Origin → the log's trusted public keys (at least one each).</param>
    /// <param name="store">Where the latest cosigned checkpoint per origin is kept.</param>
    /// <exception cref="ArgumentException">No logs, an empty origin, or an origin with no keys.</exception>
    public CosigningWitness(CosignatureV1Signer signer, IReadOnlyDictionary<string, IReadOnlyList<INoteVerifier>> logs, IWitnessStore store)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(store);
        if (logs.Count == 0) throw new ArgumentException("a witness needs at least one log", nameof(logs));
        foreach (var (origin, keys) in logs)
        {
            if (string.IsNullOrEmpty(origin) || origin.Contains('\n')) throw new ArgumentException("log origins are non-empty single lines", nameof(logs));
            if (keys is not { Count: > 0 }) throw new ArgumentException($"log '{origin}' has no keys", nameof(logs));
        }
        _signer = signer;
        _logs = logs.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        _store = store;
    }

    /// <summary>A witness for logs whose origin is their key name (the usual convention); keys sharing a name are one log.</summary>
    public CosigningWitness(CosignatureV1Signer signer, IEnumerable<INoteVerifier> logKeys, IWitnessStore store)
        : this(signer, logKeys.GroupBy(k => k.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<INoteVerifier>)g.ToArray(), StringComparer.Ordinal), store)
    {
    }

    /// <summary>The witness's name (its cosignature key name).</summary>
    public string Name => _signer.Name;

    /// <summary>The witness's public key, for clients and logs to trust.</summary>
    public CosignatureV1Verifier Verifier => _signer.Verifier;

    /// <summary>The origins of the logs this witness cosigns.</summary>
    public IReadOnlyCollection<string> Origins => _logs.Keys;

    /// <summary>Handles one <c>add-checkpoint</c> request body. Never throws on hostile input.</summary>
    /// <param name="body">The request body (over <see cref="AddCheckpointRequest.MaxBodySize"/> bytes → 400).</param>
    /// <returns>The status, body and content type to send.</returns>
    public AddCheckpointResult AddCheckpoint(ReadOnlySpan<byte> body)
    {
        AddCheckpointRequest request;
        SignedNote note;
        try
        {
            (request, note) = AddCheckpointRequest.Parse(body, "add-checkpoint request");
        }
        catch (ProvenantFormatException e)
        {
            return AddCheckpointResult.Error(400, e.Message);
        }
        var origin = note.Text[..note.Text.IndexOf('\n')];
        if (!_logs.TryGetValue(origin, out var keys)) return AddCheckpointResult.Error(404, $"unknown log origin '{Printable(origin)}'");
        var verification = note.Verify(keys);
        if (!verification.IsValid) return AddCheckpointResult.Error(403, verification.Result.Reason);
        Checkpoint checkpoint;
        try
        {
            checkpoint = Checkpoint.Parse(note.Text, "checkpoint");
        }
        catch (ProvenantFormatException e)
        {
            return AddCheckpointResult.Error(400, e.Message);
        }
        if (request.OldSize > checkpoint.TreeSize) return AddCheckpointResult.Error(400, $"old size {request.OldSize} exceeds the checkpoint size {checkpoint.TreeSize}");

        var stored = _store.Get(origin);
        var storedSize = stored?.TreeSize ?? 0;
        if (request.OldSize != storedSize) return AddCheckpointResult.Conflict(storedSize);
        var problem = CheckConsistency(request, checkpoint, stored);
        if (problem is not null) return AddCheckpointResult.Error(422, problem);

        var text = Encoding.UTF8.GetBytes(note.Text);
        var cosignature = _signer.Sign(text);
        var next = new WitnessState(origin, checkpoint.TreeSize, checkpoint.RootHash, note.WithSignatures([cosignature]).ToString());
        return _store.CompareAndSwap(request.OldSize, next, out var current)
            ? AddCheckpointResult.Cosigned([cosignature])
            : AddCheckpointResult.Conflict(current);
    }

    /// <summary>
    /// The latest cosigned checkpoint (log and witness signatures) for the log whose origin hashes to
    /// <paramref name="originHashHex"/> (lowercase hex SHA-256 of the origin; tlog-witness "Monitor Retrieval Mechanism"),
    /// or null when the origin is unknown or was never cosigned.
    /// </summary>
    public string? LatestCheckpoint(string originHashHex)
    {
        foreach (var origin in _logs.Keys)
        {
            if (Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(origin))) == originHashHex) return _store.Get(origin)?.Note;
        }
        return null;
    }

    private static string? CheckConsistency(AddCheckpointRequest request, Checkpoint checkpoint, WitnessState? stored)
    {
        if (checkpoint.TreeSize == 0 && !checkpoint.RootHash.AsSpan().SequenceEqual(Rfc9162.EmptyRoot()))
        {
            return "a checkpoint of size 0 must have the root hash of the empty tree";
        }
        if (request.OldSize == 0)
        {
            return request.ConsistencyProof.Count == 0 ? null : "old size 0 needs an empty consistency proof";
        }
        // OldSize equals the stored size here, so a state exists and holds the root the proof must start from.
        var verdict = ConsistencyProof.Verify(request.OldSize, checkpoint.TreeSize, request.ConsistencyProof, stored!.RootHash, checkpoint.RootHash);
        return verdict.IsValid ? null : $"checkpoint is not consistent with the cosigned size {stored.TreeSize}: {verdict.Reason}";
    }

    private static string Printable(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
