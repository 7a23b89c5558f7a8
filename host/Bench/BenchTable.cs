using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Spectre.Console;

namespace DualReader.Host.Bench;

/// <summary>`bench` without --json: the figures as readable tables.</summary>
public static class BenchTable
{
    public static void Write(BenchReport report, TextWriter output)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;

        console.WriteLine($"Cost model: {report.SpiCallOverheadMicroseconds} µs per SPI call, SPI clock {report.SpiClockHertz / 1_000_000.0:0.##} MHz, UART {report.UartBaudRate} baud (10 bits a byte), every APDU answered after {report.CardProcessingMicroseconds} µs.");
        console.WriteLine("Lower bound = air (frames + frame delay times) + card processing + UART. Times in µs of virtual time.");
        console.WriteLine(report.Interpreted.Measured
            ? $"Interpreted: the firmware replayed on nanoCLR ({report.Interpreted.NanoClrDirectory}) under callgrind; instructions exact, CPU time estimated at {report.Interpreted.NanosecondsPerInstruction} ns an instruction."
            : $"Interpreted figures NOT MEASURED: {report.Interpreted.Reason}.");
        console.WriteLine("Measured: the real ReaderApplication on the simulated reader board, from the poll that finds the device to the last byte of its record on the UART; phases from the record's own timings[].");
        foreach (ScenarioReport scenario in report.Scenarios)
        {
            console.WriteLine();
            console.WriteLine($"{scenario.Name}: {scenario.Description}");
            console.WriteLine($"  outcome {scenario.Result.Outcome}, {scenario.Result.BitRateKbps} kbit/s, {scenario.Result.ApduCount} APDU(s), {scenario.Result.ResponseBytes} response bytes, record {scenario.Result.RecordBytes} bytes on the UART");
            InterpretedFigures? interpreted = scenario.Interpreted;
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumn("phase");
            var headings = new List<string> { "modelled", "SPI calls", "SPI bytes", "air", "card", "UART", "lower bound", "ratio" };
            if (interpreted != null)
            {
                headings.AddRange(new[] { "instructions", "CPU", "ratio with CPU" });
            }

            foreach (string heading in headings)
            {
                table.AddColumn(new TableColumn(heading).RightAligned());
            }

            for (int index = 0; index < scenario.Phases.Count; index++)
            {
                table.AddRow(Row(Markup.Escape(scenario.Phases[index].Name), scenario.Phases[index], scenario.PhaseInstructions(index)));
            }

            table.AddRow(Row("[bold]total[/]", scenario.Total, interpreted?.Instructions));
            console.Write(table);
            if (interpreted != null)
            {
                console.WriteLine($"  interpreted (nanoCLR): {interpreted.Instructions} instructions in the window ({(scenario.PerApduInstructions == null ? "no APDUs" : scenario.PerApduInstructions + " per APDU")}), ~{InterpretedFigures.EstimatedMicroseconds(interpreted.Instructions):0} µs on an ESP32; heap peak {interpreted.HeapPeakBytes?.ToString(CultureInfo.InvariantCulture) ?? "not sampled"} bytes ({interpreted.HeapAtStartBytes?.ToString(CultureInfo.InvariantCulture) ?? "?"} at the window's start); the replay hal's {interpreted.HarnessInstructions} taken off");
            }
        }

