using System;

namespace DualReader.Bench.Replay
{
    /// <summary>
    /// What the firmware received from its hal in one recorded .NET run, in order: one kind per call
    /// (<see cref="TapeKind"/>), the bytes it read (SPI MISO bytes, pin levels, UART bytes, random bytes), the clock
    /// readings and the numbers (SPI transfer and random lengths, UART counts). The replay hal classes hand these
    /// back, so the firmware takes exactly the recorded path while the chips cost nothing: on nanoCLR the bench
    /// measures the firmware, not the simulation.
    /// </summary>
    /// <remarks>
    /// The replay's own cost lands in the bench's instruction counts, and on nanoCLR every method call costs about as
    /// much as a dozen IL instructions: so the streams and cursors are public fields that the replay classes read and
    /// advance inline (one call per hal call, the firmware's own), with <see cref="Array.Copy(Array, int, Array, int, int)"/>
    /// for the bytes and no allocation. Only the replay classes write them.
    /// </remarks>
    public sealed class HalTape
    {
        /// <summary>The kind of each call (<see cref="TapeKind"/>).</summary>
        public readonly byte[] Kinds;

        /// <summary>Bytes the firmware received, in order.</summary>
        public readonly byte[] Bytes;

        /// <summary>Clock readings, in order.</summary>
        public readonly long[] Clock;

        /// <summary>SPI transfer lengths, random lengths, UART counts, in order.</summary>
        public readonly int[] Numbers;

        /// <summary>Entries on the tape.</summary>
        public readonly int Length;

        /// <summary>Entries consumed so far (the next call's entry).</summary>
        public int Position;

        /// <summary>The first position at which <see cref="Monitor"/> is told (the monitor moves it on).</summary>
        public int WatchFrom = int.MaxValue;

        public int ByteCursor;

        public int ClockCursor;

        public int NumberCursor;

        /// <summary>Told before every entry from <see cref="WatchFrom"/> on (null: nobody).</summary>
        public IReplayMonitor Monitor;

        /// <summary>When true, every byte the firmware writes to the host UART goes into <see cref="UartChecksum"/>
        /// (the self-check of a replay; off while instructions are counted, since it is the harness's work).</summary>
        public bool ChecksumUart;

        private uint uartChecksum = 2166136261;
        private int uartBytes;

        /// <summary>A tape of the given streams (kept, not copied).</summary>
        public HalTape(byte[] kinds, byte[] bytes, long[] clock, int[] numbers)
        {
            if (kinds == null || bytes == null || clock == null || numbers == null)
            {
                throw new ArgumentNullException(kinds == null ? "kinds" : bytes == null ? "bytes" : clock == null ? "clock" : "numbers");
            }

            Kinds = kinds;
            Bytes = bytes;
            Clock = clock;
            Numbers = numbers;
            Length = kinds.Length;
        }

        /// <summary>True when every stream was consumed to its end.</summary>
        public bool Consumed
        {
            get { return Position == Length && ByteCursor == Bytes.Length && ClockCursor == Clock.Length && NumberCursor == Numbers.Length; }
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

        /// <summary>Cursor positions, to replay part of the tape again (<see cref="ReplayBoard.ReplayWithoutFirmware"/>).</summary>
        public void Save(int[] cursors)
        {
            cursors[0] = Position;
            cursors[1] = ByteCursor;
            cursors[2] = ClockCursor;
            cursors[3] = NumberCursor;
        }

        /// <summary>Goes back to cursors saved by <see cref="Save"/>.</summary>
        public void Restore(int[] cursors)
        {
            Position = cursors[0];
            ByteCursor = cursors[1];
            ClockCursor = cursors[2];
            NumberCursor = cursors[3];
        }

        /// <summary>Tells the monitor (called by the replay classes when <see cref="Position"/> reached <see cref="WatchFrom"/>).</summary>
        public void Watch()
        {
            if (Monitor != null)
            {
                Monitor.BeforeEntry(Position);
            }
        }

        /// <summary>The exception for a call that is not the recorded one (<paramref name="kind"/> with
        /// <paramref name="count"/> bytes, -1: no count) at <see cref="Position"/>.</summary>
        public Exception Diverged(byte kind, int count)
        {
            string call = "call 0x" + kind.ToString("X2") + (count >= 0 ? " of " + count.ToString() + " bytes" : string.Empty);
            if (Position >= Length)
            {
                return new InvalidOperationException("replay diverged: " + call + " after the end of the tape (" + Length.ToString() + " entries)");
            }

            return new InvalidOperationException("replay diverged at entry " + Position.ToString() + ": " + call + ", tape 0x" + Kinds[Position].ToString("X2"));
        }

        /// <summary>Adds what the firmware wrote to the host UART to the checksum (with <see cref="ChecksumUart"/>).</summary>
        public void Written(byte[] buffer, int offset, int count)
        {
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
