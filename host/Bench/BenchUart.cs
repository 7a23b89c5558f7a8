using System;
using DualReader.Hal;
using DualReader.Sim.Timing;

namespace DualReader.Host.Bench;

/// <summary>
/// The host UART of the bench board: a write returns when its last byte is on the wire (10 bits a byte at the
/// configured baud rate, <see cref="CostModel.UartMicroseconds"/>); the time is charged to the ledger as UART time.
/// </summary>
public sealed class BenchUart : ISerialPort
{
    private readonly VirtualClock clock;
    private readonly CostModel costs;
    private readonly CostLedger ledger;

    public BenchUart(VirtualClock clock, CostModel costs, CostLedger ledger)
    {
        this.clock = clock;
        this.costs = costs;
        this.ledger = ledger;
    }

    public int BaudRate => costs.UartBaudRate;

    public int BytesToRead => 0;

    /// <summary>Bytes written so far.</summary>
    public long BytesWritten { get; private set; }

    public int Read(byte[] buffer, int offset, int count) => 0;

    public void Write(byte[] buffer, int offset, int count)
    {
        if (buffer == null || offset < 0 || count < 0 || offset + count > buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        long microseconds = costs.UartMicroseconds(count);
        ledger.UartMicroseconds += microseconds;
        BytesWritten += count;
        clock.Advance(microseconds);
    }
}
