namespace DualReader.Sim.Bus
{
    /// <summary>A chip model on the simulated SPI bus.</summary>
    public interface ISpiTarget
    {
        /// <summary>
        /// One chip-select frame: the chip sees <paramref name="count"/> bytes from <paramref name="mosi"/> and
        /// answers on <paramref name="miso"/> byte for byte, as the real chip shifts them (MFRC522 8.1.2,
        /// nRF24L01+ 8.3).
        /// </summary>
        void Transfer(byte[] mosi, int mosiOffset, byte[] miso, int misoOffset, int count);
    }
}
