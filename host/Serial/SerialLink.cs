using System;
using System.IO;
using System.IO.Ports;

namespace DualReader.Host.Serial;

/// <summary>A byte link to the reader: a serial port, or a pseudo-terminal in tests.</summary>
public interface ISerialLink : IDisposable
{
    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> for data; returns the bytes read, 0 on timeout.</summary>
    int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds);

    void Write(byte[] buffer, int offset, int count);
}

/// <summary>
/// The reader's UART through System.IO.Ports, so the same code runs on Windows (COM3), Linux (/dev/ttyUSB0) and
/// macOS (/dev/cu.usbserial-0001): raw 8N1, no flow control, DTR and RTS left low (many USB-UART boards wire them to
/// the ESP32's reset and boot pins).
/// </summary>
public sealed class SerialLink : ISerialLink
{
    /// <summary>How long a write may wait for the UART before the link is declared dead.</summary>
    private const int WriteTimeoutMilliseconds = 2000;

    private readonly SerialPort port;

    private SerialLink(SerialPort port)
    {
        this.port = port;
    }

    /// <summary>Opens <paramref name="portName"/> at <paramref name="baudRate"/>, 8N1.</summary>
    /// <exception cref="IOException">The port cannot be opened or configured (the message names the port and why).</exception>
    /// <exception cref="ArgumentException">The baud rate is not positive.</exception>
    public static SerialLink Open(string portName, int baudRate)
    {
        if (baudRate <= 0)
        {
            throw new ArgumentException($"unsupported baud rate {baudRate}");
        }

        var port = new SerialPort(portName, baudRate, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            DtrEnable = false,
            RtsEnable = false,
            WriteTimeout = WriteTimeoutMilliseconds,
            // The reader's frames come in bursts of up to 1040 bytes; a larger driver buffer rides out a slow console.
            ReadBufferSize = 64 * 1024,
        };
        try
        {
            port.Open();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            port.Dispose();
            throw new IOException($"cannot open {portName}: {exception.Message}", exception);
        }

        return new SerialLink(port);
    }

    public int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (count <= 0 || offset < 0 || offset + count > buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        // SerialPort.Read waits for the first byte up to ReadTimeout, then returns what is there.
        port.ReadTimeout = Math.Max(1, timeoutMilliseconds);
        try
        {
            return port.Read(buffer, offset, count);
        }
        catch (TimeoutException)
        {
            return 0;
        }
        catch (InvalidOperationException exception)
        {
            throw new IOException($"read failed: {exception.Message}", exception);
        }
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        try
        {
            port.Write(buffer, offset, count);
        }
        catch (TimeoutException exception)
        {
            throw new IOException("write timed out (is the reader connected?)", exception);
        }
        catch (InvalidOperationException exception)
        {
            throw new IOException($"write failed: {exception.Message}", exception);
        }
    }

    public void Dispose()
    {
        port.Dispose();
    }
}
