using System;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using DualReader.Firmware.HostLink;
using DualReader.Host.HostLink;
using DualReader.Host.Serial;

namespace DualReader.Host.Commands;

/// <summary>
/// `send`: host → reader commands on a real port: `send config KEY=VALUE...`, `send status`, `send apdu HEX`.
/// Waits for the reader's answer, printing (and acknowledging) the records that arrive meanwhile.
/// </summary>
public static class SendCommand
{
    public static Command Create()
    {
        var command = new Command("send", "Send a command to a real reader: configuration, status request or an APDU to pass through.");
        command.Subcommands.Add(Config());
        command.Subcommands.Add(Status());
        command.Subcommands.Add(Apdu());
        return command;
    }

    private static Option<int> TimeoutOption() => new("--timeout") { Description = "Milliseconds to wait for the reader's answer.", DefaultValueFactory = _ => 3000 };

    private static Command Config()
    {
        var port = MonitorCommand.PortOption();
        var baud = MonitorCommand.BaudOption();
        var timeout = TimeoutOption();
        var entries = new Argument<string[]>("KEY=VALUE") { Description = "Entries: nfc_poll_ms, rfsim_poll_ms, pps_max, read_depth, trace=on|off, passthrough_raw=on|off (default off: pass-through answers redacted), pdol.<TAG>=<HEX>, transit.sector=N, transit.key_a|transit.key_b=<12 hex> (write-only), transit.balance_block=0..2.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("config", "Send configuration; the reader validates every entry and keeps the old value of a rejected one.");
        command.Options.Add(port);
        command.Options.Add(baud);
        command.Options.Add(timeout);
        command.Arguments.Add(entries);
        command.SetAction(result => CommandErrors.Guard("send", () =>
        {
            var message = new ConfigurationMessage();
            foreach (string entry in result.GetValue(entries)!)
            {
                int equals = entry.IndexOf('=');
                if (equals <= 0 || equals == entry.Length - 1)
                {
                    return CommandErrors.Report("send", $"'{entry}' is not KEY=VALUE");
                }

                message.Entries.Add(entry);
            }

            return Exchange(result.GetValue(port)!, result.GetValue(baud), result.GetValue(timeout), message,
                (record, sequence) => record is ConfigurationResultRecord answer && answer.HostSequence == sequence,
                record => ((ConfigurationResultRecord)record).Accepted ? 0 : CommandErrors.Failure);
        }));
        return command;
    }

    private static Command Status()
    {
        var port = MonitorCommand.PortOption();
        var baud = MonitorCommand.BaudOption();
        var timeout = TimeoutOption();
        var command = new Command("status", "Ask the reader for its status record (chips, health, configuration).");
        command.Options.Add(port);
        command.Options.Add(baud);
        command.Options.Add(timeout);
        command.SetAction(result => CommandErrors.Guard("send", () =>
            Exchange(result.GetValue(port)!, result.GetValue(baud), result.GetValue(timeout), new StatusRequestMessage(),
                (record, _) => record is StatusRecord, _ => 0)));
        return command;
    }

    private static Command Apdu()
    {
        var port = MonitorCommand.PortOption();
        var baud = MonitorCommand.BaudOption();
        var timeout = TimeoutOption();
        var apdu = new Argument<string>("HEX") { Description = "Command APDU in hex, e.g. 00A404000E325041592E5359532E444446303100." };
        var command = new Command("apdu", "Pass an APDU through the reader to the device in the field and print the response.");
        command.Options.Add(port);
        command.Options.Add(baud);
        command.Options.Add(timeout);
        command.Arguments.Add(apdu);
        command.SetAction(result => CommandErrors.Guard("send", () =>
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromHexString(result.GetValue(apdu)!.Replace(" ", "", StringComparison.Ordinal));
            }
            catch (FormatException)
            {
                return CommandErrors.Report("send", "the APDU is not hex");
            }

            if (bytes.Length < 4)
            {
                return CommandErrors.Report("send", "an APDU has at least 4 bytes (CLA INS P1 P2)");
            }

            return Exchange(result.GetValue(port)!, result.GetValue(baud), result.GetValue(timeout), new PassThroughCommandMessage { Apdu = bytes },
                (record, sequence) => record is PassThroughResponseRecord answer && answer.HostSequence == sequence,
                record => ((PassThroughResponseRecord)record).Outcome == "ok" ? 0 : CommandErrors.Failure);
        }));
        return command;
    }

    /// <summary>Sends <paramref name="message"/>, waits for the answer, prints every record received.</summary>
    public static int Exchange(string portPath, int baud, int timeoutMilliseconds, HostLinkMessage message,
        Func<HostLinkMessage, uint, bool> isAnswer, Func<HostLinkMessage, int> exitCode, TextWriter? output = null)
    {
        output ??= Console.Out;
        using SerialLink link = SerialLink.Open(portPath, baud);
        // Host sequence numbers only need to tell this command's answer apart from earlier ones.
        var session = new HostLinkSession(link, (uint)Environment.TickCount64 & 0x7FFFFFFF);
        HostLinkMessage? answer = null;
        uint sequence = 0;
        session.RecordReceived += record =>
        {
            output.WriteLine(RecordFormatter.ToText(record));
            if (answer == null && isAnswer(record, sequence))
            {
                answer = record;
            }
        };
        sequence = session.Send(message);
        var clock = Stopwatch.StartNew();
        while (answer == null && clock.ElapsedMilliseconds < timeoutMilliseconds)
        {
            session.Poll(50);
        }

        if (answer == null)
        {
            return CommandErrors.Report("send", $"no answer from the reader within {timeoutMilliseconds} ms");
        }

        return exitCode(answer);
    }
}
