namespace DualReader.Firmware.Apdu
{
    /// <summary>
    /// One APDU exchange with an activated device, the same for every radio: ISO-DEP over 13.56 MHz and the
    /// RF-SIM link over 2.4 GHz both provide it, and the applications (EMV/PBOC reading, pass-through) use only it.
    /// </summary>
    public interface IApduChannel
    {
        /// <summary>
        /// Sends one command APDU (ISO/IEC 7816-4, 5.1) and receives its whole response: data followed by SW1 SW2.
        /// </summary>
        /// <param name="responseCount">Bytes stored in <paramref name="response"/>, SW1 SW2 included.</param>
        ExchangeResult Exchange(byte[] command, int commandOffset, int commandCount, byte[] response, int responseOffset, int responseCapacity, out int responseCount);
    }
}
