namespace Provenant.Training;

/// <summary>Classification accuracy from logits.</summary>
public static class Accuracy
{
    /// <summary>
    /// Fraction of rows of <paramref name="logits"/> (<c>[labels.Length × classes]</c>) whose arg-max (the first
    /// index on ties) equals the label; 0 for no rows.
    /// </summary>
    /// <exception cref="ArgumentException">The logits do not hold labels.Length × classes values.</exception>
    public static double Of(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int classes)
    {
        if (logits.Length != labels.Length * classes)
        {
            throw new ArgumentException($"{logits.Length} logits for {labels.Length} rows of {classes} classes", nameof(logits));
        }
        var correct = 0;
        for (var n = 0; n < labels.Length; n++)
        {
            var row = logits.Slice(n * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }
            if (best == labels[n])
            {
                correct++;
            }
        }
        return labels.Length == 0 ? 0 : (double)correct / labels.Length;
    }
}
