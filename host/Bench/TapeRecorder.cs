using System;
using System.Collections.Generic;
using DualReader.Bench.Replay;
using DualReader.Hal;

namespace DualReader.Host.Bench;

/// <summary>
/// Records what the firmware receives through its hal in a .NET run, as a <see cref="HalTape"/> for the interpreted
/// bench (bench/Replay): one kind per call, the MISO bytes, pin levels and wait results, clock readings, UART counts
/// and bytes, random bytes. The wrappers sit between the firmware and the bench's metered hal, cost no virtual time
/// and change nothing the firmware sees. It also keeps, per clock read, its value (to find the phase boundaries) and,
/// per UART write, where its bytes start in the stream (to find the record's write).
/// </summary>
public sealed class TapeRecorder
{
    private readonly List<byte> kinds = new();
    private readonly List<byte> bytes = new();
    private readonly List<long> clock = new();
    private readonly List<int> numbers = new();
    private readonly List<(int Position, long Microseconds)> clockReads = new();
    private readonly List<(int Position, long FirstByte, int Count)> uartWrites = new();
    private long uartBytes;
    private uint uartChecksum = 2166136261;

    /// <summary>True when the firmware subscribed to a pin's Changed event: a replay could not raise it, so such a
    /// tape is not replayed (the interpreted figures are then reported as not measured).</summary>
    public bool PinEventsUsed { get; private set; }

    /// <summary>Entries recorded so far (the position of the next hal call).</summary>
    public int Position => kinds.Count;

    /// <summary>Bytes the firmware wrote to the host UART.</summary>
    public long UartBytes => uartBytes;

    /// <summary>FNV-1a (32 bits) of those bytes, as <see cref="HalTape.UartChecksum"/> computes it.</summary>
    public uint UartChecksum => uartChecksum;

    /// <summary>Size of the tape's arrays in bytes (kinds, bytes, 8 per clock reading, 4 per number).</summary>
    public int DataBytes => kinds.Count + bytes.Count + 8 * clock.Count + 4 * numbers.Count;

    public byte[] Kinds => kinds.ToArray();

    public byte[] Bytes => bytes.ToArray();

    public long[] Clock => clock.ToArray();

    public int[] Numbers => numbers.ToArray();

    /// <summary>A replayable copy of what was recorded.</summary>
    public HalTape ToTape() => new(Kinds, Bytes, Clock, Numbers);

    /// <summary>The first clock read at or after <paramref name="fromPosition"/> (and before <paramref name="beforePosition"/>)
    /// that returned <paramref name="microseconds"/>; -1 when there is none.</summary>
    public int ClockReadAt(long microseconds, int fromPosition, int beforePosition)
    {
        foreach ((int position, long value) in clockReads)
        {
            if (position >= fromPosition && position < beforePosition && value == microseconds)
            {
                return position;
            }
        }

        return -1;
    }

    /// <summary>The UART write that carried byte <paramref name="streamByte"/> of the stream; -1 when none did.</summary>
    public int UartWriteOf(long streamByte)
    {
        foreach ((int position, long first, int count) in uartWrites)
        {
            if (streamByte >= first && streamByte < first + count)
            {
                return position;
            }
        }

        return -1;
    }

    public ISpiDevice Spi(ISpiDevice inner, byte device) => new SpiRecorder(this, inner, device);

    public IInputPin Input(IInputPin inner, byte device) => new InputRecorder(this, inner, device);

    public IOutputPin Output(IOutputPin inner, byte device) => new OutputRecorder(this, inner, device);

    public IClock Clocked(IClock inner) => new ClockRecorder(this, inner);

    public ISerialPort Serial(ISerialPort inner) => new SerialRecorder(this, inner);

    public IRandomSource Random(IRandomSource inner, byte device) => new RandomRecorder(this, inner, device);

    private void Kind(byte device, byte call) => kinds.Add((byte)(device | call));

    private void Add(byte[] buffer, int offset, int count)
    {
        for (int index = 0; index < count; index++)
        {
            bytes.Add(buffer[offset + index]);
        }
    }

