namespace DualReader.Firmware.Reader
{
    /// <summary>What an error record reports (its <c>code</c>; README "How the reader behaves").</summary>
    public enum ReaderError : byte
    {
        /// <summary>A chip is not configured or nothing answers on its bus.</summary>
        ChipMissing = 0,

        /// <summary>The MFRC522's VersionReg names no chip the driver knows.</summary>
        ChipFake = 1,

        /// <summary>A chip stopped answering; it is being re-initialised.</summary>
        ChipError = 2,

        /// <summary>A chip stopped answering too often; its radio is off until a reset.</summary>
        ChipFailed = 3,

        /// <summary>A chip answered again after a re-initialisation.</summary>
        ChipRecovered = 4,

        /// <summary>A record the encoder refused (the detail names the <see cref="HostLink.EncodeStatus"/>).</summary>
        RecordRefused = 5,

        /// <summary>APDU trace records too long for a host-link frame.</summary>
        TraceRefused = 6,

        /// <summary>Configuration entries the reader refused.</summary>
        BadConfiguration = 7,

        /// <summary>Devices on more than one radio in the same poll cycle.</summary>
        Collision = 8,

        /// <summary>A PICC went silent during activation and left.</summary>
        CardRemoved = 9,

        /// <summary>An RF-SIM attach failed its authentication tag.</summary>
        SecurityError = 10
    }

    /// <summary>The names of <see cref="ReaderError"/> on the host link.</summary>
    public static class ReaderErrorNames
    {
        private static readonly string[] Names = new string[]
        {
            "chip_missing", "chip_fake", "chip_error", "chip_failed", "chip_recovered", "record_refused",
            "trace_refused", "bad_config", "collision", "card_removed", "security_error"
        };

        /// <summary>The wire name of <paramref name="error"/>.</summary>
        public static string Name(ReaderError error)
        {
            int index = (int)error;
            return index < Names.Length ? Names[index] : "unknown";
        }
    }
}
