using System;
using DualReader.Hal;

namespace DualReader.Host.Bench;

/// <summary>
/// Counts the bytes the firmware allocates on the .NET heap, without the simulation's. The firmware reaches the
/// simulated hardware only through the hal interfaces; the <see cref="MeteredSpiDevice"/>, <see cref="MeteredInputPin"/>,
/// <see cref="MeteredOutputPin"/> and <see cref="MeteredClock"/> wrappers measure what is allocated while control is
/// on the simulation's side of a hal call (chip models, virtual cards, the clock running timed models) and add it to
/// <see cref="OutsideBytes"/>. Firmware bytes = all bytes allocated by the thread during the measured call minus
/// those. Uses <see cref="GC.GetAllocatedBytesForCurrentThread"/>, which is exact on .NET (it counts the current
/// allocation context too).
/// </summary>
public sealed class AllocationMeter
{
    private int depth;
    private long enteredAt;

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
    public void Enter()
    {
        if (depth++ == 0)
        {
            enteredAt = GC.GetAllocatedBytesForCurrentThread();
        }
    }

    /// <summary>Marks the end of a hal call.</summary>
    public void Leave()
    {
        if (--depth == 0)
        {
            OutsideBytes += GC.GetAllocatedBytesForCurrentThread() - enteredAt;
        }
    }
}

/// <summary>An <see cref="ISpiDevice"/> pass-through whose calls count as simulation for the <see cref="AllocationMeter"/>.</summary>
public sealed class MeteredSpiDevice : ISpiDevice
{
    private readonly ISpiDevice inner;
    private readonly AllocationMeter meter;

    public MeteredSpiDevice(ISpiDevice inner, AllocationMeter meter)
    {
        this.inner = inner;
        this.meter = meter;
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        meter.Enter();
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
        meter.Enter();
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

    public MeteredInputPin(IInputPin inner, AllocationMeter meter)
    {
        this.inner = inner;
        this.meter = meter;
    }

    public event PinChangedHandler Changed
    {
        add => inner.Changed += value;
        remove => inner.Changed -= value;
    }

    public bool Read()
    {
        meter.Enter();
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
        meter.Enter();
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

    public MeteredOutputPin(IOutputPin inner, AllocationMeter meter)
    {
        this.inner = inner;
        this.meter = meter;
    }

    public void Write(bool high)
    {
        meter.Enter();
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

/// <summary>An <see cref="IClock"/> pass-through whose calls count as simulation (a delay runs the timed models).</summary>
public sealed class MeteredClock : IClock
{
    private readonly IClock inner;
    private readonly AllocationMeter meter;

    public MeteredClock(IClock inner, AllocationMeter meter)
    {
        this.inner = inner;
        this.meter = meter;
    }

    public long GetMicroseconds() => inner.GetMicroseconds();

    public void Delay(int microseconds)
    {
        meter.Enter();
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
