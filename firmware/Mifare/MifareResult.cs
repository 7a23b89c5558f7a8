namespace DualReader.Firmware.Mifare
{
    /// <summary>How one MIFARE Classic or Type 2 tag operation ended (expected outcomes, not caller bugs). Values are
    /// only added, never renumbered; the names are <see cref="MifareResultNames"/>.</summary>
    public enum MifareResult : byte
    {
        /// <summary>Done.</summary>
        Ok = 0,
        /// <summary>The card did not prove the key (wrong key, or a card that does not know the sector).</summary>
        AuthFailed = 1,
        /// <summary>The card answered NAK (4-bit code other than ACK Ah: access conditions, address, or state); the
        /// card has left its authenticated state. <see cref="MifareClassic.LastNak"/> holds the code.</summary>
        Nak = 2,
        /// <summary>Nothing came back (the card left the field).</summary>
        NoResponse = 3,
        /// <summary>An answer arrived damaged or with the wrong length.</summary>
        TransmissionError = 4,
        /// <summary>The reader chip failed.</summary>
        ChipError = 5,
        /// <summary>A block read as a value block fails the value block format check (MF1S50 8.6.2.1).</summary>
        ValueBlockInvalid = 6
    }

    /// <summary>The one name table of <see cref="MifareResult"/>.</summary>
    public static class MifareResultNames
    {
        private static readonly string[] Names = new string[]
        {
            "ok", "auth_failed", "nak", "no_response", "transmission_error", "chip_error", "value_block_invalid"
        };

        /// <summary>The name of <paramref name="result"/>.</summary>
        public static string Name(MifareResult result)
        {
            int index = (int)result;
            return index >= 0 && index < Names.Length ? Names[index] : "unknown";
        }
    }
}
