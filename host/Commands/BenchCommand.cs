using System;
using System.CommandLine;
using System.IO;
using DualReader.Host.Bench;
using DualReader.Sim.Timing;

namespace DualReader.Host.Commands;

/// <summary>`bench [--json] [--spi-overhead-us N]`: the performance figures of issue 6 (see host/Bench).</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object with stable keys instead of tables." };
        var overhead = new Option<int>("--spi-overhead-us")
        {
            Description = $"Per-call SPI overhead in µs (the nanoFramework interop cost; default {CostModel.DefaultSpiCallOverheadMicroseconds}).",
            DefaultValueFactory = _ => CostModel.DefaultSpiCallOverheadMicroseconds,
        };
        var command = new Command("bench", "Run the fixed performance scenarios on the simulated board and print modelled times, SPI, air, UART, lower bounds, allocations and the targets.");
        command.Options.Add(json);
        command.Options.Add(overhead);
        command.SetAction(result => Run(result.GetValue(json), result.GetValue(overhead), Console.Out, Console.Error));
        return command;
    }

    public static int Run(bool json, int spiOverheadMicroseconds, TextWriter standardOutput, TextWriter standardError)
    {
        return CommandErrors.Guard("bench", () =>
        {
            if (spiOverheadMicroseconds < 0 || spiOverheadMicroseconds > 100_000)
            {
                return CommandErrors.Report("bench", "--spi-overhead-us must be between 0 and 100000", standardError);
            }

            BenchReport report = BenchRunner.Run(spiOverheadMicroseconds);
            if (json)
            {
                standardOutput.WriteLine(BenchJson.ToJson(report));
            }
            else
            {
                BenchTable.Write(report, standardOutput);
            }

            return 0;
        }, standardError);
    }
}
