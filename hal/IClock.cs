namespace DualReader.Hal
{
    /// <summary>
    /// The monotonic clock every timeout is measured on. On an ESP32 it is the high-resolution timer; in the
    /// simulation it is a virtual clock that advances only by modelled costs, which makes runs deterministic.
    /// </summary>
    public interface IClock
    {
        /// <summary>Microseconds since an arbitrary start; never goes backwards.</summary>
        long GetMicroseconds();

        /// <summary>
        /// Lets <paramref name="microseconds"/> pass. For waits that no status bit or interrupt line can signal
        /// (the datasheet minimum delays: power-up, settling, guard times).
        /// </summary>
        void Delay(int microseconds);
    }
}
