namespace DualReader.Firmware.IsoDep
{
    /// <summary>How the ISO-DEP activation (RATS/ATS, then PPS) of a selected PICC ended.</summary>
    public enum ActivationResult : byte
    {
        /// <summary>ATS received and parsed; PPS done when it was configured and possible.</summary>
        Ok = 0,
        /// <summary>No ATS within the activation frame waiting time, retries included.</summary>
        NoResponse,
        /// <summary>The ATS kept arriving damaged (CRC or parity) until the retry bound.</summary>
        TransmissionError,
        /// <summary>An intact frame came back but it is not a valid ATS (ISO/IEC 14443-4, 5.2).</summary>
        MalformedAts,
        /// <summary>The reader chip failed.</summary>
        ChipError
    }

    /// <summary>The names of <see cref="ActivationResult"/> (for logs and test failures: nanoFramework's Enum.ToString gives the number).</summary>
    public static class ActivationResultNames
    {
        private static readonly string[] Names = new string[] { "Ok", "NoResponse", "TransmissionError", "MalformedAts", "ChipError" };

        /// <summary>The name of <paramref name="value"/>, or its number when it has none.</summary>
        public static string Name(ActivationResult value)
        {
            int index = (int)value;
            return index >= 0 && index < Names.Length ? Names[index] : index.ToString();
        }
    }

}
