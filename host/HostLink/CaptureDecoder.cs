using System;
using System.Collections.Generic;
using DualReader.Firmware.HostLink;

namespace DualReader.Host.HostLink;

/// <summary>A frame the decoder could not use: where it ended in the stream and why.</summary>
public sealed record DecodeError(long Offset, string Error);

/// <summary>A hole in the reader's sequence numbers that no lost record explains.</summary>
public sealed record SequenceGap(uint FirstSequence, uint LastSequence)
{
    public long Count => (long)LastSequence - FirstSequence + 1;
}

/// <summary>The result of decoding a whole capture.</summary>
public sealed class DecodedCapture
{
    /// <summary>Reader records (and any host commands in the stream), one per sequence number, in sequence order.</summary>
    public List<HostLinkMessage> Records { get; } = new();

    /// <summary>Gaps in the reader's sequence numbers that no lost record covers.</summary>
    public List<SequenceGap> Gaps { get; } = new();

    public List<DecodeError> Errors { get; } = new();

    /// <summary>Frames received more than once (the reader resends until acknowledged).</summary>
    public int Duplicates { get; set; }

    /// <summary>Valid frames whose message type this version does not know, or whose fields were malformed.</summary>
    public int UnknownMessages { get; set; }

    public long BytesRead { get; set; }
}

/// <summary>
/// Host side of the link: turns a raw UART byte stream (as captured by `sim --uart` or read from a port) into
/// records, dropping resent duplicates and reporting sequence gaps.
/// </summary>
public static class CaptureDecoder
{
    /// <summary>Snake-case name of a decoder error (as printed and in JSON).</summary>
    public static string ErrorName(DecodeStatus status) => status switch
    {
        DecodeStatus.BadCrc => "bad_crc",
        DecodeStatus.Oversize => "oversize",
        DecodeStatus.Truncated => "truncated",
        DecodeStatus.UnknownVersion => "unknown_version",
        DecodeStatus.Malformed => "malformed",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static DecodedCapture Decode(byte[] stream)
    {
        var capture = new DecodedCapture { BytesRead = stream.Length };
        var decoder = new FrameDecoder();
        var tracker = new SequenceTracker();
        var hostCommands = new List<HostLinkMessage>();
        int position = 0;
        while (position < stream.Length)
        {
            DecodeStatus status = decoder.Push(stream, position, stream.Length - position, out int consumed);
            position += consumed;
            if (status == DecodeStatus.Frame)
            {
                HostLinkMessage? message = MessageDecoder.Decode(decoder);
                if (message == null)
                {
                    capture.UnknownMessages++;
                }
                else if ((byte)message.Type >= 0x80)
                {
                    hostCommands.Add(message);
                }
                else if (!tracker.Observe(message))
                {
                    capture.Duplicates++;
                }
            }
            else if (status != DecodeStatus.NeedMoreData)
            {
                capture.Errors.Add(new DecodeError(decoder.BytesConsumed, ErrorName(status)));
            }
        }

        if (decoder.Finish() == DecodeStatus.Truncated)
        {
            capture.Errors.Add(new DecodeError(stream.Length, "truncated"));
        }

        capture.Records.AddRange(tracker.RecordsInOrder());
        capture.Records.AddRange(hostCommands);
        capture.Gaps.AddRange(tracker.Gaps());
        return capture;
    }
}

/// <summary>
/// Which reader sequence numbers the host holds. A number is accounted for when its record arrived or a lost record
/// covers it. Resent records are duplicates; a resent lost record with a larger count replaces the earlier copy.
/// </summary>
public sealed class SequenceTracker
{
    private readonly SortedDictionary<uint, HostLinkMessage> records = new();
    private readonly Dictionary<uint, LostRecord> lostRecords = new();
    private uint? baseSequence;

    /// <summary>
    /// Records a message; false when it is a duplicate that changes nothing. A lost record whose range holds the
    /// number of an earlier lost record supersedes it (PROTOCOL.md section 4): the earlier one is removed, so only the
    /// newest of a chain is counted; a superseded lost record that arrives after its successor changes nothing.
    /// </summary>
    public bool Observe(HostLinkMessage message)
    {
        if (message is LostRecord arriving)
        {
            foreach (LostRecord known in lostRecords.Values)
            {
                if (known.Sequence != arriving.Sequence && arriving.Sequence >= known.FirstSequence && arriving.Sequence <= known.LastSequence)
                {
                    return false;
                }
            }

            List<uint> superseded = new();
            foreach (LostRecord known in lostRecords.Values)
            {
                if (known.Sequence != arriving.Sequence && known.Sequence >= arriving.FirstSequence && known.Sequence <= arriving.LastSequence)
                {
                    superseded.Add(known.Sequence);
                }
            }

            foreach (uint sequence in superseded)
            {
                lostRecords.Remove(sequence);
                records.Remove(sequence);
            }
        }

        if (records.TryGetValue(message.Sequence, out HostLinkMessage? existing))
        {
            if (message is LostRecord lost && existing is LostRecord old && lost.Count > old.Count)
            {
                records[message.Sequence] = message;
                lostRecords[message.Sequence] = lost;
                return true;
            }

            return false;
        }

        records[message.Sequence] = message;
        if (message is LostRecord newLost)
        {
            lostRecords[message.Sequence] = newLost;
        }

        if (baseSequence == null || message.Sequence < baseSequence)
        {
            baseSequence = message.Sequence;
        }

        if (message is LostRecord covering && covering.FirstSequence < baseSequence)
        {
            baseSequence = covering.FirstSequence;
        }

        return true;
    }

    public IEnumerable<HostLinkMessage> RecordsInOrder() => records.Values;

    private bool Covered(uint sequence)
    {
        foreach (LostRecord lost in lostRecords.Values)
        {
            if (sequence >= lost.FirstSequence && sequence <= lost.LastSequence)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the sequence number was received or is covered by a lost record.</summary>
    public bool Holds(uint sequence) => records.ContainsKey(sequence) || Covered(sequence);

    /// <summary>
    /// The highest sequence number up to which everything is held, counted from the first one seen (a host that
    /// starts late cannot ask for what an earlier host acknowledged); null before any record.
    /// </summary>
    public uint? ContiguousThrough()
    {
        if (baseSequence == null)
        {
            return null;
        }

        uint sequence = baseSequence.Value;
        if (!Holds(sequence))
        {
            return null;
        }

        while (Holds(sequence + 1))
        {
            sequence++;
        }

        return sequence;
    }

    /// <summary>The holes between the first and the last sequence number seen that no lost record covers.</summary>
    public IEnumerable<SequenceGap> Gaps()
    {
        if (records.Count == 0 || baseSequence == null)
        {
            yield break;
        }

        uint last = 0;
        foreach (uint key in records.Keys)
        {
            last = key;
        }

        uint? gapStart = null;
        for (uint sequence = baseSequence.Value; sequence <= last; sequence++)
        {
            if (!Holds(sequence))
            {
                gapStart ??= sequence;
            }
            else if (gapStart != null)
            {
                yield return new SequenceGap(gapStart.Value, sequence - 1);
                gapStart = null;
            }

            if (sequence == uint.MaxValue)
            {
                break;
            }
        }
    }
}
