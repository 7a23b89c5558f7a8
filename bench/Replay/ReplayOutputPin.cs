using DualReader.Hal;

namespace DualReader.Bench.Replay
{
    /// <summary>An <see cref="IOutputPin"/> (reset, chip enable): the firmware receives nothing, the tape checks the
    /// call.</summary>
    public sealed class ReplayOutputPin : IOutputPin
    {
        private readonly HalTape tape;
        private readonly byte kind;

        public ReplayOutputPin(HalTape tape, byte device)
        {
            this.tape = tape;
            kind = (byte)(device | TapeKind.PinWrite);
        }

        public void Write(bool high)
        {
            HalTape t = tape;
            int position = t.Position;
            if (position >= t.WatchFrom)
            {
                t.Watch();
            }

            if (position >= t.Length || t.Kinds[position] != kind)
            {
                throw t.Diverged(kind, -1);
            }

            t.Position = position + 1;
        }
    }
}
