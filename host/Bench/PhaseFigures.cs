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

/// <summary>
/// Cuts a run into phases: <see cref="Begin"/> takes a ledger snapshot and the clock, <see cref="End"/> records the
/// difference. Phases follow each other; time between an <see cref="End"/> and the next <see cref="Begin"/> is in
/// no phase (the bench leaves no such gaps inside a transaction).
/// </summary>
public sealed class BenchProbe
{
    private readonly VirtualClock clock;
    private readonly CostLedger ledger;
    private readonly List<PhaseFigures> phases = new();
    private CostLedger? before;
    private long start;
    private string name = string.Empty;
    private string kind = string.Empty;

    public BenchProbe(VirtualClock clock, CostLedger ledger)
    {
        this.clock = clock;
        this.ledger = ledger;
    }

    public IReadOnlyList<PhaseFigures> Phases => phases;

    public void Begin(string phaseName, string phaseKind)
    {
        if (before != null)
        {
            throw new System.InvalidOperationException($"phase '{name}' is still open");
        }

        name = phaseName;
        kind = phaseKind;
        before = ledger.Snapshot();
        start = clock.Now;
    }

    public PhaseFigures End()
    {
        if (before == null)
        {
            throw new System.InvalidOperationException("no phase is open");
        }

        PhaseFigures figures = PhaseFigures.Between(name, kind, before, start, ledger.Snapshot(), clock.Now);
        before = null;
        phases.Add(figures);
        return figures;
    }
}
