using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using DualReader.Host.Pcsc;
using DualReader.Host.Scenarios;

namespace DualReader.Host.Commands;

/// <summary>
/// `pcsc (--port DEV | --scenario FILE) [--vpcd HOST:PORT]`: the device in DualReader's field becomes a card in
/// pcscd's "Virtual PCD" reader (vsmartcard vpcd), so every PC/SC tool can talk to it. Exit codes: 0 stopped
/// (Ctrl+C), 1 bad input (arguments, scenario file, serial port), 2 vpcd not reachable, 3 the reader stopped answering.
/// </summary>
public static class PcscCommand
{
    public const int Stopped = 0;
    public const int VpcdUnreachable = 2;
    public const int ReaderSilent = 3;

    public static Command Create()
    {
        var port = new Option<string>("--port", "-p") { Description = "Serial device of a real reader (e.g. /dev/ttyUSB0)." };
        var scenario = new Option<string>("--scenario", "-s") { Description = "Scenario file: the simulated reader with the scenario's first device in its field." };
        var vpcd = new Option<string>("--vpcd") { Description = "Where vpcd listens (HOST:PORT).", DefaultValueFactory = _ => "127.0.0.1:" + VpcdBridge.DefaultPort.ToString(CultureInfo.InvariantCulture) };
        var baud = MonitorCommand.BaudOption();
        var command = new Command("pcsc", "Bridge the card or phone in the reader's field to PC/SC through pcscd's vpcd driver (\"Virtual PCD\" reader). "
            + "Exit codes: 0 stopped (Ctrl+C), 1 bad input, 2 vpcd not reachable, 3 the reader stopped answering.");
        command.Options.Add(port);
        command.Options.Add(scenario);
        command.Options.Add(vpcd);
        command.Options.Add(baud);
        command.SetAction(result =>
        {
            // Ctrl+C (SIGINT) and SIGTERM stop the bridge the orderly way: it closes the vpcd connection (card removed
            // for PC/SC) and the reader's session before exiting with 0.
            using var stop = new CancellationTokenSource();
            using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
            using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
            return Run(result.GetValue(port), result.GetValue(scenario), result.GetValue(vpcd)!, result.GetValue(baud), Console.Out, Console.Error, stop.Token);
        });
        return command;
    }

    /// <summary>Runs the bridge until <paramref name="cancellation"/>; <paramref name="started"/> sees the bridge
    /// before it starts (tests).</summary>
    public static int Run(string? portPath, string? scenarioPath, string vpcd, int baud, TextWriter output, TextWriter error,
        CancellationToken cancellation, Action<VpcdBridge, IPassThroughReader>? started = null)
    {
        return CommandErrors.Guard("pcsc", () =>
        {
            if ((portPath == null) == (scenarioPath == null))
            {
                return CommandErrors.Report("pcsc", "give exactly one of --port DEV and --scenario FILE", error);
            }

            if (!TryParseEndpoint(vpcd, out string host, out int port))
            {
                return CommandErrors.Report("pcsc", $"--vpcd '{vpcd}' is not HOST:PORT (port 1-65535)", error);
            }

            IPassThroughReader reader;
            if (scenarioPath != null)
            {
                if (!File.Exists(scenarioPath))
                {
                    return CommandErrors.Report("pcsc", $"no such file: {scenarioPath}", error);
                }

                try
                {
                    reader = new SimulatedPassThroughReader(SimCommand.Load(scenarioPath, out _), "scenario " + scenarioPath, output);
                }
                catch (ScenarioFormatException problem)
                {
                    return CommandErrors.Report("pcsc", $"{scenarioPath}: {problem.Message}", error);
                }
            }
            else
            {
                reader = new SerialPassThroughReader(portPath!, baud, output);
            }

            using (reader)
            {
                var bridge = new VpcdBridge(reader, host, port, output);
                started?.Invoke(bridge, reader);
                try
                {
                    bridge.Run(cancellation);
                }
                catch (VpcdUnreachableException problem)
                {
                    CommandErrors.Report("pcsc", problem.Message, error);
                    return VpcdUnreachable;
                }
                catch (ReaderSilentException problem)
                {
                    CommandErrors.Report("pcsc", problem.Message, error);
                    return ReaderSilent;
                }
            }

            output.WriteLine("pcsc: stopped");
            return Stopped;
        }, error);
    }

    /// <summary>HOST:PORT (the last colon separates the port, so an IPv6 host in brackets works too).</summary>
    public static bool TryParseEndpoint(string text, out string host, out int port)
    {
        host = "";
        port = 0;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535)
        {
            return false;
        }

        host = text[..colon].Trim('[', ']');
        return host.Length > 0;
    }
}
