using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using DualReader.Firmware.HostLink;
using DualReader.Host.Commands;
using DualReader.Host.HostLink;
using nanoFramework.TestFramework;
using static DualReader.Tests.Pc.CaptureBuilder;

namespace DualReader.Tests.Pc;

/// <summary>
/// `decode` on hostile input: bounded time and memory whatever the input (issue 12): sequence numbers far apart, lost
/// records covering billions of numbers, a stream of noise or zeros far larger than any capture, and consistent
/// one-line errors with exit code 1 when nothing decodes.
/// </summary>
[TestClass]
public class DecodeHostileInputTests
{
    private static byte[] Error(uint sequence) => Frame(MessageType.Error, sequence, Int64(FieldTag.TimeMicroseconds, 0), Text(FieldTag.ErrorCode, "x"));

    private static byte[] Lost(uint sequence, uint first, uint last, uint count) => Frame(MessageType.Lost, sequence,
        Int64(FieldTag.TimeMicroseconds, 0), UInt32(FieldTag.LostFirstSequence, first), UInt32(FieldTag.LostLastSequence, last), UInt32(FieldTag.LostCount, count));

    [TestMethod]
    public void NumbersFarApartCostNothing()
    {
        // The 108-byte file of the issue: 0, 1, 0xFFFFFFFE, 0xFFFFFFFF took 52 s (a walk over every number between).
        byte[] capture = new[] { 0u, 1u, 0xFFFFFFFEu, 0xFFFFFFFFu }.SelectMany(Error).ToArray();
        Assert.AreEqual(108, capture.Length);
        var clock = Stopwatch.StartNew();
        (int code, JsonElement[] lines, string output, _) = DecodeJson(capture);
        clock.Stop();
        OutputHelper.WriteLine($"4 records from 0 to 0xFFFFFFFF: {clock.ElapsedMilliseconds} ms");
        Assert.AreEqual(0, code, output);
        Assert.IsTrue(clock.ElapsedMilliseconds < 1000, clock.ElapsedMilliseconds + " ms");
        JsonElement gap = lines.OfType("gap").Single();
        Assert.AreEqual(2L, gap.GetProperty("seq").GetInt64());
        Assert.AreEqual(0xFFFFFFFDL, gap.GetProperty("last_seq").GetInt64());
        Assert.AreEqual(0xFFFFFFFCL, gap.GetProperty("count").GetInt64());
        CollectionAssert.AreEqual(new[] { "error", "error", "gap", "error", "error" }, lines.Select(Type).ToArray());

        // A lost record covering 1..0xFFFFFFEF took 34 s.
        capture = Error(0).Concat(Lost(0xFFFFFFF0, 1, 0xFFFFFFEF, 5)).Concat(Error(0xFFFFFFF1)).ToArray();
        clock.Restart();
        (code, lines, output, _) = DecodeJson(capture);
        OutputHelper.WriteLine($"lost record over 4 billion numbers: {clock.ElapsedMilliseconds} ms");
        Assert.AreEqual(0, code, output);
        Assert.IsTrue(clock.ElapsedMilliseconds < 1000, clock.ElapsedMilliseconds + " ms");
        Assert.AreEqual(0, lines.OfType("gap").Count(), output);
    }

    [TestMethod]
    public void ManyScatteredNumbersAndLostRangesStayFast()
    {
        // 20,000 records at random numbers and 2,000 overlapping lost ranges: every step is logarithmic.
        var random = new Random(12);
        var stream = new MemoryStream();
        for (int index = 0; index < 20_000; index++)
        {
            uint sequence = (uint)random.NextInt64(0, uint.MaxValue);
            if (index % 10 == 0)
            {
                uint first = (uint)random.NextInt64(0, uint.MaxValue / 2);
                uint last = first + (uint)random.Next(0, 1_000_000);
                if (sequence < first || sequence > last)
                {
                    stream.Write(Lost(sequence, first, last, 1));
                    continue;
                }
            }

            stream.Write(Error(sequence));
        }

        var clock = Stopwatch.StartNew();
        using DecodedCapture capture = CaptureDecoder.Decode(stream.ToArray());
        var writer = new StringWriter();
        DecodeCommand.Write(capture, true, writer);
        clock.Stop();
        OutputHelper.WriteLine($"20,000 scattered records: {clock.ElapsedMilliseconds} ms, {capture.Gaps.Count} gaps");
        Assert.IsTrue(clock.ElapsedMilliseconds < 10_000, clock.ElapsedMilliseconds + " ms");
        Assert.AreEqual(0L, capture.Errors.Count);
        // Gaps and held numbers never overlap, and the gaps are in order.
        for (int index = 1; index < capture.Gaps.Count; index++)
        {
            Assert.IsTrue(capture.Gaps[index].FirstSequence > capture.Gaps[index - 1].LastSequence + 1L);
        }
    }

