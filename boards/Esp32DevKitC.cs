using DualReader.Hal;

namespace DualReader.Boards
{
    /// <summary>
    /// Espressif ESP32-DevKitC (ESP32-WROOM-32) with an MFRC522 module and an nRF24L01+ module on one SPI bus and a
    /// USB-UART adapter on COM2. The wiring table in the README is generated from these numbers.
    /// </summary>
    /// <remarks>
    /// Pin choices: 18/19/23 are the VSPI IO_MUX pins (full speed without the GPIO matrix delay, ESP32 TRM 7.2);
    /// 34 and 35 are input-only, which suits the two IRQ outputs; 5 is a strapping pin that must be high at reset,
    /// and a chip select idles high. 16/17 are avoided because WROVER modules use them for PSRAM, and 1/3 (COM1)
    /// carry the nanoFramework debugger.
    /// </remarks>
    public sealed class Esp32DevKitC
    {
        /// <summary>nanoFramework SPI bus number shared by both radios.</summary>
        public int SpiBus { get { return 1; } }

        /// <summary>SPI clock; both chips allow 10 MHz (MFRC522 8.1.2, nRF24L01+ 8.3).</summary>
        public int SpiClockHertz { get { return 8000000; } }

        /// <summary>SPI clock pin.</summary>
        public int SpiClockPin { get { return 18; } }

        /// <summary>SPI MISO pin.</summary>
        public int SpiMisoPin { get { return 19; } }

        /// <summary>SPI MOSI pin.</summary>
        public int SpiMosiPin { get { return 23; } }

        /// <summary>MFRC522 SDA (NSS, chip select).</summary>
        public int Mfrc522ChipSelectPin { get { return 5; } }

        /// <summary>MFRC522 RST (NRSTPD: low = hard power-down, datasheet 8.8.1).</summary>
        public int Mfrc522ResetPin { get { return 22; } }

        /// <summary>MFRC522 IRQ.</summary>
        public int Mfrc522IrqPin { get { return 34; } }

        /// <summary>nRF24L01+ CSN.</summary>
        public int Nrf24ChipSelectPin { get { return 21; } }

        /// <summary>nRF24L01+ CE.</summary>
        public int Nrf24ChipEnablePin { get { return 4; } }

        /// <summary>nRF24L01+ IRQ (active low).</summary>
        public int Nrf24IrqPin { get { return 35; } }

        /// <summary>Host link UART (COM1 belongs to the debugger).</summary>
        public string HostSerialPort { get { return "COM2"; } }

        /// <summary>ESP32 transmit pin of the host UART (to the adapter's RX).</summary>
        public int HostTransmitPin { get { return 32; } }

        /// <summary>ESP32 receive pin of the host UART (to the adapter's TX).</summary>
        public int HostReceivePin { get { return 33; } }

        /// <summary>Routes SPI and UART signals to this board's pins.</summary>
        public void RoutePins(IPinFunctions pins)
        {
            pins.SetPinFunction(SpiClockPin, PinFunction.Spi1Clock);
            pins.SetPinFunction(SpiMisoPin, PinFunction.Spi1Miso);
            pins.SetPinFunction(SpiMosiPin, PinFunction.Spi1Mosi);
            pins.SetPinFunction(HostTransmitPin, PinFunction.Serial2Transmit);
            pins.SetPinFunction(HostReceivePin, PinFunction.Serial2Receive);
        }
    }
}
