using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text;
using DualReader.Firmware.HostLink;
using DualReader.Host.HostLink;

namespace DualReader.Host.Commands;

/// <summary>`decode IN [--format text|json|pcapng] [-o OUT]`: decodes a raw UART capture of the reader.</summary>
public static class DecodeCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("IN") { Description = "Raw UART capture (the bytes the reader sent, e.g. from `sim --uart`)." };
        var format = new Option<string>("--format") { Description = "text (default), json (one object per line) or pcapng (ISO 14443 frames for Wireshark).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "pcapng");
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output (required for pcapng)." };
        var command = new Command("decode", "Decode a raw UART capture of the reader into records, JSON lines or a pcapng capture.");
        command.Arguments.Add(input);
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction(result => Run(result.GetValue(input)!, result.GetValue(format)!, result.GetValue(output), Console.Out, Console.Error));
        return command;
    }

    /// <summary>
    /// Exit codes: 0 when the input held at least one decodable frame (damaged frames are then decode_error lines of
    /// the output); 1, with one line on stderr, for bad arguments, an input or output that cannot be read or written,
    /// and an input with no decodable frame at all (an empty file included).
    /// </summary>
    public static int Run(string inputPath, string format, string? outputPath, TextWriter standardOutput, TextWriter standardError)
    {
        return CommandErrors.Guard("decode", () =>
        {
            if (format == "pcapng" && outputPath == null)
            {
                return CommandErrors.Report("decode", "--format pcapng needs -o OUT (binary output)", standardError);
            }

            if (!File.Exists(inputPath) && !IsDevice(inputPath))
            {
                return CommandErrors.Report("decode", Directory.Exists(inputPath) ? $"{inputPath} is a directory" : $"no such file: {inputPath}", standardError);
            }

            DecodedCapture capture;
            using (FileStream input = new FileStream(inputPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan))
            {
                capture = CaptureDecoder.Decode(input);
            }

            using (capture)
            {
                if (capture.Records.Count == 0)
                {
                    return CommandErrors.Report("decode", NothingDecoded(inputPath, capture), standardError);
                }

                if (format == "pcapng")
                {
                    var frames = PcapngWriter.FramesOf(capture.Records, out int leftOut);
                    using (FileStream file = File.Create(outputPath!))
                    {
                        PcapngWriter.Write(file, frames);
                    }

                    standardError.WriteLine($"decode: wrote {frames.Count} ISO 14443 frame(s) to {outputPath}"
                        + (leftOut > 0 ? $" ({leftOut} frame(s) of an undefined direction left out)" : ""));
                    return 0;
                }

                using TextWriter writer = outputPath == null ? new BlockWriter(standardOutput) : new StreamWriter(outputPath, false, new UTF8Encoding(false), 1 << 16);
                Write(capture, format == "json", writer);
                return 0;
            }
        }, standardError);
    }

    /// <summary>Character devices and pipes (/dev/stdin, a FIFO) are read like files.</summary>
    private static bool IsDevice(string path) => path.StartsWith("/dev/", StringComparison.Ordinal) && Path.Exists(path);

    /// <summary>The one line for an input without a single decodable frame, with the damage by kind.</summary>
    private static string NothingDecoded(string inputPath, DecodedCapture capture)
    {
        if (capture.BytesRead == 0)
        {
            return $"{inputPath} is empty: no DualReader frame";
        }

        var kinds = new StringBuilder();
        foreach (string name in DecodeErrorNames.All)
        {
            long count = capture.Errors.CountOf(name);
            if (count > 0)
            {
                kinds.Append(kinds.Length == 0 ? ": " : ", ").Append(name).Append(' ').Append(count.ToString(CultureInfo.InvariantCulture));
            }
        }

        return $"{inputPath} holds no valid DualReader frame ({capture.Errors.Count.ToString(CultureInfo.InvariantCulture)} damaged frame(s) in {capture.BytesRead.ToString(CultureInfo.InvariantCulture)} bytes{kinds})";
    }

    /// <summary>
    /// Hands the caller's writer (the console, which flushes on every write) blocks of about 64 KiB, so a capture with
    /// millions of lines is written at disk speed.
    /// </summary>
    private sealed class BlockWriter : TextWriter
    {
        private readonly TextWriter inner;
        private readonly StringBuilder pending = new(1 << 16);

        public BlockWriter(TextWriter inner)
        {
            this.inner = inner;
        }

        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            pending.Append(value);
            FlushWhenFull();
        }

        public override void Write(string? value)
        {
            pending.Append(value);
            FlushWhenFull();
        }

        public override void WriteLine(string? value)
        {
            pending.Append(value).Append('\n');
            FlushWhenFull();
        }

        private void FlushWhenFull()
        {
            if (pending.Length >= 1 << 16)
            {
                Flush();
            }
        }

        public override void Flush()
        {
            if (pending.Length > 0)
            {
                inner.Write(pending.ToString());
                pending.Clear();
            }

            inner.Flush();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Flush();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>Records in sequence order, each gap as its own line right where it occurs, decode errors last.</summary>
    public static void Write(DecodedCapture capture, bool json, TextWriter writer)
    {
        int gap = 0;
        foreach (HostLinkMessage record in capture.Records)
        {
            while (gap < capture.Gaps.Count && (byte)record.Type < 0x80 && capture.Gaps[gap].FirstSequence < record.Sequence)
            {
                writer.WriteLine(json ? RecordFormatter.ToJson(capture.Gaps[gap]) : RecordFormatter.ToText(capture.Gaps[gap]));
                gap++;
            }

            writer.WriteLine(json ? RecordFormatter.ToJson(record) : RecordFormatter.ToText(record));
        }

        for (; gap < capture.Gaps.Count; gap++)
        {
            writer.WriteLine(json ? RecordFormatter.ToJson(capture.Gaps[gap]) : RecordFormatter.ToText(capture.Gaps[gap]));
        }

        foreach (DecodeError error in capture.Errors)
        {
            writer.WriteLine(json ? RecordFormatter.ToJson(error) : RecordFormatter.ToText(error));
        }
    }
}
