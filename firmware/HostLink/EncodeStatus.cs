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
}
