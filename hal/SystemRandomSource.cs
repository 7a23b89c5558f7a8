using System;

namespace DualReader.Hal
{
    /// <summary>
    /// <see cref="IRandomSource"/> over <see cref="Random"/> created without a seed (nanoFramework v1 offers no other
    /// random API). It is not a cryptographic generator: the RF-SIM link's freshness relies on nonces that do not
    /// repeat, which it gives; a board whose firmware image exposes the ESP32 hardware RNG should use that instead
    /// (firmware/RfSim/PROTOCOL.md section 8).
    /// </summary>
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
