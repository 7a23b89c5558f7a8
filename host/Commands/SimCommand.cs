using System;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using DualReader.Host.Scenarios;
using DualReader.Sim.Board;
using DualReader.Sim.Scenarios;

namespace DualReader.Host.Commands;

/// <summary>
/// `sim --scenario FILE --uart OUT [--trace]`: runs the firmware's reader application on the simulated board for the
/// scenario's duration_ms and writes exactly the bytes the reader sent on its UART to OUT.
/// </summary>
public static class SimCommand
{
    public static Command Create()
    {
        var scenario = new Option<string>("--scenario", "-s") { Description = "Scenario file (JSON, ARCHITECTURE.md format; examples/*.json).", Required = true };
        var uart = new Option<string>("--uart", "-u") { Description = "Where to write the raw UART byte stream the reader sent.", Required = true };
        var trace = new Option<bool>("--trace") { Description = "Start the reader with APDU trace on (apdu_trace and frame_trace records, redacted)." };
        var command = new Command("sim", "Run the firmware on simulated hardware as a scenario says and write the reader's raw UART output.");
        command.Options.Add(scenario);
        command.Options.Add(uart);
        command.Options.Add(trace);
        command.SetAction(result => Run(result.GetValue(scenario)!, result.GetValue(uart)!, result.GetValue(trace), Console.Out, Console.Error));
        return command;
    }

    public static int Run(string scenarioPath, string uartPath, bool trace, TextWriter output, TextWriter error)
    {
        return CommandErrors.Guard("sim", () =>
        {
            if (!File.Exists(scenarioPath))
            {
                return CommandErrors.Report("sim", $"no such file: {scenarioPath}", error);
            }

            Scenario scenario;
            bool hostAcknowledges;
            try
            {
                scenario = Load(scenarioPath, out hostAcknowledges);
            }
            catch (ScenarioFormatException problem)
            {
                return CommandErrors.Report("sim", $"{scenarioPath}: {problem.Message}", error);
            }

            // The capture is streamed to the file as the reader writes it: a scenario of any length fits in memory.
            using var file = new FileStream(uartPath, FileMode.Create, FileAccess.Write);
            var sink = new StreamUartSink(file);
            SimulatedReaderBoard board = RunScenario(scenario, trace, hostAcknowledges, sink);
            output.WriteLine($"sim: {scenario.Devices.Count} device(s), {scenario.DurationMicroseconds / 1000} ms simulated, {board.Reader.TransactionCount} transaction(s), {board.Uart.TransmittedCount} UART bytes written to {uartPath}");
            return 0;
        }, error);
    }

    /// <summary>Reads a scenario file and its optional "host": {"acknowledges": false}; throws
    /// <see cref="ScenarioFormatException"/> on a bad file.</summary>
    public static Scenario Load(string scenarioPath, out bool hostAcknowledges)
    {
        string json = File.ReadAllText(scenarioPath);
        Scenario scenario = ScenarioFile.Parse(json);
        hostAcknowledges = HostAcknowledges(json);
        return scenario;
    }

    /// <summary>The simulated board for <paramref name="scenario"/> with its host, not started yet.</summary>
    public static SimulatedReaderBoard CreateBoard(Scenario scenario, bool hostAcknowledges)
    {
        var board = new SimulatedReaderBoard(scenario);
        board.Host.Acknowledges = hostAcknowledges;
        return board;
    }

    /// <summary>Runs <paramref name="scenario"/> on a fresh simulated board (the reader starts at time 0).</summary>
    public static SimulatedReaderBoard RunScenario(Scenario scenario, bool trace, bool hostAcknowledges, IUartSink? sink = null)
    {
        SimulatedReaderBoard board = CreateBoard(scenario, hostAcknowledges);
        board.Uart.Sink = sink;

        // As if the firmware were built with trace on (no configuration record in the capture).
        board.Reader.Configuration.TraceEnabled = trace;
        board.Run();
        return board;
    }

    /// <summary>The optional top-level "host": {"acknowledges": false} of a scenario (an absent host).</summary>
    private static bool HostAcknowledges(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (document.RootElement.TryGetProperty("host", out JsonElement host) && host.ValueKind == JsonValueKind.Object
            && host.TryGetProperty("acknowledges", out JsonElement acknowledges))
        {
            if (acknowledges.ValueKind != JsonValueKind.True && acknowledges.ValueKind != JsonValueKind.False)
            {
                throw new ScenarioFormatException("host.acknowledges", "must be true or false");
            }

            return acknowledges.ValueKind == JsonValueKind.True;
        }

        return true;
    }
}
