using System;
using System.CommandLine;
using System.IO;
using System.Threading;
using DualReader.Firmware.HostLink;
using DualReader.Host.HostLink;
using DualReader.Host.Serial;
using Spectre.Console;

namespace DualReader.Host.Commands;

/// <summary>`monitor --port DEVICE [--baud N]`: live view of a real reader; acknowledges every record.</summary>
public static class MonitorCommand
{
    public static Option<string> PortOption() => new("--port", "-p") { Description = "Serial device of the reader (e.g. /dev/ttyUSB0, /dev/cu.usbserial-0001).", Required = true };

    public static Option<int> BaudOption() => new("--baud", "-b") { Description = "UART baud rate (the firmware's default is 115200).", DefaultValueFactory = _ => 115200 };

    public static Command Create()
    {
        var port = PortOption();
        var baud = BaudOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON object per record (as `decode --format json`) instead of the live view." };
        var maxRecords = new Option<int>("--max-records") { Description = "Exit after this many new records (0: run until Ctrl+C).", DefaultValueFactory = _ => 0 };
        var command = new Command("monitor", "Live view of a real reader on a serial port; acknowledges what it receives so the reader can free its queue.");
        command.Options.Add(port);
        command.Options.Add(baud);
        command.Options.Add(json);
        command.Options.Add(maxRecords);
        command.SetAction((result, cancellation) =>
        {
            int code = Run(result.GetValue(port)!, result.GetValue(baud), result.GetValue(json), result.GetValue(maxRecords), Console.Out, Console.Error, cancellation);
            return System.Threading.Tasks.Task.FromResult(code);
        });
        return command;
    }

    public static int Run(string portPath, int baud, bool json, int maxRecords, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        return CommandErrors.Guard("monitor", () =>
        {
            if (maxRecords < 0)
            {
                return CommandErrors.Report("monitor", "--max-records must be 0 or more", error);
            }

            using SerialLink link = SerialLink.Open(portPath, baud);
            var session = new HostLinkSession(link);
            bool live = !json && output == Console.Out && !Console.IsOutputRedirected;
            int records = 0;
            session.RecordReceived += record =>
            {
                records++;
                if (json)
                {
                    output.WriteLine(RecordFormatter.ToJson(record));
                }
                else if (live)
                {
                    AnsiConsole.MarkupLine($"[{Colour(record)}]{Markup.Escape(RecordFormatter.ToText(record))}[/]");
                }
                else
                {
                    output.WriteLine(RecordFormatter.ToText(record));
                }

                output.Flush();
            };
            session.DecodeErrorOccurred += damage => error.WriteLine(damage.Sequence == null
                ? $"monitor: damaged frame ({damage.Error}), resynchronised"
                : $"monitor: {RecordFormatter.ToText(damage)}; not shown{(damage.FromHost ? "" : ", acknowledged")}");
            if (live)
            {
                AnsiConsole.MarkupLine($"[grey]monitor: {Markup.Escape(portPath)} at {baud} baud; Ctrl+C to stop[/]");
            }

            while (!cancellation.IsCancellationRequested && (maxRecords == 0 || records < maxRecords))
            {
                session.Poll(100);
            }

            return 0;
        }, error);
    }

    private static string Colour(HostLinkMessage record) => record switch
    {
        TransactionRecord t => t.Outcome == "ok" ? "green" : "yellow",
        ErrorRecord => "red",
        LostRecord => "red",
        StatusRecord => "blue",
        ApduTraceRecord or FrameTraceRecord => "grey",
        _ => "default",
    };
}
