using System.Collections.Generic;

namespace DualReader.Host.Bench;

/// <summary>Everything one bench run measured.</summary>
public sealed class BenchReport
{
    public int SpiCallOverheadMicroseconds { get; init; }

    public int SpiClockHertz { get; init; }

    public int UartBaudRate { get; init; }

    public int CardProcessingMicroseconds { get; init; }

    public List<ScenarioReport> Scenarios { get; } = new();

    public EsbFigures Esb { get; set; } = new();

    /// <summary>The 261-byte command with a 256-byte answer over the RF-SIM link (<see cref="RfSimLongCommand"/>).</summary>
    public RfSimLongCommandFigures LongCommand { get; set; } = new();

    public AllocationFigures Allocation { get; set; } = new();

    /// <summary>SPI calls of one steady-state ISO-DEP exchange whose frames fit the FIFO.</summary>
    public long FifoExchangeSpiTransfers { get; set; }

    /// <summary>SPI bytes of that exchange.</summary>
    public long FifoExchangeSpiBytes { get; set; }

    /// <summary>Command and response APDU lengths of that exchange.</summary>
    public int FifoExchangeCommandBytes { get; set; }

    public int FifoExchangeResponseBytes { get; set; }

    public List<TargetResult> Targets { get; } = new();

    /// <summary>Whether the interpreted bench ran (and why not).</summary>
    public InterpretedStatus Interpreted { get; set; } = new() { Reason = "not requested" };

    /// <summary>The idle poll cycles replayed on nanoCLR (null: not measured).</summary>
    public IdlePollFigures? IdlePoll { get; set; }

    /// <summary>The RF-SIM scenario's 300-byte round trip plus the interpreter's CPU time in that APDU phase (null:
    /// not measured).</summary>
    public double? EsbRoundTripWithCpuMicroseconds(ScenarioReport rfsim)
    {
        if (rfsim.Interpreted == null)
        {
            return null;
        }

        return Esb.RoundTripMicroseconds + InterpretedFigures.EstimatedMicroseconds(rfsim.Interpreted.SegmentInstructions[Esb.PhaseIndex]);
    }

    public ScenarioReport Scenario(string name) => Scenarios.Find(s => s.Name == name) ?? throw new KeyNotFoundException(name);
}

/// <summary>One scenario: its transaction's phases and their total.</summary>
public sealed class ScenarioReport
{
    public string Name { get; init; } = string.Empty;

    public string Description { get; init; } = string.Empty;

    /// <summary>"nfc" or "rfsim".</summary>
    public string Interface { get; init; } = string.Empty;

    public BenchTransactionResult Result { get; init; } = new();

    public IReadOnlyList<PhaseFigures> Phases { get; init; } = new List<PhaseFigures>();

    /// <summary>From the start of the first phase to the end of the last (the phases leave no gaps).</summary>
    public PhaseFigures Total { get; init; } = new("total", PhaseFigures.Total, 0, 0, 0, 0, 0, 0);

    /// <summary>The run's hal tape for the interpreted bench, one marker per phase start.</summary>
    public RecordedRun? Recording { get; set; }

    /// <summary>The firmware's interpreted cost in this run (null: not measured).</summary>
    public InterpretedFigures? Interpreted { get; set; }

    /// <summary>Instructions of phase <paramref name="index"/> (null: not measured).</summary>
    public long? PhaseInstructions(int index) => Interpreted == null ? null : Interpreted.SegmentInstructions[index];

    /// <summary>Firmware instructions per APDU exchange: the mean of the APDU phases (null: not measured).</summary>
    public long? PerApduInstructions
    {
        get
        {
            if (Interpreted == null)
            {
                return null;
            }

            long sum = 0;
            int count = 0;
            for (int index = 0; index < Phases.Count; index++)
            {
                if (Phases[index].Kind == PhaseFigures.Apdu)
                {
                    sum += Interpreted.SegmentInstructions[index];
                    count++;
                }
            }

            return count == 0 ? null : sum / count;
        }
    }
}

/// <summary>The RF-SIM APDU round trip against the Enhanced ShockBurst packet-time limit.</summary>
public sealed class EsbFigures
{
    public int DataRateBitsPerSecond { get; init; }

    public int AddressWidth { get; init; }

    public int CrcLength { get; init; }

    public int CommandBytes { get; init; }

    public int ResponseBytes { get; init; }

    /// <summary>The APDU phase's modelled time (command sent to last response byte in).</summary>
    public long RoundTripMicroseconds { get; init; }

    /// <summary>The limit with the link protocol's framing (its minimum packets, see <see cref="BenchArithmetic.EsbRoundTripLimitMicroseconds"/>).</summary>
    public double LimitMicroseconds { get; init; }

