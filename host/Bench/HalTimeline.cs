using System;
using System.Collections.Generic;
using DualReader.Sim.Nrf24;
using DualReader.Sim.Timing;

namespace DualReader.Host.Bench;

/// <summary>Which hal the firmware called.</summary>
public enum HalSource
{
    Other = 0,
    /// <summary>IClock.GetMicroseconds: where the reader's phase timings start and end.</summary>
    ClockRead = 1,
    /// <summary>IClock.Delay.</summary>
    Delay = 2,
    /// <summary>The MFRC522's SPI and pins.</summary>
    Mfrc522 = 3,
    /// <summary>The nRF24L01+'s SPI and pins.</summary>
    Nrf24 = 4,
    /// <summary>The host UART.</summary>
    Uart = 5,
}

/// <summary>The state of the board at one hal call boundary.</summary>
public readonly record struct HalSample(
    long Index,
    long Microseconds,
    HalSource Source,
    bool Exit,
    long SpiTransfers,
    long SpiBytes,
    long AirMicroseconds,
    long CardProcessingMicroseconds,
    long UartMicroseconds,
    int PacketsOnAir,
    long FirmwareBytes);

/// <summary>
/// The firmware's hal calls in order, each with the virtual time, the cost ledger, the 2.4 GHz packets so far and the
/// bytes the firmware had allocated so far. The firmware only spends virtual time and ledger costs inside hal calls
/// (SPI, pins, clock delays, UART), so the ledger at any instant the firmware reads its clock is known exactly: the
/// bench cuts the reader's own phase timings (the record's timings[]) out of this line.
/// </summary>
public sealed class HalTimeline
{
    private readonly VirtualClock clock;
    private readonly CostLedger ledger;
    private readonly AirMedium? medium;
    private readonly List<HalSample> samples = new(4096);
    private long next;

    public HalTimeline(VirtualClock clock, CostLedger ledger, AirMedium? medium)
    {
        this.clock = clock;
        this.ledger = ledger;
        this.medium = medium;
    }

    public IReadOnlyList<HalSample> Samples => samples;

    /// <summary>Forgets the samples so far (keeps the capacity: no allocation).</summary>
    public void Clear() => samples.Clear();

    /// <summary>Called by <see cref="AllocationMeter"/> inside its bracket.</summary>
    public void Record(HalSource source, bool exit, long firmwareBytes)
    {
        samples.Add(new HalSample(
            next++,
            clock.Now,
            source,
            exit,
            ledger.SpiTransfers,
            ledger.SpiBytes,
            ledger.AirMicroseconds,
            ledger.CardProcessingMicroseconds,
            ledger.UartMicroseconds,
            medium?.PacketsSent ?? 0,
            firmwareBytes));
    }

    /// <summary>The first sample at exactly <paramref name="microseconds"/>: the state when that instant began
    /// (costs that take no time at that instant, such as a UART write, belong to what starts there).</summary>
    public HalSample FirstAt(long microseconds)
    {
        int index = FirstIndexAt(microseconds);
        if (index < 0)
        {
            throw new InvalidOperationException($"the firmware made no hal call at {microseconds} µs: a phase boundary does not line up with the reader");
        }

        return samples[index];
    }

    /// <summary>The last sample at exactly <paramref name="microseconds"/>: the state when that instant ended.</summary>
    public HalSample LastAt(long microseconds)
    {
        int index = FirstIndexAt(microseconds);
        if (index < 0)
        {
            throw new InvalidOperationException($"the firmware made no hal call at {microseconds} µs");
        }

        while (index + 1 < samples.Count && samples[index + 1].Microseconds == microseconds)
        {
            index++;
        }

        return samples[index];
    }

    /// <summary>True when the firmware read its clock at exactly <paramref name="microseconds"/>.</summary>
    public bool ClockReadAt(long microseconds)
    {
        int index = FirstIndexAt(microseconds);
        for (int i = index; i >= 0 && i < samples.Count && samples[i].Microseconds == microseconds; i++)
        {
            if (samples[i].Source == HalSource.ClockRead)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first clock read at <paramref name="microseconds"/> (ends a phase the firmware timed).</summary>
    public HalSample FirstClockReadAt(long microseconds)
    {
        int index = FirstIndexAt(microseconds);
        for (int i = index; i >= 0 && i < samples.Count && samples[i].Microseconds == microseconds; i++)
        {
            if (samples[i].Source == HalSource.ClockRead)
            {
                return samples[i];
            }
        }

        throw new InvalidOperationException($"the firmware did not read its clock at {microseconds} µs");
    }

    /// <summary>The last clock read at <paramref name="microseconds"/> (starts a phase the firmware timed).</summary>
    public HalSample LastClockReadAt(long microseconds)
    {
        HalSample? found = null;
        int index = FirstIndexAt(microseconds);
        for (int i = index; i >= 0 && i < samples.Count && samples[i].Microseconds == microseconds; i++)
        {
            if (samples[i].Source == HalSource.ClockRead)
            {
                found = samples[i];
            }
        }

        return found ?? throw new InvalidOperationException($"the firmware did not read its clock at {microseconds} µs");
    }

    /// <summary>The last exit of a call of <paramref name="source"/> in [<paramref name="from"/>, <paramref name="to"/>),
    /// or null.</summary>
    public HalSample? LastExitOf(HalSource source, long from, long to)
    {
        HalSample? found = null;
        foreach (HalSample sample in samples)
        {
            if (sample.Source == source && sample.Exit && sample.Microseconds >= from && sample.Microseconds < to)
            {
                found = sample;
            }
        }

        return found;
    }

    /// <summary>True when a call of <paramref name="source"/> began in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public bool AnyCallOf(HalSource source, long from, long to)
    {
        foreach (HalSample sample in samples)
        {
            if (sample.Source == source && !sample.Exit && sample.Microseconds >= from && sample.Microseconds < to)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Figures of the phase between two samples (their virtual times and their ledgers).</summary>
    public static PhaseFigures Between(string name, string kind, HalSample start, HalSample end, long endMicroseconds)
    {
        return new PhaseFigures(
            name,
            kind,
            endMicroseconds - start.Microseconds,
            end.SpiTransfers - start.SpiTransfers,
            end.SpiBytes - start.SpiBytes,
            end.AirMicroseconds - start.AirMicroseconds,
            end.CardProcessingMicroseconds - start.CardProcessingMicroseconds,
            end.UartMicroseconds - start.UartMicroseconds)
        {
            PacketsOnAir = end.PacketsOnAir - start.PacketsOnAir,
        };
    }

    private int FirstIndexAt(long microseconds)
    {
        // Samples are in time order (the clock never goes back): binary search for the first at or after the time.
        int low = 0;
        int high = samples.Count;
        while (low < high)
        {
            int middle = (low + high) / 2;
            if (samples[middle].Microseconds < microseconds)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low < samples.Count && samples[low].Microseconds == microseconds ? low : -1;
    }
}
