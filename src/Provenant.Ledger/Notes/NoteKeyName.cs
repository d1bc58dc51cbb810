namespace Provenant.Ledger.Notes;

/// <summary>Key-name rules of c2sp.org/signed-note: non-empty, no Unicode spaces, no plus (U+002B), no control characters.</summary>
public static class NoteKeyName
{
    /// <summary>True when <paramref name="name"/> may be used as a signed-note key name.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name)) return false;
        foreach (var rune in name.EnumerateRunes())
        {
            if (rune.Value == '+' || System.Text.Rune.IsWhiteSpace(rune) || System.Text.Rune.IsControl(rune)) return false;
        }
        return true;
    }
}
