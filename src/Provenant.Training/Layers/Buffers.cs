namespace Provenant.Training.Layers;

/// <summary>Scratch arrays that grow to the largest batch seen.</summary>
internal static class Buffers
{
    /// <summary><paramref name="current"/> when it holds <paramref name="length"/> values, else a new zeroed array.</summary>
    public static float[] AtLeast(float[] current, int length) => current.Length >= length ? current : new float[length];

    /// <summary>As the float overload, for index arrays.</summary>
    public static int[] AtLeast(int[] current, int length) => current.Length >= length ? current : new int[length];
}