    /// <summary>The limit of bare ESB: full 32-byte payloads, no link header or MAC.</summary>
    public double RawLimitMicroseconds { get; init; }

    /// <summary>Packets (reader packets + acks) the modelled round trip put on air.</summary>
    public int PacketsOnAir { get; init; }

    /// <summary>ESB transactions the limit counts (each a packet and its ack).</summary>
    public int LimitTransactions { get; init; }

    public long ProcessingMicroseconds { get; init; }

    /// <summary>Index of the round trip's APDU phase in the RF-SIM scenario.</summary>
    public int PhaseIndex { get; init; }

    public double Ratio => RoundTripMicroseconds / LimitMicroseconds;

    public double RawRatio => RoundTripMicroseconds / RawLimitMicroseconds;

    /// <summary>APDU bytes (command + response) per second of modelled round trip.</summary>
    public double ThroughputBytesPerSecond => (CommandBytes + ResponseBytes) * 1_000_000.0 / RoundTripMicroseconds;
}

/// <summary>Bytes the firmware allocated on the .NET heap (simulation excluded, see <see cref="AllocationMeter"/>).</summary>
public sealed class AllocationFigures
{
    /// <summary>Cycles measured after the warm-up.</summary>
    public int IdleCycles { get; init; }

    /// <summary>Average per idle reader cycle that polled (ReaderApplication.RunCycle with nothing presented:
    /// host service, RF-SIM beacon window and/or NFC poll when due, record queue, sleep).</summary>
    public double IdlePollCycleBytes { get; init; }

    /// <summary>Exchanges measured per kind after the warm-up.</summary>
    public int ApduExchanges { get; init; }

    /// <summary>The reader's channel (ISO-DEP transport, frame capture, MFRC522 driver) between the clock reads that
    /// bound the exchange: GET DATA 9F13 (frames fit the FIFO), steady state.</summary>
    public double NfcShortApduBytes { get; init; }

    /// <summary>As above: READ RECORD 2 of SFI 2, whose answer chains over three frames.</summary>
    public double NfcChainedApduBytes { get; init; }

    /// <summary>The reader's RF-SIM link and nRF24 driver: the 300-byte READ RECORD, steady state.</summary>
    public double RfSimApduBytes { get; init; }

    /// <summary>The whole reader cycle that reads the bank card at 848 kbit/s (poll, WUPA .. SELECT, RATS, PPS, 8 APDUs
    /// with EmvReader, DESELECT, field off, the transaction record built, encoded and written), steady state: per
    /// transaction, not part of a target.</summary>
    public double EmvReadTransactionBytes { get; init; }

    /// <summary>The largest per-APDU figure.</summary>
    public double MaximumApduBytes => System.Math.Max(NfcShortApduBytes, System.Math.Max(NfcChainedApduBytes, RfSimApduBytes));
}

/// <summary>One target of issue 6 and whether this run meets it.</summary>
/// <summary>Reader cycles with nothing presented, replayed on nanoCLR.</summary>
public sealed class IdlePollFigures
{
    /// <summary>Measured cycles that polled a radio (sleep-only cycles between them are included in the count).</summary>
    public int PolledCycles { get; init; }

    public InterpretedFigures Interpreted { get; init; } = new();

    public long InstructionsPerCycle => Interpreted.Instructions / PolledCycles;
}

public sealed class TargetResult
{
    public string Name { get; init; } = string.Empty;

    public string Description { get; init; } = string.Empty;

    public double Value { get; init; }

    /// <summary>"&lt;=" or "&gt;=".</summary>
    public string Comparison { get; init; } = "<=";

    public double Limit { get; init; }

    public string Unit { get; init; } = string.Empty;

    /// <summary>False when the figure could not be measured (the interpreted ones without nanoCLR or valgrind):
    /// then <see cref="Value"/> means nothing and the target counts as not met.</summary>
    public bool Measured { get; init; } = true;

    public bool Met => Measured && (Comparison == "<=" ? Value <= Limit : Value >= Limit);
}

/// <summary>How a scenario's transaction ended, from its record as the host decoded it.</summary>
public sealed class BenchTransactionResult
{
    /// <summary>The record's outcome ("ok" or an error name).</summary>
    public string Outcome { get; init; } = "ok";

    /// <summary>Negotiated bit rate towards the reader, in kbit/s (13.56 MHz), or the ESB data rate (2.4 GHz).</summary>
    public int BitRateKbps { get; init; }

    /// <summary>Bytes of the encoded record on the UART (frame with COBS and delimiter).</summary>
    public int RecordBytes { get; init; }

    /// <summary>APDUs exchanged.</summary>
    public int ApduCount { get; init; }

    /// <summary>Response APDU bytes received in total.</summary>
    public int ResponseBytes { get; init; }
}