    private sealed class SpiRecorder(TapeRecorder tape, ISpiDevice inner, byte device) : ISpiDevice
    {
        public void Write(byte[] buffer, int offset, int count)
        {
            tape.Kind(device, TapeKind.SpiWrite);
            inner.Write(buffer, offset, count);
        }

        public void TransferFullDuplex(byte[] writeBuffer, int writeOffset, byte[] readBuffer, int readOffset, int count)
        {
            tape.Kind(device, TapeKind.SpiTransfer);
            inner.TransferFullDuplex(writeBuffer, writeOffset, readBuffer, readOffset, count);
            tape.numbers.Add(count);
            tape.Add(readBuffer, readOffset, count);
        }
    }

    private sealed class InputRecorder(TapeRecorder tape, IInputPin inner, byte device) : IInputPin
    {
        public event PinChangedHandler Changed
        {
            add
            {
                tape.PinEventsUsed = true;
                inner.Changed += value;
            }

            remove => inner.Changed -= value;
        }

        public bool Read()
        {
            tape.Kind(device, TapeKind.PinRead);
            bool high = inner.Read();
            tape.bytes.Add(high ? (byte)1 : (byte)0);
            return high;
        }

        public bool WaitForLevel(bool high, int timeoutMicroseconds)
        {
            tape.Kind(device, TapeKind.PinWait);
            bool reached = inner.WaitForLevel(high, timeoutMicroseconds);
            tape.bytes.Add(reached ? (byte)1 : (byte)0);
            return reached;
        }
    }

    private sealed class OutputRecorder(TapeRecorder tape, IOutputPin inner, byte device) : IOutputPin
    {
        public void Write(bool high)
        {
            tape.Kind(device, TapeKind.PinWrite);
            inner.Write(high);
        }
    }

    private sealed class ClockRecorder(TapeRecorder tape, IClock inner) : IClock
    {
        public long GetMicroseconds()
        {
            int position = tape.Position;
            tape.Kind(TapeKind.Clock, TapeKind.ClockRead);
            long now = inner.GetMicroseconds();
            tape.clock.Add(now);
            tape.clockReads.Add((position, now));
            return now;
        }

        public void Delay(int microseconds)
        {
            tape.Kind(TapeKind.Clock, TapeKind.ClockDelay);
            inner.Delay(microseconds);
        }
    }

    private sealed class SerialRecorder(TapeRecorder tape, ISerialPort inner) : ISerialPort
    {
        public int BaudRate
        {
            get
            {
                tape.Kind(TapeKind.HostUart, TapeKind.SerialBaudRate);
                int baud = inner.BaudRate;
                tape.numbers.Add(baud);
                return baud;
            }
        }

        public int BytesToRead
        {
            get
            {
                tape.Kind(TapeKind.HostUart, TapeKind.SerialBytesToRead);
                int waiting = inner.BytesToRead;
                tape.numbers.Add(waiting);
                return waiting;
            }
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            tape.Kind(TapeKind.HostUart, TapeKind.SerialRead);
            int received = inner.Read(buffer, offset, count);
            tape.numbers.Add(received);
            tape.Add(buffer, offset, received);
            return received;
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            tape.uartWrites.Add((tape.Position, tape.uartBytes, count));
            tape.Kind(TapeKind.HostUart, TapeKind.SerialWrite);
            uint hash = tape.uartChecksum;
            for (int index = offset; index < offset + count; index++)
            {
                hash = (hash ^ buffer[index]) * 16777619;
            }

            tape.uartChecksum = hash;
            tape.uartBytes += count;
            inner.Write(buffer, offset, count);
        }
    }

    private sealed class RandomRecorder(TapeRecorder tape, IRandomSource inner, byte device) : IRandomSource
    {
        public void NextBytes(byte[] buffer, int offset, int count)
        {
            tape.Kind(device, TapeKind.RandomBytes);
            inner.NextBytes(buffer, offset, count);
            tape.numbers.Add(count);
            tape.Add(buffer, offset, count);
        }
    }
}
