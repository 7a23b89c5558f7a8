using System;

namespace DualReader.Firmware.Mfrc522
{
    /// <summary>
    /// The MFRC522 is missing, not answering, or not an MFRC522 (thrown at start-up only, the error model of ARCHITECTURE.md and README).
    /// </summary>
    public class Mfrc522Exception : Exception
    {
        /// <summary>Creates the exception with a message that says what was read and what to check.</summary>
        public Mfrc522Exception(string message)
            : base(message)
        {
        }
    }
}
