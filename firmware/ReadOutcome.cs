namespace DualReader.Firmware
{
    /// <summary>How reading a card or phone ended. Values are only added, never renumbered (they travel to the host).</summary>
    public enum ReadOutcome : byte
    {
        /// <summary>Read as far as the configured depth asked.</summary>
        Ok = 0,
        /// <summary>More than one PICC in the field (set by the 14443-3 layer: EMV entry point, no transaction).</summary>
        Collision = 1,
        /// <summary>ISO-DEP activation failed (no or malformed ATS).</summary>
        ActivationFailed = 2,
        /// <summary>The device stopped answering.</summary>
        NoResponse = 3,
        /// <summary>Frames kept arriving damaged.</summary>
        TransmissionError = 4,
        /// <summary>The device broke the block protocol or sent an APDU response without status word.</summary>
        ProtocolError = 5,
        /// <summary>A response exceeded a bound.</summary>
        ResponseTooLong = 6,
        /// <summary>A command did not fit what the device accepts.</summary>
        CommandTooLong = 7,
        /// <summary>The device asked for more time extensions than allowed.</summary>
        WaitExtensionLimit = 8,
        /// <summary>The device left the field or the session had ended.</summary>
        DeviceLost = 9,
        /// <summary>The reader chip failed.</summary>
        ChipError = 10,
        /// <summary>The link rejected a packet (RF-SIM).</summary>
        SecurityError = 11,
        /// <summary>No payment application: PPSE absent or empty, or every candidate refused SELECT.</summary>
        NoApplication = 12,
        /// <summary>The card refused GET PROCESSING OPTIONS or a READ RECORD of its AFL (status word kept).</summary>
        CardRejected = 13,
        /// <summary>The card's data is not well-formed (BER-TLV, AFL or PDOL).</summary>
        MalformedData = 14,
        /// <summary>The read ran out of its overall time (Emv.EmvReader.TransactionLimitMicroseconds).</summary>
        TimeLimit = 15,
        /// <summary>A MIFARE Classic authentication failed: the card refused the configured key.</summary>
        AuthFailed = 16,
        /// <summary>A MIFARE Classic value block failed its integrity check (value, inverted value, value, address).</summary>
        ValueBlockInvalid = 17
    }

    /// <summary>The names of <see cref="ReadOutcome"/> in lower snake case (the host record's "outcome").</summary>
    public static class ReadOutcomeNames
    {
        // Indexed by the enum's value; nanoFramework's Enum.ToString gives the number, not the name.
        private static readonly string[] Names = new string[]
        {
            "ok", "collision", "activation_failed", "no_response", "transmission_error", "protocol_error",
            "response_too_long", "command_too_long", "wait_extension_limit", "device_lost", "chip_error",
            "security_error", "no_application", "card_rejected", "malformed_data", "time_limit", "auth_failed",
            "value_block_invalid"
        };

        /// <summary>The wire name of <paramref name="outcome"/>.</summary>
        public static string Name(ReadOutcome outcome)
        {
            int index = (int)outcome;
            return index < Names.Length ? Names[index] : "unknown";
        }
    }
}
