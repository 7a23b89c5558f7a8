using System.Collections;
using DualReader.Firmware.Emv;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Iso14443;

namespace DualReader.Firmware.Reader
{
    /// <summary>
    /// The configuration the host can change (held in RAM: it does not survive a reset). <see cref="Apply"/>
    /// validates each entry of a <see cref="ConfigurationMessage"/> on its own: valid entries take effect, a rejected
    /// entry leaves the old value, and the result record says which was which.
    /// </summary>
    /// <remarks>
    /// Keys: nfc_poll_ms and rfsim_poll_ms (10..60000), pps_max (106, 212, 424, 848), read_depth (detect, select,
    /// gpo, records, full), trace (on, off), passthrough_raw (on, off), pdol.&lt;TAG&gt; (tag 1 or 2 bytes in hex,
    /// value 1..32 bytes in hex; an empty value removes the entry); the MIFARE Classic transit profile:
    /// transit.sector (0..39), transit.key_a or transit.key_b (6 bytes in hex; the last one set is used),
    /// transit.balance_block (0..2, the value block within the sector). Keys are write-only: no result, status
    /// record, trace or log ever shows them; the status record's config says which key type is set, never its bytes.
    /// </remarks>
    public sealed class ReaderConfiguration
    {
        public const int MinimumPollMilliseconds = 10;
        public const int MaximumPollMilliseconds = 60000;
        public const int MaximumTerminalDataLength = 32;

        /// <summary>How many pdol.* entries the host may set at once (the terminal data table has room for its nine
        /// defaults plus these; a hostile host asking for more gets an error result, never an exception).</summary>
        public const int MaximumTerminalDataEntries = 12;

        /// <summary>Highest MIFARE Classic sector (4K: 32 sectors of 4 blocks and 8 of 16, MF1S70 8.6).</summary>
        public const int MaximumTransitSector = 39;

        /// <summary>MIFARE Classic keys are 48 bits (MF1S50 8.7).</summary>
        public const int TransitKeyLength = 6;

        private readonly Hashtable terminalData = new Hashtable();
        private readonly byte[] transitKey = new byte[TransitKeyLength];

        public int NfcPollMilliseconds { get; set; } = 100;

        public int RfSimPollMilliseconds { get; set; } = 100;

        /// <summary>The highest bit rate PPS may negotiate (ISO/IEC 14443-4, 5.3).</summary>
        public BitRate PpsMaximum { get; set; } = BitRate.Kbps848;

        public ReadDepth ReadDepth { get; set; } = ReadDepth.Full;

        /// <summary>When on, APDU and frame trace records are sent (redacted).</summary>
        public bool TraceEnabled { get; set; }

        /// <summary>
        /// When on, pass-through responses reach the host as the device sent them, PAN, track 2, cryptograms and
        /// names included; off (the default) redacts them exactly like traces. While on, every status record's config
        /// says <c>passthrough_raw=on</c> (README, threat model).
        /// </summary>
        public bool PassThroughRaw { get; set; }

        /// <summary>The transit profile's sector, or -1 while none is set.</summary>
        public int TransitSector { get; private set; } = -1;

        /// <summary>The value block (0..2) within <see cref="TransitSector"/> that holds the balance.</summary>
        public int TransitBalanceBlock { get; private set; }

        /// <summary>True when the transit key is key B (MIFARE AUTH 61), false for key A (AUTH 60).</summary>
        public bool TransitKeyIsB { get; private set; }

        /// <summary>True once a transit key was set.</summary>
        public bool HasTransitKey { get; private set; }

        /// <summary>True when a MIFARE Classic card is to be read as a transit card (sector and key set).</summary>
        public bool HasTransitProfile
        {
            get { return TransitSector >= 0 && HasTransitKey; }
        }

        /// <summary>Copies the transit key into <paramref name="destination"/> (the only way out of this object).</summary>
        public void CopyTransitKey(byte[] destination, int offset)
        {
            System.Array.Copy(transitKey, 0, destination, offset, TransitKeyLength);
        }

        /// <summary>Terminal data for the PDOL/CDOL set by the host: tag (int) → value (byte[]).</summary>
        public Hashtable TerminalData
        {
            get { return terminalData; }
        }

        /// <summary>The host's value for <paramref name="tag"/>, or null (the EMV layer then uses its default).</summary>
        public byte[] GetTerminalData(int tag)
        {
            return (byte[])terminalData[tag];
        }

