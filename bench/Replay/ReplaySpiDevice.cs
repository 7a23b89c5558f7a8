using System;
using DualReader.Hal;

namespace DualReader.Bench.Replay
{
    /// <summary>An <see cref="ISpiDevice"/> that hands back the MISO bytes of the recorded run.</summary>
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
            tape.Take(write);
        }

        public void TransferFullDuplex(byte[] writeBuffer, int writeOffset, byte[] readBuffer, int readOffset, int count)
        {
            tape.Take(transfer);
            int recorded = tape.TakeNumber();
            if (recorded != count)
            {
                throw new InvalidOperationException("replay diverged at entry " + (tape.Position - 1).ToString() + ": SPI transfer of " + count.ToString() + " bytes, tape " + recorded.ToString());
            }

            tape.TakeBytes(readBuffer, readOffset, count);
        }
    }
}
