namespace Provenant.Formats.Datasets;

/// <summary>
/// Receives one canonical record during a pass over a dataset (<see cref="DatasetCommitter.VerifyRecords"/>).
/// <paramref name="record"/> is only valid during the call (the reader reuses its buffer): copy what is kept.
/// </summary>
/// <param name="file">The file the record came from (for IDX, the images file), relative to the dataset root.</param>
/// <param name="index">The record's index in the whole dataset (its leaf index in the records tree).</param>
/// <param name="record">The canonical record bytes.</param>
public delegate void RecordVisitor(string file, long index, ReadOnlySpan<byte> record);
