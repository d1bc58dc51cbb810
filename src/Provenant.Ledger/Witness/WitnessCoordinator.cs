using System.Collections.Concurrent;
using System.Text;
using Provenant.Ledger.Checkpoints;
using Provenant.Ledger.Notes;

namespace Provenant.Ledger.Witness;

/// <summary>
/// The log side of c2sp.org/tlog-witness: asks every configured witness, in parallel and each within a timeout, to
/// cosign a new checkpoint, supplying a consistency proof from the size that witness last cosigned. On 409 it retries
/// once from the size the witness reports. It keeps only cosignatures that verify under the witness's trusted key and
/// reports whether k of the n witnesses cosigned (<see cref="WitnessQuorum"/>).
/// </summary>
/// <remarks>Per-witness sizes start at 0 (unknown) and are kept in memory; a 409 teaches the coordinator the real size.</remarks>
public sealed class WitnessCoordinator
{
    private readonly TrustedWitness[] _witnesses;
    private readonly Func<ulong, ulong, IReadOnlyList<byte[]>> _consistencyProof;
    private readonly ConcurrentDictionary<string, ulong> _knownSizes = new(StringComparer.Ordinal);

    /// <summary>Creates a coordinator.</summary>
    /// <param name="witnesses">The n witnesses (distinct key names).</param>
    /// <param name="threshold">k, 0 ≤ k ≤ n: how many must cosign for <see cref="CosigningRound.QuorumReached"/>.</param>
    /// <param name="consistencyProof">Returns the RFC 6962 consistency proof (hashes, bottom first) from the first
    /// argument's tree size to the second's, 0 &lt; old &lt; new; called only for such pairs.</param>
    /// <param name="timeout">How long each witness gets per request (both tries included).</param>
    /// <exception cref="ArgumentException">Duplicate witness names, k out of range, or a non-positive timeout.</exception>
    public WitnessCoordinator(IReadOnlyList<TrustedWitness> witnesses, int threshold, Func<ulong, ulong, IReadOnlyList<byte[]>> consistencyProof, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(witnesses);
        ArgumentNullException.ThrowIfNull(consistencyProof);
        if (witnesses.Select(w => w.Key.Name).Distinct(StringComparer.Ordinal).Count() != witnesses.Count) throw new ArgumentException("witness names must be distinct", nameof(witnesses));
        if (threshold < 0 || threshold > witnesses.Count) throw new ArgumentOutOfRangeException(nameof(threshold), $"k = {threshold} must be between 0 and {witnesses.Count}");
        if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), "the timeout must be positive");
        _witnesses = [.. witnesses];
        Threshold = threshold;
        _consistencyProof = consistencyProof;
        Timeout = timeout;
    }

    /// <summary>k: the number of witness cosignatures required.</summary>
    public int Threshold { get; }

    /// <summary>The per-witness request timeout.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The size this coordinator believes <paramref name="witnessName"/> last cosigned (0 when unknown).</summary>
    public ulong KnownSize(string witnessName) => _knownSizes.GetValueOrDefault(witnessName);

    /// <summary>Asks all witnesses to cosign <paramref name="signedCheckpoint"/> (a checkpoint note signed by the log).</summary>
    /// <param name="signedCheckpoint">The log-signed checkpoint.</param>
    /// <param name="cancellationToken">Cancels the whole round.</param>
    /// <returns>Each witness's response, the verified cosignatures, the cosigned note and whether k were reached.</returns>
    /// <exception cref="Core.Errors.ProvenantFormatException">The note's text is not a checkpoint.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<CosigningRound> CosignAsync(SignedNote signedCheckpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signedCheckpoint);
        var checkpoint = Checkpoint.Parse(signedCheckpoint.Text, "checkpoint");
        var noteText = signedCheckpoint.ToString();
        var text = Encoding.UTF8.GetBytes(signedCheckpoint.Text);
        var responses = await Task.WhenAll(_witnesses.Select(w => AskAsync(w, checkpoint.TreeSize, noteText, cancellationToken))).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var cosignatures = new List<NoteSignature>();
        for (var i = 0; i < _witnesses.Length; i++)
        {
            var key = _witnesses[i].Key;
            if (responses[i].Status != 200) continue;
            cosignatures.AddRange(responses[i].Cosignatures.Where(s => s.KeyName == key.Name && s.KeyId == key.KeyId && key.Verify(text, s.Signature)));
        }
        var cosigned = signedCheckpoint.WithSignatures(cosignatures);
        var quorum = WitnessQuorum.Check(cosigned, [.. _witnesses.Select(w => w.Key)], Threshold);
        var byName = new Dictionary<string, WitnessResponse>(StringComparer.Ordinal);
        for (var i = 0; i < _witnesses.Length; i++) byName[_witnesses[i].Key.Name] = responses[i];
        return new CosigningRound(cosigned, cosignatures, byName, quorum);
    }

    private async Task<WitnessResponse> AskAsync(TrustedWitness witness, ulong size, string note, CancellationToken cancellationToken)
    {
        var name = witness.Key.Name;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(Timeout);
        var response = await SubmitAsync(witness, Math.Min(KnownSize(name), size), size, note, cts.Token, cancellationToken).ConfigureAwait(false);
        if (response is { Status: 409, WitnessSize: { } theirs } && theirs <= size)
        {
            _knownSizes[name] = theirs;
            response = await SubmitAsync(witness, theirs, size, note, cts.Token, cancellationToken).ConfigureAwait(false);
        }
        if (response.Status == 200) _knownSizes[name] = size;
        else if (response is { Status: 409, WitnessSize: { } after }) _knownSizes[name] = after;
        return response;
    }

    private async Task<WitnessResponse> SubmitAsync(TrustedWitness witness, ulong oldSize, ulong size, string note, CancellationToken timeout, CancellationToken caller)
    {
        IReadOnlyList<byte[]> proof = oldSize == 0 || oldSize == size ? [] : _consistencyProof(oldSize, size);
        try
        {
            return await witness.Client.AddCheckpointAsync(oldSize, proof, note, timeout).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            return new WitnessResponse(0, [], null, $"no answer within {Timeout.TotalMilliseconds:0} ms");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return new WitnessResponse(0, [], null, "transport failure: " + e.Message);
        }
    }
}
