namespace DualReader.Hal
{
    /// <summary>
    /// The peripheral signals a board routes to its GPIO pins. On an ESP32 the GPIO matrix can put most signals on
    /// most pins (ESP32 Technical Reference Manual, 4.2), so each board says where they go.
    /// </summary>
    public enum PinFunction
    {
        /// <summary>SPI bus 1 master out, slave in.</summary>
        Spi1Mosi,
        /// <summary>SPI bus 1 master in, slave out.</summary>
        Spi1Miso,
        /// <summary>SPI bus 1 clock.</summary>
        Spi1Clock,
        /// <summary>SPI bus 2 master out, slave in.</summary>
        Spi2Mosi,
        /// <summary>SPI bus 2 master in, slave out.</summary>
        Spi2Miso,
        /// <summary>SPI bus 2 clock.</summary>
        Spi2Clock,
        /// <summary>UART COM2 transmit.</summary>
        Serial2Transmit,
        /// <summary>UART COM2 receive.</summary>
        Serial2Receive,
        /// <summary>UART COM3 transmit.</summary>
        Serial3Transmit,
        /// <summary>UART COM3 receive.</summary>
        Serial3Receive
    }
}
