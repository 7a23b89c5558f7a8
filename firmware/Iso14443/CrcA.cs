using System;

namespace DualReader.Firmware.Iso14443
{
    /// <summary>
    /// CRC_A of ISO/IEC 14443-3 (6.2.4 and Annex B): CRC-16/CCITT polynomial x^16 + x^12 + x^5 + 1 processed
    /// LSB first (reflected 0x8408), initial value 0x6363, no final inversion, sent least significant byte first.
    /// The MFRC522 computes it in hardware on the hot path (TxCRCEn/RxCRCEn); this helper is for the frames of
    /// the activation, whose CRC the driver computes itself so the chip's CRC settings need not be toggled
    /// between the CRC-less anticollision frames and SELECT (two SPI writes each way), for the models, and for the
    /// driver's optional end-to-end check of received frames at 106 kbit/s (Mfrc522.SoftwareCrcAt106).
    /// </summary>
    public static class CrcA
    {
        /// <summary>The ISO/IEC 14443-3 CRC_A preset (Annex B), also the MFRC522 ModeReg CRCPreset 01b.</summary>
        public const ushort Preset = 0x6363;

        /// <summary>CRC of <paramref name="count"/> bytes starting from <paramref name="preset"/>.</summary>
        public static ushort Compute(byte[] data, int offset, int count, ushort preset)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            if (offset < 0 || count < 0 || offset + count > data.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            int crc = preset;
            for (int i = 0; i < count; i++)
            {
                crc = Update(crc, data[offset + i]);
            }

            return (ushort)crc;
        }

        /// <summary>CRC_A (preset 0x6363) of <paramref name="count"/> bytes.</summary>
        public static ushort Compute(byte[] data, int offset, int count)
        {
            return Compute(data, offset, count, Preset);
        }

        /// <summary>Folds one byte into a running CRC (ISO/IEC 14443-3 Annex B, byte-wise form).</summary>
        public static int Update(int crc, byte value)
        {
            int b = (value ^ (crc & 0xFF)) & 0xFF;
            b = (b ^ (b << 4)) & 0xFF;
            return ((crc >> 8) ^ (b << 8) ^ (b << 3) ^ (b >> 4)) & 0xFFFF;
        }

        /// <summary>
        /// Writes the CRC_A of <paramref name="count"/> bytes right after them (LSB first, ISO/IEC 14443-3 6.2.4)
        /// and returns the new length.
        /// </summary>
        public static int Append(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            if (offset < 0 || count < 0 || offset + count + 2 > data.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            ushort crc = Compute(data, offset, count);
            data[offset + count] = (byte)(crc & 0xFF);
            data[offset + count + 1] = (byte)(crc >> 8);
            return count + 2;
        }

        /// <summary>True when the last two of <paramref name="count"/> bytes are the CRC_A of the ones before.</summary>
        public static bool Check(byte[] data, int offset, int count)
        {
            if (count < 2)
            {
                return false;
            }

            ushort crc = Compute(data, offset, count - 2);
            return data[offset + count - 2] == (byte)(crc & 0xFF) && data[offset + count - 1] == (byte)(crc >> 8);
        }
    }
}
