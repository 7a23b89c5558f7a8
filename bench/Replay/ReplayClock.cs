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
            HalTape t = tape;
            int position = t.Position;
            if (position >= t.WatchFrom)
            {
                t.Watch();
            }

            if (position >= t.Length || t.Kinds[position] != Read)
            {
                throw t.Diverged(Read, -1);
            }

            t.Position = position + 1;
            return t.Clock[t.ClockCursor++];
        }

        public void Delay(int microseconds)
        {
            HalTape t = tape;
            int position = t.Position;
            if (position >= t.WatchFrom)
            {
                t.Watch();
            }

            if (position >= t.Length || t.Kinds[position] != Wait)
            {
                throw t.Diverged(Wait, -1);
            }

            t.Position = position + 1;
        }
    }
}
