namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// The message types of the host link. 0x01..0x7F travel reader → host, 0x80..0xFF host → reader.
    /// Values are only ever added, never renumbered.
    /// </summary>
    public enum MessageType : byte
    {
        /// <summary>One transaction (a card, phone or RF-SIM peer read).</summary>
        Transaction = 0x01,
        /// <summary>An error the reader reports (chip failure, bad configuration, collision...).</summary>
        Error = 0x02,
        /// <summary>Start-up self-test and status: chip versions, clone flags, radio health, configuration.</summary>
        Status = 0x03,
        /// <summary>Records the reader dropped because its queue overflowed.</summary>
        Lost = 0x04,
        /// <summary>One APDU command/response (sensitive TLV values redacted) and the ISO 14443 frames it used.</summary>
        ApduTrace = 0x05,
        /// <summary>ISO 14443 frames outside an APDU (activation: REQA/WUPA, anticollision, SELECT, RATS, PPS).</summary>
        FrameTrace = 0x06,
        /// <summary>The validation result of a configuration message.</summary>
        ConfigurationResult = 0x07,
        /// <summary>The response to an APDU pass-through command.</summary>
        PassThroughResponse = 0x08,

        /// <summary>Host → reader: cumulative acknowledgement of reader sequence numbers.</summary>
        Acknowledge = 0x81,
        /// <summary>Host → reader: configuration (key=value entries).</summary>
        Configuration = 0x82,
        /// <summary>Host → reader: asks for a status record.</summary>
        StatusRequest = 0x83,
        /// <summary>Host → reader: an APDU to forward to the device in the field.</summary>
        PassThroughCommand = 0x84,
        /// <summary>Host → reader: open (or check), reset or close the pass-through session with the device in the
        /// field, without an APDU (a PC/SC bridge's card insertion, presence check, reset and power-off).</summary>
        PassThroughSession = 0x85
    }
}
