#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using DualReader.Host.Commands;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Pc;

/// <summary>`sim` + `decode --format json` on the examples/ scenarios, and `demo`, through the tool's entry point.</summary>
[TestClass]
public class SimAndDemoTests
{
    private readonly List<string> temporaryFiles = new();

    [Cleanup]
    public void DeleteTemporaryFiles()
    {
        foreach (string path in temporaryFiles)
        {
            File.Delete(path);
        }
    }

    private string TemporaryFile(string extension)
    {
        string path = Path.Combine(Path.GetTempPath(), "dualreader-" + Guid.NewGuid().ToString("N") + extension);
        temporaryFiles.Add(path);
        return path;
    }

    private static string Example(string name)
    {
        string? directory = AppContext.BaseDirectory;
        while (directory != null && !File.Exists(Path.Combine(directory, "DualReader.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        Assert.IsNotNull(directory);
        return Path.Combine(directory!, "examples", name);
    }

    private static (int Code, string Output, string Error) RunTool(params string[] args) => ToolRunner.Run(args);

    private List<JsonElement> SimulateAndDecode(string example, params string[] extra)
    {
        string uart = TemporaryFile(".bin");
        var args = new List<string> { "sim", "--scenario", Example(example), "--uart", uart };
        args.AddRange(extra);
        (int code, string output, string error) = RunTool(args.ToArray());
        Assert.AreEqual(0, code, error);
        Assert.Contains("UART bytes written", output);

        // No full PAN of the virtual cards (their 5A values) anywhere in the UART bytes, as BCD or as text.
        byte[] bytes = File.ReadAllBytes(uart);
        foreach (string pan in new[] { "6212345678901234", "4642352851503640", "4761739001010010", "5413330089010012" })
        {
            Assert.IsFalse(Contains(bytes, Convert.FromHexString(pan)), pan);
            Assert.IsFalse(Contains(bytes, System.Text.Encoding.ASCII.GetBytes(pan)), pan);
        }

        // Nor a MIFARE key of the examples' transit cards (write-only configuration).
        foreach (string key in new[] { "A0A1A2A3A4A5", "B0B1B2B3B4B5" })
        {
            Assert.IsFalse(Contains(bytes, Convert.FromHexString(key)), key);
            Assert.IsFalse(Contains(bytes, System.Text.Encoding.ASCII.GetBytes(key)), key);
        }

        // The simulated host acknowledges in time: no record is sent twice.
        Assert.AreEqual(0, DualReader.Host.HostLink.CaptureDecoder.Decode(bytes).Duplicates);

        (code, output, error) = RunTool("decode", uart, "--format", "json");
        Assert.AreEqual(0, code, error);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (int start = 0; start + needle.Length <= haystack.Length; start++)
        {
            if (haystack.AsSpan(start, needle.Length).SequenceEqual(needle))
            {
                return true;
            }
        }

        return false;
    }

    private static void AssertSequenceContiguousFromZero(List<JsonElement> records)
    {
        var sequences = records.Where(r => r.TryGetProperty("seq", out _)).Select(r => r.GetProperty("seq").GetInt64()).ToList();
        for (int index = 0; index < sequences.Count; index++)
        {
            Assert.AreEqual((long)index, sequences[index]);
        }
    }

    [TestMethod]
    public void SimOfThePhoneExampleGivesTheDesignRecords()
    {
        List<JsonElement> records = SimulateAndDecode("phone-apple-pay.json");
        AssertSequenceContiguousFromZero(records);
        Assert.AreEqual("status", records[0].GetProperty("type").GetString());
        JsonElement transaction = records.Single(r => r.GetProperty("type").GetString() == "transaction");
        Assert.AreEqual("nfc", transaction.GetProperty("interface").GetString());
        Assert.IsTrue(transaction.GetProperty("t_us").GetInt64() >= 100_000);
        Assert.AreEqual("08190F6D", transaction.GetProperty("uid").GetString());
        Assert.AreEqual("A0000000031010", transaction.GetProperty("aid").GetString());
        Assert.AreEqual("464235******3640", transaction.GetProperty("pan_masked").GetString());
        Assert.AreEqual("ok", transaction.GetProperty("outcome").GetString());
        long duration = transaction.GetProperty("duration_us").GetInt64();
        Assert.IsTrue(duration > 222_000 && duration < 1_000_000, duration.ToString());
        Assert.AreEqual("0578807002", transaction.GetProperty("ats").GetString());
        Assert.AreEqual("token", transaction.GetProperty("token_or_card").GetString());
        Assert.AreEqual("activation", transaction.GetProperty("timings")[0].GetProperty("phase").GetString());
        Assert.AreEqual("rats_pps", transaction.GetProperty("timings")[1].GetProperty("phase").GetString());
    }

    [TestMethod]
    public void SimOfTheDemoExampleGivesEveryTransactionInOrder()
    {
        List<JsonElement> records = SimulateAndDecode("demo.json");
        AssertSequenceContiguousFromZero(records);
        var transactions = records.Where(r => r.GetProperty("type").GetString() == "transaction").ToList();
        Assert.AreEqual(6, transactions.Count);
        string[] interfaces = transactions.Select(t => t.GetProperty("interface").GetString()!).ToArray();
        string[] outcomes = transactions.Select(t => t.GetProperty("outcome").GetString()!).ToArray();
        CollectionAssert.AreEqual(new[] { "nfc", "nfc", "rfsim", "nfc", "nfc", "nfc" }, interfaces);
        CollectionAssert.AreEqual(new[] { "ok", "ok", "ok", "collision", "ok", "ok" }, outcomes);
        Assert.AreEqual(12345, transactions[4].GetProperty("balance_minor").GetInt64());
        Assert.AreEqual("https://www.example", transactions[5].GetProperty("ndef")[0].GetProperty("value").GetString());
        Assert.AreEqual("621234******1234", transactions[1].GetProperty("pan_masked").GetString());
        Assert.AreEqual(12345, transactions[1].GetProperty("balance_minor").GetInt64());
        Assert.AreEqual("156", transactions[1].GetProperty("currency").GetString());
        Assert.IsFalse(transactions[0].TryGetProperty("currency", out _), "the iPhone names no currency");
        Assert.AreEqual(8, transactions[2].GetProperty("uid").GetString()!.Length);
        foreach (JsonElement transaction in transactions)
        {
            Assert.IsTrue(transaction.TryGetProperty("t_us", out _));
            Assert.IsTrue(transaction.TryGetProperty("duration_us", out _));
            Assert.IsTrue(transaction.TryGetProperty("uid", out _));
        }
    }

    [TestMethod]
    public void TransitCardAndPosterExamplesGiveBalanceAuthFailureAndUri()
    {
        foreach (string trace in new[] { "--trace", "" })
        {
            List<JsonElement> records = SimulateAndDecode("transit-card-and-ntag-poster.json", trace.Length > 0 ? new[] { trace } : Array.Empty<string>());
            List<JsonElement> transactions = records.Where(r => r.GetProperty("type").GetString() == "transaction").ToList();
            Assert.AreEqual(2, transactions.Count);
            Assert.AreEqual("mifare_classic_1k", transactions[0].GetProperty("card_type").GetString());
            Assert.AreEqual(12345, transactions[0].GetProperty("balance_minor").GetInt64());
            Assert.AreEqual("ntag213", transactions[1].GetProperty("card_type").GetString());
            JsonElement ndef = transactions[1].GetProperty("ndef")[0];
            Assert.AreEqual("U", ndef.GetProperty("type").GetString());
            Assert.AreEqual("https://www.example", ndef.GetProperty("value").GetString());
            JsonElement status = records.First(r => r.GetProperty("type").GetString() == "status");
            Assert.AreEqual("clone", status.GetProperty("self_test").GetString());
            Assert.AreEqual("fm17522", status.GetProperty("self_test_match").GetString());
        }

        List<JsonElement> wrongKey = SimulateAndDecode("transit-card-wrong-key.json");
        JsonElement transaction = wrongKey.Single(r => r.GetProperty("type").GetString() == "transaction");
        Assert.AreEqual("auth_failed", transaction.GetProperty("outcome").GetString());
        Assert.IsFalse(transaction.TryGetProperty("balance_minor", out _));
        Assert.AreEqual("genuine", wrongKey.First(r => r.GetProperty("type").GetString() == "status").GetProperty("self_test").GetString());
    }

    [TestMethod]
    public void SimWithTraceGivesRedactedTracesAndBothCollisionKinds()
    {
        List<JsonElement> records = SimulateAndDecode("unionpay-balance.json", "--trace");
        AssertSequenceContiguousFromZero(records);
        Assert.IsTrue(records.Count(r => r.GetProperty("type").GetString() == "apdu_trace") >= 5);
        Assert.IsTrue(records.Count(r => r.GetProperty("type").GetString() == "frame_trace") >= 1);

        // The EMV objects of each response are named from the firmware's one tag table (Emv.EmvTags).
        List<string> tags = records.Where(r => r.GetProperty("type").GetString() == "apdu_trace" && r.TryGetProperty("response_tags", out _))
            .SelectMany(r => r.GetProperty("response_tags").EnumerateArray().Select(t => t.GetString()!)).ToList();
        Assert.IsTrue(tags.Contains("6F FCI Template"), string.Join(", ", tags));
        Assert.IsTrue(tags.Contains("84 Dedicated File (DF) Name"), string.Join(", ", tags));
        Assert.IsTrue(tags.Contains("94 Application File Locator"), string.Join(", ", tags));

        records = SimulateAndDecode("nfc-and-rfsim-collision.json");
        Assert.AreEqual(0, records.Count(r => r.GetProperty("type").GetString() == "transaction"));
        JsonElement error = records.Single(r => r.GetProperty("type").GetString() == "error");
        Assert.AreEqual("collision", error.GetProperty("code").GetString());

        records = SimulateAndDecode("two-cards-collision.json");
        JsonElement collision = records.Single(r => r.GetProperty("type").GetString() == "transaction");
        Assert.AreEqual("collision", collision.GetProperty("outcome").GetString());
    }

    [TestMethod]
    public void SimWithAnAbsentHostResendsRecords()
    {
        string uart = TemporaryFile(".bin");
        (int code, _, string error) = RunTool("sim", "--scenario", Example("host-absent.json"), "--uart", uart);
        Assert.AreEqual(0, code, error);
        var capture = DualReader.Host.HostLink.CaptureDecoder.Decode(File.ReadAllBytes(uart));
        Assert.IsTrue(capture.Duplicates > 0);
        Assert.AreEqual(0, capture.Gaps.Count);
        Assert.AreEqual(5, capture.Records.Count);
    }

    [TestMethod]
    public void SimRejectsMissingAndBadScenarioFilesInOneLine()
    {
        string uart = TemporaryFile(".bin");
        (int code, _, string error) = RunTool("sim", "--scenario", "/nonexistent.json", "--uart", uart);
        Assert.AreEqual(1, code);
        Assert.AreEqual("sim: no such file: /nonexistent.json", error.Trim());

        string bad = TemporaryFile(".json");
        File.WriteAllText(bad, "{ \"duration_ms\": 100, \"devices\": [ { \"interface\": \"nfc\", \"uid\": \"0102\" } ] }");
        (code, _, error) = RunTool("sim", "--scenario", bad, "--uart", uart);
        Assert.AreEqual(1, code);
        Assert.StartsWith("sim: " + bad + ": devices[0]", error.Trim());
        Assert.AreEqual(1, error.Trim().Split('\n').Length);
        Assert.DoesNotContains("   at ", error);

        File.WriteAllText(bad, "not json");
        (code, _, error) = RunTool("sim", "--scenario", bad, "--uart", uart);
        Assert.AreEqual(1, code);
        Assert.Contains("not valid JSON", error);
    }

    [TestMethod]
    public void DemoExitsZeroAndShowsTheExpectedRows()
    {
        (int code, string output, string error) = RunTool("demo");
        Assert.AreEqual(0, code, error);
        Assert.Contains("Transactions", output);
        Assert.Contains("08190F6D", output);
        Assert.Contains("5A3C9E21", output);
        Assert.Contains("rfsim", output);
        Assert.Contains("collision", output);
        Assert.Contains("RATS / PPS", output);
        Assert.Contains("record on the UART", output);
        Assert.Contains("mifare_classic_1k", output);
        Assert.Contains("https://www.example", output);
        Assert.DoesNotContains("6212345678901234", output);
        Assert.DoesNotContains("A0A1A2A3A4A5", output);
        Assert.AreEqual(6, DemoCommand.ExpectedRows.Length);
    }
}
