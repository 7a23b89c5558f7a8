using DualReader.Hal;

namespace DualReader.Bench.Replay
{
    /// <summary>An <see cref="IInputPin"/> (a chip's IRQ line) that hands back the recorded levels and wait results.
    /// The firmware polls or waits on its IRQ lines and never subscribes to <see cref="Changed"/>; a handler added
    /// here is kept but never called (the recorded run had no edge events to replay), and the bench program stops
    /// with an error when one was added.</summary>
    public sealed class ReplayInputPin : IInputPin
    {
        private readonly HalTape tape;
        private readonly byte read;
        private readonly byte wait;

        public ReplayInputPin(HalTape tape, byte device)
        {
            this.tape = tape;
            read = (byte)(device | TapeKind.PinRead);
            wait = (byte)(device | TapeKind.PinWait);
        }

        public event PinChangedHandler Changed;

        /// <summary>Whether a handler was added.</summary>
        public bool HasHandlers
        {
            get { return Changed != null; }
        }

        public bool Read()
        {
            return Take(read);
        }

        public bool WaitForLevel(bool high, int timeoutMicroseconds)
        {
            return Take(wait);
        }

        private bool Take(byte kind)
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
            return t.Bytes[t.ByteCursor++] != 0;
        }
    }
}
