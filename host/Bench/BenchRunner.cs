using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.Nrf24;
using DualReader.Firmware.Reader;
using DualReader.Firmware.RfSim;
using DualReader.Sim.Board;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;
using DualReader.Sim.Timing;

namespace DualReader.Host.Bench;

/// <summary>
/// Runs the bench's scenarios and measurements and checks the targets of issue 6. Every figure comes from the real
/// <see cref="DualReader.Firmware.Reader.ReaderApplication"/> running cycle by cycle on the simulated reader board
/// (<see cref="ReaderCycle"/>).
/// </summary>
public static class BenchRunner
{
    /// <summary>Scenario names (the "name" JSON key).</summary>
    public const string PhonePayment = "phone_payment_106";
    public const string BankCardFast = "bank_card_848";
    public const string BankCardSlow = "bank_card_106";
    public const string RfSimRoundTrip = "rfsim_300_byte_apdu";
    public const string MifareTransit = "mifare_classic_transit_read";

    /// <summary>The transit profile of <see cref="MifareTransit"/> (the sample transit card's sector 2, key A, block 1).</summary>
    public static readonly string[] TransitProfile = { "transit.sector=2", "transit.key_a=A0A1A2A3A4A5", "transit.balance_block=1" };

    /// <summary>Idle reader cycles that poll, run before measuring (JIT, type loading, first-use buffers).</summary>
    public const int WarmUpRounds = 20;

    /// <summary>Idle reader cycles that poll, measured (averaged).</summary>
    public const int MeasuredRounds = 50;

    /// <summary>GET DATA 9F13 (last online ATC): a command and an answer (9F13 02 0020 9000) that fit the FIFO.</summary>
    private static readonly byte[] GetDataCommand = { 0x80, 0xCA, 0x9F, 0x13, 0x00 };

    /// <summary>Presentations of the same device before the one whose allocations count (steady state).</summary>
    public const int WarmUpPresentations = 3;

    /// <summary>A presented device stays this long (µs): long enough for its whole transaction.</summary>
    private const long PresentationMicroseconds = 400_000;

    /// <summary>After a device left: the reader's removal checks (3 misses at the 100 ms poll period) and margin.</summary>
    private const long RemovalMicroseconds = 600_000;

    /// <summary>Idle cycles that poll, replayed on nanoCLR before the measured ones (first-use work).</summary>
    public const int InterpretedWarmUpRounds = 5;

    /// <summary>Idle cycles that poll, measured on nanoCLR (the count is exact, so a few suffice; the tape must fit
    /// one assembly).</summary>
    public const int InterpretedMeasuredRounds = 10;

    /// <summary>Name of the idle poll run in the interpreted bench.</summary>
    public const string IdlePollCycle = "idle_poll_cycle";

    /// <summary>The modelled bench only (the interpreted figures reported as not requested).</summary>
    public static BenchReport Run(int spiCallOverheadMicroseconds) => Run(spiCallOverheadMicroseconds, new BenchOptions());

    public static BenchReport Run(int spiCallOverheadMicroseconds, BenchOptions options)
    {
        var report = new BenchReport
        {
            SpiCallOverheadMicroseconds = spiCallOverheadMicroseconds,
            SpiClockHertz = new CostModel().SpiClockHertz,
            UartBaudRate = new CostModel().UartBaudRate,
            CardProcessingMicroseconds = BenchCards.ProcessingMicroseconds,
        };

        var meter = new AllocationMeter();
        report.Scenarios.Add(RunScenario(PhonePayment, "iPhone-like Apple Pay read at 106 kbit/s (FSDI 5: the phone chains 64-byte frames)", BenchCards.Phone(), null, spiCallOverheadMicroseconds, meter));
        report.Scenarios.Add(RunScenario(BankCardFast, "UnionPay card, full read, PPS to the highest rate it offers (848 kbit/s)", BenchCards.BankCard(), null, spiCallOverheadMicroseconds, meter));
        report.Scenarios.Add(RunScenario(BankCardSlow, "the same card, full read at 106 kbit/s (reader configured pps_max=106)", BenchCards.BankCard(), BitRate.Kbps106, spiCallOverheadMicroseconds, meter));
        report.Scenarios.Add(RunScenario(RfSimRoundTrip, "RF-SIM: the EMV read over the nRF24 link at 2 Mbit/s, no loss; READ RECORD 1 SFI 1 answers 300 bytes", BenchCards.RfSim(), null, spiCallOverheadMicroseconds, meter));
        report.Scenarios.Add(RunScenario(MifareTransit, "MIFARE Classic 1K transit card: MFAuthent (Crypto1) with key A, READ of the value block, its check", SampleCards.TransitCard(), null, spiCallOverheadMicroseconds, meter, TransitProfile));

        report.Esb = EsbFiguresOf(report.Scenario(RfSimRoundTrip));
        report.LongCommand = RfSimLongCommand.Measure(spiCallOverheadMicroseconds);
        FifoExchange(report);
        report.Allocation = MeasureAllocations(spiCallOverheadMicroseconds, meter);
        if (options.Interpreted)
        {
            MeasureInterpreted(report, spiCallOverheadMicroseconds, meter, options);
        }

        AddTargets(report);
        return report;
    }

