using System;
using DualReader.Hal;

namespace DualReader.Tests.HostLink
{
    /// <summary>A UART that records what the reader wrote (and has nothing to read).</summary>
    internal sealed class CapturingSerialPort : ISerialPort
    {
        private byte[] written = new byte[4096];
        private int length;

        public int BaudRate
        {
            get { return 115200; }
        }

        public int BytesToRead
        {
            get { return 0; }
        }

        public int Length
        {
            get { return length; }
        }

        public byte[] Buffer
        {
            get { return written; }
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            return 0;
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            if (length + count > written.Length)
            {
                byte[] larger = new byte[(length + count) * 2];
                Array.Copy(written, 0, larger, 0, length);
                written = larger;
            }

            Array.Copy(buffer, offset, written, length, count);
            length += count;
        }

        public void Clear()
        {
            length = 0;
        }
    }
}
