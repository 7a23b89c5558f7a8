#nullable enable
using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DualReader.Firmware.HostLink;
using DualReader.Host.Commands;
using DualReader.Sim.Board;
using DualReader.Sim.Scenarios;
using DualReader.Tests.Fuzz;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Pc;

/// <summary>
/// The leak check end to end (issue 7): every scenario of examples/*.json, loaded as `dualreader sim --scenario`
/// loads it, and the built-in demo, each with trace off and with trace switched on over the host link; the raw UART
/// byte stream the reader sent is searched for every secret the virtual cards and RF-SIM peers sent on air
/// (see <see cref="UartLeakSearch"/>): no window may be found.
/// </summary>
[TestClass]
public class UartLeakScenarioTests
{
    private static string ExamplesDirectory()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory != null && !File.Exists(Path.Combine(directory, "DualReader.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        Assert.IsNotNull(directory);
        return Path.Combine(directory!, "examples");
    }

    /// <summary>Every example scenario (name, scenario, host acknowledges) and the demo's built-in scenario.</summary>
    private static List<(string Name, Func<SimulatedReaderBoard> Board, Scenario Scenario)> Scenarios()
    {
        var list = new List<(string, Func<SimulatedReaderBoard>, Scenario)>();
        foreach (string path in Directory.GetFiles(ExamplesDirectory(), "*.json").OrderBy(p => p, StringComparer.Ordinal))
        {
            Scenario scenario = SimCommand.Load(path, out bool acknowledges);
            // A fresh scenario per board: the simulation keeps device state in its own objects, but stay on the safe side.
            list.Add((Path.GetFileName(path), () => SimCommand.CreateBoard(SimCommand.Load(path, out bool again), again), scenario));
        }

        list.Add(("demo (built-in)", () => SimCommand.CreateBoard(DemoCommand.BuiltInScenario(), true), DemoCommand.BuiltInScenario()));
        return list;
    }

    /// <summary>How many secret values the scenario's own APDU rules hold (the devices that are EMV cards).</summary>
    private static int SecretsInRules(Scenario scenario)
    {
        var search = new UartLeakSearch();
        int count = 0;
        foreach (ScenarioDevice device in scenario.Devices)
        {
            foreach (ApduRule rule in device.Apdus)
            {
                count += search.AddResponse(rule.Response);
            }
        }

        return count;
    }

    [TestMethod]
    public void NoScenarioLeaksACardSecretOnTheUartWithTraceOffOrOn()
    {
        var scenarios = Scenarios();
        Assert.IsTrue(scenarios.Count >= 8, "examples/*.json and the demo");
        int runs = 0;
        long bytes = 0;
        long searched = 0;
        long windows = 0;
        long secrets = 0;
        int hits = 0;
        int emvRuns = 0;
        var failures = new List<string>();
        foreach ((string name, Func<SimulatedReaderBoard> create, Scenario scenario) in scenarios)
        {
            int inRules = SecretsInRules(scenario);
            foreach (bool trace in new[] { false, true })
            {
                SimulatedReaderBoard board = create();
                UartLeakRun run = UartLeakRun.Run(board, trace);
                string where = $"{name}, trace {(trace ? "on" : "off")}";
                OutputHelper.WriteLine($"{where}: {run.Describe()}");
                runs++;
                bytes += run.Stream.Length;
                searched += run.Search.BytesSearched;
                windows += run.Search.WindowCount;
                secrets += run.Search.SecretCount;
                hits += run.Hits.Count;
                foreach (string hit in run.Hits)
                {
                    failures.Add($"{where}: {hit}");
                }

                // Not vacuous: bytes were sent and decoded, the cards that hold secrets were heard sending them.
                Assert.IsTrue(run.Stream.Length > 0 && run.Records > 0, where + ": no UART stream");
                Assert.IsTrue(run.Search.FramesSearched >= run.Records, where + ": frames not decoded");
                Assert.AreEqual(0, run.UnmatchedResponses(board.Scenario), where + ": a response heard on air is not one a device sends");
                if (inRules > 0 && run.TransactionsOk > 0)
                {
                    // The scenario's EMV cards hold secrets and the reader read a device (nfc-and-rfsim-collision
                    // reads none by design: both refused as a collision).
                    Assert.IsTrue(run.SecretValues > 0 && run.Search.WindowCount > 0, where + ": EMV cards read but no secret heard on air");
                    emvRuns++;
                }

                if (trace)
                {
                    // At least once: with the host absent the reader sends its answer again until acknowledged.
                    Assert.IsTrue(run.ConfigurationsAccepted >= 1, where + ": trace=on not accepted");
                    if (run.Tap.Responses.Count > 0)
                    {
                        Assert.IsTrue(run.TraceRecords > 0, where + ": trace on but no trace records");
                    }
                }
                else
                {
                    Assert.AreEqual(0, run.TraceRecords, where + ": trace records with trace off");
                }
            }
        }

        // Every scenario but five reads an EMV card: host-absent (plain MIFARE cards only), the two transit examples
        // (MIFARE Classic and NTAG), nfc-and-rfsim-collision and two-cards-collision (the reader refuses to pick one).
        Assert.IsTrue(emvRuns >= 2 * (scenarios.Count - 5), $"only {emvRuns} runs read an EMV card");
        OutputHelper.WriteLine($"leak check: {scenarios.Count} scenarios x 2 modes = {runs} runs ({emvRuns} with EMV secrets on air), {bytes} UART bytes ({searched} searched raw + decoded), {secrets} secrets, {windows} secret windows searched, {hits} hits");
        Assert.AreEqual(0, failures.Count, string.Join("\n", failures.Take(20)));
    }

    [TestMethod]
    public void TheSearchFindsASecretPlantedInTheStream()
    {
        // The UnionPay card with trace on: PAN, track 2, cryptogram and IAD on air, none of them on the UART.
        string path = Path.Combine(ExamplesDirectory(), "unionpay-balance.json");
        UartLeakRun run = UartLeakRun.Run(SimCommand.CreateBoard(SimCommand.Load(path, out bool acknowledges), acknowledges), true);
        Assert.AreEqual(0, run.Hits.Count, string.Join("\n", run.Hits.Cast<string>()));
        Assert.IsTrue(run.TraceRecords > 0);
        byte[] pan = Convert.FromHexString("6212345678901234");
        byte[] issuerData = Convert.FromHexString("07010103A00000010A010000000000C1D2E3F4");

        // 1. Four PAN bytes (BCD) in the middle of the raw stream (named after 57 or 5A, whichever came first).
        byte[] planted = Plant(run.Stream, run.Stream.Length / 2, pan.AsSpan(2, 4).ToArray());
        var hits = new ArrayList();
        Assert.IsTrue(run.Search.Search(planted, planted.Length, hits) > 0, "BCD PAN window not found");
        Assert.IsTrue(hits.Cast<string>().Any(h => h.StartsWith("raw stream", StringComparison.Ordinal) && (h.Contains("tag 5A", StringComparison.Ordinal) || h.Contains("tag 57", StringComparison.Ordinal))), string.Join("\n", hits.Cast<string>()));

        // 2. Eight PAN digits as text.
        hits.Clear();
        planted = Plant(run.Stream, 7, System.Text.Encoding.ASCII.GetBytes("34567890"));
        Assert.IsTrue(run.Search.Search(planted, planted.Length, hits) > 0, "ASCII PAN window not found");
        Assert.IsTrue(hits.Cast<string>().Any(h => h.Contains("PAN digits", StringComparison.Ordinal)), string.Join("\n", hits.Cast<string>()));

        // 3. The IAD inside a COBS frame appended to the stream: its 00 bytes are rewritten by COBS, so the windows
        // holding them are only found after decoding.
        byte[] frame = new byte[HostLinkProtocol.MaximumWireLength];
        int length = Cobs.Encode(issuerData, 0, issuerData.Length, frame, 0, frame.Length);
        byte[] withFrame = Plant(run.Stream, run.Stream.Length, frame.AsSpan(0, length).ToArray().Append(HostLinkProtocol.Delimiter).ToArray());
        hits.Clear();
        Assert.IsTrue(run.Search.Search(withFrame, withFrame.Length, hits) > 0, "IAD in a frame not found");
        Assert.IsTrue(hits.Cast<string>().Any(h => h.Contains("decoded", StringComparison.Ordinal) && h.Contains("9F10", StringComparison.Ordinal) && h.Contains("bytes 4..7", StringComparison.Ordinal)),
            string.Join("\n", hits.Cast<string>()));

        // 4. One byte short of a window is not a hit: the window size is what is claimed.
        hits.Clear();
        planted = Plant(run.Stream, 3, pan.AsSpan(2, 3).ToArray());
        Assert.AreEqual(0, run.Search.Search(planted, planted.Length, hits), string.Join("\n", hits.Cast<string>()));
    }

    private static byte[] Plant(byte[] stream, int at, byte[] bytes)
    {
        var copy = new byte[stream.Length + bytes.Length];
        Array.Copy(stream, 0, copy, 0, at);
        Array.Copy(bytes, 0, copy, at, bytes.Length);
        Array.Copy(stream, at, copy, at + bytes.Length, stream.Length - at);
        return copy;
    }
}
