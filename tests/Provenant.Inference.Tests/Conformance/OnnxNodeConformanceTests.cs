using Xunit.Abstractions;

namespace Provenant.Inference.Tests.Conformance;

/// <summary>
/// ONNX backend node conformance (../shared/data/onnx-node-tests, onnx v1.22.0): one case per folder
/// whose operators the engine implements; plus a summary with passed/failed/unsupported counts.
/// </summary>
public sealed class OnnxNodeConformanceTests(ITestOutputHelper output)
{
    public static TheoryData<string> InScopeFolders()
    {
        var data = new TheoryData<string>();
        foreach (var f in ConformanceRunner.Folders().Where(ConformanceRunner.InScope))
        {
            data.Add(f);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(InScopeFolders))]
    public void Folder_matches_expected_outputs_or_is_rejected_as_unsupported(string folder)
    {
        var (status, detail) = ConformanceRunner.Run(folder);
        output.WriteLine($"{status}: {detail}");
        Assert.True(status is ConformanceStatus.Passed or ConformanceStatus.Unsupported, $"{folder}: {status}: {detail}");
    }

    [Fact]
    public void Summary_counts_passed_failed_unsupported()
    {
        var results = ConformanceRunner.Folders().Select(f => (Folder: f, Result: ConformanceRunner.Run(f))).ToList();
        var lines = new List<string>();
        foreach (var group in results.GroupBy(r => r.Result.Status).OrderBy(g => g.Key))
        {
            foreach (var (folder, (status, detail)) in group)
            {
                lines.Add($"{status,-11} {folder}  {(status == ConformanceStatus.Passed ? "" : detail)}");
            }
        }
        int Count(ConformanceStatus s) => results.Count(r => r.Result.Status == s);
        var summary = $"onnx-node-tests: {results.Count} folders; passed {Count(ConformanceStatus.Passed)}, failed {Count(ConformanceStatus.Failed)}, " +
            $"unsupported {Count(ConformanceStatus.Unsupported)}, out of scope (ops outside the list) {Count(ConformanceStatus.OutOfScope)}";
        foreach (var l in lines)
        {
            output.WriteLine(l);
        }
        output.WriteLine(summary);
        Console.WriteLine(summary);
        Assert.True(Count(ConformanceStatus.Failed) == 0, summary + "\n" + string.Join("\n", lines.Where(l => l.StartsWith("Failed", StringComparison.Ordinal))));
    }
}
