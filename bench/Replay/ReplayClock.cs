using DualReader.Hal;

namespace DualReader.Bench.Replay
{
    /// <summary>An <see cref="IClock"/> that hands back the recorded (virtual) time; delays pass no time.</summary>
    public sealed class ReplayClock : IClock
    {
        private const byte Read = TapeKind.Clock | TapeKind.ClockRead;
        private const byte Wait = TapeKind.Clock | TapeKind.ClockDelay;
        private readonly HalTape tape;

        public ReplayClock(HalTape tape)
        {
            this.tape = tape;
        }

        public long GetMicroseconds()
        {
            tape.Take(Read);
            return tape.TakeClock();
        }

        public void Delay(int microseconds)
        {
            tape.Take(Wait);
        }
    }
}
