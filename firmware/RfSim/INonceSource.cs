using System;

namespace DualReader.Firmware.RfSim
{
    /// <summary>Where nonces and session peer ids come from. Must be unpredictable on a real device.</summary>
    public interface INonceSource
    {
        /// <summary>Fills <paramref name="count"/> bytes.</summary>
        void NextBytes(byte[] buffer, int offset, int count);
    }

    /// <summary>
    /// Nonces from <see cref="Random"/> created without a seed. On a board, prefer a hardware random source if the
    /// firmware image offers one (PROTOCOL.md 8, "Nonces").
    /// </summary>
    public sealed class SystemNonceSource : INonceSource
    {
        private readonly Random random = new Random();
        private readonly byte[] block = new byte[8];

        /// <inheritdoc />
        public void NextBytes(byte[] buffer, int offset, int count)
        {
            for (int done = 0; done < count; done += 8)
            {
                random.NextBytes(block);
                int take = count - done < 8 ? count - done : 8;
                Array.Copy(block, 0, buffer, offset + done, take);
            }
        }
    }

    /// <summary>Deterministic xorshift32 nonces for tests and the simulation only (predictable by design).</summary>
    public sealed class SeededNonceSource : INonceSource
    {
        private uint state;

        /// <summary>Starts from <paramref name="seed"/> (0 is replaced by a fixed odd constant).</summary>
        public SeededNonceSource(uint seed)
        {
            state = seed == 0 ? 0x2545F491u : seed;
        }

        /// <inheritdoc />
        public void NextBytes(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                buffer[offset + i] = (byte)(state >> 24);
            }
        }
    }
}
