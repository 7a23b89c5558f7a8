namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// CRC_A of ISO/IEC 14443-3 (6.2.4 and Annex B): CRC-16 with polynomial x^16 + x^12 + x^5 + 1 processed LSB
    /// first (0x8408 reflected), initial value 0x6363, no final XOR, sent least significant byte first. The trace
    /// redaction recomputes it so that redacted frames still carry a valid CRC for Wireshark.
    /// </summary>
    public static class CrcA
    {
        public static int Compute(byte[] buffer, int offset, int count)
        {
            int crc = 0x6363;
            int end = offset + count;
            for (int index = offset; index < end; index++)
            {
                crc ^= buffer[index];
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x8408 : crc >> 1;
                }
            }

            return crc;
        }

        /// <summary>Writes the CRC_A of the first <paramref name="count"/> bytes right after them (LSB first).</summary>
        public static void Append(byte[] buffer, int offset, int count)
        {
            int crc = Compute(buffer, offset, count);
            buffer[offset + count] = (byte)crc;
            buffer[offset + count + 1] = (byte)(crc >> 8);
        }
    }
}
