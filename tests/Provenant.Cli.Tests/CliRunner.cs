using Provenant.TestSupport;

namespace Provenant.Cli.Tests;

/// <summary>Runs the real command tree in-process and captures output.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Err)
    {
        public string All => Out + Err;
    }

    public static Result Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = CliApp.Run(args, o, e, interactive: false);
        return new Result(code, o.ToString(), e.ToString());
    }

    /// <summary>A temp dir holding key.pem/key.pub.pem and a copy of the sample model (model/).</summary>
    public static TempDir SignedModel(out string model, out string sig, out string pub, string name = "")
    {
        var tmp = SharedData.NewTempDir(name);
        model = tmp["model"];
        Directory.CreateDirectory(model);
        foreach (var f in Directory.GetFiles(Path.Combine(SharedData.RepoRoot, "samples", "models", "mnist-cnn")))
        {
            File.Copy(f, Path.Combine(model, Path.GetFileName(f)));
        }
        Directory.CreateDirectory(Path.Combine(model, "sub"));
        File.WriteAllText(Path.Combine(model, "sub", "config.json"), "{\"layers\": 4}");
        Assert.Equal(0, Run("keygen", "--out", tmp["key.pem"]).ExitCode);
        pub = tmp["key.pub.pem"];
        sig = tmp["model.sig"];
        var s = Run("sign", model, "--private-key", tmp["key.pem"], "--signature", sig);
        Assert.True(s.ExitCode == 0, s.All);
        return tmp;
    }
}
