namespace DualReader.Bench.Replay
{
    /// <summary>
    /// Told of every hal call the replayed firmware makes, before the call takes its entry from the tape: the bench
    /// program marks measurement windows (for callgrind) and samples the heap here.
    /// </summary>
    public interface IReplayMonitor
    {
        /// <summary>The firmware is about to consume tape entry <paramref name="position"/>.</summary>
        void BeforeEntry(int position);
    }
}
