namespace DualReader.Sim.Timing
{
    /// <summary>
    /// The named, configurable costs of the simulated board (ARCHITECTURE.md, "Simulation and cost model").
    /// Air-time costs that depend on the protocol (13.56 MHz bit rates and frame delay times, Enhanced ShockBurst
    /// packet times) live in the chip models, which know the frames; this class holds the board-level constants.
    /// </summary>
    public sealed class CostModel
    {
        /// <summary>Default interpreter + native-driver cost of one SPI call on nanoFramework (µs).</summary>
        public const int DefaultSpiCallOverheadMicroseconds = 40;

        /// <summary>Default SPI clock: both chips allow 10 MHz (MFRC522 datasheet 8.1.2, nRF24L01+ 8.3);
        /// 8 MHz is an ESP32 APB divisor that both tolerate with margin.</summary>
        public const int DefaultSpiClockHertz = 8000000;

        /// <summary>Default host UART speed.</summary>
        public const int DefaultUartBaudRate = 115200;

        /// <summary>Cost of one managed call through the interpreter into the native SPI driver (µs).</summary>
        public int SpiCallOverheadMicroseconds { get; set; } = DefaultSpiCallOverheadMicroseconds;

        /// <summary>The SPI clock (Hz).</summary>
        public int SpiClockHertz { get; set; } = DefaultSpiClockHertz;

        /// <summary>The host UART speed (baud; 8N1, so 10 bits a byte).</summary>
        public int UartBaudRate { get; set; } = DefaultUartBaudRate;

        /// <summary>Time of one SPI call of <paramref name="byteCount"/> bytes, in nanoseconds.</summary>
        public long SpiTransferNanoseconds(int byteCount)
        {
            return SpiCallOverheadMicroseconds * 1000L + byteCount * 8L * 1000000000L / SpiClockHertz;
        }

        /// <summary>Time on the UART wire of <paramref name="byteCount"/> bytes, in microseconds.</summary>
        public long UartMicroseconds(int byteCount)
        {
            return (byteCount * 10L * 1000000L + UartBaudRate - 1) / UartBaudRate;
        }
    }
}
