namespace DualReader.Firmware.Mfrc522
{
    /// <summary>What VersionReg said at start-up (datasheet 9.3.4.8).</summary>
    public enum ChipVariant : byte
    {
        /// <summary>Not initialised yet.</summary>
        Unknown = 0,
        /// <summary>NXP MFRC522 version 1.0 (VersionReg 0x91).</summary>
        Mfrc522Version1 = 1,
        /// <summary>NXP MFRC522 version 2.0 (VersionReg 0x92).</summary>
        Mfrc522Version2 = 2,
        /// <summary>Fudan FM17522 clone (VersionReg 0x88): register compatible.</summary>
        Fm17522Clone = 3,
        /// <summary>Unbranded clone reporting VersionReg 0x12, common on cheap RC522 boards: register compatible.</summary>
        Clone12 = 4
    }
}
