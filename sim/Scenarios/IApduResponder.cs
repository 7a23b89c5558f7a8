namespace DualReader.Sim.Scenarios
{
    /// <summary>The application inside a virtual card, phone or RF-SIM: answers one command APDU.</summary>
    public interface IApduResponder
    {
        /// <summary>Writes the response APDU (data and SW1 SW2) for one command.</summary>
        /// <param name="processingMicroseconds">How long the device computes before it can answer.</param>
        /// <returns>Number of response bytes written.</returns>
        int Respond(byte[] command, int commandOffset, int commandCount, byte[] response, int responseOffset, out int processingMicroseconds);
    }
}
