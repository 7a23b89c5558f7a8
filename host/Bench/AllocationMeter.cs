using System;
using System.Collections.Generic;
using DualReader.Hal;

namespace DualReader.Host.Bench;

/// <summary>
/// Counts the bytes the firmware allocates on the .NET heap, without the simulation's. The firmware reaches the
/// simulated hardware only through the hal interfaces; the <see cref="MeteredSpiDevice"/>, <see cref="MeteredInputPin"/>,
/// <see cref="MeteredOutputPin"/> and <see cref="MeteredClock"/> wrappers measure what is allocated while control is
/// on the simulation's side of a hal call (chip models, virtual cards, the clock running timed models) and add it to
/// <see cref="OutsideBytes"/>. Firmware bytes = all bytes allocated by the thread during the measured call minus
/// those. Uses <see cref="GC.GetAllocatedBytesForCurrentThread"/>, which is exact on .NET (it counts the current
/// allocation context too). With a <see cref="Timeline"/> attached, every hal call is also recorded there (on entry
/// and on exit, with the clock, the cost ledger and the firmware's bytes so far); the recording happens inside the
/// bracket, so its own allocations count as outside.
/// </summary>
public sealed class AllocationMeter
{
    private int depth;
    private long enteredAt;
    private HalSource enteredSource;

    /// <summary>Where hal calls are recorded (null: nowhere).</summary>
    public HalTimeline? Timeline { get; set; }

    /// <summary>Bytes allocated on the simulation's side of hal calls so far.</summary>
    public long OutsideBytes { get; private set; }

    /// <summary>Runs <paramref name="firmwareCall"/> and returns what the firmware (only) allocated during it.</summary>
    public long Measure(Action firmwareCall)
    {
        long outsideBefore = OutsideBytes;
        long before = GC.GetAllocatedBytesForCurrentThread();
        firmwareCall();
        long after = GC.GetAllocatedBytesForCurrentThread();
        return (after - before) - (OutsideBytes - outsideBefore);
    }

    /// <summary>Marks the start of a hal call (control goes to the simulation).</summary>
    public void Enter() => Enter(HalSource.Other);

    /// <summary>Marks the start of a hal call of <paramref name="source"/>.</summary>
    public void Enter(HalSource source)
    {
        if (depth++ == 0)
        {
            enteredAt = GC.GetAllocatedBytesForCurrentThread();
            enteredSource = source;
            Timeline?.Record(source, false, enteredAt - OutsideBytes);
        }
    }

    /// <summary>Marks the end of a hal call.</summary>
    public void Leave()
    {
        if (--depth == 0)
        {
            Timeline?.Record(enteredSource, true, enteredAt - OutsideBytes);
            OutsideBytes += GC.GetAllocatedBytesForCurrentThread() - enteredAt;
        }
    }
}

/// <summary>An <see cref="ISpiDevice"/> pass-through whose calls count as simulation for the <see cref="AllocationMeter"/>.</summary>
public sealed class MeteredSpiDevice : ISpiDevice
{
    private readonly ISpiDevice inner;
    private readonly AllocationMeter meter;
    private readonly HalSource source;

    public MeteredSpiDevice(ISpiDevice inner, AllocationMeter meter, HalSource source = HalSource.Other)
    {
        this.inner = inner;
        this.meter = meter;
        this.source = source;
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        meter.Enter(source);
        try
        {
            inner.Write(buffer, offset, count);
        }
        finally
        {
            meter.Leave();
        }
    }

    public void TransferFullDuplex(byte[] writeBuffer, int writeOffset, byte[] readBuffer, int readOffset, int count)
    {
        meter.Enter(source);
        try
        {
            inner.TransferFullDuplex(writeBuffer, writeOffset, readBuffer, readOffset, count);
        }
        finally
        {
            meter.Leave();
        }
    }
}

/// <summary>An <see cref="IInputPin"/> pass-through whose calls count as simulation.</summary>
public sealed class MeteredInputPin : IInputPin
{
    private readonly IInputPin inner;
    private readonly AllocationMeter meter;
    private readonly HalSource source;

