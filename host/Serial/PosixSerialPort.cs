using System;
using System.IO;
using System.Runtime.InteropServices;

namespace DualReader.Host.Serial;

/// <summary>A byte link to the reader: a serial port, or a pseudo-terminal in tests.</summary>
public interface ISerialLink : IDisposable
{
    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> for data; returns the bytes read, 0 on timeout.</summary>
    int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds);

    void Write(byte[] buffer, int offset, int count);
}

/// <summary>
/// A tty on Linux or macOS, opened and configured with termios through libc (open, tcgetattr, cfmakeraw,
/// cfsetspeed, tcsetattr, poll, read, write): raw 8N1, no flow control, receiver on, modem lines ignored.
/// System.IO.Ports is not used (not available from the package registry here).
/// </summary>
public sealed class PosixSerialPort : ISerialLink
{
    private const int ORdWr = 2;
    private const short PollIn = 0x001;
    private const short PollOut = 0x004;
    private const int Eintr = 4;
    private const int Eagain = 11;
    private const int EagainMac = 35;

    private int descriptor;

    private PosixSerialPort(int descriptor)
    {
        this.descriptor = descriptor;
    }

    private static bool IsMac => OperatingSystem.IsMacOS();

    private static int ONoCtty => IsMac ? 0x20000 : 0x100;

    private static int ONonBlock => IsMac ? 0x4 : 0x800;

