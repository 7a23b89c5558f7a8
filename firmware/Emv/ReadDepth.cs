namespace DualReader.Firmware.Emv
{
    /// <summary>
    /// How far the reader goes with a device that speaks ISO-DEP (or the RF-SIM link): the one enum of the EMV reader
    /// (<see cref="EmvReader.Depth"/>) and of the host configuration key read_depth (names detect, select, gpo,
    /// records, full; the values are those of the host link and are only ever added).
    /// </summary>
    public enum ReadDepth : byte
    {
        /// <summary>Activation only: UID, ATQA, SAK, ATS; no APDU is sent.</summary>
        Detect = 0,
        /// <summary>SELECT PPSE and SELECT of the chosen application: the card's counters are left untouched.</summary>
        Select = 1,
        /// <summary>Up to GET PROCESSING OPTIONS (which increments the card's ATC in qPBOC/qVSDC).</summary>
        ProcessingOptions = 2,
        /// <summary>Up to the READ RECORDs the AFL names (PAN, expiry).</summary>
        Records = 3,
        /// <summary>Records plus GET DATA for balance and ATC (default).</summary>
        Full = 4
    }
}
