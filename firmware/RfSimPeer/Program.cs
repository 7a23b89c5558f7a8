using DualReader.Hal;
namespace DualReader.RfSimPeer
{
    using System.Device.Gpio;
    using DualReader.Boards;
    using DualReader.Firmware.Nrf24;
    using DualReader.Firmware.RfSim;
    using DualReader.Hal.Esp32;

    /// <summary>
    /// The reference RF-SIM peer on a second ESP32-DevKitC with an nRF24L01+ module wired as in the README (the
    /// MFRC522 and the USB-UART adapter may be left off): it answers a DualReader reader over the open RF-SIM link
    /// with the in-code <see cref="DemoPaymentApplet"/>.
    /// </summary>
    public static class Program
    {
        // The demo pre-shared key, identical in the reader's configuration. Anyone with the sources knows it:
        // replace it on both ends before using the link for anything but a demonstration (PROTOCOL.md 8).
        private static readonly byte[] PreSharedKey =
        {
            0x2B, 0x7E, 0x15, 0x16, 0x28, 0xAE, 0xD2, 0xA6, 0xAB, 0xF7, 0x15, 0x88, 0x09, 0xCF, 0x4F, 0x3C
        };

        /// <summary>Starts the peer and serves readers forever.</summary>
        public static void Main()
        {
            Esp32DevKitC board = new Esp32DevKitC();
            board.RoutePins(new Esp32PinFunctions());

            Esp32Clock clock = new Esp32Clock();
            GpioController gpio = new GpioController();
            Esp32SpiDevice spi = new Esp32SpiDevice(board.SpiBus, board.Nrf24ChipSelectPin, board.SpiClockHertz);
            Esp32OutputPin chipEnable = new Esp32OutputPin(gpio, board.Nrf24ChipEnablePin, false);

            // GPIO35 is input-only without an internal pull-up; the nRF24L01+ drives IRQ itself (PS 8.4).
            Esp32InputPin irq = new Esp32InputPin(gpio, board.Nrf24IrqPin, false, clock);

            Nrf24Driver radio = new Nrf24Driver(spi, chipEnable, irq, clock);
            RfSimPeer peer = new RfSimPeer(radio, clock, new DemoPaymentApplet(), PreSharedKey, new SystemRandomSource());

            // Throws at start-up when no nRF24L01+ answers (register read-back).
            peer.Start();
            peer.Run();
        }
    }
}
