namespace DualReader.Firmware.Reader
{
    /// <summary>What the reader knows of a radio's chip (the status record's <c>mfrc522</c> / <c>nrf24</c> health).</summary>
    public enum ChipHealth : byte
    {
        /// <summary>Not initialised yet.</summary>
        Unknown = 0,

        /// <summary>Initialised and answering.</summary>
        Ok = 1,

        /// <summary>Not configured, or nothing answers on its bus (reads 00 or FF).</summary>
        Missing = 2,

        /// <summary>Something answers, but not as the chip it claims to be (an unknown VersionReg).</summary>
        Fake = 3,

        /// <summary>It stopped answering and could not be re-initialised.</summary>
        Unresponsive = 4
    }

    /// <summary>The names of <see cref="ChipHealth"/> on the host link (nanoFramework's Enum.ToString gives the number).</summary>
    public static class ChipHealthNames
    {
        private static readonly string[] Names = new string[] { "unknown", "ok", "missing", "fake", "unresponsive" };

        /// <summary>The wire name of <paramref name="health"/>.</summary>
        public static string Name(ChipHealth health)
        {
            int index = (int)health;
            return index < Names.Length ? Names[index] : "unknown";
        }
    }
}
