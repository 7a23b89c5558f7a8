using DualReader.Firmware.Mifare;

namespace DualReader.Sim.Scenarios
{
    /// <summary>
    /// An nfc device's "ntag" object (ARCHITECTURE.md, "Scenario file"): the tag type and its pages from page 0. Pages
    /// not listed keep a blank tag's content: the UID pages from "uid", the capability container of the type, user
    /// memory zero, and the NTAG21x configuration pages at their factory values (no password).
    /// </summary>
    public sealed class ScenarioNtag
    {
        /// <summary>"type": ntag213, ntag215, ntag216 or mifare_ultralight.</summary>
        public CardFamily Type { get; set; }

        /// <summary>"pages": 4 bytes each, from page 0 (may be empty).</summary>
        public byte[] Pages { get; set; }
    }
}