    /// <summary>
    /// The recorded run named <paramref name="name"/> (a scenario, or <see cref="IdlePollCycle"/>) with the names of
    /// its phases, for <see cref="InterpreterProfile"/>; null for an unknown name.
    /// </summary>
    public static RecordedRun? Recording(string name, int spiCallOverheadMicroseconds, out List<string> phaseNames)
    {
        phaseNames = new List<string>();
        if (name == IdlePollCycle)
        {
            phaseNames.Add($"{InterpretedMeasuredRounds} idle polling cycles");
            return RecordIdle(spiCallOverheadMicroseconds, new AllocationMeter(), out _);
        }

        ScenarioReport? scenario = Run(spiCallOverheadMicroseconds).Scenarios.FirstOrDefault(s => s.Name == name);
        if (scenario == null)
        {
            return null;
        }

        phaseNames.AddRange(scenario.Phases.Select(p => p.Name));
        return scenario.Recording;
    }

    /// <summary>The scenarios' tapes and an idle run replayed to the firmware on nanoCLR (<see cref="InterpretedBench"/>).</summary>
    private static void MeasureInterpreted(BenchReport report, int spiCallOverheadMicroseconds, AllocationMeter meter, BenchOptions options)
    {
        RecordedRun idle = RecordIdle(spiCallOverheadMicroseconds, meter, out int polled);
        var runs = report.Scenarios.Select(s => s.Recording!).ToList();
        runs.Add(idle);
        var figures = new Dictionary<string, InterpretedFigures>();
        report.Interpreted = InterpretedBench.Run(runs, options.NanoClrDirectory, options.Progress, figures);
        foreach (ScenarioReport scenario in report.Scenarios)
        {
            scenario.Interpreted = figures.GetValueOrDefault(scenario.Name);
        }

        if (figures.TryGetValue(IdlePollCycle, out InterpretedFigures? idleFigures))
        {
            report.IdlePoll = new IdlePollFigures { PolledCycles = polled, Interpreted = idleFigures };
        }
    }

    /// <summary>An idle reader recorded: started, <see cref="InterpretedWarmUpRounds"/> polling cycles, then
    /// <see cref="InterpretedMeasuredRounds"/> polling cycles between two markers.</summary>
    private static RecordedRun RecordIdle(int spiCallOverheadMicroseconds, AllocationMeter meter, out int polled)
    {
        var recorder = new TapeRecorder();
        var cycle = new ReaderCycle(spiCallOverheadMicroseconds, meter, recorder);
        cycle.Start();
        IdleCycles(cycle, InterpretedWarmUpRounds);
        int start = recorder.Position;
        (_, polled) = IdleCycles(cycle, InterpretedMeasuredRounds);
        return Recording(IdlePollCycle, cycle, -1, new List<int> { start, recorder.Position }, recorder.PinEventsUsed ? "the firmware subscribed to pin events" : null);
    }

    private static RecordedRun Recording(string name, ReaderCycle cycle, int ppsMaximum, List<int> markers, string? unusable, string[]? configuration = null) => new()
    {
        Configuration = configuration ?? Array.Empty<string>(),
        Name = name,
        Recorder = cycle.Recorder!,
        Cycles = cycle.CyclesRun,
        PpsMaximum = ppsMaximum,
        PreSharedKey = SimulatedReaderBoard.DemoPreSharedKey,
        ReaderIdentity = SimulatedReaderBoard.ReaderIdentity,
        QueueCapacity = ReaderApplication.DefaultQueueCapacity,
        Markers = markers,
        Unusable = unusable,
    };

