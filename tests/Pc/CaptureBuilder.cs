using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using DualReader.Firmware.HostLink;
using DualReader.Host.Commands;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Pc;

/// <summary>Builds captures byte by byte (frames around the encoder's guards) and runs `decode` on them.</summary>
internal static class CaptureBuilder
{
    public static byte[] Field(FieldTag tag, params byte[] value) => Field((byte)tag, value);

    public static byte[] Field(byte tag, params byte[] value)
    {
        var field = new byte[3 + value.Length];
        field[0] = tag;
        field[1] = (byte)value.Length;
        field[2] = (byte)(value.Length >> 8);
        value.CopyTo(field, 3);
        return field;
    }

    public static byte[] Text(FieldTag tag, string value) => Field(tag, value.Select(character => (byte)character).ToArray());

    public static byte[] UInt32(FieldTag tag, uint value) => Field(tag, BitConverter.GetBytes(value));

    public static byte[] Int64(FieldTag tag, long value) => Field(tag, BitConverter.GetBytes(value));

    public static byte[] UInt16(FieldTag tag, int value) => Field(tag, (byte)value, (byte)(value >> 8));

    /// <summary>A wire frame (COBS and delimiter) of any version, type and payload, with a correct CRC.</summary>
    public static byte[] Frame(byte type, uint sequence, byte[] payload, byte version = 1)
    {
        var output = new byte[HostLinkProtocol.MaximumWireLength];
        Assert.AreEqual((byte)EncodeStatus.Ok, (byte)new FrameEncoder().EncodeRaw(version, type, sequence, payload, 0, payload.Length, output, 0, output.Length, out int length));
        return output.Take(length).ToArray();
    }

    public static byte[] Frame(MessageType type, uint sequence, params byte[][] fields) => Frame((byte)type, sequence, fields.SelectMany(field => field).ToArray());

    public static byte[] Encode(HostLinkMessage message, uint sequence)
    {
        var output = new byte[HostLinkProtocol.MaximumWireLength];
        Assert.AreEqual((byte)EncodeStatus.Ok, (byte)new FrameEncoder().Encode(message, sequence, output, 0, output.Length, out int length));
        return output.Take(length).ToArray();
    }

    /// <summary>The fields every transaction needs, and nothing else.</summary>
    public static byte[][] TransactionFields() => new[]
    {
        Field(FieldTag.Interface, 0),
        Int64(FieldTag.TimeMicroseconds, 1_000),
        Field(FieldTag.Uid, 0x08, 0x34, 0xB9, 0x83),
        Text(FieldTag.Outcome, "ok"),
        UInt32(FieldTag.DurationMicroseconds, 5_000),
    };

    /// <summary>Runs `decode IN --format json` on <paramref name="capture"/>.</summary>
    public static (int Code, JsonElement[] Lines, string Output, string Error) DecodeJson(byte[] capture)
    {
        string path = Path.Combine(Path.GetTempPath(), "dualreader-" + Guid.NewGuid().ToString("N") + ".bin");
        File.WriteAllBytes(path, capture);
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            int code = DecodeCommand.Run(path, "json", null, output, error);
            JsonElement[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonDocument.Parse(line).RootElement).ToArray();
            return (code, lines, output.ToString(), error.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static string Type(JsonElement line) => line.GetProperty("type").GetString()!;

    public static IEnumerable<JsonElement> OfType(this IEnumerable<JsonElement> lines, string type) => lines.Where(line => Type(line) == type);
}
