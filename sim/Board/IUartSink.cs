namespace DualReader.Sim.Board
{
    /// <summary>Where a <see cref="SimulatedUart"/> streams every byte the reader writes (a capture file, a scan).</summary>
    public interface IUartSink
    {
        /// <summary>Takes <paramref name="count"/> bytes the reader just wrote; the buffer is the reader's and is
        /// reused after the call.</summary>
        void Write(byte[] buffer, int offset, int count);
    }
}
