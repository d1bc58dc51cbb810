namespace Provenant.Server.Provenance;

/// <summary>One link of a model's chain (dataset, training, model signature, inference, credentials) and its badge.</summary>
/// <param name="Stage">Stage name: <c>dataset</c>, <c>training</c>, <c>model-signature</c>, <c>inference</c>, <c>credentials</c>.</param>
/// <param name="Title">Human title.</param>
/// <param name="Items">The artifacts found for the stage.</param>
public sealed record ChainLink(string Stage, string Title, IReadOnlyList<ChainItem> Items)
{
    /// <summary><c>verified</c> (every item verified), <c>failed</c> (some item failed), or <c>not-provided</c> (none found).</summary>
    public string Status => Items.Count == 0 ? "not-provided" : Items.All(i => i.Verified) ? "verified" : "failed";

    /// <summary>Why: the first failed check, or what was verified, or what is missing.</summary>
    public string Reason => Items.Count == 0 ? "the log holds nothing for this stage"
        : Items.SelectMany(i => i.Checks.Where(c => !c.Passed).Select(c => (i, c))).FirstOrDefault() is ({ } item, { } check)
            ? $"{(item.Index is { } x ? $"entry {x}" : "attachment")}: {check.Name}: {check.Detail}"
            : $"{Items.Count} artifact(s), {Items.Sum(i => i.Checks.Count)} checks passed";
}
