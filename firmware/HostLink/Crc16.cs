namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR; check value
    /// 0x29B1 for "123456789"), table-driven, one table look-up per byte.
    /// </summary>
    /// <remarks>
    /// Why this CRC and why a per-byte loop is acceptable on the device: CRC-16 detects every burst of up to 16 bits
    /// and all 1-, 2- and 3-bit errors in frames up to 4 KB (Hamming distance 4 below 32751 bits), which covers our
    /// 1 KB frame limit. The interpreter runs this loop at a few microseconds per byte; a UART byte at 115200 baud
    /// takes 87 µs, so computing the CRC costs a few percent of the time the frame spends on the wire, and it runs
    /// after a transaction, never inside an RF exchange. The 512-byte table is built once.
    /// </remarks>
    public static class Crc16
    {
        private static readonly ushort[] Table = BuildTable();

        private static ushort[] BuildTable()
        {
            ushort[] table = new ushort[256];
            for (int value = 0; value < 256; value++)
            {
                int crc = value << 8;
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
                }

                table[value] = (ushort)crc;
            }

            return table;
        }

        /// <summary>The CRC of <paramref name="count"/> bytes from <paramref name="offset"/>.</summary>
        public static ushort Compute(byte[] buffer, int offset, int count)
        {
            // crc stays within 16 bits, so (crc >> 8) ^ byte is already a table index; the table in a local and two
            // bytes a turn spare the interpreter a static-field load and half the loop overhead per byte.
            ushort[] table = Table;
            int crc = 0xFFFF;
            int end = offset + count;
            int index = offset;
            for (; index + 1 < end; index += 2)
            {
                crc = ((crc << 8) ^ table[(crc >> 8) ^ buffer[index]]) & 0xFFFF;
                crc = ((crc << 8) ^ table[(crc >> 8) ^ buffer[index + 1]]) & 0xFFFF;
            }

            if (index < end)
            {
                crc = ((crc << 8) ^ table[(crc >> 8) ^ buffer[index]]) & 0xFFFF;
            }

            return (ushort)crc;
        }
    }
}
