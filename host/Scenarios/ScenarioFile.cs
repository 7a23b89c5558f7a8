using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using DualReader.Sim.Scenarios;

namespace DualReader.Host.Scenarios;

/// <summary>A scenario file that does not follow the format; <see cref="Field"/> names the offending field.</summary>
public sealed class ScenarioFormatException : Exception
{
    public ScenarioFormatException(string field, string problem)
        : base(field.Length == 0 ? problem : field + ": " + problem)
    {
        Field = field;
    }

    /// <summary>JSON path of the field, e.g. <c>devices[0].apdus[2].response</c> (empty for the whole file).</summary>
    public string Field { get; }
}

/// <summary>
/// Loads the scenario JSON format of ARCHITECTURE.md ("Scenario file") into <see cref="Scenario"/> objects (PC build only;
/// device builds construct scenarios in code). Hex strings are case-insensitive (spaces allowed between bytes),
/// times are milliseconds in the file and microseconds in the objects, unknown fields are ignored, and every error
/// names its field.
/// </summary>
public static class ScenarioFile
{
    private static readonly JsonDocumentOptions Options = new JsonDocumentOptions
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads and parses the file at <paramref name="path"/>.</summary>
    public static Scenario Load(string path)
    {
        return Parse(File.ReadAllText(path));
    }

    /// <summary>Parses scenario JSON text.</summary>
    public static Scenario Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException error)
        {
            throw new ScenarioFormatException("", "not valid JSON (" + error.Message + ")");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ScenarioFormatException("", "the file must hold one JSON object");
            }

            var scenario = new Scenario();
            scenario.DurationMicroseconds = Milliseconds(Required(root, "duration_ms", ""), "duration_ms");
            JsonElement devices = Required(root, "devices", "");
            if (devices.ValueKind != JsonValueKind.Array)
            {
                throw new ScenarioFormatException("devices", "must be an array");
            }

            int index = 0;
            foreach (JsonElement device in devices.EnumerateArray())
            {
                scenario.AddDevice(ParseDevice(device, "devices[" + index.ToString(CultureInfo.InvariantCulture) + "]"));
                index++;
            }

            return scenario;
        }
    }

    private static ScenarioDevice ParseDevice(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ScenarioFormatException(path, "must be an object");
        }

        var device = new ScenarioDevice();
        string kind = Text(Required(element, "interface", path), path + ".interface");
        device.Interface = kind switch
        {
            "nfc" => DeviceInterface.Nfc,
            "rfsim" => DeviceInterface.RfSim,
            _ => throw new ScenarioFormatException(path + ".interface", "must be \"nfc\" or \"rfsim\", not \"" + kind + "\""),
        };

        if (element.TryGetProperty("arrive_ms", out JsonElement arrive))
        {
            device.ArriveMicroseconds = Milliseconds(arrive, path + ".arrive_ms");
        }

        if (element.TryGetProperty("leave_ms", out JsonElement leave))
        {
            device.LeaveMicroseconds = Milliseconds(leave, path + ".leave_ms");
            if (device.LeaveMicroseconds < device.ArriveMicroseconds)
            {
                throw new ScenarioFormatException(path + ".leave_ms", "is before arrive_ms");
            }
        }

        device.Uid = Hex(Required(element, "uid", path), path + ".uid");
        if (device.Interface == DeviceInterface.Nfc)
        {
            if (device.Uid.Length != 4 && device.Uid.Length != 7 && device.Uid.Length != 10)
            {
                throw new ScenarioFormatException(path + ".uid", "an nfc UID has 4, 7 or 10 bytes, not " + device.Uid.Length.ToString(CultureInfo.InvariantCulture));
            }

            device.Atqa = Hex(Required(element, "atqa", path), path + ".atqa");
            if (device.Atqa.Length != 2)
            {
                throw new ScenarioFormatException(path + ".atqa", "must be 2 bytes");
            }

            byte[] sak = Hex(Required(element, "sak", path), path + ".sak");
            if (sak.Length != 1)
            {
                throw new ScenarioFormatException(path + ".sak", "must be 1 byte");
            }

            device.Sak = sak[0];
        }

        if (element.TryGetProperty("ats", out JsonElement ats) && ats.ValueKind != JsonValueKind.Null)
        {
            device.Ats = Hex(ats, path + ".ats");
        }

        if (element.TryGetProperty("near", out JsonElement near))
        {
            if (near.ValueKind != JsonValueKind.True && near.ValueKind != JsonValueKind.False)
            {
                throw new ScenarioFormatException(path + ".near", "must be true or false");
            }

            device.Near = near.GetBoolean();
        }

        if (element.TryGetProperty("default_response", out JsonElement fallback))
        {
            device.DefaultResponse = Hex(fallback, path + ".default_response");
        }

        if (element.TryGetProperty("apdus", out JsonElement apdus))
        {
            if (apdus.ValueKind != JsonValueKind.Array)
            {
                throw new ScenarioFormatException(path + ".apdus", "must be an array");
            }

            int index = 0;
            foreach (JsonElement rule in apdus.EnumerateArray())
            {
                string rulePath = path + ".apdus[" + index.ToString(CultureInfo.InvariantCulture) + "]";
                if (rule.ValueKind != JsonValueKind.Object)
                {
                    throw new ScenarioFormatException(rulePath, "must be an object");
                }

                byte[] match = Hex(Required(rule, "match", rulePath), rulePath + ".match");
                byte[] response = Hex(Required(rule, "response", rulePath), rulePath + ".response");
                int processing = 0;
                if (rule.TryGetProperty("processing_ms", out JsonElement time))
                {
                    long microseconds = Milliseconds(time, rulePath + ".processing_ms");
                    if (microseconds > int.MaxValue)
                    {
                        throw new ScenarioFormatException(rulePath + ".processing_ms", "is too large");
                    }

                    processing = (int)microseconds;
                }

                if (response.Length < 2)
                {
                    throw new ScenarioFormatException(rulePath + ".response", "needs at least SW1 SW2");
                }

                device.AddApdu(new ApduRule(match, response, processing));
                index++;
            }
        }

        return device;
    }

    private static JsonElement Required(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out JsonElement value))
        {
            throw new ScenarioFormatException(path.Length == 0 ? name : path + "." + name, "is missing");
        }

        return value;
    }

    private static string Text(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw new ScenarioFormatException(path, "must be a string");
        }

        return element.GetString() ?? "";
    }

    private static long Milliseconds(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out double value) || value < 0 || double.IsNaN(value) || value > long.MaxValue / 1000.0)
        {
            throw new ScenarioFormatException(path, "must be a non-negative number of milliseconds");
        }

        return (long)Math.Round(value * 1000.0);
    }

    private static byte[] Hex(JsonElement element, string path)
    {
        string text = Text(element, path).Replace(" ", "", StringComparison.Ordinal);
        if (text.Length % 2 != 0)
        {
            throw new ScenarioFormatException(path, "hex string has an odd number of digits");
        }

        var bytes = new byte[text.Length / 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            if (!byte.TryParse(text.AsSpan(2 * i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                throw new ScenarioFormatException(path, "not a hex string (\"" + text.Substring(2 * i, 2) + "\" at digit " + (2 * i).ToString(CultureInfo.InvariantCulture) + ")");
            }
        }

        return bytes;
    }
}
