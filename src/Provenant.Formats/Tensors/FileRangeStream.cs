using Provenant.Core.Errors;

namespace Provenant.Formats.Tensors;

/// <summary>A read-only, seekable stream over one byte range of a <see cref="TensorFile"/>. Reading past the range
/// returns 0; a file that ends before the range does is an error (the file changed after it was validated).</summary>
internal sealed class FileRangeStream : Stream
{
    private readonly TensorFile _file;
    private readonly long _start;
    private readonly long _length;
    private long _position;

    public FileRangeStream(TensorFile file, long start, long length)
    {
        _file = file;
        _start = start;
        _length = length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var want = (int)Math.Min(buffer.Length, Math.Max(0, _length - _position));
        if (want == 0) return 0;
        var n = _file.Read(buffer[..want], _start + _position);
        if (n == 0)
        {
            throw new ProvenantException($"{_file.Path}: file ended at offset {_start + _position}, inside tensor data that ends at {_start + _length} (did the file change?)");
        }
        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
