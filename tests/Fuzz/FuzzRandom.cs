namespace DualReader.Tests.Fuzz
{
    /// <summary>
    /// The fuzzers' pseudo-random source: xorshift32 (Marsaglia, "Xorshift RNGs", 2003), identical on nanoFramework
    /// and .NET, so a case is reproduced by its seed alone. Every failure message carries <see cref="CaseSeed"/>.
    /// </summary>
    public sealed class FuzzRandom
    {
        private uint state;

        /// <summary>A generator for one case; seed 0 (a fixed point of xorshift) is replaced by a constant.</summary>
        public FuzzRandom(uint seed)
        {
            CaseSeed = seed;
            state = seed == 0 ? 0x9E3779B9u : seed;
        }

        /// <summary>The seed this generator started from (print it with every failure).</summary>
        public uint CaseSeed { get; private set; }

        /// <summary>The next 32 random bits.</summary>
        public uint NextUInt()
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            return state;
        }

        /// <summary>0 .. <paramref name="bound"/> - 1 (bound at least 1).</summary>
        public int Next(int bound)
        {
            return bound <= 1 ? 0 : (int)(NextUInt() % (uint)bound);
        }

        /// <summary><paramref name="minimum"/> .. <paramref name="maximum"/> inclusive.</summary>
        public int Between(int minimum, int maximum)
        {
            return minimum + Next(maximum - minimum + 1);
        }

        /// <summary>True with <paramref name="percent"/> % probability.</summary>
        public bool Chance(int percent)
        {
            return Next(100) < percent;
        }

        public byte NextByte()
        {
            return (byte)(NextUInt() >> 24);
        }

        public void NextBytes(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = NextByte();
            }
        }

        /// <summary>A new array of <paramref name="count"/> random bytes.</summary>
        public byte[] Bytes(int count)
        {
            byte[] result = new byte[count];
            NextBytes(result, 0, count);
            return result;
        }
    }
}
