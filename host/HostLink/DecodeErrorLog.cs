using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;

namespace DualReader.Host.HostLink;

/// <summary>
/// A frame the tool could not use. <paramref name="Offset"/> is where the frame starts in the input (its first byte
/// after the 0x00 that ended the previous frame; leading 0x00 bytes are not part of it). <paramref name="Sequence"/>
/// and <paramref name="MessageType"/> are known when the frame's CRC was good and its version 1 (the header can then be
/// trusted); <paramref name="Field"/> is the tag of the field at fault, or -1.
/// </summary>
public sealed record DecodeError(long Offset, string Error, uint? Sequence = null, byte? MessageType = null, int Field = -1)
{
    /// <summary>True for a host → reader frame (message types 0x80..0xFF), whose sequence is the host's counter.</summary>
    public bool FromHost => MessageType >= 0x80;
}

/// <summary>
/// The decode errors of a capture in input order. The first <see cref="MemoryLimit"/> are held in memory; past that
/// they go to a temporary file (16 bytes each, gone when the log is disposed or the tool ends), so a gigabyte of noise
/// costs disk, not memory.
/// </summary>
public sealed class DecodeErrorLog : IEnumerable<DecodeError>, IDisposable
{
    public const int MemoryLimit = 65536;

    private const int EntryLength = 16;

    private readonly List<DecodeError> held = new();
    private readonly long[] kindCounts = new long[DecodeErrorNames.All.Length];
    private FileStream? spill;
    /// <summary>Entries not yet written to <see cref="spill"/>.</summary>
    private readonly byte[] pending = new byte[EntryLength * 4096];
    private int pendingLength;

    public long Count { get; private set; }

    /// <summary>How many errors of the name <paramref name="name"/> (a <see cref="DecodeErrorNames"/> name).</summary>
    public long CountOf(string name) => kindCounts[Array.IndexOf(DecodeErrorNames.All, name)];

    public void Add(DecodeError error)
    {
        Count++;
        int kind = Array.IndexOf(DecodeErrorNames.All, error.Error);
        kindCounts[kind]++;
        if (spill == null && held.Count < MemoryLimit)
        {
            held.Add(error);
            return;
        }

        spill ??= OpenSpill();
        if (pendingLength == pending.Length)
        {
            spill.Write(pending, 0, pendingLength);
            pendingLength = 0;
        }

        // offset (8), error name index (1), flags (1: bit 0 sequence and type known, bit 1 field known), message type (1),
        // field tag (1), sequence (4)
        Span<byte> entry = pending.AsSpan(pendingLength, EntryLength);
        BitConverter.TryWriteBytes(entry.Slice(0, 8), error.Offset);
        entry[8] = (byte)kind;
        entry[9] = (byte)((error.Sequence != null ? 1 : 0) | (error.Field >= 0 ? 2 : 0));
        entry[10] = error.MessageType ?? 0;
        entry[11] = (byte)(error.Field >= 0 ? error.Field : 0);
        BitConverter.TryWriteBytes(entry.Slice(12, 4), error.Sequence ?? 0);
        pendingLength += EntryLength;
    }

    /// <summary>
    /// A temporary file that disappears even when the tool is interrupted: on Linux and macOS its name is removed at
    /// once (the open handle keeps the data); on Windows the system deletes it when the last handle closes.
    /// </summary>
    private static FileStream OpenSpill()
    {
        string path = Path.Combine(Path.GetTempPath(), "dualreader-errors-" + Guid.NewGuid().ToString("N"));
        if (OperatingSystem.IsWindows())
        {
            return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }

        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1);
        File.Delete(path);
        return file;
    }

    public IEnumerator<DecodeError> GetEnumerator()
    {
        foreach (DecodeError error in held)
        {
            yield return error;
        }

        if (spill == null)
        {
            yield break;
        }

        // Read front to back in large blocks; the log is not added to while it is read.
        spill.Write(pending, 0, pendingLength);
        pendingLength = 0;
        long end = spill.Length;
        spill.Position = 0;
        var block = new byte[EntryLength * 4096];
        long position = 0;
        while (position < end)
        {
            int length = (int)Math.Min(block.Length, end - position);
            spill.ReadExactly(block, 0, length);
            position += length;
            for (int index = 0; index < length; index += EntryLength)
            {
                bool header = (block[index + 9] & 1) != 0;
                yield return new DecodeError(
                    BitConverter.ToInt64(block, index),
                    DecodeErrorNames.All[block[index + 8]],
                    header ? BitConverter.ToUInt32(block, index + 12) : null,
                    header ? block[index + 10] : null,
                    (block[index + 9] & 2) != 0 ? block[index + 11] : -1);
            }
        }

        spill.Position = end;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        spill?.Dispose();
        spill = null;
    }
}
