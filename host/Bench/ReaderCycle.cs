using System;
using System.Collections.Generic;
using System.Linq;
using DualReader.Bench.Replay;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Mfrc522;
using DualReader.Firmware.Nrf24;
using DualReader.Firmware.Reader;
using DualReader.Firmware.RfSim;
using DualReader.Hal;
using DualReader.Sim.Board;
using DualReader.Sim.Nfc;
using DualReader.Sim.RfSim;
using DualReader.Sim.Scenarios;

namespace DualReader.Host.Bench;

/// <summary>
/// The real <see cref="ReaderApplication"/> on a <see cref="SimulatedReaderBoard"/> (its clock, cost ledger, MFRC522
/// model and field, nRF24L01+ model on the 2.4 GHz air, <see cref="SimulatedUart"/> and <see cref="SimulatedHost"/>),
/// run cycle by cycle until a presented device's transaction record is on the UART.
/// <para>
/// The application is built exactly as the board builds its own (<see cref="SimulatedReaderBoard.Reader"/>: same
/// pre-shared key, identity, seeds, queue), on the board's hardware, but through pass-through hal wrappers
/// (<see cref="AllocationMeter"/>): they cost no virtual time; they tell the firmware's heap allocations from the
/// simulation's and record every hal call on a <see cref="HalTimeline"/>. The board's own application instance is
/// not run.
/// </para>
/// </summary>
public sealed class ReaderCycle
{
    /// <summary>Cycles after which a presentation that produced no record is a bench failure.</summary>
    public const int MaximumCycles = 2000;

    private readonly FrameDecoder decoder = new();
    private readonly List<VirtualIsoDepCard?> cards = new();
    private readonly List<RecordingApplet> applets = new();
    private int decodedBytes;
    private int frameStart;

    /// <summary>A board with no device yet, SPI calls costing <paramref name="spiCallOverheadMicroseconds"/>; with a
    /// <paramref name="recorder"/>, everything the firmware receives through its hal is also recorded on it (for the
    /// interpreted bench; the recorder sits between the firmware and the metered hal and changes nothing).</summary>
    public ReaderCycle(int spiCallOverheadMicroseconds, AllocationMeter meter, TapeRecorder? recorder = null)
    {
        Recorder = recorder;
        Board = new SimulatedReaderBoard(new Scenario(), ReaderApplication.DefaultQueueCapacity, true, true);
        Board.Costs.SpiCallOverheadMicroseconds = spiCallOverheadMicroseconds;
        Meter = meter;
        Timeline = new HalTimeline(Board.Clock, Board.Ledger, Board.Medium);
        // Frames on air are kept (no virtual time), so the bench can read the PPS the reader sent.
        Board.Nfc.Chip.RecordTrace = true;
        Clock = new MeteredClock(Board.Clock, meter);
        Uart = new MeteredSerialPort(Board.Uart, Board.Clock, meter);
        IClock clock = Clock;
        ISpiDevice mfrc522Spi = new MeteredSpiDevice(Board.Nfc.Spi, meter, HalSource.Mfrc522);
        IOutputPin mfrc522Reset = new MeteredOutputPin(Board.Nfc.Reset, meter, HalSource.Mfrc522);
        IInputPin mfrc522Irq = new MeteredInputPin(Board.Nfc.Irq, meter, HalSource.Mfrc522);
        ISpiDevice nrf24Spi = new MeteredSpiDevice(Board.Radio.Spi, meter, HalSource.Nrf24);
        IOutputPin nrf24ChipEnable = new MeteredOutputPin(Board.Radio.ChipEnable, meter, HalSource.Nrf24);
        IInputPin nrf24Irq = new MeteredInputPin(Board.Radio.Irq, meter, HalSource.Nrf24);
        ISerialPort uart = Uart;
        IRandomSource nonces = new SeededRandomSource(0x5EED);
        IRandomSource random = new SeededRandomSource(0xC0FFEE);
        if (recorder != null)
        {
            // The order in which the replay builds its reader (bench/Replay/ReplayBoard.CreateReader) is this one.
            clock = recorder.Clocked(clock);
            mfrc522Spi = recorder.Spi(mfrc522Spi, TapeKind.Mfrc522);
            mfrc522Reset = recorder.Output(mfrc522Reset, TapeKind.Mfrc522);
            mfrc522Irq = recorder.Input(mfrc522Irq, TapeKind.Mfrc522);
            nrf24Spi = recorder.Spi(nrf24Spi, TapeKind.Nrf24);
            nrf24ChipEnable = recorder.Output(nrf24ChipEnable, TapeKind.Nrf24);
            nrf24Irq = recorder.Input(nrf24Irq, TapeKind.Nrf24);
            uart = recorder.Serial(uart);
            nonces = recorder.Random(nonces, TapeKind.Nonces);
            random = recorder.Random(random, TapeKind.Random);
        }

        var mfrc522 = new Mfrc522(mfrc522Spi, mfrc522Reset, mfrc522Irq, clock);
        var nrf24 = new Nrf24Driver(nrf24Spi, nrf24ChipEnable, nrf24Irq, clock);
        // As SimulatedReaderBoard builds its Reader (same key, identity, seeds and queue).
        Reader = new ReaderApplication(mfrc522, nrf24, uart, clock, SimulatedReaderBoard.DemoPreSharedKey, SimulatedReaderBoard.ReaderIdentity, nonces, random, ReaderApplication.DefaultQueueCapacity);
    }

