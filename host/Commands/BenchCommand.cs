using System;
using System.CommandLine;
using System.IO;
using DualReader.Host.Bench;
using DualReader.Sim.Timing;

namespace DualReader.Host.Commands;

/// <summary>`bench [--json] [--spi-overhead-us N] [--nanoclr DIR] [--no-interpreted] [--profile NAME [--top N]]`: the
/// performance figures of issues 6 and 11 (see host/Bench), or where one run's interpreter instructions go.</summary>
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
        var profile = new Option<string?>("--profile") { Description = $"Instead of the figures: where the interpreter spends one run's instructions, by firmware method (a scenario name or {BenchRunner.IdlePollCycle}; needs gdb and valgrind, 20 s to a minute)." };
        var top = new Option<int>("--top") { Description = "Methods listed per table with --profile (default 25).", DefaultValueFactory = _ => 25 };
        var command = new Command("bench", "Run the fixed performance scenarios on the simulated board and print modelled times, SPI, air, UART, lower bounds, allocations and the targets.");
        command.Options.Add(json);
        command.Options.Add(overhead);
        command.Options.Add(nanoclr);
        command.Options.Add(noInterpreted);
        command.Options.Add(profile);
        command.Options.Add(top);
        command.SetAction(result => result.GetValue(profile) is string name
            ? result.GetValue(json) || result.GetValue(noInterpreted)
                ? CommandErrors.Report("bench", "--profile prints its own tables: it takes neither --json nor --no-interpreted", Console.Error)
                : Profile(name, result.GetValue(top), result.GetValue(overhead), result.GetValue(nanoclr), Console.Out, Console.Error)
            : Run(result.GetValue(json), result.GetValue(overhead), Console.Out, Console.Error, !result.GetValue(noInterpreted), result.GetValue(nanoclr)));
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

    /// <summary>`bench --profile NAME`: <see cref="InterpreterProfile"/> of one recorded run.</summary>
    public static int Profile(string name, int top, int spiOverheadMicroseconds, string? nanoclrDirectory, TextWriter standardOutput, TextWriter standardError)
    {
        return CommandErrors.Guard("bench", () =>
        {
            if (top < 1 || top > 1000)
            {
                return CommandErrors.Report("bench", "--top must be between 1 and 1000", standardError);
            }

            if (nanoclrDirectory != null && !Directory.Exists(nanoclrDirectory))
            {
                return CommandErrors.Report("bench", $"--nanoclr: no folder {nanoclrDirectory}", standardError);
            }

            RecordedRun? run = BenchRunner.Recording(name, spiOverheadMicroseconds, out var phaseNames);
            if (run == null)
            {
                return CommandErrors.Report("bench", $"--profile: no run named {name} (the scenario names of `bench`, or {BenchRunner.IdlePollCycle})", standardError);
            }

            try
            {
                InterpreterProfile.Write(run, phaseNames, nanoclrDirectory, top, standardOutput, standardError);
            }
            catch (InvalidOperationException exception)
            {
                return CommandErrors.Report("bench", "--profile: " + exception.Message, standardError);
            }

            return 0;
        }, standardError);
    }
}
