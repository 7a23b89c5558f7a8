namespace DualReader.Sim.Scenarios
{
    /// <summary>One entry of a scenario device's "apdus" list: a command prefix and the canned response.</summary>
    public sealed class ApduRule
    {
        /// <summary>Builds a rule; <paramref name="match"/> is a prefix of the command APDU.</summary>
        public ApduRule(byte[] match, byte[] response, int processingMicroseconds)
        {
            Match = match;
            Response = response;
            ProcessingMicroseconds = processingMicroseconds;
        }

        /// <summary>Prefix of the command APDU that selects this rule ("match").</summary>
        public byte[] Match { get; private set; }

        /// <summary>Response APDU, data and SW1 SW2 ("response").</summary>
        public byte[] Response { get; private set; }

        /// <summary>Time the device computes before answering ("processing_ms", in µs here).</summary>
        public int ProcessingMicroseconds { get; private set; }
    }
}
