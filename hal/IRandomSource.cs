namespace DualReader.Hal
{
    /// <summary>
    /// Where the firmware's unpredictable bytes come from: the EMV unpredictable number (9F37), the RF-SIM link's
    /// nonces and session ids. Must be unpredictable on a real device; simulations and tests pass seeded sources.
    /// </summary>
    public interface IRandomSource
    {
        /// <summary>Fills <paramref name="count"/> bytes at <paramref name="offset"/>.</summary>
        void NextBytes(byte[] buffer, int offset, int count);
    }
}
