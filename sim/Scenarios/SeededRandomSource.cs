using DualReader.Hal;

namespace DualReader.Sim.Scenarios
{
    /// <summary>A deterministic <see cref="IRandomSource"/> for simulated runs (xorshift32; not for real terminals).</summary>
    public sealed class SeededRandomSource : IRandomSource
    {
        private uint state;

        /// <summary>A source starting at <paramref name="seed"/> (0 is replaced by a fixed non-zero value).</summary>
        public SeededRandomSource(uint seed)
        {
            state = seed == 0 ? 0x9E3779B9 : seed;
        }

        /// <inheritdoc />
        public void NextBytes(byte[] buffer, int offset, int count)
        {
            for (int index = 0; index < count; index++)
            {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                buffer[offset + index] = (byte)state;
            }
        }
    }
}
