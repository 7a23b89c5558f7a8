using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using DualReader.Firmware.HostLink;
using DualReader.Host.Commands;
using DualReader.Host.HostLink;
using DualReader.Tests.Fuzz;
using nanoFramework.TestFramework;
using static DualReader.Tests.Pc.CaptureBuilder;

namespace DualReader.Tests.Pc;

/// <summary>
/// Fuzzing of the PC tool's `decode` itself (not only the firmware decoder): seeded captures mixing intact records,
/// resends, noise, mutated frames, frames with a good CRC around random payloads and random lost records, run through
/// the command as a user runs it. Properties: no exception, exit code 0 or 1 with the documented output, every line is
/// JSON with a type and (but for decode errors) a seq, every intact record comes out exactly once, reader records in
/// ascending order, gaps never hold a shown number, no planted PAN in any output, bounded time per case.
/// <c>DUALREADER_FUZZ_CASES</c> and <c>DUALREADER_FUZZ_SEED</c> apply as for every fuzz target.
/// </summary>
[TestClass]
public class DecodeCommandFuzzTests
{
    private const uint TargetDecodeCommand = 0x50C;
    private const uint TargetScannerAgainstFirmware = 0x50D;
    private const string PlantedPan = "4642352851503640";

    /// <summary>Numbers for frames with random payloads and lost records: apart from the planted records' 0..N.</summary>
    private const uint RandomNumbers = 1_000_000;

    private static readonly byte[] KnownTags = Enum.GetValues<FieldTag>().Select(tag => (byte)tag).ToArray();

    [TestMethod]
    public void FuzzDecodeCommand()
    {
        int cases = FuzzSettings.Cases(400);
        string path = Path.Combine(Path.GetTempPath(), "dualreader-fuzz-" + Guid.NewGuid().ToString("N") + ".bin");
        int exitOne = 0;
        long lines = 0;
        long slowest = 0;
        try
        {
            for (int index = 0; index < cases; index++)
            {
                var random = new FuzzRandom(FuzzSettings.CaseSeed(TargetDecodeCommand, index));
                string where = FuzzSettings.Describe(random, index);
                var stream = new List<byte>();
                var planted = new Dictionary<uint, string>();
                BuildCapture(random, stream, planted);
                File.WriteAllBytes(path, stream.ToArray());

                string format = random.Chance(25) ? "text" : "json";
                var output = new StringWriter();
                var error = new StringWriter();
                var clock = Stopwatch.StartNew();
                int code = DecodeCommand.Run(path, format, null, output, error);
                slowest = Math.Max(slowest, clock.ElapsedMilliseconds);
                Assert.IsTrue(clock.ElapsedMilliseconds < 5000, where + ": " + clock.ElapsedMilliseconds + " ms");
                Assert.DoesNotContains(PlantedPan, output.ToString(), where);
                Assert.DoesNotContains(PlantedPan, error.ToString(), where);
                if (code == 1)
                {
                    exitOne++;
                    Assert.AreEqual(0, planted.Count, where + ": intact records but exit 1: " + error);
                    Assert.AreEqual("", output.ToString(), where);
                    Assert.AreEqual(1, error.ToString().TrimEnd().Split('\n').Length, where);
                    Assert.StartsWith("decode: ", error.ToString(), where);
                    continue;
                }

                Assert.AreEqual(0, code, where + ": " + error);
                Assert.AreEqual("", error.ToString(), where);
                string[] text = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
                lines += text.Length;
                if (format == "json")
                {
                    CheckJson(text, planted, where);
                }
                else
                {
                    foreach (KeyValuePair<uint, string> record in planted)
                    {
                        Assert.AreEqual(1, text.Count(line => line.StartsWith("#" + record.Key + " error ", StringComparison.Ordinal) && line.EndsWith(" " + record.Value, StringComparison.Ordinal)), where + ": #" + record.Key);
                    }
                }
            }
        }
        finally
        {
            File.Delete(path);
        }

        OutputHelper.WriteLine($"decode command: {cases} cases, {lines} lines, {exitOne} without a decodable frame, slowest {slowest} ms");
    }

