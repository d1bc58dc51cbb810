using Xunit;

namespace Provenant.TestSupport;

/// <summary>
/// A long-running test that runs only when the environment variable <see cref="Variable"/> is <c>1</c>; otherwise it is
/// reported as skipped (never as passed), with the variable to set.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class OptInFactAttribute : FactAttribute
{
    /// <summary>Marks the test as opt-in behind <paramref name="variable"/>.</summary>
    public OptInFactAttribute(string variable)
    {
        Variable = variable;
        if (Environment.GetEnvironmentVariable(variable) != "1")
        {
            Skip = $"long-running: set {variable}=1 to run";
        }
    }

    /// <summary>The environment variable that enables the test.</summary>
    public string Variable { get; }
}
