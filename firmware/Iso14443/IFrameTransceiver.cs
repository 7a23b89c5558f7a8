namespace DualReader.Firmware.Iso14443
{
    /// <summary>
    /// What ISO-DEP (ISO/IEC 14443-4) needs from a reader chip once a PICC is selected: standard frames with
    /// CRC_A generated and checked by the chip, a frame waiting time, and the bit rate of each direction.
    /// The MFRC522 driver provides it; the simulation can also connect it straight to a virtual card.
    /// </summary>
    public interface IFrameTransceiver
    {
        /// <summary>Largest frame the chip can send or receive in one go, without CRC_A (MFRC522: 64-byte FIFO).</summary>
        int MaximumFrameLength { get; }

        /// <summary>
        /// Sends <paramref name="txCount"/> bytes with CRC_A appended and receives one frame, whose CRC_A is
        /// checked and removed.
        /// </summary>
        /// <param name="timeoutMicroseconds">The frame waiting time (ISO/IEC 14443-4, 7.2: FWT plus margin).</param>
        /// <param name="receivedCount">Bytes stored in <paramref name="rxBuffer"/> (without CRC_A).</param>
        TransceiveResult Transceive(byte[] txBuffer, int txOffset, int txCount, byte[] rxBuffer, int rxOffset, int rxCapacity, int timeoutMicroseconds, out int receivedCount);

        /// <summary>True when the chip can run <paramref name="rate"/> in both directions.</summary>
        bool SupportsBitRate(BitRate rate);

        /// <summary>Switches the bit rates (after a successful PPS, ISO/IEC 14443-4, 5.3).</summary>
        void SetBitRates(BitRate pcdToPicc, BitRate piccToPcd);
    }
}
