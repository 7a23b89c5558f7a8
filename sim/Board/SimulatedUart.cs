using System;
using System.Collections;
using DualReader.Hal;
using DualReader.Sim.Timing;

namespace DualReader.Sim.Board
{
    /// <summary>
    /// The reader's host UART on the virtual clock (8N1: 10 bits a byte). Every byte the reader writes is kept with
    /// the virtual time its stop bit ends; the transmitter sends one byte after the other at the baud rate, so a
    /// burst queues up behind the previous one (the write itself returns at once, as into the driver's TX buffer).
    /// The time the last byte of a write leaves is <see cref="TransmittedTime"/> of its index (the bench's "record on
    /// the wire" figure).
    /// The wire time goes to <see cref="CostLedger.UartMicroseconds"/>. Bytes from the host are delivered to
    /// <see cref="Read"/> once their arrival time has come.
    /// </summary>
    public sealed class SimulatedUart : ISerialPort
    {
        private readonly VirtualClock clock;
        private readonly CostModel costs;
        private readonly CostLedger ledger;
        private byte[] transmitted = new byte[4096];
        private long[] transmittedAt = new long[4096];
        private int transmittedCount;
        private long transmitterFreeAt;
        private long burstStart;
        private int burstBytes;
        private readonly ArrayList incoming = new ArrayList();
        private int incomingRead;

        /// <summary>A UART at <see cref="CostModel.UartBaudRate"/>.</summary>
        public SimulatedUart(VirtualClock clock, CostModel costs, CostLedger ledger)
        {
            if (clock == null || costs == null || ledger == null)
            {
                throw new ArgumentNullException(clock == null ? "clock" : costs == null ? "costs" : "ledger");
            }

            this.clock = clock;
            this.costs = costs;
            this.ledger = ledger;
        }

        /// <summary>Called before every <see cref="Read"/>, so a simulated host can answer what it has received
        /// by now.</summary>
        public SimulatedHost Host { get; set; }

        /// <inheritdoc />
        public int BaudRate
        {
            get { return costs.UartBaudRate; }
        }

        /// <summary>Bytes the reader has written so far.</summary>
        public int TransmittedCount
        {
            get { return transmittedCount; }
        }

        /// <summary>The byte the reader wrote at position <paramref name="index"/>.</summary>
        public byte TransmittedByte(int index)
        {
            return transmitted[index];
        }

        /// <summary>Virtual time the byte at <paramref name="index"/> was completely on the wire (µs).</summary>
        public long TransmittedTime(int index)
        {
            return transmittedAt[index];
        }

        /// <summary>A copy of everything the reader wrote: the UART capture.</summary>
        public byte[] Transmitted()
        {
            byte[] copy = new byte[transmittedCount];
            Array.Copy(transmitted, copy, transmittedCount);
            return copy;
        }

        /// <inheritdoc />
        public int BytesToRead
        {
            get
            {
                Deliver();
                int count = 0;
                long now = clock.GetMicroseconds();
                for (int index = incomingRead; index < incoming.Count; index++)
                {
                    if (((IncomingByte)incoming[index]).ArrivalMicroseconds > now)
                    {
                        break;
                    }

                    count++;
                }

                return count;
            }
        }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count)
        {
            Deliver();
            long now = clock.GetMicroseconds();
            int read = 0;
            while (read < count && incomingRead < incoming.Count)
            {
                IncomingByte next = (IncomingByte)incoming[incomingRead];
                if (next.ArrivalMicroseconds > now)
                {
                    break;
                }

                buffer[offset + read] = next.Value;
                read++;
                incomingRead++;
            }

            return read;
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || count < 0 || offset + count > buffer.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            // A burst is sent back to back from the moment the transmitter was idle; byte n of it is on the wire
            // n x 10 bits after the burst began, rounded up once (not once per byte, which would add up).
            long now = clock.GetMicroseconds();
            if (now >= transmitterFreeAt)
            {
                burstStart = now;
                burstBytes = 0;
            }

            long end = transmitterFreeAt;
            for (int index = 0; index < count; index++)
            {
                if (transmittedCount == transmitted.Length)
                {
                    Grow();
                }

                burstBytes++;
                end = burstStart + costs.UartMicroseconds(burstBytes);
                transmitted[transmittedCount] = buffer[offset + index];
                transmittedAt[transmittedCount] = end;
                transmittedCount++;
            }

            if (count > 0)
            {
                transmitterFreeAt = end;
            }

            ledger.UartMicroseconds += costs.UartMicroseconds(count);
        }

        /// <summary>Queues bytes from the host; they reach the reader at <paramref name="sentMicroseconds"/> plus
        /// their own wire time.</summary>
        public void Inject(byte[] bytes, int offset, int count, long sentMicroseconds)
        {
            long byteMicroseconds = costs.UartMicroseconds(1);
            long last = incoming.Count > 0 ? ((IncomingByte)incoming[incoming.Count - 1]).ArrivalMicroseconds : 0;
            long arrival = sentMicroseconds > last ? sentMicroseconds : last;
            for (int index = 0; index < count; index++)
            {
                arrival += byteMicroseconds;
                incoming.Add(new IncomingByte(bytes[offset + index], arrival));
            }
        }

        private void Deliver()
        {
            if (Host != null)
            {
                Host.Service();
            }
        }

        private void Grow()
        {
            byte[] bytes = new byte[transmitted.Length * 2];
            long[] times = new long[transmitted.Length * 2];
            Array.Copy(transmitted, bytes, transmittedCount);
            Array.Copy(transmittedAt, times, transmittedCount);
            transmitted = bytes;
            transmittedAt = times;
        }

        private sealed class IncomingByte
        {
            public IncomingByte(byte value, long arrivalMicroseconds)
            {
                Value = value;
                ArrivalMicroseconds = arrivalMicroseconds;
            }

            public byte Value { get; private set; }

            public long ArrivalMicroseconds { get; private set; }
        }
    }
}
