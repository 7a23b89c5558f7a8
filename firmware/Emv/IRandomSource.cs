using System;

namespace DualReader.Firmware.Emv
{
    /// <summary>Where the terminal's unpredictable number (9F37) comes from; tests pass a fixed source.</summary>
    public interface IRandomSource
    {
        /// <summary>Fills <paramref name="count"/> bytes at <paramref name="offset"/>.</summary>
        void NextBytes(byte[] buffer, int offset, int count);
    }

    /// <summary><see cref="IRandomSource"/> over <see cref="Random"/> (the ESP32 seeds it from its hardware RNG).</summary>
    public sealed class SystemRandomSource : IRandomSource
    {
        private readonly Random random = new Random();
        private readonly byte[] scratch = new byte[8];

        /// <inheritdoc />
        public void NextBytes(byte[] buffer, int offset, int count)
        {
            while (count > 0)
            {
                random.NextBytes(scratch);
                int chunk = count < scratch.Length ? count : scratch.Length;
                Array.Copy(scratch, 0, buffer, offset, chunk);
                offset += chunk;
                count -= chunk;
            }
        }
    }
}
