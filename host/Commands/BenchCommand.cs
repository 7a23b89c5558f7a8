using System;
using System.CommandLine;
using System.IO;
using DualReader.Host.Bench;
using DualReader.Sim.Timing;

namespace DualReader.Host.Commands;

/// <summary>`bench [--json] [--spi-overhead-us N] [--nanoclr DIR] [--no-interpreted]`: the performance figures of issue 6 (see host/Bench).</summary>
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
        var nanoclr = new Option<string?>("--nanoclr") { Description = "The nanoclr toolchain folder for the interpreted figures (default ../shared/nanoclr beside the checkout; needs valgrind)." };
        var noInterpreted = new Option<bool>("--no-interpreted") { Description = "Skip the interpreted figures (the firmware replayed on nanoCLR under callgrind, a minute or more)." };
        var command = new Command("bench", "Run the fixed performance scenarios on the simulated board and print modelled times, SPI, air, UART, lower bounds, allocations and the targets.");
        command.Options.Add(json);
        command.Options.Add(overhead);
        command.Options.Add(nanoclr);
        command.Options.Add(noInterpreted);
        command.SetAction(result => Run(result.GetValue(json), result.GetValue(overhead), Console.Out, Console.Error, !result.GetValue(noInterpreted), result.GetValue(nanoclr)));
        return command;
    }

    public static int Run(bool json, int spiOverheadMicroseconds, TextWriter standardOutput, TextWriter standardError) => Run(json, spiOverheadMicroseconds, standardOutput, standardError, false, null);

    /// <summary>With <paramref name="interpreted"/>, the firmware is also replayed on nanoCLR from
    /// <paramref name="nanoclrDirectory"/> (progress on standard error); without a usable toolchain the output says
    /// the interpreted figures were not measured.</summary>
    public static int Run(bool json, int spiOverheadMicroseconds, TextWriter standardOutput, TextWriter standardError, bool interpreted, string? nanoclrDirectory)
    {
        return CommandErrors.Guard("bench", () =>
        {
            if (spiOverheadMicroseconds < 0 || spiOverheadMicroseconds > 100_000)
            {
                return CommandErrors.Report("bench", "--spi-overhead-us must be between 0 and 100000", standardError);
            }

            if (nanoclrDirectory != null && !Directory.Exists(nanoclrDirectory))
            {
                return CommandErrors.Report("bench", $"--nanoclr: no folder {nanoclrDirectory}", standardError);
            }

            BenchReport report = BenchRunner.Run(spiOverheadMicroseconds, new BenchOptions { Interpreted = interpreted, NanoClrDirectory = nanoclrDirectory, Progress = standardError });
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
