namespace DualReader.Hal
{
    /// <summary>A UART, used for the link to the host.</summary>
    /// <remarks>
    /// Reads never block: on ESP32 nanoFramework <c>SerialPort.Read</c> waits for all requested bytes or throws, so
    /// implementations read at most what has already arrived.
    /// </remarks>
    public interface ISerialPort
    {
        /// <summary>The configured baud rate, used to compute UART time (10 bits a byte, 8N1).</summary>
        int BaudRate { get; }

        /// <summary>Number of received bytes waiting to be read.</summary>
        int BytesToRead { get; }

        /// <summary>Copies up to <paramref name="count"/> received bytes without waiting.</summary>
        /// <returns>The number of bytes copied, 0 when nothing was waiting.</returns>
        int Read(byte[] buffer, int offset, int count);

        /// <summary>Queues bytes for transmission.</summary>
        void Write(byte[] buffer, int offset, int count);
    }
}
