using System.Text;
using Provenant.Core.Errors;

namespace Provenant.Formats.Tensors;

/// <summary>The canonical order of tensors in a commitment: by name, comparing the names' UTF-8 bytes as unsigned
/// integers (so the order does not depend on the file's layout, the platform or the culture).</summary>
public static class TensorOrder
{
    /// <summary>Sorts <paramref name="tensors"/> canonically.</summary>
    /// <param name="tensors">The tensors of one source.</param>
    /// <param name="source">The file, for messages.</param>
    /// <exception cref="ProvenantFormatException">Two tensors share a name, or a name is not valid Unicode
    /// or longer than <see cref="TensorLimits.MaxNameBytes"/> bytes.</exception>
    public static IReadOnlyList<TensorInfo> Canonical(IEnumerable<TensorInfo> tensors, string source)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var strict = new UTF8Encoding(false, true);
        var keyed = new List<(byte[] Key, TensorInfo Tensor)>();
        foreach (var t in tensors)
        {
            byte[] key;
            try
            {
                key = strict.GetBytes(t.Name);
            }
            catch (EncoderFallbackException)
            {
                throw new ProvenantFormatException(source, $"tensor \"{t.Name}\"", "a name that is valid Unicode");
            }
            if (key.Length > TensorLimits.MaxNameBytes)
            {
                throw new ProvenantFormatException(source, "tensor name", $"at most {TensorLimits.MaxNameBytes} UTF-8 bytes", $"{key.Length} bytes");
            }
            keyed.Add((key, t));
        }
        keyed.Sort((a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        for (var i = 1; i < keyed.Count; i++)
        {
            if (keyed[i].Key.AsSpan().SequenceEqual(keyed[i - 1].Key))
            {
                throw new ProvenantFormatException(source, $"tensor \"{keyed[i].Tensor.Name}\"", "unique tensor names", "a duplicate name");
            }
        }
        return keyed.Select(k => k.Tensor).ToList();
    }

    /// <summary>Compares two names by their UTF-8 bytes (the canonical order).</summary>
    public static int Compare(string a, string b) =>
        Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
}
