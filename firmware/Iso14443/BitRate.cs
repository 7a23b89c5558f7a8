namespace DualReader.Firmware.Iso14443
{
    /// <summary>
    /// The ISO/IEC 14443 Type A bit rates, fc/128 to fc/16 (ISO/IEC 14443-2 and -4, 5.3 PPS: DSI/DRI codes).
    /// The values are the PPS divisor codes and the MFRC522 TxSpeed/RxSpeed codes (datasheet 9.3.2.3/9.3.2.4).
    /// </summary>
    public enum BitRate : byte
    {
        /// <summary>106 kbit/s (fc/128), the rate every card starts at.</summary>
        Kbps106 = 0,
        /// <summary>212 kbit/s (fc/64).</summary>
        Kbps212 = 1,
        /// <summary>424 kbit/s (fc/32).</summary>
        Kbps424 = 2,
        /// <summary>848 kbit/s (fc/16).</summary>
        Kbps848 = 3
    }
}
