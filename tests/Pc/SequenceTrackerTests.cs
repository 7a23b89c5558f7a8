using System;
using System.Diagnostics;
using System.Linq;
using DualReader.Firmware.HostLink;
using DualReader.Host.HostLink;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Pc;

/// <summary>The host's bookkeeping of reader sequence numbers: ranges, never walks over numbers.</summary>
[TestClass]
public class SequenceTrackerTests
{
    [TestMethod]
    public void RangesMergeOverlappingAndAdjacentNumbers()
    {
        var ranges = new SequenceRanges();
        ranges.Add(10, 20);
        ranges.Add(30, 40);
        ranges.Add(21, 22);
        ranges.Add(0, 0);
        ranges.Add(uint.MaxValue, uint.MaxValue);
        ranges.Add(5, 35);
        CollectionAssert.AreEqual(new[] { new SequenceRange(0, 0), new SequenceRange(5, 40), new SequenceRange(uint.MaxValue, uint.MaxValue) }, ranges.Ranges.ToArray());
        Assert.IsTrue(ranges.Contains(40));
        Assert.IsFalse(ranges.Contains(41));
        Assert.IsFalse(ranges.Contains(4));
        ranges.Add(1, uint.MaxValue - 1);
        CollectionAssert.AreEqual(new[] { new SequenceRange(0, uint.MaxValue) }, ranges.Ranges.ToArray());
    }

    [TestMethod]
    public void ContiguousThroughJumpsOverLostRanges()
    {
        var tracker = new SequenceTracker();
        tracker.Observe(new ErrorRecord { Sequence = 0, Code = "a" }, 1);
        Assert.AreEqual(0u, tracker.ContiguousThrough());
        var clock = Stopwatch.StartNew();
        tracker.Observe(new LostRecord { Sequence = 0xFFFFFFF0, FirstSequence = 1, LastSequence = 0xFFFFFFEF, Count = 9 }, 2);
        Assert.AreEqual(0xFFFFFFF0u, tracker.ContiguousThrough());
        tracker.Observe(new ErrorRecord { Sequence = 0xFFFFFFF2, Code = "c" }, 3);
        Assert.AreEqual(0xFFFFFFF0u, tracker.ContiguousThrough(), "0xFFFFFFF1 is missing");
        tracker.MarkUndecodable(0xFFFFFFF1);
        Assert.AreEqual(0xFFFFFFF2u, tracker.ContiguousThrough(), "an undecodable frame is accounted for");
        Assert.IsTrue(clock.ElapsedMilliseconds < 500, clock.ElapsedMilliseconds + " ms");
        Assert.AreEqual(0, tracker.Gaps().Count());
    }

    [TestMethod]
    public void ResendsAndConflictsAreToldApart()
    {
        var tracker = new SequenceTracker();
        Assert.AreEqual((int)Observation.New, (int)tracker.Observe(new ErrorRecord { Sequence = 3, Code = "a" }, 11));
        Assert.AreEqual((int)Observation.Duplicate, (int)tracker.Observe(new ErrorRecord { Sequence = 3, Code = "a" }, 11));
        Assert.AreEqual((int)Observation.Conflict, (int)tracker.Observe(new ErrorRecord { Sequence = 3, Code = "b" }, 12));
        Assert.AreEqual("a", ((ErrorRecord)tracker.RecordsInOrder().Single()).Code);

        // A resent lost record replaces the copy held only when its count grew.
        Assert.AreEqual((int)Observation.New, (int)tracker.Observe(new LostRecord { Sequence = 4, FirstSequence = 0, LastSequence = 2, Count = 3 }, 20));
        Assert.AreEqual((int)Observation.Duplicate, (int)tracker.Observe(new LostRecord { Sequence = 4, FirstSequence = 0, LastSequence = 2, Count = 3 }, 20));
        Assert.AreEqual((int)Observation.Replaced, (int)tracker.Observe(new LostRecord { Sequence = 4, FirstSequence = 0, LastSequence = 3, Count = 4 }, 21));
        Assert.AreEqual((int)Observation.Duplicate, (int)tracker.Observe(new LostRecord { Sequence = 4, FirstSequence = 0, LastSequence = 2, Count = 3 }, 20));

        // Lost #9 {0..5} supersedes lost #4; #4 arriving again afterwards changes nothing.
        Assert.AreEqual((int)Observation.New, (int)tracker.Observe(new LostRecord { Sequence = 9, FirstSequence = 0, LastSequence = 5, Count = 5 }, 22));
        Assert.AreEqual((int)Observation.Duplicate, (int)tracker.Observe(new LostRecord { Sequence = 4, FirstSequence = 0, LastSequence = 3, Count = 4 }, 21));
        CollectionAssert.AreEqual(new uint[] { 3, 9 }, tracker.RecordsInOrder().Select(record => record.Sequence).ToArray());
    }
}
