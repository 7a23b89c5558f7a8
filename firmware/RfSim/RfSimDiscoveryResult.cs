namespace DualReader.Firmware.RfSim
{
    /// <summary>How one beacon window ended (expected outcomes).</summary>
    public enum RfSimDiscoveryResult
    {
        /// <summary>Exactly one peer attached, near and authenticated: a session is open.</summary>
        Attached,
        /// <summary>No valid attach in the window (stale ATTACH frames answering an earlier BEACON included).</summary>
        NoPeer,
        /// <summary>Two or more peers attached in the same window: reported, no transaction.</summary>
        Collision,
        /// <summary>One peer attached but did not see the reader's packet above the RPD threshold.</summary>
        TooFar,
        /// <summary>An attach that names this window's BEACON failed its MAC (wrong key or forgery), and none was valid.</summary>
        SecurityError,
        /// <summary>The radio failed.</summary>
        ChipError
    }

    /// <summary>The names of <see cref="RfSimDiscoveryResult"/> (for logs and test failures: nanoFramework's Enum.ToString gives the number).</summary>
    public static class RfSimDiscoveryResultNames
    {
        private static readonly string[] Names = new string[] { "Attached", "NoPeer", "Collision", "TooFar", "SecurityError", "ChipError" };

        /// <summary>The name of <paramref name="value"/>, or its number when it has none.</summary>
        public static string Name(RfSimDiscoveryResult value)
        {
            int index = (int)value;
            return index >= 0 && index < Names.Length ? Names[index] : index.ToString();
        }
    }

}
