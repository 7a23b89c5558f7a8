namespace DualReader.Firmware.Reader
{
    /// <summary>
    /// How a pass-through command or session command ended (the pass-through answer's <c>outcome</c>,
    /// firmware/HostLink/PROTOCOL.md). An exchange that fails names its <see cref="Emv.ReadOutcome"/> instead.
    /// </summary>
    public enum PassThroughOutcome : byte
    {
        /// <summary>The APDU was exchanged; the answer carries the response.</summary>
        Ok = 0,

        /// <summary>No device in the field, or none that could be activated.</summary>
        NoDevice = 1,

        /// <summary>The command is shorter than CLA INS P1 P2 (ISO/IEC 7816-4 5.1); nothing was sent.</summary>
        BadApdu = 2,

        /// <summary>The session holds a storage card without an APDU layer; nothing was sent.</summary>
        NotIsoDep = 3,

        /// <summary>The session is closed.</summary>
        Closed = 4,

        /// <summary>A device was activated for the session.</summary>
        Activated = 5,

        /// <summary>The session's device is still there.</summary>
        Present = 6,

        /// <summary>A session action this firmware does not know.</summary>
        BadAction = 7
    }

    /// <summary>The names of <see cref="PassThroughOutcome"/> on the host link.</summary>
    public static class PassThroughOutcomeNames
    {
        private static readonly string[] Names = new string[] { "ok", "no_device", "bad_apdu", "not_iso_dep", "closed", "activated", "present", "bad_action" };

        /// <summary>The wire name of <paramref name="outcome"/>.</summary>
        public static string Name(PassThroughOutcome outcome)
        {
            int index = (int)outcome;
            return index < Names.Length ? Names[index] : "unknown";
        }
    }
}
