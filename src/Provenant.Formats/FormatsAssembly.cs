namespace Provenant.Formats;

/// <summary>Readers for model weight files and dataset records (bounded, streaming, typed errors).</summary>
public static class FormatsAssembly
{
}
