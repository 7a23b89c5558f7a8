using System;
using System.CommandLine;
using System.IO;
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

    public static int Run(string inputPath, string format, string? outputPath, TextWriter standardOutput, TextWriter standardError)
    {
        return CommandErrors.Guard("decode", () =>
        {
            if (!File.Exists(inputPath))
            {
                return CommandErrors.Report("decode", $"no such file: {inputPath}", standardError);
            }

            byte[] stream = File.ReadAllBytes(inputPath);
            DecodedCapture capture = CaptureDecoder.Decode(stream);
            if (stream.Length > 0 && capture.Records.Count == 0)
            {
                return CommandErrors.Report("decode", $"{inputPath} holds no valid DualReader frame ({capture.Errors.Count} damaged frame(s) in {stream.Length} bytes)", standardError);
            }

            if (format == "pcapng")
            {
                if (outputPath == null)
                {
                    return CommandErrors.Report("decode", "--format pcapng needs -o OUT (binary output)", standardError);
                }

                var frames = PcapngWriter.FramesOf(capture.Records);
                using (FileStream file = File.Create(outputPath))
                {
                    PcapngWriter.Write(file, frames);
                }

                standardError.WriteLine($"decode: wrote {frames.Count} ISO 14443 frame(s) to {outputPath}");
                return 0;
            }

            TextWriter writer = outputPath == null ? standardOutput : new StreamWriter(outputPath);
            try
            {
                Write(capture, format == "json", writer);
            }
            finally
            {
                if (outputPath != null)
                {
                    writer.Dispose();
                }
            }

            return 0;
        }, standardError);
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