    public MeteredInputPin(IInputPin inner, AllocationMeter meter, HalSource source = HalSource.Other)
    {
        this.inner = inner;
        this.meter = meter;
        this.source = source;
    }

    public event PinChangedHandler Changed
    {
        add => inner.Changed += value;
        remove => inner.Changed -= value;
    }

    public bool Read()
    {
        meter.Enter(source);
        try
        {
            return inner.Read();
        }
        finally
        {
            meter.Leave();
        }
    }

    public bool WaitForLevel(bool high, int timeoutMicroseconds)
    {
        meter.Enter(source);
        try
        {
            return inner.WaitForLevel(high, timeoutMicroseconds);
        }
        finally
        {
            meter.Leave();
        }
    }
}

/// <summary>An <see cref="IOutputPin"/> pass-through whose calls count as simulation.</summary>
public sealed class MeteredOutputPin : IOutputPin
{
    private readonly IOutputPin inner;
    private readonly AllocationMeter meter;
    private readonly HalSource source;

    public MeteredOutputPin(IOutputPin inner, AllocationMeter meter, HalSource source = HalSource.Other)
    {
        this.inner = inner;
        this.meter = meter;
        this.source = source;
    }

    public void Write(bool high)
    {
        meter.Enter(source);
        try
        {
            inner.Write(high);
        }
        finally
        {
            meter.Leave();
        }
    }
}

/// <summary>An <see cref="IClock"/> pass-through whose calls count as simulation (a delay runs the timed models); every
/// read of the clock is recorded on the meter's timeline (<see cref="HalSource.ClockRead"/>): the reader's phase
/// boundaries are clock reads.</summary>
public sealed class MeteredClock : IClock
{
    private readonly IClock inner;
    private readonly AllocationMeter meter;

    public MeteredClock(IClock inner, AllocationMeter meter)
    {
        this.inner = inner;
        this.meter = meter;
    }

    public long GetMicroseconds()
    {
        meter.Enter(HalSource.ClockRead);
        try
        {
            return inner.GetMicroseconds();
        }
        finally
        {
            meter.Leave();
        }
    }

    public void Delay(int microseconds)
    {
        meter.Enter(HalSource.Delay);
        try
        {
            inner.Delay(microseconds);
        }
        finally
        {
            meter.Leave();
        }
    }
}

/// <summary>An <see cref="ISerialPort"/> pass-through (the host UART) whose calls count as simulation; it also keeps
/// every write's time and position in the stream, so the bench can tell when a record was handed to the UART.</summary>
public sealed class MeteredSerialPort : ISerialPort
{
    private readonly ISerialPort inner;
    private readonly AllocationMeter meter;
    private readonly IClock clock;
    private readonly List<UartWrite> writes = new();
    private long position;

    public MeteredSerialPort(ISerialPort inner, IClock clock, AllocationMeter meter)
    {
        this.inner = inner;
        this.clock = clock;
        this.meter = meter;
    }

    /// <summary>Every write so far: virtual time, index of its first byte in the stream, byte count.</summary>
    public IReadOnlyList<UartWrite> Writes => writes;

    public int BaudRate => inner.BaudRate;

    public int BytesToRead
    {
        get
        {
            meter.Enter(HalSource.Uart);
            try
            {
                return inner.BytesToRead;
            }
            finally
            {
                meter.Leave();
            }
        }
    }

    public int Read(byte[] buffer, int offset, int count)
    {
        meter.Enter(HalSource.Uart);
        try
        {
            return inner.Read(buffer, offset, count);
        }
        finally
        {
            meter.Leave();
        }
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        meter.Enter(HalSource.Uart);
        try
        {
            writes.Add(new UartWrite(clock.GetMicroseconds(), position, count));
            position += count;
            inner.Write(buffer, offset, count);
        }
        finally
        {
            meter.Leave();
        }
    }
}

/// <summary>One write to the host UART.</summary>
public readonly record struct UartWrite(long Microseconds, long FirstByte, int Count);
