using System;
using System.Collections;
using DualReader.Hal;
using DualReader.Sim.Timing;

namespace DualReader.Sim.Board
{
    /// <summary>
    /// The reader's host UART on the virtual clock (8N1: 10 bits a byte). The transmitter sends one byte after the
    /// other at the baud rate, so a burst queues up behind the previous one (the write itself returns at once, as into
    /// the driver's TX buffer). The time the last byte of a write leaves is <see cref="TransmittedTime"/> of its index
    /// (the bench's "record on the wire" figure). The wire time goes to <see cref="CostLedger.UartMicroseconds"/>.
    /// Bytes from the host are delivered to <see cref="Read"/> once their arrival time has come.
    /// Memory is bounded whatever the run's length: the model holds the last <see cref="HeldCapacity"/> bytes sent
    /// (with their times) and hands every byte to <see cref="Sink"/> as it is written, so a capture of any length is
    /// streamed, not kept; bytes from the host are held until read, up to <see cref="ReceiveCapacity"/>.
    /// </summary>
    public sealed class SimulatedUart : ISerialPort
    {
        /// <summary>Bytes sent that stay readable by index (the simulated host reads them within a few cycles).</summary>
        public const int DefaultHeldCapacity = 65536;

        /// <summary>Bytes from the host not yet read: a host's burst is a few frames of at most 1040 bytes.</summary>
        public const int DefaultReceiveCapacity = 16384;

        private const int InitialCapacity = 1024;

        private readonly VirtualClock clock;
        private readonly CostModel costs;
        private readonly CostLedger ledger;

        // Sent bytes: a ring of the newest HeldCapacity bytes; index n of the whole stream sits at n % held.Length.
        private byte[] held = new byte[InitialCapacity];
        private long[] heldAt = new long[InitialCapacity];
        private int transmittedCount;
        private long transmitterFreeAt;
        private long burstStart;
        private int burstBytes;
        private int heldCapacity = DefaultHeldCapacity;

        // Received bytes: [incomingRead, incomingCount) are waiting; the arrays restart at 0 once all are read.
        private byte[] incoming = new byte[InitialCapacity];
        private long[] incomingAt = new long[InitialCapacity];
        private int incomingCount;
        private int incomingRead;
        private int receiveCapacity = DefaultReceiveCapacity;

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

        /// <summary>Receives every byte the reader writes, in order, as it is written (a capture file, a leak scan).</summary>
        public IUartSink Sink { get; set; }

        /// <summary>How many of the newest sent bytes stay readable by index; set before the first write.</summary>
        public int HeldCapacity
        {
            get { return heldCapacity; }
            set
            {
                if (value < 1 || transmittedCount > 0)
                {
                    throw new ArgumentOutOfRangeException("value", "at least 1, and only before the first write");
                }

                heldCapacity = value;
                if (held.Length > value)
                {
                    held = new byte[value];
                    heldAt = new long[value];
                }
            }
        }

        /// <summary>How many bytes from the host may wait unread; more are lost, as in a full RX buffer.</summary>
        public int ReceiveCapacity
        {
            get { return receiveCapacity; }
            set
            {
                if (value < 1)
                {
                    throw new ArgumentOutOfRangeException("value");
                }

                receiveCapacity = value;
            }
        }

        /// <summary>Bytes from the host lost because <see cref="ReceiveCapacity"/> bytes were already waiting.</summary>
        public int ReceiveOverruns { get; private set; }

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

        /// <summary>Index of the oldest sent byte still held (0 until more than <see cref="HeldCapacity"/> were sent).</summary>
        public int FirstHeldIndex
        {
            get { return transmittedCount > held.Length ? transmittedCount - held.Length : 0; }
        }

        /// <summary>The byte the reader wrote at position <paramref name="index"/> (one still held).</summary>
        public byte TransmittedByte(int index)
        {
            CheckHeld(index);
            return held[index % held.Length];
        }

        /// <summary>Virtual time the byte at <paramref name="index"/> was completely on the wire (µs).</summary>
        public long TransmittedTime(int index)
        {
            CheckHeld(index);
            return heldAt[index % held.Length];
        }