        /// <summary>Validates and applies every entry; fills <paramref name="result"/> (host_seq, accepted, results).</summary>
        /// <returns>True when every entry was accepted.</returns>
        public bool Apply(ConfigurationMessage message, ConfigurationResultRecord result)
        {
            result.HostSequence = message.Sequence;
            result.Entries.Clear();
            bool all = true;
            for (int index = 0; index < message.Entries.Count; index++)
            {
                string entry = (string)message.Entries[index];
                int equals = entry.IndexOf('=');
                string key = equals < 0 ? entry : entry.Substring(0, equals);
                string value = equals < 0 ? null : entry.Substring(equals + 1);
                string error = value == null ? "expected key=value" : ApplyEntry(key, value);
                if (error != null)
                {
                    all = false;
                    result.Entries.Add(key + "=error: " + error);
                }
                else
                {
                    result.Entries.Add(key + "=ok");
                }
            }

            result.Accepted = all;
            return all;
        }

        /// <summary>The configuration as "key=value" pairs (the status record's config field).</summary>
        public string Summary()
        {
            string summary = "nfc_poll_ms=" + NfcPollMilliseconds + " rfsim_poll_ms=" + RfSimPollMilliseconds
                + " pps_max=" + (106 << (int)PpsMaximum) + " read_depth=" + DepthName(ReadDepth)
                + " trace=" + (TraceEnabled ? "on" : "off");
            if (PassThroughRaw)
            {
                // Only while on, so that the summary a host already parses does not change by default.
                summary += " passthrough_raw=on";
            }

            if (TransitSector >= 0 || HasTransitKey)
            {
                // Which key type is set, never the key (README, threat model).
                summary += " transit.sector=" + TransitSector + " transit.balance_block=" + TransitBalanceBlock
                    + " transit.key=" + (HasTransitKey ? (TransitKeyIsB ? "b" : "a") : "none");
            }

            // Keys rather than DictionaryEntry: its Key/Value are fields on nanoFramework and properties on .NET.
            foreach (object key in terminalData.Keys)
            {
                summary += " pdol." + TagHex((int)key) + "=" + Hex((byte[])terminalData[key]);
            }

            return summary;
        }

        private string ApplyEntry(string key, string value)
        {
            if (key == "nfc_poll_ms" || key == "rfsim_poll_ms")
            {
                int milliseconds = ParseDecimal(value);
                if (milliseconds < MinimumPollMilliseconds || milliseconds > MaximumPollMilliseconds)
                {
                    return "not a number from 10 to 60000";
                }

                if (key == "nfc_poll_ms")
                {
                    NfcPollMilliseconds = milliseconds;
                }
                else
                {
                    RfSimPollMilliseconds = milliseconds;
                }

                return null;
            }

            if (key == "pps_max")
            {
                switch (value)
                {
                    case "106": PpsMaximum = BitRate.Kbps106; return null;
                    case "212": PpsMaximum = BitRate.Kbps212; return null;
                    case "424": PpsMaximum = BitRate.Kbps424; return null;
                    case "848": PpsMaximum = BitRate.Kbps848; return null;
                    default: return "not one of 106 212 424 848";
                }
            }

            if (key == "read_depth")
            {
                switch (value)
                {
                    case "detect": ReadDepth = ReadDepth.Detect; return null;
                    case "select": ReadDepth = ReadDepth.Select; return null;
                    case "gpo": ReadDepth = ReadDepth.ProcessingOptions; return null;
                    case "records": ReadDepth = ReadDepth.Records; return null;
                    case "full": ReadDepth = ReadDepth.Full; return null;
                    default: return "not one of detect select gpo records full";
                }
            }

            if (key == "trace")
            {
                if (value == "on" || value == "off")
                {
                    TraceEnabled = value == "on";
                    return null;
                }

                return "not on or off";
            }

            if (key == "passthrough_raw")
            {
                if (value == "on" || value == "off")
                {
                    PassThroughRaw = value == "on";
                    return null;
                }

                return "not on or off";
            }

            if (key == "transit.sector" || key == "transit.balance_block")
            {
                int number = ParseDecimal(value);
                int maximum = key == "transit.sector" ? MaximumTransitSector : 2;
                if (number < 0 || number > maximum)
                {
                    return maximum == 2 ? "not 0, 1 or 2" : "not a sector from 0 to 39";
                }

                if (key == "transit.sector")
                {
                    TransitSector = number;
                }
                else
                {
                    TransitBalanceBlock = number;
                }

                return null;
            }

            if (key == "transit.key_a" || key == "transit.key_b")
            {
                // The error never repeats the value: a mistyped key is still most of a key.
                if (value.Length != 2 * TransitKeyLength || !ParseHexInto(value, transitKey))
                {
                    return "not 6 bytes of hex";
                }

                TransitKeyIsB = key == "transit.key_b";
                HasTransitKey = true;
                return null;
            }

            if (key.Length > 5 && key.Substring(0, 5) == "pdol.")
            {
                string tagText = key.Substring(5);
                byte[] tag = ParseHex(tagText);
                if (tag == null || (tag.Length != 1 && tag.Length != 2))
                {
                    return "tag is not 1 or 2 bytes of hex";
                }

                int tagValue = tag.Length == 1 ? tag[0] : (tag[0] << 8) | tag[1];
                if (value.Length == 0)
                {
                    terminalData.Remove(tagValue);
                    return null;
                }

                byte[] data = ParseHex(value);
                if (data == null || data.Length == 0 || data.Length > MaximumTerminalDataLength)
                {
                    return "value is not 1 to 32 bytes of hex";
                }

                if (!terminalData.Contains(tagValue) && terminalData.Count >= MaximumTerminalDataEntries)
                {
                    return "more than " + MaximumTerminalDataEntries + " pdol entries";
                }

                terminalData[tagValue] = data;
                return null;
            }

            return "unknown key";
        }

