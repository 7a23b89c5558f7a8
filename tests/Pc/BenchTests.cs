using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using DualReader.Bench.Replay;
using DualReader.Firmware.HostLink;
using DualReader.Hal;
using DualReader.Host.Bench;
using DualReader.Host.Commands;
using DualReader.Sim.Scenarios;
using DualReader.Sim.Timing;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Pc;

/// <summary>
/// The bench (host/Bench): its arithmetic, its JSON keys, and a whole in-process run checked for consistency. No
/// thresholds on times or allocations: the bench shows those; these tests check that what it shows adds up.
/// </summary>
[TestClass]
public class BenchTests
{
    private static BenchReport cachedReport;

    /// <summary>One run shared by the tests that only read it (about a second).</summary>
    private static BenchReport Report() => cachedReport ??= BenchRunner.Run(CostModel.DefaultSpiCallOverheadMicroseconds);

    [TestMethod]
    public void LowerBoundIsAirPlusCardProcessingPlusUart()
    {
        Assert.AreEqual(6247L + 1000L + 16060L, BenchArithmetic.LowerBound(6247, 1000, 16060));
        Assert.AreEqual(0L, BenchArithmetic.LowerBound(0, 0, 0));
        Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => BenchArithmetic.LowerBound(-1, 0, 0));