    /// <summary>
    /// The tape positions that start each phase of <paramref name="scenario"/> and end the last: the clock read at
    /// each phase's start (the phases are laid end to end from the record's time), the record's UART write for the
    /// record phase and as the end. The firmware's work between the record's queueing and its write (encoding, queue
    /// service) therefore counts in the phase before the record, which it delays.
    /// </summary>
    private static RecordedRun ScenarioRecording(string name, ReaderCycle cycle, ReaderFrame frame, IReadOnlyList<PhaseFigures> phases, BitRate? ppsMaximum, string[] configuration)
    {
        TapeRecorder recorder = cycle.Recorder!;
        var record = (TransactionRecord)frame.Message;
        int pps = ppsMaximum == null ? -1 : (int)ppsMaximum.Value;
        int write = recorder.UartWriteOf(frame.FirstByte);
        string? unusable = recorder.PinEventsUsed ? "the firmware subscribed to pin events" : write < 0 ? "the record's UART write was not found on the tape" : null;
        var markers = new List<int>();
        long start = record.TimeMicroseconds;
        int from = cycle.LastCycleStart;
        foreach (PhaseFigures phase in phases)
        {
            if (unusable != null)
            {
                break;
            }

            int position = phase.Kind == PhaseFigures.Record ? write : recorder.ClockReadAt(start, from, write + 1);
            if (position < 0)
            {
                unusable = $"no clock read at {start} µs (start of '{phase.Name}') in the transaction cycle";
                break;
            }

            markers.Add(position);
            from = position;
            start += phase.ModelledMicroseconds;
        }

        markers.Add(write);
        return Recording(name, cycle, pps, markers, unusable, configuration);
    }

    /// <summary>
    /// One scenario: the reader started on a fresh board, the device presented, reader cycles until its transaction
    /// record is on the UART; the phases are cut from the record's own timings (<see cref="RecordPhases"/>).
    /// </summary>
    private static ScenarioReport RunScenario(string name, string description, ScenarioDevice device, BitRate? ppsMaximum, int spiCallOverheadMicroseconds, AllocationMeter meter, string[]? configuration = null)
    {
        var cycle = new ReaderCycle(spiCallOverheadMicroseconds, meter, new TapeRecorder());
        if (ppsMaximum != null)
        {
            cycle.Reader.Configuration.PpsMaximum = ppsMaximum.Value;
        }

        configuration ??= Array.Empty<string>();
        if (configuration.Length > 0)
        {
            var message = new ConfigurationMessage();
            foreach (string entry in configuration)
            {
                message.Add(entry[..entry.IndexOf('=')], entry[(entry.IndexOf('=') + 1)..]);
            }

            if (!cycle.Reader.Configuration.Apply(message, new ConfigurationResultRecord()))
            {
                throw new InvalidOperationException($"{name}: the reader refused its configuration");
            }
        }

        cycle.Start();
        device.ArriveMicroseconds = cycle.Board.Clock.Now;
        cycle.Present(device);
        ReaderFrame frame = cycle.RunUntilTransactionRecord();
        ScenarioReport report = Report(name, description, cycle, 0, device, frame, new List<ApduWindow>());
        report.Recording = ScenarioRecording(name, cycle, frame, report.Phases, ppsMaximum, configuration);
        return report;
    }

    private static ScenarioReport Report(string name, string description, ReaderCycle cycle, int presentation, ScenarioDevice device, ReaderFrame frame, List<ApduWindow> apdus)
    {
        var record = (TransactionRecord)frame.Message;
        bool nfc = device.Interface == DeviceInterface.Nfc;
        var commands = new List<byte[]>();
        int responseBytes = 0;
        int rateKbps = 2000;
        if (nfc)
        {
            var responder = new ScenarioApduResponder(device);
            var response = new byte[4096];
            foreach (byte[] command in cycle.CardCommands(presentation))
            {
                commands.Add(command);
                responseBytes += responder.Respond(command, 0, command.Length, response, 0, out _);
            }

            rateKbps = cycle.PiccToPcdKbps(record.TimeMicroseconds);
        }
        else
        {
            RecordingApplet applet = cycle.Applet(presentation);
            commands.AddRange(applet.Commands);
            foreach (int length in applet.ResponseLengths)
            {
                responseBytes += length;
            }
        }

        List<PhaseFigures> phases = RecordPhases.Build(cycle.Timeline, frame, commands, apdus);
        if (apdus.Count != commands.Count)
        {
            throw new InvalidOperationException($"{name}: the record times {apdus.Count} APDUs, the device answered {commands.Count}");
        }

        return new ScenarioReport
        {
            Name = name,
            Description = description,
            Interface = nfc ? "nfc" : "rfsim",
            Result = new BenchTransactionResult
            {
                Outcome = record.Outcome ?? string.Empty,
                BitRateKbps = rateKbps,
                RecordBytes = frame.Length,
                ApduCount = apdus.Count,
                ResponseBytes = responseBytes,
            },
            Phases = phases,
            Total = PhaseFigures.Sum("total", PhaseFigures.Total, phases),
        };
    }

