using System;
using System.Collections.Generic;
using System.IO;
using DualReader.Firmware.HostLink;

namespace DualReader.Host.HostLink;

/// <summary>A hole in the reader's sequence numbers that nothing accounts for.</summary>
public sealed record SequenceGap(uint FirstSequence, uint LastSequence)
{
    public long Count => (long)LastSequence - FirstSequence + 1;
}

/// <summary>The result of decoding a whole capture. Dispose it: many decode errors spill to a temporary file.</summary>
public sealed class DecodedCapture : IDisposable
{
    /// <summary>Reader records in sequence order (one per number), then host → reader frames in input order.</summary>
    public List<HostLinkMessage> Records { get; } = new();

    /// <summary>Gaps in the reader's sequence numbers that nothing accounts for, in order.</summary>
    public List<SequenceGap> Gaps { get; } = new();

    public DecodeErrorLog Errors { get; } = new();

    /// <summary>Copies of reader records already held (the reader resends until acknowledged).</summary>
    public long Duplicates { get; set; }

    /// <summary>Frames with a good CRC and version that could not be decoded (counted in <see cref="Errors"/> too).</summary>
    public long UndecodableFrames { get; set; }

    public long BytesRead { get; set; }

    public void Dispose() => Errors.Dispose();
}

/// <summary>
/// The PC tool's receiving end of the link, for files and live ports alike: splits a byte stream at its 0x00
/// delimiters, checks each frame (PROTOCOL.md section 1, in its order: COBS, at least 10 bytes, CRC, version, payload
/// length) and decodes its payload strictly (<see cref="RecordDecoder"/>). Bytes may come in chunks of any size. Memory:
/// one frame; runs of 0x00 and the search for delimiters use vectorised scans.
/// </summary>
public sealed class FrameScanner
{
    private readonly byte[] encoded = new byte[HostLinkProtocol.MaximumEncodedLength];
    private readonly byte[] frame = new byte[HostLinkProtocol.MaximumFrameLength];
    private int encodedLength;
    private bool oversize;
    private long frameStart;
    private long consumed;

    /// <summary>A decoded message, a hash of its type and payload (tells resent copies from other records), and where its frame starts.</summary>
    public event Action<HostLinkMessage, int, long>? MessageDecoded;

    /// <summary>A frame that cannot be used.</summary>
    public event Action<DecodeError>? ErrorFound;

    /// <summary>Bytes scanned so far.</summary>
    public long BytesScanned => consumed;

    /// <summary>
    /// Scans the next bytes of the stream. The same framing rules as the firmware's <see cref="FrameDecoder"/>: more
    /// than 1039 bytes without a delimiter is one <c>oversize</c>, an empty frame (0x00 0x00) is ignored.
    /// </summary>
    public void Scan(ReadOnlySpan<byte> block)
    {
        long blockOffset = consumed;
        consumed += block.Length;
        int position = 0;
        while (position < block.Length)
        {
            if (encodedLength == 0 && !oversize)
            {
                int start = block.Slice(position).IndexOfAnyExcept(HostLinkProtocol.Delimiter);
                if (start < 0)
                {
                    return;
                }

                position += start;
                frameStart = blockOffset + position;
            }

            int delimiter = block.Slice(position).IndexOf(HostLinkProtocol.Delimiter);
            int end = delimiter < 0 ? block.Length : position + delimiter;
            int length = end - position;
            if (!oversize)
            {
                if (encodedLength + length > encoded.Length)
                {
                    oversize = true;
                }
                else
                {
                    block.Slice(position, length).CopyTo(encoded.AsSpan(encodedLength));
                    encodedLength += length;
                }
            }

            position = end;
            if (delimiter >= 0)
            {
                position++;
                CompleteFrame();
            }
        }
    }

    /// <summary>The end of the input: a frame cut off is <c>truncated</c> (or <c>oversize</c> when it was too long already).</summary>
    public void Finish()
    {
        if (oversize)
        {
            Error(new DecodeError(frameStart, DecodeErrorNames.Oversize));
        }
        else if (encodedLength > 0)
        {
            Error(new DecodeError(frameStart, DecodeErrorNames.Truncated));
        }

        oversize = false;
        encodedLength = 0;
    }

    private void Error(DecodeError error) => ErrorFound?.Invoke(error);

    private void CompleteFrame()
    {
        if (oversize)
        {
            Error(new DecodeError(frameStart, DecodeErrorNames.Oversize));
        }
        else
        {
            Check();
        }

        oversize = false;
        encodedLength = 0;
    }

    /// <summary>
    /// The firmware's <see cref="Cobs.Decode"/> (same results, -1 for input that is not COBS or does not fit), a block
    /// at a time: the scanner has already split the stream at 0x00, so no block can hold one.
    /// </summary>
    private static int DecodeCobs(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int read = 0;
        int write = 0;
        while (read < input.Length)
        {
            int code = input[read++];
            int length = code - 1;
            if (length > input.Length - read || length > output.Length - write)
            {
                return -1;
            }

            input.Slice(read, length).CopyTo(output.Slice(write));
            read += length;
            write += length;
            if (code != 0xFF && read < input.Length)
            {
                if (write >= output.Length)
                {
                    return -1;
                }

                output[write++] = 0;
            }
        }

        return write;
    }

