using System.Collections.Generic;
using DualReader.Sim.Timing;

namespace DualReader.Host.Bench;

/// <summary>What one phase (or a whole transaction) cost: differences between two <see cref="CostLedger"/>
/// snapshots and two virtual clock readings.</summary>
public sealed class PhaseFigures
{
    /// <summary>Phase kinds (the "kind" JSON key).</summary>
    public const string Activation = "activation";
    public const string RatsPps = "rats_pps";
    public const string Apdu = "apdu";
    public const string Record = "record";
    public const string Discovery = "discovery";
    public const string Total = "total";

    /// <summary>The other radio's poll that the reader runs in the same cycle, between the activation and the first
    /// APDU (the NFC poll while an attached RF-SIM peer waits).</summary>
    public const string OtherRadio = "other_radio";

    /// <summary>After the last APDU, before the record is queued: DESELECT and field off, or END and radio off.</summary>
    public const string SessionEnd = "session_end";

    public PhaseFigures(string name, string kind, long modelled, long spiTransfers, long spiBytes, long air, long processing, long uart)
    {
        Name = name;
        Kind = kind;
        ModelledMicroseconds = modelled;
        SpiTransfers = spiTransfers;
        SpiBytes = spiBytes;
        AirMicroseconds = air;
        CardProcessingMicroseconds = processing;
        UartMicroseconds = uart;
    }

    public string Name { get; }

    public string Kind { get; }

    /// <summary>Virtual time from the start to the end of the phase.</summary>
    public long ModelledMicroseconds { get; }

    public long SpiTransfers { get; }

    public long SpiBytes { get; }

    /// <summary>13.56 MHz frames with their frame delay times, or 2.4 GHz packets and acks.</summary>
    public long AirMicroseconds { get; }

    public long CardProcessingMicroseconds { get; }

    public long UartMicroseconds { get; }

    /// <summary>2.4 GHz packets and acks on air during the phase (not in the JSON figures).</summary>
    public int PacketsOnAir { get; init; }

    /// <summary>Air + card processing + UART (<see cref="BenchArithmetic.LowerBound"/>).</summary>
    public long LowerBoundMicroseconds => BenchArithmetic.LowerBound(AirMicroseconds, CardProcessingMicroseconds, UartMicroseconds);

    /// <summary>Modelled time over the lower bound.</summary>
    public double Ratio => BenchArithmetic.Ratio(ModelledMicroseconds, LowerBoundMicroseconds);

    /// <summary>Modelled time above the lower bound: what the reader itself costs.</summary>
    public long OverheadMicroseconds => ModelledMicroseconds - LowerBoundMicroseconds;

    /// <summary>The figures between two snapshots.</summary>
    public static PhaseFigures Between(string name, string kind, CostLedger before, long startMicroseconds, CostLedger after, long endMicroseconds)
    {
        return new PhaseFigures(
            name,
            kind,
            endMicroseconds - startMicroseconds,
            after.SpiTransfers - before.SpiTransfers,
            after.SpiBytes - before.SpiBytes,
            after.AirMicroseconds - before.AirMicroseconds,
            after.CardProcessingMicroseconds - before.CardProcessingMicroseconds,
            after.UartMicroseconds - before.UartMicroseconds);
    }

    /// <summary>The sum of consecutive phases.</summary>
    public static PhaseFigures Sum(string name, string kind, IEnumerable<PhaseFigures> phases)
    {
        long modelled = 0, transfers = 0, bytes = 0, air = 0, processing = 0, uart = 0;
        foreach (PhaseFigures phase in phases)
        {
            modelled += phase.ModelledMicroseconds;
            transfers += phase.SpiTransfers;
            bytes += phase.SpiBytes;
            air += phase.AirMicroseconds;
            processing += phase.CardProcessingMicroseconds;
            uart += phase.UartMicroseconds;
        }

        return new PhaseFigures(name, kind, modelled, transfers, bytes, air, processing, uart);
    }
}
