using System.Threading;
using nanoFramework.Hardware.Esp32;

namespace DualReader.Hal.Esp32
{
    /// <summary><see cref="IClock"/> on the ESP32 high-resolution timer (esp_timer, 1 µs resolution, 64 bits).</summary>
    public sealed class Esp32Clock : IClock
    {
        // Waits shorter than this spin; a Thread.Sleep rounds up to the scheduler's millisecond ticks.
        private const int SpinLimitMicroseconds = 2000;

        /// <inheritdoc />
        public long GetMicroseconds()
        {
            return (long)HighResTimer.GetCurrent();
        }

        /// <inheritdoc />
        public void Delay(int microseconds)
        {
            long deadline = GetMicroseconds() + microseconds;
            if (microseconds > SpinLimitMicroseconds)
            {
                Thread.Sleep((microseconds - SpinLimitMicroseconds) / 1000);
            }

            while (GetMicroseconds() < deadline)
            {
            }
        }
    }
}
