using System;
using DualReader.Hal;
using DualReader.Sim.Timing;

namespace DualReader.Sim.Bus
{
    /// <summary>
    /// <see cref="ISpiDevice"/> that connects a driver to a chip model and charges the cost model: a fixed
    /// per-call overhead plus 8 bits a byte at the SPI clock.
    /// </summary>
    public sealed class SimSpiDevice : ISpiDevice
    {
        private readonly ISpiTarget target;
        private readonly VirtualClock clock;
        private readonly CostModel costs;
        private readonly CostLedger ledger;
        private readonly byte[] discard;
        private long carriedNanoseconds;

        /// <summary>Connects <paramref name="target"/>; <paramref name="maximumTransfer"/> bounds one call.</summary>
        public SimSpiDevice(ISpiTarget target, VirtualClock clock, CostModel costs, CostLedger ledger, int maximumTransfer)
        {
            this.target = target;
            this.clock = clock;
            this.costs = costs;
            this.ledger = ledger;
            discard = new byte[maximumTransfer];
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count)
        {
            if (count > discard.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            TransferFullDuplex(buffer, offset, discard, 0, count);
        }

        /// <inheritdoc />
        public void TransferFullDuplex(byte[] writeBuffer, int writeOffset, byte[] readBuffer, int readOffset, int count)
        {
            if (writeBuffer == null || readBuffer == null)
            {
                throw new ArgumentNullException(writeBuffer == null ? "writeBuffer" : "readBuffer");
            }

            if (count < 0 || writeOffset < 0 || readOffset < 0 || writeOffset + count > writeBuffer.Length || readOffset + count > readBuffer.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            // The interpreter overhead comes before the bytes move; the chip acts on them at the end of the frame.
            long nanoseconds = costs.SpiTransferNanoseconds(count) + carriedNanoseconds;
            long microseconds = nanoseconds / 1000;
            carriedNanoseconds = nanoseconds % 1000;
            clock.Advance(microseconds);
            target.Transfer(writeBuffer, writeOffset, readBuffer, readOffset, count);
            ledger.SpiTransfers++;
            ledger.SpiBytes += count;
        }
    }
}
