namespace DualReader.Firmware.Iso14443
{
    /// <summary>How an ISO/IEC 14443-3A activation or HLTA ended (expected outcomes, not caller bugs).</summary>
    public enum ActivationStatus : byte
    {
        /// <summary>A PICC is selected (ACTIVE) and its identity is filled in; for HLTA: the PICC stayed mute.</summary>
        Ok = 0,
        /// <summary>Nothing answered REQA/WUPA.</summary>
        NoCard,
        /// <summary>PICCs collided in a way the chip could not locate; a new activation may succeed.</summary>
        CollisionUnresolved,
        /// <summary>A PICC answered earlier in the sequence and then went silent (it left the field).</summary>
        Timeout,
        /// <summary>An answer broke ISO/IEC 14443-3 (wrong length, BCC, SAK, CRC_A); for HLTA: the PICC answered.</summary>
        ProtocolError,
        /// <summary>The reader chip failed to run the exchange.</summary>
        ChipError
    }

    /// <summary>The names of <see cref="ActivationStatus"/> (for logs and test failures: nanoFramework's Enum.ToString gives the number).</summary>
    public static class ActivationStatusNames
    {
        private static readonly string[] Names = new string[] { "Ok", "NoCard", "CollisionUnresolved", "Timeout", "ProtocolError", "ChipError" };

        /// <summary>The name of <paramref name="value"/>, or its number when it has none.</summary>
        public static string Name(ActivationStatus value)
        {
            int index = (int)value;
            return index >= 0 && index < Names.Length ? Names[index] : index.ToString();
        }
    }

}
