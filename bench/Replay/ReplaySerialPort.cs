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
            get
            {
                tape.Take(Baud);
                return tape.TakeNumber();
            }
        }

        public int BytesToRead
        {
            get
            {
                tape.Take(Waiting);
                return tape.TakeNumber();
            }
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            tape.Take(Receive);
            int received = tape.TakeNumber();
            if (received > count)
            {
                throw new InvalidOperationException("replay diverged at entry " + (tape.Position - 1).ToString() + ": UART read of at most " + count.ToString() + " bytes, tape " + received.ToString());
            }

            tape.TakeBytes(buffer, offset, received);
            return received;
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            tape.Take(Transmit);
            tape.Written(buffer, offset, count);
        }
    }
}