    private static void CheckJson(string[] text, Dictionary<uint, string> planted, string where)
    {
        var shown = new List<long>();
        var gaps = new List<(long First, long Last)>();
        var plantedSeen = new Dictionary<uint, int>();
        foreach (string line in text)
        {
            JsonElement element = default;
            bool parsed = true;
            try
            {
                element = JsonDocument.Parse(line).RootElement;
            }
            catch (JsonException)
            {
                parsed = false;
            }

            Assert.IsTrue(parsed, where + ": not JSON: " + line);

            string type = element.GetProperty("type").GetString()!;
            if (type == "decode_error")
            {
                Assert.IsTrue(element.TryGetProperty("offset", out _), where);
                continue;
            }

            long sequence = element.GetProperty("seq").GetInt64();
            if (type == "gap")
            {
                long last = element.GetProperty("last_seq").GetInt64();
                Assert.AreEqual(last - sequence + 1, element.GetProperty("count").GetInt64(), where);
                gaps.Add((sequence, last));
                continue;
            }

            if (element.TryGetProperty("from", out _))
            {
                continue;
            }

            Assert.IsTrue(element.TryGetProperty("t_us", out _), where + ": a record without t_us: " + line);
            shown.Add(sequence);
            if (type == "error" && planted.TryGetValue((uint)sequence, out string code) && element.GetProperty("code").GetString() == code)
            {
                plantedSeen[(uint)sequence] = plantedSeen.TryGetValue((uint)sequence, out int count) ? count + 1 : 1;
            }
        }

        for (int index = 1; index < shown.Count; index++)
        {
            Assert.IsTrue(shown[index] > shown[index - 1], where + ": records out of order");
        }

        foreach ((long first, long last) in gaps)
        {
            Assert.IsFalse(shown.Any(sequence => sequence >= first && sequence <= last), where + $": gap {first}..{last} holds a record");
        }

        foreach (uint sequence in planted.Keys)
        {
            Assert.AreEqual(1, plantedSeen.TryGetValue(sequence, out int count) ? count : 0, where + ": planted record #" + sequence);
        }
    }

    /// <summary>Intact records (some resent), noise, mutated frames, random payloads with a good CRC, lost records.</summary>
    private static void BuildCapture(FuzzRandom random, List<byte> stream, Dictionary<uint, string> planted)
    {
        int segments = random.Between(1, 30);
        uint nextPlanted = (uint)random.Next(5);
        var intact = new List<byte[]>();
        for (int segment = 0; segment < segments; segment++)
        {
            switch (random.Next(7))
            {
                case 0:
                case 1:
                {
                    string code = "planted_" + nextPlanted;
                    byte[] frame = Encode(new ErrorRecord { Code = code, TimeMicroseconds = nextPlanted }, nextPlanted);
                    planted[nextPlanted] = code;
                    nextPlanted += random.Chance(20) ? (uint)random.Between(2, 50) : 1;
                    intact.Add(frame);
                    stream.AddRange(frame);
                    if (random.Chance(25))
                    {
                        stream.AddRange(frame);
                    }

                    break;
                }

                case 2:
                {
                    int length = random.Chance(5) ? random.Between(1000, 3000) : random.Next(300);
                    for (int index = 0; index < length; index++)
                    {
                        stream.Add(random.Chance(3) ? (byte)0 : random.NextByte());
                    }

                    stream.Add(0);
                    break;
                }

                case 3:
                {
                    // A copy of an intact frame (or a new one) with flipped, dropped or inserted bytes.
                    byte[] frame = intact.Count > 0 && random.Chance(70) ? intact[random.Next(intact.Count)] : Encode(new ErrorRecord { Code = "mutant" }, RandomNumbers + random.NextUInt() % 1000);
                    var mutant = frame.ToList();
                    int mutations = random.Between(1, 4);
                    for (int mutation = 0; mutation < mutations && mutant.Count > 1; mutation++)
                    {
                        int position = random.Next(mutant.Count);
                        switch (random.Next(3))
                        {
                            case 0: mutant[position] ^= (byte)(1 << random.Next(8)); break;
                            case 1: mutant.RemoveAt(position); break;
                            default: mutant.Insert(position, random.NextByte()); break;
                        }
                    }

                    stream.AddRange(mutant);
                    stream.Add(0);
                    break;
                }

                case 4:
                {
                    // A good CRC around fields with known and unknown tags, random lengths, any message type.
                    var payload = new List<byte>();
                    int fields = random.Next(8);
                    for (int field = 0; field < fields; field++)
                    {
                        byte tag = random.Chance(80) ? KnownTags[random.Next(KnownTags.Length)] : random.NextByte();
                        int length = random.Chance(50) ? new[] { 0, 1, 2, 4, 6, 8, 11, 12 }[random.Next(8)] : random.Next(40);
                        byte[] value = random.Bytes(length);
                        if (tag == (byte)FieldTag.PanMasked)
                        {
                            value = PlantedPan.Select(digit => (byte)digit).ToArray();
                        }

                        payload.AddRange(Field(tag, value));
                    }

                    if (random.Chance(20) && payload.Count > 0)
                    {
                        payload.RemoveAt(payload.Count - 1);
                    }

                    byte type = random.Chance(70) ? (byte)random.Between(1, 9) : random.NextByte();
                    stream.AddRange(Frame(type, RandomNumbers + random.NextUInt() % 100_000, payload.ToArray()));
                    break;
                }

                case 5:
                {
                    uint first = random.Chance(50) ? random.NextUInt() % 100 : random.NextUInt();
                    uint last = random.Chance(80) ? first + random.NextUInt() % 1000 : random.NextUInt();
                    uint own = 2 * RandomNumbers + random.NextUInt() % 100_000;
                    if (random.Chance(20))
                    {
                        own = random.NextUInt();
                    }

                    uint count = random.Chance(80) ? 1 + random.NextUInt() % 5 : random.NextUInt();
                    stream.AddRange(Encode(new LostRecord { FirstSequence = first, LastSequence = last, Count = count }, own));
                    break;
                }

                default:
                {
                    // A transaction carrying an unmasked PAN, built around the encoder's guard.
                    TransactionRecord record = new() { Uid = new byte[] { 1, 2, 3, 4 }, Outcome = "ok", Interface = ReaderInterface.Nfc };
                    var writer = new FieldWriter();
                    byte[] fields = new byte[HostLinkProtocol.MaximumPayloadLength];
                    writer.Reset(fields, 0, fields.Length);
                    record.WriteFields(writer);
                    writer.WriteText(FieldTag.PanMasked, PlantedPan);
                    stream.AddRange(Frame((byte)MessageType.Transaction, RandomNumbers + random.NextUInt() % 100_000, fields.Take(writer.Length).ToArray()));
                    break;
                }
            }
        }

        if (random.Chance(10))
        {
            // A capture cut off inside a frame.
            stream.AddRange(random.Bytes(random.Between(1, 50)).Select(value => value == 0 ? (byte)1 : value));
        }

        // A planted record whose number another frame took first (a lost record or a random payload) is not intact.
        foreach (uint sequence in planted.Keys.Where(sequence => sequence >= RandomNumbers).ToList())
        {
            planted.Remove(sequence);
        }
    }

