using System;
using System.Collections.Generic;
using DualReader.Firmware.HostLink;

namespace DualReader.Host.HostLink;

/// <summary>What <see cref="SequenceTracker.Observe"/> made of a record.</summary>
public enum Observation
{
    /// <summary>A number not seen before: the record is kept.</summary>
    New,
    /// <summary>A resend identical to the copy kept, or a lost record that a newer one supersedes: nothing changes.</summary>
    Duplicate,
    /// <summary>A resent lost record with a larger count: it replaces the copy kept (the reader merged more drops into it).</summary>
    Replaced,
    /// <summary>Another record under a number already held (not a resend): reported, the first copy is kept.</summary>
    Conflict,
}

/// <summary>
/// Which reader sequence numbers the host holds: a number is accounted for when its record arrived, a lost record
/// covers it, or a frame with that number arrived with a good CRC but could not be decoded (it was reported as a
/// decode error). Every operation is O(log n) in the records held, whatever the numbers.
/// </summary>
public sealed class SequenceTracker
{
    /// <summary>A record kept and the hash of its frame's type and payload (tells a resend from another record).</summary>
    private readonly record struct Held(HostLinkMessage Message, int Fingerprint);

    private readonly SortedDictionary<uint, Held> records = new();
    /// <summary>The numbers of the lost records kept (not superseded).</summary>
    private readonly SortedSet<uint> lostNumbers = new();
    /// <summary>Every number any lost record received covers.</summary>
    private readonly SequenceRanges lostRanges = new();
    /// <summary>Lost ranges plus the numbers reported as undecodable.</summary>
    private readonly SequenceRanges accounted = new();
    private uint? baseSequence;
    private uint? lastSequence;
    private uint? contiguousThrough;

    public int RecordCount => records.Count;

    /// <summary>
    /// Records a reader record. <paramref name="fingerprint"/> tells copies apart (a hash of the frame's payload). A
    /// lost record whose range holds the number of an earlier lost record supersedes it (PROTOCOL.md section 4): the
    /// earlier one is no longer shown; a superseded lost record that arrives after its successor changes nothing.
    /// </summary>
    public Observation Observe(HostLinkMessage message, int fingerprint)
    {
        if (records.TryGetValue(message.Sequence, out Held existing))
        {
            if (message is LostRecord newer && existing.Message is LostRecord older && newer.FirstSequence == older.FirstSequence)
            {
                if (newer.Count <= older.Count)
                {
                    return Observation.Duplicate;
                }

                records[message.Sequence] = new Held(message, fingerprint);
                Cover(newer);
                return Observation.Replaced;
            }

            return existing.Fingerprint == fingerprint ? Observation.Duplicate : Observation.Conflict;
        }

        if (message is LostRecord arriving)
        {
            if (lostRanges.Contains(arriving.Sequence))
            {
                // Superseded by a lost record already held: its range is inside the newer one's.
                Cover(arriving);
                return Observation.Duplicate;
            }

            var superseded = new List<uint>(lostNumbers.GetViewBetween(arriving.FirstSequence, arriving.LastSequence));
            foreach (uint number in superseded)
            {
                lostNumbers.Remove(number);
                records.Remove(number);
            }

            lostNumbers.Add(arriving.Sequence);
            Cover(arriving);
        }

        records[message.Sequence] = new Held(message, fingerprint);
        Account(message.Sequence);
        return Observation.New;
    }

    /// <summary>A reader frame with this number had a good CRC but could not be decoded: it is reported, not missing.</summary>
    public void MarkUndecodable(uint sequence)
    {
        accounted.Add(sequence, sequence);
        Account(sequence);
    }

    private void Cover(LostRecord lost)
    {
        lostRanges.Add(lost.FirstSequence, lost.LastSequence);
        accounted.Add(lost.FirstSequence, lost.LastSequence);
        if (baseSequence != null && lost.FirstSequence < baseSequence)
        {
            baseSequence = lost.FirstSequence;
            contiguousThrough = null;
        }
    }

    private void Account(uint sequence)
    {
        if (baseSequence == null || sequence < baseSequence)
        {
            baseSequence = sequence;
            contiguousThrough = null;
        }

        if (lastSequence == null || sequence > lastSequence)
        {
            lastSequence = sequence;
        }
    }

    /// <summary>The records kept, in sequence order.</summary>
    public IEnumerable<HostLinkMessage> RecordsInOrder()
    {
        foreach (Held held in records.Values)
        {
            yield return held.Message;
        }
    }

    /// <summary>True when the sequence number was received, is covered by a lost record, or was reported as undecodable.</summary>
    public bool Holds(uint sequence) => records.ContainsKey(sequence) || accounted.Contains(sequence);

    /// <summary>
    /// The highest sequence number up to which everything is held, counted from the first one seen (a host that
    /// starts late cannot ask for what an earlier host acknowledged); null before any record. Amortised O(log n) per
    /// number newly held: ranges are jumped, not walked.
    /// </summary>
    public uint? ContiguousThrough()
    {
        if (baseSequence == null)
        {
            return null;
        }

        uint through;
        if (contiguousThrough == null)
        {
            if (!Holds(baseSequence.Value))
            {
                return null;
            }

            through = accounted.TryFind(baseSequence.Value, out SequenceRange start) ? start.Last : baseSequence.Value;
        }
        else
        {
            through = contiguousThrough.Value;
        }

        while (through != uint.MaxValue)
        {
            uint next = through + 1;
            if (accounted.TryFind(next, out SequenceRange range))
            {
                through = range.Last;
            }
            else if (records.ContainsKey(next))
            {
                through = next;
            }
            else
            {
                break;
            }
        }

        contiguousThrough = through;
        return through;
    }

    /// <summary>
    /// The holes between the first number accounted for and the last record or undecodable frame that nothing accounts
    /// for, as ranges: O(records + ranges), never a walk over the numbers in between.
    /// </summary>
    public IEnumerable<SequenceGap> Gaps()
    {
        if (baseSequence == null || lastSequence == null)
        {
            yield break;
        }

        uint last = lastSequence.Value;
        long next = baseSequence.Value; // the lowest number not yet known to be held
        using IEnumerator<uint> keys = records.Keys.GetEnumerator();
        using IEnumerator<SequenceRange> covered = accounted.Ranges.GetEnumerator();
        bool hasKey = keys.MoveNext();
        bool hasRange = covered.MoveNext();
        while (next <= last && (hasKey || hasRange))
        {
            // The held stretch that starts lowest: a record or a range.
            long first;
            long end;
            if (hasRange && (!hasKey || covered.Current.First <= keys.Current))
            {
                first = covered.Current.First;
                end = covered.Current.Last;
                hasRange = covered.MoveNext();
            }
            else
            {
                first = keys.Current;
                end = keys.Current;
                hasKey = keys.MoveNext();
            }

            if (end < next)
            {
                continue;
            }

            if (first > next)
            {
                yield return new SequenceGap((uint)next, (uint)Math.Min(first - 1, last));
            }

            next = Math.Max(next, end + 1);
        }
    }
}
