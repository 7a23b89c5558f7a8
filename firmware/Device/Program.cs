using System.Device.Gpio;
using System.Threading;
using DualReader.Boards;
using DualReader.Hal.Esp32;

namespace DualReader.Device
{
    /// <summary>The firmware's entry point on an ESP32: wires the board's pins and starts the reader.</summary>
    public static class Program
    {
        /// <summary>Runs the reader on the board selected at build time.</summary>
        public static void Main()
        {
            Esp32DevKitC board = new Esp32DevKitC();
            board.RoutePins(new Esp32PinFunctions());

            Esp32Clock clock = new Esp32Clock();
            GpioController gpio = new GpioController();
            Esp32SpiDevice mfrc522Spi = new Esp32SpiDevice(board.SpiBus, board.Mfrc522ChipSelectPin, board.SpiClockHertz);
            Esp32OutputPin mfrc522Reset = new Esp32OutputPin(gpio, board.Mfrc522ResetPin, true);
            Esp32InputPin mfrc522Irq = new Esp32InputPin(gpio, board.Mfrc522IrqPin, false, clock);

            Thread.Sleep(Timeout.Infinite);
        }
    }
}
