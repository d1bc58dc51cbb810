using System.Text;
using Provenant.Ledger.Provenance;
using Provenant.Signing.Dsse;

namespace Provenant.Ledger.Tests.Provenance;

/// <summary>What the index takes from a statement: subjects, digests referenced in the predicate, nothing from hostile payloads.</summary>
public sealed class StatementLinksTests
{
    private static DsseEnvelope Env(string payload, string type = DsseEnvelope.InTotoPayloadType) => new(Encoding.UTF8.GetBytes(payload), type, []);

    [Fact]
    public void Subjects_and_predicate_digests_become_links()
    {
        var a = new string('A', 64);
        var b = new string('b', 64);
        var payload = """
            {"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"model","digest":{"sha256":"A_HEX"}}],
             "predicateType":"https://slsa.dev/provenance/v1",
             "predicate":{"buildDefinition":{"resolvedDependencies":[{"name":"digits.csv.gz","digest":{"sha256":"B_HEX"}},{"uri":"git+https://x","digest":{"gitCommit":"0123456789abcdef0123"}}]}}}
            """.Replace("A_HEX", a).Replace("B_HEX", b);
        var (type, links) = StatementLinks.From(Env(payload));
        Assert.Equal("https://slsa.dev/provenance/v1", type);
        Assert.Equal(
            [new SubjectLink("sha256:" + a.ToLowerInvariant(), SubjectRelation.Subject, "model"),
             new SubjectLink("sha256:" + b, SubjectRelation.Reference, "digits.csv.gz"),
             new SubjectLink("gitcommit:0123456789abcdef0123", SubjectRelation.Reference, "git+https://x")],
            links);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"subject\":\"x\",\"predicate\":7}")]
    [InlineData("{\"subject\":[{\"name\":\"m\",\"digest\":{\"sha256\":\"zz\"}}]}")]
    [InlineData("{\"subject\":[{\"name\":\"m\",\"digest\":{\"sha256\":\"00112233445566778899\",\"a b\":\"00112233445566778899\"}}]}")]
    public void Hostile_or_malformed_payloads_give_only_well_formed_links(string payload)
    {
        var (_, links) = StatementLinks.From(Env(payload));
        Assert.All(links, l => Assert.Equal(l.Digest, StatementLinks.Normalize(l.Digest)));
        Assert.True(links.Count <= 1);
    }

    [Fact]
    public void Other_payload_types_give_no_links_and_deep_or_huge_predicates_are_bounded()
    {
        Assert.Empty(StatementLinks.From(Env("{\"subject\":[]}", "text/plain")).Links);
        var many = string.Join(",", Enumerable.Range(0, 1000).Select(i => $"{{\"digest\":{{\"sha256\":\"{i:x64}\"}}}}"));
        Assert.Equal(StatementLinks.MaxLinks, StatementLinks.From(Env($"{{\"predicate\":[{many}]}}")).Links.Count);
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 30)) + "{\"digest\":{\"sha256\":\"" + new string('1', 64) + "\"}}" + new string('}', 30);
        Assert.Single(StatementLinks.From(Env($"{{\"predicate\":{deep}}}")).Links);
        var tooDeep = string.Concat(Enumerable.Repeat("[", 200)) + new string(']', 200);
        Assert.Empty(StatementLinks.From(Env($"{{\"predicate\":{tooDeep}}}")).Links);
    }
}
