using System.IO.Ports;

namespace DualReader.Hal.Esp32
{
    /// <summary><see cref="ISerialPort"/> on a nanoFramework <see cref="SerialPort"/> (8N1).</summary>
    public sealed class Esp32SerialPort : ISerialPort
    {
        private readonly SerialPort port;

        /// <summary>Opens <paramref name="portName"/> (e.g. "COM2"); its pins must be routed first.</summary>
        /// <remarks>COM1 carries the nanoFramework debugger on a classic ESP32, opening it throws.</remarks>
        public Esp32SerialPort(string portName, int baudRate, int readBufferSize)
        {
            port = new SerialPort(portName, baudRate, Parity.None, 8, StopBits.One);
            port.ReadBufferSize = readBufferSize;
            port.Open();
        }

        /// <inheritdoc />
        public int BaudRate
        {
            get { return port.BaudRate; }
        }

        /// <inheritdoc />
        public int BytesToRead
        {
            get { return port.BytesToRead; }
        }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count)
        {
            // SerialPort.Read on ESP32 waits for all requested bytes or throws TimeoutException: ask only for
            // what is already there.
            int available = port.BytesToRead;
            if (available <= 0)
            {
                return 0;
            }

            if (available < count)
            {
                count = available;
            }

            return port.Read(buffer, offset, count);
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count)
        {
            port.Write(buffer, offset, count);
        }
    }
}
