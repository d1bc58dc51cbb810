using FsCheck;
using FsCheck.Fluent;

namespace Provenant.Proofs.Tests.Field;

/// <summary>Runs FsCheck properties (random inputs with shrinking) and throws on the first counterexample.</summary>
internal static class PropertyCheck
{
    private static Config Config(int maxTest) => FsCheck.Config.QuickThrowOnFailure.WithMaxTest(maxTest);

    public static void ForAll<T1, T2>(int maxTest, Action<T1, T2> property) =>
        Check.One(Config(maxTest), Prop.ForAll(property));

    public static void ForAll<T1, T2, T3>(int maxTest, Action<T1, T2, T3> property) =>
        Check.One(Config(maxTest), Prop.ForAll(property));

    public static void ForAll<T1>(int maxTest, Action<T1> property) =>
        Check.One(Config(maxTest), Prop.ForAll(property));
}