        private static string DepthName(ReadDepth depth)
        {
            switch (depth)
            {
                case ReadDepth.Detect: return "detect";
                case ReadDepth.Select: return "select";
                case ReadDepth.ProcessingOptions: return "gpo";
                case ReadDepth.Full: return "full";
                default: return "records";
            }
        }

        /// <summary>A decimal number of at most 9 digits, or -1.</summary>
        private static int ParseDecimal(string text)
        {
            if (text.Length == 0 || text.Length > 9)
            {
                return -1;
            }

            int value = 0;
            for (int index = 0; index < text.Length; index++)
            {
                char c = text[index];
                if (c < '0' || c > '9')
                {
                    return -1;
                }

                value = value * 10 + (c - '0');
            }

            return value;
        }

        /// <summary>Hex text (even length) to bytes, or null.</summary>
        public static byte[] ParseHex(string text)
        {
            if (text == null || (text.Length & 1) != 0)
            {
                return null;
            }

            byte[] bytes = new byte[text.Length / 2];
            for (int index = 0; index < bytes.Length; index++)
            {
                int high = HexDigit(text[2 * index]);
                int low = HexDigit(text[2 * index + 1]);
                if (high < 0 || low < 0)
                {
                    return null;
                }

                bytes[index] = (byte)((high << 4) | low);
            }

            return bytes;
        }

        /// <summary>Hex text of exactly twice <paramref name="destination"/>'s length into it; false (and
        /// <paramref name="destination"/> unchanged) when the text is not hex. No copy of the bytes is left behind.</summary>
        private static bool ParseHexInto(string text, byte[] destination)
        {
            for (int index = 0; index < text.Length; index++)
            {
                if (HexDigit(text[index]) < 0)
                {
                    return false;
                }
            }

            for (int index = 0; index < destination.Length; index++)
            {
                destination[index] = (byte)((HexDigit(text[2 * index]) << 4) | HexDigit(text[2 * index + 1]));
            }

            return true;
        }

        private static int HexDigit(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            return -1;
        }

        private static string TagHex(int tag)
        {
            return tag > 0xFF ? Hex(new byte[] { (byte)(tag >> 8), (byte)tag }) : Hex(new byte[] { (byte)tag });
        }

        private static string Hex(byte[] bytes)
        {
            const string digits = "0123456789ABCDEF";
            char[] text = new char[bytes.Length * 2];
            for (int index = 0; index < bytes.Length; index++)
            {
                text[2 * index] = digits[bytes[index] >> 4];
                text[2 * index + 1] = digits[bytes[index] & 0x0F];
            }

            return new string(text);
        }
    }
}
