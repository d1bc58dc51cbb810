namespace Provenant.Formats.Onnx;

/// <summary>
/// One operator invocation (<c>NodeProto</c>). An empty string in <see cref="Inputs"/> or
/// <see cref="Outputs"/> marks an omitted optional value (ONNX IR, "Optional Inputs and Outputs").
/// <see cref="Domain"/> is normalised: <c>ai.onnx</c> is stored as the empty string.
/// </summary>
/// <param name="Name">Node name (may be empty).</param>
/// <param name="OpType">Operator name, e.g. <c>Conv</c>.</param>
/// <param name="Domain">Operator set domain; empty for the default ONNX domain.</param>
/// <param name="Inputs">Input value names in positional order.</param>
/// <param name="Outputs">Output value names in positional order.</param>
/// <param name="Attributes">Attributes in file order (names are unique).</param>
public sealed record OnnxNode(
    string Name,
    string OpType,
    string Domain,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlyList<OnnxAttribute> Attributes)
{
    /// <summary>The attribute named <paramref name="name"/>, or null.</summary>
    public OnnxAttribute? Attribute(string name)
    {
        foreach (var a in Attributes)
        {
            if (a.Name == name)
            {
                return a;
            }
        }
        return null;
    }

    /// <summary>"name (OpType)" or "#index (OpType)" for messages.</summary>
    public string Describe(int index) => (Name.Length > 0 ? $"'{Name}'" : $"#{index}") + $" ({OpType})";
}
