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
    /// value 1..32 bytes in hex; an empty value removes the entry).
    /// </remarks>
    public sealed class ReaderConfiguration
    {
        public const int MinimumPollMilliseconds = 10;
        public const int MaximumPollMilliseconds = 60000;
        public const int MaximumTerminalDataLength = 32;

        /// <summary>How many pdol.* entries the host may set at once (the terminal data table has room for its nine
        /// defaults plus these; a hostile host asking for more gets an error result, never an exception).</summary>
        public const int MaximumTerminalDataEntries = 12;

        private readonly Hashtable terminalData = new Hashtable();

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
