using System;
using DualReader.Hal;

namespace DualReader.Bench.Replay
{
    /// <summary>The host UART: hands back the recorded counts and received bytes (the simulated host's
    /// acknowledgements); what the firmware writes goes to the tape's checksum when that is on.</summary>
    public sealed class ReplaySerialPort : ISerialPort
    {
        private const byte Baud = TapeKind.HostUart | TapeKind.SerialBaudRate;
        private const byte Waiting = TapeKind.HostUart | TapeKind.SerialBytesToRead;
        private const byte Receive = TapeKind.HostUart | TapeKind.SerialRead;
        private const byte Transmit = TapeKind.HostUart | TapeKind.SerialWrite;
        private readonly HalTape tape;

        public ReplaySerialPort(HalTape tape)
        {
            this.tape = tape;
        }

        public int BaudRate
        {
            get { return TakeNumber(Baud); }
        }

        public int BytesToRead
        {
            get { return TakeNumber(Waiting); }
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            HalTape t = tape;
            int position = t.Position;
            if (position >= t.WatchFrom)
            {
                t.Watch();
            }

            if (position >= t.Length || t.Kinds[position] != Receive || t.Numbers[t.NumberCursor] > count)
            {
                throw t.Diverged(Receive, count);
            }

            t.Position = position + 1;
            int received = t.Numbers[t.NumberCursor++];
            Array.Copy(t.Bytes, t.ByteCursor, buffer, offset, received);
            t.ByteCursor += received;
            return received;
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            HalTape t = tape;
            int position = t.Position;
            if (position >= t.WatchFrom)
            {
                t.Watch();
            }

            if (position >= t.Length || t.Kinds[position] != Transmit)
            {
                throw t.Diverged(Transmit, count);
            }

            t.Position = position + 1;
            if (t.ChecksumUart)
            {
                t.Written(buffer, offset, count);
            }
        }

        private int TakeNumber(byte kind)
        {
            HalTape t = tape;
            int position = t.Position;
            if (position >= t.WatchFrom)
            {
                t.Watch();
            }

            if (position >= t.Length || t.Kinds[position] != kind)
            {
                throw t.Diverged(kind, -1);
            }

            t.Position = position + 1;
            return t.Numbers[t.NumberCursor++];
        }
    }
}
