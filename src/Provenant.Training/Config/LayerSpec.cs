namespace Provenant.Training.Config;

/// <summary>
/// One entry of the configuration's <c>layers</c> list. <see cref="Type"/> is one of <c>dense</c> (needs
/// <see cref="Units"/>), <c>conv2d</c> (<see cref="Filters"/>, <see cref="Kernel"/>, optional
/// <see cref="Stride"/> = 1 and <see cref="Padding"/> = 0), <c>maxpool2d</c> / <c>avgpool2d</c>
/// (<see cref="Size"/>, optional <see cref="Stride"/> = size), <c>relu</c>, <c>flatten</c>, <c>layernorm</c> (over the features of a flat input). Fields that do
/// not apply to a type are 0.
/// </summary>
/// <param name="Type">Layer type name.</param>
/// <param name="Units">Dense output features.</param>
/// <param name="Filters">Convolution output channels.</param>
/// <param name="Kernel">Convolution kernel side (square).</param>
/// <param name="Stride">Convolution or pooling stride.</param>
/// <param name="Padding">Convolution zero padding per side.</param>
/// <param name="Size">Pooling window side (square).</param>
public sealed record LayerSpec(string Type, int Units = 0, int Filters = 0, int Kernel = 0, int Stride = 0, int Padding = 0, int Size = 0);
