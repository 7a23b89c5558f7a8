namespace DualReader.Firmware.RfSim
{
    /// <summary>The application behind an RF-SIM peer: answers one command APDU (ISO/IEC 7816-4).</summary>
    public interface IRfSimApplet
    {
        /// <summary>Writes the response (data and SW1 SW2) and returns its length (at most <paramref name="responseCapacity"/>).</summary>
        int Process(byte[] command, int commandOffset, int commandCount, byte[] response, int responseOffset, int responseCapacity);

        /// <summary>A new session started: forget any selected application.</summary>
        void Reset();
    }
}
