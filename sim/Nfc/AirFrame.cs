using System;

namespace DualReader.Sim.Nfc
{
    /// <summary>
    /// One ISO/IEC 14443 type A frame as bits on air, data bits only, LSB of each byte first (ISO/IEC 14443-3
    /// 6.2.3): parity bits are implied (odd parity after each complete byte) and start/end of frame are counted in
    /// the air time, not stored.
    /// </summary>
    public sealed class AirFrame
    {
        /// <summary>Largest frame the models handle: a 256-byte ISO-DEP frame plus CRC_A.</summary>
        public const int MaximumBytes = 260;

        private readonly byte[] data = new byte[MaximumBytes];
        private int bitCount;

        /// <summary>The bytes; bits beyond <see cref="BitCount"/> are 0.</summary>
        public byte[] Data
        {
            get { return data; }
        }

        /// <summary>Number of data bits.</summary>
        public int BitCount
        {
            get { return bitCount; }
        }

        /// <summary>Bytes touched by the bits (the last one may be partial).</summary>
        public int ByteCount
        {
            get { return (bitCount + 7) / 8; }
        }

        /// <summary>Empties the frame.</summary>
        public void Clear()
        {
            Array.Clear(data, 0, (bitCount + 7) / 8);
            bitCount = 0;
        }

        /// <summary>Replaces the content with <paramref name="bits"/> bits of <paramref name="source"/>.</summary>
        public void Set(byte[] source, int offset, int bits)
        {
            Clear();
            for (int i = 0; i < bits; i++)
            {
                AppendBit((source[offset + (i / 8)] >> (i % 8)) & 1);
            }
        }

        /// <summary>Copies another frame.</summary>
        public void CopyFrom(AirFrame other)
        {
            Set(other.data, 0, other.bitCount);
        }

        /// <summary>Appends one bit.</summary>
        public void AppendBit(int value)
        {
            if (bitCount >= MaximumBytes * 8)
            {
                throw new InvalidOperationException("frame too long for the model");
            }

            if (value != 0)
            {
                data[bitCount / 8] = (byte)(data[bitCount / 8] | (1 << (bitCount % 8)));
            }
            else
            {
                data[bitCount / 8] = (byte)(data[bitCount / 8] & ~(1 << (bitCount % 8)));
            }

            bitCount++;
        }

        /// <summary>Appends a whole byte.</summary>
        public void AppendByte(byte value)
        {
            for (int i = 0; i < 8; i++)
            {
                AppendBit((value >> i) & 1);
            }
        }

        /// <summary>Bit <paramref name="index"/> (0 = first on air).</summary>
        public int GetBit(int index)
        {
            return (data[index / 8] >> (index % 8)) & 1;
        }

        /// <summary>Sets bit <paramref name="index"/> below <see cref="BitCount"/>.</summary>
        public void SetBit(int index, int value)
        {
            if (value != 0)
            {
                data[index / 8] = (byte)(data[index / 8] | (1 << (index % 8)));
            }
            else
            {
                data[index / 8] = (byte)(data[index / 8] & ~(1 << (index % 8)));
            }
        }

        /// <summary>Cuts the frame to <paramref name="bits"/> bits.</summary>
        public void Truncate(int bits)
        {
            while (bitCount > bits)
            {
                bitCount--;
                SetBit(bitCount, 0);
            }
        }

        /// <summary>
        /// Bits on air including the odd parity bit after every complete byte (ISO/IEC 14443-3 6.2.3.2), a start
        /// of frame and an end of frame of one bit duration each (ISO/IEC 14443-2 8.1.3).
        /// </summary>
        public int AirBits
        {
            get { return 1 + bitCount + (bitCount / 8) + 1; }
        }

        /// <summary>The last bit sent: the parity bit of the last byte for whole bytes, else the last data bit.
        /// It selects the frame delay time (ISO/IEC 14443-3 6.2.1.1).</summary>
        public int LastBitOnAir
        {
            get
            {
                if (bitCount == 0)
                {
                    return 0;
                }

                if (bitCount % 8 != 0)
                {
                    return GetBit(bitCount - 1);
                }

                byte last = data[(bitCount / 8) - 1];
                int ones = 0;
                for (int i = 0; i < 8; i++)
                {
                    ones += (last >> i) & 1;
                }

                return (ones % 2 == 0) ? 1 : 0;
            }
        }

        /// <summary>Hex of the bytes, with the bit count when the last byte is partial ("52 (7 bits)").</summary>
        public override string ToString()
        {
            string text = string.Empty;
            for (int i = 0; i < ByteCount; i++)
            {
                if (i > 0)
                {
                    text += " ";
                }

                text += data[i].ToString("x2");
            }

            if (bitCount % 8 != 0)
            {
                text += " (" + bitCount.ToString() + " bits)";
            }

            return text;
        }
    }
}
