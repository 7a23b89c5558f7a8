using System.Collections;

namespace DualReader.Sim.Scenarios
{
    /// <summary>
    /// An nfc device's "mifare_classic" object (ARCHITECTURE.md, "Scenario file"): the card size and the sectors the
    /// scenario sets (<see cref="ScenarioMifareSector"/>). Sectors not listed have both keys FFFFFFFFFFFFh, zero data
    /// blocks and the transport access bits FF0780h with general purpose byte 69h.
    /// </summary>
    public sealed class ScenarioMifareClassic
    {
        private readonly ArrayList sectors = new ArrayList();

        /// <summary>"size": false for "1k", true for "4k".</summary>
        public bool FourK { get; set; }

        /// <summary>The "sectors" entries in file order (<see cref="ScenarioMifareSector"/>).</summary>
        public ArrayList Sectors
        {
            get { return sectors; }
        }

        /// <summary>Appends a sector.</summary>
        public void AddSector(ScenarioMifareSector sector)
        {
            sectors.Add(sector);
        }
    }

    /// <summary>One "sectors" entry of "mifare_classic".</summary>
    public sealed class ScenarioMifareSector
    {
        /// <summary>"sector": 0..15 (1K) or 0..39 (4K).</summary>
        public int Sector { get; set; }

        /// <summary>"key_a" (6 bytes), or null for FFFFFFFFFFFFh.</summary>
        public byte[] KeyA { get; set; }

        /// <summary>"key_b" (6 bytes), or null for FFFFFFFFFFFFh.</summary>
        public byte[] KeyB { get; set; }

        /// <summary>"access": trailer bytes 6..9 (access bits and general purpose byte), or null for FF078069h.</summary>
        public byte[] Access { get; set; }

        /// <summary>"blocks": the data blocks from the sector's first block on, 16 bytes each (the rest zero).</summary>
        public byte[] Blocks { get; set; }
    }
}
