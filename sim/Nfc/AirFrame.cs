using System;

namespace DualReader.Sim.Nfc
{
    /// <summary>
    /// One ISO/IEC 14443 type A frame as bits on air, data bits only, LSB of each byte first (ISO/IEC 14443-3
    /// 6.2.3): parity bits are implied (odd parity after each complete byte) unless set explicitly (MIFARE Classic
    /// encrypts them with Crypto1, so they no longer follow the data), and start/end of frame are counted in the
    /// air time, not stored.
    /// </summary>
    public sealed class AirFrame
    {
        /// <summary>Largest frame the models handle: a 256-byte ISO-DEP frame plus CRC_A.</summary>
        public const int MaximumBytes = 260;

        private readonly byte[] data = new byte[MaximumBytes];
        private readonly byte[] parity = new byte[MaximumBytes];
        private int bitCount;
        private bool explicitParity;

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
            explicitParity = false;
        }

        /// <summary>True when the parity bits were set explicitly (<see cref="SetParity"/>) rather than implied.</summary>
        public bool HasExplicitParity
        {
            get { return explicitParity; }
        }

        /// <summary>The parity bit sent after complete byte <paramref name="byteIndex"/>: the odd parity of the byte
        /// (ISO/IEC 14443-3 6.2.3.2) unless set with <see cref="SetParity"/>.</summary>
        public int GetParity(int byteIndex)
        {
            return explicitParity ? parity[byteIndex] : OddParity(data[byteIndex]);
        }

        /// <summary>Sets the parity bit after complete byte <paramref name="byteIndex"/>; the other bytes keep theirs.</summary>
        public void SetParity(int byteIndex, int bit)
        {
            if (!explicitParity)
            {
                for (int i = 0; i < bitCount / 8; i++)
                {
                    parity[i] = (byte)OddParity(data[i]);
                }

                explicitParity = true;
            }

            parity[byteIndex] = (byte)(bit & 1);
        }

        /// <summary>The ISO/IEC 14443-3 parity bit of <paramref name="value"/>: 1 when the byte has an even number of
        /// ones, so that byte and parity together have an odd number (6.2.3.2).</summary>
        public static int OddParity(int value)
        {
            int x = value & 0xFF;
            x ^= x >> 4;
            x ^= x >> 2;
            x ^= x >> 1;
            return (x & 1) ^ 1;
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
            if (other.explicitParity)
            {
                Array.Copy(other.parity, parity, other.bitCount / 8);
                explicitParity = true;
            }
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
            if (explicitParity && bitCount % 8 == 0)
            {
                parity[(bitCount / 8) - 1] = (byte)OddParity(data[(bitCount / 8) - 1]);
            }
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

                return GetParity((bitCount / 8) - 1);
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
