using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using DualReader.Firmware.HostLink;
using DualReader.Host.HostLink;
using DualReader.Sim.Board;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;
using DualReader.Sim.Timing;
using Spectre.Console;

namespace DualReader.Host.Commands;

/// <summary>
/// `demo`: the firmware's reader application on the simulated board with a built-in scenario (an iPhone paying
/// Apple Pay-style, a UnionPay card with a balance, an RF-SIM peer, two cards at once). The UART bytes are decoded
/// with the same decoder as `decode` and shown as a transaction table and a per-transaction timing breakdown.
/// </summary>
public static class DemoCommand
{
    /// <summary>The transactions the demo must show, in order: interface and outcome.</summary>
    public static readonly (string Interface, string Outcome)[] ExpectedRows =
    {
        ("nfc", "ok"), ("nfc", "ok"), ("rfsim", "ok"), ("nfc", "collision"), ("nfc", "ok"), ("nfc", "ok"),
    };

    public static Command Create()
    {
        var uart = new Option<string?>("--uart", "-u") { Description = "Also write the reader's raw UART bytes to this file (for `decode`)." };
        var command = new Command("demo", "Run the firmware on simulated hardware with a built-in scenario and show the decoded transaction log.");
        command.Options.Add(uart);
        command.SetAction(result => Run(result.GetValue(uart), Console.Error));
        return command;
    }

    /// <summary>The built-in scenario (scenario times in ms).</summary>
    public static Scenario BuiltInScenario()
    {
        var scenario = new Scenario { DurationMicroseconds = 6_500_000 };

        // The transit profile for the one-card (sector 2, key A, balance in the sector's block 1), as `send config` sends it.
        scenario.HostConfiguration.Add("transit.sector=2");
        scenario.HostConfiguration.Add("transit.key_a=A0A1A2A3A4A5");
        scenario.HostConfiguration.Add("transit.balance_block=1");
        scenario.AddDevice(At(SampleCards.ApplePayVisa(), 100, 900));
        scenario.AddDevice(At(SampleCards.UnionPayDualApplication(), 1300, 2200));
        scenario.AddDevice(At(RfSimPeer(), 2600, 3400));
        scenario.AddDevice(At(SampleCards.VisaCard(), 3800, 4600));
        scenario.AddDevice(At(SampleCards.Mastercard(), 3800, 4600));
        scenario.AddDevice(At(SampleCards.TransitCard(), 5000, 5600));
        scenario.AddDevice(At(SampleCards.NtagPoster(), 5900, 6400));
        return scenario;
    }

    public static int Run(string? uartPath, TextWriter error)
    {
        return CommandErrors.Guard("demo", () =>
        {
            Scenario scenario = BuiltInScenario();
            SimulatedReaderBoard board = SimCommand.RunScenario(scenario, false, true);
            byte[] bytes = board.Uart.Transmitted();
            if (uartPath != null)
            {
                File.WriteAllBytes(uartPath, bytes);
            }

            using DecodedCapture capture = CaptureDecoder.Decode(bytes);
            // Bound to the current standard output (colours when it is a terminal).
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
            if (Console.IsOutputRedirected || console.Profile.Width < 120)
            {
                // Files and narrow terminals: a fixed width that keeps every table row on one line.
                console.Profile.Width = 132;
            }

            Show(console, board, scenario, capture, bytes.Length);

            var rows = capture.Records.OfType<TransactionRecord>().Select(t => (RecordFormatter.InterfaceName(t.Interface), t.Outcome)).ToArray();
            bool expected = rows.SequenceEqual(ExpectedRows) && capture.Gaps.Count == 0 && capture.Errors.Count == 0 && capture.Duplicates == 0;
            if (!expected)
            {
                return CommandErrors.Report("demo", "the transaction log is not the expected one (see above)", error);
            }

            return 0;
        }, error);
    }