        console.WriteLine();
        console.WriteLine("Measurements");
        var fifo = new Table().Border(TableBorder.Simple);
        fifo.AddColumn("what");
        fifo.AddColumn(new TableColumn("value").RightAligned());
        fifo.AddRow("ISO-DEP exchange that fits the FIFO (GET DATA, 848 kbit/s): SPI calls / bytes", $"{report.FifoExchangeSpiTransfers} / {report.FifoExchangeSpiBytes}");
        EsbFigures esb = report.Esb;
        fifo.AddRow("RF-SIM round trip (READ RECORD 1 SFI 1 of the read: 5-byte command, 300-byte response), modelled", $"{esb.RoundTripMicroseconds} µs");
        fifo.AddRow($"ESB limit with link framing ({esb.LimitTransactions} packet+ack transactions, incl. {esb.ProcessingMicroseconds} µs processing)", $"{esb.LimitMicroseconds:0} µs (x{esb.Ratio:0.000})");
        fifo.AddRow("ESB limit of bare 32-byte payloads (no link header, no MAC)", $"{esb.RawLimitMicroseconds:0} µs (x{esb.RawRatio:0.000})");
        fifo.AddRow("RF-SIM packets + acks on air during the round trip", esb.PacketsOnAir.ToString(CultureInfo.InvariantCulture));
        fifo.AddRow("RF-SIM APDU throughput", $"{esb.ThroughputBytesPerSecond:0} B/s");
        RfSimLongCommandFigures longCommand = report.LongCommand;
        fifo.AddRow($"RF-SIM {longCommand.CommandBytes}-byte command, {longCommand.ResponseBytes}-byte answer (link alone): outcome, round trip", $"{longCommand.Outcome}, {longCommand.RoundTripMicroseconds} µs");
        fifo.AddRow($"  reader packets (minimal {longCommand.MinimalPackets}) / packets + acks on air", $"{longCommand.ReaderPackets} / {longCommand.PacketsOnAir}");
        fifo.AddRow($"  ESB limit with link framing ({longCommand.LimitTransactions} transactions, incl. {longCommand.ProcessingMicroseconds} µs processing)", $"{longCommand.LimitMicroseconds:0} µs (x{longCommand.Ratio:0.000})");
        AllocationFigures allocation = report.Allocation;
        fifo.AddRow($"heap bytes per idle reader cycle that polled (RunCycle, nothing presented; average of {allocation.IdleCycles})", $"{allocation.IdlePollCycleBytes:0.#}");
        fifo.AddRow("heap bytes per APDU: NFC GET DATA (one frame each way)", $"{allocation.NfcShortApduBytes:0.#}");
        fifo.AddRow("heap bytes per APDU: NFC READ RECORD (chained answer)", $"{allocation.NfcChainedApduBytes:0.#}");
        fifo.AddRow("heap bytes per APDU: RF-SIM READ RECORD (300 bytes)", $"{allocation.RfSimApduBytes:0.#}");
        fifo.AddRow("heap bytes per reader cycle that reads the bank card (poll .. record written; not a target)", $"{allocation.EmvReadTransactionBytes:0.#}");
        if (report.IdlePoll != null)
        {
            fifo.AddRow($"interpreter instructions per idle poll cycle (nanoCLR, {report.IdlePoll.PolledCycles} cycles that polled)", report.IdlePoll.InstructionsPerCycle.ToString(CultureInfo.InvariantCulture));
        }

        if (report.EsbRoundTripWithCpuMicroseconds(report.Scenario(BenchRunner.RfSimRoundTrip)) is double withCpu)
        {
            fifo.AddRow("RF-SIM round trip with the interpreter's CPU time", $"{withCpu:0} µs (x{withCpu / esb.LimitMicroseconds:0.000} the ESB limit)");
        }

        console.Write(fifo);

        console.WriteLine();
        console.WriteLine("Targets (issues 6 and 11)");
        var targets = new Table().Border(TableBorder.Simple);
        targets.AddColumn("target");
        targets.AddColumn(new TableColumn("value").RightAligned());
        targets.AddColumn(new TableColumn("limit").RightAligned());
        targets.AddColumn("met");
        foreach (TargetResult target in report.Targets)
        {
            targets.AddRow(Markup.Escape(target.Description), target.Measured ? target.Value.ToString("0.###", CultureInfo.InvariantCulture) : "not measured", Markup.Escape(target.Comparison) + " " + target.Limit.ToString("0.##", CultureInfo.InvariantCulture), !target.Measured ? "-" : target.Met ? "yes" : "NO");
        }

        console.Write(targets);
        foreach (TargetResult target in report.Targets)
        {
            if (target.Measured && !target.Met)
            {
                console.WriteLine(Markup.Escape($"TARGET MISSED: {target.Name} = {target.Value.ToString("0.####", CultureInfo.InvariantCulture)} (limit {target.Comparison} {target.Limit.ToString("0.##", CultureInfo.InvariantCulture)}); see host/Bench/BENCH.md"));
            }
        }
    }

    private static string[] Row(string name, PhaseFigures phase, long? instructions)
    {
        var row = new List<string>
        {
            name,
            phase.ModelledMicroseconds.ToString(CultureInfo.InvariantCulture),
            phase.SpiTransfers.ToString(CultureInfo.InvariantCulture),
            phase.SpiBytes.ToString(CultureInfo.InvariantCulture),
            phase.AirMicroseconds.ToString(CultureInfo.InvariantCulture),
            phase.CardProcessingMicroseconds.ToString(CultureInfo.InvariantCulture),
            phase.UartMicroseconds.ToString(CultureInfo.InvariantCulture),
            phase.LowerBoundMicroseconds.ToString(CultureInfo.InvariantCulture),
            phase.Ratio.ToString("0.00", CultureInfo.InvariantCulture),
        };
        if (instructions is long count)
        {
            row.Add(count.ToString(CultureInfo.InvariantCulture));
            row.Add(InterpretedFigures.EstimatedMicroseconds(count).ToString("0", CultureInfo.InvariantCulture));
            row.Add(BenchArithmetic.RatioWithCpu(phase, count).ToString("0.00", CultureInfo.InvariantCulture));
        }

        return row.ToArray();
    }
}
