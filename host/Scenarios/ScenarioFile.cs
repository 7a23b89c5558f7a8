using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Mfrc522;
using DualReader.Firmware.Mifare;
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

            ParseHost(root, scenario);
            ParseChip(root, scenario);
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

            ParseMemoryCard(element, path, device);
            bool memoryCard = device.MifareClassic != null || device.Ntag != null;
            if (!memoryCard || element.TryGetProperty("atqa", out _))
            {
                device.Atqa = Hex(Required(element, "atqa", path), path + ".atqa");
                if (device.Atqa.Length != 2)
                {
                    throw new ScenarioFormatException(path + ".atqa", "must be 2 bytes");
                }
            }

            if (!memoryCard || element.TryGetProperty("sak", out _))
            {
                byte[] sak = Hex(Required(element, "sak", path), path + ".sak");
                if (sak.Length != 1)
                {
                    throw new ScenarioFormatException(path + ".sak", "must be 1 byte");
                }

                device.Sak = sak[0];
            }
        }
        else if (element.TryGetProperty("mifare_classic", out _) || element.TryGetProperty("ntag", out _))
        {
            throw new ScenarioFormatException(path + (element.TryGetProperty("ntag", out _) ? ".ntag" : ".mifare_classic"), "only an nfc device can be a MIFARE card or tag");
        }

        if (element.TryGetProperty("ats", out JsonElement ats) && ats.ValueKind != JsonValueKind.Null)
        {
            if (device.MifareClassic != null || device.Ntag != null)
            {
                throw new ScenarioFormatException(path + ".ats", "a MIFARE Classic card or NTAG/Ultralight tag has no ATS (not ISO-DEP)");
            }

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

    /// <summary>"mifare_classic" or "ntag" of an nfc device, with the ATQA and SAK of the card type as defaults
    /// (MF1S50/MF1S70 and NTAG21x datasheets; ATQA as sent, LSB first).</summary>
    private static void ParseMemoryCard(JsonElement element, string path, ScenarioDevice device)
    {
        bool classic = element.TryGetProperty("mifare_classic", out JsonElement classicElement) && classicElement.ValueKind != JsonValueKind.Null;
        bool ntag = element.TryGetProperty("ntag", out JsonElement ntagElement) && ntagElement.ValueKind != JsonValueKind.Null;
        if (classic && ntag)
        {
            throw new ScenarioFormatException(path + ".ntag", "a device is either \"mifare_classic\" or \"ntag\", not both");
        }

        if (classic)
        {
            string at = path + ".mifare_classic";
            if (classicElement.ValueKind != JsonValueKind.Object)
            {
                throw new ScenarioFormatException(at, "must be an object");
            }

            if (device.Uid.Length != 4 && device.Uid.Length != 7)
            {
                throw new ScenarioFormatException(path + ".uid", "a MIFARE Classic UID has 4 or 7 bytes, not " + device.Uid.Length.ToString(CultureInfo.InvariantCulture));
            }

            var card = new ScenarioMifareClassic();
            string size = Text(Required(classicElement, "size", at), at + ".size");
            card.FourK = size switch
            {
                "1k" => false,
                "4k" => true,
                _ => throw new ScenarioFormatException(at + ".size", "must be \"1k\" or \"4k\", not \"" + size + "\""),
            };

            if (classicElement.TryGetProperty("sectors", out JsonElement sectors))
            {
                if (sectors.ValueKind != JsonValueKind.Array)
                {
                    throw new ScenarioFormatException(at + ".sectors", "must be an array");
                }

                var seen = new bool[MifareClassicLayout.Sectors4K];
                int index = 0;
                foreach (JsonElement sector in sectors.EnumerateArray())
                {
                    string sectorPath = at + ".sectors[" + index.ToString(CultureInfo.InvariantCulture) + "]";
                    ScenarioMifareSector parsed = ParseSector(sector, sectorPath, card.FourK);
                    if (seen[parsed.Sector])
                    {
                        throw new ScenarioFormatException(sectorPath + ".sector", "sector " + parsed.Sector.ToString(CultureInfo.InvariantCulture) + " is listed twice");
                    }

                    seen[parsed.Sector] = true;
                    card.AddSector(parsed);
                    index++;
                }
            }

            device.MifareClassic = card;

            // MF1S50: ATQA 0004h (4-byte UID) / 0044h (7-byte), SAK 08h; MF1S70: 0002h / 0042h, SAK 18h.
            device.Atqa = new byte[] { (byte)((card.FourK ? 0x02 : 0x04) | (device.Uid.Length == 7 ? 0x40 : 0x00)), 0x00 };
            device.Sak = card.FourK ? (byte)0x18 : (byte)0x08;
        }

        if (ntag)
        {
            string at = path + ".ntag";
            if (ntagElement.ValueKind != JsonValueKind.Object)
            {
                throw new ScenarioFormatException(at, "must be an object");
            }

            if (device.Uid.Length != 7)
            {
                throw new ScenarioFormatException(path + ".uid", "an NTAG/Ultralight UID has 7 bytes, not " + device.Uid.Length.ToString(CultureInfo.InvariantCulture));
            }

            string type = Text(Required(ntagElement, "type", at), at + ".type");
            if (!CardFamilyNames.TryParse(type, out CardFamily family) || !CardFamilyNames.IsType2(family))
            {
                throw new ScenarioFormatException(at + ".type", "must be \"ntag213\", \"ntag215\", \"ntag216\" or \"mifare_ultralight\", not \"" + type + "\"");
            }

            var tag = new ScenarioNtag { Type = family, Pages = Array.Empty<byte>() };
            if (ntagElement.TryGetProperty("pages", out JsonElement pages))
            {
                if (pages.ValueKind != JsonValueKind.Array)
                {
                    throw new ScenarioFormatException(at + ".pages", "must be an array");
                }

                int capacity = family switch
                {
                    CardFamily.MifareUltralight => 16,
                    CardFamily.Ntag213 => 45,
                    CardFamily.Ntag215 => 135,
                    _ => 231,
                };
                int count = pages.GetArrayLength();
                if (count > capacity)
                {
                    throw new ScenarioFormatException(at + ".pages", "a " + type + " has " + capacity.ToString(CultureInfo.InvariantCulture) + " pages, not " + count.ToString(CultureInfo.InvariantCulture));
                }

                tag.Pages = new byte[count * 4];
                int index = 0;
                foreach (JsonElement page in pages.EnumerateArray())
                {
                    string pagePath = at + ".pages[" + index.ToString(CultureInfo.InvariantCulture) + "]";
                    byte[] bytes = Hex(page, pagePath);
                    if (bytes.Length != 4)
                    {
                        throw new ScenarioFormatException(pagePath, "a page is 4 bytes (8 hex digits), not " + bytes.Length.ToString(CultureInfo.InvariantCulture));
                    }

                    Array.Copy(bytes, 0, tag.Pages, index * 4, 4);
                    index++;
                }
            }

            device.Ntag = tag;

            // NTAG21x / MF0ICU1: ATQA 0044h, SAK 00h.
            device.Atqa = new byte[] { 0x44, 0x00 };
            device.Sak = 0x00;
        }
    }

    private static ScenarioMifareSector ParseSector(JsonElement element, string path, bool fourK)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ScenarioFormatException(path, "must be an object");
        }

        JsonElement number = Required(element, "sector", path);
        int sectors = MifareClassicLayout.SectorCount(fourK);
        if (number.ValueKind != JsonValueKind.Number || !number.TryGetInt32(out int sectorNumber) || sectorNumber < 0 || sectorNumber >= sectors)
        {
            throw new ScenarioFormatException(path + ".sector", "must be a sector number 0.." + (sectors - 1).ToString(CultureInfo.InvariantCulture) + " of a " + (fourK ? "4k" : "1k") + " card");
        }

        var sector = new ScenarioMifareSector { Sector = sectorNumber };
        sector.KeyA = OptionalHex(element, "key_a", path, 6, "a key is 6 bytes (12 hex digits)");
        sector.KeyB = OptionalHex(element, "key_b", path, 6, "a key is 6 bytes (12 hex digits)");
        sector.Access = OptionalHex(element, "access", path, 4, "the access bytes are trailer bytes 6..9 (8 hex digits)");
        if (element.TryGetProperty("blocks", out JsonElement blocks))
        {
            if (blocks.ValueKind != JsonValueKind.Array)
            {
                throw new ScenarioFormatException(path + ".blocks", "must be an array");
            }

            int dataBlocks = MifareClassicLayout.BlocksInSector(sectorNumber) - 1;
            int count = blocks.GetArrayLength();
            if (count > dataBlocks)
            {
                throw new ScenarioFormatException(path + ".blocks", "sector " + sectorNumber.ToString(CultureInfo.InvariantCulture) + " has " + dataBlocks.ToString(CultureInfo.InvariantCulture) + " data blocks (the trailer is set by key_a, key_b and access), not " + count.ToString(CultureInfo.InvariantCulture));
            }

            sector.Blocks = new byte[count * MifareClassicLayout.BlockSize];
            int index = 0;
            foreach (JsonElement block in blocks.EnumerateArray())
            {
                string blockPath = path + ".blocks[" + index.ToString(CultureInfo.InvariantCulture) + "]";
                byte[] bytes = Hex(block, blockPath);
                if (bytes.Length != MifareClassicLayout.BlockSize)
                {
                    throw new ScenarioFormatException(blockPath, "a block is 16 bytes (32 hex digits), not " + bytes.Length.ToString(CultureInfo.InvariantCulture));
                }

                Array.Copy(bytes, 0, sector.Blocks, index * MifareClassicLayout.BlockSize, MifareClassicLayout.BlockSize);
                index++;
            }
        }

        return sector;
    }

    /// <summary>The top-level "host": {"config": ["key=value", ...]} (the entries the simulated host sends at start;
    /// "acknowledges" is read by the sim command).</summary>
    private static void ParseHost(JsonElement root, Scenario scenario)
    {
        if (!root.TryGetProperty("host", out JsonElement host) || host.ValueKind != JsonValueKind.Object
            || !host.TryGetProperty("config", out JsonElement config))
        {
            return;
        }

        if (config.ValueKind != JsonValueKind.Array)
        {
            throw new ScenarioFormatException("host.config", "must be an array of \"key=value\" strings");
        }

        int index = 0;
        int payload = 0;
        foreach (JsonElement entry in config.EnumerateArray())
        {
            string entryPath = "host.config[" + index.ToString(CultureInfo.InvariantCulture) + "]";
            string text = Text(entry, entryPath);
            int equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ScenarioFormatException(entryPath, "\"" + text + "\" is not key=value");
            }

            foreach (char c in text)
            {
                if (c < ' ' || c > '~')
                {
                    throw new ScenarioFormatException(entryPath, "must be printable ASCII (the host link carries configuration entries as ASCII)");
                }
            }

            // One configuration message: each entry is a field of 3 header bytes plus its text (PROTOCOL.md).
            payload += 3 + text.Length;
            if (payload > HostLinkProtocol.MaximumPayloadLength)
            {
                throw new ScenarioFormatException(entryPath, "the entries do not fit one configuration message (" + HostLinkProtocol.MaximumPayloadLength.ToString(CultureInfo.InvariantCulture) + " bytes)");
            }

            scenario.HostConfiguration.Add(text);
            index++;
        }
    }

    /// <summary>The top-level "mfrc522": {"version": "92", "self_test": "genuine" | "clone_fm17522" | 128 hex digits}.</summary>
    private static void ParseChip(JsonElement root, Scenario scenario)
    {
        if (!root.TryGetProperty("mfrc522", out JsonElement chip))
        {
            return;
        }

        if (chip.ValueKind != JsonValueKind.Object)
        {
            throw new ScenarioFormatException("mfrc522", "must be an object");
        }

        byte[]? version = OptionalHex(chip, "version", "mfrc522", 1, "VersionReg is 1 byte (2 hex digits, e.g. \"92\")");
        if (version != null)
        {
            scenario.ChipVersion = version[0];
        }

        if (chip.TryGetProperty("self_test", out JsonElement selfTest))
        {
            string text = Text(selfTest, "mfrc522.self_test");
            if (text == "genuine")
            {
                scenario.ChipSelfTestOutput = null;
            }
            else if (text == "clone_fm17522")
            {
                var output = new byte[Mfrc522SelfTest.OutputLength];
                Mfrc522SelfTest.CopyReference(SelfTestReference.Fm17522, output, 0);
                scenario.ChipSelfTestOutput = output;
            }
            else
            {
                byte[] custom;
                try
                {
                    custom = Hex(selfTest, "mfrc522.self_test");
                }
                catch (ScenarioFormatException)
                {
                    custom = Array.Empty<byte>();
                }

                if (custom.Length != Mfrc522SelfTest.OutputLength)
                {
                    throw new ScenarioFormatException("mfrc522.self_test", "must be \"genuine\", \"clone_fm17522\" or the 64 output bytes in hex (128 digits)");
                }

                scenario.ChipSelfTestOutput = custom;
            }
        }
    }

    private static byte[]? OptionalHex(JsonElement parent, string name, string path, int length, string problem)
    {
        if (!parent.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        byte[] bytes = Hex(value, path + "." + name);
        if (bytes.Length != length)
        {
            throw new ScenarioFormatException(path + "." + name, problem + ", not " + bytes.Length.ToString(CultureInfo.InvariantCulture) + " bytes");
        }

        return bytes;
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