    public SimulatedReaderBoard Board { get; }

    public ReaderApplication Reader { get; }

    public AllocationMeter Meter { get; }

    /// <summary>Where the firmware's hal input is recorded (null: nowhere).</summary>
    public TapeRecorder? Recorder { get; }

    /// <summary><see cref="RunCycle"/> calls so far (the reader's start-up cycles included).</summary>
    public int CyclesRun { get; private set; }

    /// <summary>The <see cref="Recorder"/>'s position when the last <see cref="RunCycle"/> began (0 without one).</summary>
    public int LastCycleStart { get; private set; }

    public HalTimeline Timeline { get; }

    public MeteredClock Clock { get; }

    public MeteredSerialPort Uart { get; }

    /// <summary>Firmware bytes allocated by the last <see cref="RunCycle"/>.</summary>
    public long LastCycleBytes { get; private set; }

    /// <summary>Presents <paramref name="device"/> (its arrive/leave times are board times). NFC devices go through
    /// the board; an RF-SIM peer is added with an applet that keeps the commands it answers.</summary>
    public void Present(ScenarioDevice device)
    {
        if (device.Interface == DeviceInterface.Nfc)
        {
            Board.AddDevice(device);
            // A storage card (MIFARE, Type 2 tag) has no ISO-DEP protocol and receives no APDUs.
            cards.Add(((VirtualPicc)Board.Piccs[Board.Piccs.Count - 1]!).Protocol as VirtualIsoDepCard);
        }
        else
        {
            var applet = new RecordingApplet(new ResponderApplet(new ScenarioApduResponder(device), Board.Clock, Board.Ledger));
            applets.Add(applet);
            Board.Peers.Add(new VirtualRfSim(device, Board.Clock, Board.Medium, Board.Costs, SimulatedReaderBoard.DemoPreSharedKey, 0, applet));
        }
    }

    /// <summary>The command APDUs the <paramref name="index"/>th presented NFC card received (in order).</summary>
    public IEnumerable<byte[]> CardCommands(int index) => cards[index]?.Commands.Cast<byte[]>() ?? Enumerable.Empty<byte[]>();

    /// <summary>
    /// The bit rate from the card towards the reader (kbit/s) that the last PPS on air set (ISO/IEC 14443-4, 5.3: PPS
    /// request D0..DF 11 PPS1, PPS1 bits 3-2 = DSI), or 106 when the reader sent none since <paramref name="fromMicroseconds"/>.
    /// </summary>
    public int PiccToPcdKbps(long fromMicroseconds)
    {
        int rate = 106;
        foreach (AirTraceEntry entry in Board.Nfc.Chip.Trace)
        {
            byte[] bytes = entry.Bytes;
            if (entry.FromReader && entry.StartMicroseconds >= fromMicroseconds && bytes.Length >= 3 && (bytes[0] & 0xF0) == 0xD0 && bytes[1] == 0x11)
            {
                rate = 106 << ((bytes[2] >> 2) & 0x03);
            }
        }

        return rate;
    }

    /// <summary>Commands and response lengths the <paramref name="index"/>th RF-SIM peer's applet answered.</summary>
    public RecordingApplet Applet(int index) => applets[index];

