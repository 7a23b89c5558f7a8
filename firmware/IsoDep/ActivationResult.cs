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
}
