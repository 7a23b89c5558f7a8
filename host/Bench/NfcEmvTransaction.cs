using System;
using DualReader.Firmware.Emv;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.IsoDep;
using DualReader.Firmware.Mfrc522;
using DualReader.Hal;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;
using DualReader.Sim.Timing;

namespace DualReader.Host.Bench;

/// <summary>
/// One 13.56 MHz payment read, composed from the firmware components as the reader application composes them:
/// <see cref="SimulatedNfcBoard"/> (the real <see cref="Mfrc522"/> driver against the register-level model, the
/// scenario's PICC with a <see cref="VirtualIsoDepCard"/>) -> <see cref="TypeAActivation"/> ->
/// <see cref="IsoDepTransport"/> (RATS, PPS) -> <see cref="EmvReader"/> -> a <see cref="TransactionRecord"/>
/// encoded by <see cref="FrameEncoder"/> and written to the UART. The driver runs on metered hal wrappers so the
/// bench can tell firmware allocations from the simulation's; they cost no virtual time.
/// </summary>
public sealed class NfcEmvTransaction : IBenchTransaction
{
    private readonly SimulatedNfcBoard board;
    private readonly TypeAActivation activation;
    private readonly PiccIdentity identity = new();
    private readonly PhaseChannel channel;
    private readonly EmvReader emv;
    private readonly TransactionSummary summary = new();
    private readonly TransactionRecord record = new();
    private readonly FrameEncoder encoder = new();
    private readonly byte[] wire = new byte[HostLinkProtocol.MaximumWireLength];
    private readonly BenchUart uart;
    private uint sequence;

    /// <summary>A board with <paramref name="device"/> in the field; PPS goes up to <paramref name="maximumRate"/>.</summary>
    public NfcEmvTransaction(ScenarioDevice? device, BitRate maximumRate, CostModel costs, AllocationMeter meter)
    {
        board = new SimulatedNfcBoard(new VirtualClock(), costs, new CostLedger());
        if (device != null)
        {
            VirtualPicc picc = VirtualPicc.FromScenario(device);
            Card = VirtualIsoDepCard.FromScenario(device);
            picc.Protocol = Card;
            board.Field.Add(picc);
        }

        Meter = meter;
        FirmwareClock = new MeteredClock(board.Clock, meter);
        Driver = new Mfrc522(new MeteredSpiDevice(board.Spi, meter), new MeteredOutputPin(board.Reset, meter), new MeteredInputPin(board.Irq, meter), FirmwareClock);
        activation = new TypeAActivation(Driver);
        Transport = new IsoDepTransport(Driver, FirmwareClock) { MaximumBitRate = maximumRate };
        channel = new PhaseChannel(Transport);
        emv = new EmvReader(channel, new TerminalData(), new CountingRandomSource(), FirmwareClock);
        uart = new BenchUart(board.Clock, costs, board.Ledger);
    }

    public VirtualClock Clock => board.Clock;

    public CostLedger Ledger => board.Ledger;

    /// <summary>The driver (on the metered hal).</summary>
    public Mfrc522 Driver { get; }

    /// <summary>The ISO-DEP transport.</summary>
    public IsoDepTransport Transport { get; }

    /// <summary>The card's ISO-DEP side (null without a device).</summary>
    public VirtualIsoDepCard? Card { get; }

    /// <summary>The clock as the firmware sees it.</summary>
    public IClock FirmwareClock { get; }

    public AllocationMeter Meter { get; }

    /// <summary>The 14443-3 activation.</summary>
    public TypeAActivation Activation => activation;

    /// <summary>The identity filled by the last activation.</summary>
    public PiccIdentity Identity => identity;

    public void Prepare()
    {
        Driver.Initialize();
        Driver.TurnAntennaOn();
    }

