using DualReader.Hal;

namespace DualReader.Bench.Replay
{
    /// <summary>An <see cref="IInputPin"/> (a chip's IRQ line) that hands back the recorded levels and wait results.
    /// The firmware polls or waits on its IRQ lines and never subscribes to <see cref="Changed"/>; a handler added
    /// here is kept but never called (the recorded run had no edge events to replay).</summary>
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

        public bool Read()
        {
            tape.Take(read);
            return tape.TakeByte() != 0;
        }

        public bool WaitForLevel(bool high, int timeoutMicroseconds)
        {
            tape.Take(wait);
            return tape.TakeByte() != 0;
        }

        /// <summary>Whether a handler was added (the bench checks that none was: it could not replay edges).</summary>
        public bool HasHandlers
        {
            get { return Changed != null; }
        }
    }
}
