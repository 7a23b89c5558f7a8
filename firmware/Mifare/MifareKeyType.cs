namespace DualReader.Firmware.Mifare
{
    /// <summary>Which sector key a MIFARE Classic authentication uses; the value is the command byte (MF1S50
    /// datasheet 10.1, table 9: AUTH with key A 60h, with key B 61h).</summary>
    public enum MifareKeyType : byte
    {
        /// <summary>Key A (sector trailer bytes 0..5).</summary>
        KeyA = 0x60,
        /// <summary>Key B (sector trailer bytes 10..15).</summary>
        KeyB = 0x61
    }
}
