using System;
using System.Collections.Generic;

namespace DualReader.Host.HostLink;

/// <summary>An inclusive range of reader sequence numbers.</summary>
public readonly record struct SequenceRange(uint First, uint Last)
{
    public long Count => (long)Last - First + 1;
}

/// <summary>
/// A set of sequence numbers kept as disjoint, non-adjacent ranges in a balanced tree: adding a range and asking
/// whether a number is held cost O(log n) whatever the numbers are, so a lost record covering 1..0xFFFFFFEF costs the
/// same as one covering 5..6.
/// </summary>
public sealed class SequenceRanges
{
    private sealed class ByFirst : IComparer<SequenceRange>
    {
        public int Compare(SequenceRange x, SequenceRange y) => x.First.CompareTo(y.First);
    }

    private readonly SortedSet<SequenceRange> ranges = new(new ByFirst());

    public int RangeCount => ranges.Count;

    /// <summary>The ranges in ascending order.</summary>
    public IEnumerable<SequenceRange> Ranges => ranges;

    /// <summary>The range that starts at or below <paramref name="number"/> and is nearest to it, if any.</summary>
    private bool Floor(uint number, out SequenceRange floor)
    {
        floor = default;
        if (ranges.Count == 0 || ranges.Min.First > number)
        {
            return false;
        }

        floor = ranges.GetViewBetween(new SequenceRange(0, 0), new SequenceRange(number, number)).Max;
        return true;
    }

    /// <summary>The range holding <paramref name="number"/>, if any.</summary>
    public bool TryFind(uint number, out SequenceRange range) => Floor(number, out range) && range.Last >= number;

    public bool Contains(uint number) => TryFind(number, out _);

    /// <summary>The lowest range starting in <paramref name="lower"/>..<paramref name="upper"/> (a view's Count would walk it).</summary>
    private bool FirstBetween(uint lower, uint upper, out SequenceRange first)
    {
        foreach (SequenceRange range in ranges.GetViewBetween(new SequenceRange(lower, 0), new SequenceRange(upper, 0)))
        {
            first = range;
            return true;
        }

        first = default;
        return false;
    }

    /// <summary>Adds <paramref name="first"/>..<paramref name="last"/>, merging with overlapping and adjacent ranges.</summary>
    public void Add(uint first, uint last)
    {
        if (first > last)
        {
            throw new ArgumentException("first above last");
        }

        uint mergedFirst = first;
        uint mergedLast = last;
        if (Floor(first, out SequenceRange floor) && (long)floor.Last + 1 >= first)
        {
            if (floor.Last >= last)
            {
                return;
            }

            mergedFirst = floor.First;
            ranges.Remove(floor);
        }

        // Every range that starts inside the new one or right after it is swallowed.
        long reach = (long)last + 1;
        while (ranges.Count > 0)
        {
            uint upper = (uint)Math.Min(reach, uint.MaxValue);
            if (!FirstBetween(mergedFirst, upper, out SequenceRange swallowed))
            {
                break;
            }

            ranges.Remove(swallowed);
            mergedLast = Math.Max(mergedLast, swallowed.Last);
        }

        ranges.Add(new SequenceRange(mergedFirst, mergedLast));
    }
}
