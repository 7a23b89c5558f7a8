using System;
using nanoFramework.Hardware.Esp32;

namespace DualReader.Hal.Esp32
{
    /// <summary><see cref="IPinFunctions"/> on the ESP32 GPIO matrix (<c>Configuration.SetPinFunction</c>).</summary>
    public sealed class Esp32PinFunctions : IPinFunctions
    {
        /// <inheritdoc />
        public void SetPinFunction(int pin, PinFunction function)
        {
            Configuration.SetPinFunction(pin, ToDeviceFunction(function));
        }

        private static DeviceFunction ToDeviceFunction(PinFunction function)
        {
            switch (function)
            {
                case PinFunction.Spi1Mosi: return DeviceFunction.SPI1_MOSI;
                case PinFunction.Spi1Miso: return DeviceFunction.SPI1_MISO;
                case PinFunction.Spi1Clock: return DeviceFunction.SPI1_CLOCK;
                case PinFunction.Spi2Mosi: return DeviceFunction.SPI2_MOSI;
                case PinFunction.Spi2Miso: return DeviceFunction.SPI2_MISO;
                case PinFunction.Spi2Clock: return DeviceFunction.SPI2_CLOCK;
                case PinFunction.Serial2Transmit: return DeviceFunction.COM2_TX;
                case PinFunction.Serial2Receive: return DeviceFunction.COM2_RX;
                case PinFunction.Serial3Transmit: return DeviceFunction.COM3_TX;
                case PinFunction.Serial3Receive: return DeviceFunction.COM3_RX;
                default: throw new ArgumentException("unknown pin function");
            }
        }
    }
}
