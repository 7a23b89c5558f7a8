using System;

namespace DualReader.Firmware.Mifare
{
    /// <summary>
    /// The MIFARE Classic value block format (MF1S50 8.6.2.1): a signed 32-bit value stored three times, once
    /// inverted (bytes 0..3 value, 4..7 ~value, 8..11 value, little-endian), and a 1-byte address stored four times,
    /// twice inverted (12 addr, 13 ~addr, 14 addr, 15 ~addr). The card's INCREMENT, DECREMENT and RESTORE only work on
    /// blocks in this format; the reader checks all copies before trusting a balance.
    /// </summary>
    public static class MifareValueBlock
    {
        /// <summary>True when the 16 bytes are a well-formed value block; then <paramref name="value"/> and
        /// <paramref name="address"/> hold its content (else 0).</summary>
        public static bool TryDecode(byte[] block, int offset, out int value, out int address)
        {
            if (block == null)
            {
                throw new ArgumentNullException("block");
            }

            if (offset < 0 || offset + MifareClassicLayout.BlockSize > block.Length)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            value = 0;
            address = 0;
            int first = ReadInt(block, offset);
            int inverted = ReadInt(block, offset + 4);
            int second = ReadInt(block, offset + 8);
            if (first != second || inverted != ~first)
            {
                return false;
            }

            byte a = block[offset + 12];
            if (block[offset + 14] != a || block[offset + 13] != (byte)~a || block[offset + 15] != (byte)~a)
            {
                return false;
            }

            value = first;
            address = a;
            return true;
        }

        /// <summary>Writes a value block holding <paramref name="value"/> and <paramref name="address"/> (0..255).</summary>
        public static void Encode(int value, int address, byte[] block, int offset)
        {
            if (block == null)
            {
                throw new ArgumentNullException("block");
            }

            if (offset < 0 || offset + MifareClassicLayout.BlockSize > block.Length)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            if (address < 0 || address > 255)
            {
                throw new ArgumentOutOfRangeException("address");
            }

            WriteInt(value, block, offset);
            WriteInt(~value, block, offset + 4);
            WriteInt(value, block, offset + 8);
            block[offset + 12] = (byte)address;
            block[offset + 13] = (byte)~address;
            block[offset + 14] = (byte)address;
            block[offset + 15] = (byte)~address;
        }

        /// <summary>The little-endian signed 32-bit number at <paramref name="offset"/>.</summary>
        public static int ReadInt(byte[] bytes, int offset)
        {
            return bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24);
        }

        /// <summary>Writes <paramref name="value"/> little-endian.</summary>
        public static void WriteInt(int value, byte[] bytes, int offset)
        {
            bytes[offset] = (byte)value;
            bytes[offset + 1] = (byte)(value >> 8);
            bytes[offset + 2] = (byte)(value >> 16);
            bytes[offset + 3] = (byte)(value >> 24);
        }
    }
}
