using System;

namespace DualReader.Bench.Replay
{
    /// <summary>
    /// What the firmware received from its hal in one recorded .NET run, in order: one kind per call
    /// (<see cref="TapeKind"/>), the bytes it read (SPI MISO bytes, pin levels, UART bytes, random bytes), the clock
    /// readings and the numbers (SPI transfer lengths, UART counts). The replay hal classes hand these back, so the
    /// firmware takes exactly the recorded path while the chips cost nothing: on nanoCLR the bench measures the
    /// firmware, not the simulation. Replaying allocates nothing and copies with <see cref="Array.Copy(Array, int, Array, int, int)"/>.
    /// </summary>
    public sealed class HalTape
    {
        private readonly byte[] kinds;
        private readonly byte[] bytes;
        private readonly long[] clock;
        private readonly int[] numbers;
        private int position;
        private int watchFrom = int.MaxValue;
        private int byteCursor;
        private int clockCursor;
        private int numberCursor;
        private uint uartChecksum = 2166136261;
        private int uartBytes;

        /// <summary>A tape of the given streams (kept, not copied).</summary>
        public HalTape(byte[] kinds, byte[] bytes, long[] clock, int[] numbers)
        {
            if (kinds == null || bytes == null || clock == null || numbers == null)
            {
                throw new ArgumentNullException(kinds == null ? "kinds" : bytes == null ? "bytes" : clock == null ? "clock" : "numbers");
            }

            this.kinds = kinds;
            this.bytes = bytes;
            this.clock = clock;
            this.numbers = numbers;
        }

        /// <summary>Told before every entry from <see cref="WatchFrom"/> on (null: nobody).</summary>
        public IReplayMonitor Monitor { get; set; }

        /// <summary>The first position at which <see cref="Monitor"/> is told (the monitor moves it on; a single
        /// comparison per call keeps the replay's own cost low outside the watched entries).</summary>
        public int WatchFrom
        {
            get { return watchFrom; }
            set { watchFrom = value; }
        }

        /// <summary>When true, every byte the firmware writes to the host UART goes into <see cref="UartChecksum"/>
        /// (the self-check of a replay; off while instructions are counted, since it is the harness's work).</summary>
        public bool ChecksumUart { get; set; }

        /// <summary>Entries consumed so far.</summary>
        public int Position
        {
            get { return position; }
        }

        /// <summary>Entries on the tape.</summary>
        public int Length
        {
            get { return kinds.Length; }
        }

        /// <summary>True when every stream was consumed to its end.</summary>
        public bool Consumed
        {
            get { return position == kinds.Length && byteCursor == bytes.Length && clockCursor == clock.Length && numberCursor == numbers.Length; }
        }

        /// <summary>Bytes the firmware wrote to the host UART (counted only with <see cref="ChecksumUart"/>).</summary>
        public int UartBytes
        {
            get { return uartBytes; }
        }

        /// <summary>FNV-1a (32 bits) of the bytes written to the host UART (only with <see cref="ChecksumUart"/>).</summary>
        public uint UartChecksum
        {
            get { return uartChecksum; }
        }

        /// <summary>The kind of entry <paramref name="index"/>.</summary>
        public byte KindAt(int index)
        {
            return kinds[index];
        }

        /// <summary>Cursor positions, to replay part of the tape again (<see cref="ReplayBoard.ReplayWithoutFirmware"/>).</summary>
        public void Save(int[] cursors)
        {
            cursors[0] = position;
            cursors[1] = byteCursor;
            cursors[2] = clockCursor;
            cursors[3] = numberCursor;
        }

        /// <summary>Goes back to cursors saved by <see cref="Save"/>.</summary>
        public void Restore(int[] cursors)
        {
            position = cursors[0];
            byteCursor = cursors[1];
            clockCursor = cursors[2];
            numberCursor = cursors[3];
        }

        /// <summary>Takes the next entry, which must be <paramref name="kind"/>.</summary>
        /// <exception cref="InvalidOperationException">The firmware made another call than the recorded one.</exception>
        public void Take(byte kind)
        {
            if (position >= watchFrom && Monitor != null)
            {
                Monitor.BeforeEntry(position);
            }

            if (position >= kinds.Length)
            {
                throw new InvalidOperationException("replay diverged: call 0x" + kind.ToString("X2") + " after the end of the tape (" + kinds.Length.ToString() + " entries)");
            }

            if (kinds[position] != kind)
            {
                throw new InvalidOperationException("replay diverged at entry " + position.ToString() + ": call 0x" + kind.ToString("X2") + ", tape 0x" + kinds[position].ToString("X2"));
            }

            position++;
        }

        /// <summary>The next recorded number.</summary>
        public int TakeNumber()
        {
            return numbers[numberCursor++];
        }

        /// <summary>The next recorded number, left on the tape.</summary>
        public int PeekNumber()
        {
            return numbers[numberCursor];
        }

        /// <summary>The next recorded clock reading.</summary>
        public long TakeClock()
        {
            return clock[clockCursor++];
        }

        /// <summary>The next recorded byte.</summary>
        public byte TakeByte()
        {
            return bytes[byteCursor++];
        }

        /// <summary>Copies the next <paramref name="count"/> recorded bytes.</summary>
        public void TakeBytes(byte[] buffer, int offset, int count)
        {
            Array.Copy(bytes, byteCursor, buffer, offset, count);
            byteCursor += count;
        }

        /// <summary>Adds what the firmware wrote to the host UART to the checksum (with <see cref="ChecksumUart"/>).</summary>
        public void Written(byte[] buffer, int offset, int count)
        {
            if (!ChecksumUart)
            {
                return;
            }

            uint hash = uartChecksum;
            for (int index = offset; index < offset + count; index++)
            {
                hash = (hash ^ buffer[index]) * 16777619;
            }

            uartChecksum = hash;
            uartBytes += count;
        }
    }
}
