using System;
using DualReader.Hal;

namespace DualReader.Bench.Replay
{
    /// <summary>An <see cref="IRandomSource"/> that hands back the recorded bytes (nonces, EMV 9F37).</summary>
    public sealed class ReplayRandomSource : IRandomSource
    {
        private readonly HalTape tape;
        private readonly byte kind;

        /// <summary>The source <paramref name="device"/> (<see cref="TapeKind.Nonces"/> or <see cref="TapeKind.Random"/>).</summary>
        public ReplayRandomSource(HalTape tape, byte device)
        {
            this.tape = tape;
            kind = (byte)(device | TapeKind.RandomBytes);
        }

        public void NextBytes(byte[] buffer, int offset, int count)
        {
            tape.Take(kind);
            int recorded = tape.TakeNumber();
            if (recorded != count)
            {
                throw new InvalidOperationException("replay diverged at entry " + (tape.Position - 1).ToString() + ": " + count.ToString() + " random bytes, tape " + recorded.ToString());
            }

            tape.TakeBytes(buffer, offset, count);
        }
    }
}
