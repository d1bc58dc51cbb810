using System.Text;

namespace Provenant.Signing.Dsse;

/// <summary>
/// DSSE v1 Pre-Authentication Encoding (secure-systems-lab/dsse, protocol.md):
/// <c>PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body</c>, lengths as ASCII decimal byte counts.
/// The signature is computed over these bytes, never over the JSON envelope.
/// </summary>
public static class DssePae
{
    /// <summary>Encodes <paramref name="payloadType"/> and <paramref name="payload"/> as PAE bytes.</summary>
    public static byte[] Encode(string payloadType, ReadOnlySpan<byte> payload)
    {
        var typeBytes = Encoding.UTF8.GetBytes(payloadType);
        var head = Encoding.ASCII.GetBytes($"DSSEv1 {typeBytes.Length} ");
        var mid = Encoding.ASCII.GetBytes($" {payload.Length} ");
        var result = new byte[head.Length + typeBytes.Length + mid.Length + payload.Length];
        var span = result.AsSpan();
        head.CopyTo(span);
        typeBytes.CopyTo(span[head.Length..]);
        mid.CopyTo(span[(head.Length + typeBytes.Length)..]);
        payload.CopyTo(span[(head.Length + typeBytes.Length + mid.Length)..]);
        return result;
    }

    /// <summary>
    /// The PAE variant that OpenSSF model_signing v0.2.0 signed by mistake (kept by that project as
    /// <c>pae_compat</c>): <c>"DSSEV1 {len(type)} {type} {len(body)} {repr(body)}"</c> where <c>repr</c>
    /// is Python's <c>bytes.__repr__</c> (<c>b'…'</c> with escapes). Used only to verify legacy signatures.
    /// </summary>
    public static byte[] EncodeLegacyModelSigningV020(string payloadType, ReadOnlySpan<byte> payload)
    {
        var sb = new StringBuilder();
        sb.Append("DSSEV1 ").Append(Encoding.UTF8.GetByteCount(payloadType)).Append(' ').Append(payloadType)
          .Append(' ').Append(payload.Length).Append(' ');
        AppendPythonBytesRepr(sb, payload);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>Python 3 <c>repr(bytes)</c>: single quotes unless the data holds ' and no ".</summary>
    private static void AppendPythonBytesRepr(StringBuilder sb, ReadOnlySpan<byte> data)
    {
        var quote = data.Contains((byte)'\'') && !data.Contains((byte)'"') ? '"' : '\'';
        sb.Append('b').Append(quote);
        foreach (var b in data)
        {
            switch (b)
            {
                case (byte)'\\': sb.Append("\\\\"); break;
                case (byte)'\t': sb.Append("\\t"); break;
                case (byte)'\n': sb.Append("\\n"); break;
                case (byte)'\r': sb.Append("\\r"); break;
                default:
                    if (b == quote) sb.Append('\\').Append((char)b);
                    else if (b < 0x20 || b >= 0x7f) sb.Append("\\x").Append(b.ToString("x2"));
                    else sb.Append((char)b);
                    break;
            }
        }
        sb.Append(quote);
    }
}
