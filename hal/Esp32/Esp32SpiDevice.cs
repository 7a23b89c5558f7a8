using System;
using System.Device.Spi;

namespace DualReader.Hal.Esp32
{
    /// <summary><see cref="ISpiDevice"/> on the nanoFramework SPI driver; chip select is driven natively.</summary>
    public sealed class Esp32SpiDevice : ISpiDevice, IDisposable
    {
        private readonly SpiDevice device;

        /// <summary>Opens the device on <paramref name="busId"/> with its own chip-select GPIO.</summary>
        /// <remarks>
        /// Only the first device opened on a bus sets clock, mode and bit order (nanoFramework ESP32 SPI driver);
        /// the MFRC522 (datasheet 8.1.2: mode 0, MSB first, up to 10 Mbit/s) and the nRF24L01+ (datasheet 8.3:
        /// mode 0, MSB first, up to 10 Mbit/s) agree on all three, so they can share a bus.
        /// </remarks>
        public Esp32SpiDevice(int busId, int chipSelectPin, int clockFrequency)
        {
            var settings = new SpiConnectionSettings(busId, chipSelectPin);
            settings.Mode = SpiMode.Mode0;
            settings.DataBitLength = 8;
            settings.ClockFrequency = clockFrequency;
            device = SpiDevice.Create(settings);
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count)
        {
            // SpanByte wraps the caller's array without copying.
            device.Write(new SpanByte(buffer, offset, count));
        }

        /// <inheritdoc />
        public void TransferFullDuplex(byte[] writeBuffer, int writeOffset, byte[] readBuffer, int readOffset, int count)
        {
            device.TransferFullDuplex(new SpanByte(writeBuffer, writeOffset, count), new SpanByte(readBuffer, readOffset, count));
        }

        /// <inheritdoc />
        public void Dispose()
        {
            device.Dispose();
        }
    }
}
