using DualReader.Sim.Timing;

namespace DualReader.Host.Bench;

/// <summary>
/// THE SEAM between the bench and what it measures: "one transaction", from the poll that finds the device to the
/// last byte of its record on the UART, on a simulated board whose clock and ledger the bench reads. Today the
/// implementations (<see cref="NfcEmvTransaction"/>, <see cref="RfSimApduTransaction"/>) compose the firmware
/// components the way the reader application composes them; once the reader application exists, an implementation
/// that runs one cycle of it on the simulated reader board replaces them, marking its phases on the probe (or
/// deriving them from its record's per-phase timings) — nothing else in the bench changes.
/// </summary>
public interface IBenchTransaction
{
    /// <summary>The board's virtual clock.</summary>
    VirtualClock Clock { get; }

    /// <summary>The board's cost ledger (the reader's SPI, the air, card processing, UART).</summary>
    CostLedger Ledger { get; }

    /// <summary>Brings the board to the moment before the poll that finds the device (chip initialised, field on or
    /// radio configured). Not measured.</summary>
    void Prepare();

    /// <summary>Runs one transaction, marking each phase on <paramref name="probe"/> (Begin/End around activation,
    /// RATS/PPS, every APDU and the record to host).</summary>
    BenchTransactionResult Run(BenchProbe probe);

    /// <summary>Ends the session after the record (DESELECT/HLTA or END). Not measured.</summary>
    void Finish();
}

/// <summary>How a bench transaction ended.</summary>
public sealed class BenchTransactionResult
{
    /// <summary>"ok" or the outcome name the record carries.</summary>
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