    /// <summary>Opens <paramref name="path"/> and sets it to raw mode at <paramref name="baudRate"/>.</summary>
    /// <exception cref="IOException">The port cannot be opened or configured (message says why).</exception>
    /// <exception cref="PlatformNotSupportedException">On Windows (see the README).</exception>
    public static PosixSerialPort Open(string path, int baudRate)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("serial ports are supported on Linux and macOS; on Windows run the tool in WSL with the port attached (usbipd), see README");
        }

        nuint speed = SpeedCode(baudRate);
        int fd = Native.open(path, ORdWr | ONoCtty | ONonBlock);
        if (fd < 0)
        {
            throw new IOException($"cannot open {path}: {Describe(Marshal.GetLastPInvokeError())}");
        }

        var port = new PosixSerialPort(fd);
        try
        {
            port.Configure(speed);
        }
        catch
        {
            port.Dispose();
            throw;
        }

        return port;
    }

    /// <summary>Wraps an already open descriptor (the master side of a pseudo-terminal).</summary>
    public static PosixSerialPort FromDescriptor(int descriptor) => new(descriptor);

    private void Configure(nuint speed)
    {
        // struct termios is 60 bytes on Linux and 72 on macOS; a larger opaque buffer holds either.
        byte[] termios = new byte[256];
        if (Native.tcgetattr(descriptor, termios) != 0)
        {
            throw new IOException($"not a terminal device: {Describe(Marshal.GetLastPInvokeError())}");
        }

        Native.cfmakeraw(termios);
        int result = IsMac ? Native.cfsetspeed_mac(termios, speed) : Native.cfsetspeed_linux(termios, (uint)speed);
        if (result != 0)
        {
            throw new IOException($"baud rate not supported: {Describe(Marshal.GetLastPInvokeError())}");
        }

        // c_cflag |= CLOCAL | CREAD: ignore modem control lines, enable the receiver. tcflag_t is 32-bit at offset 8
        // on Linux and 64-bit at offset 16 on macOS.
        if (IsMac)
        {
            long cflag = BitConverter.ToInt64(termios, 16) | 0x8000 | 0x800;
            BitConverter.GetBytes(cflag).CopyTo(termios, 16);
        }
        else
        {
            int cflag = BitConverter.ToInt32(termios, 8) | 0x800 | 0x80;
            BitConverter.GetBytes(cflag).CopyTo(termios, 8);
        }

        if (Native.tcsetattr(descriptor, 0, termios) != 0)
        {
            throw new IOException($"cannot configure the port: {Describe(Marshal.GetLastPInvokeError())}");
        }
    }

    /// <summary>The termios speed code: Linux uses B-constants, macOS the plain number.</summary>
    public static nuint SpeedCode(int baudRate)
    {
        if (IsMac)
        {
            return baudRate > 0 ? (nuint)baudRate : throw new ArgumentException($"unsupported baud rate {baudRate}");
        }

        // <asm-generic/termbits.h>
        return baudRate switch
        {
            1200 => 0x9,
            2400 => 0xB,
            4800 => 0xC,
            9600 => 0xD,
            19200 => 0xE,
            38400 => 0xF,
            57600 => 0x1001,
            115200 => 0x1002,
            230400 => 0x1003,
            460800 => 0x1004,
            500000 => 0x1005,
            921600 => 0x1007,
            1000000 => 0x1008,
            2000000 => 0x100B,
            _ => throw new ArgumentException($"unsupported baud rate {baudRate} (use 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600, 1000000 or 2000000)"),
        };
    }

    public int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (count <= 0 || offset < 0 || offset + count > buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        if (!Poll(PollIn, timeoutMilliseconds))
        {
            return 0;
        }

        unsafe
        {
            fixed (byte* pointer = &buffer[offset])
            {
                nint read = Native.read(descriptor, pointer, (nuint)count);
                if (read < 0)
                {
                    int error = Marshal.GetLastPInvokeError();
                    if (error == Eagain || error == EagainMac || error == Eintr)
                    {
                        return 0;
                    }

                    throw new IOException($"read failed: {Describe(error)}");
                }

                return (int)read;
            }
        }
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (count < 0 || offset < 0 || offset + count > buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        int written = 0;
        while (written < count)
        {
            unsafe
            {
                fixed (byte* pointer = &buffer[offset + written])
                {
                    nint result = Native.write(descriptor, pointer, (nuint)(count - written));
                    if (result < 0)
                    {
                        int error = Marshal.GetLastPInvokeError();
                        if (error != Eagain && error != EagainMac && error != Eintr)
                        {
                            throw new IOException($"write failed: {Describe(error)}");
                        }

                        if (!Poll(PollOut, 2000))
                        {
                            throw new IOException("write timed out (is the reader connected?)");
                        }

                        continue;
                    }

                    written += (int)result;
                }
            }
        }
    }

    private bool Poll(short events, int timeoutMilliseconds)
    {
        var request = new Native.PollDescriptor { Descriptor = descriptor, Events = events };
        int ready = Native.poll(ref request, 1, timeoutMilliseconds);
        if (ready < 0)
        {
            int error = Marshal.GetLastPInvokeError();
            if (error == Eintr)
            {
                return false;
            }

            throw new IOException($"poll failed: {Describe(error)}");
        }

        return ready > 0 && (request.ReturnedEvents & events) != 0;
    }

    private static string Describe(int error) => Marshal.GetPInvokeErrorMessage(error);

    public void Dispose()
    {
        if (descriptor >= 0)
        {
            Native.close(descriptor);
            descriptor = -1;
        }
    }

    /// <summary>
    /// A pseudo-terminal pair (posix_openpt, grantpt, unlockpt, ptsname): the master stands in for the reader, the
    /// slave path is what `monitor --port` opens. For tests and for trying the tool without hardware.
    /// </summary>
    public static PosixSerialPort OpenPseudoTerminal(out string slavePath)
    {
        int master = Native.posix_openpt(ORdWr | ONoCtty);
        if (master < 0 || Native.grantpt(master) != 0 || Native.unlockpt(master) != 0)
        {
            throw new IOException($"cannot create a pseudo-terminal: {Describe(Marshal.GetLastPInvokeError())}");
        }

        IntPtr name = Native.ptsname(master);
        slavePath = Marshal.PtrToStringAnsi(name) ?? throw new IOException("ptsname failed");
        int flags = Native.fcntl(master, 3 /* F_GETFL */, 0);
        Native.fcntl(master, 4 /* F_SETFL */, flags | ONonBlock);
        return new PosixSerialPort(master);
    }

    private static unsafe class Native
    {
        [StructLayout(LayoutKind.Sequential)]
        public struct PollDescriptor
        {
            public int Descriptor;
            public short Events;
            public short ReturnedEvents;
        }

        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern nint read(int fd, byte* buffer, nuint count);

        [DllImport("libc", SetLastError = true)]
        public static extern nint write(int fd, byte* buffer, nuint count);

        [DllImport("libc", SetLastError = true)]
        public static extern int poll(ref PollDescriptor fds, nuint count, int timeout);

        [DllImport("libc", SetLastError = true)]
        public static extern int tcgetattr(int fd, byte[] termios);

        [DllImport("libc", SetLastError = true)]
        public static extern int tcsetattr(int fd, int optionalActions, byte[] termios);

        [DllImport("libc", SetLastError = true)]
        public static extern void cfmakeraw(byte[] termios);

        [DllImport("libc", EntryPoint = "cfsetspeed", SetLastError = true)]
        public static extern int cfsetspeed_linux(byte[] termios, uint speed);

        [DllImport("libc", EntryPoint = "cfsetspeed", SetLastError = true)]
        public static extern int cfsetspeed_mac(byte[] termios, nuint speed);

        [DllImport("libc", SetLastError = true)]
        public static extern int fcntl(int fd, int command, int argument);

        [DllImport("libc", SetLastError = true)]
        public static extern int posix_openpt(int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int grantpt(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int unlockpt(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern IntPtr ptsname(int fd);
    }
}
