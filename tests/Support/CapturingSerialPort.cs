using System;
using DualReader.Hal;

namespace DualReader.Tests.Support
{
    /// <summary>A UART that records what the reader wrote and delivers bytes the test queued as "from the host",
    /// at most <see cref="ReadChunk"/> at a time.</summary>
    public sealed class CapturingSerialPort : ISerialPort
    {
        private byte[] written = new byte[4096];
        private int length;

        public int BaudRate
        {
            get { return 115200; }
        }

        private byte[] incoming = new byte[0];
        private int incomingPosition;

        public int ReadChunk { get; set; } = 7;

        public int BytesToRead
        {
            get { return incoming.Length - incomingPosition; }
        }

        public void Feed(byte[] bytes)
        {
            byte[] joined = new byte[BytesToRead + bytes.Length];
            Array.Copy(incoming, incomingPosition, joined, 0, BytesToRead);
            Array.Copy(bytes, 0, joined, BytesToRead, bytes.Length);
            incoming = joined;
            incomingPosition = 0;
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
            int available = Math.Min(Math.Min(count, ReadChunk), BytesToRead);
            Array.Copy(incoming, incomingPosition, buffer, offset, available);
            incomingPosition += available;
            return available;
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
