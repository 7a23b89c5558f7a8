namespace DualReader.Firmware.Iso14443
{
    /// <summary>
    /// What the ISO/IEC 14443-3A activation needs from a reader chip: frames sent and received as they are, without
    /// CRC_A added or checked, with bit granularity (short frames of 7 bits, bit-oriented anticollision frames,
    /// ISO/IEC 14443-3 6.2.3) and the position of the first bit collision.
    /// </summary>
    public interface IBitFrameTransceiver
    {
        /// <summary>
        /// Sends the first <paramref name="txBitCount"/> bits of <paramref name="txBuffer"/> (LSB first, 106 kbit/s)
        /// and receives one answer. The first received bit lands at bit <paramref name="rxAlign"/> of
        /// <paramref name="rxBuffer"/>[<paramref name="rxOffset"/>]; the bits below it are 0.
        /// </summary>
        /// <param name="expectedRxBytes">How many bytes the answer normally takes (lets the driver read status and
        /// data in one bus transfer); longer answers are still read completely.</param>
        /// <param name="receivedBitCount">Bits received, not counting the <paramref name="rxAlign"/> offset.</param>
        /// <param name="collisionBitIndex">For <see cref="TransceiveResult.Collision"/>: index of the first
        /// collided bit counted from the first received bit (bits before it are valid), or -1 when the chip could
        /// not say where it was.</param>
        TransceiveResult TransceiveBits(byte[] txBuffer, int txOffset, int txBitCount, byte[] rxBuffer, int rxOffset, int rxCapacity, int rxAlign, int expectedRxBytes, int timeoutMicroseconds, out int receivedBitCount, out int collisionBitIndex);
    }
}
