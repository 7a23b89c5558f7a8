namespace DualReader.Firmware.RfSim
{
    /// <summary>How one beacon window ended (expected outcomes).</summary>
    public enum RfSimDiscoveryResult
    {
        /// <summary>Exactly one peer attached, near and authenticated: a session is open.</summary>
        Attached,
        /// <summary>No valid attach in the window.</summary>
        NoPeer,
        /// <summary>Two or more peers attached in the same window: reported, no transaction.</summary>
        Collision,
        /// <summary>One peer attached but did not see the reader's packet above the RPD threshold.</summary>
        TooFar,
        /// <summary>An attach failed its MAC (wrong key or forgery).</summary>
        SecurityError,
        /// <summary>The radio failed.</summary>
        ChipError
    }
}