    private void Check()
    {
        int decoded = DecodeCobs(encoded.AsSpan(0, encodedLength), frame);
        if (decoded < 0)
        {
            Error(new DecodeError(frameStart, DecodeErrorNames.Malformed));
            return;
        }

        if (decoded < HostLinkProtocol.HeaderLength + HostLinkProtocol.CrcLength)
        {
            Error(new DecodeError(frameStart, DecodeErrorNames.Truncated));
            return;
        }

        int crcIndex = decoded - HostLinkProtocol.CrcLength;
        if (Crc16.Compute(frame, 0, crcIndex) != FieldReader.GetUInt16(frame, crcIndex))
        {
            Error(new DecodeError(frameStart, DecodeErrorNames.BadCrc));
            return;
        }

        if (frame[0] != HostLinkProtocol.Version)
        {
            // Another version may lay its header out differently: nothing past the version byte is trusted.
            Error(new DecodeError(frameStart, DecodeErrorNames.UnknownVersion));
            return;
        }

        // From here on the header is trusted: every error carries the frame's number and type.
        byte type = frame[1];
        uint sequence = FieldReader.GetUInt32(frame, 2);
        int declared = FieldReader.GetUInt16(frame, 6);
        int actual = crcIndex - HostLinkProtocol.HeaderLength;
        string? error = declared > HostLinkProtocol.MaximumPayloadLength ? DecodeErrorNames.Oversize
            : actual < declared ? DecodeErrorNames.Truncated
            : actual > declared ? DecodeErrorNames.Malformed
            : null;
        HostLinkMessage? message = null;
        int field = -1;
        if (error == null)
        {
            message = RecordDecoder.Decode(type, sequence, frame, HostLinkProtocol.HeaderLength, actual, out error, out field);
        }

        if (message == null)
        {
            Error(new DecodeError(frameStart, error!, sequence, type, field));
            return;
        }

        var fingerprint = new HashCode();
        fingerprint.Add(type);
        fingerprint.AddBytes(frame.AsSpan(HostLinkProtocol.HeaderLength, actual));
        MessageDecoded?.Invoke(message, fingerprint.ToHashCode(), frameStart);
    }
}

/// <summary>
/// Decodes a whole capture (as written by `sim --uart` or saved from a port) into records: resent duplicates dropped,
/// sequence gaps reported as ranges, damaged frames listed. The input is read once, front to back, in 1 MiB blocks;
/// memory holds one block, one frame and the records decoded (damaged input costs no memory: past 65,536 decode errors
/// they go to a temporary file), and every step is linear in the input or logarithmic in the records.
/// </summary>
public sealed class CaptureDecoder
{
    private const int BlockLength = 1 << 20;

    private readonly DecodedCapture capture = new();
    private readonly SequenceTracker tracker = new();
    private readonly List<HostLinkMessage> hostFrames = new();
    private readonly FrameScanner scanner = new();

    private CaptureDecoder()
    {
        scanner.MessageDecoded += Accept;
        scanner.ErrorFound += Reject;
    }

    public static DecodedCapture Decode(byte[] stream)
    {
        using var input = new MemoryStream(stream, writable: false);
        return Decode(input);
    }

    public static DecodedCapture Decode(Stream input)
    {
        var decoder = new CaptureDecoder();
        byte[] block = new byte[BlockLength];
        int read;
        while ((read = input.Read(block, 0, block.Length)) > 0)
        {
            decoder.scanner.Scan(block.AsSpan(0, read));
        }

        return decoder.Finish();
    }

    private void Accept(HostLinkMessage message, int fingerprint, long offset)
    {
        if ((byte)message.Type >= 0x80)
        {
            hostFrames.Add(message);
            return;
        }

        switch (tracker.Observe(message, fingerprint))
        {
            case Observation.Duplicate:
            case Observation.Replaced:
                capture.Duplicates++;
                break;
            case Observation.Conflict:
                capture.Errors.Add(new DecodeError(offset, DecodeErrorNames.ConflictingCopy, message.Sequence, (byte)message.Type));
                break;
        }
    }

    /// <summary>A reader frame with a good CRC that cannot be used is reported with its number, which is then no gap.</summary>
    private void Reject(DecodeError error)
    {
        capture.Errors.Add(error);
        if (error.Sequence != null)
        {
            capture.UndecodableFrames++;
            if (!error.FromHost)
            {
                tracker.MarkUndecodable(error.Sequence.Value);
            }
        }
    }

    private DecodedCapture Finish()
    {
        scanner.Finish();
        capture.BytesRead = scanner.BytesScanned;
        capture.Records.AddRange(tracker.RecordsInOrder());
        capture.Records.AddRange(hostFrames);
        capture.Gaps.AddRange(tracker.Gaps());
        return capture;
    }
}