    /// <summary>The reader's start-up (self-test, status record), then cycles until the host has acknowledged the
    /// status record and the UART is idle.</summary>
    public void Start()
    {
        Reader.Start();
        for (int cycle = 0; Reader.Queue.Count > 0 || Board.Uart.TransmittedCount == 0; cycle++)
        {
            if (cycle == MaximumCycles)
            {
                throw new InvalidOperationException("the host did not acknowledge the reader's start-up records");
            }

            RunCycle();
        }
    }

    /// <summary>One <see cref="ReaderApplication.RunCycle"/>, the timeline holding only its hal calls.</summary>
    public IReadOnlyList<ReaderFrame> RunCycle()
    {
        Timeline.Clear();
        CyclesRun++;
        LastCycleStart = Recorder?.Position ?? 0;
        Meter.Timeline = Timeline;
        try
        {
            LastCycleBytes = Meter.Measure(Reader.RunCycle);
        }
        finally
        {
            Meter.Timeline = null;
        }

        return DecodeNewFrames();
    }

    /// <summary>Runs cycles until a transaction record is on the UART; returns it with the cycle's timeline intact.</summary>
    public ReaderFrame RunUntilTransactionRecord()
    {
        for (int cycle = 0; cycle < MaximumCycles; cycle++)
        {
            foreach (ReaderFrame frame in RunCycle())
            {
                if (frame.Message is TransactionRecord)
                {
                    return frame;
                }
            }
        }

        throw new InvalidOperationException($"no transaction record after {MaximumCycles} reader cycles");
    }

    /// <summary>Runs cycles until the clock reaches <paramref name="microseconds"/>.</summary>
    public void RunUntil(long microseconds)
    {
        while (Board.Clock.Now < microseconds)
        {
            RunCycle();
        }
    }

    /// <summary>Decodes what the reader wrote since the last call, as the host would, keeping each frame's place.</summary>
    private List<ReaderFrame> DecodeNewFrames()
    {
        var frames = new List<ReaderFrame>();
        var one = new byte[1];
        SimulatedUart uart = Board.Uart;
        for (; decodedBytes < uart.TransmittedCount; decodedBytes++)
        {
            one[0] = uart.TransmittedByte(decodedBytes);
            DecodeStatus status = decoder.Push(one, 0, 1, out _);
            if (status == DecodeStatus.NeedMoreData)
            {
                continue;
            }

            int first = frameStart;
            frameStart = decodedBytes + 1;
            if (status != DecodeStatus.Frame)
            {
                throw new InvalidOperationException($"the reader wrote a damaged frame ({status}) at byte {first}");
            }

            HostLinkMessage message = MessageDecoder.Decode(decoder) ?? throw new InvalidOperationException($"the reader wrote an undecodable frame at byte {first}");
            UartWrite write = WriteOf(first);
            frames.Add(new ReaderFrame(message, first, decodedBytes, write.Microseconds, uart.TransmittedTime(decodedBytes)));
        }

        return frames;
    }

    private UartWrite WriteOf(long firstByte)
    {
        foreach (UartWrite write in Uart.Writes)
        {
            if (firstByte >= write.FirstByte && firstByte < write.FirstByte + write.Count)
            {
                return write;
            }
        }

        throw new InvalidOperationException($"byte {firstByte} was not written through the bench's UART");
    }
}

/// <summary>One frame the reader wrote: the decoded message, its bytes in the UART stream, the virtual time the
/// reader handed it to the UART and the time its last byte (the delimiter) was on the wire.</summary>
public sealed record ReaderFrame(HostLinkMessage Message, int FirstByte, int LastByte, long WrittenMicroseconds, long LastByteMicroseconds)
{
    public int Length => LastByte - FirstByte + 1;
}

/// <summary>An RF-SIM applet pass-through that keeps every command and the length of its answer (bench bookkeeping
/// on the peer's side; it costs no virtual time).</summary>
public sealed class RecordingApplet : IRfSimApplet
{
    private readonly IRfSimApplet inner;

    public RecordingApplet(IRfSimApplet inner)
    {
        this.inner = inner;
    }

    public List<byte[]> Commands { get; } = new();

    public List<int> ResponseLengths { get; } = new();

    public int Process(byte[] command, int commandOffset, int commandCount, byte[] response, int responseOffset, int responseCapacity)
    {
        int length = inner.Process(command, commandOffset, commandCount, response, responseOffset, responseCapacity);
        Commands.Add(command.AsSpan(commandOffset, commandCount).ToArray());
        ResponseLengths.Add(length);
        return length;
    }

    public void Reset() => inner.Reset();
}