    /// <summary>The phase of the 300-byte READ RECORD against the ESB limit.</summary>
    private static EsbFigures EsbFiguresOf(ScenarioReport scenario)
    {
        string readRecord = ApduNames.Describe(BenchCards.ReadRecordCommand, 0, BenchCards.ReadRecordCommand.Length);
        int phaseIndex = scenario.Phases.ToList().FindIndex(p => p.Kind == PhaseFigures.Apdu && p.Name.EndsWith(readRecord, StringComparison.Ordinal));
        PhaseFigures apdu = phaseIndex >= 0 ? scenario.Phases[phaseIndex] : throw new InvalidOperationException("the RF-SIM read has no " + readRecord);
        var settings = RfSimProtocol.RadioSettings();
        int rate = settings.DataRate == Nrf24DataRate.Rate2Mbps ? 2_000_000 : settings.DataRate == Nrf24DataRate.Rate1Mbps ? 1_000_000 : 250_000;
        int command = BenchCards.ReadRecordCommand.Length;
        int response = BenchCards.RfSimResponseLength;
        // Link framing (PROTOCOL.md): type, counter (2), exchange, fragment index, then data, then an 8-byte MAC.
        int commandOverhead = RfSimFrameCodec.SessionOverhead;
        int responseOverhead = RfSimFrameCodec.SessionOverhead;
        int pull = RfSimFrameCodec.SessionOverhead;
        int transactions = Ceiling(command, 32 - commandOverhead) + Ceiling(response, 32 - responseOverhead);
        return new EsbFigures
        {
            DataRateBitsPerSecond = rate,
            AddressWidth = settings.AddressWidth,
            CrcLength = settings.CrcLength,
            CommandBytes = command,
            ResponseBytes = response,
            RoundTripMicroseconds = apdu.ModelledMicroseconds,
            ProcessingMicroseconds = BenchCards.ProcessingMicroseconds,
            LimitMicroseconds = BenchArithmetic.EsbRoundTripLimitMicroseconds(rate, settings.AddressWidth, settings.CrcLength, command, response, commandOverhead, responseOverhead, pull, BenchCards.ProcessingMicroseconds),
            RawLimitMicroseconds = BenchArithmetic.EsbRoundTripLimitMicroseconds(rate, settings.AddressWidth, settings.CrcLength, command, response, 0, 0, 0, BenchCards.ProcessingMicroseconds),
            LimitTransactions = transactions,
            PacketsOnAir = apdu.PacketsOnAir,
            PhaseIndex = phaseIndex,
        };
    }

    private static int Ceiling(int value, int divisor) => (value + divisor - 1) / divisor;

