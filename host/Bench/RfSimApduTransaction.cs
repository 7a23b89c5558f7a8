using System;
using DualReader.Firmware;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Nrf24;
using DualReader.Firmware.RfSim;
using DualReader.Hal;
using DualReader.Sim.Nrf24;
using DualReader.Sim.RfSim;
using DualReader.Sim.Scenarios;
using DualReader.Sim.Timing;

namespace DualReader.Host.Bench;

/// <summary>
/// One RF-SIM transaction: discovery (BEACON, slot polls, ATTACH) -> one APDU over the authenticated link
/// (<see cref="RfSimReader"/> against a <see cref="VirtualRfSim"/> on an <see cref="AirMedium"/> at 2 Mbit/s, no loss)
/// -> a <see cref="TransactionRecord"/> on the UART. The APDU is a READ RECORD whose answer is 300 bytes.
/// </summary>
public sealed class RfSimApduTransaction : IBenchTransaction
{
    private readonly SimulatedNrf24 radio;
    private readonly PhaseChannel channel;
    private readonly byte[] response = new byte[RfSimProtocol.MaximumResponse];
    private readonly TransactionRecord record = new();
    private readonly FrameEncoder encoder = new();
    private readonly byte[] wire = new byte[HostLinkProtocol.MaximumWireLength];
    private readonly BenchUart uart;
    private uint sequence;

    public RfSimApduTransaction(ScenarioDevice? device, CostModel costs, AllocationMeter meter)
    {
        Clock = new VirtualClock();
        Ledger = new CostLedger();
        Medium = new AirMedium(Ledger, 1) { LossPercent = 0 };
        radio = new SimulatedNrf24(Clock, Medium, costs, Ledger);
        Meter = meter;
        FirmwareClock = new MeteredClock(Clock, meter);
        Driver = new Nrf24Driver(new MeteredSpiDevice(radio.Spi, meter), new MeteredOutputPin(radio.ChipEnable, meter), new MeteredInputPin(radio.Irq, meter), FirmwareClock);
        Reader = new RfSimReader(Driver, FirmwareClock, BenchCards.RfSimKey, BenchCards.ReaderIdentity, BenchCards.Nonces());
        channel = new PhaseChannel(Reader);
        if (device != null)
        {
            Peer = new VirtualRfSim(device, Clock, Medium, costs, BenchCards.RfSimKey, 0);
        }

        uart = new BenchUart(Clock, costs, Ledger);
    }

    public VirtualClock Clock { get; }

    public CostLedger Ledger { get; }

    public AirMedium Medium { get; }

    public Nrf24Driver Driver { get; }

    public RfSimReader Reader { get; }

    public VirtualRfSim? Peer { get; }

    public IClock FirmwareClock { get; }

    public AllocationMeter Meter { get; }

    /// <summary>Packets and acks on air during the last transaction's APDU.</summary>
    public int ApduPacketsOnAir { get; private set; }

    /// <summary>The reader's APDU channel (with phase marks when a probe is set).</summary>
    public PhaseChannel Channel => channel;

    /// <summary>The response buffer of the exchanges.</summary>
    public byte[] Response => response;

    public void Prepare()
    {
        Reader.Start();
    }

    public BenchTransactionResult Run(BenchProbe probe)
    {
        long start = Clock.Now;
        channel.ResetCounts();
        record.Timings.Clear();
        probe.Begin("discovery (BEACON, slot polls, ATTACH)", PhaseFigures.Discovery);
        RfSimDiscoveryResult discovered = Reader.Discover();
        PhaseFigures phase = probe.End();
        record.AddTiming(TimingPhase.Activation, 0, (uint)phase.ModelledMicroseconds);
        string outcome = discovered == RfSimDiscoveryResult.Attached ? "ok" : "discovery_" + discovered.ToString().ToLowerInvariant();
        if (discovered == RfSimDiscoveryResult.Attached)
        {
            channel.Probe = probe;
            int packetsBefore = Medium.PacketsSent;
            ExchangeResult result = channel.Exchange(BenchCards.ReadRecordCommand, 0, BenchCards.ReadRecordCommand.Length, response, 0, response.Length, out int count);
            channel.Probe = null;
            ApduPacketsOnAir = Medium.PacketsSent - packetsBefore;
            record.AddTiming(TimingPhase.Apdu, 0, (uint)probe.Phases[^1].ModelledMicroseconds);
            if (result != ExchangeResult.Ok)
            {
                outcome = result.ToString().ToLowerInvariant();
            }
            else if (count != BenchCards.RfSimResponseLength)
            {
                outcome = "wrong_length";
            }
        }

        probe.Begin("record to host", PhaseFigures.Record);
        record.Interface = ReaderInterface.RfSim;
        record.TimeMicroseconds = start;
        record.Uid = (byte[])Reader.PeerId.Clone();
        record.Outcome = outcome;
        record.LastStatusWord = channel.LastStatusWord;
        record.DurationMicroseconds = (uint)(Clock.Now - start);
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
            BitRateKbps = 2000,
            RecordBytes = length,
            ApduCount = channel.ExchangeCount,
            ResponseBytes = channel.ResponseBytes,
        };
    }

    public void Finish()
    {
        Reader.EndSession();
    }
}
