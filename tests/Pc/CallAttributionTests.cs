using System.Collections.Generic;
using DualReader.Host.Bench;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Pc;

/// <summary>
/// The attribution behind `bench --profile` (host/Bench/CallAttribution.cs): callgrind's counts between frame events
/// charged to the right methods and phases. Part k + 1 is what ran after event k (part 1, before any event, is the
/// runtime's start-up and belongs to no method).
/// </summary>
[TestClass]
public class CallAttributionTests
{
    private const int Caller = 0x30010;
    private const int Callee = 0x30020;
    private const int Marker = 0x20005;

    [TestMethod]
    public void SelfGoesToTheInnermostFrameAndInclusiveToEveryFrameOnTheStack()
    {
        var events = new List<CallEvent> { Enter(Caller), Enter(Callee), Leave(), Leave() };
        var parts = Parts(1000, 10, 20, 5, 7);

        var phase = CallAttribution.Attribute(events, parts, Marker)[0];

        Assert.AreEqual(15L, phase[Caller].Self);
        Assert.AreEqual(35L, phase[Caller].Inclusive);
        Assert.AreEqual(20L, phase[Callee].Self);
        Assert.AreEqual(20L, phase[Callee].Inclusive);
        Assert.AreEqual(1, phase[Caller].Calls);
        Assert.AreEqual(1, phase[Callee].Calls);
        Assert.AreEqual(7L, phase[CallAttribution.NoMethod].Self, "after the last pop nothing managed runs");
    }

    [TestMethod]
    public void AFailedInlineAttemptAndItsPushAreOneCall()
    {
        // PushInline(callee) then Push(callee): the interpreter could not inline it; the attempt ran in the caller.
        var events = new List<CallEvent>
        {
            Enter(Caller), new(CallAttribution.PushInline, Callee), new(CallAttribution.Push, Callee), Leave(), Leave(),
        };
        var parts = Parts(0, 10, 3, 20, 5, 0);

        var phase = CallAttribution.Attribute(events, parts, Marker)[0];

        Assert.AreEqual(1, phase[Callee].Calls);
        Assert.AreEqual(20L, phase[Callee].Self);
        Assert.AreEqual(18L, phase[Caller].Self, "10 before the call, the 3 of the failed attempt, 5 after");
    }

    [TestMethod]
    public void AnInlinedCalleeIsAFrameUntilItsInlinePop()
    {
        var events = new List<CallEvent>
        {
            Enter(Caller), new(CallAttribution.PushInline, Callee), new(CallAttribution.PopInline, 0), Leave(),
        };
        var parts = Parts(0, 10, 4, 6, 0);

        var phase = CallAttribution.Attribute(events, parts, Marker)[0];

        Assert.AreEqual(4L, phase[Callee].Self);
        Assert.AreEqual(16L, phase[Caller].Self);
        Assert.AreEqual(20L, phase[Caller].Inclusive);
    }

    [TestMethod]
    public void EachMarkerCallStartsTheNextPhase()
    {
        var events = new List<CallEvent> { Enter(Marker), Leave(), Enter(Caller), Leave(), Enter(Marker), Leave(), Enter(Caller), Leave() };
        var parts = Parts(0, 1, 0, 30, 0, 1, 0, 50, 0);

        var phases = CallAttribution.Attribute(events, parts, Marker);

        Assert.AreEqual(3, phases.Count, "phase 0 before the first marker, then one per marker");
        Assert.AreEqual(0, phases[0].Count);
        Assert.AreEqual(30L, phases[1][Caller].Self);
        Assert.AreEqual(50L, phases[2][Caller].Self);
    }

    [TestMethod]
    public void ARecursiveMethodCountsEachInstructionOnceInclusive()
    {
        var events = new List<CallEvent> { Enter(Caller), Enter(Caller), Leave(), Leave() };
        var parts = Parts(0, 10, 20, 30, 0);

        var phase = CallAttribution.Attribute(events, parts, Marker)[0];

        Assert.AreEqual(60L, phase[Caller].Self);
        Assert.AreEqual(60L, phase[Caller].Inclusive);
        Assert.AreEqual(2, phase[Caller].Calls);
    }

    private static CallEvent Enter(int method) => new(CallAttribution.Push, method);

    private static CallEvent Leave() => new(CallAttribution.Pop, 0);

    private static Dictionary<int, long> Parts(params long[] counts)
    {
        var parts = new Dictionary<int, long>();
        for (int index = 0; index < counts.Length; index++)
        {
            parts[index + 1] = counts[index];
        }

        return parts;
    }
}
