using Provenant.Credentials.Cbor;

namespace Provenant.Credentials.Manifest;

/// <summary>Builders for the standard assertions Provenant writes.</summary>
public static class StandardAssertions
{
    /// <summary>
    /// <c>c2pa.actions.v2</c> (C2PA 2.x §18.3) with one <c>c2pa.created</c> action whose <c>digitalSourceType</c> is IPTC
    /// <c>trainedAlgorithmicMedia</c> and whose <c>softwareAgent</c> (a generator-info map in v2) names the model.
    /// </summary>
    /// <param name="modelName">The model's name (e.g. the OMS subject name).</param>
    /// <param name="modelVersion">Optional version or digest shown beside it.</param>
    public static CborMap CreatedByModel(string modelName, string? modelVersion)
    {
        var agent = new CborMap().Add("name", modelName);
        if (modelVersion is not null) agent.Add("version", modelVersion);
        var action = new CborMap()
            .Add("action", "c2pa.created")
            .Add("digitalSourceType", C2paLabels.TrainedAlgorithmicMedia)
            .Add("softwareAgent", agent);
        return new CborMap().Add("actions", new CborArray(action));
    }

    /// <summary>
    /// <c>cawg.training-mining</c> (CAWG Training and Data Mining assertion 1.1): one entry per use
    /// (<c>cawg.ai_inference</c>, <c>cawg.ai_generative_training</c>, <c>cawg.ai_training</c>, <c>cawg.data_mining</c>)
    /// with <c>use</c> = <paramref name="use"/> (<c>allowed</c>, <c>notAllowed</c> or <c>constrained</c>).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="use"/> is not one of the three values.</exception>
    public static CborMap TrainingMining(string use)
    {
        if (use is not ("allowed" or "notAllowed" or "constrained")) throw new ArgumentException($"training-mining use must be allowed, notAllowed or constrained, not '{use}'");
        var entries = new CborMap();
        foreach (var key in new[] { "cawg.ai_generative_training", "cawg.ai_inference", "cawg.ai_training", "cawg.data_mining" })
        {
            entries.Add(key, new CborMap().Add("use", use));
        }
        return new CborMap().Add("entries", entries);
    }
}
