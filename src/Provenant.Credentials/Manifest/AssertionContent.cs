using Provenant.Credentials.Cbor;

namespace Provenant.Credentials.Manifest;

/// <summary>An assertion to write: its label and CBOR content (stored in a <c>cbor</c> content box, C2PA 2.x §11.3).</summary>
/// <param name="Label">The assertion label, unique in the manifest (e.g. <c>c2pa.actions.v2</c>).</param>
/// <param name="Content">The assertion's CBOR data.</param>
public sealed record AssertionContent(string Label, CborNode Content);
