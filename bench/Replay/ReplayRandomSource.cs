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
            HalTape t = tape;
            int position = t.Position;
            if (position >= t.WatchFrom)
            {
                t.Watch();
            }

            if (position >= t.Length || t.Kinds[position] != kind || t.Numbers[t.NumberCursor] != count)
            {
                throw t.Diverged(kind, count);
            }

            t.Position = position + 1;
            t.NumberCursor++;
            Array.Copy(t.Bytes, t.ByteCursor, buffer, offset, count);
            t.ByteCursor += count;
        }
    }
}