    public BenchTransactionResult Run(BenchProbe probe)
    {
        long start = board.Clock.Now;
        channel.ResetCounts();
        summary.Clear();
        record.Timings.Clear();

        PhaseFigures phase;
        probe.Begin("activation (REQA, anticollision, SELECT)", PhaseFigures.Activation);
        ActivationStatus status = activation.Activate(false, identity);
        phase = probe.End();
        record.AddTiming(TimingPhase.Activation, 0, (uint)phase.ModelledMicroseconds);
        if (status != ActivationStatus.Ok)
        {
            return SendRecord(probe, start, "activation_" + status.ToString().ToLowerInvariant());
        }

        summary.SetUid(identity.Uid, 0, identity.UidLength);
        probe.Begin("RATS/PPS", PhaseFigures.RatsPps);
        ActivationResult activated = Transport.Activate();
        phase = probe.End();
        record.AddTiming(TimingPhase.RatsPps, 0, (uint)phase.ModelledMicroseconds);
        if (activated != ActivationResult.Ok)
        {
            return SendRecord(probe, start, "rats_" + activated.ToString().ToLowerInvariant());
        }

        channel.Probe = probe;
        ReadOutcome outcome;
        try
        {
            outcome = emv.Read(summary);
        }
        finally
        {
            channel.Probe = null;
        }

        int apdu = 0;
        foreach (PhaseFigures figures in probe.Phases)
        {
            if (figures.Kind == PhaseFigures.Apdu)
            {
                record.AddTiming(TimingPhase.Apdu, apdu++, (uint)figures.ModelledMicroseconds);
            }
        }

        return SendRecord(probe, start, TransactionSummary.OutcomeName(outcome));
    }

    /// <summary>
    /// The firmware part of a whole read again, without phases or record (for the allocation figures): WUPA wakes the
    /// halted card, RATS/PPS, the EMV read, DESELECT, HLTA.
    /// </summary>
    public ReadOutcome ReadAgain()
    {
        if (activation.Activate(true, identity) != ActivationStatus.Ok || Transport.Activate() != ActivationResult.Ok)
        {
            return ReadOutcome.ActivationFailed;
        }

        ReadOutcome outcome = emv.Read(summary);
        Finish();
        return outcome;
    }

    public void Finish()
    {
        // After the record: end the ISO-DEP session and halt the PICC so the next REQA does not find it again.
        if (Transport.IsActive)
        {
            Transport.Deselect();
        }

        activation.Halt();
    }

    private BenchTransactionResult SendRecord(BenchProbe probe, long start, string outcome)
    {
        probe.Begin("record to host", PhaseFigures.Record);
        record.Interface = ReaderInterface.Nfc;
        record.TimeMicroseconds = start;
        record.Uid = Copy(identity.Uid, identity.UidLength);
        record.Ats = Transport.IsActive ? AtsBytes() : null;
        record.Aid = summary.AidLength > 0 ? Hex(summary.AidHex) : null;
        record.PanMasked = summary.MaskedPan;
        record.Outcome = outcome;
        record.ApplicationLabel = summary.ApplicationLabel;
        record.Expiry = summary.ExpiryMonth != 0 ? $"{summary.ExpiryYear:D2}{summary.ExpiryMonth:D2}" : null;
        record.CardKind = summary.Credential == CredentialKind.Token ? CardKind.Token : summary.Credential == CredentialKind.Card ? CardKind.Card : CardKind.Unknown;
        record.HasBalance = summary.HasBalance;
        record.BalanceMinorUnits = summary.Balance;
        // PBOC electronic cash (9F79) is kept in CNY (ISO 4217 156).
        record.CurrencyCode = summary.HasBalance ? 156 : -1;
        record.ApplicationTransactionCounter = summary.HasTransactionCounter ? summary.TransactionCounter : -1;
        record.LastStatusWord = channel.LastStatusWord;
        record.DurationMicroseconds = (uint)(board.Clock.Now - start);
        EncodeStatus encoded = encoder.Encode(record, sequence++, wire, 0, wire.Length, out int length);
        if (encoded != EncodeStatus.Ok)
        {
            throw new InvalidOperationException("the bench record does not encode: " + encoded);
        }

        uart.Write(wire, 0, length);
        probe.End();
        return new BenchTransactionResult
        {
            Outcome = outcome,
            BitRateKbps = 106 << (int)Transport.PiccToPcdRate,
            RecordBytes = length,
            ApduCount = channel.ExchangeCount,
            ResponseBytes = channel.ResponseBytes,
        };
    }

    private byte[] AtsBytes()
    {
        var ats = new byte[Transport.AnswerToSelect.Length];
        Transport.AnswerToSelect.CopyTo(ats, 0);
        return ats;
    }

    private static byte[] Copy(byte[] source, int count)
    {
        var copy = new byte[count];
        Array.Copy(source, copy, count);
        return copy;
    }

    private static byte[] Hex(string text) => Convert.FromHexString(text);
}

/// <summary>A deterministic, allocation-free source of the unpredictable number 9F37 (runs must repeat).</summary>
public sealed class CountingRandomSource : IRandomSource
{
    private byte next = 0x11;

    public void NextBytes(byte[] buffer, int offset, int count)
    {
        for (int i = 0; i < count; i++)
        {
            buffer[offset + i] = next;
            next = (byte)((next * 29) + 7);
        }
    }
}