    /// <summary>
    /// The tool's <see cref="FrameScanner"/> and the firmware's <see cref="FrameDecoder"/> frame a random stream the
    /// same way: the same outcome for every frame, in the same order (the scanner's payload checks come after the
    /// firmware decoder's <see cref="DecodeStatus.Frame"/>).
    /// </summary>
    [TestMethod]
    public void FuzzScannerFramesLikeTheFirmwareDecoder()
    {
        int cases = FuzzSettings.Cases(3000);
        string[] payloadErrors = { "unknown_type", "field_overrun", "bad_field_length", "duplicate_field", "missing_field", "bad_text", "bad_value" };
        long frames = 0;
        for (int index = 0; index < cases; index++)
        {
            var random = new FuzzRandom(FuzzSettings.CaseSeed(TargetScannerAgainstFirmware, index));
            string where = FuzzSettings.Describe(random, index);
            var stream = new List<byte>();
            BuildCapture(random, stream, new Dictionary<uint, string>());
            byte[] bytes = stream.ToArray();

            var expected = new List<string>();
            var decoder = new FrameDecoder();
            int position = 0;
            while (position < bytes.Length)
            {
                int chunk = Math.Min(bytes.Length - position, 1 + random.Next(700));
                int offset = 0;
                while (offset < chunk)
                {
                    DecodeStatus status = decoder.Push(bytes, position + offset, chunk - offset, out int consumed);
                    offset += consumed;
                    if (status != DecodeStatus.NeedMoreData)
                    {
                        expected.Add(status == DecodeStatus.Frame ? "frame" : DecodeErrorNames.Of(status));
                    }
                }

                position += chunk;
            }

            if (decoder.Finish() == DecodeStatus.Truncated)
            {
                expected.Add("truncated");
            }

            var actual = new List<string>();
            var scanner = new FrameScanner();
            scanner.MessageDecoded += (_, _, _) => actual.Add("frame");
            scanner.ErrorFound += error => actual.Add(payloadErrors.Contains(error.Error) ? "frame" : error.Error);
            position = 0;
            while (position < bytes.Length)
            {
                int chunk = Math.Min(bytes.Length - position, 1 + random.Next(700));
                scanner.Scan(bytes.AsSpan(position, chunk));
                position += chunk;
            }

            scanner.Finish();
            Assert.AreEqual(string.Join(",", expected), string.Join(",", actual), where);
            frames += expected.Count;
        }

        OutputHelper.WriteLine($"frame scanner against the firmware decoder: {cases} cases, {frames} frames and errors, all alike");
    }
}