        /// <summary>A copy of everything the reader wrote: the UART capture. A run that sent more than
        /// <see cref="HeldCapacity"/> bytes has only a window left: it takes its capture through <see cref="Sink"/>.</summary>
        public byte[] Transmitted()
        {
            if (FirstHeldIndex > 0)
            {
                throw new InvalidOperationException("only the last " + held.Length + " of " + transmittedCount + " bytes are held; capture through Sink");
            }

            byte[] copy = new byte[transmittedCount];
            Array.Copy(held, copy, transmittedCount);
            return copy;
        }

        /// <inheritdoc />
        public int BytesToRead
        {
            get
            {
                Deliver();
                long now = clock.GetMicroseconds();
                int index = incomingRead;
                while (index < incomingCount && incomingAt[index] <= now)
                {
                    index++;
                }

                return index - incomingRead;
            }
        }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count)
        {
            Deliver();
            long now = clock.GetMicroseconds();
            int read = 0;
            while (read < count && incomingRead < incomingCount && incomingAt[incomingRead] <= now)
            {
                buffer[offset + read] = incoming[incomingRead];
                read++;
                incomingRead++;
            }

            if (incomingRead == incomingCount)
            {
                incomingRead = 0;
                incomingCount = 0;
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
                if (transmittedCount == held.Length && held.Length < heldCapacity)
                {
                    GrowHeld();
                }

                burstBytes++;
                end = burstStart + costs.UartMicroseconds(burstBytes);
                int slot = transmittedCount % held.Length;
                held[slot] = buffer[offset + index];
                heldAt[slot] = end;
                transmittedCount++;
            }

            if (count > 0)
            {
                transmitterFreeAt = end;
                if (Sink != null)
                {
                    Sink.Write(buffer, offset, count);
                }
            }

            ledger.UartMicroseconds += costs.UartMicroseconds(count);
        }

        /// <summary>Queues bytes from the host; they reach the reader at <paramref name="sentMicroseconds"/> plus
        /// their own wire time. Bytes beyond <see cref="ReceiveCapacity"/> waiting are lost (<see cref="ReceiveOverruns"/>).</summary>
        public void Inject(byte[] bytes, int offset, int count, long sentMicroseconds)
        {
            long byteMicroseconds = costs.UartMicroseconds(1);
            long last = incomingCount > 0 ? incomingAt[incomingCount - 1] : 0;
            long arrival = sentMicroseconds > last ? sentMicroseconds : last;
            for (int index = 0; index < count; index++)
            {
                arrival += byteMicroseconds;
                if (incomingCount - incomingRead >= receiveCapacity)
                {
                    ReceiveOverruns++;
                    continue;
                }

                if (incomingCount == incoming.Length)
                {
                    MakeRoomForIncoming();
                }

                incoming[incomingCount] = bytes[offset + index];
                incomingAt[incomingCount] = arrival;
                incomingCount++;
            }
        }

        private void Deliver()
        {
            if (Host != null)
            {
                Host.Service();
            }
        }

        private void CheckHeld(int index)
        {
            if (index < FirstHeldIndex || index >= transmittedCount)
            {
                throw new ArgumentOutOfRangeException("index", "byte " + index + " is not held (held: " + FirstHeldIndex + ".." + (transmittedCount - 1) + ")");
            }
        }

        // Until the ring wraps, index n sits at n: growing copies the bytes to the same places.
        private void GrowHeld()
        {
            int size = held.Length * 2 < heldCapacity ? held.Length * 2 : heldCapacity;
            byte[] bytes = new byte[size];
            long[] times = new long[size];
            Array.Copy(held, bytes, transmittedCount);
            Array.Copy(heldAt, times, transmittedCount);
            held = bytes;
            heldAt = times;
        }

        // Moves the unread bytes to the front, and doubles the arrays when that is not enough.
        private void MakeRoomForIncoming()
        {
            int waiting = incomingCount - incomingRead;
            byte[] bytes = incoming;
            long[] times = incomingAt;
            if (waiting * 2 > incoming.Length)
            {
                bytes = new byte[incoming.Length * 2];
                times = new long[incoming.Length * 2];
            }

            Array.Copy(incoming, incomingRead, bytes, 0, waiting);
            Array.Copy(incomingAt, incomingRead, times, 0, waiting);
            incoming = bytes;
            incomingAt = times;
            incomingRead = 0;
            incomingCount = waiting;
        }
    }
}
