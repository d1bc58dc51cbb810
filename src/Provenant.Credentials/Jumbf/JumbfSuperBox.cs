namespace Provenant.Credentials.Jumbf;

/// <summary>A JUMBF superbox <c>jumb</c> (ISO/IEC 19566-5 §6.1): a description box followed by content boxes or superboxes.</summary>
/// <param name="Raw">The whole box.</param>
/// <param name="HeaderLength">8 or 16.</param>
/// <param name="Offset">Offset in the source buffer.</param>
/// <param name="Description">The <c>jumd</c> box.</param>
/// <param name="Children">The boxes after the description, in order.</param>
public sealed record JumbfSuperBox(ReadOnlyMemory<byte> Raw, int HeaderLength, long Offset, JumbfDescription Description, IReadOnlyList<JumbfBox> Children)
    : JumbfBox("jumb", Raw, HeaderLength, Offset)
{
    /// <summary>The label of the description box, or null.</summary>
    public string? Label => Description.Label;

    /// <summary>The child superbox with <paramref name="label"/>, or null.</summary>
    public JumbfSuperBox? Child(string label) => Children.OfType<JumbfSuperBox>().FirstOrDefault(c => c.Label == label);

    /// <summary>The child superboxes.</summary>
    public IEnumerable<JumbfSuperBox> SuperBoxes => Children.OfType<JumbfSuperBox>();

    /// <summary>The first content box (not a superbox), or null.</summary>
    public JumbfBox? FirstContent => Children.FirstOrDefault(c => c is not JumbfSuperBox);
}
