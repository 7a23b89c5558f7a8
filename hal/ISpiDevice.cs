namespace DualReader.Hal
{
    /// <summary>
    /// One device on an SPI bus, selected by its own chip-select line.
    /// </summary>
    /// <remarks>
    /// Each call is one bus transaction: chip select is asserted before the first byte and released after the last,
    /// because both the MFRC522 (datasheet 8.1.2) and the nRF24L01+ (datasheet 8.3) frame their commands by the
    /// chip-select line. On nanoFramework every call also costs a trip through the interpreter into the native
    /// driver, so drivers batch their bytes into as few calls as they can. Buffers are owned by the caller.
    /// </remarks>
    public interface ISpiDevice
    {
        /// <summary>Clocks out <paramref name="count"/> bytes and ignores what comes back.</summary>
        void Write(byte[] buffer, int offset, int count);

        /// <summary>
        /// Clocks out <paramref name="count"/> bytes from <paramref name="writeBuffer"/> and stores the
        /// <paramref name="count"/> bytes clocked in at the same time into <paramref name="readBuffer"/>.
        /// </summary>
        void TransferFullDuplex(byte[] writeBuffer, int writeOffset, byte[] readBuffer, int readOffset, int count);
    }
}
