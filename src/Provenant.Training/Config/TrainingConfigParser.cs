using System.Security.Cryptography;
using System.Text.Json;
using Provenant.Core.Encoding;
using Provenant.Core.Errors;
using Provenant.Core.IO;

namespace Provenant.Training.Config;

/// <summary>
/// Reads a training configuration (JSON, at most 1 MiB; format in docs/training.md). Validation is strict:
/// unknown members, unknown layer or optimiser types, missing or out-of-range values are a
/// <see cref="ProvenantFormatException"/> (exit code 3) naming the file and field. Shapes are checked
/// against each other when the network is built (<c>Network.Create</c>).
/// </summary>
public static class TrainingConfigParser
{
    /// <summary>Largest accepted configuration file.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>Known layer types.</summary>
    public static readonly IReadOnlyList<string> LayerTypes = ["dense", "conv2d", "relu", "maxpool2d", "avgpool2d", "flatten", "layernorm"];

    /// <summary>Reads and validates the configuration at <paramref name="path"/>.</summary>
    /// <exception cref="ProvenantException">The file cannot be read, is larger than <see cref="MaxBytes"/>, or is invalid.</exception>
    public static TrainingConfig Load(string path) =>
        Parse(BoundedFile.ReadAll(path, "training configuration", MaxBytes), path, Path.GetDirectoryName(Path.GetFullPath(path))!);

    /// <summary>Validates configuration JSON; relative dataset paths are resolved against <paramref name="baseDirectory"/>.</summary>
    /// <exception cref="ProvenantFormatException">Malformed JSON or an invalid field (named in the message).</exception>
    public static TrainingConfig Parse(ReadOnlySpan<byte> json, string source, string baseDirectory)
    {
        JsonDocument doc;
        byte[] digest;
        try
        {
            doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            digest = SHA256.HashData(CanonicalJson.Canonicalize(json, source));
        }
        catch (JsonException e)
        {
            throw new ProvenantFormatException(source, "JSON", "well-formed JSON", e.Message, e.LineNumber + 1, "line", e);
        }
        using (doc)
        {
            var root = new JsonFields(doc.RootElement, source, "", "dataset", "input", "layers", "classes", "optimizer", "batchSize", "epochs", "seed");
            var layers = root.Array("layers", 1, 256).Select((e, i) => ParseLayer(new JsonFields(e, source, $"layers[{i}]", "type", "units", "filters", "kernel", "stride", "padding", "size"))).ToArray();
            return new TrainingConfig(
                source,
                ParseDataset(new JsonFields(root.Element("dataset"), source, "dataset", "train", "test", "testFraction", "trainLimit", "testLimit"), baseDirectory),
                ParseInput(new JsonFields(root.Element("input"), source, "input", "shape", "offset", "scale")),
                layers,
                (int)root.Integer("classes", 2, Formats.Datasets.LabelledDataset.MaxClasses),
                ParseOptimizer(new JsonFields(root.Element("optimizer"), source, "optimizer", "type", "learningRate", "momentum", "beta1", "beta2", "epsilon")),
                (int)root.Integer("batchSize", 1, 65_536),
                (int)root.Integer("epochs", 1, 10_000),
                root.Unsigned("seed"),
                digest);
        }
    }

    private static DatasetSpec ParseDataset(JsonFields f, string baseDirectory)
    {
        string Resolve(string p) => Path.IsPathRooted(p) ? p : Path.GetFullPath(Path.Combine(baseDirectory, p));
        var test = f.OptionalString("test");
        if (test is not null && f.Has("testFraction"))
        {
            throw f.Fail(f.Field("testFraction"), "no testFraction when a separate test source is given", "both");
        }
        var fraction = test is null ? f.Number("testFraction", 0, 1, minInclusive: false) : 0;
        if (fraction >= 1)
        {
            throw f.Fail(f.Field("testFraction"), "a fraction below 1", $"{fraction}");
        }
        int? Limit(string name) => f.Has(name) ? (int)f.Integer(name, 1, Formats.Datasets.LabelledDataset.MaxSamples) : null;
        return new DatasetSpec(Resolve(f.String("train")), test is null ? null : Resolve(test), fraction, Limit("trainLimit"), Limit("testLimit"));
    }

