using System.Device.Gpio;
using DualReader.Boards;
using DualReader.Firmware.Emv;
using DualReader.Firmware.Mfrc522;
using DualReader.Firmware.Nrf24;
using DualReader.Firmware.Reader;
using DualReader.Firmware.RfSim;
using DualReader.Hal.Esp32;
using DualReader.Hal;

namespace DualReader.Device
{
    /// <summary>The firmware's entry point on an ESP32: wires the board, starts the reader and runs it forever.</summary>
    public static class Program
    {
        /// <summary>The RF-SIM link key: the published demo key (firmware/RfSim/PROTOCOL.md 8.4). Replace it.</summary>
        private static readonly byte[] PreSharedKey = new byte[] { 0x2B, 0x7E, 0x15, 0x16, 0x28, 0xAE, 0xD2, 0xA6, 0xAB, 0xF7, 0x15, 0x88, 0x09, 0xCF, 0x4F, 0x3C };

        /// <summary>This reader's RF-SIM identity (PROTOCOL.md 5); give every reader of a site its own.</summary>
        private static readonly byte[] ReaderIdentity = new byte[] { 0xD0, 0x00, 0x00, 0x01 };

        /// <summary>Runs the reader on the board selected at build time.</summary>
        public static void Main()
        {
            Esp32DevKitC board = new Esp32DevKitC();
            board.RoutePins(new Esp32PinFunctions());

            Esp32Clock clock = new Esp32Clock();
            GpioController gpio = new GpioController();

            // Both chips share SPI bus 1 at the same clock and mode 0; the native driver drives each chip select.
            Mfrc522 mfrc522 = new Mfrc522(
                new Esp32SpiDevice(board.SpiBus, board.Mfrc522ChipSelectPin, board.SpiClockHertz),
                new Esp32OutputPin(gpio, board.Mfrc522ResetPin, true),
                new Esp32InputPin(gpio, board.Mfrc522IrqPin, false, clock),
                clock);
            Nrf24Driver nrf24 = new Nrf24Driver(
                new Esp32SpiDevice(board.SpiBus, board.Nrf24ChipSelectPin, board.SpiClockHertz),
                new Esp32OutputPin(gpio, board.Nrf24ChipEnablePin, false),
                new Esp32InputPin(gpio, board.Nrf24IrqPin, false, clock),
                clock);
            Esp32SerialPort host = new Esp32SerialPort(board.HostSerialPort, 115200, 2048);

            ReaderApplication reader = new ReaderApplication(mfrc522, nrf24, host, clock, PreSharedKey, ReaderIdentity, new SystemRandomSource(), new SystemRandomSource(), ReaderApplication.DefaultQueueCapacity);

            // Self-test: a missing or fake chip is reported to the host and the other radio keeps working.
            reader.Start();
            while (true)
            {
                reader.RunCycle();
            }
        }
    }
}
