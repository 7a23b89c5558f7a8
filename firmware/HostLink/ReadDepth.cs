namespace DualReader.Firmware.HostLink
{
    /// <summary>How far the reader goes with a device that supports ISO-DEP (configuration key read_depth).</summary>
    public enum ReadDepth : byte
    {
        /// <summary>Activation only: UID, ATQA, SAK, ATS.</summary>
        Detect = 0,
        /// <summary>SELECT PPSE and SELECT of the first application.</summary>
        Select = 1,
        /// <summary>Up to GET PROCESSING OPTIONS.</summary>
        ProcessingOptions = 2,
        /// <summary>Up to the READ RECORDs the AFL names (PAN, expiry).</summary>
        Records = 3,
        /// <summary>Records plus GET DATA for balance and ATC.</summary>
        Full = 4
    }
}
