using System;

namespace DualReader.Firmware.RfSim
{
    /// <summary>
    /// SipHash-2-4 (J.-P. Aumasson, D. J. Bernstein, "SipHash: a fast short-input PRF", INDOCRYPT 2012): a 64-bit
    /// MAC / PRF with a 128-bit key, built from 64-bit additions, rotations and XORs only. Chosen for the RF-SIM
    /// link because it needs no tables and no multiplications, which suits the nanoFramework interpreter on an
    /// ESP32 (see PROTOCOL.md, "Choice of primitives"). Verified against the reference vectors (vectors.h of the
    /// reference implementation, key 00..0F, message 00..n-1).
    /// </summary>
    public static class SipHash24
    {
        /// <summary>Tag length in bytes.</summary>
        public const int TagLength = 8;

        // Whether BitConverter reads little-endian here, probed (BitConverter.IsLittleEndian is a field in .NET and a
        // property in nanoFramework v1: the one source cannot name it for both).
        private static readonly bool NativeLittleEndian = BitConverter.ToUInt16(new byte[] { 1, 0 }, 0) == 1;

        /// <summary>Reads a 128-bit key (16 bytes, little-endian halves k0, k1).</summary>
        public static void LoadKey(byte[] key, int offset, out ulong k0, out ulong k1)
        {
            if (key == null || offset < 0 || offset + 16 > key.Length)
            {
                throw new ArgumentException("key");
            }

            k0 = ReadUInt64(key, offset);
            k1 = ReadUInt64(key, offset + 8);
        }

        /// <summary>SipHash-2-4 of <paramref name="count"/> bytes.</summary>
        public static ulong Compute(ulong k0, ulong k1, byte[] data, int offset, int count)
        {
            if (data == null || offset < 0 || count < 0 || offset + count > data.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            ulong v0 = k0 ^ 0x736f6d6570736575UL;
            ulong v1 = k1 ^ 0x646f72616e646f6dUL;
            ulong v2 = k0 ^ 0x6c7967656e657261UL;
            ulong v3 = k1 ^ 0x7465646279746573UL;

            // Every message block, then the last one (the remaining bytes, the length mod 256 in the top byte), each
            // with c = 2 rounds; then d = 4 rounds. The SipRound is written out in both loops rather than called: on
            // the nanoFramework interpreter a call with four ref arguments costs more than the round's arithmetic,
            // and every RF-SIM packet carries a tag.
            int end = offset + count - (count % 8);
            int position = offset;
            bool lastBlock = false;
            bool nativeOrder = NativeLittleEndian;
            while (true)
            {
                ulong m;
                if (position < end)
                {
                    // SipHash reads its blocks little-endian: on a little-endian CPU (the ESP32's Xtensa and RISC-V
                    // cores) that is one native call, a fraction of eight byte reads in IL.
                    m = nativeOrder ? BitConverter.ToUInt64(data, position) : ReadUInt64(data, position);
                    position += 8;
                }
                else
                {
                    m = ((ulong)(count & 0xFF)) << 56;
                    int remaining = count % 8;
                    for (int i = 0; i < remaining; i++)
                    {
                        m |= ((ulong)data[end + i]) << (8 * i);
                    }

                    lastBlock = true;
                }

                v3 ^= m;
                for (int round = 0; round < 2; round++)
                {
                    v0 += v1;
                    v1 = (v1 << 13) | (v1 >> 51);
                    v1 ^= v0;
                    v0 = (v0 << 32) | (v0 >> 32);
                    v2 += v3;
                    v3 = (v3 << 16) | (v3 >> 48);
                    v3 ^= v2;
                    v0 += v3;
                    v3 = (v3 << 21) | (v3 >> 43);
                    v3 ^= v0;
                    v2 += v1;
                    v1 = (v1 << 17) | (v1 >> 47);
                    v1 ^= v2;
                    v2 = (v2 << 32) | (v2 >> 32);
                }

                v0 ^= m;
                if (lastBlock)
                {
                    break;
                }
            }

            v2 ^= 0xFF;
            for (int round = 0; round < 4; round++)
            {
                v0 += v1;
                v1 = (v1 << 13) | (v1 >> 51);
                v1 ^= v0;
                v0 = (v0 << 32) | (v0 >> 32);
                v2 += v3;
                v3 = (v3 << 16) | (v3 >> 48);
                v3 ^= v2;
                v0 += v3;
                v3 = (v3 << 21) | (v3 >> 43);
                v3 ^= v0;
                v2 += v1;
                v1 = (v1 << 17) | (v1 >> 47);
                v1 ^= v2;
                v2 = (v2 << 32) | (v2 >> 32);
            }

            return v0 ^ v1 ^ v2 ^ v3;
        }

        public static void WriteTag(ulong k0, ulong k1, byte[] data, int offset, int count, byte[] tag, int tagOffset)
        {
            WriteUInt64(Compute(k0, k1, data, offset, count), tag, tagOffset);
        }

        /// <summary>Checks the 8-byte tag stored after the data, without an early exit on the first difference.</summary>
        public static bool VerifyTag(ulong k0, ulong k1, byte[] data, int offset, int count, byte[] tag, int tagOffset)
        {
            ulong expected = Compute(k0, k1, data, offset, count);
            ulong difference = expected ^ (NativeLittleEndian ? BitConverter.ToUInt64(tag, tagOffset) : ReadUInt64(tag, tagOffset));
            return difference == 0;
        }

        /// <summary>Little-endian 64-bit read.</summary>
        public static ulong ReadUInt64(byte[] data, int offset)
        {
            ulong low = (uint)(data[offset] | (data[offset + 1] << 8) | (data[offset + 2] << 16) | (data[offset + 3] << 24));
            ulong high = (uint)(data[offset + 4] | (data[offset + 5] << 8) | (data[offset + 6] << 16) | (data[offset + 7] << 24));
            return low | (high << 32);
        }

        /// <summary>Little-endian 64-bit write.</summary>
        public static void WriteUInt64(ulong value, byte[] data, int offset)
        {
            // Written out: every RF-SIM frame's tag goes through here, and as a loop it cost the interpreter 7,300
            // instructions a call (`dualreader bench --profile rfsim_300_byte_apdu`).
            uint low = (uint)value;
            uint high = (uint)(value >> 32);
            data[offset] = (byte)low;
            data[offset + 1] = (byte)(low >> 8);
            data[offset + 2] = (byte)(low >> 16);
            data[offset + 3] = (byte)(low >> 24);
            data[offset + 4] = (byte)high;
            data[offset + 5] = (byte)(high >> 8);
            data[offset + 6] = (byte)(high >> 16);
            data[offset + 7] = (byte)(high >> 24);
        }
    }
}