    /// <summary>The ISO-DEP exchange that fits the FIFO: the reader's GET DATA 9F13 (5-byte command, 7-byte answer) in
    /// the bank card read at 848 kbit/s, after seven exchanges (steady state).</summary>
    private static void FifoExchange(BenchReport report)
    {
        PhaseFigures getData = report.Scenario(BankCardFast).Phases.FirstOrDefault(p => p.Name.EndsWith("GET DATA 9F13", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("the bank card read has no GET DATA 9F13");
        report.FifoExchangeSpiTransfers = getData.SpiTransfers;
        report.FifoExchangeSpiBytes = getData.SpiBytes;
        report.FifoExchangeCommandBytes = GetDataCommand.Length;
        var response = new byte[256];
        report.FifoExchangeResponseBytes = new ScenarioApduResponder(BenchCards.BankCard()).Respond(GetDataCommand, 0, GetDataCommand.Length, response, 0, out _);
    }

    private static AllocationFigures MeasureAllocations(int spiCallOverheadMicroseconds, AllocationMeter meter)
    {
        // Idle: reader cycles with nothing presented, per cycle that polled a radio.
        var empty = new ReaderCycle(spiCallOverheadMicroseconds, meter);
        empty.Start();
        IdleCycles(empty, WarmUpRounds);
        (long idleBytes, int idleCycles) = IdleCycles(empty, MeasuredRounds);

        // Steady state: the same card (a fresh copy each time) presented again and again to one reader; the last read
        // counts. Per APDU: between the clock reads the reader takes around each exchange.
        var cards = new ReaderCycle(spiCallOverheadMicroseconds, meter);
        cards.Start();
        (ReaderFrame cardFrame, List<ApduWindow> cardApdus, long cardCycleBytes) = Presentations(cards, BenchCards.BankCard);
        var rfsim = new ReaderCycle(spiCallOverheadMicroseconds, meter);
        rfsim.Start();
        (_, List<ApduWindow> rfsimApdus, _) = Presentations(rfsim, BenchCards.RfSim);

        ApduWindow Window(List<ApduWindow> apdus, string name) => apdus.FirstOrDefault(a => a.Name.EndsWith(name, StringComparison.Ordinal))
            ?? throw new InvalidOperationException("no " + name + " in the steady-state read");

        return new AllocationFigures
        {
            IdleCycles = idleCycles,
            IdlePollCycleBytes = idleCycles == 0 ? 0 : (double)idleBytes / idleCycles,
            ApduExchanges = cardApdus.Count + rfsimApdus.Count,
            NfcShortApduBytes = Window(cardApdus, "GET DATA 9F13").FirmwareBytes,
            NfcChainedApduBytes = Window(cardApdus, "READ RECORD 2 SFI 2").FirmwareBytes,
            RfSimApduBytes = Window(rfsimApdus, ApduNames.Describe(BenchCards.ReadRecordCommand, 0, BenchCards.ReadRecordCommand.Length)).FirmwareBytes,
            EmvReadTransactionBytes = cardCycleBytes,
        };
    }

    /// <summary>Runs reader cycles until <paramref name="polls"/> of them polled a radio; returns the firmware bytes of
    /// all cycles run (sleep-only cycles included) and the polling cycles.</summary>
    private static (long Bytes, int Cycles) IdleCycles(ReaderCycle cycle, int polls)
    {
        long bytes = 0;
        int polled = 0;
        while (polled < polls)
        {
            int before = cycle.Reader.Nfc.Polls + cycle.Reader.RfSim.Polls;
            IReadOnlyList<ReaderFrame> frames = cycle.RunCycle();
            if (frames.Count > 0)
            {
                throw new InvalidOperationException("the idle reader wrote a record: " + frames[0].Message.GetType().Name);
            }

            bytes += cycle.LastCycleBytes;
            if (cycle.Reader.Nfc.Polls + cycle.Reader.RfSim.Polls != before)
            {
                polled++;
            }
        }

        return (bytes, polled);
    }

    /// <summary><see cref="WarmUpPresentations"/> + 1 presentations of a fresh <paramref name="device"/>; the last
    /// one's record, APDU windows and the firmware bytes of the cycle that read it.</summary>
    private static (ReaderFrame Frame, List<ApduWindow> Apdus, long CycleBytes) Presentations(ReaderCycle cycle, Func<ScenarioDevice> device)
    {
        for (int presentation = 0; ; presentation++)
        {
            ScenarioDevice next = device();
            next.ArriveMicroseconds = cycle.Board.Clock.Now;
            next.LeaveMicroseconds = next.ArriveMicroseconds + PresentationMicroseconds;
            cycle.Present(next);
            ReaderFrame frame = cycle.RunUntilTransactionRecord();
            if (presentation == WarmUpPresentations)
            {
                var apdus = new List<ApduWindow>();
                ScenarioReport report = Report("steady state", string.Empty, cycle, presentation, next, frame, apdus);
                if (report.Result.Outcome != "ok")
                {
                    throw new InvalidOperationException("the steady-state read ended " + report.Result.Outcome);
                }

                return (frame, apdus, cycle.LastCycleBytes);
            }

            cycle.RunUntil(next.LeaveMicroseconds + RemovalMicroseconds);
        }
    }

    private static void AddTargets(BenchReport report)
    {
        PhaseFigures phone = report.Scenario(PhonePayment).Total;
        PhaseFigures fast = report.Scenario(BankCardFast).Total;
        PhaseFigures slow = report.Scenario(BankCardSlow).Total;
        report.Targets.Add(new TargetResult
        {
            Name = "isodep_fifo_exchange_spi_transfers",
            Description = "ISO-DEP exchange that fits the FIFO: SPI transfers",
            Value = report.FifoExchangeSpiTransfers,
            Comparison = "<=",
            Limit = 7,
            Unit = "calls",
        });
        report.Targets.Add(new TargetResult
        {
            Name = "phone_payment_ratio",
            Description = $"phone payment read: modelled / lower bound at {report.SpiCallOverheadMicroseconds} µs per SPI call",
            Value = phone.Ratio,
            Comparison = "<=",
            Limit = 1.15,
            Unit = "ratio",
        });
        report.Targets.Add(new TargetResult
        {
            Name = "bank_card_speedup_848",
            Description = "bank card: time at 106 kbit/s / time at 848 kbit/s",
            Value = (double)slow.ModelledMicroseconds / fast.ModelledMicroseconds,
            Comparison = ">=",
            Limit = 2.0,
            Unit = "ratio",
        });
        report.Targets.Add(new TargetResult
        {
            Name = "rfsim_esb_ratio",
            Description = "RF-SIM 300-byte APDU round trip / ESB packet-time limit at 2 Mbit/s",
            Value = report.Esb.Ratio,
            Comparison = "<=",
            Limit = 1.5,
            Unit = "ratio",
        });
        report.Targets.Add(new TargetResult
        {
            Name = "idle_poll_alloc_bytes",
            Description = "heap bytes allocated per idle poll cycle",
            Value = report.Allocation.IdlePollCycleBytes,
            Comparison = "<=",
            Limit = 0,
            Unit = "bytes",
        });
        report.Targets.Add(new TargetResult
        {
            Name = "apdu_alloc_bytes",
            Description = "heap bytes allocated per APDU exchange in steady state (largest of the measured kinds)",
            Value = report.Allocation.MaximumApduBytes,
            Comparison = "<=",
            Limit = 256,
            Unit = "bytes",
        });

        // Issue 11: the interpreter's time and heap (nanoCLR under callgrind; not measured without it).
        ScenarioReport phoneScenario = report.Scenario(PhonePayment);
        ScenarioReport rfsimScenario = report.Scenario(RfSimRoundTrip);
        report.Targets.Add(new TargetResult
        {
            Name = "phone_payment_ratio_with_cpu",
            Description = "phone payment read with the interpreter's CPU time: (modelled + CPU) / lower bound",
            Value = phoneScenario.Interpreted == null ? 0 : BenchArithmetic.RatioWithCpu(phone, phoneScenario.Interpreted.Instructions),
            Comparison = "<=",
            Limit = 1.25,
            Unit = "ratio",
            Measured = phoneScenario.Interpreted != null,
        });
        report.Targets.Add(new TargetResult
        {
            Name = "rfsim_esb_ratio_with_cpu",
            Description = "RF-SIM 300-byte APDU round trip with the interpreter's CPU time / ESB packet-time limit",
            Value = report.EsbRoundTripWithCpuMicroseconds(rfsimScenario) is double withCpu ? withCpu / report.Esb.LimitMicroseconds : 0,
            Comparison = "<=",
            Limit = 2.0,
            Unit = "ratio",
            Measured = rfsimScenario.Interpreted != null,
        });
        report.Targets.Add(new TargetResult
        {
            Name = "idle_poll_cycle_instructions",
            Description = "interpreter instructions per idle poll cycle (nanoCLR, exact count)",
            Value = report.IdlePoll?.InstructionsPerCycle ?? 0,
            Comparison = "<=",
            Limit = 20_000,
            Unit = "instructions",
            Measured = report.IdlePoll != null,
        });
        long? heapPeak = report.Scenarios.All(s => s.Interpreted?.HeapPeakBytes != null) ? report.Scenarios.Max(s => s.Interpreted!.HeapPeakBytes!.Value) : null;
        report.Targets.Add(new TargetResult
        {
            Name = "transaction_heap_peak_bytes",
            Description = "heap the firmware holds during a bench transaction, peak over the scenarios (nanoCLR)",
            Value = heapPeak ?? 0,
            Comparison = "<=",
            Limit = 48 * 1024,
            Unit = "bytes",
            Measured = heapPeak != null,
        });
    }
}

/// <summary>What `bench` runs besides the modelled scenarios.</summary>
public sealed class BenchOptions
{
    /// <summary>Also replay the scenarios to the firmware on nanoCLR (when the toolchain and valgrind are there).</summary>
    public bool Interpreted { get; init; }

    /// <summary>The nanoclr toolchain folder (null: ../shared/nanoclr beside the checkout).</summary>
    public string? NanoClrDirectory { get; init; }

    /// <summary>Where progress lines go (standard error for the command).</summary>
    public TextWriter Progress { get; init; } = TextWriter.Null;
}
