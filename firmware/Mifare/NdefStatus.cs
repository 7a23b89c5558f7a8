namespace DualReader.Firmware.Mifare
{
    /// <summary>How reading or parsing an NDEF message ended. Hostile or broken tag data always ends in one of these,
    /// never in an exception. Values are only added, never renumbered; the names are <see cref="NdefStatusNames"/>.</summary>
    public enum NdefStatus : byte
    {
        /// <summary>A message with at least one record was parsed.</summary>
        Ok = 0,
        /// <summary>Capability container without the NDEF magic number E1h (NFC Forum T2TOP 6.1): not NDEF formatted.</summary>
        NotFormatted = 1,
        /// <summary>The capability container names a major mapping version other than 1.</summary>
        UnsupportedVersion = 2,
        /// <summary>No NDEF Message TLV before the Terminator TLV or the end of the data area.</summary>
        NoMessage = 3,
        /// <summary>An NDEF Message TLV of length 0 (an initialised, empty tag).</summary>
        EmptyMessage = 4,
        /// <summary>A TLV's length field or value runs past the data area.</summary>
        TlvTruncated = 5,
        /// <summary>A record's header, type, ID or payload runs past the message.</summary>
        RecordTruncated = 6,
        /// <summary>The records break NDEF 1.0 3.2 (MB/ME placement, chunking, TNF rules, bytes after ME).</summary>
        MessageMalformed = 7,
        /// <summary>More records than the reader keeps (<see cref="NdefMessage.MaximumRecords"/>).</summary>
        TooManyRecords = 8,
        /// <summary>A URI or Text record's payload does not follow its record type definition, or is not valid UTF-8.</summary>
        PayloadMalformed = 9,
        /// <summary>The message is longer than the reader's buffer (<see cref="NdefMessage.MaximumMessageBytes"/>).</summary>
        TooLong = 10,
        /// <summary>The tag could not be read (see the reader's <c>LastResult</c>).</summary>
        ReadFailed = 11
    }

    /// <summary>The one name table of <see cref="NdefStatus"/>.</summary>
    public static class NdefStatusNames
    {
        private static readonly string[] Names = new string[]
        {
            "ok", "not_ndef_formatted", "unsupported_version", "no_ndef_message", "empty_message", "tlv_truncated",
            "record_truncated", "message_malformed", "too_many_records", "payload_malformed", "too_long", "read_failed"
        };

        /// <summary>The name of <paramref name="status"/>.</summary>
        public static string Name(NdefStatus status)
        {
            int index = (int)status;
            return index >= 0 && index < Names.Length ? Names[index] : "unknown";
        }
    }
}
