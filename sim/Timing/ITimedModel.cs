namespace DualReader.Sim.Timing
{
    /// <summary>
    /// A model whose state changes at points in virtual time of its own (a frame finishing on air, a timer
    /// expiring, a device entering the field). The <see cref="VirtualClock"/> asks each model for its next such
    /// point and lets it run there, in time order, so waits end exactly when the modelled hardware would act.
    /// </summary>
    public interface ITimedModel
    {
        /// <summary>The next virtual time (µs) at which this model changes state on its own, or
        /// <see cref="VirtualClock.Never"/>.</summary>
        long NextEventMicroseconds { get; }

        /// <summary>Brings the model's state up to <paramref name="nowMicroseconds"/>.</summary>
        void AdvanceTo(long nowMicroseconds);
    }
}