    private static void Show(IAnsiConsole console, SimulatedReaderBoard board, Scenario scenario, DecodedCapture capture, int byteCount)
    {
        console.Write(new Rule("[bold]DualReader demo[/]: the firmware on a simulated ESP32 with an MFRC522 and an nRF24L01+").LeftJustified());
        console.MarkupLine($"Scenario: an iPhone paying Apple Pay-style (0.1-0.9 s), a UnionPay card with a balance (1.3-2.2 s), an RF-SIM peer (2.6-3.4 s), two cards at once (3.8-4.6 s), a MIFARE Classic transit card (5.0-5.6 s), an NTAG poster (5.9-6.4 s); {scenario.DurationMicroseconds / 1000} ms simulated.");
        var status = capture.Records.OfType<StatusRecord>().FirstOrDefault();
        if (status != null)
        {
            console.MarkupLine($"Self-test: MFRC522 [green]{Markup.Escape(status.Mfrc522Health ?? "?")}[/] (VersionReg 0x{status.Mfrc522Version:X2}), digital self-test [green]{Markup.Escape(status.SelfTest ?? "not run")}[/]{Markup.Escape(status.SelfTestMatch != null ? " (" + status.SelfTestMatch + ")" : "")}, nRF24L01+ [green]{Markup.Escape(status.Nrf24Health ?? "?")}[/]; config: {Markup.Escape(status.ConfigurationSummary ?? "")}");
        }

        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Transactions[/] (decoded from the reader's UART bytes)");
        foreach (string column in new[] { "seq", "time (ms)", "interface", "uid (ATQA/SAK)", "aid / label", "PAN (masked)", "outcome", "duration (ms)" })
        {
            table.AddColumn(new TableColumn(column));
        }

        foreach (HostLinkMessage message in capture.Records)
        {
            if (message is TransactionRecord t)
            {
                string colour = t.Outcome == "ok" ? "green" : t.Outcome == "collision" ? "yellow" : "red";
                string aid = t.Aid == null ? "-" : RecordFormatter.Hex(t.Aid) + (t.ApplicationLabel != null ? " " + t.ApplicationLabel : "");
                if (t.CardType != null)
                {
                    // A MIFARE card or NFC tag: its type, and a tag's NDEF records.
                    aid = t.CardType + string.Concat(t.Ndef.Cast<NdefEntry>().Select(entry => " " + entry.Type + ": " + entry.Value));
                }

                string pan = t.PanMasked == null ? "-" : RecordFormatter.SafePan(t.PanMasked);
                if (t.HasBalance)
                {
                    pan += " (balance " + RecordFormatter.Balance(t) + ")";
                }

                table.AddRow(
                    t.Sequence.ToString(CultureInfo.InvariantCulture),
                    Milliseconds(t.TimeMicroseconds),
                    RecordFormatter.InterfaceName(t.Interface),
                    RecordFormatter.Hex(t.Uid) is { Length: > 0 } uid ? (t.Atqa != null && t.Sak >= 0 ? $"{uid} ({RecordFormatter.Hex(t.Atqa)}/{t.Sak:X2})" : uid) : "-",
                    Markup.Escape(aid),
                    Markup.Escape(pan),
                    $"[{colour}]{Markup.Escape(t.Outcome)}[/]",
                    Milliseconds(t.DurationMicroseconds));
            }
            else if (message is ErrorRecord e)
            {
                table.AddRow(e.Sequence.ToString(CultureInfo.InvariantCulture), Milliseconds(e.TimeMicroseconds), RecordFormatter.InterfaceName(e.Interface), "-", "-", "-", $"[red]error {Markup.Escape(e.Code ?? "")}[/]", "-");
            }
        }

        console.Write(table);

        var costs = new CostModel();
        var encoder = new FrameEncoder();
        var buffer = new byte[HostLinkProtocol.MaximumWireLength];
        foreach (TransactionRecord t in capture.Records.OfType<TransactionRecord>())
        {
            if (t.Timings.Count == 0)
            {
                continue;
            }

            encoder.Encode(t, t.Sequence, buffer, 0, buffer.Length, out int length);
            var breakdown = new Table().Border(TableBorder.Simple).Title($"[bold]seq {t.Sequence}[/] {RecordFormatter.InterfaceName(t.Interface)} {Markup.Escape(RecordFormatter.Hex(t.Uid))}: timing (modelled)");
            breakdown.AddColumn("phase");
            breakdown.AddColumn(new TableColumn("µs").RightAligned());
            breakdown.AddColumn("");
            long total = t.DurationMicroseconds;
            foreach (PhaseTiming timing in t.Timings)
            {
                string name = timing.Phase switch
                {
                    TimingPhase.Activation => t.Interface == ReaderInterface.RfSim ? "discovery (beacon window)" : "activation (WUPA, anticollision, SELECT)",
                    TimingPhase.RatsPps => "RATS / PPS",
                    TimingPhase.Apdu => $"APDU {timing.Index}",
                    TimingPhase.Record => $"READ RECORD {timing.Index}",
                    _ => timing.Phase.ToString(),
                };
                breakdown.AddRow(name, timing.DurationMicroseconds.ToString("N0", CultureInfo.InvariantCulture), Bar(timing.DurationMicroseconds, total));
            }

            long uart = costs.UartMicroseconds(length);
            breakdown.AddRow($"record on the UART ({length} bytes at {costs.UartBaudRate} baud)", uart.ToString("N0", CultureInfo.InvariantCulture), Bar(uart, total));
            breakdown.AddRow("[bold]transaction (duration_us)[/]", $"[bold]{total.ToString("N0", CultureInfo.InvariantCulture)}[/]", "");
            console.Write(breakdown);
        }

        console.MarkupLine($"{byteCount} UART bytes, {capture.Records.Count} records, {capture.Gaps.Count} gaps, {capture.Errors.Count} damaged frames. Simulated SPI: {board.Ledger.SpiTransfers} calls; air time {board.Ledger.AirMicroseconds} µs; card processing {board.Ledger.CardProcessingMicroseconds} µs.");
    }

    private static string Bar(long part, long total)
    {
        int width = total <= 0 ? 0 : (int)Math.Min(40, Math.Max(part > 0 ? 1 : 0, part * 40 / total));
        return "[blue]" + new string('#', width) + "[/]";
    }

    private static string Milliseconds(long microseconds) => (microseconds / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);

    private static ScenarioDevice At(ScenarioDevice device, int arriveMilliseconds, int leaveMilliseconds)
    {
        device.ArriveMicroseconds = arriveMilliseconds * 1000L;
        device.LeaveMicroseconds = leaveMilliseconds * 1000L;
        return device;
    }

    /// <summary>An RF-SIM peer (a SIM with a 2.4 GHz radio) carrying a UnionPay-style applet.</summary>
    private static ScenarioDevice RfSimPeer()
    {
        ScenarioDevice card = SampleCards.UnionPayDualApplication();
        var device = new ScenarioDevice { Interface = DeviceInterface.RfSim, Uid = new byte[] { 0x52, 0x46, 0x53, 0x01 }, Near = true, DefaultResponse = card.DefaultResponse };
        foreach (ApduRule rule in card.Apdus)
        {
            device.AddApdu(rule);
        }

        return device;
    }
}
