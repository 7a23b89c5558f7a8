using System;
using DualReader.Hal;

namespace DualReader.Bench.Replay
{
    /// <summary>An <see cref="ISpiDevice"/> that hands back the MISO bytes of the recorded run (inline on the tape's
    /// fields: see <see cref="HalTape"/>).</summary>
    public sealed class ReplaySpiDevice : ISpiDevice
    {
        private readonly HalTape tape;
        private readonly byte write;
        private readonly byte transfer;

        /// <summary>The SPI device <paramref name="device"/> (<see cref="TapeKind.Mfrc522"/> or <see cref="TapeKind.Nrf24"/>).</summary>
        public ReplaySpiDevice(HalTape tape, byte device)
        {
            this.tape = tape;
            write = (byte)(device | TapeKind.SpiWrite);
            transfer = (byte)(device | TapeKind.SpiTransfer);
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            HalTape t = tape;
            int position = t.Position;
            if (position >= t.WatchFrom)
            {
                t.Watch();
            }

            if (position >= t.Length || t.Kinds[position] != write)
            {
                throw t.Diverged(write, -1);
            }

            t.Position = position + 1;
        }

        public void TransferFullDuplex(byte[] writeBuffer, int writeOffset, byte[] readBuffer, int readOffset, int count)
        {
            HalTape t = tape;
            int position = t.Position;
            if (position >= t.WatchFrom)
            {
                t.Watch();
            }

            if (position >= t.Length || t.Kinds[position] != transfer || t.Numbers[t.NumberCursor] != count)
            {
                throw t.Diverged(transfer, count);
            }

            t.Position = position + 1;
            t.NumberCursor++;
            Array.Copy(t.Bytes, t.ByteCursor, readBuffer, readOffset, count);
            t.ByteCursor += count;
        }
    }
}