    /// <summary>A stream of <paramref name="length"/> seeded random bytes (or zeros) that never holds them all.</summary>
    private sealed class GeneratedStream : Stream
    {
        private readonly Random random;
        private readonly bool zeros;
        private long remaining;

        public GeneratedStream(long length, bool zeros, int seed)
        {
            remaining = length;
            this.zeros = zeros;
            random = new Random(seed);
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int length = (int)Math.Min(count, remaining);
            if (zeros)
            {
                Array.Clear(buffer, offset, length);
            }
            else
            {
                random.NextBytes(buffer.AsSpan(offset, length));
            }

            remaining -= length;
            return length;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [TestMethod]
    public void NoiseIsDecodedInOnePassWithFlatMemory()
    {
        // 128 MiB of random bytes: about 500,000 damaged frames, far past what the error log holds in memory.
        const long length = 128L << 20;
        GC.Collect();
        long before = GC.GetTotalMemory(true);
        var clock = Stopwatch.StartNew();
        using DecodedCapture capture = CaptureDecoder.Decode(new GeneratedStream(length, zeros: false, seed: 7));
        clock.Stop();
        long held = GC.GetTotalMemory(true) - before;
        double megabytesPerSecond = length / 1e6 / clock.Elapsed.TotalSeconds;
        OutputHelper.WriteLine($"128 MiB of noise: {clock.ElapsedMilliseconds} ms ({megabytesPerSecond:F0} MB/s, includes generating it), {capture.Errors.Count} decode errors, {held / 1024} KiB held");
        Assert.AreEqual(0, capture.Records.Count);
        Assert.AreEqual(length, capture.BytesRead);
        Assert.IsTrue(capture.Errors.Count > DecodeErrorLog.MemoryLimit, "the log spilled to its file");
        Assert.IsTrue(held < 32L << 20, $"{held} bytes held after decoding");
        Assert.IsTrue(clock.ElapsedMilliseconds < 30_000, clock.ElapsedMilliseconds + " ms");

        // Every error is read back from the spill, in input order.
        long previous = -1;
        long count = 0;
        foreach (DecodeError error in capture.Errors)
        {
            Assert.IsTrue(error.Offset > previous);
            previous = error.Offset;
            count++;
        }

        Assert.AreEqual(capture.Errors.Count, count);
    }

    [TestMethod]
    public void ZerosAreSkippedWhole()
    {
        const long length = 256L << 20;
        var clock = Stopwatch.StartNew();
        using DecodedCapture capture = CaptureDecoder.Decode(new GeneratedStream(length, zeros: true, seed: 0));
        OutputHelper.WriteLine($"256 MiB of zeros: {clock.ElapsedMilliseconds} ms");
        Assert.AreEqual(0L, capture.Errors.Count);
        Assert.AreEqual(0, capture.Records.Count);
        Assert.IsTrue(clock.ElapsedMilliseconds < 20_000, clock.ElapsedMilliseconds + " ms");
    }

    [TestMethod]
    public void InputWithoutADecodableFrameGivesOneLineAndExitOne()
    {
        var random = new Random(3);
        byte[] noise = new byte[20_000];
        random.NextBytes(noise);
        foreach ((string name, byte[] content, string message) in new[]
        {
            ("empty", Array.Empty<byte>(), "is empty: no DualReader frame"),
            ("zeros", new byte[50], "holds no valid DualReader frame (0 damaged frame(s) in 50 bytes)"),
            ("noise", noise, "holds no valid DualReader frame ("),
            ("unknown version only", Frame((byte)MessageType.Error, 0, new byte[0], version: 9), "(1 damaged frame(s) in 12 bytes: unknown_version 1)"),
        })
        {
            string path = Path.Combine(Path.GetTempPath(), "dualreader-" + Guid.NewGuid().ToString("N") + ".bin");
            File.WriteAllBytes(path, content);
            try
            {
                foreach (string format in new[] { "text", "json" })
                {
                    (int code, string output, string error) = ToolRunner.Run("decode", path, "--format", format);
                    Assert.AreEqual(1, code, name);
                    Assert.AreEqual("", output, name);
                    Assert.AreEqual(1, error.TrimEnd().Split('\n').Length, name + ": " + error);
                    Assert.StartsWith("decode: " + path + " ", error, name);
                    Assert.Contains(message, error, name);
                }
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