    private static InputSpec ParseInput(JsonFields f)
    {
        var dims = f.Array("shape", 1, 3).Select((e, i) =>
            e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var d) && d is >= 1 and <= 1 << 20
                ? d
                : throw f.Fail($"{f.Field("shape")}[{i}]", "an integer dimension in 1…1048576", JsonFields.Describe(e))).ToArray();
        return new InputSpec(dims, (float)f.Number("offset", -1e30, 1e30, minInclusive: true, 0), (float)f.Number("scale", -1e30, 1e30, minInclusive: true, 1));
    }

    private static LayerSpec ParseLayer(JsonFields f)
    {
        var type = f.String("type");
        string[] allowed = type switch
        {
            "dense" => ["units"],
            "conv2d" => ["filters", "kernel", "stride", "padding"],
            "maxpool2d" or "avgpool2d" => ["size", "stride"],
            "relu" or "flatten" or "layernorm" => [],
            _ => throw f.Fail(f.Field("type"), $"a layer type ({string.Join(", ", LayerTypes)})", $"'{type}'"),
        };
        foreach (var member in new[] { "units", "filters", "kernel", "stride", "padding", "size" })
        {
            if (f.Has(member) && !allowed.Contains(member))
            {
                throw f.Fail(f.Field(member), $"only {(allowed.Length == 0 ? "'type'" : string.Join(", ", allowed))} for a {type} layer", $"'{member}'");
            }
        }
        return type switch
        {
            "dense" => new LayerSpec(type, Units: (int)f.Integer("units", 1, 1 << 16)),
            "conv2d" => new LayerSpec(type, Filters: (int)f.Integer("filters", 1, 4096), Kernel: (int)f.Integer("kernel", 1, 64),
                Stride: (int)f.Integer("stride", 1, 64, 1), Padding: (int)f.Integer("padding", 0, 64, 0)),
            "maxpool2d" or "avgpool2d" => PoolSpec(f, type),
            _ => new LayerSpec(type),
        };
    }

    private static LayerSpec PoolSpec(JsonFields f, string type)
    {
        var size = (int)f.Integer("size", 1, 64);
        return new LayerSpec(type, Size: size, Stride: (int)f.Integer("stride", 1, 64, size));
    }

    private static OptimizerSpec ParseOptimizer(JsonFields f)
    {
        var type = f.String("type");
        var lr = (float)f.Number("learningRate", 0, 10, minInclusive: false);
        switch (type)
        {
            case "sgd":
                foreach (var m in new[] { "beta1", "beta2", "epsilon" })
                {
                    if (f.Has(m))
                    {
                        throw f.Fail(f.Field(m), "only learningRate and momentum for sgd", $"'{m}'");
                    }
                }
                return new OptimizerSpec(type, lr, Momentum: (float)f.Number("momentum", 0, 0.9999, minInclusive: true, 0));
            case "adam":
                if (f.Has("momentum"))
                {
                    throw f.Fail(f.Field("momentum"), "beta1/beta2/epsilon for adam (momentum is sgd's)", "'momentum'");
                }
                return new OptimizerSpec(type, lr, Beta1: (float)f.Number("beta1", 0, 0.9999999, minInclusive: true, 0.9),
                    Beta2: (float)f.Number("beta2", 0, 0.9999999, minInclusive: true, 0.999),
                    Epsilon: (float)f.Number("epsilon", 0, 1, minInclusive: false, 1e-8));
            default:
                throw f.Fail(f.Field("type"), "an optimizer type (sgd, adam)", $"'{type}'");
        }
    }
}
