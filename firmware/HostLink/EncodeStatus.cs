namespace DualReader.Firmware.HostLink
{
    /// <summary>How encoding a frame ended. Expected outcomes: the caller decides what to do.</summary>
    public enum EncodeStatus : byte
    {
        Ok = 0,
        /// <summary>The payload exceeds <see cref="HostLinkProtocol.MaximumPayloadLength"/>.</summary>
        PayloadTooLong = 1,
        /// <summary>The caller's output buffer cannot hold the encoded frame.</summary>
        OutputTooSmall = 2,
        /// <summary>A record's pan_masked is not masked per the rule (first 6 and last 4 digits, '*' between).</summary>
        PanNotMasked = 3,
        /// <summary>A record is missing a field the protocol requires (e.g. a transaction without outcome).</summary>
        MissingField = 4
    }

    /// <summary>The names of <see cref="EncodeStatus"/> (the detail of a <c>record_refused</c> error record).</summary>
    public static class EncodeStatusNames
    {
        // Spelled out: nanoFramework's Enum.ToString gives the number, not the name.
        private static readonly string[] Names = new string[] { "Ok", "PayloadTooLong", "OutputTooSmall", "PanNotMasked", "MissingField" };

        /// <summary>The name of <paramref name="status"/>, or its number when it has none.</summary>
        public static string Name(EncodeStatus status)
        {
            int index = (int)status;
            return index < Names.Length ? Names[index] : index.ToString();
        }
    }
}
