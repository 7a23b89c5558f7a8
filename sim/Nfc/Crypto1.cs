using System;

namespace DualReader.Sim.Nfc
{
    /// <summary>
    /// The Crypto1 stream cipher of MIFARE Classic, as reverse-engineered and published by Garcia, de Koning Gans,
    /// Muijrers, van Rossum, Verdult, Wichers Schreur and Jacobs, "Dismantling MIFARE Classic" (ESORICS 2008), in the
    /// formulation of the crapto1 library (Blaauwendraad/Verdult, used by proxmark3 and libnfc): a 48-bit LFSR kept as
    /// its odd and even bits (24 each), the two-layer non-linear filter of 20 odd bits, the card's 16-bit nonce
    /// generator (<see cref="PrngSuccessor"/>), and the encrypted parity bits (the parity of each plaintext byte XOR
    /// the keystream bit that will encrypt the next data bit, without shifting: "Wirelessly Pickpocketing a MIFARE
    /// Classic Card", Garcia et al. 2009, 3.1).
    /// </summary>
    /// <remarks>
    /// Both sides of the simulation use it: the MFRC522 model's Crypto1 unit (MFAuthent, then every frame while
    /// Status2Reg MFCrypto1On is set) and the virtual MIFARE Classic card. Checked against published authentications
    /// (tests/Mifare/Crypto1Tests.cs), not only against itself. The simulation's key material is test data.
    /// </remarks>
    public sealed class Crypto1
    {
        // Feedback taps of the LFSR split into its odd and even halves (crapto1 LF_POLY_ODD / LF_POLY_EVEN).
        private const uint PolyOdd = 0x29CE5C;
        private const uint PolyEven = 0x870804;
        private const uint Mask24 = 0xFFFFFF;

        private uint odd;
        private uint even;

        /// <summary>Loads a 6-byte key (<paramref name="key"/>[<paramref name="offset"/>] first, as sector trailers
        /// and MFAuthent's FIFO hold it) into the LFSR.</summary>
        public void SetKey(byte[] key, int offset)
        {
            if (key == null)
            {
                throw new ArgumentNullException("key");
            }

            if (offset < 0 || offset + 6 > key.Length)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            ulong value = 0;
            for (int i = 0; i < 6; i++)
            {
                value = (value << 8) | key[offset + i];
            }

            // Key bit order inside the LFSR: crapto1 crypto1_create (bit i of the register is key bit i ^ 7).
            odd = 0;
            even = 0;
            for (int i = 47; i > 0; i -= 2)
            {
                odd = (odd << 1) | (uint)((value >> ((i - 1) ^ 7)) & 1);
                even = (even << 1) | (uint)((value >> (i ^ 7)) & 1);
            }
        }

        /// <summary>Forgets the state (all zero).</summary>
        public void Clear()
        {
            odd = 0;
            even = 0;
        }

        /// <summary>The keystream bit the next <see cref="Bit"/> returns, without shifting: the bit that encrypts a
        /// parity bit.</summary>
        public int Peek()
        {
            return Filter(odd);
        }

        /// <summary>
        /// One LFSR step: returns the keystream bit and shifts in <paramref name="input"/> XOR the feedback; with
        /// <paramref name="encrypted"/> the input is ciphertext, so the keystream bit is XORed back in and the
        /// plaintext is what enters the register (crapto1 crypto1_bit).
        /// </summary>
        public int Bit(int input, bool encrypted)
        {
            int output = Filter(odd);
            uint feed = (uint)(input & 1);
            if (encrypted)
            {
                feed ^= (uint)output;
            }

            feed ^= PolyOdd & odd;
            feed ^= PolyEven & even;
            uint shifted = ((even << 1) | Parity32(feed)) & Mask24;
            even = odd;
            odd = shifted;
            return output;
        }

        /// <summary>Eight steps, LSB first (the order bits go on air); returns the 8 keystream bits.</summary>
        public int Byte(int input, bool encrypted)
        {
            int output = 0;
            for (int i = 0; i < 8; i++)
            {
                output |= Bit((input >> i) & 1, encrypted) << i;
            }

            return output;
        }

        /// <summary>32 steps over a word whose most significant byte goes on air first (each byte LSB first), as the
        /// nonces travel (crapto1 crypto1_word); returns the keystream in the same layout.</summary>
        public uint Word(uint input, bool encrypted)
        {
            uint output = 0;
            for (int i = 0; i < 32; i++)
            {
                int bit = (int)((input >> (i ^ 24)) & 1);
                output |= (uint)Bit(bit, encrypted) << (i ^ 24);
            }

            return output;
        }

