using System.Text;
using Provenant.Core.Errors;
using Provenant.Formats.Onnx;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Graph;

/// <summary>
/// A node's attributes with typed getters. A getter for an attribute of the wrong type throws a
/// <see cref="ProvenantFormatException"/> naming the node; a missing attribute yields the default.
/// </summary>
public sealed class NodeAttributes
{
    private readonly Dictionary<string, OnnxAttribute> _byName;
    private readonly string _where;

    internal NodeAttributes(IEnumerable<OnnxAttribute> attributes, string where)
    {
        _byName = attributes.ToDictionary(a => a.Name, StringComparer.Ordinal);
        _where = where;
    }

    /// <summary>Attribute names in this node.</summary>
    public IEnumerable<string> Names => _byName.Keys;

    /// <summary>The raw attribute, or null.</summary>
    public OnnxAttribute? this[string name] => _byName.GetValueOrDefault(name);

    /// <summary>Whether the attribute is present.</summary>
    public bool Has(string name) => _byName.ContainsKey(name);

    /// <summary>An INT attribute or <paramref name="fallback"/>.</summary>
    public long Int(string name, long fallback) => Get(name, OnnxAttributeType.Int)?.Int ?? fallback;

    /// <summary>A FLOAT attribute or <paramref name="fallback"/>.</summary>
    public float Float(string name, float fallback) => Get(name, OnnxAttributeType.Float)?.Float ?? fallback;

    /// <summary>An INTS attribute or null.</summary>
    public long[]? Ints(string name) => Get(name, OnnxAttributeType.Ints)?.Ints?.ToArray();

    /// <summary>A FLOATS attribute or null.</summary>
    public float[]? Floats(string name) => Get(name, OnnxAttributeType.Floats)?.Floats?.ToArray();

    /// <summary>A STRING attribute decoded as UTF-8, or <paramref name="fallback"/>.</summary>
    public string String(string name, string fallback)
    {
        var a = Get(name, OnnxAttributeType.String);
        return a?.String is { } s ? Encoding.UTF8.GetString(s) : fallback;
    }

    /// <summary>A TENSOR attribute decoded for the engines, or null.</summary>
    /// <exception cref="UnsupportedFeatureException">The tensor's element type is not supported.</exception>
    public Tensor? Tensor(string name)
    {
        var a = Get(name, OnnxAttributeType.Tensor);
        return a?.Tensor is { } t ? Tensors.Tensor.FromOnnx(t, $"{_where}: attribute '{name}'") : null;
    }

    private OnnxAttribute? Get(string name, OnnxAttributeType type)
    {
        if (!_byName.TryGetValue(name, out var a))
        {
            return null;
        }
        if (a.Type != type)
        {
            throw new ProvenantFormatException(_where, $"attribute '{name}'", $"type {type.ToString().ToUpperInvariant()}", a.Type.ToString().ToUpperInvariant());
        }
        return a;
    }
}
