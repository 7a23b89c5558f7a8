namespace DualReader.Firmware.HostLink
{
    /// <summary>The time one phase of a transaction took (a transaction record's optional per-phase timings).</summary>
    public sealed class PhaseTiming
    {
        public PhaseTiming(TimingPhase phase, int index, uint durationMicroseconds)
        {
            Phase = phase;
            Index = index;
            DurationMicroseconds = durationMicroseconds;
        }

        public TimingPhase Phase { get; }

        /// <summary>Which APDU or record, counted from 0; 0 for activation and RATS/PPS.</summary>
        public int Index { get; }

        public uint DurationMicroseconds { get; }
    }
}