        /// <summary>
        /// The card's nonce generator stepped <paramref name="steps"/> times: a 16-bit LFSR x^16 + x^14 + x^13 + x^11 + 1
        /// over the nonce's 32 bits ("Dismantling MIFARE Classic" 2.3; crapto1 prng_successor). The reader answers
        /// a(R) = suc^64(nT), the card a(T) = suc^96(nT).
        /// </summary>
        public static uint PrngSuccessor(uint nonce, int steps)
        {
            uint x = SwapEndian(nonce);
            for (int i = 0; i < steps; i++)
            {
                x = (x >> 1) | ((((x >> 16) ^ (x >> 18) ^ (x >> 19) ^ (x >> 21)) & 1) << 31);
            }

            return SwapEndian(x);
        }

        /// <summary>
        /// Encrypts the frame in place with the next keystream bits: every data bit, and after every complete byte
        /// the parity of the plaintext byte XOR <see cref="Peek"/> (explicit parity in the frame).
        /// </summary>
        public void EncryptFrame(AirFrame frame)
        {
            int bits = frame.BitCount;
            byte[] data = frame.Data;
            int whole = bits / 8;
            for (int i = 0; i < whole; i++)
            {
                int plain = data[i];
                data[i] = (byte)(plain ^ Byte(0, false));
                frame.SetParity(i, AirFrame.OddParity(plain) ^ Peek());
            }

            for (int i = whole * 8; i < bits; i++)
            {
                frame.SetBit(i, frame.GetBit(i) ^ Bit(0, false));
            }
        }

        /// <summary>
        /// Decrypts the frame in place (the inverse of <see cref="EncryptFrame"/>) and checks each decrypted parity
        /// bit; returns false when one does not match (a frame not encrypted with this state). The frame's parity
        /// becomes the plaintext's.
        /// </summary>
        public bool DecryptFrame(AirFrame frame)
        {
            int bits = frame.BitCount;
            byte[] data = frame.Data;
            int whole = bits / 8;
            bool parityOk = true;
            for (int i = 0; i < whole; i++)
            {
                int plain = data[i] ^ Byte(0, false);
                if ((frame.GetParity(i) ^ Peek()) != AirFrame.OddParity(plain))
                {
                    parityOk = false;
                }

                data[i] = (byte)plain;
            }

            for (int i = whole * 8; i < bits; i++)
            {
                frame.SetBit(i, frame.GetBit(i) ^ Bit(0, false));
            }

            for (int i = 0; i < whole; i++)
            {
                frame.SetParity(i, AirFrame.OddParity(data[i]));
            }

            return parityOk;
        }

        /// <summary>The 32-bit big-endian number of 4 bytes (the order nonces go on air).</summary>
        public static uint ToWord(byte[] bytes, int offset)
        {
            return ((uint)bytes[offset] << 24) | ((uint)bytes[offset + 1] << 16) | ((uint)bytes[offset + 2] << 8) | bytes[offset + 3];
        }

        /// <summary>Writes <paramref name="value"/> big-endian.</summary>
        public static void FromWord(uint value, byte[] bytes, int offset)
        {
            bytes[offset] = (byte)(value >> 24);
            bytes[offset + 1] = (byte)(value >> 16);
            bytes[offset + 2] = (byte)(value >> 8);
            bytes[offset + 3] = (byte)value;
        }

        /// <summary>
        /// The non-linear filter: five 4-input functions of 20 odd LFSR bits feeding a 5-input function
        /// ("Dismantling MIFARE Classic" 2.2, f_a = 0x2C79, f_b = 0x6671, f_c = 0x7907287B; crapto1 filter()).
        /// </summary>
        private static int Filter(uint x)
        {
            uint f = (0xF22C0u >> (int)(x & 0xF)) & 16;
            f |= (0x6C9C0u >> (int)((x >> 4) & 0xF)) & 8;
            f |= (0x3C8B0u >> (int)((x >> 8) & 0xF)) & 4;
            f |= (0x1E458u >> (int)((x >> 12) & 0xF)) & 2;
            f |= (0x0D938u >> (int)((x >> 16) & 0xF)) & 1;
            return (int)((0xEC57E80Au >> (int)f) & 1);
        }

        private static uint Parity32(uint x)
        {
            x ^= x >> 16;
            x ^= x >> 8;
            x ^= x >> 4;
            x ^= x >> 2;
            x ^= x >> 1;
            return x & 1;
        }

        private static uint SwapEndian(uint x)
        {
            return (x >> 24) | ((x >> 8) & 0xFF00) | ((x << 8) & 0xFF0000) | (x << 24);
        }
    }
}
