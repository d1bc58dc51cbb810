namespace Provenant.Inference.Tracing;

/// <summary>
/// Constants of the execution-trace encodings and of the <c>trace.bin</c> file, versions 1 and 2
/// (<c>docs/execution-traces.md</c> gives the layout byte by byte). All integers are little-endian.
/// </summary>
public static class TraceFormat
{
    /// <summary>The file's first 8 bytes: 0x89 then ASCII <c>PVTRACE</c> (the high byte catches 7-bit transfers).</summary>
    public static ReadOnlySpan<byte> Magic => [0x89, (byte)'P', (byte)'V', (byte)'T', (byte)'R', (byte)'A', (byte)'C', (byte)'E'];

    /// <summary>Format version 1: a leaf commits to one tensor digest per output (traces with or without tensors).</summary>
    public const uint Version = 1;

    /// <summary>
    /// Format version 2: a leaf hashes the node's output tensors themselves, with no separate tensor digest (one
    /// SHA-256 per node); a version-2 file always carries the tensors. Claims use it.
    /// </summary>
    public const uint Version2 = 2;

    /// <summary>
    /// Format version 3: a segmented commitment for inference claims (no <c>trace.bin</c> of its own). Nodes are cut
    /// into segments of 2^g consecutive nodes; the root is over one leaf per segment that hashes only the segment's
    /// exports (outputs read outside it or graph outputs); a node's version-2 leaf is computed only in a dispute.
    /// </summary>
    public const uint Version3 = 3;

    /// <summary>Largest segment-size exponent g of a format-3 commitment (a segment holds at most 2^24 nodes, as a trace).</summary>
    public const int MaxSegmentBits = 24;

    /// <summary>Domain-separation tag of a format-3 segment leaf.</summary>
    public const string SegmentTag = "provenant-trace-segment-v1";

    /// <summary>Domain-separation tag of a chunk leaf of a chunked format-3 fine tree.</summary>
    public const string ChunkTag = "provenant-trace-chunk-v1";

    /// <summary>Largest chunk exponent h of a chunked format-3 claim (2^h row chunks per node output).</summary>
    public const int MaxChunkBits = 8;

    /// <summary>
    /// The largest chunk exponent a claim gets when none is asked for (<see cref="TraceChunks.DefaultChunkBits"/>): 2^6 row
    /// chunks per node output. On ezkl-nanoGPT (123 nodes) it is the h whose referee step is smallest against one
    /// inference (bench/disputes.sh, docs/disputes.md §Chunked fine trees; h = 4 and 5 leave a worst node above 1 %), at
    /// the same ⌈log2 n⌉ rounds, for about 40 % more bytes per game than whole-node leaves.
    /// </summary>
    public const int MaxDefaultChunkBits = 6;

    /// <summary>Flag bit 0: every node's output tensors follow its record.</summary>
    public const uint FlagTensors = 1;

    /// <summary>Size of the fixed header: magic, version, flags, three 32-byte digests and the node count (116 bytes).</summary>
    public const int HeaderSize = 8 + 4 + 4 + 3 * 32 + 4;

    /// <summary>Byte offset of the output digest in the header (patched when a streamed trace completes).</summary>
    public const int OutputDigestOffset = 80;

    /// <summary>Most nodes a trace may hold (2^24).</summary>
    public const int MaxNodes = 1 << 24;

    /// <summary>Most outputs one node may have.</summary>
    public const int MaxOutputs = 4096;

    /// <summary>Longest operator domain or operator type, in UTF-8 bytes.</summary>
    public const int MaxOpBytes = 256;

    /// <summary>Longest node or value name, in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 65536;

    /// <summary>Highest tensor rank.</summary>
    public const int MaxRank = 32;

    /// <summary>Whether <paramref name="version"/> is a trace format version this code reads and writes (1 or 2).</summary>
    public static bool IsKnownVersion(uint version) => version is Version or Version2;

    /// <summary>Smallest possible node record: id, domain/op/name lengths, opset, output count and the leaf hash.</summary>
    internal const int MinNodeRecordSize = 4 + 4 + 4 + 4 + 4 + 4 + 32;

    /// <summary>Domain-separation tag of a tensor digest.</summary>
    public const string TensorTag = "provenant-trace-tensor-v1";

    /// <summary>Domain-separation tag of a node leaf.</summary>
    public const string LeafTag = "provenant-trace-leaf-v1";

    /// <summary>Domain-separation tag of a node leaf in format version 2 (the outputs' tensor encodings inline).</summary>
    public const string LeafTagV2 = "provenant-trace-leaf-v2";

    /// <summary>Domain-separation tag of the input digest.</summary>
    public const string InputsTag = "provenant-trace-inputs-v1";

    /// <summary>Domain-separation tag of the output digest.</summary>
    public const string OutputsTag = "provenant-trace-outputs-v1";
}
