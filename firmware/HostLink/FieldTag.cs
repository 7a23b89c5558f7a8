namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// The field tags inside a message payload (see PROTOCOL.md, "Payload fields"). A payload is a sequence of
    /// <c>tag(1) length(2, LE) value(length)</c>; a receiver skips tags it does not know, so fields are only ever
    /// added. Integers are little-endian; text is ASCII.
    /// </summary>
    public enum FieldTag : byte
    {
        Interface = 0x01,
        TimeMicroseconds = 0x02,
        Uid = 0x03,
        Aid = 0x04,
        PanMasked = 0x05,
        Outcome = 0x06,
        DurationMicroseconds = 0x07,
        Ats = 0x08,
        ApplicationLabel = 0x09,
        Expiry = 0x0A,
        CardKind = 0x0B,
        BalanceMinorUnits = 0x0C,
        CurrencyCode = 0x0D,
        ApplicationTransactionCounter = 0x0E,
        LastStatusWord = 0x0F,
        Timing = 0x10,
        /// <summary>ATQA as received (ISO/IEC 14443-3, 6.3.2), 2 bytes.</summary>
        Atqa = 0x11,
        /// <summary>SAK of the last cascade level (ISO/IEC 14443-3, 6.5.3.4), 1 byte.</summary>
        Sak = 0x12,
        CardType = 0x13,
        NdefRecord = 0x14,

        ErrorCode = 0x20,
        ErrorDetail = 0x21,

        Mfrc522Version = 0x30,
        Mfrc522Health = 0x31,
        Nrf24Health = 0x32,
        CloneFlags = 0x33,
        ConfigurationSummary = 0x34,
        FirmwareVersion = 0x35,
        SelfTest = 0x36,
        SelfTestMatch = 0x37,

        LostFirstSequence = 0x40,
        LostLastSequence = 0x41,
        LostCount = 0x42,

        Command = 0x50,
        Response = 0x51,
        Frame = 0x52,

        HostSequence = 0x60,
        ConfigurationEntry = 0x61,
        Accepted = 0x62,

        Apdu = 0x70,
        /// <summary>What a pass-through session command asks for (u8, <see cref="PassThroughSessionAction"/>).</summary>
        SessionAction = 0x71,

        AcknowledgedSequence = 0x80
    }
}
