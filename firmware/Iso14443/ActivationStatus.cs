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
}