        var figures = new PhaseFigures("x", PhaseFigures.Apdu, 1200, 4, 33, 700, 300, 50);
        Assert.AreEqual(1050L, figures.LowerBoundMicroseconds);
        Assert.AreEqual(150L, figures.OverheadMicroseconds);
        Assert.AreEqual(1200.0 / 1050.0, figures.Ratio);
        Assert.AreEqual(0.0, BenchArithmetic.Ratio(10, 0));
    }

    [TestMethod]
    public void PhaseFiguresAreLedgerDifferences()
    {
        var before = new CostLedger { SpiTransfers = 10, SpiBytes = 100, AirMicroseconds = 1000, CardProcessingMicroseconds = 500, UartMicroseconds = 7 };
        var after = new CostLedger { SpiTransfers = 14, SpiBytes = 133, AirMicroseconds = 1289, CardProcessingMicroseconds = 1500, UartMicroseconds = 7 };
        PhaseFigures phase = PhaseFigures.Between("GET DATA", PhaseFigures.Apdu, before, 5000, after, 6482);
        Assert.AreEqual(1482L, phase.ModelledMicroseconds);
        Assert.AreEqual(4L, phase.SpiTransfers);
        Assert.AreEqual(33L, phase.SpiBytes);
        Assert.AreEqual(289L, phase.AirMicroseconds);
        Assert.AreEqual(1000L, phase.CardProcessingMicroseconds);
        Assert.AreEqual(0L, phase.UartMicroseconds);
        Assert.AreEqual(1289L, phase.LowerBoundMicroseconds);

        PhaseFigures total = PhaseFigures.Sum("total", PhaseFigures.Total, new[] { phase, new PhaseFigures("record", PhaseFigures.Record, 8681, 0, 0, 0, 0, 8681) });
        Assert.AreEqual(1482L + 8681L, total.ModelledMicroseconds);
        Assert.AreEqual(1289L + 8681L, total.LowerBoundMicroseconds);
    }

    [TestMethod]
    public void UartTimeIsTenBitsAByteRoundedUp()
    {
        // 100 bytes at 115200 baud: 1000 bits = 8680.56 µs.
        Assert.AreEqual(8681L, BenchArithmetic.UartMicroseconds(100, 115200));
        Assert.AreEqual(new CostModel().UartMicroseconds(100), BenchArithmetic.UartMicroseconds(100, CostModel.DefaultUartBaudRate));
        Assert.AreEqual(10L, BenchArithmetic.UartMicroseconds(1, 1_000_000));
    }

    [TestMethod]
    public void EsbPacketTimeFollowsThePacketFormat()
    {
        // Preamble 8 + address 40 + PCF 9 + payload 256 + CRC 16 = 329 bits (PS 7.3): 164.5 µs at 2 Mbit/s.
        Assert.AreEqual(164.5, BenchArithmetic.EsbPacketMicroseconds(2_000_000, 5, 32, 2));
        Assert.AreEqual(329.0, BenchArithmetic.EsbPacketMicroseconds(1_000_000, 5, 32, 2));
        // An empty ack: 8 + 40 + 9 + 16 = 73 bits.
        Assert.AreEqual(36.5, BenchArithmetic.EsbPacketMicroseconds(2_000_000, 5, 0, 2));
        // 3-byte address, 1-byte CRC, 250 kbit/s: 8 + 24 + 9 + 8 + 8 = 57 bits = 228 µs.
        Assert.AreEqual(228.0, BenchArithmetic.EsbPacketMicroseconds(250_000, 3, 1, 1));
        Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => BenchArithmetic.EsbPacketMicroseconds(2_000_000, 5, 33, 2));

        // A transaction: settling 130 + packet + turnaround 130 + ack.
        Assert.AreEqual(130 + 164.5 + 130 + 36.5, BenchArithmetic.EsbTransactionMicroseconds(2_000_000, 5, 2, 32, 0));
    }

    [TestMethod]
    public void EsbRoundTripLimitCountsTheMinimumTransactions()
    {
        // Bare ESB, 5-byte command, 300-byte response, 1 ms processing:
        // command: 130 + 56.5 (5 bytes) + 130 + 36.5 (empty ack) = 353;
        // response: 9 x (130 + 36.5 (empty pull) + 130 + 164.5 (32 bytes)) = 4149, then 130 + 36.5 + 130 + 84.5 (12 bytes) = 381.
        Assert.AreEqual(353 + 4149 + 381 + 1000.0, BenchArithmetic.EsbRoundTripLimitMicroseconds(2_000_000, 5, 2, 5, 300, 0, 0, 0, 1000));

        // With the link's framing (13 bytes of header and MAC a packet, 13-byte PULLs): 1 CMD of 18 bytes,
        // 15 full answers of 19 data bytes and one of 15.
        double command = 130 + 108.5 + 130 + 36.5;
        double full = 130 + 88.5 + 130 + 164.5;
        double last = 130 + 88.5 + 130 + 148.5;
        Assert.AreEqual(command + (15 * full) + last + 1000, BenchArithmetic.EsbRoundTripLimitMicroseconds(2_000_000, 5, 2, 5, 300, 13, 13, 13, 1000));
    }

    [TestMethod]
    public void ApduNamesComeFromTheInstruction()
    {
        byte[] ppse = Convert.FromHexString("00A404000E325041592E5359532E444446303100");
        Assert.AreEqual("SELECT PPSE", ApduNames.Describe(ppse, 0, ppse.Length));
        byte[] aid = Convert.FromHexString("00A4040007A000000003101000");
        Assert.AreEqual("SELECT AID", ApduNames.Describe(aid, 0, aid.Length));
        Assert.AreEqual("READ RECORD 2 SFI 3", ApduNames.Describe(new byte[] { 0x00, 0xB2, 0x02, 0x1C, 0x00 }, 0, 5));
        Assert.AreEqual("GET DATA 9F13", ApduNames.Describe(new byte[] { 0x80, 0xCA, 0x9F, 0x13, 0x00 }, 0, 5));
        Assert.AreEqual("GET PROCESSING OPTIONS", ApduNames.Describe(new byte[] { 0x80, 0xA8, 0x00, 0x00, 0x02, 0x83, 0x00, 0x00 }, 0, 8));
    }

    [TestMethod]
    public void AllocationMeterLeavesOutWhatHappensBehindTheHal()
    {
        // The instrument, not the firmware: bytes allocated inside a hal call are the simulation's.
        var meter = new AllocationMeter();
        var spi = new MeteredSpiDevice(new AllocatingSpiDevice(), meter);
        var buffer = new byte[4];
        spi.Write(buffer, 0, 4); // warm-up (JIT)
        long firmware = meter.Measure(() => spi.Write(buffer, 0, 4));
        Assert.IsTrue(meter.OutsideBytes >= 2 * 1000, "the simulated device's allocations are counted as outside");
        Assert.IsTrue(firmware < 1000, $"firmware bytes {firmware} must not include the device's 1000");
        long own = meter.Measure(() => GC.KeepAlive(new byte[1000]));
        Assert.IsTrue(own >= 1000, $"an allocation in the measured code itself is counted ({own})");
    }

    [TestMethod]
    public void JsonKeyListsAreStable()
    {
        // Only ever added to: a rename or removal fails here (README, "Performance").
        CollectionAssert.AreEqual(new[] { "schema_version", "cost_model", "scenarios", "isodep_fifo_exchange", "rfsim_esb", "rfsim_261_byte_command", "allocation", "targets", "interpreted", "idle_poll_cycle" }, BenchJson.TopLevelKeys);
        CollectionAssert.AreEqual(new[] { "outcome", "command_bytes", "response_bytes", "processing_us", "round_trip_us", "reader_packets", "minimal_packets", "packets_on_air", "limit_us", "ratio", "limit_transactions" }, BenchJson.LongCommandKeys);
        CollectionAssert.AreEqual(new[] { "spi_call_overhead_us", "spi_clock_hz", "uart_baud", "card_processing_us" }, BenchJson.CostModelKeys);
        CollectionAssert.AreEqual(new[] { "name", "description", "interface", "outcome", "bit_rate_kbps", "apdu_count", "response_bytes", "record_bytes", "total", "phases", "interpreted" }, BenchJson.ScenarioKeys);
        CollectionAssert.AreEqual(new[] { "modelled_us", "spi_transfers", "spi_bytes", "air_us", "card_processing_us", "uart_us", "lower_bound_us", "overhead_us", "ratio", "instructions", "estimated_cpu_us", "modelled_with_cpu_us", "ratio_with_cpu" }, BenchJson.FigureKeys);
        CollectionAssert.AreEqual(new[] { "command_bytes", "response_bytes", "spi_transfers", "spi_bytes" }, BenchJson.FifoExchangeKeys);
        CollectionAssert.AreEqual(new[] { "data_rate_bps", "address_width", "crc_bytes", "command_bytes", "response_bytes", "processing_us", "round_trip_us", "limit_us", "raw_limit_us", "ratio", "raw_ratio", "limit_transactions", "packets_on_air", "throughput_bytes_per_s", "round_trip_with_cpu_us", "ratio_with_cpu" }, BenchJson.EsbKeys);
        CollectionAssert.AreEqual(new[] { "idle_poll_cycles", "idle_poll_cycle_bytes", "apdu_exchanges", "nfc_short_apdu_bytes", "nfc_chained_apdu_bytes", "rfsim_apdu_bytes", "emv_read_transaction_bytes" }, BenchJson.AllocationKeys);
        CollectionAssert.AreEqual(new[] { "name", "description", "value", "comparison", "limit", "unit", "met", "measured" }, BenchJson.TargetKeys);
        CollectionAssert.AreEqual(new[] { "measured", "reason", "nanoclr_dir", "ns_per_instruction" }, BenchJson.InterpretedStatusKeys);
        CollectionAssert.AreEqual(new[] { "instructions", "per_apdu_instructions", "estimated_cpu_us", "heap_peak_bytes", "heap_at_start_bytes", "harness_instructions", "with_replay_instructions", "startup_instructions", "tape_entries" }, BenchJson.InterpretedKeys);
        CollectionAssert.AreEqual(new[] { "polled_cycles", "instructions", "per_cycle_instructions", "estimated_cpu_us", "heap_peak_bytes" }, BenchJson.IdlePollKeys);
    }

    [TestMethod]
    public void JsonOutputHasEveryKeyInOrder()
    {
        JsonElement root = JsonDocument.Parse(BenchJson.ToJson(Report())).RootElement;
        CollectionAssert.AreEqual(BenchJson.TopLevelKeys, Keys(root));
        CollectionAssert.AreEqual(BenchJson.CostModelKeys, Keys(root.GetProperty("cost_model")));
        CollectionAssert.AreEqual(BenchJson.FifoExchangeKeys, Keys(root.GetProperty("isodep_fifo_exchange")));
        CollectionAssert.AreEqual(BenchJson.EsbKeys, Keys(root.GetProperty("rfsim_esb")));
        CollectionAssert.AreEqual(BenchJson.LongCommandKeys, Keys(root.GetProperty("rfsim_261_byte_command")));
        CollectionAssert.AreEqual(BenchJson.AllocationKeys, Keys(root.GetProperty("allocation")));
        foreach (JsonElement scenario in root.GetProperty("scenarios").EnumerateArray())
        {
            CollectionAssert.AreEqual(BenchJson.ScenarioKeys, Keys(scenario));
            CollectionAssert.AreEqual(BenchJson.FigureKeys, Keys(scenario.GetProperty("total")));
            foreach (JsonElement phase in scenario.GetProperty("phases").EnumerateArray())
            {
                CollectionAssert.AreEqual(new[] { "name", "kind" }.Concat(BenchJson.FigureKeys).ToArray(), Keys(phase));
            }
        }

        foreach (JsonElement target in root.GetProperty("targets").EnumerateArray())
        {
            CollectionAssert.AreEqual(BenchJson.TargetKeys, Keys(target));
        }

        CollectionAssert.AreEqual(BenchJson.InterpretedStatusKeys, Keys(root.GetProperty("interpreted")));
    }

    [TestMethod]
    public void BenchJsonRunsInProcessAndItsFiguresAddUp()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.AreEqual(0, BenchCommand.Run(true, CostModel.DefaultSpiCallOverheadMicroseconds, output, error));
        Assert.AreEqual(string.Empty, error.ToString());
        JsonElement root = JsonDocument.Parse(output.ToString()).RootElement;

        Assert.AreEqual(2, root.GetProperty("schema_version").GetInt32());
        // Not requested in process: the interpreted figures say so, and are never invented.
        Assert.IsFalse(root.GetProperty("interpreted").GetProperty("measured").GetBoolean());
        Assert.AreEqual(JsonValueKind.Null, root.GetProperty("idle_poll_cycle").ValueKind);
        Assert.AreEqual(40, root.GetProperty("cost_model").GetProperty("spi_call_overhead_us").GetInt32());
        Assert.AreEqual(1000, root.GetProperty("cost_model").GetProperty("card_processing_us").GetInt32());
        string[] names = root.GetProperty("scenarios").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToArray();
        CollectionAssert.AreEqual(new[] { "phone_payment_106", "bank_card_848", "bank_card_106", "rfsim_300_byte_apdu", "mifare_classic_transit_read" }, names);

        foreach (JsonElement scenario in root.GetProperty("scenarios").EnumerateArray())
        {
            string name = scenario.GetProperty("name").GetString()!;
            Assert.AreEqual("ok", scenario.GetProperty("outcome").GetString(), name);
            // The MIFARE Classic read has no APDUs (MFAuthent and READ are ISO/IEC 14443-3 frames).
            Assert.AreEqual(name != BenchRunner.MifareTransit, scenario.GetProperty("apdu_count").GetInt32() > 0, name);
            Assert.IsTrue(scenario.GetProperty("record_bytes").GetInt32() > 0, name);
            JsonElement[] phases = scenario.GetProperty("phases").EnumerateArray().ToArray();
            Assert.AreEqual(scenario.GetProperty("apdu_count").GetInt32(), phases.Count(p => p.GetProperty("kind").GetString() == "apdu"), name);
            Assert.AreEqual("record", phases[^1].GetProperty("kind").GetString(), name);
            JsonElement total = scenario.GetProperty("total");
            foreach (string key in new[] { "modelled_us", "spi_transfers", "spi_bytes", "air_us", "uart_us", "lower_bound_us" })
            {
                Assert.IsTrue(total.GetProperty(key).GetInt64() > 0, $"{name} {key}");
                Assert.AreEqual(phases.Sum(p => p.GetProperty(key).GetInt64()), total.GetProperty(key).GetInt64(), $"{name} {key} is the sum of the phases");
            }

            foreach (JsonElement figures in phases.Append(total))
            {
                long bound = figures.GetProperty("air_us").GetInt64() + figures.GetProperty("card_processing_us").GetInt64() + figures.GetProperty("uart_us").GetInt64();
                Assert.AreEqual(bound, figures.GetProperty("lower_bound_us").GetInt64(), name);
                Assert.AreEqual(figures.GetProperty("modelled_us").GetInt64() - bound, figures.GetProperty("overhead_us").GetInt64(), name);
                // Nothing is faster than physics: the model never beats its own lower bound.
                Assert.IsTrue(figures.GetProperty("modelled_us").GetInt64() >= bound, $"{name}: modelled below the bound");
            }

            // Only the record goes over the UART; every APDU costs the card's 1 ms.
            Assert.AreEqual(phases[^1].GetProperty("uart_us").GetInt64(), total.GetProperty("uart_us").GetInt64(), name);
            Assert.AreEqual(1000L * scenario.GetProperty("apdu_count").GetInt32(), total.GetProperty("card_processing_us").GetInt64(), name);
        }

        JsonElement esb = root.GetProperty("rfsim_esb");
        Assert.IsTrue(esb.GetProperty("limit_us").GetDouble() > esb.GetProperty("raw_limit_us").GetDouble(), "framing only adds to the bare limit");
        Assert.IsTrue(esb.GetProperty("round_trip_us").GetInt64() > esb.GetProperty("limit_us").GetDouble(), "the model cannot beat the ESB limit");
        Assert.IsTrue(esb.GetProperty("packets_on_air").GetInt32() >= 2 * esb.GetProperty("limit_transactions").GetInt32(), "at least the minimum packets and acks");
        Assert.AreEqual(300, esb.GetProperty("response_bytes").GetInt32());

        // The longest command the link carries (PROTOCOL.md 7.1) and a 256-byte answer: completed, every fragment
        // sent once, every packet acked at the first try (no loss), not faster than the ESB limit.
        JsonElement longCommand = root.GetProperty("rfsim_261_byte_command");
        Assert.AreEqual("ok", longCommand.GetProperty("outcome").GetString());
        Assert.AreEqual(261, longCommand.GetProperty("command_bytes").GetInt32());
        Assert.AreEqual(256, longCommand.GetProperty("response_bytes").GetInt32());
        Assert.AreEqual(29, longCommand.GetProperty("minimal_packets").GetInt32());
        Assert.AreEqual(29, longCommand.GetProperty("reader_packets").GetInt32());
        Assert.AreEqual(58, longCommand.GetProperty("packets_on_air").GetInt32());
        Assert.IsTrue(longCommand.GetProperty("round_trip_us").GetInt64() > longCommand.GetProperty("limit_us").GetDouble(), "the model cannot beat the ESB limit");

        // A count, not a time: the ISO-DEP exchange that fits the FIFO (the driver's contract, 7 calls at most).
        Assert.IsTrue(root.GetProperty("isodep_fifo_exchange").GetProperty("spi_transfers").GetInt32() <= 7);

        string[] targets = root.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToArray();
        CollectionAssert.AreEqual(new[] { "isodep_fifo_exchange_spi_transfers", "phone_payment_ratio", "bank_card_speedup_848", "rfsim_esb_ratio", "idle_poll_alloc_bytes", "apdu_alloc_bytes", "phone_payment_ratio_with_cpu", "rfsim_esb_ratio_with_cpu", "idle_poll_cycle_instructions", "transaction_heap_peak_bytes" }, targets);
        foreach (JsonElement target in root.GetProperty("targets").EnumerateArray().Skip(6))
        {
            Assert.IsFalse(target.GetProperty("measured").GetBoolean(), "an interpreted target without the interpreted bench");
            Assert.IsFalse(target.GetProperty("met").GetBoolean(), "a target that was not measured is not met");
        }
    }

    /// <summary>
    /// The interpreted bench's premise: the firmware fed back what it received through its hal (the tape) takes the
    /// same path. Replayed on .NET through the same replay hal the nanoCLR program uses, every scenario consumes its
    /// tape exactly and writes exactly the recorded UART bytes.
    /// </summary>
    [TestMethod]
    public void ReplayOnDotNetReproducesTheRecordedRunExactly()
    {
        foreach (ScenarioReport scenario in Report().Scenarios)
        {
            RecordedRun run = scenario.Recording!;
            Assert.IsNull(run.Unusable, scenario.Name);
            Assert.AreEqual(scenario.Phases.Count + 1, run.Markers.Count, scenario.Name + ": a marker at each phase start and one at the end");
            for (int index = 1; index < run.Markers.Count; index++)
            {
                Assert.IsTrue(run.Markers[index] >= run.Markers[index - 1], scenario.Name + ": markers in order");
            }

            HalTape tape = run.Recorder.ToTape();
            tape.ChecksumUart = true;
            var board = new ReplayBoard(tape);
            var reader = board.CreateReader(run.PreSharedKey, run.ReaderIdentity, run.QueueCapacity);
            if (run.PpsMaximum >= 0)
            {
                reader.Configuration.PpsMaximum = (DualReader.Firmware.Iso14443.BitRate)run.PpsMaximum;
            }

            var configuration = new DualReader.Firmware.HostLink.ConfigurationMessage();
            foreach (string entry in run.Configuration)
            {
                configuration.Add(entry[..entry.IndexOf('=')], entry[(entry.IndexOf('=') + 1)..]);
            }

            Assert.IsTrue(reader.Configuration.Apply(configuration, new DualReader.Firmware.HostLink.ConfigurationResultRecord()), scenario.Name);

            reader.Start();
            for (int cycle = 0; cycle < run.Cycles; cycle++)
            {
                reader.RunCycle();
            }

            Assert.IsTrue(tape.Consumed, $"{scenario.Name}: tape consumed ({tape.Position} of {tape.Length} entries)");
            Assert.AreEqual(run.Recorder.UartBytes, (long)tape.UartBytes, scenario.Name);
            Assert.AreEqual(run.Recorder.UartChecksum, tape.UartChecksum, scenario.Name);
        }
    }

    [TestMethod]
    public void ReplayStopsAtTheFirstCallThatDiffersFromTheTape()
    {
        var tape = new HalTape(new byte[] { TapeKind.Clock | TapeKind.ClockRead }, new byte[0], new long[] { 42 }, new int[0]);
        var board = new ReplayBoard(tape);
        string message = string.Empty;
        try
        {
            board.Mfrc522Spi.Write(new byte[1], 0, 1);
        }
        catch (InvalidOperationException exception)
        {
            message = exception.Message;
        }

        Assert.IsTrue(message.Contains("replay diverged at entry 0", StringComparison.Ordinal), message);
        Assert.AreEqual(42L, board.Clock.GetMicroseconds());
        Assert.IsTrue(tape.Consumed);
        Assert.ThrowsException(typeof(InvalidOperationException), () => board.Clock.GetMicroseconds());
    }

    [TestMethod]
    public void InterpretedBenchWithoutToolchainSaysNotMeasured()
    {
        var progress = new StringWriter();
        BenchReport report = BenchRunner.Run(CostModel.DefaultSpiCallOverheadMicroseconds, new BenchOptions { Interpreted = true, NanoClrDirectory = Path.Combine(Path.GetTempPath(), "no-such-nanoclr-" + Guid.NewGuid().ToString("N")), Progress = progress });
        Assert.IsFalse(report.Interpreted.Measured);
        Assert.IsTrue(report.Interpreted.Reason.Contains("no nanoclr toolchain", StringComparison.Ordinal), report.Interpreted.Reason);
        Assert.IsTrue(report.Scenarios.All(s => s.Interpreted == null));
        Assert.IsNull(report.IdlePoll);
        var table = new StringWriter();
        BenchTable.Write(report, table);
        Assert.IsTrue(table.ToString().Contains("Interpreted figures NOT MEASURED", StringComparison.Ordinal));
    }

    /// <summary>
    /// The interpreted bench end to end where CI has it (../shared/nanoclr beside the checkout and valgrind; .ci/run
    /// installs valgrind): every scenario and the idle cycles replayed on nanoCLR under callgrind. About 20 s.
    /// </summary>
    [TestMethod]
    public void InterpretedBenchRunsTheFirmwareOnNanoClr()
    {
        string root = InterpretedBench.RepositoryRoot();
        string nanoclr = root == null ? string.Empty : Path.Combine(root, "..", "shared", "nanoclr");
        if (root == null || NanoClrToolchain.Locate(nanoclr, out _) == null)
        {
            Assert.SkipTest("no usable nanoclr toolchain and valgrind beside the checkout");
            return;
        }

        BenchReport report = BenchRunner.Run(CostModel.DefaultSpiCallOverheadMicroseconds, new BenchOptions { Interpreted = true, NanoClrDirectory = nanoclr });
        Assert.IsTrue(report.Interpreted.Measured, report.Interpreted.Reason);
        JsonElement json = JsonDocument.Parse(BenchJson.ToJson(report)).RootElement;
        foreach (JsonElement scenario in json.GetProperty("scenarios").EnumerateArray())
        {
            string name = scenario.GetProperty("name").GetString()!;
            JsonElement interpreted = scenario.GetProperty("interpreted");
            CollectionAssert.AreEqual(BenchJson.InterpretedKeys, Keys(interpreted), name);
            long instructions = interpreted.GetProperty("instructions").GetInt64();
            Assert.IsTrue(instructions > 0, name);
            if (name == BenchRunner.MifareTransit)
            {
                Assert.AreEqual(JsonValueKind.Null, interpreted.GetProperty("per_apdu_instructions").ValueKind, name + ": no APDUs");
            }
            else
            {
                Assert.IsTrue(interpreted.GetProperty("per_apdu_instructions").GetInt64() > 0, name);
            }

            Assert.IsTrue(interpreted.GetProperty("heap_peak_bytes").GetInt64() > 0, name);
            JsonElement[] phases = scenario.GetProperty("phases").EnumerateArray().ToArray();
            Assert.AreEqual(instructions, phases.Sum(p => p.GetProperty("instructions").GetInt64()), name + ": the phases add up to the window");
            JsonElement total = scenario.GetProperty("total");
            Assert.AreEqual(instructions, total.GetProperty("instructions").GetInt64(), name);
            Assert.IsTrue(total.GetProperty("modelled_with_cpu_us").GetInt64() > total.GetProperty("modelled_us").GetInt64(), name);
            Assert.IsTrue(total.GetProperty("ratio_with_cpu").GetDouble() > total.GetProperty("ratio").GetDouble(), name);
        }

        CollectionAssert.AreEqual(BenchJson.IdlePollKeys, Keys(json.GetProperty("idle_poll_cycle")));
        Assert.IsTrue(json.GetProperty("idle_poll_cycle").GetProperty("per_cycle_instructions").GetInt64() > 0);
        Assert.IsTrue(json.GetProperty("rfsim_esb").GetProperty("ratio_with_cpu").GetDouble() > json.GetProperty("rfsim_esb").GetProperty("ratio").GetDouble());
        Assert.IsTrue(json.GetProperty("targets").EnumerateArray().All(t => t.GetProperty("measured").GetBoolean()));
    }

    [TestMethod]
    public void SpiOverheadFlagChangesOnlyTheSpiPartOfTheTime()
    {
        BenchReport defaults = Report();
        BenchReport free = BenchRunner.Run(0);
        Assert.AreEqual(0, free.SpiCallOverheadMicroseconds);
        foreach (ScenarioReport scenario in defaults.Scenarios)
        {
            PhaseFigures slow = scenario.Total;
            PhaseFigures fast = free.Scenario(scenario.Name).Total;
            Assert.IsTrue(fast.ModelledMicroseconds < slow.ModelledMicroseconds, scenario.Name);
            Assert.AreEqual(slow.CardProcessingMicroseconds, fast.CardProcessingMicroseconds, scenario.Name);
            Assert.AreEqual(slow.UartMicroseconds, fast.UartMicroseconds, scenario.Name);
        }

        // On the NFC side the driver issues the same SPI calls whatever they cost, so the difference is exactly
        // 40 µs per call (time-driven RF-SIM pacing may change its packet count).
        PhaseFigures phone = defaults.Scenario(BenchRunner.PhonePayment).Total;
        PhaseFigures phoneFree = free.Scenario(BenchRunner.PhonePayment).Total;
        Assert.AreEqual(phone.SpiTransfers, phoneFree.SpiTransfers);
        Assert.AreEqual(phone.AirMicroseconds, phoneFree.AirMicroseconds);
        long difference = phone.ModelledMicroseconds - phoneFree.ModelledMicroseconds;
        Assert.IsTrue(Math.Abs(difference - (40 * phone.SpiTransfers)) <= 1, $"difference {difference} for {phone.SpiTransfers} calls");
    }

    [TestMethod]
    public void BenchTableNamesEveryScenarioAndTarget()
    {
        var output = new StringWriter();
        BenchTable.Write(Report(), output);
        string text = output.ToString();
        foreach (string name in new[] { "phone_payment_106", "bank_card_848", "bank_card_106", "rfsim_300_byte_apdu", "mifare_classic_transit_read", "Targets (issues 6 and 11)", "lower bound", "APDU 0 SELECT PPSE", "record to host" })
        {
            Assert.Contains(name, text);
        }
    }

    [TestMethod]
    public void BadSpiOverheadIsAOneLineError()
    {
        var error = new StringWriter();
        Assert.AreEqual(1, BenchCommand.Run(true, -5, new StringWriter(), error));
        Assert.AreEqual("bench: --spi-overhead-us must be between 0 and 100000", error.ToString().Trim());
    }

    [TestMethod]
    public void MissingNanoClrFolderIsAOneLineError()
    {
        var error = new StringWriter();
        string missing = Path.Combine(Path.GetTempPath(), "no-such-nanoclr-" + Guid.NewGuid().ToString("N"));
        Assert.AreEqual(1, BenchCommand.Run(true, 40, new StringWriter(), error, true, missing));
        Assert.AreEqual($"bench: --nanoclr: no folder {missing}", error.ToString().Trim());
    }

    [TestMethod]
    public void ProfileOfAnUnknownRunIsAOneLineError()
    {
        var error = new StringWriter();
        Assert.AreEqual(1, BenchCommand.Profile("no_such_run", 25, 40, null, new StringWriter(), error));
        Assert.AreEqual($"bench: --profile: no run named no_such_run (the scenario names of `bench`, or {BenchRunner.IdlePollCycle})", error.ToString().Trim());
    }

    [TestMethod]
    public void ProfileTopOutOfRangeIsAOneLineError()
    {
        var error = new StringWriter();
        Assert.AreEqual(1, BenchCommand.Profile(BenchRunner.PhonePayment, 0, 40, null, new StringWriter(), error));
        Assert.AreEqual("bench: --top must be between 1 and 1000", error.ToString().Trim());
    }

    /// <summary>
    /// `bench --profile` end to end where CI has it (../shared/nanoclr, valgrind and gdb; .ci/run installs both): the
    /// MIFARE transit read, the smallest run, by firmware method. About 25 s.
    /// </summary>
    [TestMethod]
    public void ProfileChargesEachPhaseToTheFirmwareMethodsThatRanIt()
    {
        string root = InterpretedBench.RepositoryRoot();
        string nanoclr = root == null ? string.Empty : Path.Combine(root, "..", "shared", "nanoclr");
        bool gdb = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Any(folder => File.Exists(Path.Combine(folder, "gdb")));
        if (root == null || !gdb || NanoClrToolchain.Locate(nanoclr, out _) == null)
        {
            Assert.SkipTest("no usable nanoclr toolchain, valgrind and gdb beside the checkout");
            return;
        }

        var output = new StringWriter();
        var error = new StringWriter();
        Assert.AreEqual(0, BenchCommand.Profile(BenchRunner.MifareTransit, 20, CostModel.DefaultSpiCallOverheadMicroseconds, nanoclr, output, error), error.ToString());
        string text = output.ToString();
        BenchRunner.Recording(BenchRunner.MifareTransit, CostModel.DefaultSpiCallOverheadMicroseconds, out List<string> phases);
        foreach (string phase in phases)
        {
            Assert.Contains(phase + ": ", text);
        }

        // The window's table: the MFRC522 exchanges (activation, MFAuthent, READ) and the record's encoding lead it,
        // with real counts; the replay hal is one line of its own.
        string window = text[text.IndexOf("the whole window", StringComparison.Ordinal)..];
        foreach (string method in new[] { "Mfrc522.Exchange", "Mfrc522.Authenticate", "Cobs.Encode", "Crc16.Compute", "(replay hal)" })
        {
            Assert.Contains(method, window);
        }

        string exchange = window.Split('\n').First(line => line.EndsWith("Mfrc522.Exchange", StringComparison.Ordinal));
        string[] columns = exchange.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long self = long.Parse(columns[0].Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        long inclusive = long.Parse(columns[1].Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        Assert.IsTrue(self > 10_000 && inclusive > self, exchange);

        // By class: the MFRC522 driver's methods together cost at least its exchanges alone.
        string classes = text[text.IndexOf("by class", StringComparison.Ordinal)..];
        string driver = classes.Split('\n').First(line => line.EndsWith(" Mfrc522", StringComparison.Ordinal));
        Assert.IsTrue(long.Parse(driver.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0].Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) >= self, driver);
    }

    [TestMethod]
    public void UartLastByteLeavesAtTheCostModelsWireTime()
    {
        // One UART model (sim/Board/SimulatedUart): the write returns at once, each byte is kept with the time its
        // stop bit ends; a burst is rounded once, so its last byte leaves after exactly CostModel.UartMicroseconds.
        var clock = new VirtualClock();
        var costs = new CostModel();
        var ledger = new CostLedger();
        var uart = new DualReader.Sim.Board.SimulatedUart(clock, costs, ledger);
        uart.Write(new byte[185], 0, 185);
        Assert.AreEqual(0L, clock.Now, "the write does not block");
        Assert.AreEqual(16060L, uart.TransmittedTime(184));
        Assert.AreEqual(costs.UartMicroseconds(185), uart.TransmittedTime(184));
        Assert.AreEqual(87L, uart.TransmittedTime(0));
        // A write while the transmitter is busy continues the burst.
        clock.Advance(1000);
        uart.Write(new byte[15], 0, 15);
        Assert.AreEqual(costs.UartMicroseconds(200), uart.TransmittedTime(199));
        // After the transmitter went idle, a new burst starts at the write.
        clock.Advance(100_000);
        uart.Write(new byte[1], 0, 1);
        Assert.AreEqual(101_000L + 87L, uart.TransmittedTime(200));
        Assert.AreEqual(costs.UartMicroseconds(185) + costs.UartMicroseconds(15) + costs.UartMicroseconds(1), ledger.UartMicroseconds);
    }

    [TestMethod]
    public void ScenarioPhasesAreTheReadersOwnRecordTimings()
    {
        // The bench runs the real reader: its phases are the timings[] of the record the host decodes from the UART.
        var cycle = new ReaderCycle(CostModel.DefaultSpiCallOverheadMicroseconds, new AllocationMeter());
        cycle.Start();
        ScenarioDevice card = BenchCards.BankCard();
        card.ArriveMicroseconds = cycle.Board.Clock.Now;
        cycle.Present(card);
        ReaderFrame frame = cycle.RunUntilTransactionRecord();
        var record = (TransactionRecord)frame.Message;
        var apdus = new List<ApduWindow>();
        List<PhaseFigures> phases = RecordPhases.Build(cycle.Timeline, frame, cycle.CardCommands(0).ToList(), apdus);

        Assert.AreEqual("ok", record.Outcome);
        Assert.AreEqual(record.Timings.Count, phases.Count(p => p.Kind != PhaseFigures.SessionEnd && p.Kind != PhaseFigures.Record));
        for (int i = 0; i < record.Timings.Count; i++)
        {
            Assert.AreEqual((long)((PhaseTiming)record.Timings[i]!).DurationMicroseconds, phases[i].ModelledMicroseconds, phases[i].Name);
        }

        Assert.AreEqual(8, apdus.Count);
        Assert.AreEqual("APDU 0 SELECT PPSE", phases[2].Name);
        // From the poll that found the card to the record's last byte on the wire; the record's own duration ends
        // where the session-end phase ends.
        Assert.AreEqual(frame.LastByteMicroseconds - record.TimeMicroseconds, phases.Sum(p => p.ModelledMicroseconds));
        Assert.AreEqual(record.TimeMicroseconds + record.DurationMicroseconds, frame.WrittenMicroseconds);
        PhaseFigures wire = phases[^1];
        Assert.AreEqual(new CostModel().UartMicroseconds(frame.Length), wire.UartMicroseconds);
        Assert.AreEqual(wire.UartMicroseconds, wire.ModelledMicroseconds, "the UART was idle: the record's wire time only");
        Assert.AreEqual(PhaseFigures.SessionEnd, phases[^2].Kind);
        Assert.IsTrue(phases[^2].SpiTransfers > 0, "DESELECT and field off cost SPI calls");

        // A timing that does not line up with the reader's clock reads is refused, not spread over the phases.
        record.Timings[3] = new PhaseTiming(TimingPhase.Apdu, 1, ((PhaseTiming)record.Timings[3]!).DurationMicroseconds + 1);
        Assert.ThrowsException(typeof(InvalidOperationException), () => RecordPhases.Build(cycle.Timeline, frame, cycle.CardCommands(0).ToList(), new List<ApduWindow>()));

        // The host got the same record.
        ReaderBenchHostDrain(cycle);
        Assert.IsTrue(cycle.Board.Host.Records.Cast<object>().Any(m => m is TransactionRecord r && r.Sequence == record.Sequence));
    }

    private static void ReaderBenchHostDrain(ReaderCycle cycle) => cycle.RunUntil(cycle.Board.Clock.Now + 100_000);

    private static string[] Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();

    /// <summary>A "chip" that allocates 1000 bytes per SPI call, as a model might.</summary>
    private sealed class AllocatingSpiDevice : ISpiDevice
    {
        private readonly List<byte[]> kept = new();

        public void Write(byte[] buffer, int offset, int count) => kept.Add(new byte[1000]);

        public void TransferFullDuplex(byte[] writeBuffer, int writeOffset, byte[] readBuffer, int readOffset, int count) => kept.Add(new byte[1000]);
    }
}
