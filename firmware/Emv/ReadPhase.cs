namespace DualReader.Firmware.Emv
{
    /// <summary>Where a read stopped.</summary>
    public enum ReadPhase : byte
    {
        /// <summary>Nothing done yet.</summary>
        None = 0,
        /// <summary>14443-3 anticollision / ISO-DEP activation.</summary>
        Activation,
        /// <summary>SELECT 2PAY.SYS.DDF01.</summary>
        SelectPpse,
        /// <summary>SELECT of the chosen application.</summary>
        SelectApplication,
        /// <summary>GET PROCESSING OPTIONS.</summary>
        GetProcessingOptions,
        /// <summary>READ RECORD along the AFL.</summary>
        ReadRecords,
        /// <summary>GET DATA 9F79 / 9F36 / 9F13.</summary>
        GetData,
        /// <summary>Finished.</summary>
        Done
    }

    /// <summary>Whether the PAN read is a payment token (phone wallet) or the card's own number.</summary>
    public enum CredentialKind : byte
    {
        /// <summary>No PAN read, or nothing to tell.</summary>
        Unknown = 0,
        /// <summary>No token indicator: the card's own PAN.</summary>
        Card = 1,
        /// <summary>The wallet said so: 9F19 Token Requestor ID present (EMV Payment Tokenisation Framework).</summary>
        Token = 2
    }

    /// <summary>The names of <see cref="CredentialKind"/> (the host record's "token_or_card").</summary>
    public static class CredentialKindNames
    {
        private static readonly string[] Names = new string[] { "unknown", "card", "token" };

        /// <summary>The wire name of <paramref name="kind"/>.</summary>
        public static string Name(CredentialKind kind)
        {
            int index = (int)kind;
            return index < Names.Length ? Names[index] : "unknown";
        }
    }
}
