using Provenant.TestSupport;

namespace Provenant.Formats.Tests.Datasets;

/// <summary>Paths to the real datasets the tests use.</summary>
internal static class DatasetTestData
{
    public static string Sklearn(string file) => SharedData.Get("datasets", "sklearn", file);

    public const string FashionMnistDir = "/usr/share/datasets/fashion-mnist";

    /// <summary>The full Fashion-MNIST from Debian's dataset-fashion-mnist package; fails clearly when absent.</summary>
    public static string FashionMnist()
    {
        foreach (var f in new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
        {
            if (!File.Exists(Path.Combine(FashionMnistDir, f)))
            {
                throw new InvalidOperationException(
                    $"{Path.Combine(FashionMnistDir, f)} is missing: install Debian's package with 'apt-get install -y dataset-fashion-mnist'.");
            }
        }
        return FashionMnistDir;
    }
}
