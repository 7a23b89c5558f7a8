using System;
using System.IO;
using System.Runtime.InteropServices;
using DualReader.Host.Serial;

namespace DualReader.Tests.Pc;

/// <summary>
/// The master side of a pseudo-terminal pair (posix_openpt, grantpt, unlockpt, ptsname) on Linux and macOS: it stands
/// in for the reader, and the slave path is what `monitor --port` and `send --port` open through System.IO.Ports.
/// Tests only; the tool itself has no native code.
/// </summary>
internal sealed class PseudoTerminal : ISerialLink
{
    private const int ReadWrite = 2;
    private const short PollIn = 0x001;
    private const short PollOut = 0x004;
    private const int Interrupted = 4;
    private const int TryAgainLinux = 11;
    private const int TryAgainMac = 35;

    private int descriptor;

    private PseudoTerminal(int descriptor, string slavePath)
    {
        this.descriptor = descriptor;
        SlavePath = slavePath;
    }

    /// <summary>The terminal device the tool opens (/dev/pts/N).</summary>
    public string SlavePath { get; }

    private static int NoControllingTerminal => OperatingSystem.IsMacOS() ? 0x20000 : 0x100;

    private static int NonBlocking => OperatingSystem.IsMacOS() ? 0x4 : 0x800;

    /// <summary>
    /// Creates a pair and puts the slave in raw mode by opening it once through the tool's own
    /// <see cref="SerialLink"/> (the terminal settings stay while the master is open), so that bytes written before the
    /// tool opens the port are not echoed or translated by the line discipline.
    /// </summary>
    public static PseudoTerminal Open()
    {
        int master = Native.posix_openpt(ReadWrite | NoControllingTerminal);
        if (master < 0 || Native.grantpt(master) != 0 || Native.unlockpt(master) != 0)
        {
            throw new IOException($"cannot create a pseudo-terminal: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        string slavePath = Marshal.PtrToStringAnsi(Native.ptsname(master)) ?? throw new IOException("ptsname failed");
        int flags = Native.fcntl(master, 3 /* F_GETFL */, 0);
        Native.fcntl(master, 4 /* F_SETFL */, flags | NonBlocking);
        var terminal = new PseudoTerminal(master, slavePath);
        using (SerialLink.Open(slavePath, 115200))
        {
        }

        return terminal;
    }

    public int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds)
    {
        if (!Poll(PollIn, timeoutMilliseconds))
        {
            return 0;
        }

        nint read = Native.read(descriptor, ref buffer[offset], (nuint)count);
        if (read < 0)
        {
            int error = Marshal.GetLastPInvokeError();
            if (error == TryAgainLinux || error == TryAgainMac || error == Interrupted)
            {
                return 0;
            }

            throw new IOException($"read failed: {Marshal.GetPInvokeErrorMessage(error)}");
        }

        return (int)read;
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        int written = 0;
        while (written < count)
        {
            nint result = Native.write(descriptor, ref buffer[offset + written], (nuint)(count - written));
            if (result < 0)
            {
                int error = Marshal.GetLastPInvokeError();
                if (error != TryAgainLinux && error != TryAgainMac && error != Interrupted)
                {
                    throw new IOException($"write failed: {Marshal.GetPInvokeErrorMessage(error)}");
                }

                if (!Poll(PollOut, 2000))
                {
                    throw new IOException("write timed out");
                }

                continue;
            }

            written += (int)result;
        }
    }

    private bool Poll(short events, int timeoutMilliseconds)
    {
        var request = new Native.PollDescriptor { Descriptor = descriptor, Events = events };
        int ready = Native.poll(ref request, 1, timeoutMilliseconds);
        return ready > 0 && (request.ReturnedEvents & events) != 0;
    }

    public void Dispose()
    {
        if (descriptor >= 0)
        {
            Native.close(descriptor);
            descriptor = -1;
        }
    }

    private static class Native
    {
        [StructLayout(LayoutKind.Sequential)]
        public struct PollDescriptor
        {
            public int Descriptor;
            public short Events;
            public short ReturnedEvents;
        }

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern nint read(int fd, ref byte buffer, nuint count);

        [DllImport("libc", SetLastError = true)]
        public static extern nint write(int fd, ref byte buffer, nuint count);

        [DllImport("libc", SetLastError = true)]
        public static extern int poll(ref PollDescriptor fds, nuint count, int timeout);

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
