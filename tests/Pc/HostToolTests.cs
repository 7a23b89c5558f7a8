using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using DualReader.Firmware.Emv;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Reader;
using DualReader.Host.Commands;
using DualReader.Host.HostLink;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Pc;

[TestClass]
public class HostToolTests
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

    private string TemporaryFile(byte[] content = null, string extension = ".bin")
    {
        string path = Path.Combine(Path.GetTempPath(), "dualreader-" + Guid.NewGuid().ToString("N") + extension);
        temporaryFiles.Add(path);
        if (content != null)
        {
            File.WriteAllBytes(path, content);
        }

        return path;
    }

    private static byte[] Encode(HostLinkMessage message, uint sequence)
    {
        var encoder = new FrameEncoder();
        var output = new byte[HostLinkProtocol.MaximumWireLength];
        Assert.AreEqual((byte)EncodeStatus.Ok, (byte)encoder.Encode(message, sequence, output, 0, output.Length, out int length));
        return output.Take(length).ToArray();
    }

    private static TransactionRecord Transaction(string uid) => new()
    {
        Interface = ReaderInterface.Nfc,
        TimeMicroseconds = 1_500_000,
        Uid = Convert.FromHexString(uid),
        Aid = Convert.FromHexString("A0000000031010"),
        PanMasked = "464235******3640",
        Outcome = "ok",
        DurationMicroseconds = 181_234,
        ApplicationLabel = "VISA",
        Credential = CredentialKind.Token,
    };

    /// <summary>A status record with every field the protocol requires.</summary>
    private static StatusRecord Status() => new()
    {
        Mfrc522Version = 0x92,
        Mfrc522Health = "ok",
        Nrf24Health = "ok",
        ConfigurationSummary = "nfc_poll_ms=100 trace=off",
        FirmwareVersion = "dualreader-firmware 0.1",
    };

    /// <summary>seq 0 transaction, 1 error (sent twice), 2 missing, 3 status, 4 lost covering 5..6, 7 rfsim transaction.</summary>
    private static byte[] CaptureWithGapAndLoss()
    {
        var stream = new List<byte>();
        stream.AddRange(Encode(Transaction("0834B98306"), 0));
        byte[] error = Encode(new ErrorRecord { Code = "collision", Detail = "nfc and rfsim in one cycle", TimeMicroseconds = 2_000_000 }, 1);
        stream.AddRange(error);
        stream.AddRange(error);
        stream.AddRange(Encode(Status(), 3));
        stream.AddRange(Encode(new LostRecord { FirstSequence = 5, LastSequence = 6, Count = 2 }, 4));
        var rfsim = Transaction("A1B2C3D4");
        rfsim.Interface = ReaderInterface.RfSim;
        rfsim.Outcome = "security_error";
        rfsim.PanMasked = null;
        stream.AddRange(Encode(rfsim, 7));
        return stream.ToArray();
    }

    [TestMethod]
    public void DecodeJsonPrintsOneObjectPerRecordWithGaps()
    {
        string input = TemporaryFile(CaptureWithGapAndLoss());
        var output = new StringWriter();
        var error = new StringWriter();

        Assert.AreEqual(0, DecodeCommand.Run(input, "json", null, output, error));

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(6, lines.Length, output.ToString());
        JsonElement[] records = lines.Select(line => JsonDocument.Parse(line).RootElement).ToArray();
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3, 4, 7 }, records.Select(r => r.GetProperty("seq").GetInt32()).ToArray());
        CollectionAssert.AreEqual(new[] { "transaction", "error", "gap", "status", "lost", "transaction" }, records.Select(r => r.GetProperty("type").GetString()).ToArray());

        JsonElement transaction = records[0];
        Assert.AreEqual("nfc", transaction.GetProperty("interface").GetString());
        Assert.AreEqual(1_500_000L, transaction.GetProperty("t_us").GetInt64());
        Assert.AreEqual("0834B98306", transaction.GetProperty("uid").GetString());
        Assert.AreEqual("A0000000031010", transaction.GetProperty("aid").GetString());
        Assert.AreEqual("464235******3640", transaction.GetProperty("pan_masked").GetString());
        Assert.AreEqual("ok", transaction.GetProperty("outcome").GetString());
        Assert.AreEqual(181_234L, transaction.GetProperty("duration_us").GetInt64());
        Assert.AreEqual("token", transaction.GetProperty("token_or_card").GetString());

        Assert.AreEqual(1, records[2].GetProperty("count").GetInt32());
        Assert.AreEqual(2, records[4].GetProperty("lost").GetInt32());
        Assert.AreEqual("rfsim", records[5].GetProperty("interface").GetString());
        Assert.AreEqual("security_error", records[5].GetProperty("outcome").GetString());
        Assert.IsFalse(records[5].TryGetProperty("pan_masked", out _));
        Assert.AreEqual("", error.ToString());
    }

    [TestMethod]
    public void DecodeCountsOnlyTheNewestOfSupersedingLostRecords()
    {
        // The reader's own record queue, capacity 4, a host that reads everything and never acknowledges: lost #4
        // goes out, then lost #9 supersedes it (PROTOCOL.md section 4).
        var clock = new DualReader.Sim.Timing.VirtualClock();
        var port = new CapturingSerialPort();
        var queue = new RecordQueue(clock, port, 4, RecordQueue.FullSlotLength, 1_000_000);
        for (int index = 0; index < 10; index++)
        {
            Assert.AreEqual((int)EncodeStatus.Ok, (int)queue.Enqueue(new ErrorRecord { Code = "r" + index }));
            queue.Service();
            clock.Advance(300_000);
        }

        string input = TemporaryFile(port.Buffer.Take(port.Length).ToArray());
        var output = new StringWriter();
        Assert.AreEqual(0, DecodeCommand.Run(input, "json", null, output, new StringWriter()));

        JsonElement[] records = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToArray();
        JsonElement[] lost = records.Where(r => r.GetProperty("type").GetString() == "lost").ToArray();
        Assert.AreEqual(1, lost.Length, output.ToString());
        Assert.AreEqual(9, lost[0].GetProperty("seq").GetInt32());
        Assert.AreEqual(6, lost[0].GetProperty("lost").GetInt32());
        Assert.AreEqual(0, lost[0].GetProperty("first_seq").GetInt32());
        Assert.AreEqual(6, lost[0].GetProperty("last_seq").GetInt32());
        Assert.IsFalse(records.Any(r => r.GetProperty("type").GetString() == "gap"), output.ToString());
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11 }, records.Select(r => r.GetProperty("seq").GetInt32()).ToArray());
    }

    [TestMethod]
    public void BalancesAreShownInTheCardsCurrency()
    {
        TransactionRecord record = Transaction("5A3C9E21");
        record.HasBalance = true;
        record.BalanceMinorUnits = 12345;
        record.CurrencyCode = 156;
        Assert.AreEqual("123.45 CNY", RecordFormatter.Balance(record));
        Assert.Contains(" balance=\"123.45 CNY\"", RecordFormatter.ToText(record));
        Assert.Contains("\"currency\":\"156\"", RecordFormatter.ToJson(record));
        record.CurrencyCode = 392;
        Assert.AreEqual("12345 JPY", RecordFormatter.Balance(record));
        record.CurrencyCode = 999;
        Assert.AreEqual("12345 minor units (currency 999)", RecordFormatter.Balance(record));
        record.CurrencyCode = -1;
        Assert.AreEqual("12345 minor units", RecordFormatter.Balance(record));
    }

    [TestMethod]
    public void DecodeTextWritesReadableLinesToAFile()
    {
        string input = TemporaryFile(CaptureWithGapAndLoss());
        string outputPath = TemporaryFile(null, ".txt");

        Assert.AreEqual(0, DecodeCommand.Run(input, "text", outputPath, new StringWriter(), new StringWriter()));

        string[] lines = File.ReadAllLines(outputPath);
        Assert.AreEqual(6, lines.Length);
        Assert.StartsWith("#0 transaction nfc t=1.500000s uid=0834B98306 aid=A0000000031010 pan=464235******3640", lines[0]);
        Assert.Contains("outcome=ok duration=181.2ms", lines[0]);
        Assert.AreEqual("#1 error t=2.000000s collision: nfc and rfsim in one cycle", lines[1]);
        Assert.StartsWith("#2 gap: 1 record(s) missing", lines[2]);
        Assert.Contains("lost 2 records (seq 5..6)", lines[4]);
    }

    [TestMethod]
    public void DecodeReportsDamagedFramesAndKeepsGoing()
    {
        byte[] good = CaptureWithGapAndLoss();
        byte[] damaged = good.ToArray();
        damaged[5] ^= 0x20;
        string input = TemporaryFile(damaged.Concat(new byte[] { 0x11, 0x22 }).ToArray());
        var output = new StringWriter();

        Assert.AreEqual(0, DecodeCommand.Run(input, "json", null, output, new StringWriter()));

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Record 0 is lost to the flipped bit: the capture then starts at 1; two decode errors at the end, each at the
        // offset of its frame's first byte.
        Assert.AreEqual("{\"type\":\"decode_error\",\"error\":\"bad_crc\",\"offset\":0}", lines[^2]);
        Assert.AreEqual("{\"type\":\"decode_error\",\"error\":\"truncated\",\"offset\":" + good.Length + "}", lines[^1]);
        Assert.AreEqual(1, JsonDocument.Parse(lines[0]).RootElement.GetProperty("seq").GetInt32());
    }

    [TestMethod]
    public void GarbageAndMissingFilesGiveOneLineErrors()
    {
        var random = new Random(5);
        byte[] garbage = new byte[3000];
        random.NextBytes(garbage);
        string input = TemporaryFile(garbage);
        var error = new StringWriter();

        Assert.AreEqual(1, DecodeCommand.Run(input, "json", null, new StringWriter(), error));
        Assert.AreEqual(1, error.ToString().TrimEnd().Split('\n').Length);
        Assert.StartsWith("decode: ", error.ToString());
        Assert.Contains("no valid DualReader frame", error.ToString());

        error = new StringWriter();
        Assert.AreEqual(1, DecodeCommand.Run("/nonexistent/capture.bin", "text", null, new StringWriter(), error));
        Assert.AreEqual("decode: no such file: /nonexistent/capture.bin", error.ToString().TrimEnd());

        error = new StringWriter();
        Assert.AreEqual(1, DecodeCommand.Run(TemporaryFile(CaptureWithGapAndLoss()), "pcapng", null, new StringWriter(), error));
        Assert.AreEqual("decode: --format pcapng needs -o OUT (binary output)", error.ToString().TrimEnd());
    }

    [TestMethod]
    public void CommandLineRejectsBadArgumentsWithoutAStackTrace()
    {
        (int code, string output, string error) = RunTool("decode", TemporaryFile(CaptureWithGapAndLoss()), "--format", "xml");
        Assert.AreNotEqual(0, code);
        Assert.DoesNotContains("   at ", error + output);
        Assert.Contains("xml", error);

        (code, _, error) = RunTool("decode", "/nonexistent.bin");
        Assert.AreEqual(1, code);
        Assert.AreEqual("decode: no such file: /nonexistent.bin", error.Trim());

        (code, _, error) = RunTool("monitor", "--port", "/nonexistent/tty");
        Assert.AreEqual(1, code);
        Assert.StartsWith("monitor: cannot open /nonexistent/tty", error.Trim());

        (code, _, error) = RunTool("send", "apdu", "--port", "/dev/null", "00A4");
        Assert.AreEqual(1, code);
        Assert.AreEqual("send: an APDU has at least 4 bytes (CLA INS P1 P2)", error.Trim());

        (code, output, _) = RunTool("decode", TemporaryFile(CaptureWithGapAndLoss()), "--format", "json");
        Assert.AreEqual(0, code);
        Assert.Contains("\"pan_masked\":\"464235******3640\"", output);
    }

    private static (int Code, string Output, string Error) RunTool(params string[] args) => ToolRunner.Run(args);

    [TestMethod]
    public void PcapngExportOfRealFramesIsDissectedByTshark()
    {
        var stream = new List<byte>();
        uint sequence = 0;
        foreach (HostLinkMessage record in RealTraceFrames.SelectRecords())
        {
            stream.AddRange(Encode(record, sequence++));
        }

        string input = TemporaryFile(stream.ToArray());
        string capture = TemporaryFile(null, ".pcapng");
        var error = new StringWriter();
        Assert.AreEqual(0, DecodeCommand.Run(input, "pcapng", capture, new StringWriter(), error));
        Assert.AreEqual($"decode: wrote 11 ISO 14443 frame(s) to {capture}", error.ToString().Trim());

        // The file layout: SHB, then IDB with link type 264.
        byte[] bytes = File.ReadAllBytes(capture);
        CollectionAssert.AreEqual(new byte[] { 0x0A, 0x0D, 0x0D, 0x0A }, bytes.Take(4).ToArray());
        Assert.AreEqual(264, (int)BitConverter.ToUInt16(bytes, 28 + 8));

        if (!File.Exists("/usr/bin/tshark") && !ToolOnPath("tshark"))
        {
            Assert.SkipTest("tshark is not installed (.ci/run installs it)");
        }

        string dissection = RunProcess("tshark", "-r", capture, "-V");
        OutputHelper.WriteLine(dissection);
        Assert.Contains("ISO 14443", dissection);
        Assert.Contains("Event: Data transfer PCD -> PICC (0xfe)", dissection);
        Assert.Contains("Event: Data transfer PICC -> PCD (0xff)", dissection);
        Assert.Contains("Message: I-block", dissection);
        // The APDUs inside the I-blocks: SELECT PPSE ("2PAY.SYS.DDF01") and SELECT of the Visa AID A0000000031010.
        Assert.Contains("INF: 00a404000e325041592e5359532e444446303100", dissection);
        Assert.Contains("INF: 00a4040007a000000003101000", dissection);
        Assert.Contains("Message: RATS", dissection);
        Assert.Contains("Message: ATS", dissection);
        Assert.Contains("CRC Status: Good", dissection);
        Assert.DoesNotContains("CRC Status: Bad", dissection);
        Assert.Contains("Frame 11:", dissection);
    }

    [TestMethod]
    public void RealChainedResponseCarriesNoPanOrCryptogramOnTheWireOrInOutputs()
    {
        ApduTraceRecord record = RealTraceFrames.ApduRecord(RealTraceFrames.Parse(RealTraceFrames.ChainedGpoTrace));
        byte[] wire = Encode(record, 0);
        byte[] pan = Convert.FromHexString("4642352851503640");
        byte[] cryptogram = Convert.FromHexString("C21624CB9CD4F92D");

        Assert.IsFalse(Contains(wire, pan.Take(4).ToArray()) || Contains(wire, pan.Skip(4).ToArray()));
        Assert.IsFalse(Contains(wire, cryptogram.Take(4).ToArray()));

        string input = TemporaryFile(wire);
        var json = new StringWriter();
        Assert.AreEqual(0, DecodeCommand.Run(input, "json", null, json, new StringWriter()));
        string line = json.ToString();
        Assert.DoesNotContains("46423528", line);
        Assert.DoesNotContains("51503640", line);
        Assert.DoesNotContains("C21624CB", line);
        // The parse went through: the ATC (9F36 0051) and the CID (9F27 80) are kept, 57 is filled.
        Assert.Contains("9F36020051", line);
        Assert.Contains("5713FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", line);

        string capture = TemporaryFile(null, ".pcapng");
        Assert.AreEqual(0, DecodeCommand.Run(input, "pcapng", capture, new StringWriter(), new StringWriter()));
        byte[] exported = File.ReadAllBytes(capture);
        Assert.IsFalse(Contains(exported, pan.Take(4).ToArray()) || Contains(exported, pan.Skip(4).ToArray()));
    }

    [TestMethod]
    public void ToolWithholdsAPanThatArrivesUnmasked()
    {
        // A frame built around the encoder guard (a buggy or foreign reader): field 05 = 16 digits.
        TransactionRecord record = Transaction("0834B98306");
        record.PanMasked = null;
        var writer = new FieldWriter();
        var fields = new byte[HostLinkProtocol.MaximumPayloadLength];
        writer.Reset(fields, 0, fields.Length);
        record.WriteFields(writer);
        writer.WriteText(FieldTag.PanMasked, "4642352851503640");
        byte[] payload = fields.Take(writer.Length).ToArray();
        var output = new byte[HostLinkProtocol.MaximumWireLength];
        Assert.AreEqual((byte)EncodeStatus.Ok, (byte)new FrameEncoder().EncodeRaw(1, (byte)MessageType.Transaction, 0, payload, 0, payload.Length, output, 0, output.Length, out int length));
        string input = TemporaryFile(output.Take(length).ToArray());

        var json = new StringWriter();
        Assert.AreEqual(0, DecodeCommand.Run(input, "json", null, json, new StringWriter()));
        Assert.Contains("\"pan_masked\":\"withheld-not-masked\"", json.ToString());
        Assert.DoesNotContains("4642352851503640", json.ToString());
        var text = new StringWriter();
        Assert.AreEqual(0, DecodeCommand.Run(input, "text", null, text, new StringWriter()));
        Assert.DoesNotContains("4642352851503640", text.ToString());
    }

    [TestMethod]
    public void MonitorOverAPseudoTerminalPrintsRecordsAndAcknowledges()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.SkipTest("pseudo-terminals are POSIX");
        }

        using PseudoTerminal reader = PseudoTerminal.Open();
        string slavePath = reader.SlavePath;

        var output = new StringWriter();
        var error = new StringWriter();
        int code = -1;
        var monitor = new Thread(() => code = MonitorCommand.Run(slavePath, 115200, true, 3, output, error, CancellationToken.None));
        monitor.Start();

        byte[] records = Encode(Transaction("0834B98306"), 0)
            .Concat(new byte[] { 0x55, 0x66, 0x00 })
            .Concat(Encode(new ErrorRecord { Code = "chip_missing" }, 1))
            .Concat(Encode(new ErrorRecord { Code = "chip_missing" }, 1))
            .Concat(Encode(Status(), 2))
            .ToArray();
        reader.Write(records, 0, records.Length);
        Assert.IsTrue(monitor.Join(10000), "monitor did not stop after 3 records");

        Assert.AreEqual(0, code, error.ToString());
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(3, lines.Length);
        Assert.Contains("\"type\":\"status\"", lines[2]);
        Assert.Contains("damaged frame", error.ToString());

        // What came back to the "reader": acknowledgements, the last one cumulative through seq 2.
        var received = new List<byte>();
        var buffer = new byte[1024];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length, 200)) > 0)
        {
            received.AddRange(buffer.Take(read));
        }

        DecodedCapture acks = CaptureDecoder.Decode(received.ToArray());
        Assert.IsTrue(acks.Records.Count > 0);
        Assert.IsTrue(acks.Records.All(message => message is AcknowledgeMessage));
        Assert.AreEqual(2u, ((AcknowledgeMessage)acks.Records[^1]).AcknowledgedSequence);
    }

    [TestMethod]
    public void MonitorReportsAndAcknowledgesARecordItCannotDecode()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.SkipTest("pseudo-terminals are POSIX");
        }

        using PseudoTerminal reader = PseudoTerminal.Open();
        var output = new StringWriter();
        var error = new StringWriter();
        int code = -1;
        var monitor = new Thread(() => code = MonitorCommand.Run(reader.SlavePath, 115200, true, 2, output, error, CancellationToken.None));
        monitor.Start();

        // Seq 1 is a message type of a newer firmware: reported with its number, acknowledged so the reader moves on.
        byte[] newer = CaptureBuilder.Frame(0x7D, 1, CaptureBuilder.Int64(FieldTag.TimeMicroseconds, 5));
        byte[] records = Encode(Status(), 0).Concat(newer).Concat(Encode(new ErrorRecord { Code = "chip_missing" }, 2)).ToArray();
        reader.Write(records, 0, records.Length);
        Assert.IsTrue(monitor.Join(10000), "monitor did not stop after 2 records");

        Assert.AreEqual(0, code, error.ToString());
        Assert.Contains("monitor: #1 decode error at byte", error.ToString());
        Assert.Contains("unknown_type (message type 0x7D); not shown, acknowledged", error.ToString());
        var received = new List<byte>();
        var buffer = new byte[1024];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length, 200)) > 0)
        {
            received.AddRange(buffer.Take(read));
        }

        using DecodedCapture acks = CaptureDecoder.Decode(received.ToArray());
        Assert.AreEqual(2u, ((AcknowledgeMessage)acks.Records[^1]).AcknowledgedSequence);
    }

    [TestMethod]
    public void SendStatusAndApduGetTheReadersAnswers()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.SkipTest("pseudo-terminals are POSIX");
        }

        using PseudoTerminal reader = PseudoTerminal.Open();
        string slavePath = reader.SlavePath;

        // A stand-in reader: answers a status request and a pass-through command.
        var stop = new CancellationTokenSource();
        var commands = new List<HostLinkMessage>();
        var fake = new Thread(() =>
        {
            var decoder = new FrameDecoder();
            var buffer = new byte[512];
            uint sequence = 0;
            while (!stop.IsCancellationRequested)
            {
                int read = reader.Read(buffer, 0, buffer.Length, 50);
                int position = 0;
                while (position < read)
                {
                    DecodeStatus status = decoder.Push(buffer, position, read - position, out int consumed);
                    position += consumed;
                    if (status != DecodeStatus.Frame)
                    {
                        continue;
                    }

                    HostLinkMessage message = MessageDecoder.Decode(decoder);
                    lock (commands)
                    {
                        commands.Add(message);
                    }

                    HostLinkMessage answer = message switch
                    {
                        StatusRequestMessage => Status(),
                        PassThroughCommandMessage command => new PassThroughResponseRecord { HostSequence = command.Sequence, Response = Convert.FromHexString("6F009000"), ResponseLength = 4 },
                        _ => null,
                    };
                    if (answer != null)
                    {
                        byte[] frame = Encode(answer, sequence++);
                        reader.Write(frame, 0, frame.Length);
                    }
                }
            }
        });
        fake.Start();
        try
        {
            (int code, string output, string error) = RunTool("send", "status", "--port", slavePath);
            Assert.AreEqual(0, code, error);
            Assert.Contains("status", output);
            Assert.Contains("mfrc522_version=92", output);

            (code, output, error) = RunTool("send", "apdu", "--port", slavePath, "00A404000E325041592E5359532E444446303100");
            Assert.AreEqual(0, code, error);
            Assert.Contains("< 6F009000", output);
        }
        finally
        {
            // Let the stand-in reader read the last acknowledgement before it stops.
            var waited = Stopwatch.StartNew();
            while (waited.ElapsedMilliseconds < 3000)
            {
                lock (commands)
                {
                    if (commands.OfType<AcknowledgeMessage>().Any(ack => ack.AcknowledgedSequence == 1))
                    {
                        break;
                    }
                }

                Thread.Sleep(20);
            }

            stop.Cancel();
            fake.Join();
        }

        lock (commands)
        {
            Assert.IsTrue(commands.Any(message => message is StatusRequestMessage));
            var passThrough = (PassThroughCommandMessage)commands.First(message => message is PassThroughCommandMessage);
            CollectionAssert.AreEqual(Convert.FromHexString("00A404000E325041592E5359532E444446303100"), passThrough.Apdu);
            // The tool acknowledged the status record (seq 0) and the pass-through response (seq 1).
            Assert.IsTrue(commands.OfType<AcknowledgeMessage>().Any(ack => ack.AcknowledgedSequence == 1));
        }
    }

    [TestMethod]
    public void SendWithoutAnAnswerTimesOut()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.SkipTest("pseudo-terminals are POSIX");
        }

        using PseudoTerminal reader = PseudoTerminal.Open();
        string slavePath = reader.SlavePath;
        (int code, _, string error) = RunTool("send", "config", "--port", slavePath, "--timeout", "300", "trace=on");
        Assert.AreEqual(1, code);
        Assert.AreEqual("send: no answer from the reader within 300 ms", error.Trim());

        byte[] buffer = new byte[256];
        int read = reader.Read(buffer, 0, buffer.Length, 500);
        var sent = (ConfigurationMessage)CaptureDecoder.Decode(buffer.Take(read).ToArray()).Records[0];
        Assert.AreEqual("trace=on", (string)sent.Entries[0]!);
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

    private static bool ToolOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(directory => File.Exists(Path.Combine(directory, name)));

    private static string RunProcess(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, error);
        return output;
    }
}
